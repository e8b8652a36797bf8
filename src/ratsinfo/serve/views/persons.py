"""Persons: list (searchable by name) and detail (memberships, attendance, papers, mentions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, IntegerField, Max, Q, Value
from django.db.models.functions import Greatest, Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ratsinfo.store.models import (
    Attendance,
    Document,
    Membership,
    Organization,
    Paper,
    Person,
    Provenance,
)

from .common import _page

# The minutes' vocabulary, as the attendance extractor normalises it.
PRESENT = "anwesend"
ABSENT = "abwesend"
EXCUSED = "entschuldigt"

# Rows a detail page lists at most (the newest); the totals are always counted in full.
MAX_ROWS = 20
# Source files whose mentions one page shows, and the spans read from them at most.
MENTION_FILES = 10
MAX_MENTIONS = 100
# Characters of source text shown either side of a mention.
CONTEXT = 80
# Spans of one person closer than this (name, role, party of one signature) are one mention.
NEAR = 200

FIELD_LABELS = {
    "name": "Name",
    "role": "Funktion",
    "party": "Partei",
    "organization": "Organisation",
}


def person_label(person: Person) -> str:
    """Titles, name and affix ("Dr. Erika Beispiel"): what a heading or table row shows."""
    label = " ".join([*(t for t in person.title or [] if t), person.name])
    return f"{label}, {person.affix}" if person.affix else label


def person_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    qs = Person.objects.filter(deleted=False).select_related("body").order_by(
        "family_name", "given_name", "name", "pk"
    )
    # Every word must occur in the name: "müller anna" finds "Anna Müller".
    for word in q.split()[:8]:
        qs = qs.filter(name__icontains=word)
    page = _page(request, qs)
    people = list(page.object_list)
    # Counts for this page's people only: one grouped query, whatever the store holds.
    counts = {
        row["person"]: row
        for row in Attendance.objects.filter(person__in=people, meeting__deleted=False)
        .values("person")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(status=PRESENT)))
    }
    for p in people:
        p.label = person_label(p)
        row = counts.get(p.pk, {})
        p.meetings_total = row.get("total", 0)
        p.meetings_present = row.get("present", 0)
    context = {"section": "persons", "page": page, "people": people, "q": q}
    return render(request, "ratsinfo/person_list.html", context)


@dataclass
class AttendanceRecord:
    """A person's attendance over all meetings whose minutes name them."""

    total: int = 0
    present: int = 0
    absent: int = 0
    excused: int = 0
    unexcused: int = 0

    @property
    def known(self) -> int:
        return self.present + self.absent

    @property
    def rate(self) -> float | None:
        """Share of the meetings with a known status that the person attended."""
        return self.present / self.known if self.known else None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else 100 * self.rate


def attendance_record(person: Person) -> AttendanceRecord:
    agg = Attendance.objects.filter(person=person, meeting__deleted=False).aggregate(
        total=Count("pk"),
        present=Count("pk", filter=Q(status=PRESENT)),
        absent=Count("pk", filter=Q(status=ABSENT)),
        excused=Count("pk", filter=Q(status=ABSENT, reason=EXCUSED)),
    )
    return AttendanceRecord(
        total=agg["total"],
        present=agg["present"],
        absent=agg["absent"],
        excused=agg["excused"],
        unexcused=agg["absent"] - agg["excused"],
    )


@dataclass
class Mention:
    """One place in one file that names the person: the spans found there, one snippet."""

    source_file_id: int
    file_name: str
    start: int
    end: int
    document: Document | None = None
    printed: dict[str, str] = field(default_factory=dict)
    before: str = ""
    hit: str = ""
    after: str = ""

    @property
    def details(self) -> list[tuple[str, str]]:
        return [(_(FIELD_LABELS.get(k, k)), v) for k, v in self.printed.items()]


def mentions_of(obj: Any, request: HttpRequest, limit: int = MAX_MENTIONS) -> tuple[list[Mention], Any, bool]:
    """The places in the sources that name ``obj`` (its provenance), grouped by place, with
    the document each lies in and a snippet of text around it; one page of source files,
    the newest first, so the work stays the same however often the store names ``obj``.
    Four queries: the files' count and page, their spans, their documents."""
    base = Provenance.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    )
    files_page = _page(
        request,
        base.order_by("-source_file_id").values_list("source_file_id", flat=True).distinct(),
        MENTION_FILES,
    )
    base = base.filter(source_file_id__in=list(files_page.object_list))
    # The snippet is cut in the database: a source text can be megabytes.
    ctx_start = Greatest(F("start") - CONTEXT, Value(0), output_field=IntegerField())
    # Plain rows, not model instances: a page reads up to a hundred.
    rows = list(
        base.annotate(
            ctx_start=ctx_start,
            ctx=Substr("source_file__text", ctx_start + 1, F("end") - ctx_start + CONTEXT),
        )
        .order_by("-source_file_id", "start", "pk")
        .values("field", "start", "end", "source_file_id", "source_file__path", "ctx_start", "ctx")[:limit]
    )
    groups: list[Mention] = []
    anchor: dict[int, dict[str, Any]] = {}  # the row whose snippet a group shows
    for r in rows:
        g = groups[-1] if groups else None
        if g is None or g.source_file_id != r["source_file_id"] or r["start"] - g.end > NEAR:
            g = Mention(r["source_file_id"], r["source_file__path"].rsplit("/", 1)[-1], r["start"], r["end"])
            groups.append(g)
            anchor[id(g)] = r
        g.end = max(g.end, r["end"])
        text = (r["ctx"] or "")[r["start"] - r["ctx_start"] : r["end"] - r["ctx_start"]]
        g.printed.setdefault(r["field"], text)
        if r["field"] == "name" and anchor[id(g)]["field"] != "name":
            anchor[id(g)] = r
    for g in groups:
        r = anchor[id(g)]
        ctx, off, n = r["ctx"] or "", r["start"] - r["ctx_start"], r["end"] - r["start"]
        g.before, g.hit, g.after = ctx[:off], ctx[off : off + n], ctx[off + n :]
    # Mentions carry no document of their own: find the document whose range holds each.
    files = {g.source_file_id for g in groups}
    if files:
        docs: dict[int, list[Document]] = {}
        for d in (
            Document.objects.filter(source_file_id__in=files)
            .select_related("paper", "meeting")
            .only(
                "pk", "source_file_id", "start", "end", "kind", "title", "reference",
                # What the paper table shows: a deferred field would cost a query per row.
                "paper__id", "paper__reference", "paper__name", "paper__deleted",
                "paper__paper_type", "paper__date",
                "meeting__id", "meeting__name", "meeting__start", "meeting__deleted",
            )
            .order_by("source_file_id", "start")
        ):
            docs.setdefault(d.source_file_id, []).append(d)
        for g in groups:
            g.document = next(
                (d for d in docs.get(g.source_file_id, []) if d.start <= g.start < d.end), None
            )
    # True when this page's files name the person more often than a page lists.
    return groups, files_page, len(rows) >= limit


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("body"), pk=pk, deleted=False)
    memberships = list(
        Membership.objects.filter(person=person, deleted=False, organization__deleted=False)
        .select_related("organization", "on_behalf_of")
        .order_by(F("end_date").desc(nulls_first=True), "organization__name", "pk")
    )
    # What the minutes say about the person in each body: the function and how often.
    roles = list(
        Attendance.objects.filter(person=person, meeting__deleted=False)
        .values("meeting__organizations__pk", "meeting__organizations__name", "group")
        .annotate(
            meetings=Count("pk"),
            present=Count("pk", filter=Q(status=PRESENT)),
            last=Max("meeting__start"),
        )
        .order_by("meeting__organizations__name", "group")
    )
    attendance = (
        Attendance.objects.filter(person=person, meeting__deleted=False)
        .select_related("meeting")
        .only(
            "status", "reason", "group", "party", "organization_name", "arrived", "left",
            "substitute_for", "meeting__id", "meeting__name", "meeting__start", "meeting__number",
        )
        .order_by(F("meeting__start").desc(nulls_last=True), "-pk")[:MAX_ROWS]
    )
    originated = Paper.objects.filter(originator_persons=person, deleted=False).order_by(
        F("date").desc(nulls_last=True), "-pk"
    )
    originated_count = originated.count()
    mentions, mention_page, mentions_truncated = mentions_of(person, request)
    # Papers whose documents name the person (a signature under an Antrag, a speaker).
    seen: set[int] = set()
    mentioned_papers = []
    for m in mentions:
        p = m.document.paper if m.document else None
        if p is not None and not p.deleted and p.pk not in seen:
            seen.add(p.pk)
            mentioned_papers.append(p)
    context = {
        "section": "persons",
        "person": person,
        "label": person_label(person),
        "memberships": memberships,
        "fraktionen": [m for m in memberships if m.organization.organization_type == Organization.Type.FRAKTION],
        "roles": roles,
        "record": attendance_record(person),
        "attendance": attendance,
        "max_rows": MAX_ROWS,
        "originated": originated[:MAX_ROWS],
        "originated_count": originated_count,
        "mentions": mentions,
        "mentions_truncated": mentions_truncated,
        "page": mention_page,
        "mentioned_papers": mentioned_papers,
    }
    return render(request, "ratsinfo/person_detail.html", context)
