"""Server-rendered pages: start page, lists and details of papers, meetings and documents.

Every page runs a fixed number of queries (select_related/prefetch_related), whatever the
number of rows. Document text is user-supplied content and is only ever rendered through
Django's autoescaping.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ratsinfo.store.models import (
    AgendaItem,
    Consultation,
    Document,
    File,
    Meeting,
    Organization,
    Paper,
    SourceFile,
)

PER_PAGE = 50
RECENT = 10

# Full source text and page maps can be megabytes; lists and link targets never need them.
_DOC_HEAVY = ("record", "source_file__text", "source_file__pages")
_DOC_LINKED = ("source_file", "rendition_of__source_file", "paper", "meeting")
_DOC_LINKED_DEFER = (
    *_DOC_HEAVY,
    "rendition_of__record",
    "rendition_of__source_file__text",
    "rendition_of__source_file__pages",
    "paper__originators_text",
)


def _documents() -> QuerySet[Document]:
    """Documents with what a row shows (file, rendition source, paper, meeting) in one join."""
    return Document.objects.select_related(*_DOC_LINKED).defer(*_DOC_LINKED_DEFER)


def _page(request: HttpRequest, qs: QuerySet[Any]) -> Any:
    # get_page turns a missing, non-numeric or too large ?page= into a valid page.
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


def _meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(deleted=False)
        .select_related("location")
        .prefetch_related("organizations")
        .order_by(F("start").desc(nulls_last=True), "-pk")
    )


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


def paper_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Paper.objects.filter(deleted=False)
        .only("pk", "reference", "paper_type", "name", "date")
        .order_by("reference", "pk")
    )
    return render(
        request, "ratsinfo/paper_list.html", {"section": "papers", "page": _page(request, qs)}
    )


def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_object_or_404(
        Paper.objects.select_related("body", "main_file").prefetch_related(
            "originator_persons", "originator_organizations", "under_direction_of"
        ),
        pk=pk,
        deleted=False,
    )
    consultations = (
        Consultation.objects.filter(paper=paper).select_related("meeting").order_by("order", "pk")
    )
    documents = list(
        _documents()
        .filter(paper=paper)
        .order_by(F("rendition_of").asc(nulls_first=True), "source_file__path", "order")
    )
    main = _main_document(paper, documents)
    text = None
    if main is not None:
        text = SourceFile.objects.values_list("text", flat=True).get(pk=main.source_file_id)[
            main.start : main.end
        ]
    files = (
        File.objects.filter(
            Q(source_file__documents__paper=paper)
            | Q(pk=paper.main_file_id)
            | Q(auxiliary_of=paper)
        )
        .filter(deleted=False)
        .select_related("source_file")
        .defer("text", "source_file__text", "source_file__pages")
        .distinct()
        .order_by("file_name", "pk")
    )
    context = {
        "section": "papers",
        "paper": paper,
        "consultations": consultations,
        "documents": documents,
        "main": main,
        "text": text,
        "files": files,
    }
    return render(request, "ratsinfo/paper_detail.html", context)


def _main_document(paper: Paper, documents: list[Document]) -> Document | None:
    """The document the others are renditions of (writer.rebuild_paper), in the main file."""
    originals = [d for d in documents if d.rendition_of_id is None] or documents
    main_source = paper.main_file.source_file_id if paper.main_file else None
    return next((d for d in originals if d.source_file_id == main_source), None) or (
        originals[0] if originals else None
    )


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


def document_list(request: HttpRequest) -> HttpResponse:
    qs = _documents().order_by("source_file__path", "order", "pk")
    return render(
        request, "ratsinfo/document_list.html", {"section": "documents", "page": _page(request, qs)}
    )


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Only this document's own source file loads its text.
    document = get_object_or_404(
        Document.objects.select_related(*_DOC_LINKED).defer(
            "record",
            "rendition_of__record",
            "rendition_of__source_file__text",
            "rendition_of__source_file__pages",
            "source_file__pages",
            "paper__originators_text",
        ),
        pk=pk,
    )
    renditions = (
        Document.objects.filter(rendition_of=document)
        .select_related("source_file")
        .defer(*_DOC_HEAVY)
        .order_by("source_file__path", "order")
    )
    context = {
        "section": "documents",
        "document": document,
        "text": document.text,
        "renditions": renditions,
    }
    return render(request, "ratsinfo/document_detail.html", context)
