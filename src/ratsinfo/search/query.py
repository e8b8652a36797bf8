"""The query language, parsed once into a tree that each backend compiles.

    Baumpflege Bürgerhaushalt      words, AND by default
    "Bäume gießen"                 phrase
    Stadtteil*                     prefix
    Beirat OR Ausschuss            either (binds tighter than AND)
    -Haushalt                      exclusion
    kind:paper  organization:"Ausschuss für Umwelt"  person:Mustermann  party:SPD
    body:Potsdam  date:2023  date:2023-01..2023-06  date:>=2022-11-01
    12/ABC/0345                    a Drucksache number, one token
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ratsinfo.search.analysis import (
    STOP_WORDS,
    Analyzer,
    fold,
    is_reference,
    normalize_reference,
    stem,
)

FIELDS = {
    "kind": "kind",
    "art": "kind",
    "organization": "org",
    "org": "org",
    "gremium": "org",
    "person": "person",
    "party": "party",
    "partei": "party",
    "fraktion": "party",
    "body": "body",
    "date": "date",
    "datum": "date",
}

KINDS = ("paper", "meeting", "agenda_item", "document", "person", "organization", "cooperation")
KIND_ALIASES = {
    "papers": "paper", "drucksache": "paper", "vorlage": "paper",
    "meetings": "meeting", "sitzung": "meeting",
    "agenda": "agenda_item", "top": "agenda_item", "tagesordnungspunkt": "agenda_item",
    "documents": "document", "dokument": "document",
    "persons": "person", "people": "person",
    "organizations": "organization", "organisation": "organization",
    "cooperations": "cooperation", "kooperation": "cooperation",
}


@dataclass(frozen=True)
class Word:
    """One word: its main term, and the parts when it is a compound."""

    term: str
    parts: tuple[str, ...] = ()
    surface: str = ""


@dataclass(frozen=True)
class Prefix:
    prefixes: tuple[str, ...]
    surface: str = ""


@dataclass(frozen=True)
class Phrase:
    terms: tuple[str, ...]
    surface: str = ""


@dataclass(frozen=True)
class Tag:
    """A field filter on one analysed term, e.g. ("org", "ausschuss")."""

    tag: str


@dataclass(frozen=True)
class DateRange:
    lo: int | None  # yyyymmdd, inclusive
    hi: int | None


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Word | Prefix | Phrase | Tag | DateRange | And | Or | Not


@dataclass
class ParsedQuery:
    root: Node | None
    words: list[str] = field(default_factory=list)  # surfaces, for "did you mean"
    highlight: set[str] = field(default_factory=set)  # terms to highlight
    prefixes: set[str] = field(default_factory=set)


_LEX = re.compile(
    r'\s*(?:(?P<neg>-)?(?:(?P<field>[A-Za-zäöüÄÖÜ_]+):(?:"(?P<fq>[^"]*)"?|(?P<fv>[^\s()"]+))'
    r'|"(?P<phrase>[^"]*)"?|(?P<lp>\()|(?P<word>[^\s()"]+))|(?P<rp>\)))'
)


def tag(name: str, term: str) -> str:
    return f"{name}:{term}"


def parse(text: str, analyzer: Analyzer, kinds: tuple[str, ...] = ()) -> ParsedQuery:
    """Parse the query; ``kinds`` (from --kind) restricts the entity kinds."""
    out = ParsedQuery(root=None)
    tokens = [m for m in _LEX.finditer(text) if m.group(0).strip()]
    pos = 0

    def parse_seq(depth: int) -> list[Node]:
        nonlocal pos
        seq: list[Node] = []
        pending_or = False
        while pos < len(tokens):
            m = tokens[pos]
            pos += 1
            if m.group("rp"):
                if depth:
                    break
                continue
            if m.group("word") == "OR" and not m.group("neg"):
                pending_or = bool(seq)
                continue
            if m.group("word") in ("AND", "&&"):
                continue
            if m.group("lp"):
                inner = parse_seq(depth + 1)
                node: Node | None = _and(inner)
            else:
                node = _atom(m, analyzer, out)
            if node is None:
                continue
            if m.group("neg"):
                node = Not(node)
            if pending_or and seq:
                prev = seq.pop()
                node = Or((*(prev.items if isinstance(prev, Or) else (prev,)), node))
            seq.append(node)
            pending_or = False
        return seq

    items = parse_seq(0)
    # A stop word matters only when it is all there is.
    content = [n for n in items if not (isinstance(n, Word) and n.surface.lower() in STOP_WORDS)]
    if content:
        items = content
    wanted = tuple(dict.fromkeys(k for k in (_kind(k) for k in kinds) if k))
    if wanted:
        kind_filter: Node = Or(tuple(Tag(tag("kind", k)) for k in wanted))
        items = [*items, kind_filter]
    out.root = _and(items)
    return out


def _and(items: list[Node]) -> Node | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else And(tuple(items))


def _kind(value: str) -> str | None:
    v = value.strip().lower().replace("-", "_")
    v = KIND_ALIASES.get(v, v)
    return v if v in KINDS else None


def _atom(m: re.Match[str], analyzer: Analyzer, out: ParsedQuery) -> Node | None:
    if m.group("field"):
        name = FIELDS.get(m.group("field").lower())
        value = m.group("fq") if m.group("fq") is not None else m.group("fv")
        if name is None:
            # not a field we know ("Hinweis:"), so it is text
            return _words(f"{m.group('field')} {value}", analyzer, out)
        if name == "kind":
            kinds = [k for k in (_kind(v) for v in value.split(",")) if k]
            if not kinds:
                return Tag(tag("kind", fold(value)))
            return Or(tuple(Tag(tag("kind", k)) for k in kinds)) if len(kinds) > 1 else Tag(tag("kind", kinds[0]))
        if name == "date":
            return parse_date_range(value)
        terms = [analyzer.word(t)[0] for t in _words_of(value) if t.lower() not in STOP_WORDS]
        if not terms:
            return None
        return _and([Tag(tag(name, t)) for t in terms])
    if m.group("phrase") is not None:
        words = _words_of(m.group("phrase"))
        if not words:
            return None
        terms = tuple(analyzer.word(w)[0] for w in words)
        out.words.extend(words)
        out.highlight.update(terms)
        if len(terms) == 1:
            return Word(terms[0], (), words[0])
        return Phrase(terms, m.group("phrase"))
    return _words(m.group("word"), analyzer, out)


def _words_of(text: str) -> list[str]:
    from ratsinfo.search.analysis import TOKEN_RE

    return TOKEN_RE.findall(text)


def _words(raw: str, analyzer: Analyzer, out: ParsedQuery) -> Node | None:
    if raw.endswith("*") and len(raw.rstrip("*")) >= 2:
        base = raw.rstrip("*")
        words = _words_of(base)
        if len(words) == 1:
            w = words[0]
            # the stem as well: "Verbindung*" must find the stem "verbind…"
            prefixes = tuple(dict.fromkeys((fold(w), stem(w))))
            out.prefixes.update(prefixes)
            out.words.append(w)
            return Prefix(prefixes, w)
    words = _words_of(raw)
    nodes: list[Node] = []
    for w in words:
        term, parts = analyzer.word(w)
        out.words.append(w)
        out.highlight.add(term)
        out.highlight.update(parts if is_reference(w) else ())
        nodes.append(Word(term, parts, w))
    if len(nodes) > 1 and not any(is_reference(w) for w in words):
        # "E-Government", "Bürger/innen": the pieces must stand together
        return Phrase(tuple(n.term for n in nodes if isinstance(n, Word)), raw)
    return _and(nodes)


_DATE_FORMS = (
    (re.compile(r"^(\d{4})$"), "y"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "ym"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), "ymd"),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), "dmy"),
)


def _date_bounds(value: str) -> tuple[int, int] | None:
    """First and last day (yyyymmdd) a date expression covers."""
    for rx, form in _DATE_FORMS:
        m = rx.match(value.strip())
        if not m:
            continue
        g = [int(x) for x in m.groups()]
        try:
            if form == "y":
                return g[0] * 10000 + 101, g[0] * 10000 + 1231
            if form == "ym":
                last = (dt.date(g[0] + g[1] // 12, g[1] % 12 + 1, 1) - dt.timedelta(days=1)).day
                return g[0] * 10000 + g[1] * 100 + 1, g[0] * 10000 + g[1] * 100 + last
            d = dt.date(g[0], g[1], g[2]) if form == "ymd" else dt.date(g[2], g[1], g[0])
        except ValueError:
            return None
        n = d.year * 10000 + d.month * 100 + d.day
        return n, n
    return None


def parse_date_range(value: str) -> DateRange | None:
    v = value.strip()
    for op in (">=", "<=", ">", "<"):
        if v.startswith(op):
            b = _date_bounds(v[len(op):])
            if b is None:
                return None
            if op == ">=":
                return DateRange(b[0], None)
            if op == ">":
                return DateRange(b[1] + 1, None)
            if op == "<=":
                return DateRange(None, b[1])
            return DateRange(None, b[0] - 1)
    if ".." in v:
        a, _, b = v.partition("..")
        lo = _date_bounds(a) if a else None
        hi = _date_bounds(b) if b else None
        if (a and lo is None) or (b and hi is None):
            return None
        return DateRange(lo[0] if lo else None, hi[1] if hi else None)
    b = _date_bounds(v)
    return DateRange(b[0], b[1]) if b else None


def reference_term(text: str) -> str | None:
    """The canonical term when the whole query is one Drucksache number."""
    t = text.strip()
    return normalize_reference(t) if is_reference(t) else None
