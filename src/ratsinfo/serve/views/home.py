"""The start page: search box, upcoming and recent meetings, new papers, due obligations."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ratsinfo.store.models import Document, Meeting, Obligation, Organization, Paper, SourceFile

from .common import RECENT, _meetings, data_version, due_state

# Counting reads whole tables; the counts change only when something is ingested or
# deleted, which moves one of these maxima (indexed columns: an index lookup each).
_VERSIONED = (
    (Paper, "modified"), (Meeting, "modified"), (Organization, "modified"),
    (Obligation, "modified"), (Document, "id"), (SourceFile, "id"),
)
# A safety net for what the maxima miss (a document or file removed outright).
COUNTS_SECONDS = 300


def _counts(today: dt.date) -> dict[str, int]:
    key = "ratsinfo:home:" + hashlib.sha1(
        f"{today}|{data_version(_VERSIONED)}".encode(), usedforsecurity=False
    ).hexdigest()
    counts = cache.get(key)
    if counts is None:
        obligations = Obligation.objects.filter(deleted=False, paper__deleted=False)
        counts = {
            "papers": Paper.objects.filter(deleted=False).count(),
            "meetings": Meeting.objects.filter(deleted=False).count(),
            "documents": Document.objects.count(),
            "source_files": SourceFile.objects.count(),
            "organizations": Organization.objects.filter(deleted=False).count(),
            # Both obligation totals in one pass.
            **obligations.aggregate(
                overdue=Count("pk", filter=Q(due_date__lt=today)),
                due=Count("pk", filter=Q(due_date__gte=today)),
            ),
        }
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate()
    counts = _counts(today)
    papers = (
        Paper.objects.filter(deleted=False)
        .only("pk", "reference", "paper_type", "name", "date")
        .order_by(F("date").desc(nulls_last=True), "-pk")[:RECENT]
    )
    upcoming = _meetings().filter(start__gte=now).order_by("start", "pk")[:RECENT]
    recent = _meetings().filter(start__lt=now)[:RECENT]
    obligations = (
        Obligation.objects.filter(deleted=False, paper__deleted=False)
        .select_related("paper")
        .only("pk", "what", "due", "due_date", "paper__id", "paper__reference", "paper__name")
    )
    overdue = obligations.filter(due_date__lt=today)
    due = obligations.filter(due_date__gte=today)
    context = {
        "section": "home",
        "counts": counts,
        "papers": papers,
        "upcoming": upcoming,
        "recent": recent,
        "due": [(o, due_state(o.due_date, today)) for o in due.order_by("due_date", "pk")[:RECENT]],
        "due_count": counts["due"],
        "overdue": [
            (o, due_state(o.due_date, today)) for o in overdue.order_by("-due_date", "pk")[:RECENT]
        ],
        "overdue_count": counts["overdue"],
    }
    return render(request, "ratsinfo/home.html", context)
