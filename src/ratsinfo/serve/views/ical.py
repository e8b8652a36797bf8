"""Meetings as iCalendar (RFC 5545): one meeting, one committee's meetings, all meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import F, Max, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import condition
from icalendar import Calendar, Event

from ratsinfo.store.models import AgendaItem, Meeting, Organization

# A subscribed calendar needs the recent past and the future, not every sitting since 1990;
# and icalendar takes about a millisecond per event to write.
MAX_EVENTS = 500
# Meetings whose minutes give no end: calendars show them this long.
DEFAULT_LENGTH = dt.timedelta(hours=2)


def _meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(deleted=False)
        .exclude(start=None)
        .select_related("location")
        .prefetch_related("organizations")
        .defer("keyword")
        .order_by(F("start").desc(), "-pk")
    )


def _location(m: Meeting) -> str:
    loc = m.location
    if loc is None:
        return ""
    parts = [loc.description or loc.street_address, loc.room, loc.locality]
    return ", ".join(p for p in parts if p)


def _calendar(request: HttpRequest, name: str, meetings: Iterable[Meeting], agenda: bool = False) -> HttpResponse:
    cal = Calendar()
    cal.add("prodid", "-//ratsinfo//Ratsinformation//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    host = request.get_host().split(":")[0]
    tz = timezone.get_current_timezone()
    for m in meetings:
        ev = Event()
        ev.add("uid", f"meeting-{m.pk}@{host}")
        ev.add("dtstamp", m.modified)
        start = m.start.astimezone(tz)
        ev.add("dtstart", start)
        ev.add("dtend", m.end.astimezone(tz) if m.end and m.end > m.start else start + DEFAULT_LENGTH)
        orgs = [o.name for o in m.organizations.all()]
        ev.add("summary", m.name or ", ".join(orgs) or "Sitzung")
        if loc := _location(m):
            ev.add("location", loc)
        ev.add("url", request.build_absolute_uri(reverse("serve:meeting_detail", args=[m.pk])))
        lines = list(orgs)
        if agenda:
            lines += [f"TOP {i.number} {i.name}".strip() for i in m.agenda_items.all()]
        if lines:
            ev.add("description", "\n".join(lines))
        ev.add("status", "CANCELLED" if m.cancelled else "CONFIRMED")
        cal.add_component(ev)
    # VTIMEZONE for Europe/Berlin, so clients without a zone database place the times right.
    cal.add_missing_timezones()
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sitzungen.ics"'
    return response


def _changed(qs: QuerySet[Meeting]) -> dt.datetime | None:
    """When any of these meetings last changed: calendar clients poll, most polls get a 304."""
    return qs.aggregate(last=Max("modified"))["last"]


@condition(last_modified_func=lambda request, pk: _changed(Meeting.objects.filter(pk=pk)))
def meeting_ical(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        _meetings().prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.filter(deleted=False).order_by("order"))
        ),
        pk=pk,
    )
    return _calendar(request, meeting.name or "Sitzung", [meeting], agenda=True)


@condition(last_modified_func=lambda request, pk: _changed(Meeting.objects.filter(organizations=pk)))
def organization_ical(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization.objects.only("pk", "name"), pk=pk, deleted=False)
    return _calendar(request, org.name, _meetings().filter(organizations=org)[:MAX_EVENTS])


@condition(last_modified_func=lambda request: _changed(Meeting.objects.all()))
def meetings_ical(request: HttpRequest) -> HttpResponse:
    return _calendar(request, "Ratsinformation: Sitzungen", _meetings()[:MAX_EVENTS])
