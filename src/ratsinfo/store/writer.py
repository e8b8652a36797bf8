"""Write one parsed file into the store. Called inside the file's transaction.

A file that was stored before is replaced: its documents, file and provenance go,
papers and meetings that no other file supports are soft-deleted (OParl clients see
the deletion), and everything is rebuilt from the new parse.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone

from ratsinfo.extract.records import DocumentRecord, MeetingRecord
from ratsinfo.link import renditions
from ratsinfo.pipeline import ParsedFile
from ratsinfo.read.base import Reading
from ratsinfo.register.ingest import forget_cooperations, store_cooperations
from ratsinfo.search.sync import schedule_index
from ratsinfo.store.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    Document,
    File,
    Meeting,
    Obligation,
    Organization,
    Paper,
    Person,
    Provenance,
    SourceFile,
    Vote,
)

UNKNOWN_BODY = "Unbekannte Körperschaft"

MIME_BY_FORMAT = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "text": "text/plain",
    "converted": "text/plain",
}


def store(parsed: ParsedFile) -> SourceFile:
    path = str(Path(parsed.path).resolve())
    reading = parsed.reading
    extraction = parsed.extraction
    body, _ = Body.objects.get_or_create(name=extraction.body or UNKNOWN_BODY)
    body.revive()

    touched_papers: set[int] = set()
    touched_meetings: set[int] = set()
    source = SourceFile.objects.filter(path=path).first()
    if source is not None:
        touched_papers, touched_meetings = _forget(source)
        source.sha256 = parsed.sha256
        source.size = parsed.size
        source.format = reading.format
        source.encoding = reading.encoding or ""
        source.text = reading.text
        source.pages = [list(p) for p in reading.pages]
        source.body = body
        source.save()
    else:
        source = SourceFile.objects.create(
            path=path,
            sha256=parsed.sha256,
            size=parsed.size,
            format=reading.format,
            encoding=reading.encoding or "",
            text=reading.text,
            pages=[list(p) for p in reading.pages],
            body=body,
        )
    file = File.objects.create(
        name=Path(path).name,
        file_name=Path(path).name,
        mime_type=MIME_BY_FORMAT.get(reading.format) or mimetypes.guess_type(path)[0] or "",
        size=parsed.size,
        sha256_checksum=parsed.sha256,
        source_file=source,  # the text lives once, in source.text
    )
    _provenance_writer = _Provenance(source, reading)

    for order, record in enumerate(extraction.documents):
        doc = Document.objects.create(
            source_file=source,
            order=order,
            kind=record.kind,
            start=record.start,
            end=record.end,
            reference=record.reference or "",
            title=record.title or "",
            split_reason=record.reason[:200],
            text_hash=renditions.text_hash(reading.text[record.start : record.end]),
            richness=renditions.richness(reading, record.start, record.end),
            record=_record_json(record, reading),
        )
        _provenance_writer.add(doc, doc, record.spans)
        if record.paper and record.paper.reference:
            paper = _paper_for(body, record.paper.reference)
            doc.paper = paper
            doc.save(update_fields=["paper"])
            touched_papers.add(paper.pk)
        if record.meeting and (record.meeting.organization or record.meeting.start):
            meeting = _meeting_for(body, record.meeting)
            doc.meeting = meeting
            doc.save(update_fields=["meeting"])
            touched_meetings.add(meeting.pk)
            if record.kind == "Einladung":
                meeting.invitation = file
            elif record.kind == "Niederschrift":
                meeting.verbatim_protocol = file
            meeting.save()
        if record.paper is None and record.meeting is None:
            _link_plain_rendition(doc)

    for mention in extraction.persons:
        if len(mention.name.split()) >= 2:  # a surname alone is not enough to know who
            person = _person_for(body, mention.name, None, mention.party)
            _provenance_writer.add(person, None, dict(mention.spans))
    store_cooperations(body, source, extraction)
    for paper in Paper.objects.filter(pk__in=touched_papers):
        rebuild_paper(paper)
    for meeting in Meeting.objects.filter(pk__in=touched_meetings):
        rebuild_meeting(meeting)
    schedule_index(source.pk)
    return source


def _forget(source: SourceFile) -> tuple[set[int], set[int]]:
    """Remove what a source file produced; return the papers/meetings it touched."""
    docs = source.documents.all()
    papers = set(docs.exclude(paper=None).values_list("paper_id", flat=True))
    meetings = set(docs.exclude(meeting=None).values_list("meeting_id", flat=True))
    # Renditions that pointed at one of these documents lose their main; they are
    # re-linked by rebuild_paper or stand alone.
    Document.objects.filter(rendition_of__source_file=source).update(rendition_of=None)
    forget_cooperations(source)
    Provenance.objects.filter(source_file=source).delete()
    docs.delete()
    File.objects.filter(source_file=source).delete()
    return papers, meetings


def _paper_for(body: Body, reference: str) -> Paper:
    paper, _ = Paper.objects.get_or_create(body=body, reference=reference)
    return paper


def _organization_for(body: Body, name: str, kind: str = Organization.Type.GREMIUM) -> Organization:
    org, _ = Organization.objects.get_or_create(
        body=body, name=name, defaults={"organization_type": kind}
    )
    org.revive()
    return org


def _meeting_for(body: Body, record: MeetingRecord) -> Meeting:
    """The meeting of this organization on this day: invitation and minutes share it."""
    start = _datetime(record.start)
    qs = Meeting.objects.filter(body=body)
    if start is not None:
        day = timezone.localtime(start).date()
        qs = qs.filter(start__date=day)
    if record.organization:
        qs = qs.filter(organizations__name=record.organization)
    meeting = qs.first()
    if meeting is None:
        meeting = Meeting.objects.create(body=body, start=start)
        if record.organization:
            meeting.organizations.add(_organization_for(body, record.organization))
    return meeting


def rebuild_paper(paper: Paper) -> None:
    """Paper fields come from its richest live document; the others are renditions."""
    docs = list(paper.documents.select_related("source_file__file"))
    if not docs:
        paper.deleted = True
        paper.main_file = None
        paper.save()
        paper.auxiliary_files.clear()
        paper.consultations.all().delete()
        return
    main_id = renditions.richest((d.pk, d.richness, d.source_file.path) for d in docs)
    main = next(d for d in docs if d.pk == main_id)
    for d in docs:
        target = None if d.pk == main.pk else main.pk
        if d.rendition_of_id != target:
            d.rendition_of_id = target
            d.save(update_fields=["rendition_of"])
    rec = main.record.get("paper") or {}
    paper.deleted = False
    paper.name = rec.get("title") or ""
    paper.paper_type = rec.get("kind") or main.kind
    paper.date = _date(rec.get("date"))
    paper.public = rec.get("public")
    paper.originators_text = rec.get("originators") or []
    main_file = getattr(main.source_file, "file", None)
    paper.main_file = main_file
    paper.save()
    paper.auxiliary_files.set(
        [d.source_file.file for d in docs if d.pk != main.pk and hasattr(d.source_file, "file")]
    )
    paper.consultations.all().delete()
    for order, c in enumerate(rec.get("consultations") or []):
        consultation = Consultation.objects.create(
            paper=paper,
            order=order,
            date=_date(c.get("date")),
            organization_name=c.get("organization") or "",
            role=c.get("role") or "",
            authoritative=(c.get("role") == "Entscheidung") if c.get("role") else None,
        )
        if c.get("organization"):
            consultation.organizations.add(_organization_for(paper.body, c["organization"]))
    paper.obligations.all().delete()
    for order, o in enumerate(rec.get("obligations") or []):
        Obligation.objects.create(
            paper=paper,
            order=order,
            what=o.get("what") or "",
            due=o.get("due") or "",
            due_date=_due_date(o.get("due")),
        )
    _link_paper_to_agenda(paper)
    # Facts of the paper point into its main document.
    ct = ContentType.objects.get_for_model(Paper)
    Provenance.objects.filter(content_type=ct, object_id=paper.pk).delete()
    _Provenance(main.source_file, None).add(
        paper, main, rec.get("spans") or {}, rec.get("source_spans") or {}
    )


def rebuild_meeting(meeting: Meeting) -> None:
    docs = list(meeting.documents.order_by("source_file__path", "order"))
    if not docs:
        meeting.deleted = True
        meeting.save()
        return
    # Minutes know more than the invitation (actual start/end); prefer them.
    docs.sort(key=lambda d: (d.kind != "Niederschrift", d.source_file_id, d.order))
    merged: dict[str, Any] = {}
    for d in reversed(docs):
        for key, value in (d.record.get("meeting") or {}).items():
            if value not in (None, "", [], {}):
                merged[key] = value
    meeting.deleted = False
    meeting.name = docs[0].title or merged.get("organization") or ""
    meeting.number = merged.get("number")
    meeting.public = merged.get("public")
    meeting.start = _datetime(merged.get("start")) or meeting.start
    meeting.end = _datetime(merged.get("end"))
    if merged.get("location"):
        from ratsinfo.store.models import Location

        loc, _ = Location.objects.get_or_create(description=merged["location"])
        meeting.location = loc
    meeting.save()
    _rebuild_agenda(meeting, docs, merged.get("agenda_items") or [])
    _rebuild_attendance(meeting, docs, merged.get("attendance") or [])


def _rebuild_agenda(meeting: Meeting, docs: list[Document], items: list[dict[str, Any]]) -> None:
    """Agenda items with votes, linked to the papers they deal with."""
    Consultation.objects.filter(meeting=meeting, from_agenda=True).delete()
    meeting.agenda_items.all().delete()
    source_doc = next(
        (d for d in docs if (d.record.get("meeting") or {}).get("agenda_items") == items), docs[0]
    )
    prov = _Provenance(source_doc.source_file, None)
    for order, a in enumerate(items):
        refs = [r for r in a.get("papers") or [] if r]
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            number=a.get("number") or "",
            name=a.get("title") or "",
            public=a.get("public"),
            result=a.get("result") or "",
            resolution_text=a.get("resolution_text") or "",
            added_in_meeting=bool(a.get("added_in_meeting")),
            paper_references=" ".join(refs)[:1000],
        )
        prov.add(item, source_doc, a.get("spans") or {})
        for vorder, v in enumerate(a.get("votes") or []):
            vote = Vote.objects.create(
                agenda_item=item,
                order=vorder,
                subject=v.get("subject") or "",
                kind=v.get("kind") or "",
                yes=v.get("yes"),
                no=v.get("no"),
                abstain=v.get("abstain"),
            )
            prov.add(vote, source_doc, v.get("spans") or {})
        for paper in Paper.objects.filter(body=meeting.body, reference__in=refs, deleted=False):
            _attach(paper, item)


def _attach(paper: Paper, item: AgendaItem) -> None:
    """The paper was dealt with under this agenda item: that is one of its consultations."""
    item.papers.add(paper)
    meeting = item.meeting
    day = timezone.localtime(meeting.start).date() if meeting.start else None
    consultation = None
    if day is not None:
        consultation = paper.consultations.filter(date=day, from_agenda=False).first()
    if consultation is None:
        org = meeting.organizations.first()
        consultation = Consultation.objects.create(
            paper=paper,
            date=day,
            organization_name=org.name if org else "",
            order=1000 + item.order,
            from_agenda=True,
        )
        if org is not None:
            consultation.organizations.add(org)
    consultation.meeting = meeting
    consultation.agenda_item = item
    consultation.save(update_fields=["meeting", "agenda_item", "modified"])


def _link_paper_to_agenda(paper: Paper) -> None:
    """Agenda items stored before the paper was ingested find it now."""
    items = AgendaItem.objects.filter(
        meeting__body=paper.body, paper_references__contains=paper.reference
    ).select_related("meeting")
    for item in items:
        if paper.reference in item.paper_references.split():
            _attach(paper, item)


def _rebuild_attendance(meeting: Meeting, docs: list[Document], rows: list[dict[str, Any]]) -> None:
    meeting.attendance.all().delete()
    for order, row in enumerate(rows):
        name = (row.get("name") or "").strip()
        if not name:
            continue
        person = _person_for(meeting.body, name, row.get("title"), row.get("party"))
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            order=order,
            group=row.get("group") or "",
            party=row.get("party") or "",
            organization_name=row.get("organization") or "",
            status=row.get("status") or "",
            reason=row.get("reason") or "",
            arrived=row.get("from_time") or "",
            left=row.get("until") or "",
            substitute_for=row.get("substitute_for") or "",
        )


def _person_for(body: Body, name: str, title: str | None = None, party: str | None = None) -> Person:
    """A person by full name within a body; never by surname alone."""
    person, _ = Person.objects.get_or_create(
        body=body,
        name=name,
        defaults={
            "given_name": " ".join(name.split()[:-1]),
            "family_name": name.split()[-1],
            "title": [title] if title else [],
            "party": party or "",
        },
    )
    changed = []
    if person.deleted:
        person.deleted = False
        changed.append("deleted")
    if party and person.party != party:
        person.party = party
        changed.append("party")
    if title and title not in person.title:
        person.title = [*person.title, title]
        changed.append("title")
    if changed:
        person.save(update_fields=[*changed, "modified"])
    return person


def _link_plain_rendition(doc: Document) -> None:
    """A document without reference that another file already holds is a rendition."""
    others = (
        Document.objects.filter(kind=doc.kind, rendition_of=None, paper=None, meeting=None)
        .exclude(source_file=doc.source_file)
        .select_related("source_file")
    )
    same = others.filter(text_hash=doc.text_hash).first()
    if same is None and doc.title:
        for other in others.filter(title=doc.title)[:5]:
            if renditions.resemblance(other.text, doc.text) >= renditions.NEAR_IDENTICAL:
                same = other
                break
    if same is None:
        return
    main, copy = (same, doc) if same.richness >= doc.richness else (doc, same)
    copy.rendition_of = main
    copy.save(update_fields=["rendition_of"])


class _Provenance:
    """Writes provenance rows, mapping text spans back into the source file."""

    def __init__(self, source: SourceFile, reading: Reading | None) -> None:
        self.source = source
        self.reading = reading

    def add(
        self,
        entity: Model,
        document: Document | None,
        spans: dict[str, Any],
        source_spans: dict[str, Any] | None = None,
    ) -> None:
        if not spans:
            return
        ct = ContentType.objects.get_for_model(type(entity))
        rows = []
        for fieldname, span in spans.items():
            if not span or len(span) != 2:
                continue
            start, end = int(span[0]), int(span[1])
            src_start = src_end = page = None
            if self.reading is not None:
                src_start, src_end, page = source_span(self.reading, start, end)
            elif source_spans and fieldname in source_spans:
                src_start, src_end, page = source_spans[fieldname]
            rows.append(
                Provenance(
                    content_type=ct,
                    object_id=entity.pk,
                    field=fieldname,
                    source_file=self.source,
                    document=document,
                    start=start,
                    end=end,
                    source_start=src_start,
                    source_end=src_end,
                    page=page,
                )
            )
        Provenance.objects.bulk_create(rows)


def source_span(reading: Reading, start: int, end: int) -> tuple[int, int, int | None]:
    """(source_start, source_end, page) of a text span."""
    a = reading.to_source(start)
    b = reading.to_source(max(start, end - 1))
    return a.offset, b.offset + (1 if end > start else 0), a.page or a.paragraph


def _record_json(record: DocumentRecord, reading: Reading) -> dict[str, Any]:
    """The document's paper/meeting record as JSON, spans also mapped into the source."""
    out: dict[str, Any] = {}
    for key, rec in (("paper", record.paper), ("meeting", record.meeting)):
        if rec is None:
            continue
        data = _clean(asdict(rec))
        data["source_spans"] = {
            name: list(source_span(reading, int(span[0]), int(span[1])))
            for name, span in (rec.spans or {}).items()
            if span and len(span) == 2
        }
        out[key] = data
    return out


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _due_date(due: str | None) -> dt.date | None:
    """The last day a due "YYYY-MM" or "YYYY-MM-DD" allows."""
    if not due:
        return None
    if len(due) == 7:
        try:
            year, month = int(due[:4]), int(due[5:7])
            first_next = dt.date(year + month // 12, month % 12 + 1, 1)
        except ValueError:
            return None
        return first_next - dt.timedelta(days=1)
    return _date(due)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = timezone.make_aware(parsed)
    return parsed


__all__ = ["rebuild_meeting", "rebuild_paper", "store"]
