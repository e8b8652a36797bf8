"""A FileExtraction in the gold JSON shape (see shared/gold/README.md).

* documents: every document, in order, ``{kind, reference}`` or ``{kind, title}``;
* papers: one per reference even if several documents carry it (renditions, annexes);
* meetings: one per Gremium and date even if invitation and minutes both describe it,
  with agenda items (the minutes' win), attendance and quorum;
* persons_mentioned, places_mentioned: what the file names (never exhaustive: a reader
  may always find one more); cooperations with the report year (never exhaustive).

Every item has ``spans``: field → [start, end] in the Reading's text.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from .records import (
    AgendaItemRecord,
    AttendanceRecord,
    CooperationRecord,
    FileExtraction,
    MeetingRecord,
    PaperRecord,
    PersonMention,
)

_ORG_SIMILAR = 0.8


def _spans(spans: dict[str, tuple[int, int]]) -> dict[str, list[int]]:
    return {k: [int(v[0]), int(v[1])] for k, v in spans.items()}


def _similar(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    a2, b2 = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    return a2 == b2 or SequenceMatcher(None, a2, b2, autojunk=False).ratio() >= _ORG_SIMILAR


def _paper_item(p: PaperRecord) -> dict[str, Any]:
    return {
        "reference": p.reference,
        "kind": p.kind,
        "title": p.title,
        "date": p.date,
        "public": p.public,
        "originators": list(p.originators),
        "consultations": [
            {
                "date": c.date,
                "organization": c.organization,
                "role": c.role,
                "spans": _spans(c.spans),
            }
            for c in p.consultations
        ],
        "references": list(p.references),
        "attachments": list(p.attachments),
        "obligations": [
            {"due": o.due, "what": o.what, "spans": _spans(o.spans)} for o in p.obligations
        ],
        "spans": _spans(p.spans),
    }


def _merge_paper(item: dict[str, Any], p: PaperRecord) -> None:
    """Fill what the first document of a reference left empty from a later one."""
    other = _paper_item(p)
    for key, value in other.items():
        if key == "spans":
            for k, v in value.items():
                item["spans"].setdefault(k, v)
        elif item.get(key) in (None, []) and value not in (None, []):
            item[key] = value
            if key in other["spans"]:
                item["spans"][key] = other["spans"][key]


def _agenda_item(a: AgendaItemRecord) -> dict[str, Any]:
    votes = []
    for v in a.votes:
        vote: dict[str, Any] = {"kind": v.kind}
        for key in ("subject", "yes", "no", "abstain"):
            value = getattr(v, key)
            if value is not None:
                vote[key] = value
        vote["spans"] = _spans(v.spans)
        votes.append(vote)
    return {
        "number": a.number,
        "title": a.title,
        "papers": list(a.papers),
        "result": a.result,
        "votes": votes,
        "added_in_meeting": a.added_in_meeting,
        "spans": _spans(a.spans),
    }


def _attendance_item(p: AttendanceRecord) -> dict[str, Any]:
    return {
        "name": p.name,
        "title": p.title,
        "party": p.party,
        "group": p.group,
        "organization": p.organization,
        "status": p.status,
        "reason": p.reason,
        "from": p.from_time,
        "until": p.until,
        "spans": _spans(p.spans),
    }


def _person_item(p: PersonMention) -> dict[str, Any]:
    return {
        "name": p.name,
        "role": p.role,
        "party": p.party,
        "organization": p.organization,
        "spans": _spans(p.spans),
    }


def _cooperation_item(c: CooperationRecord) -> dict[str, Any]:
    return {
        "title": c.title,
        "description": c.description,
        "unit": c.unit,
        "category": c.category,
        "kind": c.kind,
        "partners": list(c.partners),
        "partner_phrases": list(c.partner_phrases),
        "legal_form": c.legal_form,
        "status": c.status,
        "since": c.since,
        "until": c.until,
        "field": c.field_of_activity,
        "field_evidence": c.field_evidence,
        "spans": _spans(c.spans),
    }


def _meeting_item(m: MeetingRecord) -> dict[str, Any]:
    item: dict[str, Any] = {
        "organization": m.organization,
        "number": m.number,
        "public": m.public,
        "start": m.start,
        "end": m.end,
        "location": m.location,
        "agenda_items": {
            "exhaustive": bool(m.agenda_items),
            "items": [_agenda_item(a) for a in m.agenda_items],
        },
        "attendance": {
            "exhaustive": bool(m.attendance),
            "items": [_attendance_item(a) for a in m.attendance],
        },
        "spans": _spans(m.spans),
    }
    if m.quorum_present is not None or m.quorum_voting is not None:
        item["quorum"] = {"present": m.quorum_present, "voting_members": m.quorum_voting}
    return item


def _merge_meeting(item: dict[str, Any], m: MeetingRecord) -> None:
    other = _meeting_item(m)
    for key in ("organization", "number", "public", "start", "end", "location"):
        mine, theirs = item.get(key), other.get(key)
        better = mine is None and theirs is not None
        # A start with a clock time beats a bare date.
        if key == "start" and mine and theirs and len(theirs) > len(mine):
            better = True
        if better:
            item[key] = theirs
            if key in other["spans"]:
                item["spans"][key] = other["spans"][key]
    # The minutes' agenda knows results, votes and added items; it wins over the
    # invitation's when it has at least as many items.
    for key in ("agenda_items", "attendance"):
        if len(other[key]["items"]) >= len(item[key]["items"]) and other[key]["items"]:
            item[key] = other[key]
    if "quorum" in other and "quorum" not in item:
        item["quorum"] = other["quorum"]


def to_gold(file_name: str, extraction: FileExtraction) -> dict[str, Any]:
    documents: list[dict[str, Any]] = []
    papers: dict[str, dict[str, Any]] = {}
    meetings: list[dict[str, Any]] = []
    for d in extraction.documents:
        item: dict[str, Any] = {"kind": d.kind}
        if d.reference:
            item["reference"] = d.reference
        else:
            item["title"] = d.title
        item["spans"] = _spans(
            {k: v for k, v in d.spans.items() if k in ("kind", "reference", "title")}
        )
        documents.append(item)
        if d.paper and d.paper.reference:
            ref = d.paper.reference
            if ref in papers:
                _merge_paper(papers[ref], d.paper)
            else:
                papers[ref] = _paper_item(d.paper)
        if d.meeting and (d.meeting.organization or d.meeting.start):
            date = (d.meeting.start or "")[:10]
            for m in meetings:
                if (m["start"] or "")[:10] == date and _similar(
                    m["organization"], d.meeting.organization
                ):
                    _merge_meeting(m, d.meeting)
                    break
            else:
                meetings.append(_meeting_item(d.meeting))
    return {
        "file": file_name,
        "body": extraction.body,
        "spans": _spans(extraction.spans),
        "documents": {"exhaustive": True, "items": documents},
        "papers": {"exhaustive": True, "items": list(papers.values())},
        "meetings": {"exhaustive": True, "items": meetings},
        "cooperations": {
            "exhaustive": False,
            "report_year": extraction.report_year,
            "items": [_cooperation_item(c) for c in extraction.cooperations],
        },
        "persons_mentioned": {
            "exhaustive": False,
            # A surname alone that no full name in the file explains is not a person
            # a reader could identify; keep it out rather than guess.
            "items": [_person_item(p) for p in extraction.persons if len(p.name.split()) >= 2],
        },
        "places_mentioned": {
            "exhaustive": False,
            "items": [p.name for p in extraction.places],
        },
    }
