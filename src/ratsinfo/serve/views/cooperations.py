"""The cooperation register: list with filters, one cooperation, the partner network and map,
and the year-over-year view. Values shown are the effective ones (a staff correction wins)."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, Max, Prefetch, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Least, Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ratsinfo.register import aggregate, geo, svg
from ratsinfo.register.aggregate import effective
from ratsinfo.store.models import Body, Cooperation, CooperationMention, Partner

from .common import PER_PAGE, _page, _page_by_ids

EFFECTIVE = ("title", "unit", "field", "kind", "status", "legal_form", "category", "since", "until")
# Filters whose options are the values the register holds.
CHOICE_FILTERS = ("field", "kind", "status")
# The network drawing stays readable up to this many partners; the table lists them all.
GRAPH_PARTNERS = 60
SNIPPET = 600
# Report passages per page of a cooperation: each is a cut from a source text.
MENTIONS_PER_PAGE = 20
CACHE_SECONDS = 300


class CountedPaginator(Paginator):
    """A paginator told its count (from the cache) instead of counting again."""

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _coops() -> QuerySet[Cooperation]:
    return (
        aggregate.live()
        .select_related("body")
        .annotate(**{f"e_{name}": effective(name) for name in EFFECTIVE})
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.only("pk", "name", "key")))
    )


def _version() -> str:
    """Changes whenever the register does: cached drawings and option lists follow it."""
    # Maxima of indexed columns: cheap at any size. A soft delete or a rebuild touches
    # ``modified``; the cache's timeout covers what these miss.
    c = Cooperation.objects.aggregate(m=Max("modified"), n=Max("pk"))
    p = Partner.objects.aggregate(m=Max("modified"), n=Max("pk"))
    return f"{c['m']}|{c['n']}|{p['m']}|{p['n']}"


def _cached(key: str, version: str, build: Any) -> Any:
    digest = hashlib.sha1(version.encode(), usedforsecurity=False).hexdigest()
    full = f"ratsinfo:register:{key}:{digest}"
    value = cache.get(full)
    if value is None:
        value = build()
        cache.set(full, value, CACHE_SECONDS)
    return value


def _bodies() -> list[Body]:
    return list(
        Body.objects.filter(deleted=False, cooperations__deleted=False)
        .annotate(n=Count("cooperations"))
        .order_by("name")
    )


def _options(version: str) -> dict[str, Any]:
    """Select options: bodies, report years and the distinct field, kind and status values."""

    def build() -> dict[str, Any]:
        qs = _coops().prefetch_related(None)
        out: dict[str, Any] = {
            name: [
                v
                for v in qs.values_list(f"e_{name}", flat=True).distinct().order_by(f"e_{name}")
                if v
            ]
            for name in CHOICE_FILTERS
        }
        out["years"] = list(
            CooperationMention.objects.filter(deleted=False, report_year__isnull=False, cooperation__deleted=False)
            .values_list("report_year", flat=True)
            .distinct()
            .order_by("report_year")
        )
        out["bodies"] = [(b.pk, b.name, b.n) for b in _bodies()]
        return out

    return _cached("options", version, build)


def _partner_filter(text: str) -> Q:
    """Partners by name part, official key, or a place the gazetteer knows ("LK PM")."""
    q = Q(name__icontains=text) | Q(key=text)
    place = geo.locate(text)
    if place is not None and place.key:
        q |= Q(key=place.key)
    partners = Partner.objects.filter(q)
    return Q(pk__in=Cooperation.partners.through.objects.filter(partner__in=partners).values("cooperation"))


def cooperation_list(request: HttpRequest) -> HttpResponse:
    version = _version()
    options = _options(version)
    get = request.GET
    filters: dict[str, Any] = {
        "q": get.get("q", "").strip(),
        "partner": get.get("partner", "").strip(),
        "body": _int(get.get("body")),
        "year": _int(get.get("year")),
    }
    qs = _coops()
    if filters["body"]:
        qs = qs.filter(body_id=filters["body"])
    for word in filters["q"].split()[:8]:
        qs = qs.filter(Q(e_title__icontains=word) | Q(description__icontains=word))
    if filters["partner"]:
        qs = qs.filter(_partner_filter(filters["partner"]))
    for name in CHOICE_FILTERS:
        value = get.get(name, "").strip()
        filters[name] = value
        if value:
            qs = qs.filter(**{f"e_{name}": value})
    if filters["year"]:
        qs = qs.filter(
            pk__in=CooperationMention.objects.filter(report_year=filters["year"], deleted=False).values(
                "cooperation"
            )
        )
    # The order the reports list them in (ingest order): the primary key's index serves it,
    # where sorting by computed values would sort the whole register on every page.
    qs = qs.order_by("pk")
    # Counting a filtered register reads all of it; the count holds until the register changes.
    count_key = "count:" + urlencode(sorted((k, str(v)) for k, v in filters.items() if v))
    count = _cached(count_key, version, qs.count)
    page = CountedPaginator(qs, PER_PAGE, count=count).get_page(request.GET.get("page"))
    active = any(v for v in filters.values())
    context = {
        "section": "cooperations",
        "page": page,
        "filters": filters,
        "options": options,
        "active": active,
        "show_body": not filters["body"] and len(options["bodies"]) > 1,
    }
    return render(request, "ratsinfo/cooperation_list.html", context)


def _span(name: str, i: int) -> Cast:
    """One end of a field's span in a mention's ``spans`` JSON ({"title": [start, end]})."""
    return Cast(KT(f"spans__{name}__{i}"), IntegerField())


def cooperation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    coop = get_object_or_404(
        Cooperation.objects.select_related("body").prefetch_related("partners"), pk=pk, deleted=False
    )
    # Each mention with its passage, cut in the database (a source text can be megabytes).
    # A cooperation reported every year for decades has as many mentions: a page of the
    # newest, found by an index-only query, and only that page's passages are cut.
    mention_ids = (
        CooperationMention.objects.filter(cooperation=coop, deleted=False)
        .order_by(F("report_year").desc(nulls_last=True), "-pk")
        .values_list("pk", flat=True)
    )
    mention_rows = (
        CooperationMention.objects.select_related("source_file", "document")
        .only(
            "report_year", "title", "start", "end", "order", "source_file__id", "source_file__path",
            "document__id", "document__kind", "document__reference", "document__title",
        )
        # The passage: the description's span, else the title's, else the whole mention
        # (which for a table section can be pages long).
        .annotate(
            p_start=Coalesce(
                _span("description", 0), _span("title", 0), F("start"), output_field=IntegerField()
            ),
            p_end=Coalesce(
                _span("description", 1), _span("title", 1), F("end"), output_field=IntegerField()
            ),
        )
        .annotate(snippet=Substr("source_file__text", F("p_start") + 1, Least(F("p_end") - F("p_start"), SNIPPET)))
    )
    mentions = _page_by_ids(request, mention_ids, mention_rows, per_page=MENTIONS_PER_PAGE)
    fields = []
    for name, label in (
        ("unit", _("Verantwortlicher Bereich")),
        ("field", _("Handlungsfeld")),
        ("kind", _("Art der Zusammenarbeit")),
        ("legal_form", _("Rechtsform")),
        ("category", _("Kategorie")),
        ("status", _("Status")),
        ("since", _("seit")),
        ("until", _("bis")),
    ):
        value = coop.value(name)
        if value:
            fields.append((label, value, bool(getattr(coop, f"{name}_corrected"))))
    context = {
        "section": "cooperations",
        "coop": coop,
        "title": coop.value("title"),
        "description": coop.value("description"),
        "fields": fields,
        "partners": sorted(coop.partners.all(), key=lambda p: p.name),
        "mentions": mentions,
        "page": mentions,
        "snippet_max": SNIPPET,
    }
    return render(request, "ratsinfo/cooperation_detail.html", context)


def accessible_svg(drawing: str, ident: str, title: str, desc: str) -> SafeString:
    """The register's SVG as an image for assistive technology: ``role="img"``, a title and a
    description it is labelled by, and a width that follows the page."""
    head = (
        f'<svg role="img" aria-labelledby="{ident}-title {ident}-desc" id="{ident}" '
        'style="max-width:100%;height:auto" '
    )
    drawing = drawing.replace("<svg ", head, 1)
    # The first <title> is the drawing's own; give it an id and add the description.
    drawing = re.sub(
        r"<title>(.*?)</title>",
        lambda m: f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>',
        drawing,
        count=1,
        flags=re.S,
    )
    # Every text in the drawing went through xml escaping in register.svg.
    return mark_safe(drawing)


def cooperation_partners(request: HttpRequest) -> HttpResponse:
    version = _version()
    options = _options(version)
    bodies = {pk: name for pk, name, _n in options["bodies"]}
    body_id = _int(request.GET.get("body"))
    if body_id not in bodies:
        # One register: that body; several: all of them, as the command line does.
        body_id = next(iter(bodies)) if len(bodies) == 1 else None
    body = Body.objects.get(pk=body_id) if body_id else None
    homes = [body] if body else list(Body.objects.filter(pk__in=bodies))

    def build() -> dict[str, Any]:
        data = aggregate.network(body)
        data["body"] = body.name if body else ", ".join(sorted(b.name for b in homes))
        shown = {**data, "partners": data["partners"][:GRAPH_PARTNERS]}
        names = {p["name"] for p in shown["partners"]}
        shown["links"] = [
            link for link in data["links"] if link["source"] in names and link["target"] in names
        ]
        points = aggregate.map_points(data, homes)
        return {
            "data": data,
            "network_svg": svg.network_svg(shown),
            "map_svg": svg.map_svg(points, _("Kooperationspartner %(body)s") % {"body": data["body"]}),
            "placed": sum(1 for p in points if not p.get("home")),
        }

    built = _cached(f"partners:{body_id}", version, build)
    data = built["data"]
    n = len(data["partners"])
    shown = min(n, GRAPH_PARTNERS)
    network_desc = _(
        "Netzdiagramm: %(body)s in der Mitte, %(shown)d von %(n)d Partnern im Kreis, nach Zahl "
        "der gemeinsamen Kooperationen; Linien verbinden Partner mit gemeinsamen Kooperationen. "
        "Die Tabelle unten enthält dieselben Angaben."
    ) % {"body": data["body"], "shown": shown, "n": n}
    map_desc = _(
        "Karte: %(placed)d Partner mit bekannter Lage als Punkte, Größe nach Zahl der "
        "Kooperationen. Die Tabelle unten enthält dieselben Angaben."
    ) % {"placed": built["placed"]}
    partner_page = _page(request, data["partners"])
    context = {
        "section": "cooperations",
        "options": options,
        "body_id": body_id,
        "data": data,
        "partner_page": partner_page,
        "page": partner_page,
        "partner_count": n,
        "graph_count": shown,
        "link_count": len(data["links"]),
        "placed": built["placed"],
        "network": accessible_svg(built["network_svg"], "netz", _("Partnernetz %(body)s") % {"body": data["body"]}, network_desc),
        "map": accessible_svg(built["map_svg"], "karte", _("Karte der Kooperationspartner %(body)s") % {"body": data["body"]}, map_desc),
    }
    return render(request, "ratsinfo/cooperation_partners.html", context)


DIFF_GROUPS = {
    "new": gettext_lazy("Neu"),
    "continued": gettext_lazy("Fortgeführt"),
    "ended": gettext_lazy("Beendet"),
}


def cooperation_years(request: HttpRequest) -> HttpResponse:
    version = _version()
    options = _options(version)
    bodies = {pk: name for pk, name, _n in options["bodies"]}
    body_id = _int(request.GET.get("body"))
    body = Body.objects.get(pk=body_id) if body_id in bodies else None
    body_id = body.pk if body else None
    years_qs = CooperationMention.objects.filter(
        deleted=False, report_year__isnull=False, cooperation__deleted=False
    )
    if body is not None:
        years_qs = years_qs.filter(cooperation__body=body)
    years = _cached(
        f"years:{body_id}",
        version,
        lambda: list(years_qs.values_list("report_year", flat=True).distinct().order_by("report_year")),
    )
    before, after = _int(request.GET.get("before")), _int(request.GET.get("after"))
    if after not in years:
        after = years[-1] if years else None
    if before not in years or (after is not None and before is not None and before >= after):
        earlier = [y for y in years if after is not None and y < after]
        before = earlier[-1] if earlier else None
    show = request.GET.get("show", "new")
    if show not in DIFF_GROUPS:
        show = "new"
    counts: dict[str, int] = {}
    page = None
    if before is not None and after is not None:

        def build() -> dict[str, list[int]]:
            groups = aggregate.diff_groups(before, after, body)
            return {name: list(qs.order_by("pk").values_list("pk", flat=True)) for name, qs in groups.items()}

        # Comparing two years reads every cooperation: once per change of the register.
        ids = _cached(f"diff:{body_id}:{before}:{after}", version, build)
        counts = {name: len(group) for name, group in ids.items()}
        page = _page(request, ids[show])
        rows = {c.pk: c for c in _coops().filter(pk__in=list(page.object_list))}
        page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    context = {
        "section": "cooperations",
        "options": options,
        "body": body,
        "body_id": body_id,
        "years": years,
        "before": before,
        "after": after,
        "show": show,
        "group_label": DIFF_GROUPS[show],
        "groups": [(name, label, counts.get(name, 0)) for name, label in DIFF_GROUPS.items()],
        "page": page,
        "show_body": body is None and len(bodies) > 1,
    }
    return render(request, "ratsinfo/cooperation_years.html", context)
