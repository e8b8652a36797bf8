"""Meetings: list and detail."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ratsinfo.store.models import AgendaItem, Consultation, Meeting

from .common import _documents, _meetings, _page


def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ratsinfo/meeting_list.html",
        {"section": "meetings", "page": _page(request, _meetings())},
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("body", "location", "invitation", "verbatim_protocol")
        .defer("invitation__text", "verbatim_protocol__text")
        .prefetch_related(
            "organizations",
            Prefetch("agenda_items", queryset=AgendaItem.objects.filter(deleted=False)),
        ),
        pk=pk,
        deleted=False,
    )
    documents = _documents().filter(meeting=meeting).order_by("source_file__path", "order")
    consultations = (
        Consultation.objects.filter(meeting=meeting, paper__deleted=False)
        .select_related("paper")
        .defer("paper__originators_text")
        .order_by("paper__reference", "pk")
    )
    context = {
        "section": "meetings",
        "meeting": meeting,
        "documents": documents,
        "consultations": consultations,
    }
    return render(request, "ratsinfo/meeting_detail.html", context)
