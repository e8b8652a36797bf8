"""Places mentioned, resolved against the gazetteer of German municipalities."""

from __future__ import annotations

from ratsinfo.gazetteer import find_places

from .records import PlaceMention


def extract_places(text: str, land: str | None = None) -> list[PlaceMention]:
    """Municipalities, districts, Berlin's Bezirke and Länder the text names.

    One mention per place, with the span of its first mention; ``land`` (name or key),
    when known, settles names that several Länder share.
    """
    seen: dict[str, PlaceMention] = {}
    for m in find_places(text, land):
        if m.place.key not in seen:
            seen[m.place.key] = PlaceMention(
                name=m.place.name, key=m.place.key, kind=m.place.kind,
                spans={"name": (m.start, m.end)},
            )
    return list(seen.values())
