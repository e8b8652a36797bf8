"""The shipped gazetteer: its data and ``lookup``."""

from __future__ import annotations

from collections import Counter

import pytest

from ratsinfo.gazetteer import get_gazetteer, load_places, lookup


def names(places: list) -> list[str]:
    return [p.name for p in places]


def test_data_is_complete() -> None:
    kinds = Counter(p.kind for p in load_places())
    assert kinds["Land"] == 16
    # 401 Kreise minus Berlin and Hamburg, which are Länder here.
    assert kinds["Kreis"] + kinds["kreisfreie Stadt"] == 399
    assert kinds["Bezirk"] == 12 + 7
    # 10,794 Gemeinden at 2020-12-31: kreisangehörige, kreisfreie Städte, Berlin, Hamburg
    # (Destatis' gemeindefreie Gebiete are no Gemeinden).
    assert kinds["Gemeinde"] + kinds["kreisfreie Stadt"] + 2 == 10_794
    assert kinds["Regierungsbezirk"] > 20


def test_keys_coordinates_and_codes() -> None:
    (pm,) = lookup("Landkreis Potsdam-Mittelmark")
    assert pm.key == "12069" and pm.kind == "Kreis" and pm.land == "Brandenburg"
    assert {"PM", "BEL"} <= set(pm.codes)
    assert 52.0 < pm.lat < 52.7 and 12.3 < pm.lon < 13.4
    assert pm.population > 200_000  # summed over its Gemeinden
    (werder,) = lookup("Werder (Havel)")
    assert werder.key == "12069656" and werder.ars == "120690656656"
    assert werder.kreis_key == "12069" and werder.designation == "Stadt"
    for p in load_places():
        if p.kind != "Regierungsbezirk" and p.lat is not None:
            assert 47.2 < p.lat < 55.1 and 5.8 < p.lon < 15.1, p


def test_canonical_names_follow_the_gold_style() -> None:
    assert names(lookup("Potsdam"))[0] == "Landeshauptstadt Potsdam"
    assert names(lookup("Havelland")) == ["Landkreis Havelland"]
    assert names(lookup("Stahnsdorf")) == ["Gemeinde Stahnsdorf"]
    assert names(lookup("Spandau")) == ["Bezirk Spandau"]
    assert names(lookup("Rostock"))[0] == "Hansestadt Rostock"
    assert names(lookup("Borken", land="NRW"))[0] == "Stadt Borken"
    assert names(lookup("Kreis Borken")) == ["Kreis Borken"]
    assert names(lookup("Rhein-Sieg-Kreis")) == ["Rhein-Sieg-Kreis"]
    # Destatis abbreviations written out; bilingual names keep the German part.
    assert names(lookup("Landkreis Neustadt a.d.Waldnaab")) == ["Landkreis Neustadt an der Waldnaab"]
    assert names(lookup("Mühldorf am Inn", land="Bayern"))[0] == "Stadt Mühldorf am Inn"
    assert "Stadt Bautzen" in names(lookup("Bautzen"))
    assert names(lookup("Garmisch-Partenkirchen"))[0] == "Markt Garmisch-Partenkirchen"


@pytest.mark.parametrize(
    "query",
    ["LK PM", "Landkreis Potsdam-Mittelmark", "Potsdam Mittelmark", "PM", "Kreis Potsdam-Mittelmark",
     "Landkreis PM", "Potsdam-Mittelmark, Landkreis", "landkreis potsdam-mittelmark", "BEL"],
)
def test_one_entity_for_all_forms_of_a_district(query: str) -> None:
    assert [p.key for p in lookup(query)][:1] == ["12069"]


def test_destatis_forms_and_type_words() -> None:
    assert names(lookup("Werder (Havel), Stadt")) == ["Stadt Werder (Havel)"]
    assert names(lookup("Ketzin/Havel, Stadt")) == ["Stadt Ketzin/Havel"]
    assert names(lookup("Stadt Ketzin")) == ["Stadt Ketzin/Havel"]
    assert names(lookup("Landeshauptstadt München"))[0] == "Landeshauptstadt München"
    assert names(lookup("Landkreis München")) == ["Landkreis München"]
    assert names(lookup("Hansestadt Lübeck")) == ["Hansestadt Lübeck"]
    assert names(lookup("Bezirk Steglitz-Zehlendorf")) == ["Bezirk Steglitz-Zehlendorf"]
    assert names(lookup("Berlin-Spandau")) == ["Bezirk Spandau"]
    assert names(lookup("Gemeinde Sankt Wendel") + lookup("St. Wendel"))[0] == "Stadt St. Wendel"
    assert names(lookup("Freistaat Sachsen")) == ["Sachsen"]


def test_registration_codes_only_as_codes() -> None:
    assert names(lookup("HVL")) == ["Landkreis Havelland"]
    assert names(lookup("NAU")) == ["Landkreis Havelland"]  # re-activated old code
    assert names(lookup("M"))[0] == "Landeshauptstadt München"
    assert names(lookup("LK M")) == ["Landkreis München"]
    assert names(lookup("NRW")) == ["Nordrhein-Westfalen"]
    # Written as a word, a code is nothing.
    assert lookup("pm") == []
    assert lookup("Hvl") == []


def test_land_context_disambiguates() -> None:
    assert lookup("Frankfurt")[0].name == "Stadt Frankfurt am Main"
    assert lookup("Frankfurt", land="Brandenburg")[0].name == "Stadt Frankfurt (Oder)"
    assert lookup("Neustadt", land="Brandenburg")[0].land == "Brandenburg"
    assert lookup("Neustadt", land="14")[0].land == "Sachsen"
    assert len(lookup("Neustadt")) > 5
    # A full name beats a short one: "Brandenburg" is the Land.
    assert lookup("Brandenburg")[0].kind == "Land"


def test_unknown_names() -> None:
    assert lookup("Daugavpils") == []
    assert lookup("") == []
    assert lookup("   ") == []


def test_index_is_built_once() -> None:
    assert get_gazetteer() is get_gazetteer()


# A stretch read in place (``find_places_in``, which slices the whole text's one reading of
# its words) must find exactly what the stretch read alone finds: every cut, including cuts
# inside words, next to names, list separators and brackets.
_STRETCH_TEXT = (
    "Die Landkreise Havelland, Potsdam-Mittelmark und Teltow-Fläming sowie die Städte "
    "Werder (Havel), Brandenburg an der Havel und Frankfurt (Oder) arbeiten mit LK PM, "
    "HVL und TF zusammen. Herr Werder (SPD) sprach in Halle; die Sport-Halle in Essen. "
    "Kooperation mit Neustadt/Dosse und Wiener Neustadt. Landkreis OPR, PR und HVL.\n"
    "Stadt Ketzin/Havel, Gemeinde Schwielowsee, Michendorf und Beelitz."
)


def test_stretches_read_in_place_match_stretches_read_alone() -> None:
    from ratsinfo.gazetteer import find_places, find_places_in

    text = _STRETCH_TEXT
    find_places(text)  # the whole text first, as extraction does: stretches reuse it
    n = len(text)
    cuts = sorted({0, n, *range(0, n, 7), *(i for i, c in enumerate(text) if c in " ,(/-\n")})
    for lo in cuts:
        for hi in (h for h in cuts if h > lo):
            alone = [(m.place.key, lo + m.start, lo + m.end) for m in find_places(text[lo:hi])]
            find_places(text)  # the slice above replaced the remembered reading: restore it
            here = [(m.place.key, m.start, m.end) for m in find_places_in(text, lo, hi)]
            assert here == alone, (lo, hi, text[lo:hi])
    # Not vacuous: the text names places of every sort the reader decides on.
    found = [(m.place.name, text[m.start : m.end]) for m in find_places(text)]
    assert ("Landkreis Potsdam-Mittelmark", "PM") in found
    assert ("Stadt Frankfurt (Oder)", "Frankfurt (Oder)") in found
    assert ("Gemeinde Michendorf", "Michendorf") in found
    assert len(found) >= 15
