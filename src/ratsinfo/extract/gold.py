"""A FileExtraction in the gold JSON shape (see shared/gold/README.md).

* documents: every document, in order, ``{kind, reference}`` or ``{kind, title}``;
* papers: one per reference even if several documents carry it (renditions, annexes);
* meetings: one per Gremium and date even if invitation and minutes both describe it;
  agenda items and attendance are left to their extractors (empty, not exhaustive);
* cooperations, persons_mentioned, places_mentioned: empty, not exhaustive.

Every item has ``spans``: field → [start, end] in the Reading's text.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from .records import FileExtraction, MeetingRecord, PaperRecord

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


def _meeting_item(m: MeetingRecord) -> dict[str, Any]:
    return {
        "organization": m.organization,
        "number": m.number,
        "public": m.public,
        "start": m.start,
        "end": m.end,
        "location": m.location,
        "agenda_items": {"exhaustive": False, "items": []},
        "attendance": {"exhaustive": False, "items": []},
        "spans": _spans(m.spans),
    }


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
        "cooperations": {"exhaustive": False, "items": []},
        "persons_mentioned": {"exhaustive": False, "items": []},
        "places_mentioned": {"exhaustive": False, "items": []},
    }
