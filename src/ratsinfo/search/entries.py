"""What is indexed: one entry per paper, meeting, agenda item, standalone document, person,
organization and cooperation, built from the store.

A paper's text is its main document's text; a meeting's text is its agenda and the text
of its invitation and minutes; documents that belong to neither are entries of their own.
``segments`` map offsets in an entry's text back to ``SourceFile.text`` so snippets can
point at the original spans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Prefetch
from django.utils import timezone

KIND_WEIGHT = {
    "paper": 1.25,
    "meeting": 1.15,
    "person": 1.15,
    "organization": 1.1,
    "cooperation": 1.05,
    "agenda_item": 1.0,
    "document": 1.0,
}


@dataclass
class Entry:
    key: str
    kind: str
    title: str
    url: str
    text: str = ""
    reference: str = ""
    label: str = ""
    date: int | None = None  # yyyymmdd
    body: str = ""
    organizations: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    # (offset in text, source_file id, offset in source text, length)
    segments: list[tuple[int, int, int, int]] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)

    def boost(self) -> float:
        """Kind weight times a mild recency factor (1.0 … 1.15 from 2000 to 2030)."""
        recency = 1.0
        if self.date:
            year = self.date // 10000 + (self.date // 100 % 100) / 12
            recency = 1.0 + 0.15 * min(1.0, max(0.0, (year - 2000) / 30))
        return KIND_WEIGHT.get(self.kind, 1.0) * recency

    def source_span(self, start: int, end: int) -> dict[str, int] | None:
        """Where text[start:end] lies in the stored source file."""
        for off, sf, src, length in self.segments:
            if off <= start < off + length:
                return {"source_file": sf, "start": src + start - off, "end": src + min(end, off + length) - off}
        return None


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.segments: list[tuple[int, int, int, int]] = []

    def add(self, text: str, source: tuple[int, int] | None = None) -> None:
        if not text:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.size += 2
        if source is not None:
            self.segments.append((self.size, source[0], source[1], len(text)))
        self.parts.append(text)
        self.size += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _date(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.year * 10000 + value.month * 100 + value.day


def _url(name: str, pk: int, fallback: str) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(f"serve:{name}", args=[pk])
    except NoReverseMatch:
        return fallback


def _doc_text(doc: Any, out: _TextBuilder) -> None:
    sf = doc.source_file
    out.add(sf.text[doc.start : doc.end], (sf.pk, doc.start))


def paper_entries(ids: Iterable[int] | None = None) -> Iterator[Entry]:
    from ratsinfo.store.models import Paper

    qs = Paper.objects.filter(deleted=False).select_related("body").prefetch_related(
        "documents__source_file", "consultations", "originator_persons", "originator_organizations"
    )
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for p in qs.iterator(chunk_size=200):
        docs = sorted(p.documents.all(), key=lambda d: (d.rendition_of_id is not None, -d.richness))
        out = _TextBuilder()
        if docs:
            _doc_text(docs[0], out)
        orgs = [c.organization_name for c in p.consultations.all() if c.organization_name]
        orgs += [o.name for o in p.originator_organizations.all()]
        persons = [x.name for x in p.originator_persons.all()]
        yield Entry(
            key=f"paper:{p.pk}",
            kind="paper",
            title=p.name or p.reference,
            url=_url("paper_detail", p.pk, f"/papers/{p.pk}/"),
            text=out.text(),
            reference=p.reference,
            label=p.paper_type,
            date=_date(p.date),
            body=p.body.name,
            organizations=list(dict.fromkeys(orgs)),
            persons=persons,
            segments=out.segments,
            sources=sorted({d.source_file_id for d in docs}),
        )


def meeting_entries(ids: Iterable[int] | None = None) -> Iterator[Entry]:
    from ratsinfo.store.models import Attendance, Meeting

    qs = Meeting.objects.filter(deleted=False).select_related("body", "location").prefetch_related(
        "organizations", "agenda_items", "documents__source_file",
        # Persons joined, not prefetched: Django 5.2 prefetches a foreign key as an OR chain,
        # and SQLite refuses one of 1,000 terms (a batch of meetings can name that many).
        Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
    )
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for m in qs.iterator(chunk_size=100):
        out = _TextBuilder()
        orgs = [o.name for o in m.organizations.all()]
        out.add("\n".join(f"{a.number} {a.name}".strip() for a in m.agenda_items.all()))
        docs = [d for d in m.documents.all() if d.rendition_of_id is None]
        for d in sorted(docs, key=lambda d: (d.source_file_id, d.order)):
            _doc_text(d, out)
        day = timezone.localtime(m.start).strftime("%d.%m.%Y") if m.start else ""
        title = m.name or ", ".join(orgs) or "Sitzung"
        yield Entry(
            key=f"meeting:{m.pk}",
            kind="meeting",
            title=f"{title} ({day})" if day else title,
            url=_url("meeting_detail", m.pk, f"/meetings/{m.pk}/"),
            text=out.text(),
            date=_date(m.start),
            body=m.body.name,
            organizations=orgs,
            persons=[a.person.name for a in m.attendance.all()],
            parties=list(dict.fromkeys(a.party for a in m.attendance.all() if a.party)),
            label=m.location.description if m.location else "",
            segments=out.segments,
            sources=sorted({d.source_file_id for d in m.documents.all()}),
        )


def agenda_item_entries(ids: Iterable[int] | None = None) -> Iterator[Entry]:
    from ratsinfo.store.models import AgendaItem

    qs = AgendaItem.objects.filter(meeting__deleted=False).select_related("meeting__body").prefetch_related(
        "meeting__organizations", "meeting__documents"
    )
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for a in qs.iterator(chunk_size=500):
        m = a.meeting
        text = "\n".join(x for x in (a.name, a.result, a.resolution_text, a.paper_references) if x)
        yield Entry(
            key=f"agenda_item:{a.pk}",
            kind="agenda_item",
            title=f"TOP {a.number} {a.name}".strip() if a.number else a.name,
            url=_url("meeting_detail", m.pk, f"/meetings/{m.pk}/") + f"#top-{a.order}",
            text=text,
            date=_date(m.start),
            body=m.body.name,
            organizations=[o.name for o in m.organizations.all()],
            sources=sorted({d.source_file_id for d in m.documents.all()}),
        )


def document_entries(ids: Iterable[int] | None = None) -> Iterator[Entry]:
    """Documents that no paper or meeting stands for (reports, press releases, slides)."""
    from ratsinfo.store.models import Document

    qs = Document.objects.filter(paper=None, meeting=None, rendition_of=None).select_related(
        "source_file__body"
    )
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for d in qs.iterator(chunk_size=100):
        out = _TextBuilder()
        _doc_text(d, out)
        body = d.source_file.body
        yield Entry(
            key=f"document:{d.pk}",
            kind="document",
            title=d.title or d.reference or d.kind,
            url=_url("document_detail", d.pk, f"/documents/{d.pk}/"),
            text=out.text(),
            reference=d.reference,
            label=d.kind,
            body=body.name if body else "",
            segments=out.segments,
            sources=[d.source_file_id],
        )


def person_entries(ids: Iterable[int] | None = None) -> Iterator[Entry]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Min

    from ratsinfo.store.models import Attendance, Document, Person, Provenance

    qs = Person.objects.filter(deleted=False).select_related("body").prefetch_related("memberships__organization")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    ct = ContentType.objects.get_for_model(Person)
    for p in qs.iterator(chunk_size=200):
        lines = [p.name, " ".join(t for t in p.title if isinstance(t, str)), p.party]
        orgs: list[str] = []
        for ms in p.memberships.all():
            lines.append(f"{ms.role} {ms.organization.name}".strip())
            orgs.append(ms.organization.name)
        # The functions the minutes give in each body ("Ausschussvorsitz — Ausschuss für …"),
        # each once, grouped in the database: a member of long standing attended a thousand
        # meetings (and prefetching those meetings overran SQLite's expression depth).
        roles = (
            Attendance.objects.filter(person=p)
            .values_list("group", "meeting__organizations__name")
            .annotate(first=Min("meeting_id"))
            .order_by("first", "group", "meeting__organizations__name")
        )
        for group, org, _first in roles:
            lines.append(" ".join(x for x in (group, org) if x))
            if org:
                orgs.append(org)
        sources = set(
            Document.objects.filter(meeting__attendance__person=p).values_list("source_file_id", flat=True)
        )
        sources.update(
            Provenance.objects.filter(content_type=ct, object_id=p.pk).values_list("source_file_id", flat=True)
        )
        yield Entry(
            key=f"person:{p.pk}",
            kind="person",
            title=p.name,
            url=_url("person_detail", p.pk, f"/persons/{p.pk}/"),
            text="\n".join(dict.fromkeys(x for x in lines if x)),
            label=p.party,
            body=p.body.name,
            organizations=list(dict.fromkeys(orgs)),
            persons=[p.name],
            parties=[p.party] if p.party else [],
            sources=sorted(sources),
        )


def organization_entries(ids: Iterable[int] | None = None) -> Iterator[Entry]:
    from ratsinfo.store.models import Membership, Organization

    qs = Organization.objects.filter(deleted=False).select_related("body").prefetch_related(
        # Persons joined, not prefetched (see meeting_entries).
        Prefetch("memberships", queryset=Membership.objects.select_related("person")), "meetings__documents"
    )
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for o in qs.iterator(chunk_size=200):
        members = [f"{m.person.name} {m.role}".strip() for m in o.memberships.all()]
        yield Entry(
            key=f"organization:{o.pk}",
            kind="organization",
            title=o.name,
            url=_url("organization_detail", o.pk, f"/organizations/{o.pk}/"),
            text="\n".join(x for x in (o.name, o.short_name, o.organization_type, o.classification, *members) if x),
            label=o.organization_type,
            body=o.body.name,
            organizations=[o.name],
            persons=[m.person.name for m in o.memberships.all()],
            sources=sorted({d.source_file_id for m in o.meetings.all() for d in m.documents.all()}),
        )


def _cooperation_model() -> Any:
    try:
        return apps.get_model("store", "Cooperation")
    except LookupError:
        return None


def cooperation_entries(ids: Iterable[int] | None = None) -> Iterator[Entry]:
    """Cooperations (register of inter-municipal cooperation), when the store has them.

    Read generically (every text field) because the register's model evolves on its own.
    """
    model = _cooperation_model()
    if model is None:
        return
    from django.db import models as djm

    qs = model.objects.all()
    if any(f.name == "deleted" for f in model._meta.fields):
        qs = qs.filter(deleted=False)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    text_fields = [f.name for f in model._meta.fields if isinstance(f, djm.CharField | djm.TextField)]
    has_body = any(f.name == "body" for f in model._meta.fields)
    if has_body:
        qs = qs.select_related("body")
    mentions = apps.get_model("store", "CooperationMention")
    rows = list(qs.order_by("pk"))
    # The files that name each cooperation: when one of them changes, its entry is redone.
    sources: dict[int, set[int]] = {}
    for start in range(0, len(rows), 500):
        chunk = [c.pk for c in rows[start : start + 500]]
        for coop, sf in mentions.objects.filter(cooperation_id__in=chunk).values_list(
            "cooperation_id", "source_file_id"
        ):
            sources.setdefault(coop, set()).add(sf)
    for c in rows:
        values = [str(getattr(c, n) or "") for n in text_fields]
        title = str(getattr(c, "name", "") or getattr(c, "title", "") or c)
        body = c.body if has_body else None
        yield Entry(
            key=f"cooperation:{c.pk}",
            kind="cooperation",
            title=title,
            url=_url("cooperation_detail", c.pk, f"/cooperations/{c.pk}/"),
            text="\n".join(v for v in values if v and v != title),
            body=body.name if body is not None else "",
            sources=sorted(sources.get(c.pk, ())),
        )


COLLECTORS = {
    "paper": paper_entries,
    "meeting": meeting_entries,
    "agenda_item": agenda_item_entries,
    "document": document_entries,
    "person": person_entries,
    "organization": organization_entries,
    "cooperation": cooperation_entries,
}


def all_entries() -> Iterator[Entry]:
    for collect in COLLECTORS.values():
        yield from collect()


def entries_for_keys(keys: Iterable[str]) -> tuple[list[Entry], set[str]]:
    """(current entries, keys that no longer exist) for index keys."""
    by_kind: dict[str, set[int]] = {}
    for key in keys:
        kind, _, pk = key.partition(":")
        if kind in COLLECTORS and pk.isdigit():
            by_kind.setdefault(kind, set()).add(int(pk))
    found: list[Entry] = []
    for kind, ids in by_kind.items():
        found.extend(COLLECTORS[kind](ids))
    missing = {f"{k}:{i}" for k, ids in by_kind.items() for i in ids} - {e.key for e in found}
    return found, missing


def keys_for_source(source_file_id: int) -> set[str]:
    """Keys of everything a source file now supports (papers, meetings, … it produced)."""
    from ratsinfo.store.models import (
        AgendaItem,
        Attendance,
        Consultation,
        Document,
        Meeting,
        Provenance,
    )

    keys: set[str] = set()
    docs = Document.objects.filter(source_file_id=source_file_id)
    papers = set(docs.exclude(paper=None).values_list("paper_id", flat=True))
    meetings = set(docs.exclude(meeting=None).values_list("meeting_id", flat=True))
    keys.update(f"paper:{p}" for p in papers)
    keys.update(f"meeting:{m}" for m in meetings)
    keys.update(f"document:{d}" for d in docs.filter(paper=None, meeting=None).values_list("pk", flat=True))
    keys.update(
        f"agenda_item:{a}" for a in AgendaItem.objects.filter(meeting_id__in=meetings).values_list("pk", flat=True)
    )
    persons = set(Attendance.objects.filter(meeting_id__in=meetings).values_list("person_id", flat=True))
    from django.contrib.contenttypes.models import ContentType

    from ratsinfo.store.models import Person

    ct = ContentType.objects.get_for_model(Person)
    persons.update(
        Provenance.objects.filter(source_file_id=source_file_id, content_type=ct).values_list("object_id", flat=True)
    )
    keys.update(f"person:{p}" for p in persons)
    # Two plain look-ups instead of one OR over two joins (which scans every organization's
    # meetings and consultations: 0.6 s per file on a large store).
    orgs = set(
        Meeting.organizations.through.objects.filter(meeting_id__in=meetings).values_list(
            "organization_id", flat=True
        )
    )
    orgs.update(
        Consultation.organizations.through.objects.filter(consultation__paper_id__in=papers).values_list(
            "organization_id", flat=True
        )
    )
    keys.update(f"organization:{o}" for o in orgs)
    if _cooperation_model() is not None:
        # Only the cooperations this file names; those it named before are found through
        # the index's own record of their sources (backend.keys_for_source).
        from ratsinfo.store.models import CooperationMention

        keys.update(
            f"cooperation:{c}"
            for c in CooperationMention.objects.filter(source_file_id=source_file_id)
            .values_list("cooperation_id", flat=True)
            .distinct()
        )
    return keys
