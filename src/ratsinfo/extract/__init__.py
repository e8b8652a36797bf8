"""Extract one file: split it, classify each document, read the headers.

:func:`extract_file` returns a :class:`FileExtraction`: the publishing body and one
:class:`DocumentRecord` per document, with a PaperRecord for papers (Antrag, Vorlage,
Anfrage, Stellungnahme) and a MeetingRecord for invitations and minutes. Every value
carries its span in ``Reading.text``.

One module per concern: references (Drucksache numbers), dates, originators,
consultations (Beratungsfolge), paper_header, meeting_header, titles, body, gold
(the gold JSON shape).
"""

from __future__ import annotations

from ratsinfo.read.base import Reading

from .records import DocumentRecord, FileExtraction

__all__ = ["extract_file"]


def extract_file(reading: Reading) -> FileExtraction:
    # Imported here: split and classify use this package's recognisers (references,
    # dates), so importing them at module level would be circular.
    from ratsinfo.classify import MEETING_KINDS, PAPER_KINDS, classify_lines
    from ratsinfo.split import split_index
    from ratsinfo.split.lines import reading_lines

    from .agenda import extract_agenda
    from .attendance import extract_attendance, extract_quorum
    from .body import find_body
    from .cooperations import extract_cooperations
    from .meeting_header import extract_meeting
    from .obligations import extract_obligations
    from .paper_header import extract_paper
    from .paper_sections import extract_sections
    from .persons import extract_persons
    from .places import extract_places
    from .titles import document_title

    text = reading.text
    index = reading_lines(reading)
    lines = index.lines
    documents: list[DocumentRecord] = []
    for span in split_index(index):
        i0, i1 = index.range(span.start, span.end)
        cl = classify_lines(lines, i0, i1, span.reason)
        rec = DocumentRecord(kind=cl.kind, start=span.start, end=span.end, reason=span.reason)
        if cl.line is not None:
            rec.spans["kind"] = (lines[cl.line].start, lines[cl.line].end)
        if cl.kind in PAPER_KINDS:
            paper = extract_paper(text, lines, i0, i1, cl.kind)
            paper.obligations = extract_obligations(text, lines, i0, i1)
            sections = extract_sections(text, lines, i0, i1)
            paper.resolution_proposal = sections.resolution_proposal
            paper.justification = sections.justification
            paper.financial_impact = sections.financial_impact
            paper.civic_budget_number = sections.civic_budget_number
            paper.civic_budget_points = sections.civic_budget_points
            paper.spans.update(sections.spans)
            rec.paper = paper
            rec.reference = paper.reference
            rec.title = paper.title
            for key in ("reference", "title"):
                if key in paper.spans:
                    rec.spans[key] = paper.spans[key]
        else:
            if cl.kind in MEETING_KINDS:
                meeting = extract_meeting(text, lines, i0, i1)
                meeting.agenda_items = extract_agenda(text, lines, i0, i1, cl.kind)
                if cl.kind == "Niederschrift":
                    meeting.attendance = extract_attendance(text, lines, i0, i1)
                    present, voting, qspans = extract_quorum(text, lines, i0, i1)
                    meeting.quorum_present, meeting.quorum_voting = present, voting
                    meeting.spans.update(qspans)
                rec.meeting = meeting
            found = document_title(lines, i0, i1, cl.kind)
            if found:
                rec.title, rec.spans["title"] = found
        documents.append(rec)
    _mark_added_items(documents)
    body = find_body(text, lines)
    out = FileExtraction(body=body[0] if body else None, documents=documents)
    out.persons = extract_persons(text, lines, documents)
    out.places = extract_places(text)
    # The body is found once; the cooperation reader needs it too (it is not cheap).
    out.cooperations, out.report_year = extract_cooperations(reading, lines, documents, body=body)
    if body:
        out.spans["body"] = body[1]
    return out


def _mark_added_items(documents: list[DocumentRecord]) -> None:
    """An item on the minutes' agenda that the same meeting's invitation lacks was added
    during the meeting."""
    from .agenda import mark_added

    by_day: dict[str, dict[str, DocumentRecord]] = {}
    for d in documents:
        if d.meeting and d.meeting.start:
            by_day.setdefault(d.meeting.start[:10], {}).setdefault(d.kind, d)
    for kinds in by_day.values():
        inv, mins = kinds.get("Einladung"), kinds.get("Niederschrift")
        if inv and mins and inv.meeting and mins.meeting:
            mark_added(inv.meeting.agenda_items, mins.meeting.agenda_items)
