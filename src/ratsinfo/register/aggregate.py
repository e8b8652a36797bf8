"""The register's network and year-over-year diff, computed in the database.

A fixed number of grouped queries, whatever the register holds. ``network`` serves the
pages and the command line (``queries.network``); ``diff_groups`` gives the pages the
answer of ``queries.diff`` (which walks every cooperation) as querysets. The tests compare
both with the plain rule.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Lower, NullIf, Trim

from ratsinfo.register import geo
from ratsinfo.store.models import Body, Cooperation, CooperationMention, Partner

Through = Cooperation.partners.through
ENDED = "abgeschlossen"


def effective(name: str, prefix: str = "") -> Any:
    """The effective value of a correctable field in SQL: the correction, else the extraction."""
    text = TextField()
    return Coalesce(
        NullIf(F(f"{prefix}{name}_corrected"), Value(""), output_field=text),
        F(f"{prefix}{name}"),
        output_field=text,
    )


def live(body: Body | None = None) -> QuerySet[Cooperation]:
    qs = Cooperation.objects.filter(deleted=False)
    return qs.filter(body=body) if body is not None else qs


def network(body: Body | None = None) -> dict[str, Any]:
    """Partners with their cooperations and fields, and the links
    between partners that share cooperations. Four queries."""
    links_in = Through.objects.filter(cooperation__in=live(body))
    counts = dict(links_in.values_list("partner").annotate(n=Count("cooperation")))
    fields: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, f, n in (
        links_in.annotate(f=effective("field", "cooperation__"))
        .values_list("partner", "f")
        .annotate(n=Count("cooperation"))
    ):
        if f:
            fields[pk][f] = n
    # Each pair once (lower pk first), counted over the cooperations they share.
    pairs = (
        links_in.filter(cooperation__partners__pk__gt=F("partner_id"))
        .values_list("partner", "cooperation__partners")
        .annotate(n=Count("cooperation", distinct=True))
    )
    partners = {p.pk: p for p in Partner.objects.filter(pk__in=list(counts))}
    nodes = sorted(partners.values(), key=lambda p: (-counts[p.pk], p.name))
    links = sorted(pairs, key=lambda t: (-t[2], partners[t[0]].name, partners[t[1]].name))
    return {
        "body": body.name if body else None,
        "partners": [
            {
                "name": p.name,
                "kind": p.kind,
                "key": p.key,
                "cooperations": counts[p.pk],
                "fields": dict(sorted(fields[p.pk].items())),
                "latitude": p.latitude,
                "longitude": p.longitude,
            }
            for p in nodes
        ],
        "links": [
            {"source": partners[a].name, "target": partners[b].name, "cooperations": n}
            for a, b, n in links
        ],
    }


def map_points(data: dict[str, Any], homes: list[Body]) -> list[dict[str, Any]]:
    """Points for ``svg.map_svg``: partners where the gazetteer places them, and the bodies
    whose register it is (drawn as home)."""
    points = []
    for p in data["partners"]:
        lat, lon = p["latitude"], p["longitude"]
        if lat is None or lon is None:
            place = geo.locate(p["name"])
            lat, lon = (place.latitude, place.longitude) if place else (None, None)
        if lat is not None and lon is not None:
            points.append(
                {"name": p["name"], "latitude": lat, "longitude": lon, "cooperations": p["cooperations"]}
            )
    for b in homes:
        home = geo.locate(b.name)
        if home and home.latitude is not None and home.longitude is not None:
            points.append(
                {"name": b.name, "latitude": home.latitude, "longitude": home.longitude,
                 "cooperations": 1, "home": True}
            )
    return points


def diff_groups(before: int, after: int, body: Body | None = None) -> dict[str, QuerySet[Cooperation]]:
    """As ``queries.diff``: new (only in ``after``), continued (in both), ended (only in
    ``before``, or marked abgeschlossen in ``after``) — as querysets, to count and page."""

    def in_year(year: int) -> Exists:
        return Exists(
            CooperationMention.objects.filter(cooperation=OuterRef("pk"), report_year=year, deleted=False)
        )

    qs = live(body).annotate(
        in_before=in_year(before),
        in_after=in_year(after),
        ended_status=Lower(Trim(effective("status"))),
    )
    both = Q(in_before=True, in_after=True)
    marked = both & Q(ended_status=ENDED)
    return {
        "new": qs.filter(in_after=True, in_before=False),
        "continued": qs.filter(both).exclude(ended_status=ENDED),
        "ended": qs.filter(marked | Q(in_before=True, in_after=False)),
    }
