"""Papers (Drucksachen): list and detail.

The detail page shows the paper's path through the committees (Beratungsfolge) with what each
meeting decided, and its source text with every extracted fact marked where it was read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ratsinfo.store.models import (
    AgendaItem,
    Consultation,
    Document,
    File,
    Obligation,
    Paper,
    Provenance,
    Vote,
)

from .common import (
    Fact,
    _documents,
    _page,
    due_state,
    facts_in,
    mark_facts,
    provenance_quotes,
)

# What the list can be sorted by (?sort=): the value is the ORDER BY.
SORTS = {
    "nummer": ("reference", "pk"),
    "datum": (F("date").desc(nulls_last=True), "-pk"),
}


def paper_list(request: HttpRequest) -> HttpResponse:
    papers = Paper.objects.filter(deleted=False)
    kind = request.GET.get("art", "").strip()
    year = request.GET.get("jahr", "").strip()
    text = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "nummer")
    if sort not in SORTS:
        sort = "nummer"
    # The choices count over all papers, so every option stays reachable.
    kinds = list(
        papers.exclude(paper_type="")
        .values_list("paper_type")
        .annotate(n=Count("pk"))
        .order_by("paper_type")
    )
    # Counted per date by the database and summed per year here: extracting the year in
    # SQL is a Python function per row on SQLite (20 ms for 5,000 papers).
    per_year: Counter[int] = Counter()
    for day, n in papers.exclude(date=None).values_list("date").annotate(n=Count("pk")).order_by():
        per_year[day.year] += n
    years = sorted(per_year.items(), reverse=True)
    if kind:
        papers = papers.filter(paper_type=kind)
    if year.isdigit():
        papers = papers.filter(date__year=int(year))
    if text:
        papers = papers.filter(Q(reference__icontains=text) | Q(name__icontains=text))
    qs = papers.only("pk", "reference", "paper_type", "name", "date").order_by(*SORTS[sort])
    context = {
        "section": "papers",
        "page": _page(request, qs),
        "kinds": kinds,
        "years": years,
        "kind": kind,
        "year": year,
        "text": text,
        "sort": sort,
        "filtered": bool(kind or year or text),
    }
    return render(request, "ratsinfo/paper_list.html", context)


@dataclass
class Step:
    """One step of the Beratungsfolge, with what the meeting decided where the minutes say."""

    consultation: Consultation
    upcoming: bool
    result_quotes: list[Fact] = field(default_factory=list)

    @property
    def item(self) -> AgendaItem | None:
        item = self.consultation.agenda_item
        return item if item is not None and not item.deleted else None

    @property
    def meeting(self) -> Any:
        m = self.consultation.meeting
        return m if m is not None and not m.deleted else None


def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_object_or_404(
        Paper.objects.select_related("body", "main_file").prefetch_related(
            "originator_persons", "originator_organizations", "under_direction_of"
        ),
        pk=pk,
        deleted=False,
    )
    today = timezone.localdate()
    consultations = list(
        Consultation.objects.filter(paper=paper, deleted=False)
        .select_related("meeting", "agenda_item")
        .defer("agenda_item__resolution_text")
        .prefetch_related(
            Prefetch("agenda_item__votes", queryset=Vote.objects.filter(deleted=False))
        )
        .order_by(F("date").asc(nulls_last=True), "order", "pk")
    )
    steps = [Step(c, upcoming=_upcoming(c, today)) for c in consultations]
    item_ids = [s.item.pk for s in steps if s.item]
    quotes: dict[int, list[Fact]] = {}
    if item_ids:
        rows = list(provenance_quotes(AgendaItem, item_ids, ("result",)))
        for fact, row in zip(facts_in(rows, "", 0, None, "agendaitem"), rows, strict=True):
            quotes.setdefault(row.object_id, []).append(fact)
    for s in steps:
        if s.item:
            s.result_quotes = quotes.get(s.item.pk, [])

    documents = list(
        _documents()
        .filter(paper=paper)
        .order_by(F("rendition_of").asc(nulls_first=True), "source_file__path", "order")
    )
    main = _main_document(paper, documents)
    text, record = "", {}
    if main is not None:
        # Only the document's own span of its file, cut in the database.
        record, text = (
            Document.objects.filter(pk=main.pk)
            .annotate(body_text=Substr("source_file__text", F("start") + 1, F("end") - F("start")))
            .values_list("record", "body_text")
            .get()
        )
        text = text or ""
    rec: dict[str, Any] = (record or {}).get("paper") or {}

    obligations = list(paper.obligations.filter(deleted=False).order_by("order", "pk"))
    facts = _paper_facts(paper, main, text, rec, obligations)
    # Conditions on indexed columns only (no OR across joins), so each stays an index lookup.
    aux = Paper.auxiliary_files.through.objects.filter(paper_id=paper.pk).values("file_id")
    files = (
        File.objects.filter(
            Q(source_file_id__in={d.source_file_id for d in documents})
            | Q(pk=paper.main_file_id)
            | Q(pk__in=aux)
        )
        .filter(deleted=False)
        .select_related("source_file")
        .defer("text", "source_file__text", "source_file__pages")
        .order_by("file_name", "pk")
    )
    cited = [r for r in rec.get("references") or [] if isinstance(r, str)]
    linked = Paper.related_papers.through.objects.filter(from_paper_id=paper.pk).values("to_paper_id")
    related = (
        Paper.objects.filter(deleted=False)
        .filter(Q(pk__in=linked) | Q(body_id=paper.body_id, reference__in=cited))
        .exclude(pk=paper.pk)
        .only("pk", "reference", "paper_type", "name", "date")
        .order_by("reference", "pk")
    )
    context = {
        "section": "papers",
        "paper": paper,
        "steps": steps,
        "documents": documents,
        "main": main,
        "marked_text": mark_facts(text, facts) if text else "",
        "facts": facts,
        "fact_for": {f.field: f for f in facts if f.entity == "paper"},
        "sections": _sections(text, main, rec),
        "obligations": [(o, due_state(o.due_date, today)) for o in obligations],
        "files": files,
        "related": related,
        "cited_missing": sorted(set(cited) - {p.reference for p in related}),
    }
    return render(request, "ratsinfo/paper_detail.html", context)


def _upcoming(c: Consultation, today: dt.date) -> bool:
    when = c.date or (timezone.localdate(c.meeting.start) if c.meeting and c.meeting.start else None)
    return when is not None and when >= today


def _paper_facts(
    paper: Paper, main: Document | None, text: str, rec: dict[str, Any], obligations: list[Obligation]
) -> list[Fact]:
    """The paper's extracted facts (Provenance) and its obligations, placed in the main text."""
    rows = list(
        Provenance.objects.filter(content_type__model="paper", content_type__app_label="store",
                                  object_id=paper.pk)
        .annotate(quote=Substr("source_file__text", F("start") + 1, F("end") - F("start")))
        .only("pk", "field", "source_file_id", "document_id", "start", "end", "page")
        .order_by("start", "pk")
    )
    offset = main.start if main else 0
    facts = facts_in(rows, text, offset, main.source_file_id if main else None, "paper")
    # Obligations carry their spans in the main document's record (same order as stored).
    for ob, spans in zip(obligations, rec.get("obligations") or [], strict=False):
        span = (spans.get("spans") or {}).get("what") if isinstance(spans, dict) else None
        if not span or main is None:
            continue
        start, end = span[0] - offset, span[1] - offset
        if 0 <= start <= end <= len(text):
            facts.append(Fact(pk=ob.pk, entity="obligation", field="obligations", start=start,
                              end=end, page=None, quote=" ".join(text[start:end].split()),
                              document_id=main.pk, in_text=True, anchor=f"auftrag-{ob.pk}"))
    facts.sort(key=lambda f: (not f.in_text, f.start, -f.end, f.pk))
    return facts


def _sections(text: str, main: Document | None, rec: dict[str, Any]) -> dict[str, str]:
    """Beschlussvorschlag, Begründung, finanzielle Auswirkungen: their spans of the text."""
    out: dict[str, str] = {}
    if main is None:
        return out
    for key in ("resolution_proposal", "justification", "financial_impact"):
        span = (rec.get("spans") or {}).get(key) or rec.get(key)
        if isinstance(span, list) and len(span) == 2:
            a, b = span[0] - main.start, span[1] - main.start
            if 0 <= a < b <= len(text):
                out[key] = text[a:b].strip()
    return out


def _main_document(paper: Paper, documents: list[Document]) -> Document | None:
    """The document the others are renditions of (writer.rebuild_paper), in the main file."""
    originals = [d for d in documents if d.rendition_of_id is None] or documents
    main_source = paper.main_file.source_file_id if paper.main_file else None
    return next((d for d in originals if d.source_file_id == main_source), None) or (
        originals[0] if originals else None
    )
