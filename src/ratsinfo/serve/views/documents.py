"""Documents (one per document found in a file): list and detail."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ratsinfo.store.models import Document

from .common import _DOC_HEAVY, _DOC_LINKED, _documents, _page


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
