"""Helpers shared by the page modules: pagination, the standard querysets, fact marks."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import nh3
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import F, QuerySet
from django.db.models.functions import Substr
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ratsinfo.store.models import Document, Meeting, Provenance

PER_PAGE = 50
RECENT = 10
# Longest quote from the source text shown next to a value (the rest is one click away).
QUOTE_CHARS = 300

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

# What each extracted field is called on the pages (Provenance.field → label).
FIELD_LABELS: dict[str, Any] = {
    "kind": _("Art"),
    "reference": _("Nummer"),
    "title": _("Betreff"),
    "name": _("Name"),
    "date": _("Datum"),
    "public": _("Öffentlichkeit"),
    "originators": _("Urheber"),
    "consultations": _("Beratungsfolge"),
    "resolution_proposal": _("Beschlussvorschlag"),
    "justification": _("Begründung"),
    "financial_impact": _("Finanzielle Auswirkungen"),
    "civic_budget_number": _("Bürgerhaushalt, Nummer"),
    "civic_budget_points": _("Bürgerhaushalt, Punkte"),
    "number": _("TOP-Nummer"),
    "papers": _("Vorlagen"),
    "result": _("Ergebnis"),
    "resolution_text": _("Beschlusstext"),
    "added_in_meeting": _("Nachtrag"),
    "subject": _("Abstimmungsgegenstand"),
    "yes": _("Ja-Stimmen"),
    "no": _("Nein-Stimmen"),
    "abstain": _("Enthaltungen"),
    "role": _("Funktion"),
    "party": _("Partei"),
    "organization": _("Gremium"),
    "start": _("Beginn"),
    "end": _("Ende"),
    "location": _("Ort"),
    "obligations": _("Auftrag mit Frist"),
}

ENTITY_LABELS: dict[str, Any] = {
    "paper": _("Vorlage"),
    "meeting": _("Sitzung"),
    "agendaitem": _("Tagesordnungspunkt"),
    "vote": _("Abstimmung"),
    "person": _("Person"),
    "document": _("Dokument"),
    "organization": _("Gremium"),
    "obligation": _("Auftrag"),
}


def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field.replace("_", " ")))


def _documents() -> QuerySet[Document]:
    """Documents with what a row shows (file, rendition source, paper, meeting) in one join."""
    return Document.objects.select_related(*_DOC_LINKED).defer(*_DOC_LINKED_DEFER)


def _page(request: HttpRequest, qs: Any, per_page: int = PER_PAGE) -> Any:
    # get_page turns a missing, non-numeric or too large ?page= into a valid page.
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _page_by_ids(
    request: HttpRequest, ids: QuerySet[Any], rows: QuerySet[Any], per_page: int = PER_PAGE
) -> Any:
    """A page whose ids come from a query the index alone answers, then its rows with their
    joins: joining first makes the database join and sort every row to skip to page 300."""
    page = _page(request, ids, per_page)
    found = rows.in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return page


def _meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(deleted=False)
        .select_related("location")
        .prefetch_related("organizations")
        .order_by(F("start").desc(nulls_last=True), "-pk")
    )


def provenance_quotes(model: type, ids: list[int], fields: tuple[str, ...]) -> QuerySet[Provenance]:
    """Provenance of these objects' fields with the quoted source text, cut in the database.

    The source file's text never leaves the database whole: a page needs a few words of it.
    """
    ct = ContentType.objects.get_for_model(model)
    return (
        Provenance.objects.filter(content_type=ct, object_id__in=ids, field__in=fields)
        .annotate(quote=Substr("source_file__text", F("start") + 1, F("end") - F("start")))
        .only("pk", "object_id", "field", "source_file_id", "document_id", "start", "end", "page")
        .order_by("start", "pk")
    )


@dataclass
class Fact:
    """One extracted fact on a page: which field, where in the shown text, and its words."""

    pk: int
    entity: str
    field: str
    start: int  # offsets into the shown text; None when outside it
    end: int
    page: int | None
    quote: str
    document_id: int | None
    in_text: bool
    anchor: str = ""

    def __post_init__(self) -> None:
        self.anchor = self.anchor or f"fact-{self.pk}"

    @property
    def telling(self) -> bool:
        """Is the quote worth showing beside its value (a phrase, not one or two words)?"""
        return len(self.quote.split()) >= 3

    @property
    def label(self) -> str:
        return field_label(self.field)

    @property
    def entity_label(self) -> str:
        return str(ENTITY_LABELS.get(self.entity, self.entity))


def facts_in(
    rows: list[Provenance], text: str, offset: int, source_file_id: int | None, entity: str = ""
) -> list[Fact]:
    """Facts from provenance rows; those inside ``text`` (which starts at ``offset`` of the
    source file) get offsets into it so they can be marked there."""
    out = []
    for pr in rows:
        start, end = pr.start - offset, pr.end - offset
        inside = pr.source_file_id == source_file_id and 0 <= start <= end <= len(text)
        quote = text[start:end] if inside else getattr(pr, "quote", "") or ""
        out.append(
            Fact(
                pk=pr.pk,
                entity=entity or getattr(pr, "entity_model", ""),
                field=pr.field,
                start=start if inside else -1,
                end=end if inside else -1,
                page=pr.page,
                quote=" ".join(quote.split())[:QUOTE_CHARS],
                document_id=pr.document_id,
                in_text=inside,
            )
        )
    out.sort(key=lambda f: (not f.in_text, f.start, -f.end, f.pk))
    return out


def mark_facts(text: str, facts: list[Fact]) -> SafeString:
    """The text, escaped, with every fact's span in ``<mark>`` and an anchor ``#fact-N`` where
    it starts; overlapping facts split the text into pieces so the marks never nest."""
    facts = [f for f in facts if f.in_text]
    cuts = sorted({0, len(text)} | {f.start for f in facts} | {f.end for f in facts})
    starts: dict[int, list[Fact]] = {}
    for f in facts:
        starts.setdefault(f.start, []).append(f)
    out: list[str] = []
    active: list[Fact] = []  # facts covering the current piece: a sweep, not a scan per piece
    for a, b in itertools.pairwise([*cuts, len(text)]):
        active = [f for f in active if f.end > a]
        for f in starts.get(a, ()):
            out.append(f'<span class="fact-anchor" id="{f.anchor}"></span>')
            if f.end > f.start:
                active.append(f)
        if a >= b:
            continue
        piece = escape(text[a:b])
        if active:
            names = ", ".join(dict.fromkeys(f.label for f in active))
            long = all(f.end - f.start > QUOTE_CHARS for f in active)
            cls = "fact fact-long" if long else "fact"
            out.append(f'<mark class="{cls}" title="{escape(names)}">{piece}</mark>')
        else:
            out.append(piece)
    # Every piece of text went through escape(); the tags are ours.
    return mark_safe("".join(out))


def clean_snippet(snippet_html: str) -> SafeString:
    """A search snippet as HTML: only the ``<mark>`` the engine puts around matches survives.

    The engine escapes document text itself; nh3 makes sure of it, whatever the engine does.
    """
    return mark_safe(nh3.clean(snippet_html, tags={"mark"}, attributes={}))


@dataclass
class DueState:
    code: str  # "overdue", "due_soon", "open", "unknown"
    label: str
    days: int | None


def due_state(due_date: dt.date | None, today: dt.date | None = None) -> DueState:
    """Whether an obligation is overdue, due within 30 days, or later."""
    today = today or timezone.localdate()
    if due_date is None:
        return DueState("unknown", str(_("ohne Datum")), None)
    days = (due_date - today).days
    if days < 0:
        return DueState("overdue", str(_("überfällig")), days)
    if days <= 30:
        return DueState("due_soon", str(_("bald fällig")), days)
    return DueState("open", str(_("offen")), days)


def static_file(request: HttpRequest, path: str) -> Any:
    """The stylesheet and htmx, found by Django's static finders.

    ``ratsinfo serve`` runs without DEBUG, where Django serves no static files by itself; a
    deployment behind a web server maps ``STATIC_ROOT`` (``collectstatic``) instead.
    """
    from django.contrib.staticfiles.views import serve

    response = serve(request, path, insecure=True)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def data_version(columns: tuple[tuple[type[models.Model], str], ...]) -> str:
    """One query of the maxima of indexed ``(model, column)`` pairs and the database's name:
    it changes whenever rows behind a cached value are added or touched. (The database too:
    one cache, such as Redis, may serve several stores.)"""
    qn = connection.ops.quote_name
    parts = ", ".join(
        f"(SELECT MAX({qn(column)}) FROM {qn(model._meta.db_table)})" for model, column in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    db = connection.settings_dict
    return "|".join(map(str, [connection.alias, db.get("HOST"), db.get("NAME"), *row]))
