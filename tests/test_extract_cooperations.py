"""Cooperation extraction (issue 4): the sample reports and report layouts of other Länder.

The corpus tests read ../shared/corpus; the other reports are written here in the layouts
councils use: a Bavarian Landkreis' list of its Zweckverbände, an NRW city's table with
Kooperationspartner/Rechtsform/Laufzeit, a Beschlussvorlage on an öffentlich-rechtliche
Vereinbarung between two districts, and a Gemeinde leaving a Zweckverband.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from ratsinfo.extract import extract_file
from ratsinfo.extract.records import CooperationRecord
from ratsinfo.read import read_bytes, read_path


def _tabs(text: str) -> str:
    """Table cells are written with "|" here; the reader sees tab-separated cells."""
    return text.replace("|", "\t")


POTSDAM_A = CORPUS / "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-a.txt"
POTSDAM_B = CORPUS / "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-b.txt"
MAGDEBURG = CORPUS / "magdeburg_ikz_2014_uebersicht.txt"
MUSTERSTADT = ROOT / "examples" / "musterstadt" / "kooperationsbericht_2024.txt"

BAYERN = _tabs("""\
Landkreis Rosenheim
Landratsamt

Bericht über die Mitgliedschaften des Landkreises Rosenheim in Zweckverbänden 2024

Der Kreistag hat in seiner Sitzung vom 12.03.2024 um einen jährlichen Bericht über die interkommunale Zusammenarbeit des Landkreises gebeten. Die Übersicht enthält alle Zweckverbände und Zweckvereinbarungen, an denen der Landkreis beteiligt ist.

Zweckverband|Verbandsmitglieder|Aufgabe|Mitglied seit|Stand
Sachgebiet 21 – Kommunale Angelegenheiten||||
Zweckverband zur Wasserversorgung der Thalhamer Gruppe|Gemeinde Bad Feilnbach, Gemeinde Kolbermoor|Wasserversorgung von 12 Ortsteilen|1978|laufend
Zweckverband Kommunale Verkehrsüberwachung Südostbayern|Stadt Traunstein, Landkreis Traunstein und 38 weitere Städte und Gemeinden|Überwachung des ruhenden und fließenden Verkehrs|2004|laufend
Sachgebiet 41 – Abfallwirtschaft||||
Abfallzweckverband Chiemgau|Landkreis Traunstein, Landkreis Berchtesgadener Land|gemeinsame Verbrennung von Restabfall|1994|Austritt des Landkreises zum 31.12.2025 beschlossen
Zweckvereinbarung Klärschlammverwertung|Stadt Rosenheim|Übernahme der Klärschlammverwertung durch die Stadt|2019|laufend
""")

NRW = _tabs("""\
Stadt Monheim am Rhein
Der Bürgermeister

Mitteilungsvorlage|Drucksache 0815/2025
öffentlich

Betreff: Bericht über die interkommunale Zusammenarbeit der Stadt Monheim am Rhein 2024

Die Verwaltung berichtet jährlich über Kooperationen mit anderen Kommunen. Die folgende Tabelle zeigt den Stand der interkommunalen Zusammenarbeit zum 31.12.2024.

Kooperation|Kooperationspartner|Rechtsform|Laufzeit|Zuständigkeit
Gemeinsame Vergabestelle|Stadt Hilden, Stadt Haan|öffentlich-rechtliche Vereinbarung|seit 01.01.2019|Amt 10
Rechenzentrum und Fachverfahren|ITK Rheinland|Zweckverband|seit 2011|FB 1
Wirtschaftsförderung im Kreis|Kreis Mettmann, Stadt Langenfeld (Rhld.)|Gesellschaft (GmbH)|2015 bis 2025|Stabsstelle Wirtschaft
Rheinfähre Zons–Monheim|Stadt Dormagen|Vertrag|2008 bis 2023|Amt 61
""")

VORLAGE = _tabs("""\
Landkreis Oberhavel
Der Landrat

Beschlussvorlage|Drucksache-Nr.: BV-0117/2025
öffentlich

Betreff:
Öffentlich-rechtliche Vereinbarung zwischen dem Landkreis Oberhavel und dem Landkreis Barnim über die gemeinsame Wahrnehmung der Aufgaben der Lebensmittelüberwachung

Beratungsfolge:
Datum|Gremium|Zuständigkeit
05.05.2025|Kreisausschuss|Vorberatung
21.05.2025|Kreistag|Entscheidung

Beschlussvorschlag:
Der Kreistag beschließt den Abschluss der öffentlich-rechtlichen Vereinbarung mit dem Landkreis Barnim über die gemeinsame Wahrnehmung der Aufgaben der Lebensmittelüberwachung ab dem 01.07.2025 (Anlage 1).

Sachverhalt:
Die Landkreise Oberhavel und Barnim arbeiten seit 2021 in der Lebensmittelkontrolle eng zusammen. Mit der Vereinbarung überträgt der Landkreis Barnim dem Landkreis Oberhavel die Durchführung der Probenahme. Die Kosten werden nach Einwohnerzahl geteilt.

Finanzielle Auswirkungen:
Jährlich etwa 40.000 EUR.
""")

AUSTRITT = _tabs("""\
Gemeinde Schönefeld
Die Bürgermeisterin

Beschlussvorlage|BV/2025/044
öffentlich

Betreff: Austritt der Gemeinde Schönefeld aus dem Zweckverband Komplexsanierung mittlerer Süden

Beschlussvorschlag:
Die Gemeindevertretung beschließt den Austritt der Gemeinde Schönefeld aus dem Zweckverband Komplexsanierung mittlerer Süden zum 31.12.2025. Die Bürgermeisterin wird beauftragt, den Austritt gegenüber der Verbandsversammlung zu erklären.

Begründung:
Die Gemeinde ist seit 1992 Mitglied des Zweckverbandes. Die Aufgaben der Abwasserbeseitigung werden künftig durch die Gemeinde selbst wahrgenommen. Die Verbandssatzung lässt den Austritt mit einer Frist von einem Jahr zum Jahresende zu.
""")


def _from_text(text: str) -> tuple[list[CooperationRecord], int | None]:
    ex = extract_file(read_bytes(text.encode("utf-8")))
    return ex.cooperations, ex.report_year


def _from_path(path: Path) -> tuple[list[CooperationRecord], int | None]:
    if not path.exists():
        pytest.skip(f"{path} not available")
    ex = extract_file(read_path(path))
    return ex.cooperations, ex.report_year


def _one(coops: list[CooperationRecord], phrase: str) -> CooperationRecord:
    found = [c for c in coops if phrase in c.title or phrase in (c.description or "")]
    assert found, f"no cooperation mentions {phrase!r}"
    return found[0]


def _spans_inside(coops: list[CooperationRecord], n: int) -> None:
    for c in coops:
        for key, (s, e) in c.spans.items():
            assert 0 <= s <= e <= n, (c.title, key)


# --- the sample reports -------------------------------------------------------------------


def test_potsdam_overview_units_partners_and_legal_forms() -> None:
    coops, year = _from_path(POTSDAM_A)
    assert year == 2023
    c = _one(coops, "Standesamtes der Gemeinde Nuthetal")
    assert (c.unit, c.partners, c.legal_form) == (
        "GB 3", ["Gemeinde Nuthetal"], "öffentlich-rechtliche Vereinbarung")
    c = _one(coops, "Regionalleitstelle")
    assert c.partners == [
        "Landkreis Ostprignitz-Ruppin", "Landkreis Prignitz", "Landkreis Havelland"]
    c = _one(coops, "Fleischhygieneüberwachung")
    assert c.since == "1998-06-03"
    assert c.field_of_activity == "Gesundheit"
    c = _one(coops, "Bioabfälle")
    assert (c.legal_form, c.status) == ("Zweckverband", "geplant")
    assert c.field_of_activity == "Abfall" and "bioabf" in (c.field_evidence or "")
    c = _one(coops, "Frauenhauses")
    assert c.until == "2025" and c.status is None
    _spans_inside(coops, len(read_path(POTSDAM_A).text))


def test_potsdam_count_phrase_is_no_partner() -> None:
    coops, _ = _from_path(POTSDAM_A)
    c = _one(coops, "17 Vertragspartnern")
    assert c.partners == []
    assert any("17 Vertragspartnern" in p for p in c.partner_phrases)


def test_potsdam_section_and_annex_row_are_one_cooperation() -> None:
    coops, _ = _from_path(POTSDAM_A)
    knf = [c for c in coops if "Kommunales Nachbarschaftsforum" in (c.description or "")
           or "Kommunales Nachbarschaftsforum" in c.title]
    assert len(knf) == 1
    assert (knf[0].unit, knf[0].legal_form, knf[0].since) == ("GB 4", "Mitgliedschaft", "2020")
    assert knf[0].partners == ["Kommunales Nachbarschaftsforum Berlin-Brandenburg e.V."]
    radweg = _one(coops, "Radschnellverbindungen Südwest")
    assert radweg.unit == "GB 4"
    assert "Senatsverwaltung für Umwelt, Verkehr und Klimaschutz Berlin" in radweg.partners
    assert "Stadt Werder (Havel)" in radweg.partners and len(radweg.partners) == 9


def test_potsdam_rendition_without_annex_reads_the_sections() -> None:
    coops, year = _from_path(POTSDAM_B)
    assert year == 2023
    hub = _one(coops, "Regio.hub")
    assert (hub.legal_form, hub.status) == ("informell", "geplant")
    assert "Gemeinde Wiesenburg/Mark" in hub.partners and len(hub.partners) == 8
    # The stakeholders the project was only presented to are no partners.
    assert not any("Staatskanzlei" in p for p in hub.partners)
    bus = _one(coops, "Regionalbusverkehrs")
    assert bus.partners == ["Landkreis Potsdam-Mittelmark", "Landkreis Havelland",
                            "regiobus Potsdam Mittelmark", "Havelbus Verkehrsgesellschaft mbH"]
    assert all(c.unit is None for c in coops)
    haefen = _one(coops, "Städte Sicherer Häfen")
    assert haefen.partners == ["Bündnis Städte Sicherer Häfen"] and haefen.since == "2019"


def test_magdeburg_category_tables() -> None:
    coops, year = _from_path(MAGDEBURG)
    assert year == 2014
    c = _one(coops, "Hochwasserpartnerschaft Elbe")
    assert (c.category, c.unit, c.kind) == ("I", "Beigeordneter I", "interkommunal")
    c = _one(coops, "KinderKulturTage")
    assert c.kind == "inter- und intrakommunal"  # "in- trakommunal" repaired
    # A row continued across a page break repeats its Thema: one cooperation.
    assert len([c for c in coops if "Relocation Service" in c.title]) == 1
    c = _one(coops, "Relocation Service")
    assert c.partners == ["Daugavpils"]
    c = _one(coops, "Otto goes Europe")
    assert c.partners[:3] == ["Bozen", "Rom", "Daugavpils"] and "Wiener Neustadt" in c.partners
    c = _one(coops, "Lernstadt")
    assert c.status == "abgeschlossen" and c.category == "II"
    assert "Stadt Dessau-Roßlau" in c.partners and "Landeshauptstadt Magdeburg" not in c.partners
    c = _one(coops, "Wissenstransfer mit den Rechtsämtern")
    assert c.partners == ["Stadt Halle (Saale)", "Stadt Dessau-Roßlau"]
    # Two rows with the same Thema but another kind stay two cooperations.
    assert len([c for c in coops if c.title == "Kooperation Winterdienst"]) == 2
    _spans_inside(coops, len(read_path(MAGDEBURG).text))


def test_no_cooperations_in_unrelated_documents() -> None:
    path = CORPUS / "potsdam_pressemitteilung_regionalgespraech_2023.txt"
    coops, year = _from_path(path)
    assert coops == [] and year is None


# --- our own and other Länder's layouts ---------------------------------------------------


def test_musterstadt_partner_column_and_periods() -> None:
    coops, year = _from_path(MUSTERSTADT)
    assert year == 2024
    c = _one(coops, "Zweckverband Kommunale Informationsverarbeitung")
    assert c.partners == ["Landkreis Mustertal", "Stadt Auenfeld"]
    assert c.partner_phrases == ["14 weitere Kommunen"]
    assert (c.legal_form, c.status, c.since) == ("Zweckverband", "laufend", "2006")
    assert c.unit and c.unit.startswith("Fachbereich 1")
    c = _one(coops, "Gemeinsame Integrationsberatung")
    assert (c.status, c.since, c.until) == ("abgeschlossen", "2020", "2024-12")
    c = _one(coops, "Gemeinsame zentrale Vergabestelle")
    assert (c.status, c.since) == ("geplant", "2025-07")
    c = _one(coops, "Streuobstwiesen")
    assert "Landkreis Mansfeld-Südharz" in c.partners  # "LK MSH"
    # The section on the shared climate manager and its annex row are one cooperation.
    assert len([c for c in coops if "Klimaschutzmanagement" in c.title]) == 1


def test_bavarian_zweckverband_list() -> None:
    coops, year = _from_text(BAYERN)
    assert year == 2024
    assert len(coops) == 4
    c = _one(coops, "Kommunale Verkehrsüberwachung")
    assert c.partners == ["Stadt Traunstein", "Landkreis Traunstein"]
    assert c.partner_phrases == ["38 weitere Städte und Gemeinden"]
    assert (c.legal_form, c.since, c.unit) == (
        "Zweckverband", "2004", "Sachgebiet 21 – Kommunale Angelegenheiten")
    c = _one(coops, "Abfallzweckverband Chiemgau")
    assert (c.legal_form, c.until) == ("Zweckverband", "2025-12-31")
    assert c.field_of_activity == "Abfall"
    c = _one(coops, "Zweckvereinbarung")
    assert c.legal_form == "öffentlich-rechtliche Vereinbarung"
    assert c.partners == ["Stadt Rosenheim"]
    _spans_inside(coops, len(read_bytes(BAYERN.encode()).text))


def test_nrw_table_with_partner_legal_form_and_term() -> None:
    coops, year = _from_text(NRW)
    assert year == 2024
    assert [c.title for c in coops] == [
        "Gemeinsame Vergabestelle", "Rechenzentrum und Fachverfahren",
        "Wirtschaftsförderung im Kreis", "Rheinfähre Zons–Monheim"]
    c = coops[0]
    assert (c.partners, c.legal_form, c.since, c.unit) == (
        ["Stadt Hilden", "Stadt Haan"], "öffentlich-rechtliche Vereinbarung", "2019-01-01",
        "Amt 10")
    assert coops[1].partners == ["ITK Rheinland"] and coops[1].legal_form == "Zweckverband"
    assert coops[2].partners == ["Kreis Mettmann", "Stadt Langenfeld (Rheinland)"]
    assert (coops[2].legal_form, coops[2].since, coops[2].until) == ("Gesellschaft", "2015", "2025")
    # Ended before the report year.
    assert (coops[3].until, coops[3].status) == ("2023", "abgeschlossen")


def test_beschlussvorlage_on_a_public_law_agreement_between_districts() -> None:
    coops, _ = _from_text(VORLAGE)
    assert len(coops) == 1
    c = coops[0]
    assert c.title.startswith("Öffentlich-rechtliche Vereinbarung zwischen dem Landkreis Oberhavel")
    assert c.partners == ["Landkreis Barnim"]  # the body itself is no partner
    assert c.legal_form == "öffentlich-rechtliche Vereinbarung"
    assert c.kind == "interkommunal"
    assert c.field_of_activity == "Gesundheit"


def test_member_leaving_a_zweckverband() -> None:
    coops, _ = _from_text(AUSTRITT)
    assert len(coops) == 1
    c = coops[0]
    assert c.partners == ["Zweckverband Komplexsanierung mittlerer Süden"]
    assert (c.legal_form, c.since, c.until) == ("Zweckverband", "1992", "2025-12-31")
    assert c.status is None  # the exit is decided for a later date, not done
