"""Search over the store: backend choice, indexing, queries, snippets, "did you mean".

The backend is tantivy (index in ``RATSINFO_HOME/search``) unless the store is on
PostgreSQL, where the server's full-text search is used; ``RATSINFO_SEARCH_BACKEND``
(``tantivy`` / ``postgresql``) overrides the choice.
"""

from __future__ import annotations

import difflib
import functools
import html
import itertools
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection

from ratsinfo import config
from ratsinfo.search import parallel
from ratsinfo.search import query as q
from ratsinfo.search.analysis import MIN_PART, TOKEN_RE, Analyzer, fold, surface_words
from ratsinfo.search.entries import Entry, all_entries, entries_for_keys, keys_for_source
from ratsinfo.search.indexdoc import IndexDoc

SNIPPET_CHARS = 220


class Backend(Protocol):
    name: str
    needs_rebuild: bool

    def add(self, entry: Entry, doc: IndexDoc) -> None: ...
    # prepare may run in a worker process (parallel.py); add_prepared feeds the index
    def prepare(self, entry: Entry, doc: IndexDoc) -> Any: ...
    def add_prepared(self, entry: Entry, prepared: Any) -> None: ...
    def delete(self, keys: Iterable[str]) -> None: ...
    def clear(self) -> None: ...
    def commit(self) -> None: ...
    def keys_for_source(self, source_file_id: int) -> set[str]: ...
    def count(self) -> int: ...
    def doc_freq(self, term: str) -> int: ...
    def search(
        self, node: q.Node, limit: int = 20, offset: int = 0, facets: bool = True
    ) -> tuple[int, list[tuple[float, dict[str, Any]]], dict[str, int]]: ...


_backends: dict[str, Backend] = {}


def backend_name() -> str:
    forced = os.environ.get("RATSINFO_SEARCH_BACKEND", "").strip().lower()
    if forced in ("tantivy", "postgresql"):
        return forced
    return "postgresql" if connection.vendor == "postgresql" else "tantivy"


def get_backend() -> Backend:
    name = backend_name()
    key = f"{name}:{config.home()}:{connection.settings_dict.get('NAME')}"
    if key not in _backends:
        if name == "postgresql":
            from ratsinfo.search.pg_backend import PostgresBackend

            _backends[key] = PostgresBackend()
        else:
            from ratsinfo.search.tantivy_backend import TantivyBackend

            _backends[key] = TantivyBackend(config.home() / "search")
    backend = _backends[key]
    if backend.needs_rebuild:
        backend.needs_rebuild = False
        reindex(backend)
    return backend


_analyzers: dict[str, Analyzer] = {}


def analyzer() -> Analyzer:
    """The analyzer with the index's vocabulary (words it has seen) for decompounding;
    loaded once per database, then kept up to date as this process indexes."""
    from ratsinfo.store.models import SearchWord

    key = str(connection.settings_dict.get("NAME"))
    if key not in _analyzers:
        _analyzers[key] = Analyzer(SearchWord.objects.values_list("word", flat=True).iterator(chunk_size=5000))
    return _analyzers[key]


def _remember_words(counts: Counter[str], replace: bool = False) -> None:
    """Add word counts to ``SearchWord``: one upsert statement per batch, never a query per word."""
    from ratsinfo.store.models import SearchWord

    if replace:
        SearchWord.objects.all().delete()
        _analyzers.pop(str(connection.settings_dict.get("NAME")), None)
    analyzer().add_vocabulary(counts)
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    sql = (
        f"INSERT INTO {table} (word, count) VALUES (%s, %s) "
        f"ON CONFLICT (word) DO UPDATE SET count = {table}.count + excluded.count"
    )
    merged: Counter[str] = Counter()
    for w, c in counts.items():
        merged[w[:100]] += c
    rows = sorted(merged.items())  # a fixed order: concurrent writers never deadlock
    with connection.cursor() as cur:
        for i in range(0, len(rows), 5000):
            cur.executemany(sql, rows[i : i + 5000])


def _word_counts(entries: list[Entry]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for e in entries:
        counts.update(surface_words(f"{e.title}\n{e.text}"))
    return counts


def index_entries(
    entries: list[Entry], backend: Backend | None = None, replace_words: bool = False, fresh: bool = False
) -> None:
    """Index entries with one commit; their words join the vocabulary first so compounds
    split against it. ``fresh``: the index was just cleared, nothing to delete."""
    backend = backend or get_backend()
    _remember_words(_word_counts(entries), replace=replace_words)
    an = analyzer()
    if not fresh:
        backend.delete([e.key for e in entries])
    for e, prepared in parallel.prepared(entries, an, backend.prepare):
        backend.add_prepared(e, prepared)
    backend.commit()


def reindex(backend: Backend | None = None) -> int:
    """Rebuild the whole index from the store."""
    backend = backend or get_backend()
    entries = list(all_entries())
    backend.clear()
    index_entries(entries, backend, replace_words=True, fresh=True)
    return len(entries)


def sync_sources(source_file_ids: Iterable[int]) -> None:
    """Re-index what these source files supported before and support now: one pass over
    the store, one index commit (``sync.batch`` gathers a whole ingest run into one call)."""
    backend = get_backend()
    keys: set[str] = set()
    for sf in source_file_ids:
        keys |= backend.keys_for_source(sf) | keys_for_source(sf)
    if not keys:
        return
    entries, missing = entries_for_keys(keys)
    backend.delete(missing)
    index_entries(entries, backend)


def sync_source(source_file_id: int) -> None:
    sync_sources([source_file_id])


@dataclass
class Results:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    did_you_mean: str | None = None
    backend: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "total": self.total, "page": self.page, "per_page": self.per_page,
            "backend": self.backend, "did_you_mean": self.did_you_mean, "facets": self.facets,
            "hits": self.hits,
        }


def search(text: str, kinds: tuple[str, ...] = (), page: int = 1, per_page: int = 20) -> Results:
    backend = get_backend()
    an = analyzer()
    parsed = q.parse(text, an, kinds)
    page = max(1, page)
    res = Results(query=text, total=0, page=page, per_page=per_page, backend=backend.name)
    if parsed.root is None:
        return res
    total, hits, counts = backend.search(parsed.root, limit=per_page, offset=(page - 1) * per_page)
    res.total = total
    for name_value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name, _, value = name_value.partition("=")
        res.facets.setdefault(name, {})[value] = n
    for score, meta in hits:
        res.hits.append(_hit(score, meta, parsed, an))
    if total == 0:
        res.did_you_mean = did_you_mean(text, parsed, backend)
    return res


def _hit(score: float, meta: dict[str, Any], parsed: q.ParsedQuery, an: Analyzer) -> dict[str, Any]:
    entry = Entry(key=meta["key"], kind=meta["kind"], title=meta["title"], url=meta["url"],
                  text=meta.get("text") or "", segments=[tuple(s) for s in meta.get("segments") or []])
    snippet = make_snippet(meta.get("text") or "", parsed, an)
    if snippet is None:
        snippet = make_snippet(meta["title"], parsed, an) or {"text": (meta.get("text") or "")[:SNIPPET_CHARS],
                                                                "start": 0, "highlights": []}
        snippet["in_title"] = True
    spans = []
    for a, b in snippet["highlights"]:
        if snippet.get("in_title"):
            break
        src = entry.source_span(snippet["start"] + a, snippet["start"] + b)
        if src:
            spans.append(src)
    hit: dict[str, Any] = {
        "kind": meta["kind"],
        "title": meta["title"],
        "snippet": snippet["text"],
        "snippet_html": _mark(snippet["text"], snippet["highlights"]),
        "highlights": snippet["highlights"],
        "source_spans": spans,
        "url": meta["url"],
        "score": round(score, 4),
        "key": meta["key"],
    }
    if meta["kind"] in ("paper", "document") and meta.get("reference"):
        hit["reference"] = meta["reference"]
    elif meta["kind"] == "paper":
        hit["reference"] = ""
    if meta.get("date"):
        d = int(meta["date"])
        hit["date"] = f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}"
    if meta.get("label"):
        hit["label"] = meta["label"]
    return hit


def _mark(text: str, highlights: list[list[int]]) -> str:
    out, pos = [], 0
    for a, b in highlights:
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


# Snippet cost is bounded whatever the entry's length: patterns find where a query word
# may stand, at close to memchr speed, and only the tokens there are analysed. The first
# match is looked for in the first MAX_SCAN characters; better windows (more distinct query
# terms) only within MAX_SPAN after it, among MAX_MATCHES matches; MAX_CANDIDATES bounds
# the places the patterns find, matching or not (a short term hides in many words).
MAX_SCAN = 100_000
MAX_SPAN = 5_000
MAX_MATCHES = 32
MAX_CANDIDATES = 128
_FIRST_BLOCK = 2_048  # the text is folded block by block, growing: most matches come early
_LAST_BLOCK = 32_768
_CHUNK_REACH = 200  # how far a token's whitespace-delimited chunk is looked for either way
_LAST_SPACE = re.compile(r"(?s:.*)\s")
_NON_SPACE = re.compile(r"\S*")


def _fold_byte(i: int) -> int:
    c = chr(i).lower()
    c = c if len(c) == 1 and ord(c) < 256 else chr(i)
    return ord({"ä": "a", "ö": "o", "ü": "u", "ß": "s"}.get(c, c))


# Text is scanned as Latin-1 bytes (one byte per character, so offsets stay; any other
# character is "?"), lowered and with ä/ö/ü/ß folded to a/o/u/s by one table: a term's
# spellings are then nearly plain strings, and the regex engine skips to their first letter
# in C instead of trying a case-insensitive pattern at every character.
_BYTE_FOLD = bytes(_fold_byte(i) for i in range(256))


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    units: frozenset[str]  # the query terms and prefixes this token answers


def _units(surface: str, parsed: q.ParsedQuery, an: Analyzer) -> frozenset[str]:
    """The highlight terms (the word's own or a compound part's) and prefixes a token matches."""
    term, parts = an.word(surface)
    units = {t for t in (term, *parts) if t in parsed.highlight}
    if parsed.prefixes:
        folded = fold(surface)
        units.update(p for p in parsed.prefixes if term.startswith(p) or folded.startswith(p))
    return frozenset(units)


def _spelling(unit: str, begins: bool = False) -> bytes:
    """A pattern, on folded bytes, for the spellings a folded term or prefix stands for:
    "a" also for "ae" ("ä" is "a" already), "ss" also for "ß" (now one "s"), a number's
    groups with leading zeros and either separator; ``begins``: only at the start of a word
    or of a piece after "/" or "-". It may find more than the unit, never less (tokens are
    checked); a character beyond Latin-1 matches any.
    """
    pieces: list[tuple[bytes, bytes]] = []  # (one character, what may follow it)
    i = 0
    while i < len(unit):
        c = unit[i]
        if unit.startswith("ss", i):
            pieces.append((b"s", b"s?"))
            i += 2
            continue
        i += 1
        if c in "aou":
            pieces.append((c.encode(), b"e?"))
        elif c in "/-":
            pieces.append((b"[/-]", b"0*"))
        elif ord(c) < 256:
            pieces.append((re.escape(bytes([_BYTE_FOLD[ord(c)]])), b""))
        else:
            pieces.append((b".", b""))
    if not pieces:
        return b"(?!)"
    if begins and unit[0].isdigit():
        return b"\\b0*" + b"".join(h + t for h, t in pieces)
    if begins:
        # checked after the leading literal characters: the regex engine skips to those
        # at memchr speed, and only then looks back
        k = 0
        for head, tail in pieces:
            if head in (b"[/-]", b"."):
                break
            k += 1
            if tail:
                break
        behind = rb"(?<!\w" + b"." * k + b")"
        if k == 0:
            return behind + b"".join(h + t for h, t in pieces)
        head, tail = pieces[k - 1]
        pieces[k - 1] = (head + behind, tail)
    return b"".join(h + t for h, t in pieces)


@functools.lru_cache(maxsize=256)
def _finders(terms: tuple[str, ...], prefixes: tuple[str, ...]) -> tuple[tuple[re.Pattern[bytes], ...], int]:
    """One pattern per term or prefix (an alternation would lose the fast skip), and how far
    a match may reach. A prefix, and a term shorter than a compound part, can only begin a
    word (or a piece of one); a unit holding another one's places is left to that one."""
    units = {u: u in prefixes or len(u) < MIN_PART for u in (*terms, *prefixes) if u}
    kept = [
        u for u, begins in units.items()
        if not any(v != u and (v in u if not b else begins and u.startswith(v)) for v, b in units.items())
    ]
    reach = 2 * max((len(u) for u in kept), default=0) + 16
    return tuple(re.compile(_spelling(u, units[u])) for u in sorted(kept)), reach


def _places(text: str, lo: int, hi: int, finders: tuple[re.Pattern[bytes], ...], reach: int) -> Iterator[int]:
    """Where in text[lo:hi] a query word may begin, in order; folded block by block."""
    size = _FIRST_BLOCK
    pos = lo
    while pos < hi:
        end = min(hi, pos + size)
        block = text[pos : end + reach].encode("latin-1", "replace").translate(_BYTE_FOLD)
        found: set[int] = set()
        for rx in finders:
            for m in rx.finditer(block):
                if m.start() >= end - pos:  # the next block's
                    break
                found.add(m.start())
        yield from (pos + at for at in sorted(found))
        pos = end
        size = min(2 * size, _LAST_BLOCK)


def _scan(
    text: str, lo: int, hi: int, parsed: q.ParsedQuery, an: Analyzer, known: dict[str, frozenset[str]]
) -> Iterator[_Match]:
    """The tokens that start in text[lo:hi] where a query word may stand, in text order,
    each with the query terms it matches (none: a place that only looked like one).

    Each place is widened to its whitespace-delimited chunk and the chunk tokenized on its
    own: tokens never hold whitespace, and ``TOKEN_RE``'s look-arounds see whitespace as
    they see the text's ends, so these are the tokens of the whole text.
    ``known`` caches each surface word's verdict for the call.
    """
    finders, reach = _finders(tuple(sorted(parsed.highlight)), tuple(sorted(parsed.prefixes)))
    done = lo  # tokens before ``done`` were yielded (or skipped) already
    for at in _places(text, lo, hi, finders, reach):
        if at < done:
            continue
        back = max(0, at - _CHUNK_REACH)
        space = _LAST_SPACE.match(text, back, at)
        a = space.end() if space else back
        b = _NON_SPACE.match(text, at, min(len(text), at + _CHUNK_REACH)).end()
        for tok in TOKEN_RE.finditer(text, a, b):
            if tok.start() < done or tok.start() >= hi:
                continue
            done = tok.end()
            surface = tok.group()
            units = known.get(surface)
            if units is None:
                units = known[surface] = _units(surface, parsed, an)
            yield _Match(tok.start(), tok.end(), units)
        done = max(done, b)


def _best_window(text: str, parsed: q.ParsedQuery, an: Analyzer, known: dict[str, frozenset[str]]) -> _Match | None:
    """The first match of the earliest window (SNIPPET_CHARS) holding the most distinct
    query terms, within the bounds above."""
    every = len(parsed.highlight | parsed.prefixes)
    budget = MAX_CANDIDATES
    first = None
    for m in _scan(text, 0, min(len(text), MAX_SCAN), parsed, an, known):
        budget -= 1
        if m.units:
            first = m
            break
        if budget <= 0:
            return None
    if first is None or len(first.units) == every:
        return first
    matches = [first]
    lo = 0
    for m in _scan(text, first.end, min(len(text), first.start + MAX_SPAN), parsed, an, known):
        budget -= 1
        if budget <= 0:
            break
        if not m.units:
            continue
        matches.append(m)
        while m.end - matches[lo].start > SNIPPET_CHARS:  # matches are in text order
            lo += 1
        # the window from ``lo`` holds matches[lo:]; had an earlier window held every
        # term, it would have been found at an earlier match
        if len(frozenset().union(*(x.units for x in matches[lo:]))) == every:
            return matches[lo]
        if len(matches) >= MAX_MATCHES:
            break
    best_i, best_n = 0, -1
    most = len(frozenset().union(*(x.units for x in matches)))
    for i, head in enumerate(matches):
        window: set[str] = set()
        for m in itertools.islice(matches, i, None):
            if m.end - head.start > SNIPPET_CHARS:
                break
            window |= m.units
        if len(window) > best_n:
            best_i, best_n = i, len(window)
            if best_n == most:  # no window can hold more
                break
    return matches[best_i]


def make_snippet(text: str, parsed: q.ParsedQuery, an: Analyzer) -> dict[str, Any] | None:
    """The window of the text with the most distinct query terms, and where they are.

    Offsets (``start`` of the window, ``highlights`` inside it) refer to the entry's text,
    which maps back to the source file through the entry's segments. The cost does not grow
    with the text (see MAX_SCAN): only the tokens where a query word may stand are analysed.
    """
    if not text or not (parsed.highlight or parsed.prefixes):
        return None
    known: dict[str, frozenset[str]] = {}
    first = _best_window(text, parsed, an, known)
    if first is None:
        return None
    start = max(0, first.start - 60)
    # start at a word boundary
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    end = min(len(text), start + SNIPPET_CHARS)
    while end < len(text) and text[end - 1].isalnum():
        end += 1
    window_text = text[start:end]
    lead = len(window_text) - len(window_text.lstrip())
    highlights = [
        [m.start - start - lead, m.end - start - lead]
        for m in _scan(text, start, end, parsed, an, known)
        if m.units and m.end <= end
    ]
    return {"text": window_text.strip(), "start": start + lead, "highlights": highlights}


def did_you_mean(text: str, parsed: q.ParsedQuery, backend: Backend) -> str | None:
    """Replace words the index does not know by the nearest frequent word it does know."""
    from ratsinfo.store.models import SearchWord

    an = Analyzer()
    changed = False
    out = text
    for word in dict.fromkeys(parsed.words):
        term, _ = an.word(word)
        if backend.doc_freq(term) > 0 or len(word) < 4:
            continue
        f = fold(word)
        cands = list(
            SearchWord.objects.filter(word__startswith=f[:2]).order_by("-count").values_list("word", "count")[:5000]
        )
        close = difflib.get_close_matches(f, [w for w, _ in cands], n=3, cutoff=0.75)
        if not close:
            continue
        counts = dict(cands)
        best = max(close, key=lambda w: (difflib.SequenceMatcher(None, f, w).ratio(), counts[w]))
        out = out.replace(word, best)
        changed = True
    return out if changed else None
