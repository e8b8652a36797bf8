"""Full-text search: results with facets, highlighted snippets and pages; an Atom feed of
any search. The search package does the work; this module only presents its results."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ratsinfo.search import engine

from .common import clean_snippet

PER_PAGE = 20
FEED_ITEMS = 50
MAX_QUERY = 500

KIND_LABELS = {
    "paper": gettext_lazy("Vorlagen"),
    "meeting": gettext_lazy("Sitzungen"),
    "agenda_item": gettext_lazy("Tagesordnungspunkte"),
    "document": gettext_lazy("Dokumente"),
    "person": gettext_lazy("Personen"),
    "organization": gettext_lazy("Gremien"),
    "cooperation": gettext_lazy("Kooperationen"),
}
KIND_LABEL_ONE = {
    "paper": gettext_lazy("Vorlage"),
    "meeting": gettext_lazy("Sitzung"),
    "agenda_item": gettext_lazy("Tagesordnungspunkt"),
    "document": gettext_lazy("Dokument"),
    "person": gettext_lazy("Person"),
    "organization": gettext_lazy("Gremium"),
    "cooperation": gettext_lazy("Kooperation"),
}
# Facet (as the engine names it) → heading and the query field that filters by it.
FACETS = (
    ("kind", gettext_lazy("Art"), "kind"),
    ("year", gettext_lazy("Jahr"), "date"),
    ("organization", gettext_lazy("Gremium"), "organization"),
    ("party", gettext_lazy("Partei"), "party"),
    ("body", gettext_lazy("Körperschaft"), "body"),
)
FACET_VALUES = 12


@dataclass
class FacetValue:
    label: str
    count: int
    active: bool
    url: str


def _filter_token(field: str, value: str) -> str:
    # Quote anything that is not one plain word, as the query language wants.
    return f"{field}:{value}" if re.fullmatch(r"[\w.\-]+", value) else f'{field}:"{value}"'


def _without(query: str, token: str) -> str:
    return " ".join(query.replace(token, " ").split())


def _url(query: str) -> str:
    return "?" + urlencode({"q": query})


def _facets(query: str, results: engine.Results) -> list[tuple[str, list[FacetValue]]]:
    out = []
    for name, heading, field in FACETS:
        values = results.facets.get(name) or {}
        if not values:
            continue
        items = []
        for value, count in list(values.items())[:FACET_VALUES]:
            token = _filter_token(field, value)
            active = token in query
            label = str(KIND_LABELS.get(value, value)) if name == "kind" else value
            url = _url(_without(query, token) if active else f"{query} {token}")
            items.append(FacetValue(label, count, active, url))
        out.append((str(heading), items))
    return out


def _run(query: str, page: int, per_page: int) -> engine.Results:
    results = engine.search(query, page=page, per_page=per_page)
    last = max(1, -(-results.total // per_page))
    if results.total and page > last:  # a page past the end shows the last one
        results = engine.search(query, page=last, per_page=per_page)
    return results


def _hits(results: engine.Results) -> list[dict[str, Any]]:
    hits = []
    for hit in results.hits:
        hit = dict(hit)
        hit["snippet_safe"] = clean_snippet(hit.get("snippet_html") or "")
        hit["kind_label"] = str(KIND_LABEL_ONE.get(hit["kind"], hit["kind"]))
        if hit.get("date"):
            hit["date_value"] = dt.date.fromisoformat(hit["date"])
        hits.append(hit)
    return hits


def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    try:
        page_no = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_no = 1
    context: dict[str, Any] = {"section": "search", "query": query}
    if query:
        results = _run(query, page_no, PER_PAGE)
        # A Paginator over the count alone gives the page links; the engine has the hits.
        page = Paginator(range(results.total), PER_PAGE).get_page(results.page)
        context.update(
            results=results,
            hits=_hits(results),
            facets=_facets(query, results),
            page=page,
            feed_url=f"{_feed_path()}?{urlencode({'q': query})}",
            suggestion_url=_url(results.did_you_mean) if results.did_you_mean else "",
            active_filters=[
                (tok, _url(_without(query, tok)))
                for tok in re.findall(r'-?\w+:(?:"[^"]*"|\S+)', query)
            ],
        )
    return render(request, "ratsinfo/search.html", context)


def _feed_path() -> str:
    from django.urls import reverse

    return reverse("serve:search_feed")


class SearchFeed(Feed):
    """The newest results of any search as Atom: ``/search/feed/?q=…``."""

    feed_type = feedgenerator.Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return " ".join(request.GET.get("q", "").split())[:MAX_QUERY]

    def title(self, obj: str) -> str:
        return _("Ratsinfo: Suche nach „%(q)s“") % {"q": obj} if obj else _("Ratsinfo: Suche")

    def link(self, obj: str) -> str:
        from django.urls import reverse

        return reverse("serve:search") + (_url(obj) if obj else "")

    def subtitle(self, obj: str) -> str:
        return _("Die besten Treffer dieser Suche im Ratsinformationssystem.")

    def items(self, obj: str) -> list[dict[str, Any]]:
        if not obj:
            return []
        return _hits(engine.search(obj, page=1, per_page=FEED_ITEMS))

    def item_title(self, item: dict[str, Any]) -> str:
        ref = item.get("reference")
        return f"{item['kind_label']} {ref}: {item['title']}" if ref else f"{item['kind_label']}: {item['title']}"

    def item_description(self, item: dict[str, Any]) -> str:
        return str(item["snippet_safe"])

    def item_link(self, item: dict[str, Any]) -> str:
        return item["url"]

    def item_pubdate(self, item: dict[str, Any]) -> dt.datetime | None:
        day = item.get("date_value")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))

    def item_updateddate(self, item: dict[str, Any]) -> dt.datetime | None:
        return self.item_pubdate(item)


search_feed = SearchFeed()
