"""Where a partner is: canonical name, official key, kind and coordinates (gazetteer)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # canonical: "Landkreis Havelland", "Stadt Werder (Havel)"
    key: str  # AGS / Kreisschlüssel / Land key
    kind: str  # Land, Kreis, kreisfreie Stadt, Gemeinde, Bezirk
    latitude: float | None
    longitude: float | None


@lru_cache(maxsize=4096)
def locate(name: str, land: str | None = None) -> Place | None:
    """The place a partner name denotes, or None for organisations and unknown names.

    Only a whole name that *is* a place counts ("LK PM", "Stadt Werder (Havel)"); an
    organisation named after one ("Verkehrsgesellschaft Havelland mbH") is not the place.
    """
    from ratsinfo.gazetteer import lookup

    hits = lookup(name, land)
    if not hits:
        return None
    p = hits[0]
    return Place(name=p.name, key=p.key, kind=p.kind, latitude=p.lat, longitude=p.lon)
