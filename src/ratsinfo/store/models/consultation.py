from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from .base import OParlObject


class Consultation(OParlObject):
    """One step of a paper's Beratungsfolge (OParl Consultation)."""

    paper = models.ForeignKey("store.Paper", on_delete=models.CASCADE, related_name="consultations")
    agenda_item = models.ForeignKey(
        "store.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    meeting = models.ForeignKey(
        "store.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    organizations = models.ManyToManyField("store.Organization", related_name="consultations", blank=True)
    authoritative = models.BooleanField(null=True, blank=True)
    role = models.CharField(max_length=100, blank=True, default="")
    # Beyond OParl: the Beratungsfolge's date and Gremium as printed.
    date = models.DateField(null=True, blank=True)
    organization_name = models.CharField(max_length=500, blank=True, default="")
    order = models.PositiveIntegerField(default=0)
    # True when only a meeting's agenda (not the paper's Beratungsfolge) told of it.
    from_agenda = models.BooleanField(default=False)

    class Meta:
        ordering = ["paper", "order"]

    @classmethod
    def keep_imported(cls, paper: Any, printed: list[dict[str, Any]]) -> bool:
        """The rule for a paper that has consultations imported over OParl: those keep their
        ids (clients and later syncs know them) and the source's Beratungsfolge is the paper's.
        The printed one (``{date, organization, role}`` from its documents) only fills in the
        date and Gremium as printed of the step it matches (same meeting day, else same
        Gremium); the paper's consultations from documents go. False when nothing was
        imported: the caller builds the Beratungsfolge from the documents as before."""
        imported = list(
            cls.objects.filter(paper=paper)
            .exclude(external_id="")
            .select_related("meeting")
            .prefetch_related("organizations")
            .order_by("order", "pk")
        )
        if not imported:
            return False
        cls.objects.filter(paper=paper, external_id="").delete()
        free = [c for c in imported if not c.deleted]
        for entry in printed:
            day = _day(entry.get("date"))
            name = (entry.get("organization") or "").strip()
            best, best_score = None, 0
            for c in free:
                score = 0
                if day is not None and day in (c.date, _meeting_day(c)):
                    score += 2
                if name and name.casefold() in _names(c):
                    score += 1
                if score > best_score:
                    best, best_score = c, score
            if best is None:
                continue  # a step the source does not list: the source wins
            free.remove(best)
            changed = []
            if day is not None and best.date != day:
                best.date = day
                changed.append("date")
            if name and best.organization_name != name[:500]:
                best.organization_name = name[:500]
                changed.append("organization_name")
            if changed:
                best.save(update_fields=[*changed, "modified"])
        return True


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _meeting_day(c: Consultation) -> dt.date | None:
    start = c.meeting.start if c.meeting_id and c.meeting else None
    return timezone.localtime(start).date() if start else None


def _names(c: Consultation) -> set[str]:
    names = {o.name.casefold() for o in c.organizations.all()}
    names |= {o.short_name.casefold() for o in c.organizations.all() if o.short_name}
    if c.organization_name:
        names.add(c.organization_name.casefold())
    return names
