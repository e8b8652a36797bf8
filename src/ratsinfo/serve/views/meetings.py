"""Meetings: list, month calendar and detail (agenda with results and votes, attendance)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dates import MONTHS

from ratsinfo.store.models import (
    AgendaItem,
    Attendance,
    Consultation,
    Meeting,
    Organization,
    Paper,
    Vote,
)

from .common import Fact, _documents, _meetings, _page, facts_in, provenance_quotes

# The minutes' vocabulary, as the attendance extractor normalises it.
PRESENT = "anwesend"
ABSENT = "abwesend"


# A select beyond this many committees helps nobody (and slows every page); the chosen one is
# always offered.
MAX_CHOICES = 300


def _organizations_with_meetings(chosen: Organization | None = None) -> list[Organization]:
    orgs = list(
        Organization.objects.filter(deleted=False)
        .filter(Exists(Meeting.organizations.through.objects.filter(
            organization_id=OuterRef("pk"), meeting__deleted=False)))
        .only("pk", "name")
        .order_by("name", "pk")[:MAX_CHOICES]
    )
    if chosen is not None and all(o.pk != chosen.pk for o in orgs):
        orgs.insert(0, chosen)
    return orgs


def _organization(request: HttpRequest) -> Organization | None:
    value = request.GET.get("gremium", "")
    if not value.isdigit():
        return None
    return Organization.objects.filter(pk=int(value), deleted=False).only("pk", "name").first()


def meeting_list(request: HttpRequest) -> HttpResponse:
    qs = _meetings()
    org = _organization(request)
    if org is not None:
        qs = qs.filter(organizations=org)
    when = request.GET.get("zeit", "")
    now = timezone.now()
    if when == "kommende":
        qs = qs.filter(start__gte=now).order_by("start", "pk")
    elif when == "vergangene":
        qs = qs.filter(start__lt=now)
    else:
        when = ""
    context = {
        "section": "meetings",
        "page": _page(request, qs),
        "organizations": _organizations_with_meetings(org),
        "organization": org,
        "when": when,
    }
    return render(request, "ratsinfo/meeting_list.html", context)


def _month(value: str, today: dt.date) -> dt.date:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", value or "")
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 9999:
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    return today.replace(day=1)


def _shift(month: dt.date, by: int) -> dt.date:
    n = month.year * 12 + month.month - 1 + by
    return dt.date(n // 12, n % 12 + 1, 1)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def meeting_calendar(request: HttpRequest) -> HttpResponse:
    """One month as a table of weeks; each day lists its meetings."""
    today = timezone.localdate()
    month = _month(request.GET.get("monat", ""), today)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    qs = _meetings().filter(start__gte=_aware(first), start__lt=_aware(last + dt.timedelta(days=1)))
    org = _organization(request)
    if org is not None:
        qs = qs.filter(organizations=org)
    by_day: dict[dt.date, list[Meeting]] = defaultdict(list)
    for m in qs.order_by("start", "pk"):
        by_day[timezone.localdate(m.start)].append(m)
    month_start, next_month = _aware(month), _aware(_shift(month, 1))
    around = _meetings().filter(organizations=org) if org is not None else _meetings()
    # Months without meetings are common: offer a jump to the nearest months that have some.
    before = around.filter(start__lt=month_start).order_by("-start").values_list("start", flat=True).first()
    after = around.filter(start__gte=next_month).order_by("start").values_list("start", flat=True).first()
    context = {
        "section": "meetings",
        "month": month,
        "month_name": MONTHS[month.month],
        "weeks": [[(d, d.month == month.month, by_day.get(d, [])) for d in week] for week in weeks],
        "count": sum(len(v) for d, v in by_day.items() if d.month == month.month),
        "prev": _shift(month, -1),
        "next": _shift(month, 1),
        "before": timezone.localdate(before).replace(day=1) if before else None,
        "after": timezone.localdate(after).replace(day=1) if after else None,
        "today": today,
        "organizations": _organizations_with_meetings(org),
        "organization": org,
        "weekdays": [dt.date(2024, 1, d) for d in range(1, 8)],  # a Monday to a Sunday
    }
    return render(request, "ratsinfo/meeting_calendar.html", context)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("body", "location", "invitation", "verbatim_protocol")
        .defer("invitation__text", "verbatim_protocol__text")
        .prefetch_related(
            "organizations",
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.filter(deleted=False)
                .order_by("order", "pk")
                .prefetch_related(
                    Prefetch("votes", queryset=Vote.objects.filter(deleted=False)),
                    Prefetch(
                        "papers",
                        queryset=Paper.objects.filter(deleted=False).only("pk", "reference", "name"),
                    ),
                ),
            ),
        ),
        pk=pk,
        deleted=False,
    )
    items = list(meeting.agenda_items.all())
    quotes: dict[int, list[Fact]] = {}
    if items:
        rows = list(provenance_quotes(AgendaItem, [i.pk for i in items], ("result",)))
        for fact, row in zip(facts_in(rows, "", 0, None, "agendaitem"), rows, strict=True):
            quotes.setdefault(row.object_id, []).append(fact)
    attendance = list(
        Attendance.objects.filter(meeting=meeting, deleted=False)
        .select_related("person")
        .only("pk", "order", "group", "party", "organization_name", "status", "reason",
              "arrived", "left", "substitute_for", "person__id", "person__name", "person__deleted")
        .order_by("order", "pk")
    )
    documents = _documents().filter(meeting=meeting).order_by("source_file__path", "order")
    consultations = (
        Consultation.objects.filter(meeting=meeting, paper__deleted=False, deleted=False)
        .select_related("paper", "agenda_item")
        .only("pk", "role", "paper__id", "paper__reference", "paper__name", "paper__paper_type",
              "agenda_item__id", "agenda_item__number", "agenda_item__order", "agenda_item__result")
        .order_by("paper__reference", "pk")
    )
    context = {
        "section": "meetings",
        "meeting": meeting,
        "items": [(i, quotes.get(i.pk, [])) for i in items],
        "attendance": attendance,
        "present": sum(a.status == PRESENT for a in attendance),
        "absent": sum(a.status == ABSENT for a in attendance),
        "documents": documents,
        "consultations": consultations,
    }
    return render(request, "ratsinfo/meeting_detail.html", context)
