"""The start page."""

from __future__ import annotations

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ratsinfo.store.models import Document, Meeting, Organization, Paper, SourceFile

from .common import RECENT, _meetings


def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "papers": Paper.objects.filter(deleted=False).count(),
        "meetings": Meeting.objects.filter(deleted=False).count(),
        "documents": Document.objects.count(),
        "source_files": SourceFile.objects.count(),
        "organizations": Organization.objects.filter(deleted=False).count(),
    }
    papers = Paper.objects.filter(deleted=False).order_by(F("date").desc(nulls_last=True), "-pk")[
        :RECENT
    ]
    context = {
        "section": "home",
        "counts": counts,
        "papers": papers,
        "meetings": _meetings()[:RECENT],
    }
    return render(request, "ratsinfo/home.html", context)
