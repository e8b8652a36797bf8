"""The header of a paper (Antrag, Vorlage, Anfrage …): number, Betreff, date, status,
originators, Beratungsfolge — plus cited Drucksachen and the listed attachments.

Header fields are found by label ("Betreff:", "Einreicher:", "Erstellungsdatum",
"Datum", "Status", "Federführend", "Geschäftsbereich" …), in a line, in a table cell
("Geschäftsbereich: …⇥Datum 02.06.2021") or on the following line(s). Without a
"Betreff" label, the title is the first free line after the type line (RIS exports that
print the number, the type, the status and then the title as a heading).
"""

from __future__ import annotations

import re

from ratsinfo.split.conventions import (
    BODY_START,
    PUBLIC_LINE,
    ignorecase_chars,
    label_cells,
    match_type_line,
    paper_label,
    reference_of_line,
)
from ratsinfo.split.lines import Line

from .consultations import find_block, parse_consultations
from .dates import find_dates
from .originators import split_originators
from .records import PaperRecord
from .references import find_labelled_references, find_references, reference_shape
from .text import join_wrapped, lines_span, span_in_line

_HEADER_MAX = 60
_PUBLIC = re.compile(r"(?<![\w-])(?P<not>nicht\s*-?\s*)?öffentlich(?![\w-])", re.IGNORECASE)
_RELATED = re.compile(r"^(?:bezüglich|bezug|betrifft|siehe|zu\s+ds)\b", re.IGNORECASE)
_DATE_LABELS = ("erstellungsdatum", "erstelldatum", "vorlagedatum", "datum")
_ORIGINATOR_LABELS = (
    "einreicher",
    "einreicherin",
    "eingereicht von",
    "antragsteller",
    "antragstellerin",
    "fragesteller",
    "fragestellerin",
    "einbringer",
    "einbringerin",
)
_UNIT_LABELS = (
    "federführend",
    "verfasser",
    "verfasserin",
    "geschäftsbereich",
    "fachbereich",
    "dezernat",
)
_LETTERHEAD = re.compile(
    r"^(?:der|die)\s+(?:ober)?bürgermeister(?:in)?$|^(?:landeshauptstadt|stadt|gemeinde|landkreis"
    r"|kreis|hansestadt|markt)\b|^stadtverordnetenversammlung|^der$|^\d+\s*$",
    re.IGNORECASE,
)
_ANNEX_LIST = re.compile(r"^anlagen?\s*:?$", re.IGNORECASE)
_ANNEX_FIRST = ignorecase_chars("a")  # what an _ANNEX_LIST line starts with
_ANNEX_PREFIX = re.compile(r"^anlage\s*\d*\s*[:.)-]?\s*", re.IGNORECASE)


def _label_cells(ln: Line) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for label, value in label_cells(ln.clean):
        # "Federführendes Amt", "Federführende Stelle" → one label.
        out.append((re.sub(r"^federführ\w*(?:\s+\w+)?$", "federführend", label), value))
    return out


def header_end(lines: list[Line], i0: int, i1: int) -> int:
    """Index after the header: the first body-start line, capped."""
    for i in range(i0, min(i1, i0 + _HEADER_MAX)):
        if i > i0 + 2 and BODY_START.match(lines[i].clean):
            return i
    return min(i1, i0 + _HEADER_MAX)


def extract_paper(text: str, lines: list[Line], i0: int, i1: int, kind: str) -> PaperRecord:
    """The PaperRecord of the document ``lines[i0:i1]`` of the given kind."""
    rec = PaperRecord(reference=None, kind=kind, title=None, date=None, public=None)
    h_end = header_end(lines, i0, i1)
    type_idx: int | None = None
    originators_unit: tuple[str, Line] | None = None

    for i in range(i0, h_end):
        ln = lines[i]
        c = ln.clean
        tl = match_type_line(c, ln.bullet)
        if tl is not None and type_idx is None and not tl.colon_form:
            type_idx = i
            rec.spans.setdefault("kind", (ln.start, ln.end))
            if tl.reference and rec.reference is None:
                rec.reference = tl.reference
                rec.spans["reference"] = _ref_span(text, ln, tl.reference)
            if rec.public is None:
                pm = _PUBLIC.search(c)
                if pm:
                    rec.public = not pm.group("not")
                    rec.spans["public"] = span_in_line(text, ln, pm.group(0))
            continue
        if rec.reference is None and not _RELATED.match(c):
            r = reference_of_line(c)
            if r:
                rec.reference = r
                rec.spans["reference"] = _ref_span(text, ln, r)
                continue
        if PUBLIC_LINE.match(c.strip()) and rec.public is None:
            # A status alone in a right-hand cell ("⇥öffentlich") counts too.
            rec.public = not c.strip().lower().startswith("nicht")
            rec.spans["public"] = (ln.start, ln.end)
            continue
        for label, value in _label_cells(ln):
            if label == "betreff" and rec.title is None:
                title, span = _betreff(text, lines, i, h_end, value)
                if title:
                    rec.title, rec.spans["title"] = title, span
                pm = _PUBLIC.fullmatch(value.strip()) or _PUBLIC.search(value)
                if pm and rec.public is None and len(value) - len(pm.group(0)) < 3:
                    rec.public = not pm.group("not")
                    rec.spans["public"] = span_in_line(text, ln, pm.group(0))
            elif label in ("status", "öffentlichkeitsstatus") and rec.public is None:
                pm = _PUBLIC.search(value)
                if pm:
                    rec.public = not pm.group("not")
                    rec.spans["public"] = span_in_line(text, ln, pm.group(0))
            elif label in _DATE_LABELS and rec.date is None:
                dates = [d for d in find_dates(value) if len(d.iso) == 10]
                if dates:
                    rec.date = dates[0].iso
                    rec.spans["date"] = span_in_line(text, ln, value[dates[0].start : dates[0].end])
            elif label in _ORIGINATOR_LABELS and not rec.originators:
                v = value or _next_value(lines, i, h_end)
                rec.originators = split_originators(v)
                if rec.originators:
                    rec.spans["originators"] = (
                        span_in_line(text, ln, value) if value else (lines_span(lines, i, i + 2))
                    )
            elif label in _UNIT_LABELS and originators_unit is None and value:
                originators_unit = (value, ln)
            elif label.startswith(("drucksache", "ds", "vorlage")) and rec.reference is None:
                refs = find_references(value) or find_labelled_references("Nr. " + value)
                if refs:
                    rec.reference = refs[0].value
                    rec.spans["reference"] = _ref_span(text, ln, refs[0].value)
    if not rec.originators and originators_unit is not None:
        value, ln = originators_unit
        rec.originators = split_originators(value, unit_field=True)
        rec.spans["originators"] = span_in_line(text, ln, value)
    if rec.title is None and type_idx is not None:
        found = _free_title(text, lines, type_idx + 1, h_end)
        if found:
            rec.title, rec.spans["title"], _ = found
    block = find_block(lines, i0, min(i1, i0 + _HEADER_MAX + 20))
    if block is not None:
        rec.consultations = parse_consultations(text, lines, block, i1)
        if rec.consultations:
            rec.spans["consultations"] = lines_span(lines, block, block + 1)
    rec.references = cited_references(text, lines, i0, i1, rec.reference)
    rec.attachments = attachments(lines, i0, i1)
    return rec


def _ref_span(text: str, ln: Line, ref: str) -> tuple[int, int]:
    raw = text[ln.start : ln.end]
    k = raw.find(ref)
    if k < 0 and " " not in ref:
        # printed with a space ("I 0187/10")
        for r in find_references(raw):
            if r.value == ref:
                return ln.start + r.start, ln.start + r.end
    return span_in_line(text, ln, ref)


def _is_field(c: str) -> bool:
    return bool(paper_label(c)) or bool(reference_of_line(c)) or bool(BODY_START.match(c))


def _betreff(
    text: str, lines: list[Line], i: int, h_end: int, value: str
) -> tuple[str | None, tuple[int, int]]:
    """The Betreff: the label's own value and the lines wrapped under it."""
    own = _PUBLIC.sub("", value).strip(" \t:") if _PUBLIC.fullmatch(value.strip()) else value
    parts: list[str] = []
    first = i + 1
    last = i
    if own:
        parts.append(own)
    j = i + 1
    while j < h_end:
        ln = lines[j]
        c = ln.clean
        if ln.page_break or _is_field(c) or _RELATED.match(c) or match_type_line(c):
            break
        if parts and ln.blank_before > 0:
            break
        if len(c) > 300:
            break
        parts.append(c.replace("\t", " "))
        last = j
        j += 1
    if not parts:
        return None, (lines[i].start, lines[i].end)
    start = lines[i].start if own else lines[first].start
    return join_wrapped(parts), (start, lines[last].end)


def _next_value(lines: list[Line], i: int, h_end: int) -> str:
    if i + 1 < h_end and not _is_field(lines[i + 1].clean):
        return lines[i + 1].clean.replace("\t", " ")
    return ""


def _free_title(
    text: str, lines: list[Line], j0: int, h_end: int
) -> tuple[str, tuple[int, int], int] | None:
    """First free line after the type line: not a field, number, status or letterhead."""
    for j in range(j0, h_end):
        ln = lines[j]
        c = ln.first_cell
        if _is_field(ln.clean) or PUBLIC_LINE.match(c) or _LETTERHEAD.match(c):
            if paper_label(ln.clean) and paper_label(ln.clean) != "öffentlich":
                return None  # reached the labelled fields: there is no free title
            continue
        if find_dates(c) and len(c) < 25:
            continue
        if len(c) < 4 or c.endswith(":"):
            continue
        parts = [c]
        last = j
        k = j + 1
        while k < h_end and lines[k].blank_before == 0 and not lines[k].page_break:
            nc = lines[k].clean
            if _is_field(nc) or "\t" in nc or len(nc) > 200:
                break
            parts.append(nc)
            last = k
            k += 1
        return join_wrapped(parts), (ln.start, lines[last].end), j
    return None


def cited_references(text: str, lines: list[Line], i0: int, i1: int, own: str | None) -> list[str]:
    """Drucksachen cited in the document: same scheme as its own number, or labelled."""
    if i1 <= i0:
        return []
    start, end = lines[i0].start, lines[i1 - 1].end
    shape = reference_shape(own) if own else None
    out: list[str] = []
    seen = {own} if own else set()
    labelled: set[str] | None = None  # looked up only when a reference needs it
    for r in find_references(text, start, end):
        if r.value in seen:
            continue
        if not (shape and reference_shape(r.value) == shape):
            if labelled is None:
                labelled = {x.value for x in find_labelled_references(text, start, end)}
            if r.value not in labelled:
                continue
        out.append(r.value)
        seen.add(r.value)
    return out


def attachments(lines: list[Line], i0: int, i1: int) -> list[str]:
    """Titles listed under an "Anlagen:" heading (one per line or table row)."""
    out: list[str] = []
    for i in range(i0, i1):
        c = lines[i].clean
        if c[:1] not in _ANNEX_FIRST or not _ANNEX_LIST.match(c):
            continue
        for j in range(i + 1, min(i1, i + 25)):
            ln = lines[j]
            if ln.page_break or (ln.blank_before > 1 and out):
                break
            cells = [
                c for c in ln.cells if any(ch.isalpha() for ch in c) and not PUBLIC_LINE.match(c)
            ]
            if not cells:
                continue
            item = _ANNEX_PREFIX.sub("", cells[0]).strip()
            if not (ln.bullet or "\t" in ln.clean or _ANNEX_PREFIX.match(cells[0])):
                break
            if item:
                out.append(item)
        break
    return out
