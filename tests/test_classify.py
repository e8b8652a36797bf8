"""Classification of single documents, with and without the splitter's hint."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ratsinfo.classify import KINDS, classify_document
from ratsinfo.read import read_path
from ratsinfo.split import split_documents

SHARED = Path(
    os.environ.get("RATSINFO_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Antrag\nDrucksache Nr.: 2021/1030\nBetreff: Radwege\n\nBegründung:\nText.", "Antrag"),
        ("Änderungsantrag\nzur Vorlage 2021/1030\nBetreff: Radwege", "Änderungsantrag"),
        ("Ergänzungsantrag der Fraktion XY\nDS 2021/1031\n", "Änderungsantrag"),
        ("Kleine Anfrage\nDrucksache 2021/1032\nFragesteller: Herr A\n", "Anfrage"),
        ("Beschlussvorlage\nVorlagen-Nr.: BV-0021/14\nBetreff: Haushalt\n", "Beschlussvorlage"),
        ("Informationsvorlage\nI 0187/10\nBetreff: Bericht\n", "Mitteilungsvorlage"),
        ("Mitteilungsvorlage\n22/SVV/1207\n", "Mitteilungsvorlage"),
        ("Stellungnahme der Verwaltung\nzur Anfrage 2021/1032\n", "Stellungnahme"),
        ("Vorlage - VO/4680/2016\nBetreff: X\nVorlage-Art: Beschlussvorlage\n", "Beschlussvorlage"),
        (
            "Vorlage - VO/4681/2016\nBetreff: X\nVorlage-Art:\tInformationsvorlage\n",
            "Mitteilungsvorlage",
        ),
        (
            "3. Sitzung des Bauausschusses\n\nSitzungstermin: Montag, 04.03.2024, 17:00 Uhr\n"
            "Ort: Rathaus\n\nTagesordnung:\n1 Eröffnung\n2 Antrag der Fraktion X\n",
            "Einladung",
        ),
        (
            "3. Sitzung des Bauausschusses\n\nSitzungstermin: 04.03.2024\nSitzungsbeginn: 17:00 Uhr\n"
            "Sitzungsende: 18:10 Uhr\nOrt: Rathaus\n\nzu 1 Eröffnung\nText.\nzu 2 Antrag\nText.\n",
            "Niederschrift",
        ),
        ("Protokoll\nder 3. Sitzung des Ortsbeirates\nDatum: 05.06.2023\n", "Niederschrift"),
        ("Einladung\nzur 3. Sitzung des Ortsbeirates\n", "Einladung"),
        (
            "Tagesordnung\nfür die 5. Sitzung des Ortsbeirates\n1. Eröffnung\n2. Verschiedenes\n",
            "Tagesordnung",
        ),
        ("Pressemitteilung\n\nNeue Radwege\n\nDie Stadt baut Radwege.", "Pressemitteilung"),
        (
            "Musterstadt\n\nNeue Radwege in der Innenstadt\n\n„Wir bauen jetzt die Radwege aus“, "
            "sagte die Bürgermeisterin am Montag.\n\nKommentar verfassen",
            "Pressemitteilung",
        ),
        (
            "Jahresbericht 2023 der Gleichstellungsbeauftragten\n\nEinleitung\n\nIm Jahr 2023 ...",
            "Bericht",
        ),
        (
            "Mobilitätskonzept 2030\n\n\n\nAusgangslage\n- Pendler\n- Radverkehr\n\n\n\nZiele\n"
            "- weniger Autos\n- mehr ÖPNV\n\n\n\nMaßnahmen\n- Busspuren\n- Radwege\n",
            "Präsentation",
        ),
        ("Sehr geehrte Damen und Herren,\n\nanbei erhalten Sie die Unterlagen.\n", "Sonstiges"),
        ("Öffentliche Niederschrift\nüber die 4. Sitzung des Kreistages\n", "Niederschrift"),
        (
            "Bekanntmachung\nder 4. Sitzung des Kreistages\nTagesordnung\n1. Antrag der Fraktion X\n",
            "Einladung",
        ),
        (
            "Tagesordnung\nder 2. Sitzung des Ortsbeirates\nAntrag der Fraktion X\nDS 2021/1030\n",
            "Tagesordnung",
        ),
        (
            "Vorlage\nVO/2021/123\nBetreff: Kita\n\nBeschlussvorschlag:\nDer Rat beschließt.",
            "Beschlussvorlage",
        ),
        (
            "Vorlage\nVO/2021/124\nBetreff: Kita\n\nDer Hauptausschuss nimmt den Bericht zur Kenntnis.",
            "Mitteilungsvorlage",
        ),
    ],
)
def test_classify_document(text: str, kind: str) -> None:
    assert classify_document(text) == kind


def test_vocabulary() -> None:
    assert set(KINDS) >= {"Einladung", "Niederschrift", "Antrag", "Präsentation", "Sonstiges"}
    assert classify_document("") == "Sonstiges"


def test_an_agenda_line_does_not_make_an_invitation_an_antrag() -> None:
    text = (
        "Sitzungstermin: 04.03.2024, 17:00 Uhr\nOrt: Rathaus\nTagesordnung\n"
        "Antrag der Fraktion SPD\nDrucksache 2024/0001\nBetreff: Radwege\n"
    )
    assert classify_document(text) == "Einladung"


@needs_corpus
def test_corpus_documents_classify_standalone_without_hint() -> None:
    """Each split document of the session folder, classified on its own text only."""
    reading = read_path(CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt")
    kinds = [classify_document(reading.text[s.start : s.end]) for s in split_documents(reading)]
    assert kinds == [
        "Einladung",
        "Antrag",
        "Antrag",
        "Antrag",
        "Mitteilungsvorlage",
        "Niederschrift",
        "Präsentation",
        "Präsentation",
    ]


@needs_corpus
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("magdeburg_ikz_2014_uebersicht.txt", "Bericht"),
        ("potsdam_pressemitteilung_regionalgespraech_2023.txt", "Pressemitteilung"),
        ("potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-b.txt", "Mitteilungsvorlage"),
    ],
)
def test_whole_corpus_files(name: str, kind: str) -> None:
    assert classify_document(read_path(CORPUS / name).text) == kind
