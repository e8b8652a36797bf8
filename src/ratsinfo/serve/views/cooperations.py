"""The cooperation register: list with filters, one cooperation, the partner network and map,
and the year-over-year view. Values shown are the effective ones (a staff correction wins)."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, Prefetch, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Least, Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ratsinfo.register import aggregate, geo, svg
from ratsinfo.register.aggregate import effective
from ratsinfo.store.models import Body, Cooperation, CooperationMention, Partner

from .common import PER_PAGE, _page, _page_by_ids, data_version

log = logging.getLogger(__name__)

EFFECTIVE = ("title", "unit", "field", "kind", "status", "legal_form", "category", "since", "until")
# Effective values the register's tables show; computed in Python from the two columns each.
SHOWN = ("title", "unit", "field", "kind", "status")
# What a table row reads: the heavy columns (description, evidence) stay in the database.
ROW_FIELDS = (
    "body__name", "partner_phrases", "first_report_year", "last_report_year",
    *(column for name in SHOWN for column in (name, f"{name}_corrected")),
)
# Filters whose options are the values the register holds.
CHOICE_FILTERS = ("field", "kind", "status")
# The network drawing stays readable up to this many partners; the table lists them all.
GRAPH_PARTNERS = 60
SNIPPET = 600
# Report passages per page of a cooperation: each is a cut from a source text.
MENTIONS_PER_PAGE = 20
# Keys carry the register's version, so an entry is never stale, only unused once the
# register changes. The timeout bounds what the version cannot see (a row deleted outright)
# and lets old entries go.
CACHE_SECONDS = 24 * 3600


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


def _filterable() -> QuerySet[Cooperation]:
    """Live cooperations with their effective values as aliases: usable in filters, and
    compiled into the SQL only where a filter uses them."""
    return aggregate.live().alias(**{f"e_{name}": effective(name) for name in EFFECTIVE})


def _table(qs: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
    """What a table row shows: its columns, the heavy ones (descriptions) left in the
    database, and the partners in one more query."""
    return (
        qs.select_related("body")
        .only(*ROW_FIELDS)
        .prefetch_related(Prefetch("partners", queryset=Partner.objects.only("pk", "name", "key")))
    )


def _rows(rows: Any) -> list[Cooperation]:
    """The rows with their effective values as ``e_<name>`` (a correction wins)."""
    rows = list(rows)
    for coop in rows:
        for name in SHOWN:
            setattr(coop, f"e_{name}", coop.value(name))
    return rows


# Maxima of indexed columns: an index lookup each, at any size. Saving or soft-deleting a
# cooperation, partner, mention or body moves one of them; an ingest that touches the
# register saves every cooperation it touches.
_VERSIONED = (
    (Cooperation, "modified"), (Cooperation, "id"),
    (Partner, "modified"), (Partner, "id"),
    (CooperationMention, "modified"), (CooperationMention, "id"),
    (Body, "modified"),
)


def register_version() -> str:
    """Changes whenever the register does: drawings, counts and option lists
    follow it. One query."""
    return data_version(_VERSIONED)


def _code_version() -> str:
    """Changes with the code, templates and gazetteer that draw the register's pages, so a
    cache that outlives an upgrade serves nothing the old code made."""
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha1(usedforsecurity=False)
    for part in ("serve", "register", "gazetteer"):
        for path in sorted((root / part).rglob("*")):
            if "__pycache__" not in path.parts and path.is_file():
                stat = path.stat()
                digest.update(f"{path}|{stat.st_mtime_ns}|{stat.st_size}".encode())
    return digest.hexdigest()


CODE_VERSION = _code_version()


def _cached(key: str, version: str, build: Any) -> Any:
    """``build()``, once per version of the register, for every server process."""
    # Hashed: keys hold query strings, of any length. The language as well: entries hold
    # translated text.
    digest = hashlib.sha1(
        f"{key}|{version}|{get_language()}|{CODE_VERSION}".encode(), usedforsecurity=False
    ).hexdigest()
    full = f"ratsinfo:register:{key.split(':', 1)[0]}:{digest}"
    # A cache that cannot be read or written (Redis away, a directory of another user)
    # costs time, never the page.
    try:
        value = cache.get(full)
    except Exception:
        log.warning("cache unreadable", exc_info=True)
        value = None
    if value is None:
        value = build()
        try:
            cache.set(full, value, CACHE_SECONDS)
        except Exception:
            log.warning("cache unwritable", exc_info=True)
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
        live = aggregate.live()
        out: dict[str, Any] = {
            name: [
                v
                for v in live.annotate(v=effective(name)).values_list("v", flat=True).distinct().order_by("v")
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


def _count(version: str, filters: dict[str, Any], qs: QuerySet[Cooperation]) -> int:
    """Counting a filtered register reads all of it; the count holds until the register changes."""
    key = "count:" + urlencode(sorted((k, str(v)) for k, v in filters.items() if v))
    return int(_cached(key, version, qs.count))


def _partner_filter(text: str) -> Q:
    """Partners by name part, official key, or a place the gazetteer knows ("LK PM")."""
    q = Q(name__icontains=text) | Q(key=text)
    place = geo.locate(text)
    if place is not None and place.key:
        q |= Q(key=place.key)
    partners = Partner.objects.filter(q)
    return Q(pk__in=Cooperation.partners.through.objects.filter(partner__in=partners).values("cooperation"))


def cooperation_list(request: HttpRequest) -> HttpResponse:
    version = register_version()
    return _list_page(request, version)


def _list_page(request: HttpRequest, version: str) -> HttpResponse:
    options = _options(version)
    get = request.GET
    filters: dict[str, Any] = {
        "q": get.get("q", "").strip(),
        "partner": get.get("partner", "").strip(),
        "body": _int(get.get("body")),
        "year": _int(get.get("year")),
    }
    qs = _filterable()
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
    count = _count(version, filters, qs)
    page = CountedPaginator(_table(qs), PER_PAGE, count=count).get_page(get.get("page"))
    page.object_list = _rows(page.object_list)
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


def _network(version: str, body_id: int | None, body_ids: list[int]) -> dict[str, Any]:
    """A body's partner network (all bodies' for None), drawn as network and map, as
    labelled images: built once per version of the register, for every worker."""

    def build() -> dict[str, Any]:
        body = Body.objects.get(pk=body_id) if body_id else None
        homes = [body] if body else list(Body.objects.filter(pk__in=body_ids))
        data = aggregate.network(body)
        data["body"] = body.name if body else ", ".join(sorted(b.name for b in homes))
        shown = {**data, "partners": data["partners"][:GRAPH_PARTNERS]}
        names = {p["name"] for p in shown["partners"]}
        shown["links"] = [
            link for link in data["links"] if link["source"] in names and link["target"] in names
        ]
        points = aggregate.map_points(data, homes)
        placed = sum(1 for p in points if not p.get("home"))
        n = len(data["partners"])
        network_desc = _(
            "Netzdiagramm: %(body)s in der Mitte, %(shown)d von %(n)d Partnern im Kreis, nach Zahl "
            "der gemeinsamen Kooperationen; Linien verbinden Partner mit gemeinsamen Kooperationen. "
            "Die Tabelle unten enthält dieselben Angaben."
        ) % {"body": data["body"], "shown": min(n, GRAPH_PARTNERS), "n": n}
        map_desc = _(
            "Karte: %(placed)d Partner mit bekannter Lage als Punkte, Größe nach Zahl der "
            "Kooperationen. Die Tabelle unten enthält dieselben Angaben."
        ) % {"placed": placed}
        network = accessible_svg(
            svg.network_svg(shown), "netz", _("Partnernetz %(body)s") % {"body": data["body"]}, network_desc
        )
        drawn_map = accessible_svg(
            svg.map_svg(points, _("Kooperationspartner %(body)s") % {"body": data["body"]}),
            "karte",
            _("Karte der Kooperationspartner %(body)s") % {"body": data["body"]},
            map_desc,
        )
        # Plain strings in the cache; marked safe again when shown.
        return {"data": data, "network": str(network), "map": str(drawn_map), "placed": placed}

    return _cached(f"partners:{body_id}", version, build)


def _network_body(body_id: int | None, body_ids: list[int]) -> int | None:
    """The body a partner page shows: the one asked for, else the only one, else all (None),
    as the command line does."""
    if body_id in body_ids:
        return body_id
    return body_ids[0] if len(body_ids) == 1 else None


def cooperation_partners(request: HttpRequest) -> HttpResponse:
    version = register_version()
    return _partners_page(request, version)


def _partners_page(request: HttpRequest, version: str) -> HttpResponse:
    options = _options(version)
    body_ids = [pk for pk, _name, _n in options["bodies"]]
    body_id = _network_body(_int(request.GET.get("body")), body_ids)
    built = _network(version, body_id, body_ids)
    data = built["data"]
    n = len(data["partners"])
    partner_page = _page(request, data["partners"])
    context = {
        "section": "cooperations",
        "options": options,
        "body_id": body_id,
        "data": data,
        "partner_page": partner_page,
        "page": partner_page,
        "partner_count": n,
        "graph_count": min(n, GRAPH_PARTNERS),
        "link_count": len(data["links"]),
        "placed": built["placed"],
        # Built by accessible_svg from register.svg's escaped drawing.
        "network": mark_safe(built["network"]),
        "map": mark_safe(built["map"]),
    }
    return render(request, "ratsinfo/cooperation_partners.html", context)


DIFF_GROUPS = {
    "new": gettext_lazy("Neu"),
    "continued": gettext_lazy("Fortgeführt"),
    "ended": gettext_lazy("Beendet"),
}


def _years(version: str, body_id: int | None) -> list[int]:
    """The report years of a body's register (all bodies' for None)."""

    def build() -> list[int]:
        qs = CooperationMention.objects.filter(deleted=False, report_year__isnull=False, cooperation__deleted=False)
        if body_id is not None:
            qs = qs.filter(cooperation__body_id=body_id)
        return list(qs.values_list("report_year", flat=True).distinct().order_by("report_year"))

    return _cached(f"years:{body_id}", version, build)


def _pair(years: list[int], before: int | None, after: int | None) -> tuple[int | None, int | None]:
    """The years to compare: those asked for when the register has them, else the newest
    report and the one before it."""
    if after not in years:
        after = years[-1] if years else None
    if before not in years or (after is not None and before is not None and before >= after):
        earlier = [y for y in years if after is not None and y < after]
        before = earlier[-1] if earlier else None
    return before, after


def _diff(version: str, body_id: int | None, before: int, after: int) -> dict[str, list[int]]:
    """Ids of the new, continued and ended cooperations: comparing two years reads every
    cooperation, so once per version of the register."""

    def build() -> dict[str, list[int]]:
        body = Body.objects.get(pk=body_id) if body_id is not None else None
        groups = aggregate.diff_groups(before, after, body)
        return {name: list(qs.order_by("pk").values_list("pk", flat=True)) for name, qs in groups.items()}

    return _cached(f"diff:{body_id}:{before}:{after}", version, build)


def cooperation_years(request: HttpRequest) -> HttpResponse:
    version = register_version()
    return _years_page(request, version)


def _years_page(request: HttpRequest, version: str) -> HttpResponse:
    options = _options(version)
    bodies = {pk: name for pk, name, _n in options["bodies"]}
    body_id = _int(request.GET.get("body"))
    body_id = body_id if body_id in bodies else None
    years = _years(version, body_id)
    before, after = _pair(years, _int(request.GET.get("before")), _int(request.GET.get("after")))
    show = request.GET.get("show", "new")
    if show not in DIFF_GROUPS:
        show = "new"
    counts: dict[str, int] = {}
    page = None
    if before is not None and after is not None:
        ids = _diff(version, body_id, before, after)
        counts = {name: len(group) for name, group in ids.items()}
        page = _page(request, ids[show])
        found = {c.pk: c for c in _table(aggregate.live()).filter(pk__in=list(page.object_list))}
        page.object_list = _rows(found[pk] for pk in page.object_list if pk in found)
    context = {
        "section": "cooperations",
        "options": options,
        "body": Body.objects.only("pk", "name").get(pk=body_id) if body_id is not None else None,
        "body_id": body_id,
        "years": years,
        "before": before,
        "after": after,
        "show": show,
        "group_label": DIFF_GROUPS[show],
        "groups": [(name, label, counts.get(name, 0)) for name, label in DIFF_GROUPS.items()],
        "page": page,
        "show_body": body_id is None and len(bodies) > 1,
    }
    return render(request, "ratsinfo/cooperation_years.html", context)


def warm_cache() -> None:
    """Build what the register's pages cache, for the register as it is now: option lists,
    the unfiltered count, every body's partner network and map, the default comparison of
    years. Called after an ingest that stored files (``ratsinfo.serve.apps``), so that no
    visitor waits for a drawing; what is cached already is only looked up."""
    version = register_version()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            options = _options(version)
            _count(version, {}, aggregate.live())
            body_ids = [pk for pk, _name, _n in options["bodies"]]
            for body_id in dict.fromkeys([*body_ids, _network_body(None, body_ids)]):
                _network(version, body_id, body_ids)
            for body_id in [None, *body_ids]:
                before, after = _pair(_years(version, body_id), None, None)
                if before is not None and after is not None:
                    _diff(version, body_id, before, after)
    except Exception:
        # A cache that cannot be written (a full disk, Redis away) costs the first visitor
        # the wait, never the ingest.
        log.warning("could not fill the register pages' cache", exc_info=True)
