"""Drucksache numbers (Vorlagen-, Antrags-, Drucksachennummern) in the many local schemes.

German councils number their papers in a handful of shapes, each with local variants:

* year / body / number ...... ``23/GR/0815``
* year / number [/ part] .... ``2021/1030``, ``2024/0884/1``
* number / year ............. ``117/2014``, ``110-1/2014``, ``187/04-2017``
* prefix / number / year .... ``VO/4680/2016``, ``VI/142/2022``
* prefix / year / number .... ``VO/2025/0117`` (SessionNet's default scheme)
* prefix-number / year ...... ``BV-0021/14``, ``A-0005/14``
* prefixnumber / year ....... ``WP8158/2013``, ``DS0245/10``, ``I 0187/10``
* number / Roman suffix ..... ``1536/V``

The shapes overlap with dates, year ranges, house numbers and phone numbers, so
matches are filtered: ``2023/24`` and ``2023/2024`` are year ranges, ``12/2022`` is a
month, ``0331/289-1234`` is a phone number. The value is returned as printed with
spaces removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .needles import matches_at, starts_of

_YEAR4 = r"(?:19|20)\d\d"

# Alternatives, most specific first. Named groups let the filter know the shape.
_SHAPES = [
    # 23/GR/0815
    r"(?P<ybn>\d{2}/[A-Z]{2,6}/\d{3,5}(?:-\d{1,3})?)",
    # VO/2025/0117: year before number (tried first: "VO/2025/01" is no pny)
    rf"(?P<pyn>[A-Z]{{1,5}}/{_YEAR4}/\d{{3,6}}(?:-\d{{1,3}})?)",
    # VO/4680/2016, VI/142/2022, BV/0021/2014
    rf"(?P<pny>[A-Z]{{1,5}}/\d{{1,6}}/(?:{_YEAR4}|\d\d)(?:-\d{{1,3}})?)",
    # BV-0021/14, A-0005/14, DS-0245/10
    rf"(?P<pdny>[A-Z][A-Za-z]{{0,4}}-\d{{2,6}}/(?:{_YEAR4}|\d\d)(?:-\d{{1,3}})?)",
    # WP8158/2013, DS0245/10, I 0187/10 (single space allowed after a short prefix)
    rf"(?P<pcny>[A-Z]{{1,4}}(?:\d{{3,6}}| \d{{4,6}})/(?:{_YEAR4}|\d\d))",
    # 2024/0884/1, 2021/1030
    rf"(?P<yn>{_YEAR4}/\d{{3,5}}(?:/\d{{1,3}})?)",
    # 110-1/2014, 187/04-2017, 117/2014
    rf"(?P<ny>\d{{1,5}}-\d{{1,3}}/{_YEAR4}|\d{{1,5}}/\d\d-{_YEAR4}|\d{{1,5}}/{_YEAR4})",
    # 1536/V
    r"(?P<nr>\d{2,5}/[IVX]{1,4})",
]
# Every shape starts with a digit or a capital; the look-ahead saying so comes first, so re
# skips to such characters in C instead of trying the look-behind at every position (same
# matches, ~1.5x faster).
_REF = re.compile(r"(?=[\dA-Z])(?<![\w/.\-])(?:" + "|".join(_SHAPES) + r")(?![\w/]|-\d|\.\d)")

# A label that announces a reference; after it, looser shapes are accepted.
LABEL = (
    r"(?:Drucksachen?|Drucks\.|DS|Vorlagen?|Beschlussvorlage|Antrag|Anfrage|Beschluss)"
    r"(?:[-\s]?(?:Nr\.?|Nummer|Nummern))?"
)
_LABELLED = re.compile(
    # The look-ahead (every label's first letter) first: re skips to those letters in C.
    rf"(?=[ABDV])(?<!\w){LABEL}\s*[:.]?\s*(?P<ref>[A-Z]{{0,5}}[-/ ]?\d[\w]*(?:[-/][\w]+)+)",
)


@dataclass(frozen=True, slots=True)
class Reference:
    value: str  # as printed, spaces removed
    start: int
    end: int


def _plausible(m: re.Match[str]) -> bool:
    s = m.group(0)
    kind = m.lastgroup
    if kind == "yn":
        first, rest = s.split("/", 1)
        second = rest.split("/", 1)[0]
        # 2023/2024 is a year range, not a reference.
        if len(second) == 4 and second.startswith(("19", "20")) and int(second) == int(first) + 1:
            return False
    elif kind == "ny":
        first = re.split(r"[-/]", s, maxsplit=1)[0]
        # 12/2022 is a month; 1/2014 too short to be a paper number without a label.
        if len(first) <= 2 and int(first) <= 12:
            return False
    elif kind == "pyn":
        _, year, number = s.split("/")[:3]
        number = number.split("-")[0]
        if len(number) == 4 and number.startswith(("19", "20")) and int(number) == int(year) + 1:
            return False  # "WS/2023/2024": a year range
    elif kind in ("pny", "pdny", "pcny"):
        number, second = re.split(r"[-/ ]", s)[-2:]
        if kind == "pny" and len(second) == 2 and len(s) < 8:
            # "VI/142/22" is fine; a bare letter + two digits ("A/1/22") is noise.
            return False
        if (
            len(number) == 4
            and number.startswith(("19", "20"))
            and len(second) == 2
            and int(second) == (int(number) + 1) % 100
        ):
            return False  # "KW 2014/15", "Nord-2021/22": a season, not a paper
    return True


# Every shape holds a "/" and no match is longer than this: a match lies within this many
# characters before a "/" it holds (tests check the bound against the pattern).
_MAX_LEN = 24
# The label words' first letters, as literals: every labelled match starts with one.
_LABEL_HEADS = ("Drucks", "DS", "Vorlage", "Beschluss", "Antrag", "Anfrage")


def find_references(text: str, start: int = 0, end: int | None = None) -> list[Reference]:
    """Every Drucksache number in ``text[start:end]``, in order, with offsets into ``text``."""
    end = len(text) if end is None else end
    out: list[Reference] = []
    # What finditer over text[start:end] gives, searched only next to the slashes: the first
    # match at or after ``q`` holds the first "/" at or after ``q``. A window reaching well
    # past that slash gives the same matches starting at or before it.
    q = start
    f = text.find("/", q, end)
    while f >= 0:
        m = _REF.search(text, max(q, f - _MAX_LEN), min(end, f + 2 * _MAX_LEN))
        if m is None or m.start() > f:
            f = text.find("/", f + 1, end)
            continue
        if _plausible(m):
            out.append(Reference(m.group(0).replace(" ", ""), m.start(), m.end()))
        q = m.end()
        f = text.find("/", q, end)
    return out


def find_labelled_references(text: str, start: int = 0, end: int | None = None) -> list[Reference]:
    """References announced by a label ("Drucksache Nr. …", "Vorlage: …"), looser shapes."""
    end = len(text) if end is None else end
    out: list[Reference] = []
    # What finditer gives, tried only where a label word begins.
    for m in matches_at(_LABELLED, text, starts_of(text, _LABEL_HEADS, start, end), start, end):
        ref = m.group("ref").rstrip(".-/")
        if sum(ch.isdigit() for ch in ref) < 3:
            continue
        out.append(Reference(ref.replace(" ", ""), m.start("ref"), m.start("ref") + len(ref)))
    return out


_WHOLE = re.compile(r"(?:" + "|".join(_SHAPES) + r")")


def is_reference(token: str) -> bool:
    """Is ``token`` (nothing else) a Drucksache number in one of the known shapes?"""
    token = token.strip()
    if "/" not in token:
        return False  # every shape holds one
    m = _WHOLE.fullmatch(token)
    return bool(m) and _plausible(m)


def reference_shape(ref: str) -> str:
    """The shape of a reference ("dd/AAA/dddd"): cited numbers of the same scheme match it."""
    return re.sub(r"[A-Z]", "A", re.sub(r"\d", "d", ref))
