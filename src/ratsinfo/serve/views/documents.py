"""Documents (one per document found in a file): list and detail with its facts marked."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ratsinfo.store.models import Document, Provenance

from .common import _DOC_HEAVY, _DOC_LINKED, _documents, _page_by_ids, facts_in, mark_facts

# A long report can carry thousands of facts; the page marks this many, in text order.
MAX_FACTS = 2000


def document_list(request: HttpRequest) -> HttpResponse:
    # File by file in the order they were read: the (file, order) index serves it without a
    # sort, where sorting by path would sort every document on each page view.
    ids = Document.objects.order_by("source_file_id", "order").values_list("pk", flat=True)
    page = _page_by_ids(request, ids, _documents())
    return render(request, "ratsinfo/document_list.html", {"section": "documents", "page": page})


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        Document.objects.select_related(*_DOC_LINKED)
        .defer(
            "record",
            "rendition_of__record",
            "rendition_of__source_file__text",
            "rendition_of__source_file__pages",
            "source_file__text",
            "source_file__pages",
            "paper__originators_text",
        )
        # Only this document's span of its file's text, cut in the database.
        .annotate(body_text=Substr("source_file__text", F("start") + 1, F("end") - F("start"))),
        pk=pk,
    )
    text = document.body_text or ""
    renditions = (
        Document.objects.filter(rendition_of=document)
        .select_related("source_file")
        .defer(*_DOC_HEAVY)
        .order_by("source_file__path", "order")
    )
    rows = list(
        Provenance.objects.filter(document=document)
        .only("pk", "content_type_id", "field", "source_file_id", "document_id", "start", "end", "page")
        .order_by("start", "pk")[:MAX_FACTS]
    )
    models = {ct.pk: ct.model for ct in ContentType.objects.filter(pk__in={r.content_type_id for r in rows})}
    for r in rows:
        r.entity_model = models.get(r.content_type_id, "")
    facts = facts_in(rows, text, document.start, document.source_file_id)
    context = {
        "section": "documents",
        "document": document,
        "text": text,
        "marked_text": mark_facts(text, facts),
        "facts": facts,
        "renditions": renditions,
    }
    return render(request, "ratsinfo/document_detail.html", context)
