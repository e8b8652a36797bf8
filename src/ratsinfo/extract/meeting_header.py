"""The header of an invitation or minutes: Gremium, number, public, start, end, place.

Sources, first found wins:

* the title line: "7. öffentliche Sitzung des Ausschusses für …", "Niederschrift über
  die 12. Sitzung des Gemeinderates am 12.03.2024", "zur 3. öffentlichen Sitzung des
  Bau- und Umweltausschusses" — number, public, Gremium (genitive turned nominative),
  date;
* fields: "Gremium:", "Sitzungstermin: Donnerstag, 14.03.2024, 18:00 Uhr",
  "Sitzungsbeginn:", "Sitzungsende:", "Beginn: 19:00 Uhr Ende: 21:15 Uhr",
  "Ort, Raum:" / "Raum, Ort:" / "Ort:" / "Sitzungsort:".
"""

from __future__ import annotations

import re

from ratsinfo.split.conventions import MEETING_FIELD, SITZUNG_TITLE
from ratsinfo.split.lines import Line

from .dates import DateMatch, find_dates, find_time
from .records import MeetingRecord
from .text import join_wrapped, span_in_line

_HEADER = 25
_NUMBER = re.compile(r"\b(?P<n>\d{1,3})\.\s*(?:[A-Za-zÄÖÜäöüß-]+\s+){0,3}?sitzung\b", re.IGNORECASE)
_NOT_PUBLIC = re.compile(r"\bnicht\s*-?\s*öffentlich", re.IGNORECASE)
_PUBLIC = re.compile(r"\böffentlich", re.IGNORECASE)
_OF = re.compile(r"\bsitzung\s+(?P<art>des|der)\s+(?P<org>.+)$", re.IGNORECASE)
_ORG_TAIL = re.compile(
    r"\s+(?:am|vom|den|im|in|um)\s+(?:\w+,?\s+)?\d.*$|\s*,\s*(?:\w+,\s*)?\d{1,2}\.\d.*$",
    re.IGNORECASE,
)
# A RIS page title names the page type before a dash ("Sitzung - 7. Sitzung des …").
_PAGE_PREFIX = re.compile(r"^[A-ZÄÖÜ][\wäöüß]{2,30}\s+[-–|]\s+")
_TITLE_PREFIX = re.compile(
    r"^(?:(?:öffentliche|nichtöffentliche|nicht\s+öffentliche)\s+)?"
    r"(?:sitzungsniederschrift|ergebnisniederschrift|niederschrift|ergebnisprotokoll"
    r"|beschlussprotokoll|wortprotokoll|sitzungsprotokoll|protokoll|einladung|bekanntmachung"
    r"|tagesordnung)\s*(?:über|zur|zu|der|des|für|vom)?\s*"
    r"(?:die|der|den|das)?\s*|^(?:zur|zu|über\s+die|für\s+die|der|die|des)\s+(?=\d)",
    re.IGNORECASE,
)
_CONJ = frozenset({"und", "oder", "sowie", "u."})
_START_FIELDS = ("sitzungsbeginn", "beginn", "zeit", "uhrzeit")
_DATE_FIELDS = ("sitzungstermin", "sitzungsdatum", "sitzungstag", "datum", "termin")
_END_FIELDS = ("sitzungsende", "ende")
_PLACE_FIELDS = (
    "ort, raum",
    "raum, ort",
    "sitzungsort",
    "tagungsort",
    "ort",
    "raum",
    "sitzungsraum",
)
_WEEKDAY = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"
_DATE_LINE = re.compile(rf"^(?:am|vom)\s+(?:{_WEEKDAY},?\s+)?(?:(?:den|dem)\s+)?", re.IGNORECASE)
_INLINE_END = re.compile(r"\bende\s*:\s*", re.IGNORECASE)
_INVITES = re.compile(r"\bsitzung\b.*\bam\b|\blade\b|\bladen\b|\btagung\b.*\bam\b", re.IGNORECASE)


def nominative(phrase: str, article: str) -> str:
    """ "Ausschusses für Umwelt" (after "des") → "Ausschuss für Umwelt"."""
    words = phrase.split()
    if not words:
        return phrase
    i = 0
    # "Bau- und Umweltausschusses": skip the truncated compound and its conjunction.
    while i + 1 < len(words) and (words[i].endswith("-") or words[i].lower() in _CONJ):
        i += 1
    # Adjectives before the noun: "Ständigen Ausschusses" → "Ständiger Ausschuss".
    while (
        i + 1 < len(words)
        and words[i].endswith("en")
        and words[i][:1].isupper()
        and words[i + 1][:1].isupper()
    ):
        words[i] = words[i][:-1] + ("r" if article == "des" else "")
        i += 1
    if article == "des" and i < len(words):
        w = words[i]
        if w.endswith("sses") or (w.endswith("es") and len(w) > 4 and w[-3] not in "aeiouäöü"):
            words[i] = w[:-2]
        elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            words[i] = w[:-1]
    return " ".join(words)


def organization_from_title(title: str) -> str | None:
    m = _OF.search(title)
    if not m:
        return None
    org = _ORG_TAIL.sub("", m.group("org")).strip(" ,.;:")
    return nominative(org, m.group("art").lower()) or None


def meeting_title(lines: list[Line], i0: int, i1: int) -> tuple[str, int] | None:
    """The meeting's title ("25. öffentliche Sitzung des …") and its line index."""
    for i in range(i0, min(i1, i0 + 12)):
        ln = lines[i]
        c = ln.clean
        if ln.bullet or MEETING_FIELD.match(c) or len(c) > 250:
            continue
        if SITZUNG_TITLE.search(c):
            page = _PAGE_PREFIX.match(c)
            if page and SITZUNG_TITLE.search(c[page.end() :]):
                c = c[page.end() :]
            c = _with_continuation(lines, i, min(i1, i + 3), c)
            title = _TITLE_PREFIX.sub("", c, count=1).strip()
            return (title or c), i
    return None


# A line ending like this is wrapped: the title or address goes on on the next line.
_OPEN_END = re.compile(
    r"(?:\s(?:und|oder|sowie|für|der|des|die|das|den|dem|am|im|in|von|vom|zur|zum|an|auf|mit)"
    r"|[,\-–])$",
    re.IGNORECASE,
)


def _with_continuation(lines: list[Line], i: int, limit: int, value: str) -> str:
    """``value`` (from line ``i``) joined with the lines it wraps onto."""
    parts = [value]
    j = i + 1
    while j < limit and _OPEN_END.search(parts[-1]):
        nxt = lines[j]
        c = nxt.clean
        if nxt.page_break or nxt.blank_before or nxt.bullet or "\t" in c or len(c) > 120:
            break
        if MEETING_FIELD.match(c):
            break
        parts.append(c)
        j += 1
    return join_wrapped(parts) if len(parts) > 1 else value


def _dated_line(
    rec: MeetingRecord, ln: Line, d: DateMatch, start_time: str | None
) -> tuple[str, str | None]:
    """(date, start time) from a line that names the meeting's date, a time after it
    counting unless a start field gave one; the line is the start's span."""
    t = find_time(ln.clean, d.end)
    rec.spans["start"] = (ln.start, ln.end)
    return d.iso, start_time if start_time is not None or not t else t[0]


def extract_meeting(text: str, lines: list[Line], i0: int, i1: int) -> MeetingRecord:
    rec = MeetingRecord(organization=None)
    date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    places: list[tuple[str, str, Line]] = []
    found = meeting_title(lines, i0, i1)
    if found:
        title, ti = found
        ln = lines[ti]
        m = _NUMBER.search(title)
        if m:
            rec.number = int(m.group("n"))
            rec.spans["number"] = span_in_line(text, ln, m.group(0))
        if _NOT_PUBLIC.search(title):
            rec.public = False
        elif _PUBLIC.search(title):
            rec.public = True
        if rec.public is not None:
            rec.spans["public"] = (ln.start, ln.end)
        org = organization_from_title(title)
        if org:
            rec.organization = org
            rec.spans["organization"] = (ln.start, ln.end)
        d = [x for x in find_dates(title) if len(x.iso) == 10]
        if d:
            date = d[0].iso
            rec.spans["start"] = (ln.start, ln.end)
    for i in range(i0, min(i1, i0 + _HEADER)):
        ln = lines[i]
        m = MEETING_FIELD.match(ln.clean)
        if not m:
            continue
        field = re.sub(r"\s*,\s*", ", ", m.group("f").lower())
        value = (m.group("v") or "").replace("\t", " ").strip()
        if not value:
            continue
        if field == "gremium":
            rec.organization = value
            rec.spans["organization"] = span_in_line(text, ln, value)
        elif field in _DATE_FIELDS:
            d = [x for x in find_dates(value) if len(x.iso) == 10]
            if (d and date is None) or (d and field != "datum"):
                date = d[0].iso
                rec.spans["start"] = span_in_line(text, ln, value)
                t = find_time(value, d[0].end)
                if t and start_time is None:
                    start_time = t[0]
        elif field in _START_FIELDS:
            t = find_time(value)
            if t:
                start_time = t[0]
                rec.spans.setdefault("start", span_in_line(text, ln, value))
            e = _INLINE_END.search(value)
            if e:
                te = find_time(value, e.end())
                if te:
                    end_time = te[0]
                    rec.spans["end"] = span_in_line(text, ln, value[e.start() :])
        elif field in _END_FIELDS:
            t = find_time(value)
            if t:
                end_time = t[0]
                rec.spans["end"] = span_in_line(text, ln, value)
        elif field in _PLACE_FIELDS:
            value = _with_continuation(lines, i, min(i1, i + 3), value)
            places.append((field, value, ln))
    if date is None and found:
        # The date on its own line under the title: "über die 9. Sitzung des …" /
        # "am Donnerstag, 14.03.2024, im Sitzungssaal …" (also "am 14. März 2024").
        for i in range(found[1] + 1, min(i1, found[1] + 4)):
            ln = lines[i]
            m = _DATE_LINE.match(ln.clean)
            if not m:
                continue
            d = [x for x in find_dates(ln.clean) if len(x.iso) == 10 and x.start == m.end()]
            if d:
                date, start_time = _dated_line(rec, ln, d[0], start_time)
            break
    if date is None:
        # An invitation written as a letter: "… lade ich Sie zur 12. Sitzung … am
        # Donnerstag, dem 14.03.2024, um 18:00 Uhr … ein." (not the letter's own date).
        for i in range(i0, min(i1, i0 + _HEADER)):
            ln = lines[i]
            if not _INVITES.search(ln.clean):
                continue
            d = [x for x in find_dates(ln.clean) if len(x.iso) == 10]
            if d:
                date, start_time = _dated_line(rec, ln, d[0], start_time)
                break
    if date:
        rec.start = f"{date}T{start_time}" if start_time else date
        if end_time:
            rec.end = f"{date}T{end_time}"
    if places:
        rec.location, rec.spans["location"] = _location(text, places)
    return rec


def _location(text: str, places: list[tuple[str, str, Line]]) -> tuple[str, tuple[int, int]]:
    combined = [p for p in places if "," in p[0] or p[0] in ("sitzungsort", "tagungsort")]
    if combined:
        _, value, ln = combined[0]
        return value, span_in_line(text, ln, value)
    # Separate "Raum:" and "Ort:" lines: room first, then the building.
    rooms = [p for p in places if p[0] in ("raum", "sitzungsraum")]
    sites = [p for p in places if p[0] == "ort"]
    parts = [p for p in (rooms[:1] + sites[:1])]
    value = ", ".join(p[1] for p in parts)
    first = parts[0][2]
    last = parts[-1][2]
    return value, (min(first.start, last.start), max(first.end, last.end))
