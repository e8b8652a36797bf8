"""Load the shipped gazetteer (built by scripts/build_gazetteer.py) once, lazily."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

KINDS = {
    "L": "Land",
    "R": "Regierungsbezirk",
    "K": "Kreis",
    "S": "kreisfreie Stadt",
    "G": "Gemeinde",
    "B": "Bezirk",
}
# Preference when one name fits several kinds and nothing else decides: "München" is the
# city before the Landkreis, "Brandenburg" the Land before the city.
KIND_RANK = {"Land": 0, "kreisfreie Stadt": 1, "Gemeinde": 2, "Bezirk": 3, "Kreis": 4,
             "Regierungsbezirk": 5}
LAND_NAMES = {
    "01": "Schleswig-Holstein", "02": "Hamburg", "03": "Niedersachsen", "04": "Bremen",
    "05": "Nordrhein-Westfalen", "06": "Hessen", "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg", "09": "Bayern", "10": "Saarland", "11": "Berlin",
    "12": "Brandenburg", "13": "Mecklenburg-Vorpommern", "14": "Sachsen",
    "15": "Sachsen-Anhalt", "16": "Thüringen",
}


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # canonical, in the gold's style: "Landkreis Havelland", "Stadt Werder (Havel)"
    official: str  # Destatis name without its suffix: "Werder (Havel)"
    kind: str  # Land, Regierungsbezirk, Kreis, kreisfreie Stadt, Gemeinde, Bezirk
    designation: str  # Landkreis, Kreis, Stadt, Landeshauptstadt, Hansestadt, Markt, Gemeinde, …
    key: str  # AGS (Gemeinde, kreisfreie Stadt), Kreisschlüssel, Land key; Bezirk: AGS-nn
    ars: str | None  # 12-digit Regionalschlüssel of a Gemeinde
    kreis_key: str | None
    land_key: str
    lat: float | None
    lon: float | None
    population: int
    codes: tuple[str, ...]  # vehicle registration codes ("PM", "BEL")

    @property
    def land(self) -> str:
        return LAND_NAMES.get(self.land_key, "")


_ABBR = [
    (re.compile(r"\ba\.\s?d\.\s?"), "an der "),
    (re.compile(r"\bi\.\s?d\.\s?"), "in der "),
    (re.compile(r"\bv\.\s?d\.\s?"), "vor der "),
    (re.compile(r"\ba\.\s?"), "am "),
    (re.compile(r"\bi\.\s?"), "im "),
    (re.compile(r"\bb\.\s?"), "bei "),
    (re.compile(r"\bOPf\."), "Oberpfalz"),
]


def expand(name: str) -> str:
    """Destatis' abbreviations written out: "Neustadt a.d.Waldnaab" → "Neustadt an der Waldnaab"."""
    if "." not in name:
        return name
    for rx, rep in _ABBR:
        name = rx.sub(rep, name)
    return name


def canonical(kind: str, designation: str, name: str) -> str:
    # Bilingual names keep their German part: "Bautzen / Budyšin" → "Bautzen".
    full = expand(name.split(" / ")[0])
    if kind == "L":
        return full
    if kind == "R":
        return f"Regierungsbezirk {full}"
    if kind == "B":
        return f"Bezirk {full}"
    if kind == "K":
        # "Rhein-Sieg-Kreis", "Region Hannover", "Landkreis Rostock" carry their type.
        if "kreis" in full.lower() or full.startswith(("Region", "Städteregion")):
            return full
        return f"{designation} {full}" if designation else full
    if designation == "Markt" and full.startswith("Markt "):
        return full
    return f"{designation} {full}"


def _float(s: str) -> float | None:
    return float(s) if s else None


@cache
def load_places() -> tuple[Place, ...]:
    raw = resources.files("ratsinfo.gazetteer").joinpath("data/places.tsv.gz").read_bytes()
    out: list[Place] = []
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        k, key, name, desig, lat, lon, pop, codes = line.split("\t")
        ars = kreis_key = None
        if k in ("G", "S"):
            ars, key = key, key[:5] + key[9:]
            kreis_key = key[:5]
        elif k == "K":
            kreis_key = key
        out.append(Place(
            name=canonical(k, desig, name), official=name, kind=KINDS[k], designation=desig,
            key=key, ars=ars, kreis_key=kreis_key, land_key=key[:2], lat=_float(lat),
            lon=_float(lon), population=int(pop or 0),
            codes=tuple(c for c in codes.split(",") if c),
        ))
    return tuple(out)


@cache
def load_ambiguous() -> dict[str, str]:
    text = resources.files("ratsinfo.gazetteer").joinpath("data/ambiguous.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, level = line.split("\t")
            out[name] = level
    return out
