"""What a cooperation's own words say: legal form, status, since/until, kind.

Shared by the table and the narrative readers. Each finder returns (value, span) with the
span in the Reading's text, or None. Rules follow the wording of German council reports
("öffentlich-rechtliche Vereinbarung", "Zweckvereinbarung", "Mitgliedschaft im …",
"bereitet die Gründung … vor", "seit dem 03.06.1998", "(*2019)").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from .dates import parse_date
from .needles import Words, lowered, matches_at

Span = tuple[int, int]

_MONTH = (r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
          r"Dezember)")
_YEAR = r"((?:19|20)\d{2})"


@dataclass(slots=True)
class Draft:
    """A cooperation while it is being read: text ranges plus values columns state."""

    title: str
    title_span: Span
    ranges: list[Span] = field(default_factory=list)  # description text
    partner_ranges: list[Span] | None = None  # where partners are named (default: ranges)
    partner_cells: list[Span] = field(default_factory=list)  # a partner column's cells
    fact_ranges: list[Span] | None = None  # where legal form/status/dates are read
    unit: str | None = None
    unit_span: Span | None = None
    category: str | None = None
    category_span: Span | None = None
    kind: str | None = None
    kind_span: Span | None = None
    legal_form: str | None = None
    legal_span: Span | None = None
    status: str | None = None
    status_span: Span | None = None
    since: str | None = None
    since_span: Span | None = None
    until: str | None = None
    until_span: Span | None = None
    source: str = "text"
    names: list[str] = field(default_factory=list)  # distinctive names (quoted, title)


_LEGAL: list[tuple[str, re.Pattern[str]]] = [
    ("öffentlich-rechtliche Vereinbarung", re.compile(
        r"öffentlich[\s-]*rechtliche[nr]?\s+(?:Vereinbarung|Vertrag)|Zweckvereinbarung|"
        r"öffentlich[\s-]*rechtlichen\s+Vertrag", re.IGNORECASE)),
    ("Zweckverband", re.compile(r"zweckverb[aä]nd\w*", re.IGNORECASE)),
    ("Mitgliedschaft", re.compile(
        r"[Mm]itglied\w*|\bBündnis\b|\bbeigetreten\b|\bBeitritt\w*|\bausgetreten\b|\bAustritt\w*")),
    ("Gesellschaft", re.compile(
        r"\b(?:ist|sind|als|wird|werden)\s+(?:\w+\s+)?Gesellschafter\w*|"
        r"gemeinsame[nr]?\s+(?:GmbH|Gesellschaft)|\bAöR\b|"
        r"Anstalt\s+des\s+öffentlichen\s+Rechts|Kommunalunternehmen")),
    ("Verein", re.compile(r"\be\.\s?V\.|\bVerein(?:s|es)?\b")),
    ("Arbeitsgemeinschaft", re.compile(r"\bArbeitsgemeinschaft\b|\bArGe\b")),
    ("informell", re.compile(
        r"\binformell\w*|Letter of Intent|Absichtserklärung|ohne\s+vertragliche", re.IGNORECASE)),
    ("Vertrag", re.compile(
        r"Kooperationsvertr\w*|Kooperationsvereinbarung\w*|\bVertr(?:ag|äge|ages)\b|"
        r"\bVereinbarung(?:en)?\b|vertraglich\w*|Verwaltungsvereinbarung")),
]
# Explicit column values ("Gesellschaft (GmbH)", "Mitgliedschaft").
_LEGAL_VALUES = {
    "öffentlich-rechtliche vereinbarung": "öffentlich-rechtliche Vereinbarung",
    "zweckvereinbarung": "öffentlich-rechtliche Vereinbarung",
    "zweckverband": "Zweckverband",
    "gesellschaft": "Gesellschaft",
    "gmbh": "Gesellschaft",
    "verein": "Verein",
    "mitgliedschaft": "Mitgliedschaft",
    "arbeitsgemeinschaft": "Arbeitsgemeinschaft",
    "vertrag": "Vertrag",
    "kooperationsvertrag": "Vertrag",
    "kooperationsvereinbarung": "Vertrag",
    "informell": "informell",
}


# All legal-form patterns in one pass; the group that matched names the value. The
# lookahead holds every first letter the patterns can start with (case-insensitively): it
# rejects most positions with one test instead of trying all eight branches (3x faster).
_LEGAL_ALL = re.compile(r"(?=(?i:[abegiklmoösvwz]))(?:" + "|".join(
    f"(?P<g{i}>{rx.pattern})" if not rx.flags & re.IGNORECASE else f"(?P<g{i}>(?i:{rx.pattern}))"
    for i, (_, rx) in enumerate(_LEGAL)
) + ")")


# Most ranges name no legal form, status or date at all: each pattern below runs only on a
# range holding one of the words it needs (see :mod:`.needles` and :class:`Scan`).


# The words each _LEGAL pattern needs, lowercased ("vertr" also stands for "vertraglich" and
# "Kooperationsvertrag", "v." for "e. V."). A range is scanned only with the patterns whose
# words it holds: a pattern that cannot match anywhere in it changes nothing when left out.
_LEGAL_NEEDLES: list[tuple[str, ...]] = [
    ("rechtliche", "zweckvereinbarung"),
    ("zweckverb",),
    ("itglied", "bündnis", "beigetreten", "beitritt", "ausgetreten", "austritt"),
    ("gesellschaft", "gmbh", "aör", "anstalt", "kommunalunternehmen"),
    ("v.", "verein"),
    ("arbeitsgemeinschaft", "arge"),
    ("informell", "letter of intent", "absichtserklärung", "vertragliche"),
    ("vertr", "vereinbarung"),
]


# The letters each _LEGAL pattern's matches can start with (any case).
_LEGAL_FIRST = ["öz", "z", "abm", "agiksw", "ev", "a", "ailo", "kv"]


@cache  # at most 2**8 subsets of the patterns
def _legal_rx(bits: int) -> re.Pattern[str]:
    """_LEGAL_ALL with only the patterns whose bits are set; group names (g0 … g7) kept.
    The lookahead holds only those patterns' first letters: re skips the rest in C."""
    groups = [i for i in range(len(_LEGAL)) if bits >> i & 1]
    first = "".join(sorted(set("".join(_LEGAL_FIRST[i] for i in groups))))
    return re.compile(f"(?=(?i:[{first}]))(?:" + "|".join(
        f"(?P<g{i}>{_LEGAL[i][1].pattern})" if not _LEGAL[i][1].flags & re.IGNORECASE
        else f"(?P<g{i}>(?i:{_LEGAL[i][1].pattern}))"
        for i in groups
    ) + ")")


def legal_form(text: str, ranges: list[Span], scan: Scan | None = None) -> tuple[str, Span] | None:
    """The strongest legal form the ranges name (öffentlich-rechtliche Vereinbarung before
    Zweckverband before Mitgliedschaft … before informell)."""
    scan = scan or Scan(text)
    best: tuple[int, str, Span] | None = None
    for s, e in ranges:
        bits = scan.mask(s, e) & _LEGAL_MASK
        if not bits:
            continue
        for m in _legal_rx(bits).finditer(text, s, e):
            rank = int((m.lastgroup or "g99")[1:])
            if best is None or rank < best[0]:
                best = (rank, _LEGAL[rank][0], (m.start(), m.end()))
                if rank == 0:
                    return best[1], best[2]
    return (best[1], best[2]) if best else None


def legal_value(cell: str) -> str | None:
    """A Rechtsform column value in the vocabulary, or None."""
    low = " ".join(cell.casefold().split())
    if not low:
        return None
    for key, value in _LEGAL_VALUES.items():
        if low.startswith(key):
            return value
    found = legal_form(cell, [(0, len(cell))])
    return found[0] if found else None


_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_FUTURE = re.compile(r"\b(?:wird|werden|soll|sollen|voraussichtlich|künftig|zukünftig|geplant)\b")
_DONE = re.compile(
    r"\b(?:Fertigstellung|fertiggestellt|Verkehrsfreigabe|abgeschlossen|beendet|ausgelaufen|"
    r"aufgelöst|ausgetreten|gekündigt|eingestellt|übergegangen|zogen sich\b[^.]{0,60}"
    r"\bzurück)\b"
)
_AGREEMENT = re.compile(r"Vereinbarung|Vertrag|Verträge|Zweckverband|Kooperation|Gründung")
_PLANNED = re.compile(
    r"\b(?:vorbereitet|Vorbereitung|bereitet\b[^.]{0,320}\bvor\b|geplant|vorgesehen|angestrebt|"
    r"beabsichtigt)\b"
)
_LOI = re.compile(r"Letter of Intent|Absichtserklärung", re.IGNORECASE)
_STATUS_VALUES = {"geplant": "geplant", "in vorbereitung": "geplant", "vorgesehen": "geplant",
                  "laufend": "laufend", "läuft": "laufend", "aktiv": "laufend",
                  "umgesetzt": "laufend", "dauerhaft": "laufend", "daueraufgabe": "laufend",
                  "abgeschlossen": "abgeschlossen", "beendet": "abgeschlossen",
                  "ausgelaufen": "abgeschlossen", "aufgelöst": "abgeschlossen"}


# The lookahead (first letters of the words, any case) only makes the scan cheaper.
_STATUS_WORDS = re.compile(
    r"(?=[abefglüvzABEFGLÜVZ])"
    r"(?:Letter of Intent|Absichtserklärung|vorbereit|Vorbereitung|bereitet|geplant|vorgesehen|"
    r"angestrebt|beabsichtigt|Fertigstellung|fertiggestellt|Verkehrsfreigabe|abgeschlossen|"
    r"beendet|ausgelaufen|aufgelöst|ausgetreten|gekündigt|eingestellt|übergegangen|zurück)",
    re.IGNORECASE,
)
# One of these is in every match of _STATUS_WORDS ("bereit" for "vorbereit…", "bereitet").
_STATUS_NEEDLES = (
    "letter of intent", "absichtserklärung", "bereit", "geplant", "vorgesehen", "angestrebt",
    "beabsichtigt", "fertig", "verkehrsfreigabe", "abgeschlossen", "beendet", "ausgelaufen",
    "aufgelöst", "ausgetreten", "gekündigt", "eingestellt", "übergegangen", "zurück",
)


# Where a needle sits in a _STATUS_WORDS match: at its start, or after "vor" ("vorbereit").
_STATUS_NEEDLE_AT = (0, 3)
assert all(
    any(w.lower().find(n) in _STATUS_NEEDLE_AT for n in _STATUS_NEEDLES if n in w.lower())
    for w in _STATUS_WORDS.pattern.split("(?:", 1)[1].rstrip(")").split("|")
)


def _status_words(text: str, s: int, e: int, scan: Scan) -> list[re.Match[str]] | None:
    """``_STATUS_WORDS.finditer(text, s, e)`` as a list, tried only where the scan found a
    needle (each match holds one, at an offset of _STATUS_NEEDLE_AT); None if the scan
    did not cover the range."""
    found = scan.starts(_STATUS_BIT, s, e)
    if found is None:
        return None
    at = sorted({p - k for p in found for k in _STATUS_NEEDLE_AT if p - k >= s})
    return matches_at(_STATUS_WORDS, text, at, s, e)


_NOT = re.compile(r"\bnicht\b")
_DECIDED = re.compile(r"\bbeschlie\w*|\bbeschlossen|\bzum\s+\d")
_CONCLUDED = re.compile(r"Vereinbarung|Vertrag")


def _sentences_with(text: str, s: int, e: int, rx: re.Pattern[str],
                    found: Iterable[re.Match[str]] | None = None) -> Iterator[re.Match[str]]:
    """The sentences of ``text[s:e]`` holding a match of ``rx``, each once, in order.
    ``found`` are ``rx.finditer(text, s, e)``'s matches if the caller has them."""
    done = s
    for w in rx.finditer(text, s, e) if found is None else found:
        if w.start() < done:
            continue
        a = max(text.rfind(c, s, w.start()) for c in ".!?\n") + 1
        a = max(a, s, done)
        m = _SENT.match(text, a, e)
        if m is None or m.end() <= w.start():
            continue
        done = m.end()
        yield m


def status(text: str, ranges: list[Span], scan: Scan | None = None) -> tuple[str, Span] | None:
    """Only where the words are plain: a cooperation being founded or agreed (geplant), or
    finished, left or handed over (abgeschlossen). Running is not assumed."""
    scan = scan or Scan(text)
    for s, e in ranges:
        if not scan.mask(s, e) & _STATUS_BIT:
            continue
        for m in _sentences_with(text, s, e, _STATUS_WORDS, _status_words(text, s, e, scan)):
            sent = m.group(0)
            if _LOI.search(sent):
                return "geplant", (m.start(), m.end())
            if (_AGREEMENT.search(sent) and _PLANNED.search(sent)
                    and not _NOT.search(sent)):
                return "geplant", (m.start(), m.end())
            d = _DONE.search(sent)
            if d and d.group(0) in {"ausgetreten", "gekündigt"} and _DECIDED.search(sent):
                continue  # an exit decided for a later date: the cooperation still runs
            if d and not _FUTURE.search(sent):
                # "Vereinbarung … abgeschlossen" concludes an agreement: it runs.
                if d.group(0) == "abgeschlossen" and _CONCLUDED.search(sent):
                    continue
                return "abgeschlossen", (m.start(), m.end())
    return None


_DONE_PROJECT = re.compile(r"\b(?:projekt|kooperation|maßnahme)\s+(?:erfolgreich\s+)?abgeschlossen\b")
_DONE_CELL = re.compile(r"zogen sich\b.{0,60}\bzurück|beendet\b|ausgelaufen\b")


_STATUS_KEYS = tuple(_STATUS_VALUES)
# A line with a status value holds one of these (casefolded): a word of each key, and the
# words the patterns below are tried for. Casefolding goes character by character, so a
# cell without them has no line with a value.
STATUS_VALUE_WORDS = Words({max(k.split(), key=len) for k in _STATUS_VALUES}
                           | {"abgeschlossen", "zurück", "beendet", "ausgelaufen"})


def status_value(cell: str) -> str | None:
    low = " ".join(cell.casefold().split()).strip("• .")
    if low.startswith(_STATUS_KEYS):
        for key, value in _STATUS_VALUES.items():
            if low.startswith(key):
                return value
    # Asked for every line of a status column: the patterns run only where their words are.
    if "abgeschlossen" in low and _DONE_PROJECT.search(low):
        return "abgeschlossen"
    if ("zurück" in low or "beendet" in low or "ausgelaufen" in low) and _DONE_CELL.search(low):
        return "abgeschlossen"
    return None


_SINCE = [
    re.compile(r"\bseit\s+(?:dem\s+)?(\d{1,2}\.\s?\d{1,2}\.\s?\d{4})", re.IGNORECASE),
    re.compile(r"\bseit\s+(?:(?:Anfang|Mitte|Ende|Beginn|Frühjahr|Sommer|Herbst|Winter)\s+)?"
               r"(?:(?:des\s+Jahres|dem\s+Jahr)\s+)?(?:" + _MONTH + r"\s+)?" + _YEAR, re.IGNORECASE),
    re.compile(r"\(\s*\*\s*" + _YEAR + r"\s*\)"),
    re.compile(_YEAR + r"\s+(?:gegründet|Gründungsmitglied|beigetreten|in Kraft getreten)"),
    re.compile(r"(?:gegründet|beigetreten|wirksam|in Kraft)\s+(?:am|zum|im|seit)\s+"
               r"(?:(?:\d{1,2}\.\s?)?" + _MONTH + r"\s+|\d{1,2}\.\s?\d{1,2}\.\s?)?" + _YEAR),
]
_UNTIL = [
    re.compile(_YEAR + r"\s+(?:enden|endet|auslaufen|ausläuft)\b"),
    re.compile(r"\b(?:befristet|läuft|Laufzeit|abgeschlossen)\s+bis\s+(?:zum\s+|Ende\s+)?"
               r"(\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\d{1,2}/\d{4}|(?:19|20)\d{2})"),
    re.compile(r"\b(?:endet|endete|beendet|aufgelöst|ausgetreten|übergegangen)\s+(?:zum|am|mit dem)\s+"
               r"(\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|(?:19|20)\d{2})"),
    re.compile(r"\b(?:Austritt|Kündigung|Auflösung)\w*\b[^.\n]{0,120}?\bzum\s+"
               r"(\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|(?:19|20)\d{2})"),
    re.compile(r"\b(?:zum|am|mit Wirkung zum)\s+(\d{1,2}\.\s?\d{1,2}\.\s?\d{4})\s+"
               r"(?:\w+\s+){0,4}(?:ausgetreten|beendet|aufgelöst|übergegangen|gekündigt|endet)"),
]


_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{4})")
_YEAR_ONLY = re.compile(r"\d{4}")


def _iso(raw: str) -> str:
    raw = raw.replace(" ", "")
    m = _MONTH_YEAR.fullmatch(raw)
    if m:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    if _YEAR_ONLY.fullmatch(raw):
        return raw
    return parse_date(raw) or raw


# The words each pattern of _SINCE / _UNTIL needs (lowercased), in the same order.
_SINCE_NEEDLES: list[tuple[str, ...]] = [
    ("seit",),
    ("seit",),
    ("*",),
    ("gegründet", "gründungsmitglied", "beigetreten", "in kraft getreten"),
    ("gegründet", "beigetreten", "wirksam", "in kraft"),
]
_UNTIL_NEEDLES: list[tuple[str, ...]] = [
    ("ende", "auslauf", "ausläuft"),
    ("befristet", "läuft", "laufzeit", "abgeschlossen"),
    ("endet", "aufgelöst", "ausgetreten", "übergegangen"),
    ("austritt", "kündigung", "auflösung"),
    ("ausgetreten", "endet", "aufgelöst", "übergegangen", "gekündigt"),
]


# Every _SINCE and _UNTIL pattern needs four digits in a row (a year, or a date's year).
_FOUR_DIGITS = re.compile(r"\d{4}")

# One Aho-Corasick pass over a range finds the words of all the finders above; each word
# carries a bit for every pattern that needs it (legal forms 0-7, status 8, since 9-13,
# until 14-18), so a range's bits say which patterns can match in it at all.
_STATUS_BIT = 1 << len(_LEGAL)
_SINCE_SHIFT = len(_LEGAL) + 1
_UNTIL_SHIFT = _SINCE_SHIFT + len(_SINCE)
_LEGAL_MASK = (1 << len(_LEGAL)) - 1
# The bits each finder needs in at least one of its ranges (else it finds nothing).
LEGAL_BITS = _LEGAL_MASK
STATUS_BITS = _STATUS_BIT
SINCE_BITS = ((1 << len(_SINCE)) - 1) << _SINCE_SHIFT
UNTIL_BITS = ((1 << len(_UNTIL)) - 1) << _UNTIL_SHIFT


def _word_bits() -> dict[str, int]:
    bits: dict[str, int] = {}
    groups = [(i, words) for i, words in enumerate(_LEGAL_NEEDLES)]
    groups.append((len(_LEGAL), _STATUS_NEEDLES))
    groups += [(_SINCE_SHIFT + i, words) for i, words in enumerate(_SINCE_NEEDLES)]
    groups += [(_UNTIL_SHIFT + i, words) for i, words in enumerate(_UNTIL_NEEDLES)]
    for bit, words in groups:
        for w in words:
            bits[w] = bits.get(w, 0) | 1 << bit
    return bits


_BITS = _word_bits()
assert not any("σ" in w or "ς" in w for w in _BITS)  # see Scan
_WORDS = Words(_BITS)
_WORD_BITS = [_BITS[w] for w in _WORDS.words]


class Scan:
    """Which patterns can match in a range of one text, found once: the finders of every
    cooperation of a file ask about its ranges, each four times.

    The words are looked for once in all of ``text[start:end]`` (lowercased as IGNORECASE
    compares); a range's bits are those of the words lying wholly inside it. Lowering goes
    character by character (``str.lower`` differs only for a final "Σ", and no word holds
    a sigma), so the words in a range are the same as in the range lowered alone. A range
    outside ``[start, end)`` (by default every range) is looked at alone."""

    __slots__ = ("_digits", "_hi", "_hits", "_lo", "_masks", "text")

    def __init__(self, text: str, start: int = 0, end: int = 0) -> None:
        self.text = text
        self._lo = max(start, 0)
        self._hi = min(end, len(text))
        self._hits: tuple[list[int], list[int], list[int]] | None = None
        self._masks: dict[Span, int] = {}
        self._digits: dict[Span, bool] = {}

    def _index(self) -> tuple[list[int], list[int], list[int]]:
        lo = self._lo
        low = lowered(self.text, lo, self._hi)
        found = sorted((a + lo, b + lo, k) for k, a, b in _WORDS.hits(low))
        self._hits = ([a for a, _, _ in found], [b for _, b, _ in found],
                      [_WORD_BITS[k] for _, _, k in found])
        return self._hits

    def mask(self, s: int, e: int) -> int:
        """The bits of the words in ``text[s:e]``."""
        key = (s, e)
        got = self._masks.get(key)
        if got is None:
            got = 0
            if self._lo <= s and e <= self._hi:
                starts, ends, bits = self._hits or self._index()
                i, n = bisect.bisect_left(starts, s), len(starts)
                while i < n and starts[i] < e:
                    if ends[i] <= e:
                        got |= bits[i]
                    i += 1
            else:
                for k in _WORDS.indexes(lowered(self.text, s, e)):
                    got |= _WORD_BITS[k]
            self._masks[key] = got
        return got

    def starts(self, bit: int, s: int, e: int) -> list[int] | None:
        """Where the words with ``bit`` that lie wholly in ``text[s:e]`` start, in order;
        None for a range outside ``[start, end)`` (not scanned)."""
        if not (self._lo <= s and e <= self._hi):
            return None
        starts, ends, bits = self._hits or self._index()
        out: list[int] = []
        i, n = bisect.bisect_left(starts, s), len(starts)
        while i < n and starts[i] < e:
            if ends[i] <= e and bits[i] & bit:
                out.append(starts[i])
            i += 1
        return out

    def bits(self, ranges: list[Span]) -> int:
        """The bits of all the ranges: a finder whose bits are missing finds nothing there."""
        out = 0
        for s, e in ranges:
            out |= self.mask(s, e)
        return out

    def digits(self, s: int, e: int) -> bool:
        """Whether ``text[s:e]`` holds four digits in a row."""
        key = (s, e)
        got = self._digits.get(key)
        if got is None:
            got = self._digits[key] = _FOUR_DIGITS.search(self.text, s, e) is not None
        return got


def _first(text: str, ranges: list[Span], rxs: list[re.Pattern[str]], shift: int,
           scan: Scan) -> tuple[str, Span] | None:
    best: tuple[int, str, Span] | None = None
    mask = ((1 << len(rxs)) - 1) << shift
    for s, e in ranges:
        bits = scan.mask(s, e) & mask
        if not bits or not scan.digits(s, e):
            continue
        bits >>= shift
        for i, rx in enumerate(rxs):
            if not bits >> i & 1:
                continue
            m = rx.search(text, s, e)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), _iso(m.group(1)), (m.start(1), m.end(1)))
        if best is not None:
            break
    return (best[1], best[2]) if best else None


def since(text: str, ranges: list[Span], scan: Scan | None = None) -> tuple[str, Span] | None:
    return _first(text, ranges, _SINCE, _SINCE_SHIFT, scan or Scan(text))


def until(text: str, ranges: list[Span], scan: Scan | None = None) -> tuple[str, Span] | None:
    return _first(text, ranges, _UNTIL, _UNTIL_SHIFT, scan or Scan(text))


def period_value(cell: str, offset: int) -> tuple[tuple[str, Span] | None, tuple[str, Span] | None]:
    """A "seit"/"Laufzeit" column: "2019", "2020 bis 12/2024", "vorgesehen ab 07/2025"."""
    date = r"(\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\d{1,2}/\d{4}|(?:19|20)\d{2})"
    s_out = u_out = None
    m = re.search(r"(?:seit|ab|von)?\s*" + date, cell)
    if m:
        s_out = (_iso(m.group(1)), (offset + m.start(1), offset + m.end(1)))
    m2 = re.search(r"(?:bis|–|-)\s*(?:zum\s+)?" + date, cell[m.end() if m else 0 :])
    if m2:
        base = m.end() if m else 0
        u_out = (_iso(m2.group(1)), (offset + base + m2.start(1), offset + base + m2.end(1)))
    return s_out, u_out


def kind_value(cell: str) -> str | None:
    """The kind vocabulary from an "Art" cell, hyphenation repaired ("in- trakommunal")."""
    low = cell.casefold()
    low = re.sub(r"(\w)-\s+(?!und\b|oder\b)(\w)", r"\1\2", low)  # "in- trakommunal"
    low = re.sub(r"\b(inter|intra)\s+kommunal", r"\1kommunal", low)
    inter = bool(re.search(r"\binter(?:kommunal|-)", low))
    intra = bool(re.search(r"\bintra(?:kommunal)?\b|intrakommunal", low))
    if "inter- und intra" in low or (inter and intra):
        return "inter- und intrakommunal"
    if inter:
        return "interkommunal"
    if intra:
        return "intrakommunal"
    if "vertikal" in low:
        return "vertikal"
    if "allgemein" in low:
        return "allgemein"
    return None
