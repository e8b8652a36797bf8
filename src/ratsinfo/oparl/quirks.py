"""What real OParl servers do differently from the specification, in one place.

Each function takes what a server sent and returns what the specification describes, so
the importer itself only knows OParl 1.1. Observed on SD.NET RIM (STERNBERG), ALLRIS,
SessionNet and Somacos endpoints, OParl 1.0 and 1.1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils import timezone

# Germany's bounding box: a Point whose first coordinate is a latitude here was written
# (lat, lon) instead of GeoJSON's (lon, lat) — SD.NET does this.
_LAT = (47.0, 55.5)
_LON = (5.5, 15.5)

# OParl 1.0 named list properties of Body differently or not at all.
BODY_LISTS_1_1 = (
    "organization",
    "person",
    "meeting",
    "paper",
    "legislativeTermList",
    "membership",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
)


def type_name(obj: dict[str, Any], fallback: str = "") -> str:
    """'Paper' from 'https://schema.oparl.org/1.0/Paper' (any version, with or without slash).

    Deleted objects of some servers lack ``type``; the list they came from tells it.
    """
    raw = obj.get("type") or ""
    name = raw.rstrip("/").rsplit("/", 1)[-1]
    return name or fallback


def is_deleted(obj: dict[str, Any]) -> bool:
    return obj.get("deleted") is True or str(obj.get("deleted")).lower() == "true"


def text(value: Any) -> str:
    """Strings as servers send them carry NBSPs and stray whitespace (SD.NET postal codes)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return value.replace("\u00a0", " ").strip()


def date(value: Any) -> dt.date | None:
    """A date; some servers send a date-time where the spec says date."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def datetime(value: Any) -> dt.datetime | None:
    """A date-time; zone-less values (seen on older ALLRIS) are read as German local time."""
    if not value or not isinstance(value, str):
        return None
    raw = value.strip().replace("Z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(raw)
    except ValueError:
        d = date(raw)
        if d is None:
            return None
        parsed = dt.datetime.combine(d, dt.time())
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def strings(value: Any) -> list[str]:
    """A list of strings; a single string where the spec wants an array is wrapped."""
    if value is None:
        return []
    if isinstance(value, str):
        return [text(value)] if text(value) else []
    if isinstance(value, list):
        return [text(v) for v in value if isinstance(v, str | int) and text(v)]
    return []


def ref(value: Any) -> str:
    """The id of a reference, which servers give as a URL or as the embedded object."""
    if isinstance(value, dict):
        return text(value.get("id"))
    if isinstance(value, str):
        return text(value)
    return ""


def refs(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    return [r for r in (ref(v) for v in value) if r]


def objects(value: Any) -> list[dict[str, Any]]:
    """Embedded objects; a single object where the spec wants an array is wrapped."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def geojson(value: Any) -> dict[str, Any] | None:
    """A GeoJSON Feature; a bare geometry is wrapped and swapped (lat, lon) points fixed."""
    if not isinstance(value, dict):
        return None
    feature = dict(value)
    if feature.get("type") != "Feature" and "coordinates" in feature:
        feature = {"type": "Feature", "geometry": feature, "properties": {}}
    geometry = feature.get("geometry")
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coords = geometry.get("coordinates")
        if (
            isinstance(coords, list)
            and len(coords) >= 2
            and all(isinstance(c, int | float) for c in coords[:2])
            and _LAT[0] <= coords[0] <= _LAT[1]
            and _LON[0] <= coords[1] <= _LON[1]
        ):
            geometry = {**geometry, "coordinates": [coords[1], coords[0], *coords[2:]]}
            feature["geometry"] = geometry
    feature.setdefault("properties", {})
    return feature


def body_lists(body: dict[str, Any]) -> dict[str, str]:
    """The external lists a body names. OParl 1.0 had only the first four."""
    out = {}
    for key in BODY_LISTS_1_1:
        value = body.get(key)
        if isinstance(value, str) and value:
            out[key] = value
    return out


def with_params(url: str, params: dict[str, str]) -> str:
    """``url`` with these query parameters set (kept where the server already has them)."""
    if not params:
        return url
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for key, value in params.items():
        query.setdefault(key, value)
    return urlunsplit(parts._replace(query=urlencode(query)))


def next_page(page: dict[str, Any], filters: dict[str, str]) -> str:
    """The next page's URL. Some servers drop the filters from ``links.next`` (spec 2.5:
    the server must keep them); they are put back. OParl 1.0 drafts used ``next`` at the
    top level."""
    links = page.get("links") if isinstance(page.get("links"), dict) else {}
    nxt = links.get("next") or page.get("next") or ""
    if not isinstance(nxt, str) or not nxt:
        return ""
    return with_params(nxt, filters)


def download_url(file: dict[str, Any]) -> str:
    """Where to fetch a file: ``downloadUrl`` (the bytes) before ``accessUrl`` (may be a viewer)."""
    return text(file.get("downloadUrl")) or text(file.get("accessUrl"))


def file_name(file: dict[str, Any]) -> str:
    name = text(file.get("fileName"))
    if not name:
        url = download_url(file)
        name = urlsplit(url).path.rsplit("/", 1)[-1]
    return name or "file"


def organization_type(value: Any) -> str:
    """Organization types longer than the store keeps are cut (values are free text in 1.0)."""
    return text(value)[:40] or "Sonstiges"
