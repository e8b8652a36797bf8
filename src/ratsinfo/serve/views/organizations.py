"""Organizations (Gremien, Fraktionen, Beiräte): list and detail, with the transparency
checklist for advisory boards that a council may ask for (composition, rules of procedure,
minutes, meeting dates, recommendations: published or missing)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ratsinfo.store.models import (
    Attendance,
    Consultation,
    Document,
    Meeting,
    Membership,
    Organization,
    Paper,
)
from ratsinfo.store.writer import FROM_ATTENDANCE

from .common import _meetings, _page
from .persons import PRESENT, person_label

# Rows each list of a detail page shows at most (the newest); totals are counted in full.
MAX_ROWS = 20
MAX_PARTICIPANTS = 200
# Meetings, newest first, whose attendance lists the participant table sums.
PARTICIPANT_MEETINGS = 50
# Words that mark an advisory board in a type, classification or name ("Seniorenbeirat").
ADVISORY_WORD = "beirat"
# Document and paper wording the checklist looks for; general German council vocabulary.
RULES_WORD = "Geschäftsordnung"
MINUTES_KIND = "Niederschrift"
RECOMMENDATION_WORDS = ("Empfehlung", "Stellungnahme")


def is_advisory_board(org: Organization) -> bool:
    """A Beirat by its type, its classification or its name."""
    return org.organization_type == Organization.Type.BEIRAT or any(
        ADVISORY_WORD in (value or "").casefold() for value in (org.classification, org.name)
    )


def organization_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("type", "")
    qs = Organization.objects.filter(deleted=False).select_related("body").order_by("name", "pk")
    for word in q.split()[:8]:
        qs = qs.filter(Q(name__icontains=word) | Q(short_name__icontains=word))
    kinds = dict(Organization.Type.choices)
    if kind == "Beirat":
        # Advisory boards are often stored without their type: the name tells.
        qs = qs.filter(
            Q(organization_type=kind)
            | Q(name__icontains=ADVISORY_WORD)
            | Q(classification__icontains=ADVISORY_WORD)
        )
    elif kind in kinds:
        qs = qs.filter(organization_type=kind)
    else:
        kind = ""
    page = _page(request, qs)
    orgs = list(page.object_list)
    # This page's counts only, two grouped queries whatever the store holds.
    meetings = dict(
        Meeting.organizations.through.objects.filter(
            organization__in=orgs, meeting__deleted=False
        )
        .values_list("organization")
        .annotate(n=Count("pk"))
    )
    members = dict(
        Membership.objects.filter(organization__in=orgs, deleted=False)
        .values_list("organization")
        .annotate(n=Count("person", distinct=True))
    )
    for o in orgs:
        o.meeting_count = meetings.get(o.pk, 0)
        o.member_count = members.get(o.pk, 0)
        o.advisory = is_advisory_board(o)
    context = {
        "section": "organizations",
        "page": page,
        "orgs": orgs,
        "q": q,
        "type": kind,
        "types": Organization.Type.choices,
    }
    return render(request, "ratsinfo/organization_list.html", context)


@dataclass
class CheckItem:
    """One point of the transparency checklist: published (with where) or missing."""

    label: str
    published: bool
    url: str = ""
    link_text: str = ""
    note: str = ""


def _mentions_org(field: str, org: Organization, body_field: str = "body") -> Q:
    """Names the board ("Geschäftsordnung des Seniorenbeirates"), within the same body."""
    q = Q(**{f"{field}__icontains": org.name})
    if org.short_name:
        q |= Q(**{f"{field}__icontains": org.short_name})
    return q & Q(**{body_field: org.body_id})


def transparency_checklist(
    org: Organization,
    members: int,
    known: int,
    meetings: QuerySet[Meeting],
    papers: QuerySet[Paper],
) -> list[CheckItem]:
    """What an advisory board publishes, each point looked up in the store (five queries).

    ``members``: people with a stored membership; ``known``: people the minutes list."""
    items = [
        CheckItem(
            _("Zusammensetzung (Mitglieder)"),
            members > 0,
            "#mitglieder" if members else "",
            ngettext("%(n)d Mitglied", "%(n)d Mitglieder", members) % {"n": members} if members else "",
            "" if members or not known else ngettext(
                "keine Mitgliederliste; %(n)d Person nennen die Anwesenheitslisten",
                "keine Mitgliederliste; %(n)d Personen nennen die Anwesenheitslisten",
                known,
            ) % {"n": known},
        )
    ]
    light_docs = Document.objects.only("pk", "kind", "title", "reference", "source_file_id")
    rules_doc = (
        light_docs.filter(title__icontains=RULES_WORD)
        .filter(
            Q(meeting__in=meetings)
            | Q(paper__in=papers)
            | _mentions_org("title", org, "source_file__body")
        )
        .order_by("-pk")
        .first()
    )
    if rules_doc is None:
        rules_paper = (
            Paper.objects.filter(deleted=False, name__icontains=RULES_WORD)
            .filter(Q(pk__in=papers) | _mentions_org("name", org))
            .only("pk", "reference", "name")
            .order_by(F("date").desc(nulls_last=True), "-pk")
            .first()
        )
    else:
        rules_paper = None
    if rules_doc is not None:
        items.append(
            CheckItem(
                _("Geschäftsordnung"),
                True,
                reverse("serve:document_detail", args=[rules_doc.pk]),
                rules_doc.title or rules_doc.kind,
            )
        )
    elif rules_paper is not None:
        items.append(
            CheckItem(
                _("Geschäftsordnung"),
                True,
                reverse("serve:paper_detail", args=[rules_paper.pk]),
                f"{rules_paper.reference} {rules_paper.name}".strip(),
            )
        )
    else:
        items.append(CheckItem(_("Geschäftsordnung"), False))

    minutes = light_docs.filter(kind=MINUTES_KIND, meeting__in=meetings).select_related(
        "meeting"
    ).only("pk", "kind", "title", "meeting__id", "meeting__start", "meeting__name")
    latest = minutes.order_by(F("meeting__start").desc(nulls_last=True), "-pk").first()
    items.append(
        CheckItem(
            _("Protokolle (Niederschriften)"),
            latest is not None,
            reverse("serve:document_detail", args=[latest.pk]) if latest else "",
            (
                _("Niederschrift vom %(date)s")
                % {"date": timezone.localtime(latest.meeting.start).strftime("%d.%m.%Y")}
                if latest and latest.meeting.start
                else (latest.title if latest else "")
            ),
        )
    )
    dates = meetings.aggregate(n=Count("pk"), last=Max("start"))
    items.append(
        CheckItem(
            _("Sitzungstermine"),
            dates["n"] > 0,
            "#sitzungen" if dates["n"] else "",
            ngettext("%(n)d Sitzung", "%(n)d Sitzungen", dates["n"]) % {"n": dates["n"]} if dates["n"] else "",
            (
                _("zuletzt am %(date)s")
                % {"date": timezone.localtime(dates["last"]).strftime("%d.%m.%Y")}
                if dates["last"]
                else ""
            ),
        )
    )
    wording = Q()
    for word in RECOMMENDATION_WORDS:
        wording |= Q(paper_type__icontains=word) | Q(name__icontains=word)
    recommendation = (
        Paper.objects.filter(deleted=False)
        .filter(wording)
        .filter(Q(pk__in=papers) | _mentions_org("name", org))
        .only("pk", "reference", "name")
        .order_by(F("date").desc(nulls_last=True), "-pk")
        .first()
    )
    items.append(
        CheckItem(
            _("Empfehlungen und Stellungnahmen"),
            recommendation is not None,
            reverse("serve:paper_detail", args=[recommendation.pk]) if recommendation else "",
            f"{recommendation.reference} {recommendation.name}".strip() if recommendation else "",
        )
    )
    return items


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(
        Organization.objects.select_related("body", "location", "sub_organization_of"),
        pk=pk,
        deleted=False,
    )
    today = timezone.localdate()
    memberships = list(
        Membership.objects.filter(organization=org, deleted=False, person__deleted=False)
        .select_related("person", "on_behalf_of")
        .only(
            "role", "voting_right", "start_date", "end_date", "keyword",
            "person__id", "person__name", "person__title", "person__affix", "person__party",
            "on_behalf_of__id", "on_behalf_of__name",
        )
        .order_by("person__family_name", "person__given_name", "pk")
    )
    # A membership derived from attendance lists gives way to a published one of the person.
    published = {m.person_id for m in memberships if FROM_ATTENDANCE not in (m.keyword or [])}
    memberships = [
        m for m in memberships if m.person_id not in published or FROM_ATTENDANCE not in (m.keyword or [])
    ]
    for m in memberships:
        m.person.label = person_label(m.person)
    current = [m for m in memberships if not m.end_date or m.end_date >= today]
    former = [m for m in memberships if m.end_date and m.end_date < today]
    # Who the minutes of this body's newest meetings list, with their function there: a
    # committee meeting monthly for decades would otherwise sum every list it ever kept.
    recent = (
        Meeting.objects.filter(organizations=org, deleted=False)
        .order_by(F("start").desc(nulls_last=True), "-pk")
        .values("pk")[:PARTICIPANT_MEETINGS]
    )
    participants = list(
        Attendance.objects.filter(meeting__in=recent, person__deleted=False)
        .values("person", "person__name", "group", "party", "organization_name")
        .annotate(
            meetings=Count("pk"),
            present=Count("pk", filter=Q(status=PRESENT)),
            first=Min("order"),
            last=Max("meeting__start"),
        )
        .order_by("first", "person__name")[:MAX_PARTICIPANTS]
    )
    # The newest meetings; all of them are one link away, paginated, on the meeting list.
    # The table names no Gremium (it is this one): no prefetch of the organizations.
    meetings_qs = _meetings().prefetch_related(None).filter(organizations=org)
    meeting_count = meetings_qs.count()
    # The committee's consultations are ranked and counted without joining their papers
    # (deleted papers are few: excluded by a subquery); only the shown rows are joined.
    # Half the time of one joined query on a committee with thousands of consultations.
    newest = F("date").desc(nulls_last=True), "-pk"
    live = Consultation.objects.filter(organizations=org, deleted=False).exclude(
        paper__in=Paper.objects.filter(deleted=True).values("pk")
    )
    shown = list(live.order_by(*newest).values_list("pk", flat=True)[:MAX_ROWS])
    consultations = (
        Consultation.objects.filter(pk__in=shown)
        .select_related("paper", "meeting")
        .only(
            "role", "date", "authoritative",
            "paper__id", "paper__reference", "paper__name", "paper__paper_type", "paper__date",
            "meeting__id", "meeting__name", "meeting__start",
        )
        .order_by(*newest)
    )
    consultation_count = live.count()
    originated = Paper.objects.filter(originator_organizations=org, deleted=False).order_by(
        F("date").desc(nulls_last=True), "-pk"
    )
    advisory = is_advisory_board(org)
    checklist = []
    if advisory:
        papers = Paper.objects.filter(
            Q(pk__in=Consultation.objects.filter(organizations=org).values("paper"))
            | Q(originator_organizations=org)
        ).values("pk")
        checklist = transparency_checklist(
            org,
            # Memberships the writer derived from attendance lists are no published list.
            len({m.person_id for m in current if FROM_ATTENDANCE not in (m.keyword or [])}),
            len({p["person"] for p in participants}),
            Meeting.objects.filter(organizations=org, deleted=False),
            papers,
        )
    context = {
        "section": "organizations",
        "org": org,
        "current": current,
        "former": former,
        "participants": participants,
        "max_participants": MAX_PARTICIPANTS,
        "participant_meetings": PARTICIPANT_MEETINGS,
        "meetings": meetings_qs[:MAX_ROWS],
        "meeting_count": meeting_count,
        "consultations": consultations[:MAX_ROWS],
        "consultation_count": consultation_count,
        "originated": originated[:MAX_ROWS],
        "max_rows": MAX_ROWS,
        "sub_organizations": org.sub_organizations.filter(deleted=False).only("pk", "name"),
        "advisory": advisory,
        "checklist": checklist,
        "missing": sum(1 for item in checklist if not item.published),
    }
    return render(request, "ratsinfo/organization_detail.html", context)
