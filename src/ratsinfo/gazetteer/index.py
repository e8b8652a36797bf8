"""Name index over the gazetteer and ``lookup``: name, type word or registration code → places."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from .data import KIND_RANK, Place, load_ambiguous, load_places
from .names import norm_key, short_forms

# Type words in front of a name, with the kinds they allow. Inflected and plural forms
# too: "des Landkreises Havelland", "die Landkreise Havelland und Teltow-Fläming".
_K = frozenset({"Kreis"})
CITY_KINDS = frozenset({"kreisfreie Stadt", "Gemeinde"})
_CITY = frozenset({"kreisfreie Stadt", "Gemeinde", "Land"})
_GEM = frozenset({"kreisfreie Stadt", "Gemeinde"})
_BEZ = frozenset({"Bezirk", "Regierungsbezirk"})
_LAND = frozenset({"Land"})
TYPE_WORDS: dict[str, frozenset[str]] = {
    "landkreis": _K, "landkreises": _K, "landkreise": _K, "landkreisen": _K, "lk": _K,
    "kreis": _K, "kreises": _K, "kreise": _K, "kreisen": _K,
    "stadt": _CITY, "städte": _CITY, "städten": _CITY, "landeshauptstadt": _CITY,
    "hansestadt": _CITY, "kreisstadt": _CITY, "universitätsstadt": _CITY,
    "stadtgemeinde": _CITY,
    "gemeinde": _GEM, "gemeinden": _GEM, "markt": _GEM, "marktgemeinde": _GEM,
    "ortsgemeinde": _GEM, "nachbargemeinde": _GEM,
    "nachbargemeinden": _GEM, "nachbarstadt": _CITY,
    "bezirk": _BEZ, "bezirks": _BEZ, "bezirke": _BEZ, "bezirksamt": _BEZ,
    "bezirksamts": _BEZ, "stadtbezirk": _BEZ,
    "regierungsbezirk": frozenset({"Regierungsbezirk"}),
    "regierungsbezirks": frozenset({"Regierungsbezirk"}),
    "land": _LAND, "landes": _LAND, "bundesland": _LAND, "bundeslandes": _LAND,
    "freistaat": _LAND, "freistaates": _LAND, "länder": _LAND, "bundesländer": _LAND,
}
# Multi-word type words, longest first ("kreisfreie Stadt", "Große Kreisstadt").
TYPE_PHRASES: dict[str, frozenset[str]] = {
    "kreisfreie stadt": _GEM, "kreisfreien stadt": _GEM, "kreisfreie städte": _GEM,
    "große kreisstadt": _GEM, "großen kreisstadt": _GEM,
}
_SUFFIX = re.compile(r",\s*(?:[\w .\-]*stadt|Gemeinde|Markt|M|St|GKSt|Flecken|Landkreis|Kreis)\s*$", re.IGNORECASE)
CODE = re.compile(r"^[A-ZÄÖÜ]{1,3}$")


@dataclass(frozen=True, slots=True)
class Entry:
    place: int  # index into Gazetteer.places
    short: bool  # matched a short form ("Ketzin" for "Ketzin/Havel")


class Gazetteer:
    def __init__(self, places: tuple[Place, ...], ambiguous: dict[str, str]) -> None:
        self.places = places
        self.by_key: dict[str, list[Entry]] = defaultdict(list)
        self.codes: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(places):
            self._add_names(i, p)
            for c in p.codes:
                self.codes[c].append(i)
        # The entries of each registration code, made once (the matcher asks per mention;
        # shared like by_key's lists, never changed by their users).
        self.code_entries: dict[str, list[Entry]] = {
            c: [Entry(i, False) for i in idx] for c, idx in self.codes.items()
        }
        # Longest variant per first word, so the matcher reads no further than needed.
        self.first: dict[str, int] = {}
        for key in self.by_key:
            words = key.split(" ")
            self.first[words[0]] = max(self.first.get(words[0], 0), len(words))
        # Ambiguity by key. A noun that is also the name of a city of 100,000 is the
        # city ("Kiel", "Bonn"); a lowercase word ("essen") still needs its context.
        self.ambiguous: dict[str, str] = {}
        for name, level in ambiguous.items():
            key = norm_key(name)
            entries = self.by_key.get(key)
            if not entries:
                continue
            big = any(not e.short and places[e.place].population >= 100_000
                      and places[e.place].kind in CITY_KINDS for e in entries)
            if level == "N" and big:
                continue
            self.ambiguous[key] = level
        self._add_genitives()
        # The beginnings (two words or more) of longer keys: the matcher reads a name's next
        # word only while some key goes on with the words it has read.
        self.longer: frozenset[str] = frozenset(
            " ".join(ws[:i])
            for key in self.by_key if key.count(" ") >= 2
            for ws in (key.split(" "),) for i in range(2, len(ws))
        )
        # Memos for the matcher (see match.py; the index does not change, so they hold):
        # capitalised words that may or may not start a name,
        self.word_starts: set[str] = set()
        self.word_nonstarts: set[str] = set()
        # their keys (match._word_key),
        self.word_keys: dict[str, str | bool] = {}
        # per name key (only_regierungsbezirk, ambiguity level),
        self.key_info: dict[str, tuple[bool, str | None]] = {}
        # per entry list and kinds, what an accepted name gives the context (match._summary).
        self.rank_memo: dict[tuple[int, frozenset[str] | None], tuple[object, ...]] = {}
        self._only_rb: dict[str, bool] = {}  # memo of only_regierungsbezirk

    def _add_genitives(self) -> None:
        """"Potsdams Bürgermeister", "Brandenburgs Landkreise": the genitive of a full name
        that is no word of its own (not "Essens")."""
        for key, entries in list(self.by_key.items()):
            if key[-1] in "sßxz" or key in self.ambiguous or key + "s" in self.by_key:
                continue
            full = [e for e in entries if not e.short]
            if full and all(
                self.places[e.place].population >= 10_000 or self.places[e.place].kind != "Gemeinde"
                for e in full
            ):
                self.by_key[key + "s"] = full
                first = key.split(" ")[0]
                if " " not in key:
                    self.first[first + "s"] = max(self.first.get(first + "s", 0), 1)

    def _add(self, key: str, i: int, short: bool) -> None:
        if key and all(e.place != i for e in self.by_key[key]):
            self.by_key[key].append(Entry(i, short))

    def _add_names(self, i: int, p: Place) -> None:
        names = {p.official, p.name}
        if p.kind == "Kreis":
            names.add(p.official.removeprefix("Landkreis ").removeprefix("Kreis "))
        if p.kind == "Bezirk":
            city = "Berlin" if p.land_key == "11" else "Hamburg"
            names.add(f"{city} {p.official}")
        for n in names:
            self._add(norm_key(n), i, False)
        if p.kind in ("Gemeinde", "kreisfreie Stadt", "Kreis"):
            for s in short_forms(p.official):
                self._add(norm_key(s), i, True)

    def only_regierungsbezirk(self, key: str) -> bool:
        """Whether every place of ``key`` is a Regierungsbezirk outside Bavaria (asked for
        every name the matcher meets; the index does not change, so remembered per key)."""
        got = self._only_rb.get(key)
        if got is None:
            es = self.by_key.get(key, [])
            got = all(self.places[e.place].kind == "Regierungsbezirk" for e in es) and not any(
                self.places[e.place].land_key == "09" for e in es
            )
            self._only_rb[key] = got
        return got

    def entries(self, key: str) -> list[Entry]:
        return self.by_key.get(key, [])

    def rank(self, entries: list[Entry], land_weight: dict[str, int] | None = None,
             kinds: frozenset[str] | None = None) -> list[Entry]:
        """Entries best first: the document's Land, a full name, kind, size."""
        lw = land_weight or {}
        es = [e for e in entries if kinds is None or self.places[e.place].kind in kinds]
        if len(es) < 2:
            return es  # nothing to sort (most names name one place)
        return sorted(es, key=lambda e: (
            -lw.get(self.places[e.place].land_key, 0), e.short,
            KIND_RANK[self.places[e.place].kind], -self.places[e.place].population))


@cache
def get_gazetteer() -> Gazetteer:
    return Gazetteer(load_places(), load_ambiguous())


@lru_cache(maxsize=256)  # asked on every find_places call, with a handful of values
def land_key(land: str | None) -> str | None:
    """Land key ('12') for a Land's name, code or key."""
    if not land:
        return None
    if land.isdigit():
        return land.zfill(2)[:2]
    g = get_gazetteer()
    for e in g.entries(norm_key(land)):
        if g.places[e.place].kind == "Land":
            return g.places[e.place].land_key
    return None


def lookup(name: str, land: str | None = None) -> list[Place]:
    """Places a name may mean, best first.

    Tolerates type words ("Landkreis", "LK", "Stadt", "Bezirk" …), the Destatis form
    ("Werder (Havel), Stadt"), spaces for hyphens and registration codes written as codes
    ("PM", "LK PM"). ``land`` (name or key) prefers that Land's places ("Neustadt").
    """
    g = get_gazetteer()
    text = " ".join(name.split())
    text = _SUFFIX.sub("", text)
    kinds: frozenset[str] | None = None
    low = text.lower()
    for phrase, ks in TYPE_PHRASES.items():
        if low.startswith(phrase + " "):
            kinds, text = ks, text[len(phrase) + 1 :]
            break
    else:
        first, _, rest = text.partition(" ")
        if rest and first.lower() in TYPE_WORDS:
            kinds, text = TYPE_WORDS[first.lower()], rest
    text = text.strip()
    lk = land_key(land)
    weight = {lk: 1} if lk else None
    if CODE.match(text) and text in g.codes:
        idx = g.codes[text]
        es = [Entry(i, False) for i in idx]
        return [g.places[e.place] for e in (g.rank(es, weight, kinds) or g.rank(es, weight))]
    entries = g.entries(norm_key(text))
    ranked = g.rank(entries, weight, kinds)
    if not ranked and kinds is not None:
        ranked = g.rank(entries, weight)
    return [g.places[e.place] for e in ranked]
