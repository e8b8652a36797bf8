"""Read-side queries the CLI and the web pages share; results are plain, JSON-ready dicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils import timezone

from ratsinfo.store.models import (
    Body,
    Consultation,
    Document,
    File,
    Meeting,
    Organization,
    Paper,
    Person,
    Provenance,
    SourceFile,
)


def _iso(value: Any) -> str | None:
    """ISO text; date-times in the body's local time, as the documents print them."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return value.isoformat()


def paper_dict(p: Paper) -> dict[str, Any]:
    return {
        "id": p.pk,
        "reference": p.reference,
        "kind": p.paper_type,
        "title": p.name,
        "date": _iso(p.date),
        "public": p.public,
        "body": p.body.name,
        "originators": p.originators_text,
        "main_file": p.main_file.file_name if p.main_file else None,
        "files": len({d.source_file_id for d in p.documents.all()}),
    }


def meeting_dict(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "name": m.name,
        "organizations": [o.name for o in m.organizations.all()],
        "number": m.number,
        "public": m.public,
        "start": _iso(m.start),
        "end": _iso(m.end),
        "location": m.location.description if m.location else None,
        "body": m.body.name,
    }


def document_dict(d: Document) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "reference": d.reference or None,
        "title": d.title or None,
        "file": d.source_file.path,
        "start": d.start,
        "end": d.end,
        "paper": d.paper.reference if d.paper else None,
        "meeting": d.meeting_id,
        "rendition_of": d.rendition_of_id,
    }


def consultation_dict(c: Consultation) -> dict[str, Any]:
    """A step of the Beratungsfolge, with what the meeting decided where the minutes say."""
    out: dict[str, Any] = {
        "date": _iso(c.date),
        "organization": c.organization_name,
        "role": c.role or None,
        "meeting": None,
    }
    if c.meeting_id:
        out["meeting"] = {"id": c.meeting_id, "name": c.meeting.name, "start": _iso(c.meeting.start)}
    if c.agenda_item_id:
        item = c.agenda_item
        out["agenda_item"] = item.number
        out["result"] = item.result or None
        out["votes"] = [
            {k: v for k, v in (("subject", vote.subject or None), ("kind", vote.kind),
                               ("yes", vote.yes), ("no", vote.no), ("abstain", vote.abstain))
             if v is not None}
            for vote in item.votes.all()
        ]
        out["resolution_text"] = item.resolution_text or None
    return out


def list_papers() -> list[dict[str, Any]]:
    qs = Paper.objects.filter(deleted=False).select_related("body", "main_file")
    return [paper_dict(p) for p in qs.prefetch_related("documents")]


def list_meetings() -> list[dict[str, Any]]:
    qs = Meeting.objects.filter(deleted=False).select_related("body", "location")
    return [meeting_dict(m) for m in qs.prefetch_related("organizations")]


def list_documents() -> list[dict[str, Any]]:
    qs = Document.objects.select_related("source_file", "paper").order_by("source_file__path", "order")
    return [document_dict(d) for d in qs]


def list_persons() -> list[dict[str, Any]]:
    qs = Person.objects.filter(deleted=False).select_related("body")
    return [
        {"id": p.pk, "name": p.name, "title": p.title, "body": p.body.name} for p in qs
    ]


def list_organizations() -> list[dict[str, Any]]:
    qs = Organization.objects.filter(deleted=False).select_related("body")
    return [
        {"id": o.pk, "name": o.name, "type": o.organization_type, "body": o.body.name} for o in qs
    ]


LISTS = {
    "papers": list_papers,
    "meetings": list_meetings,
    "documents": list_documents,
    "persons": list_persons,
    "organizations": list_organizations,
}


def find_paper(key: str) -> Paper | None:
    """A paper by reference (spaces ignored) or by numeric id."""
    ref = "".join(key.split())
    qs = Paper.objects.select_related("body", "main_file")
    paper = qs.filter(reference=ref, deleted=False).first() or qs.filter(reference__iexact=ref).first()
    if paper is None and key.isdigit():
        paper = qs.filter(pk=int(key)).first()
    return paper


def show_paper(paper: Paper) -> dict[str, Any]:
    out = paper_dict(paper)
    docs = paper.documents.select_related("source_file", "rendition_of__source_file").order_by(
        "rendition_of", "source_file__path"
    )
    out["documents"] = [
        {
            "kind": d.kind,
            "file": d.source_file.path,
            "span": [d.start, d.end],
            "rendition": d.is_rendition,
            "rendition_of": d.rendition_of.source_file.path if d.rendition_of else None,
        }
        for d in docs
    ]
    files = {d.source_file.path: d for d in docs}
    out["files"] = [
        {
            "file_name": f.file_name,
            "path": f.source_file.path if f.source_file else None,
            "mime_type": f.mime_type,
            "size": f.size,
            "sha256": f.sha256_checksum,
            "main": paper.main_file_id == f.pk,
        }
        for f in File.objects.filter(source_file__path__in=files).select_related("source_file")
    ]
    out["renditions"] = [d["file"] for d in out["documents"] if d["rendition"]]
    out["consultations"] = [
        consultation_dict(c)
        for c in Consultation.objects.filter(paper=paper)
        .select_related("meeting", "agenda_item")
        .prefetch_related("agenda_item__votes")
        .order_by("date", "order")
    ]
    out.update(_paper_sections(paper))
    today = timezone.localdate()
    out["obligations"] = [
        {
            "due": o.due or None,
            "what": o.what,
            "overdue": bool(o.due_date and o.due_date < today),
        }
        for o in paper.obligations.all()
    ]
    out["provenance"] = [
        {"field": pr.field, "file": pr.source_file.path, "span": [pr.start, pr.end], "page": pr.page}
        for pr in Provenance.objects.filter(
            content_type__model="paper", object_id=paper.pk
        ).select_related("source_file")
    ]
    return out


def _paper_sections(paper: Paper) -> dict[str, Any]:
    """Beschlussvorschlag and Begründung from the paper's main document, as its text."""
    main = paper.documents.filter(rendition_of=None).select_related("source_file").first()
    rec = (main.record.get("paper") or {}) if main else {}
    text = main.source_file.text if main else ""

    def cut(span: list[int] | None) -> str | None:
        return text[span[0] : span[1]] if span else None

    return {
        "resolution_proposal": cut(rec.get("resolution_proposal")),
        "justification": cut(rec.get("justification")),
        "financial_impact": rec.get("financial_impact"),
        "civic_budget": (
            {"number": rec.get("civic_budget_number"), "points": rec.get("civic_budget_points")}
            if rec.get("civic_budget_number") or rec.get("civic_budget_points")
            else None
        ),
    }


def stats() -> dict[str, Any]:
    kinds = dict(
        Document.objects.values_list("kind").annotate(n=Count("id")).order_by("kind")
    )
    formats = dict(
        SourceFile.objects.values_list("format").annotate(n=Count("id")).order_by("format")
    )
    return {
        "source_files": SourceFile.objects.count(),
        "formats": formats,
        "documents": Document.objects.count(),
        "document_kinds": kinds,
        "renditions": Document.objects.exclude(rendition_of=None).count(),
        "bodies": Body.objects.filter(deleted=False).count(),
        "papers": Paper.objects.filter(deleted=False).count(),
        "meetings": Meeting.objects.filter(deleted=False).count(),
        "organizations": Organization.objects.filter(deleted=False).count(),
        "persons": Person.objects.filter(deleted=False).count(),
        "files": File.objects.filter(deleted=False).count(),
        "provenance": Provenance.objects.count(),
    }
