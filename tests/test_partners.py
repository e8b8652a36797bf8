"""Partner normalisation: places via the gazetteer, organisations, count phrases."""

from __future__ import annotations

import pytest

from ratsinfo.extract.partners import (
    find_partners,
    lookup_place,
    make_context,
    partners_from_cell,
)

POTSDAM = "Landeshauptstadt Potsdam"


def _names(text: str, body: str | None = POTSDAM, whole: str | None = None) -> list[str]:
    ctx = make_context(body, whole or text)
    return find_partners(text, 0, len(text), ctx).names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regionalleitstelle mit den LK OPR, PR und HVL.",
         ["Landkreis Ostprignitz-Ruppin", "Landkreis Prignitz", "Landkreis Havelland"]),
        ("mit den Landkreisen PM, HVL und dem Land Berlin.",
         ["Landkreis Potsdam-Mittelmark", "Landkreis Havelland", "Berlin"]),
        ("mit dem Landkreis PM sowie den Kommunen Brandenburg a.d. Havel und Teltow.",
         ["Landkreis Potsdam-Mittelmark", "Stadt Brandenburg an der Havel", "Stadt Teltow"]),
        ("der Oberzentren Potsdam, Cottbus, Frankfurt/Oder und Brandenburg/Havel sowie des "
         "Landkreises Potsdam Mittelmark",
         ["Stadt Cottbus", "Stadt Frankfurt (Oder)", "Stadt Brandenburg an der Havel",
          "Landkreis Potsdam-Mittelmark"]),
        ("Gemeinsame Verkehrsfreigabe der Fuß- und Radwegbrücke Werder-Potsdam/Schwielowsee",
         ["Stadt Werder (Havel)", "Gemeinde Schwielowsee"]),
    ],
)
def test_places_codes_and_short_forms(text: str, expected: list[str]) -> None:
    assert _names(text) == expected


def test_places_that_only_locate_are_no_partners() -> None:
    assert _names("mit Fertigstellung eines Neubaus in Werder / Havel") == []
    assert _names("eine Vergärungsanlage am Standort Schwanebeck") == []
    assert _names("Das E-Book-Portal Verbund Brandenburg im Land Brandenburg") == []
    assert _names("Auf dem Treffen der Koordinatorinnen in Marburg") == []


def test_institutions_in_a_place_name_the_place() -> None:
    text = "Leihgaben an Museen in Halle (Arche Nebra, Moritzburg), Köln, Wernigerode"
    assert _names(text, "Landeshauptstadt Magdeburg") == [
        "Stadt Halle (Saale)", "Stadt Köln", "Stadt Wernigerode"]
    assert _names("Wissensaustausch mit dem Rechtsamt Leipzig", "Landeshauptstadt Magdeburg") == [
        "Stadt Leipzig"]


def test_the_body_is_never_its_own_partner() -> None:
    text = "ESF Projekt mit den Städten Magdeburg, Dessau-Roßlau, Burg und Südliches Anhalt"
    got = _names(text, "Landeshauptstadt Magdeburg")
    assert "Landeshauptstadt Magdeburg" not in got
    assert got[:2] == ["Stadt Dessau-Roßlau", "Stadt Burg"]


def test_foreign_cities_marked_once_are_known_in_the_file() -> None:
    whole = ("Zusammenarbeit mit den europäischen Städten Bozen, Rom/Italien, "
             "Daugavpils/Lettland, Wien, Wiener Neustadt/Österreich).\n"
             "Vermittlung von Fachkräften und Praktikanten aus Daugavpils")
    first = whole.split("\n")[0]
    assert _names(first, "Landeshauptstadt Magdeburg", whole) == [
        "Bozen", "Rom", "Daugavpils", "Wien", "Wiener Neustadt"]
    second = whole.split("\n")[1]
    assert _names(second, "Landeshauptstadt Magdeburg", whole) == ["Daugavpils"]


def test_typed_places_the_gazetteer_does_not_know() -> None:
    assert _names("Historisches Museum der Stadt Krakau") == ["Stadt Krakau"]
    assert _names("Vereinbarung mit der Gemeinde Musterbach") == ["Gemeinde Musterbach"]


def test_organisations_named_as_partners() -> None:
    assert _names(
        "gemeinsam mit dem Bezirk Steglitz-Zehlendorf, der Berliner Senatsverwaltung für Umwelt, "
        "Verkehr und Klimaschutz,\n\nden Städten Teltow"
    ) == ["Bezirk Steglitz-Zehlendorf",
          "Senatsverwaltung für Umwelt, Verkehr und Klimaschutz Berlin", "Stadt Teltow"]
    assert _names("gemeinsam mit den Verkehrsunternehmen regiobus Potsdam Mittelmark und "
                  "Havelbus Verkehrsgesellschaft mbH durch.") == [
        "regiobus Potsdam Mittelmark", "Havelbus Verkehrsgesellschaft mbH"]
    # An apposition explains the member, it is no second partner.
    assert _names("Potsdam ist seit 2018 Mitglied der Vitako, - der Bundes-Arbeitsgemeinschaft "
                  "der Kommunalen IT-Dienstleister e. V.") == ["Vitako"]
    assert _names("Mitgliedschaft im Zweckverband Brandenburgische Kommunalakademie") == [
        "Brandenburgische Kommunalakademie"]
    assert _names("Seit 2020 Mitgliedschaft im Zweckverband Digitale Kommunen Brandenburg "
                  "(DIKOM).") == ["Zweckverband Digitale Kommunen Brandenburg"]
    assert _names("Mitglied des Präsidiums im Städte- und Gemeindebund und im Deutschen "
                  "Städtetag") == ["Städte- und Gemeindebund", "Deutscher Städtetag"]
    assert _names("Die LHP arbeitet mit der Brandenburgischen Kommunalakademie zusammen.") == [
        "Brandenburgische Kommunalakademie"]


def test_count_phrases_stay_phrases() -> None:
    text = ("eine öffentlich-rechtliche Vereinbarung mit insgesamt 17 Vertragspartnern (die vier "
            "kreisfreien Städte, sowie 13 Landkreise des Landes Brandenburgs) geschlossen.")
    got = find_partners(text, 0, len(text), make_context(POTSDAM, text))
    assert got.names == []
    assert got.phrases == ["mit insgesamt 17 Vertragspartnern (die vier kreisfreien Städte, "
                           "sowie 13 Landkreise des Landes Brandenburgs)"]
    s, e = got.phrase_spans[0]
    assert text[s:e].startswith("mit insgesamt 17")


def test_partner_column_items() -> None:
    text = "Landkreis Mustertal, Stadt Auenfeld und 14 weitere Kommunen; LK MSH, Cottbus"
    got = partners_from_cell(text, 0, len(text), make_context("Stadt Musterstadt", text))
    assert got.names == ["Landkreis Mustertal", "Stadt Auenfeld", "Landkreis Mansfeld-Südharz",
                         "Stadt Cottbus"]
    assert got.phrases == ["14 weitere Kommunen"]


def test_lookup_place_is_the_one_normalisation_point() -> None:
    assert lookup_place("LK PM") is not None
    assert lookup_place("LK PM")[0] == "Landkreis Potsdam-Mittelmark"  # type: ignore[index]
    assert lookup_place("Potsdam Mittelmark")[0] == "Landkreis Potsdam-Mittelmark"  # type: ignore[index]
    assert lookup_place("Werder", "Brandenburg")[0] == "Stadt Werder (Havel)"  # type: ignore[index]
    assert lookup_place("Nirgendwohausen an der Nichts") is None
