"""Write one parsed file into the store. Called inside the file's transaction.

A file that was stored before is replaced: its documents, file and provenance go,
papers and meetings that no other file supports are soft-deleted (OParl clients see
the deletion), and everything is rebuilt from the new parse.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Model, Q
from django.utils import timezone

from ratsinfo.extract.names import parse_person_name
from ratsinfo.extract.parties import canonical_party
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
    Membership,
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
    """Write one parsed file (inside the caller's transaction)."""
    global _PENDING, _PERSONS
    # Provenance rows are written together at the end, persons looked up once per name:
    # a file costs a bounded number of queries, not one per span or per attendee.
    _PENDING, _PERSONS = [], {}
    try:
        source = _store(parsed)
        _flush_provenance()
        return source
    finally:
        _PENDING = _PERSONS = None


def _store(parsed: ParsedFile) -> SourceFile:
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

    _prefetch_persons(body, extraction)
    for order, record in enumerate(extraction.documents):
        paper = meeting = None
        if record.paper and record.paper.reference:
            paper = _paper_for(body, record.paper.reference)
            touched_papers.add(paper.pk)
        if record.meeting and (record.meeting.organization or record.meeting.start):
            meeting = _meeting_for(body, record.meeting)
            touched_meetings.add(meeting.pk)
        doc = Document.objects.create(
            source_file=source,
            paper=paper,
            meeting=meeting,
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
        if meeting is not None:
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
    # Not the files' texts: a paper's renditions may be whole session folders.
    docs = list(paper.documents.select_related("source_file__file").defer("source_file__text"))
    if not docs:
        paper.deleted = True
        paper.main_file = None
        paper.save()
        paper.auxiliary_files.clear()
        paper.consultations.all().delete()
        paper.originator_persons.clear()
        paper.originator_organizations.clear()
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
    # Consultations imported over OParl keep their ids; the printed Beratungsfolge only fills
    # them in (Consultation.keep_imported). Without them it is rebuilt from the document.
    printed = rec.get("consultations") or []
    if Consultation.keep_imported(paper, printed):
        printed = []
    else:
        paper.consultations.all().delete()
    for order, c in enumerate(printed):
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
    _rebuild_originators(paper, main, rec)
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
        _rebuild_memberships(meeting)  # its attendance no longer counts
        return
    merged = _merged_meeting(docs)
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


def _merged_meeting(docs: list[Document]) -> dict[str, Any]:
    """What the meeting's documents say of it; sorts ``docs`` minutes first."""
    # Minutes know more than the invitation (actual start/end); prefer them.
    docs.sort(key=lambda d: (d.kind != "Niederschrift", d.source_file_id, d.order))
    merged: dict[str, Any] = {}
    for d in reversed(docs):
        for key, value in (d.record.get("meeting") or {}).items():
            if value not in (None, "", [], {}):
                merged[key] = value
    return merged


def reconcile_agenda(meeting: Meeting) -> None:
    """After an OParl import adopted a meeting first stored from its documents: the imported
    agenda replaces the printed one (see ``_keep_imported_agenda``)."""
    docs = list(meeting.documents.order_by("source_file__path", "order"))
    if docs:
        _rebuild_agenda(meeting, docs, _merged_meeting(docs).get("agenda_items") or [])


def _top_key(number: str) -> str:
    """'TOP 3.1', '3.1.' and '3.1' are one agenda number."""
    n = re.sub(r"^(?:top|tagesordnungspunkt)\s*", "", number.strip().casefold())
    return re.sub(r"\s+", "", n).rstrip(".")


def _keep_imported_agenda(
    meeting: Meeting, items: list[dict[str, Any]], source_doc: Document, prov: _Provenance
) -> bool:
    """A meeting whose agenda came over OParl keeps those items and their ids (clients and
    later syncs know them), and the source's agenda is the meeting's. The printed agenda only
    adds what OParl has no field for, the votes, to the item with the same number. False
    when nothing was imported: the caller builds the agenda from the documents."""
    imported = list(meeting.agenda_items.exclude(external_id=""))
    if not imported:
        return False
    meeting.agenda_items.filter(external_id="").delete()
    Vote.objects.filter(agenda_item__in=imported).delete()
    by_number: dict[str, AgendaItem] = {}
    for item in imported:
        by_number.setdefault(_top_key(item.number), item)
    votes = []
    for a in items:
        item = by_number.get(_top_key(a.get("number") or ""))
        if item is None:
            continue  # only printed: the source's agenda wins
        for vorder, v in enumerate(a.get("votes") or []):
            votes.append((Vote(
                agenda_item=item, order=vorder, subject=v.get("subject") or "",
                kind=v.get("kind") or "", yes=v.get("yes"), no=v.get("no"),
                abstain=v.get("abstain"),
            ), v))
    Vote.objects.bulk_create([vote for vote, _ in votes])
    for vote, v in votes:
        prov.add(vote, source_doc, v.get("spans") or {})
    return True


def _rebuild_agenda(meeting: Meeting, docs: list[Document], items: list[dict[str, Any]]) -> None:
    """Agenda items with votes, linked to the papers they deal with."""
    Consultation.objects.filter(meeting=meeting, from_agenda=True).delete()
    source_doc = next(
        (d for d in docs if (d.record.get("meeting") or {}).get("agenda_items") == items), docs[0]
    )
    prov = _Provenance(source_doc.source_file, None)
    if _keep_imported_agenda(meeting, items, source_doc, prov):
        return
    meeting.agenda_items.all().delete()
    rows = []
    for order, a in enumerate(items):
        refs = [r for r in a.get("papers") or [] if r]
        rows.append(AgendaItem(
            meeting=meeting,
            order=order,
            number=a.get("number") or "",
            name=a.get("title") or "",
            public=a.get("public"),
            result=a.get("result") or "",
            resolution_text=a.get("resolution_text") or "",
            added_in_meeting=bool(a.get("added_in_meeting")),
            paper_references=" ".join(refs)[:1000],
        ))
    # Bulk inserts return the primary keys on PostgreSQL and SQLite ≥ 3.35 (Django's
    # can_return_rows_from_bulk_insert), which provenance and votes need.
    AgendaItem.objects.bulk_create(rows)
    votes = [
        (Vote(
            agenda_item=item,
            order=vorder,
            subject=v.get("subject") or "",
            kind=v.get("kind") or "",
            yes=v.get("yes"),
            no=v.get("no"),
            abstain=v.get("abstain"),
        ), v)
        for item, a in zip(rows, items, strict=True)
        for vorder, v in enumerate(a.get("votes") or [])
    ]
    Vote.objects.bulk_create([vote for vote, _ in votes])
    by_item: dict[int, list[tuple[Vote, dict[str, Any]]]] = {}
    for vote, v in votes:
        by_item.setdefault(vote.agenda_item_id, []).append((vote, v))
    # The papers of all items in one query (in the model's order, as one query per item).
    refs = [{r for r in a.get("papers") or [] if r} for a in items]
    papers = list(Paper.objects.filter(
        body=meeting.body, reference__in=set().union(*refs), deleted=False
    )) if any(refs) else []
    for item, a, wanted in zip(rows, items, refs, strict=True):
        prov.add(item, source_doc, a.get("spans") or {})
        for vote, v in by_item.get(item.pk, []):
            prov.add(vote, source_doc, v.get("spans") or {})
        for paper in papers:
            if paper.reference in wanted:
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


# An originator is a Fraktion, a person or an administrative unit. A printed unit can look
# like "Given Family" ("Stadtplanung Bauordnung"); words of units give it away.
_FRAKTION_WORD = re.compile(
    r"^(?:die\s+)?(?:fraktion(?:sgemeinschaft)?|gruppe|ratsfraktion|kreistagsfraktion"
    r"|stadtratsfraktion)\b|[\s-]fraktion$",
    re.IGNORECASE,
)
_UNIT_TEXT = re.compile(
    r"(?i)fachbereich|geschäftsbereich|\bamt\b|beirat|büro|dezernat|abteilung|referat|sachgebiet"
    r"|stabsstelle|verwaltung|fachdienst|bürgermeister|verein|verband|gmbh|e\.\s?v\.|ministerium"
    r"|landkreis|gemeinde|stadt|\brat\b|ausschuss|vorstand"
    r"|(?:ung|heit|keit|schaft|wesen|amt|dienste?|management|bereich|stelle)\b"
)


def _originator(printed: str) -> tuple[str, str] | None:
    """("fraktion" | "person" | "unit", name) of one printed originator; None if undecidable."""
    text = " ".join(printed.split()).strip(" ,;:.")
    if not text:
        return None
    if _FRAKTION_WORD.search(text) or canonical_party(text) is not None:
        return "fraktion", text
    parsed = parse_person_name(text)
    if (
        parsed is not None
        and parsed.end >= len(text)
        and parsed.family
        and not _UNIT_TEXT.search(text)
    ):
        # A surname alone ("Stadtverordneter Muster als …") cannot say who: no link.
        return ("person", parsed.full) if parsed.given else None
    return "unit", text


def _org_key(kind: str, name: str) -> str:
    """Comparison key of an organization name: Fraktion affixes and party variants folded."""
    if kind == Organization.Type.FRAKTION:
        canon = canonical_party(name)
        if canon is not None:
            return f"fraktion:{canon}"
        name = _FRAKTION_WORD.sub("", name)
    return f"{kind}:{' '.join(name.split()).casefold()}"


def _rebuild_originators(paper: Paper, main: Document, rec: dict[str, Any]) -> None:
    """OParl originatorPerson / originatorOrganization from the printed originators.

    Replaced on every rebuild (a changed file does not add to the old links). Persons are
    resolved like attendance and mentions (full name, titles folded); organizations by
    their folded name within the body, created when missing.
    """
    body = paper.body
    persons: list[Person] = []
    wanted_orgs: list[tuple[str, str]] = []  # (organization type, printed name)
    for printed in rec.get("originators") or []:
        found = _originator(printed)
        if found is None:
            continue
        kind, name = found
        if kind == "person":
            title = parse_person_name(" ".join(printed.split()))
            person = _person_for(body, name, title.title if title else None)
            if person not in persons:
                persons.append(person)
        else:
            org_type = Organization.Type.FRAKTION if kind == "fraktion" else Organization.Type.VERWALTUNG
            wanted_orgs.append((org_type, name))
    orgs: list[Organization] = []
    if wanted_orgs:
        # One fetch: the body's Fraktionen and units, and any organization of a printed name
        # (the name is unique per body whatever its type).
        existing = list(Organization.objects.filter(body=body).filter(
            Q(organization_type__in=[Organization.Type.FRAKTION, Organization.Type.VERWALTUNG])
            | Q(name__in=[n for _, n in wanted_orgs])
        ))
        by_name = {o.name: o for o in existing}
        by_key = {_org_key(o.organization_type, o.name): o for o in existing}
        for org_type, name in wanted_orgs:
            org = by_name.get(name) or by_key.get(_org_key(org_type, name))
            if org is None:
                org = Organization.objects.create(body=body, name=name, organization_type=org_type)
                by_name[name] = by_key[_org_key(org_type, name)] = org
            org.revive()
            if org not in orgs:
                orgs.append(org)
    paper.originator_persons.set(persons)
    paper.originator_organizations.set(orgs)
    # Where each originator was read: the paper's originators field in its main document.
    Provenance.objects.filter(field="originator", document__paper=paper).delete()
    span = (rec.get("spans") or {}).get("originators")
    source_span_ = (rec.get("source_spans") or {}).get("originators")
    if span:
        prov = _Provenance(main.source_file, None)
        for entity in [*persons, *orgs]:
            prov.add(entity, main, {"originator": span},
                     {"originator": source_span_} if source_span_ else None)


# Attendance groups that say the person belongs to the committee, and those that do not
# (administration, guests, advisory boards' delegates, minute-takers).
_MEMBER_GROUP = re.compile(r"(?i)vorsitz|mitglied|stellvertret|vertreter|sachkundig")
_NOT_MEMBER_GROUP = re.compile(r"(?i)verwaltung|gast|gäste|beirat|schriftf|protokoll|presse|zuhörer")
_VOTING_GROUP = re.compile(r"(?i)^(?:(?:stellv(?:\.|ertretende[rn]?)\s+)?vorsitz\w*|mitglied(?:er)?)$")


def _membership_role(group: str, substitute_for: str) -> tuple[str, bool | None] | None:
    """(role, voting right) an attendance row implies, or None if it implies no membership."""
    group = " ".join(group.split())
    if not group or _NOT_MEMBER_GROUP.search(group) or not _MEMBER_GROUP.search(group):
        return None
    if substitute_for:
        return "Stellvertreter", None  # sat in for a member: a deputy, not the member
    # Only plain members and the chair vote everywhere; the rights of added members and
    # sachkundige Einwohner differ by state law, so they are left open.
    return group, (True if _VOTING_GROUP.match(group) else None)


# The OParl keyword that marks a membership this writer derived from attendance lists: it is
# what the minutes show, not a membership list the body published (the transparency
# checklist tells the two apart), and only these are rebuilt from attendance.
FROM_ATTENDANCE = "Anwesenheitsliste"


def _rebuild_memberships(meeting: Meeting) -> None:
    """Memberships in the meeting's committee as its attendance lists say, one per person.

    Derived from all live meetings of the committee (the latest list decides the role), so
    re-ingest updates instead of duplicating; memberships no list supports any more are
    soft-deleted. Memberships from elsewhere (imported over OParl, entered by hand) are left
    alone, and no derived one is made beside them.
    """
    for org in meeting.organizations.all():
        rows = (
            Attendance.objects.filter(meeting__organizations=org, meeting__deleted=False)
            .order_by(F("meeting__start").asc(nulls_first=True), "meeting_id", "order")
            .values_list("person_id", "group", "substitute_for", "party")
        )
        wanted: dict[int, tuple[str, bool | None, str]] = {}
        for person_id, group, substitute_for, party in rows:
            role = _membership_role(group, substitute_for)
            if role is not None:
                wanted[person_id] = (*role, party)
        current = list(Membership.objects.filter(organization=org))
        derived = {m.person_id: m for m in current if FROM_ATTENDANCE in (m.keyword or [])}
        imported = {m.person_id for m in current if FROM_ATTENDANCE not in (m.keyword or [])}
        # On whose behalf: the body's Fraktion of the printed party, where one is stored.
        fraktionen = {
            _org_key(Organization.Type.FRAKTION, o.name): o
            for o in Organization.objects.filter(
                body=meeting.body, organization_type=Organization.Type.FRAKTION, deleted=False
            )
        }
        new, changed = [], []
        for person_id, (role, voting, party) in wanted.items():
            if person_id in imported:
                continue
            behalf = fraktionen.get(_org_key(Organization.Type.FRAKTION, party)) if party else None
            m = derived.get(person_id)
            if m is None:
                new.append(Membership(
                    person_id=person_id, organization=org, role=role, voting_right=voting,
                    on_behalf_of=behalf, keyword=[FROM_ATTENDANCE],
                ))
                continue
            values = (role, voting, behalf.pk if behalf else None, False)
            if (m.role, m.voting_right, m.on_behalf_of_id, m.deleted) != values:
                m.role, m.voting_right, m.deleted = role, voting, False
                m.on_behalf_of = behalf
                changed.append(m)
        for person_id, m in derived.items():
            if (person_id not in wanted or person_id in imported) and not m.deleted:
                m.deleted = True
                changed.append(m)
        now = timezone.now()
        for m in changed:
            m.modified = now  # bulk_update skips auto_now
        Membership.objects.bulk_create(new)
        Membership.objects.bulk_update(
            changed, ["role", "voting_right", "on_behalf_of", "deleted", "modified"]
        )


def _rebuild_attendance(meeting: Meeting, docs: list[Document], rows: list[dict[str, Any]]) -> None:
    meeting.attendance.all().delete()
    attendance = []
    for order, row in enumerate(rows):
        name = (row.get("name") or "").strip()
        if not name:
            continue
        person = _person_for(meeting.body, name, row.get("title"), row.get("party"))
        attendance.append(Attendance(
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
        ))
    Attendance.objects.bulk_create(attendance)
    _rebuild_memberships(meeting)


# While store() runs: provenance rows waiting to be written, persons by (body, name).
_PENDING: list[Provenance] | None = None
_PERSONS: dict[tuple[int, str], Person] | None = None


def _flush_provenance() -> None:
    if _PENDING:
        Provenance.objects.bulk_create(_PENDING)
        _PENDING.clear()


def _prefetch_persons(body: Body, extraction: Any) -> None:
    """The persons this file names (mentions, attendance lists), with one query."""
    if _PERSONS is None:
        return
    names = {m.name for m in extraction.persons if len(m.name.split()) >= 2}
    for record in extraction.documents:
        for row in getattr(record.meeting, "attendance", None) or []:
            name = (getattr(row, "name", None) or "").strip()
            if name:
                names.add(name)
        for printed in getattr(record.paper, "originators", None) or []:
            originator = _originator(printed)
            if originator is not None and originator[0] == "person":
                names.add(originator[1])
    found: dict[str, list[Person]] = {}
    for person in Person.objects.filter(body=body, name__in=names):
        found.setdefault(person.name, []).append(person)
    for name, persons in found.items():
        if len(persons) == 1:  # duplicates: let get_or_create complain as it always did
            _PERSONS[(body.pk, name)] = persons[0]


_LEADING_TITLE = re.compile(
    r"^(?:(?:Prof|Dr|Dipl\.-\w+|PD)\.?(?:\s?(?:med|rer\.\s?nat|phil|jur|h\.\s?c|habil|ing)\.)*\s+)+"
)


def _person_for(body: Body, name: str, title: str | None = None, party: str | None = None) -> Person:
    """A person by full name within a body; never by surname alone. Titles are folded:
    "Dr. Erika Muster" is Erika Muster with the title Dr."""
    name = " ".join(name.split())
    m = _LEADING_TITLE.match(name)
    if m and len(name[m.end():].split()) >= 2:
        title = title or m.group().strip()
        name = name[m.end():]
    person = _PERSONS.get((body.pk, name)) if _PERSONS is not None else None
    if person is None:
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
        if _PERSONS is not None:
            _PERSONS[(body.pk, name)] = person
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
        if _PENDING is not None:
            _PENDING.extend(rows)
        else:
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


__all__ = ["FROM_ATTENDANCE", "rebuild_meeting", "rebuild_paper", "store"]
