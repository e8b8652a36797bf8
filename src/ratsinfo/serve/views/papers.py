"""Papers (Drucksachen): list and detail."""

from __future__ import annotations

from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ratsinfo.store.models import Consultation, Document, File, Paper, SourceFile

from .common import _documents, _page


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
