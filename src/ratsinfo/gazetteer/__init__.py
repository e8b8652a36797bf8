"""Gazetteer of German Länder, Kreise, Gemeinden and the city-states' Bezirke.

Data: Destatis Gemeindeverzeichnis (dl-de/by-2-0) and vehicle registration codes
(Wikipedia/Wikidata, CC BY-SA 4.0), shipped in ``data/`` (see docs/NOTICE-gazetteer.md);
built by scripts/build_gazetteer.py. Loaded once, on first use.
"""

from __future__ import annotations

from .data import LAND_NAMES, Place, load_places
from .index import Gazetteer, get_gazetteer, lookup
from .match import Match, find_places, find_places_in

__all__ = [
    "LAND_NAMES",
    "Gazetteer",
    "Match",
    "Place",
    "find_places",
    "find_places_in",
    "get_gazetteer",
    "load_places",
    "lookup",
]
