"""Places in running text: recall on ordinary mentions, precision on the traps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.extract.places import extract_places

SHARED = Path(__file__).resolve().parents[2] / "shared"


def found(text: str, land: str | None = None) -> dict[str, str]:
    """Canonical name → the text of its first mention."""
    out = {}
    for p in extract_places(text, land):
        s, e = p.spans["name"]
        out[p.name] = text[s:e]
    return out


def test_bavaria_abbreviated_names_markt_and_bezirk() -> None:
    text = (
        "Der Kreistag des Landkreises Neustadt a.d.Waldnaab hat mit der Stadt Weiden i.d.OPf. "
        "und dem Markt Parkstein eine Zweckvereinbarung geschlossen. Vertreter aus Regensburg, "
        "Amberg und Schwandorf nahmen teil; der Bezirk Oberpfalz fördert das Vorhaben. Das "
        "Gutachten lag dem Freistaat Bayern vor."
    )
    got = found(text)
    assert got["Landkreis Neustadt an der Waldnaab"] == "Neustadt a.d.Waldnaab"
    assert "Stadt Weiden in der Oberpfalz" in got
    assert got["Markt Parkstein"] == "Markt Parkstein"
    # Without a type word a city beats the Landkreis of the same name.
    assert {"Stadt Regensburg", "Stadt Amberg", "Stadt Schwandorf"} <= set(got)
    assert "Landkreis Regensburg" not in got
    assert "Regierungsbezirk Oberpfalz" in got and "Bayern" in got


def test_nrw_common_words_and_person_names() -> None:
    text = (
        "Die Stadt Essen und die Städte Bochum und Gelsenkirchen bilden einen Verbund. Nach dem "
        "gemeinsamen Essen erläuterte Herr Hamm (CDU) den Antrag. Die Halle in guter Lage wird "
        "saniert; Ratsherr Borken stimmte zu. Der Kreis Borken und die Stadt Bocholt sind beteiligt."
    )
    got = found(text)
    assert got["Stadt Essen"] == "Stadt Essen"  # first mention, with its type word
    assert {"Stadt Bochum", "Stadt Gelsenkirchen", "Kreis Borken", "Stadt Bocholt"} <= set(got)
    assert "Stadt Hamm" not in got  # Herr Hamm
    assert not {"Stadt Lage", "Gemeinde Lage"} & set(got)
    assert not any("Halle" in n for n in got)
    assert "Stadt Borken" not in got  # Ratsherr Borken
    assert len(got) == 5


def test_saxony_adjectives_are_not_places() -> None:
    text = (
        "Der Landkreis Bautzen und die Große Kreisstadt Hoyerswerda kooperieren mit Vertretern "
        "aus Görlitz, Zittau und Löbau. Die Leipziger Messe und die Dresdner Bank sind nicht "
        "beteiligt. Eine Elster saß auf dem Zaun."
    )
    got = found(text)
    assert set(got) == {
        "Landkreis Bautzen", "Stadt Hoyerswerda", "Stadt Görlitz", "Stadt Zittau", "Stadt Löbau",
    }


def test_baden_wuerttemberg_short_names_in_lists() -> None:
    text = (
        "Die Gemeinden Au und Ihringen im Landkreis Breisgau-Hochschwarzwald sowie die Stadt "
        "Weil am Rhein schließen eine Vereinbarung. Weil der Antrag spät kam, wurde im Wald am "
        "Berg nicht gebaut. Freiburg im Breisgau stimmt zu."
    )
    got = found(text)
    assert set(got) == {
        "Gemeinde Au", "Gemeinde Ihringen", "Landkreis Breisgau-Hochschwarzwald",
        "Stadt Weil am Rhein", "Stadt Freiburg im Breisgau",
    }
    (au,) = [p for p in extract_places(text) if p.name == "Gemeinde Au"]
    assert au.key.startswith("08315")  # Au im Breisgau, by the Kreis named beside it


def test_ambiguous_words_need_a_type_word_or_a_list() -> None:
    assert found("Das Essen war gut, die Halle voll, der Wald still.") == {}
    assert found("Zum Essen gab es Suppe. Weil es regnete, blieb die Au nass.") == {}
    assert "Stadt Essen" in found("Die Delegation reiste nach Essen.")
    assert set(found("Partner sind Dortmund, Essen und Bochum.")) == {
        "Stadt Dortmund", "Stadt Essen", "Stadt Bochum",
    }
    assert "Stadt Laage" in found("Beteiligt sind Güstrow, Laage und Teterow.")
    assert found("Er kam in die Lage, das zu prüfen.") == {}


def test_registration_codes_only_written_as_codes() -> None:
    got = found("Die Regionalleitstelle arbeitet mit den LK PM, HVL und TF zusammen.")
    assert set(got) == {"Landkreis Potsdam-Mittelmark", "Landkreis Havelland", "Landkreis Teltow-Fläming"}
    assert got["Landkreis Havelland"] == "HVL"
    assert found("Feinstaub PM 2,5 wurde gemessen. SPD, CDU und FDP stimmten zu; die EU fördert.") == {}
    assert found("Ab 14 Uhr pm ist Ruhe.") == {}
    assert set(found("Partner: PM, HVL und TF")) == set(got)  # a list of codes
    assert set(found("Leitstelle der LK OPR, PR und HVL")) == {
        "Landkreis Ostprignitz-Ruppin", "Landkreis Prignitz", "Landkreis Havelland",
    }
    # Council abbreviations that are also codes: Oberbürgermeister, Fachbereich, EU.
    assert found("Verteiler: OB, BM, FB 23, HA") == {}
    assert set(found("Land Brandenburg, Bund und EU fördern.")) == {"Brandenburg"}


def test_berlin_bezirke_are_not_berlin() -> None:
    text = (
        "Es kamen Bezirksstadträte aus Berlin Spandau und Berlin-Mitte sowie aus dem Bezirk "
        "Pankow. Das Konzept ist Mitte 2020 evaluiert worden. Der Potsdamer Platz und das "
        "Berliner Umland. Herr Werder sprach. Frau Prof. Dr. Karin Teltow (SPD) stimmte zu."
    )
    got = found(text)
    assert got == {
        "Bezirk Spandau": "Berlin Spandau", "Bezirk Mitte": "Berlin-Mitte", "Bezirk Pankow": "Bezirk Pankow",
    }


def test_hamburg_bezirke_and_a_namesake_district() -> None:
    got = found("Das Bezirksamt Altona und der Bezirk Hamburg-Nord arbeiten mit dem Landkreis Harburg zusammen.")
    assert set(got) == {"Bezirk Altona", "Bezirk Hamburg-Nord", "Landkreis Harburg"}


def test_plural_type_word_covers_the_list() -> None:
    got = found("Zusammenarbeit mit den Landkreisen Havelland, Ostprignitz-Ruppin und Stendal.")
    assert "Landkreis Stendal" in got and "Hansestadt Stendal" not in got


def test_land_context_decides_short_names() -> None:
    text = "Die Bürgermeister aus Neustadt und Kyritz trafen sich in Wittstock."
    got = found(text)  # Kyritz and Wittstock are in Brandenburg: so is this Neustadt
    assert "Stadt Neustadt (Dosse)" in got
    assert found("Gespräch in Neustadt.") == {}  # eleven Neustadts and no clue
    assert "Stadt Neustadt (Dosse)" in found("Gespräch in Neustadt.", land="Brandenburg")


def test_names_do_not_run_across_sentences_or_lines_of_a_list() -> None:
    got = found("Wir tagten in Brandenburg. An der Havel liegt Ketzin.")
    assert "Brandenburg" in got and "Stadt Brandenburg an der Havel" not in got
    assert found("gez. Ilka Sternberg\tgez. Arne Teltow") == {}
    assert set(found("Sankt Wendel und St. Ingbert")) == {"Stadt St. Wendel", "Stadt St. Ingbert"}


def test_long_lists_are_linear() -> None:
    text = ", ".join(["Au"] * 5000) + " und die Gemeinde Ihringen, Au"
    got = found(text)
    assert set(got) == {"Gemeinde Ihringen", "Gemeinde Au"}
    assert got["Gemeinde Au"] == "Au"
    (au,) = [p for p in extract_places(text) if p.name == "Gemeinde Au"]
    assert au.spans["name"][0] == len(text) - 2  # the first Au that counts: after Ihringen


def test_genitive_of_a_full_name() -> None:
    got = found("Dresdens Oberbürgermeister und Sachsens Innenminister lobten Meißens Konzept.")
    assert set(got) == {"Landeshauptstadt Dresden", "Sachsen", "Stadt Meißen"}
    assert got["Landeshauptstadt Dresden"] == "Dresdens"
    assert found("Nach dem Essens-Ausgabe-Termin und des Waldes Rand.") == {}


def test_one_mention_per_place_with_first_span() -> None:
    text = "Potsdam lädt ein. In Potsdam wird gefeiert; die Landeshauptstadt Potsdam zahlt."
    (p,) = extract_places(text)
    assert p.name == "Landeshauptstadt Potsdam" and p.key == "12054000" and p.kind == "kreisfreie Stadt"
    assert p.spans["name"] == (0, 7)


@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="shared corpus not present")
def test_press_release_against_gold() -> None:
    name = "potsdam_pressemitteilung_regionalgespraech_2023.txt"
    text = (SHARED / "corpus" / name).read_text(encoding="utf-8")
    gold = json.loads((SHARED / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    got = found(text)
    assert set(gold["places_mentioned"]["items"]) <= set(got)
    assert "Berlin" not in got  # only as part of "Berlin Spandau"


PIECES = [*"aAeEsSnNkKlLrR äöüÄÖÜß-/(),.;\n", "Potsdam", "Essen", "LK ", "PM", "Landkreis ",
          "Werder", "Havel", "Berlin", "Herr ", "Stadt ", "Neustadt", " und ", "Spandau", "Halle",
          "(SPD)", "a.d.", "Bezirk ", "Ketzin", ", ", "HVL", "Landkreise ", "Frankfurt", "Oder"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_never_crashes_and_spans_are_inside(text: str) -> None:
    for p in extract_places(text):
        s, e = p.spans["name"]
        assert 0 <= s < e <= len(text)
        assert text[s:e].strip()


@given(st.text(max_size=200))
def test_arbitrary_unicode(text: str) -> None:
    for p in extract_places(text):
        s, e = p.spans["name"]
        assert 0 <= s < e <= len(text)


def test_place_dense_text() -> None:
    """Every line names places; the result is the same set however often it repeats.
    (How fast this runs is measured in benchmarks/extract.py, not here.)"""
    unit = (
        "Der Landkreis Potsdam-Mittelmark, die Stadt Werder (Havel) und Herr Hamm beraten mit "
        "Essen, Bochum und den LK PM, HVL über das gemeinsame Essen in der Halle. Die Vorlage "
        "der Verwaltung wird im Ausschuss für Bauen und Umwelt beraten und beschlossen.\n"
    )
    text = unit * (500_000 // len(unit))
    got = extract_places(text)
    assert len(got) == 5  # LK PM is Potsdam-Mittelmark again
    assert [p.name for p in extract_places(text + text)] == [p.name for p in got]
