"""Helpers shared by the page modules: pagination and the standard querysets."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest

from ratsinfo.store.models import Document, Meeting

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
