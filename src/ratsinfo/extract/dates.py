"""German dates and times as council documents print them.

``14.03.2024``, ``14.3.24``, ``Donnerstag, 14.03.2024, 18:00 Uhr``, ``7. Dezember 2021``,
``7. Dez. 2022``, ``im Dezember 2021`` (a month: ``2021-12``), ``2023-01-10`` and times
``18:00 Uhr``, ``18.30 Uhr``, ``18 Uhr``. Results are ISO strings: ``YYYY-MM-DD``,
``YYYY-MM`` for a month, ``HH:MM`` for a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "febr": 2, "märz": 3,
    "mär": 3, "maerz": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6,
    "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

_NUMERIC = r"(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d\d|\d\d)(?!\d)"
_WRITTEN = rf"(?P<d2>[0-3]?\d)\.\s*(?P<mn>{_MONTH_NAMES})\.?\s+(?P<y2>(?:19|20)\d\d)"
_ISO = r"(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)"
_MONTH_YEAR = rf"(?P<mn4>{_MONTH_NAMES})\.?\s+(?P<y4>(?:19|20)\d\d)"

_DATE = re.compile(
    rf"(?<![\w.])(?:{_ISO}|{_WRITTEN}|{_NUMERIC}|{_MONTH_YEAR})(?!\w)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?<![\d.:])(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))?\s*(?:Uhr|h)\b"
    r"|(?<![\d.:])(?P<h2>[01]?\d|2[0-3]):(?P<min2>[0-5]\d)(?![\d:])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    iso: str  # YYYY-MM-DD, or YYYY-MM for a month without a day
    start: int
    end: int


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        n += 2000 if n < 70 else 1900
    return n


def _valid(y: int, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    if m == 2:
        leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        return d <= (29 if leap else 28)
    return d <= (30 if m in (4, 6, 9, 11) else 31)


def _from_match(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["y3"]:
        y, mo, d = int(g["y3"]), int(g["m3"]), int(g["d3"])
    elif g["d2"]:
        y, mo, d = int(g["y2"]), MONTHS[g["mn"].lower()], int(g["d2"])
    elif g["d"]:
        y, mo, d = _year(g["y"]), int(g["m"]), int(g["d"])
    else:
        return f"{int(g['y4']):04d}-{MONTHS[g['mn4'].lower()]:02d}"
    if not _valid(y, mo, d):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """All dates in ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    out: list[DateMatch] = []
    for m in _DATE.finditer(text, start, end):
        iso = _from_match(m)
        if iso:
            out.append(DateMatch(iso, m.start(), m.end()))
    return out


def parse_date(text: str, *, month_ok: bool = True) -> str | None:
    """The first date in ``text`` as ISO (``YYYY-MM`` for a bare month if ``month_ok``)."""
    for d in find_dates(text):
        if month_ok or len(d.iso) == 10:
            return d.iso
    return None


def find_time(text: str, start: int = 0, end: int | None = None) -> tuple[str, int, int] | None:
    """The first clock time ("18:00 Uhr", "18.30 Uhr", "18 Uhr", "18:00") as HH:MM."""
    end = len(text) if end is None else end
    for m in _TIME.finditer(text, start, end):
        h = m.group("h") or m.group("h2")
        mi = m.group("min") or m.group("min2") or "00"
        # "14.03.2024" must not read as a time: a dotted time needs "Uhr".
        return f"{int(h):02d}:{mi}", m.start(), m.end()
    return None


def parse_time(text: str) -> str | None:
    t = find_time(text)
    return t[0] if t else None


def parse_datetime(text: str) -> str | None:
    """ "Donnerstag, 14.03.2024, 18:00 Uhr" → "2024-03-14T18:00" (date alone if no time)."""
    dates = [d for d in find_dates(text) if len(d.iso) == 10]
    if not dates:
        return None
    d = dates[0]
    t = find_time(text, d.end)
    return f"{d.iso}T{t[0]}" if t else d.iso
