"""Attendance lists and quorum of minutes, in the layouts of several RIS products."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.extract.attendance import extract_attendance, extract_quorum
from ratsinfo.extract.records import AttendanceRecord
from ratsinfo.split.lines import build_lines

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def _run(text: str) -> tuple[dict[str, AttendanceRecord], tuple]:
    idx = build_lines(text)
    recs = extract_attendance(text, idx.lines, 0, len(idx.lines))
    for r in recs:
        for a, b in r.spans.values():
            assert 0 <= a <= b <= len(text)
        assert r.name.split()[-1] in text[slice(*r.spans["name"])]
    return {r.name: r for r in recs}, extract_quorum(text, idx.lines, 0, len(idx.lines))


def _row(r: AttendanceRecord) -> tuple:
    return (r.title, r.party, r.group, r.organization, r.status, r.reason, r.from_time, r.until)


ALLRIS = """Niederschrift
über die 12. Sitzung des Bauausschusses
Anwesenheit
Name\tFunktion\tFraktion\tAnwesenheit
Schulze, Andrea\tVorsitzende\tCDU\tanwesend
Dr. Klaus Weber\tMitglied\tSPD\tanwesend ab 17:25 Uhr
Meyer, Thomas\tstellv. Mitglied\tFREIE WÄHLER\tanwesend
Hoffmann, Petra\tMitglied\tBÜNDNIS 90/DIE GRÜNEN\tentschuldigt
Krüger, Jan\tsachkundiger Einwohner\tFDP\tnicht entschuldigt
Lehmann, Sabine\tSchriftführerin\t\tanwesend
Die Beschlussfähigkeit wurde festgestellt: 11 von 13 Mitgliedern sind anwesend.
Tagesordnung
Ö 1 Eröffnung
"""


def test_allris_table() -> None:
    got, quorum = _run(ALLRIS)
    assert list(got) == [
        "Andrea Schulze",
        "Klaus Weber",
        "Thomas Meyer",
        "Petra Hoffmann",
        "Jan Krüger",
        "Sabine Lehmann",
    ]
    assert _row(got["Andrea Schulze"]) == (
        None,
        "CDU",
        "Vorsitz",
        None,
        "anwesend",
        None,
        None,
        None,
    )
    assert _row(got["Klaus Weber"]) == (
        "Dr.",
        "SPD",
        "Mitglied",
        None,
        "anwesend",
        None,
        "17:25",
        None,
    )
    assert got["Thomas Meyer"].group == "Stellvertreter"
    assert _row(got["Petra Hoffmann"])[4:6] == ("abwesend", "entschuldigt")
    assert _row(got["Jan Krüger"])[2:6] == (
        "Sachkundige Einwohner",
        None,
        "abwesend",
        "nicht entschuldigt",
    )
    assert _row(got["Sabine Lehmann"]) == (
        None,
        None,
        "Schriftführung",
        None,
        "anwesend",
        None,
        None,
        None,
    )
    assert quorum[:2] == (11, 13)


SESSIONNET = """Niederschrift
Anwesend:
Vorsitz
Herr Oberbürgermeister Dr. Stefan Brandt
Mitglieder
Frau Stadträtin Claudia Neumann (SPD)
Herr Stadtrat Michael Wagner (CDU) bis 19:45 Uhr
Frau Stadträtin Prof. Dr. Ute Fischer (GRÜNE) ab 18:10 Uhr
Herr Stadtrat Jürgen von Bülow (FDP) in Vertretung für Herrn Stadtrat Peter Graf
Verwaltung
Herr Bürgermeister Rainer Zimmermann
Frau Dipl.-Ing. Heike Schröder (Stadtplanungsamt)
Abwesend:
Herr Stadtrat Peter Graf (FDP) entschuldigt
Öffentlicher Teil
TOP 1 Eröffnung
Von 27 Mitgliedern sind 23 anwesend.
"""


def test_sessionnet_list() -> None:
    got, quorum = _run(SESSIONNET)
    assert len(got) == 8
    assert _row(got["Stefan Brandt"]) == (
        "Dr.",
        None,
        "Vorsitz",
        None,
        "anwesend",
        None,
        None,
        None,
    )
    assert _row(got["Michael Wagner"]) == (
        None,
        "CDU",
        "Mitglied",
        None,
        "anwesend",
        None,
        None,
        "19:45",
    )
    assert _row(got["Ute Fischer"]) == (
        "Prof. Dr.",
        "GRÜNE",
        "Mitglied",
        None,
        "anwesend",
        None,
        "18:10",
        None,
    )
    assert got["Jürgen von Bülow"].substitute_for == "Peter Graf"
    assert _row(got["Heike Schröder"]) == (
        "Dipl.-Ing.",
        None,
        "Verwaltung",
        "Stadtplanungsamt",
        "anwesend",
        None,
        None,
        None,
    )
    assert _row(got["Peter Graf"]) == (
        None,
        "FDP",
        "Mitglied",
        None,
        "abwesend",
        "entschuldigt",
        None,
        None,
    )
    assert quorum[:2] == (23, 27)


WORD = """Protokoll der Sitzung des Gemeinderates Eichenrode
Anwesend:
Bürgermeister: Hans Kaiser
Gemeinderäte:
Anna Schulz\tPeter Lange
Klaus Becker        Maria Wolf
Es fehlten entschuldigt: Gemeinderat Otto Krause, Gemeinderätin Eva Roth und Herr Uwe Brandt (UWG)
Schriftführer: Jürgen Klein
Der Vorsitzende eröffnet die Sitzung und stellt die Beschlussfähigkeit fest (sechs von acht Gemeinderäten anwesend).
"""


def test_word_template_multi_column_and_prose() -> None:
    got, quorum = _run(WORD)
    assert list(got) == [
        "Hans Kaiser", "Anna Schulz", "Peter Lange", "Klaus Becker", "Maria Wolf",
        "Otto Krause", "Eva Roth", "Uwe Brandt", "Jürgen Klein",
    ]  # fmt: skip
    assert got["Hans Kaiser"].group == "Vorsitz"
    assert {got[n].group for n in ("Anna Schulz", "Peter Lange", "Klaus Becker", "Maria Wolf")} == {
        "Mitglied"
    }
    for n in ("Otto Krause", "Eva Roth", "Uwe Brandt"):
        assert (got[n].status, got[n].reason) == ("abwesend", "entschuldigt")
    assert got["Eva Roth"].group == "Mitglied"
    assert got["Uwe Brandt"].party == "UWG"
    assert (got["Jürgen Klein"].group, got["Jürgen Klein"].status) == ("Schriftführung", "anwesend")
    assert quorum[:2] == (6, 8)


TABBED = """Niederschrift
Anwesend sind:
Ausschussvorsitz
Frau Dr. Erika Muster\tBündnis 90/Die Grünen
Ausschussmitglieder
Herr Hans-Peter Beispiel\tSPD\tbis 20:00 Uhr
Herr Otto Probe\tWählergruppe Nord
sachkundige Einwohner
Frau Prof. Dr. Ina Test\tSPD\tab 18:05 Uhr
Beigeordnete
Herr Karl Ambrosius\tGeschäftsbereich 5
Vertreter der Beiräte
Herr Paul Alt\tSeniorenbeirat
Nicht anwesend sind:
zusätzliches Mitglied
Herr Uwe Fern\tBürgerbündnis\tnicht entschuldigt
Vertreter des zusätzlichen Mitgliedes
Frau Dr.med. Eva von Heyden-Hendricks\tBürgerbündnis\tentschuldigt
Schriftführer/in:
Frau Lea Schreiber
Tagesordnung:
"""


def test_tabbed_rows_with_groups() -> None:
    got, _ = _run(TABBED)
    assert _row(got["Erika Muster"]) == (
        "Dr.",
        "Bündnis 90/Die Grünen",
        "Vorsitz",
        None,
        "anwesend",
        None,
        None,
        None,
    )
    assert _row(got["Hans-Peter Beispiel"])[1:] == (
        "SPD",
        "Mitglied",
        None,
        "anwesend",
        None,
        None,
        "20:00",
    )
    assert got["Otto Probe"].party == "Wählergruppe Nord"
    assert _row(got["Ina Test"]) == (
        "Prof. Dr.",
        "SPD",
        "Sachkundige Einwohner",
        None,
        "anwesend",
        None,
        "18:05",
        None,
    )
    assert _row(got["Karl Ambrosius"])[1:5] == (
        None,
        "Verwaltung",
        "Geschäftsbereich 5",
        "anwesend",
    )
    assert _row(got["Paul Alt"])[1:5] == (None, "Beirat", "Seniorenbeirat", "anwesend")
    assert _row(got["Uwe Fern"])[2:6] == (
        "Zusätzliches Mitglied",
        None,
        "abwesend",
        "nicht entschuldigt",
    )
    r = got["Eva von Heyden-Hendricks"]
    assert (r.title, r.group, r.reason) == ("Dr. med.", "Stellvertreter", "entschuldigt")
    assert (got["Lea Schreiber"].group, got["Lea Schreiber"].status) == (
        "Schriftführung",
        "anwesend",
    )


def test_substitute_abbreviated_and_top_note() -> None:
    text = "Anwesend:\nMitglieder\nFr. Anna Peters f. Fr. Mürbeth\tCDU\nHerr Jan Spät\tSPD\t(ab TOP 4)\n"
    got, _ = _run(text)
    assert got["Anna Peters"].substitute_for == "Mürbeth"
    assert got["Anna Peters"].party == "CDU"
    assert (got["Jan Spät"].from_time, got["Jan Spät"].until, got["Jan Spät"].party) == (
        None,
        None,
        "SPD",
    )


def test_musterstadt_minutes_pdf() -> None:
    from ratsinfo.read import read_path

    reading = read_path(ROOT / "examples" / "musterstadt" / "niederschrift_umwelt_2025-03-12.pdf")
    got, quorum = _run(reading.text)
    assert len(got) == 20
    assert _row(got["Henrike Vollmer"])[:3] == ("Dr.", "SPD", "Vorsitz")
    assert got["Leonie Baumgart"].from_time == "17:20"
    assert got["Wolfgang Eschenbach"].until == "18:40"
    assert got["Cem Yildirim"].party == "BÜNDNIS 90/DIE GRÜNEN"
    r = got["Sabine Oltmanns"]
    assert (r.group, r.party, r.substitute_for) == ("Stellvertreter", "CDU", "Kreuzberger")
    assert got["Frank Lorenzen"].organization == "Beigeordneter für Bau, Umwelt und Mobilität"
    assert got["Stefan Grabowski"].organization == "Fachbereich 4, Sachgebiet Verkehrsplanung"
    assert (got["Jana Kolbe"].group, got["Jana Kolbe"].organization) == (
        "Schriftführung",
        "Büro des Stadtrates",
    )
    r = got["Dieter Mohrmann"]
    assert (r.party, r.status, r.reason) == (
        "Bürgerliste Musterstadt",
        "abwesend",
        "nicht entschuldigt",
    )
    assert (got["Nadine Kowalczyk"].group, got["Nadine Kowalczyk"].reason) == (
        "Sachkundige Einwohner",
        "entschuldigt",
    )
    assert quorum[:2] == (9, 11)


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")
def test_potsdam_minutes() -> None:
    from ratsinfo.read import read_path

    reading = read_path(CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt")
    text = reading.text
    idx = build_lines(text)
    k = next(i for i, ln in enumerate(idx.lines) if ln.clean == "Niederschrift")
    recs = extract_attendance(text, idx.lines, k, len(idx.lines))
    assert len(recs) == 22
    by_group: dict[str, int] = {}
    for r in recs:
        by_group[r.group or ""] = by_group.get(r.group or "", 0) + 1
    assert by_group == {
        "Vorsitz": 1, "Mitglied": 7, "Stellvertreter": 2, "Sachkundige Einwohner": 7,
        "Verwaltung": 1, "Beirat": 2, "Zusätzliches Mitglied": 1, "Schriftführung": 1,
    }  # fmt: skip
    assert sum(r.status == "abwesend" for r in recs) == 4
    assert [r.title for r in recs if r.title] == ["Dr.", "Dr.", "Prof. Dr.", "Dr. med."]
    assert extract_quorum(text, idx.lines, k, len(idx.lines))[:2] == (6, 8)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Zu Beginn sind 6 von 8 stimmberechtigten Mitgliedern anwesend.", (6, 8)),
        ("Von 27 Mitgliedern sind 23 anwesend.", (23, 27)),
        ("Die Beschlussfähigkeit ist gegeben (11 von 13).", (11, 13)),
        ("Seite 1 von 6", (None, None)),
        ("Es stimmten 3 von 5 Anwesenden zu", (None, None)),
    ],
)
def test_quorum_phrases(sentence: str, expected: tuple) -> None:
    idx = build_lines(sentence)
    assert extract_quorum(sentence, idx.lines, 0, len(idx.lines))[:2] == expected


def test_no_heading_no_attendance() -> None:
    text = "Die Vorsitzende, Frau Dr. Muster, eröffnet die Sitzung.\nHerr Max Beispiel (SPD) fragt nach."
    got, _ = _run(text)
    assert got == {}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Anwesend:",
                "Nicht anwesend sind:",
                "Mitglieder",
                "Verwaltung",
                "Frau Dr. Eva Muster\tSPD\tab 18:05 Uhr",
                "Herr Max Beispiel  CDU   Frau Ina Test  FDP",
                "Es fehlten entschuldigt: Herr A B, Frau C (",
                "Name\tFraktion",
                "Muster, Max\t",
                "\t\t",
                "bis",
                "6 von",
                "8 stimmberechtigten Mitgliedern",
                "Seite 2 von 3",
                "",
            ]
        )
        | st.text(max_size=40),
        max_size=20,
    )
)
def test_never_crashes_spans_inside(parts: list[str]) -> None:
    text = "\n".join(parts)
    idx = build_lines(text)
    for r in extract_attendance(text, idx.lines, 0, len(idx.lines)):
        for a, b in r.spans.values():
            assert 0 <= a <= b <= len(text)
    _p, _v, spans = extract_quorum(text, idx.lines, 0, len(idx.lines))
    for a, b in spans.values():
        assert 0 <= a <= b <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    idx = build_lines(text)
    for r in extract_attendance(text, idx.lines, 0, len(idx.lines)):
        for a, b in r.spans.values():
            assert 0 <= a <= b <= len(text)
    extract_quorum(text, idx.lines, 0, len(idx.lines))
