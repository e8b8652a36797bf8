"""Build the gazetteer data shipped inside the package.

Reads the Destatis Gemeindeverzeichnis (GV-ISys, 2020-12-31) and the list of vehicle
registration codes from ``../shared/gazetteer`` and writes

* ``src/ratsinfo/gazetteer/data/places.tsv.gz`` — one row per Land, Regierungsbezirk,
  Kreis, Gemeinde and Bezirk (Berlin, Hamburg): kind, key, name, designation,
  latitude, longitude, population, registration codes;
* ``src/ratsinfo/gazetteer/data/ambiguous.tsv`` — place names that are also German
  words (from the ``wngerman`` word list, ``apt-get install wngerman``) or short, with
  a level: W (a lowercase word: "essen", "weil"), N (a noun: "Wald", "Halle"), S (≤ 3
  letters). The matcher needs a type word or a list context before it takes these.

Run: ``.venv/bin/python scripts/build_gazetteer.py [SHARED_GAZETTEER_DIR]``.
Attribution of both sources: docs/NOTICE-gazetteer.md.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ratsinfo.gazetteer.names import norm_key, short_forms  # noqa: E402

OUT = ROOT / "src" / "ratsinfo" / "gazetteer" / "data"
WORDLIST = Path("/usr/share/dict/ngerman")

# State capitals that are not city-states: their canonical name is "Landeshauptstadt X"
# (Destatis writes "Potsdam, Stadt" for some of them).
CAPITALS = {
    ("01", "Kiel"), ("03", "Hannover"), ("05", "Düsseldorf"), ("06", "Wiesbaden"),
    ("07", "Mainz"), ("08", "Stuttgart"), ("09", "München"), ("10", "Saarbrücken"),
    ("12", "Potsdam"), ("13", "Schwerin"), ("14", "Dresden"), ("15", "Magdeburg"),
    ("16", "Erfurt"),
}
CITY_STATES = {"02", "11"}  # Hamburg, Berlin: Land = Gemeinde; Bremen has two cities.

# The Destatis list stops at the Gemeinde; the city-states' Bezirke are not in it.
# Number (official Bezirksnummer), name, approximate centre (WGS84), population 2020.
BERLIN_BEZIRKE = [
    (1, "Mitte", 52.5300, 13.3700, 384_000),
    (2, "Friedrichshain-Kreuzberg", 52.5000, 13.4300, 290_000),
    (3, "Pankow", 52.5970, 13.4350, 410_000),
    (4, "Charlottenburg-Wilmersdorf", 52.5000, 13.2800, 343_000),
    (5, "Spandau", 52.5350, 13.2000, 245_000),
    (6, "Steglitz-Zehlendorf", 52.4300, 13.2300, 310_000),
    (7, "Tempelhof-Schöneberg", 52.4400, 13.3800, 351_000),
    (8, "Neukölln", 52.4400, 13.4500, 329_000),
    (9, "Treptow-Köpenick", 52.4200, 13.5900, 275_000),
    (10, "Marzahn-Hellersdorf", 52.5300, 13.5900, 270_000),
    (11, "Lichtenberg", 52.5300, 13.5000, 295_000),
    (12, "Reinickendorf", 52.6000, 13.2900, 266_000),
]
HAMBURG_BEZIRKE = [
    (1, "Hamburg-Mitte", 53.5450, 10.0300, 310_000),
    (2, "Altona", 53.5700, 9.8500, 275_000),
    (3, "Eimsbüttel", 53.6000, 9.9300, 268_000),
    (4, "Hamburg-Nord", 53.6000, 10.0200, 316_000),
    (5, "Wandsbek", 53.6200, 10.1000, 443_000),
    (6, "Bergedorf", 53.4600, 10.2200, 131_000),
    (7, "Harburg", 53.4600, 9.9200, 169_000),
]
LAND_CODES = {  # kfz "bundesland" abbreviations → Land key
    "SH": "01", "HH": "02", "NI": "03", "HB": "04", "NW": "05", "HE": "06", "RP": "07",
    "BW": "08", "BY": "09", "SL": "10", "BE": "11", "BB": "12", "MV": "13", "SN": "14",
    "ST": "15", "TH": "16",
}
# Surnames and words the word list lacks but that councils write in running text.
EXTRA_AMBIGUOUS = {
    "Brück": "N", "Laage": "N", "Zeil": "N", "Werder": "N", "Linden": "N", "Au": "S",
    "Mitte": "N", "Nord": "N", "Süd": "N", "Ost": "N", "West": "N", "Haus": "N",
    "Ebene": "N", "Stadt": "N", "Land": "N", "Kreis": "N", "Amt": "N", "Bund": "N",
    "Marke": "N", "Ende": "N", "Wahl": "N", "Weiler": "N", "Kirchen": "N", "Horst": "N",
}


def _num(s: str) -> int:
    s = s.replace(" ", "").strip()
    return int(s) if s.isdigit() else 0


def _coord(s: str) -> float | None:
    s = s.strip().replace(",", ".")
    try:
        return round(float(s), 4)
    except ValueError:
        return None


def _split_name(raw: str) -> tuple[str, str]:
    """'Werder (Havel), Stadt' → ('Werder (Havel)', 'Stadt')."""
    name, _, suffix = raw.partition(",")
    return name.strip(), suffix.strip()


def build(src: Path) -> None:
    with open(src / "gemeindeverzeichnis_destatis_2020q4.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    kfz = json.loads((src / "kfz_kennzeichen.json").read_text(encoding="utf-8"))["kennzeichen"]

    out: list[list[str]] = []  # kind, key, name, designation, lat, lon, pop, codes
    kreis: dict[str, dict] = {}
    lands: dict[str, str] = {}
    rbs: dict[str, str] = {}
    gem_by_kreis: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    kreisfrei_gem: dict[str, dict] = {}
    gemeinden: list[dict] = []
    for r in rows:
        sa, tk = r["satzart"], r["textkennzeichen"]
        land, rb, kr = r["land"], r["rb"], r["kreis"]
        if sa == "10":
            lands[land] = r["gemeindename"]
        elif sa == "20":
            name = r["gemeindename"].removeprefix("früher: ")
            for p in ("Reg.-Bez. ", "Statistische Region ", "Direktionsbezirk "):
                name = name.removeprefix(p)
            rbs[land + rb] = name
        elif sa == "40":
            name, suffix = _split_name(r["gemeindename"])
            kreis[land + rb + kr] = {"name": name, "suffix": suffix, "tk": tk}
        elif sa == "60" and tk not in ("65", "66"):
            name, suffix = _split_name(r["gemeindename"])
            lat, lon = _coord(r["breitengrad"]), _coord(r["laengengrad"])
            pop = _num(r["bevoelkerung"])
            ars = land + rb + kr + r["vb"] + r["gemeinde"]
            g = {"ars": ars, "name": name, "suffix": suffix, "tk": tk, "lat": lat, "lon": lon, "pop": pop}
            if lat is not None and lon is not None:
                gem_by_kreis[ars[:5]].append((lat, lon, pop))
            if tk in ("61", "62") or land in CITY_STATES:
                kreisfrei_gem[ars[:5]] = g
            else:
                gemeinden.append(g)

    def centre(pts: list[tuple[float, float, int]]) -> tuple[str, str, int]:
        tot = sum(p for _, _, p in pts)
        if not pts or tot == 0:
            return "", "", tot
        lat = sum(a * p for a, _, p in pts) / tot
        lon = sum(b * p for _, b, p in pts) / tot
        return f"{lat:.4f}", f"{lon:.4f}", tot

    # Registration codes → Kreisschlüssel, by the normalised name of the Kreis.
    kreis_by_key: dict[str, list[str]] = defaultdict(list)
    for k5, k in kreis.items():
        kreis_by_key[norm_key(k["name"])].append(k5)
    codes: dict[str, list[str]] = defaultdict(list)
    unresolved = []
    for code, info in sorted(kfz.items()):
        name = info["name"]
        land = LAND_CODES.get(info.get("bundesland", ""), "")
        is_district = name.startswith(("Landkreis ", "Kreis ")) or name.lower().endswith("kreis")
        base = name.removeprefix("Landkreis ").removeprefix("Kreis ")
        cands = [
            k5 for k5 in kreis_by_key.get(norm_key(base), [])
            if k5.startswith(land) and (kreis[k5]["tk"] in ("43", "44", "45")) == is_district
        ] or [k5 for k5 in kreis_by_key.get(norm_key(name), []) if k5.startswith(land)]
        if len(cands) == 1:
            codes[cands[0]].append(code)
        else:
            unresolved.append((code, name))
    # A city's code also serves the Landkreis of the same name ("M", "A", "KS").
    for k5, k in kreis.items():
        if k["tk"] in ("43", "44"):
            for other in kreis_by_key.get(norm_key(k["name"]), []):
                if other != k5 and kreis[other]["tk"] in ("41", "42"):
                    codes[k5] = codes[other] + [c for c in codes[k5] if c not in codes[other]]
    # Codes of the Länder themselves ("NRW", "BBL").
    land_by_key = {norm_key(n): lk for lk, n in lands.items()}
    land_codes: dict[str, list[str]] = defaultdict(list)
    for code, name in list(unresolved):
        lk = land_by_key.get(norm_key(name.split(",")[0]))
        if lk:
            land_codes[lk].append(code)
            unresolved.remove((code, name))

    # Länder and Regierungsbezirke
    land_pts: dict[str, list] = defaultdict(list)
    rb_pts: dict[str, list] = defaultdict(list)
    for k5, pts in gem_by_kreis.items():
        land_pts[k5[:2]].extend(pts)
        rb_pts[k5[:3]].extend(pts)
    for lk, name in lands.items():
        lat, lon, pop = centre(land_pts[lk])
        out.append(["L", lk, name, "Land", lat, lon, str(pop), ",".join(land_codes[lk])])
    for rk, name in rbs.items():
        lat, lon, pop = centre(rb_pts[rk])
        out.append(["R", rk, name, "Regierungsbezirk", lat, lon, str(pop), ""])
    for k5, k in kreis.items():
        if k5[:2] in CITY_STATES:
            continue
        cs = ",".join(codes.get(k5, []))
        if k["tk"] in ("41", "42"):
            g = kreisfrei_gem.get(k5)
            if g is None:
                continue
            desig = "Stadt"
            if (k5[:2], k["name"]) in CAPITALS:
                desig = "Landeshauptstadt"
            elif "Hansestadt" in k["suffix"] or "Hansestadt" in g["suffix"]:
                desig = "Hansestadt"
            out.append(["S", g["ars"], k["name"], desig, f"{g['lat']}", f"{g['lon']}", str(g["pop"]), cs])
        else:
            lat, lon, pop = centre(gem_by_kreis[k5])
            desig = "Landkreis" if k["tk"] == "44" else "Kreis" if k["tk"] == "43" else ""
            out.append(["K", k5, k["name"], desig, lat, lon, str(pop), cs])
    for g in gemeinden:
        if g["tk"] == "60":
            desig = "Markt"
        elif g["tk"] in ("63", "67"):
            desig = "Stadt"
            if (g["ars"][:2], g["name"]) in CAPITALS:
                desig = "Landeshauptstadt"
            elif "Hansestadt" in g["suffix"]:
                desig = "Hansestadt"
        else:
            desig = "Gemeinde"
        lat = "" if g["lat"] is None else f"{g['lat']}"
        lon = "" if g["lon"] is None else f"{g['lon']}"
        out.append(["G", g["ars"], g["name"], desig, lat, lon, str(g["pop"]), ""])
    for land, table in (("11", BERLIN_BEZIRKE), ("02", HAMBURG_BEZIRKE)):
        ags = land + "000000"
        for nr, name, lat, lon, pop in table:
            out.append(["B", f"{ags}-{nr:02d}", name, "Bezirk", f"{lat}", f"{lon}", str(pop), ""])
    # City-states: the Land carries the city's codes.
    for row in out:
        if row[0] == "L" and row[1] in CITY_STATES:
            row[7] = ",".join(filter(None, [{"02": "HH", "11": "B"}[row[1]], row[7]]))

    OUT.mkdir(parents=True, exist_ok=True)
    body = "# kind\tkey\tname\tdesignation\tlat\tlon\tpopulation\tcodes\n"
    body += "".join("\t".join(row) + "\n" for row in out)
    # mtime=0: the same input gives the same bytes, so a rebuild shows no diff.
    (OUT / "places.tsv.gz").write_bytes(gzip.compress(body.encode("utf-8"), 9, mtime=0))

    # Ambiguous names (single words only; multi-word names are specific enough).
    words = set(WORDLIST.read_text(encoding="utf-8").split()) if WORDLIST.exists() else set()
    if not words:
        print("warning: /usr/share/dict/ngerman missing (apt-get install wngerman)", file=sys.stderr)
    lower = {w for w in words if w[:1].islower()}
    surfaces: set[str] = set()
    for row in out:
        if row[0] == "L":
            continue
        for s in (row[2], *short_forms(row[2])):
            if " " not in s.strip() and "-" not in s:
                surfaces.add(s.strip())
    # A noun shows itself as the tail of compounds ("Rechtslage", "Sporthalle", "Bauhof");
    # a place name rarely is one ("Westberlin").
    tails = {s.lower() for s in surfaces}
    compounds: dict[str, int] = defaultdict(int)
    for w in words:
        if w[:1].isupper():
            lw = w.lower()
            for k in range(3, len(lw) - 2):
                if lw[-k:] in tails:
                    compounds[lw[-k:]] += 1
    amb: dict[str, str] = {}
    for s in sorted(surfaces):
        if len(s) <= 3:
            amb[s] = "S"
        elif s.lower() in lower:
            amb[s] = "W"
        elif s in words and (
            compounds[s.lower()] >= 3
            or any(s + suf in words for suf in ("e", "en", "n", "es"))
            or any(s.endswith(suf) and s[: -len(suf)] in words for suf in ("e", "en", "n"))
        ):
            amb[s] = "N"
    # Rivers and landscapes, as Destatis names use them to tell towns apart ("Werder
    # (Havel)", "Frankfurt am Main"): a village called "Elbe" is rarely what a text means.
    qualifiers: set[str] = set()
    for row in out:
        m = re.search(r"\(([^()]+)\)|\s(?:an der|am|a\.d\.|a\.)\s*([\w-]+)$", row[2])
        if m:
            qualifiers.add((m.group(1) or m.group(2)).strip())
    for q in qualifiers:
        if q in surfaces and q not in amb:
            amb[q] = "N"
    for s, lvl in EXTRA_AMBIGUOUS.items():
        amb.setdefault(s, lvl)
    with open(OUT / "ambiguous.tsv", "w", encoding="utf-8") as fh:
        fh.write("# name\tlevel (W lowercase word, N noun, S short); from wngerman + curated\n")
        for s, lvl in sorted(amb.items()):
            fh.write(f"{s}\t{lvl}\n")
    print(f"{len(out)} places, {len(amb)} ambiguous names, unresolved codes: {unresolved}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "gazetteer")
