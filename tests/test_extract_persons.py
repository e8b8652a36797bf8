"""Persons mentioned: signatures, officials in press releases, speakers in minutes; linking."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from ratsinfo.extract import extract_file
from ratsinfo.extract.persons import extract_persons, link_mentions
from ratsinfo.extract.records import AttendanceRecord, DocumentRecord, MeetingRecord, PersonMention
from ratsinfo.extract.roles import is_role, org_for_role, role_at
from ratsinfo.read import read_bytes, read_path
from ratsinfo.read.base import ReadError
from ratsinfo.split.lines import build_lines

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "musterstadt"


def persons_of(
    text: str, documents: list[DocumentRecord] | None = None
) -> dict[str, PersonMention]:
    idx = build_lines(text)
    out = extract_persons(text, idx.lines, documents or [])
    names = [p.name for p in out]
    assert len(names) == len(set(names)), names
    return {p.name: p for p in out}


def file_persons(path: Path) -> dict[str, PersonMention]:
    if not path.exists():
        pytest.skip(f"{path} not available")
    ex = extract_file(read_path(path))
    return {p.name: p for p in ex.persons}


def check_spans(text: str, persons: dict[str, PersonMention]) -> None:
    for p in persons.values():
        assert "name" in p.spans
        for s, e in p.spans.values():
            assert 0 <= s <= e <= len(text)


# ---------------------------------------------------------------- the corpus


def test_session_folder_signatories_and_minutes() -> None:
    got = file_persons(CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt")
    kapp = got["Laura Kapp"]
    assert (kapp.role, kapp.party) == ("Fraktionsvorsitzende", "DIE aNDERE")
    assert got["Denny Menzel"].party == "DIE aNDERE"
    # Two people called Menzel stay two people; the short party form folds to the long one.
    assert got["Andreas Menzel"].role == "Stadtverordneter"
    assert got["Andreas Menzel"].party == "BVB/Freie Wähler"
    sch = got["Hans-Jürgen Scharfenberg"]
    assert sch.role == "Fraktionsvorsitzender" and sch.party and sch.party.casefold() == "die linke"
    # "Die Ausschussvorsitzende, Frau Dr. Rüniger" is the listed Dr. Mechthild Rünger.
    assert "Rüniger" not in got
    assert got["Mechthild Rünger"].role == "Ausschussvorsitzende"
    assert got["Dieter Jetschmanegg"].role == "Dezernent"
    assert got["Bojunga"].organization == "Fachbereich Kommunikation und Partizipation"
    assert "Menzel" not in got


def test_press_release_names_exactly_two_people() -> None:
    path = CORPUS / "potsdam_pressemitteilung_regionalgespraech_2023.txt"
    got = file_persons(path)
    assert set(got) == {"Mike Schubert", "Marko Köhler"}
    assert got["Mike Schubert"].role == "Oberbürgermeister"
    assert got["Marko Köhler"].role == "Landrat"
    assert got["Marko Köhler"].organization == "Landkreis Potsdam-Mittelmark"
    check_spans(read_path(path).text, got)


def test_musterstadt_press_release_and_motion() -> None:
    got = file_persons(EXAMPLES / "pressemitteilung_2025-02-20.txt")
    assert set(got) == {"Matthias Kerner", "Sabine Törring", "Reinhold Assmann"}
    assert got["Sabine Törring"].organization == "Gemeinde Musterbach"
    assert got["Reinhold Assmann"].organization == "Landkreis Mustertal"
    got = file_persons(EXAMPLES / "antrag_A-0042-25_radwege.txt")
    assert got["Ilka Sternberg"].role == "Fraktionsvorsitzende"
    assert got["Ilka Sternberg"].party == "Bündnis 90/Die Grünen"
    assert got["Arne Petersen"].role == "Fraktionsvorsitzender"


def test_musterstadt_minutes_signature_columns_joined_by_spaces() -> None:
    got = file_persons(EXAMPLES / "niederschrift_umwelt_2025-03-12.pdf")
    assert got["Henrike Vollmer"].role == "Ausschussvorsitzende"
    assert got["Jana Kolbe"].role == "Schriftführerin"
    assert not any(" " in n and len(n.split()) > 3 for n in got)


# ---------------------------------------------------------------- other layouts

PRESS = """Stadt Nordhausen – Pressestelle
Pressemitteilung vom 14.05.2024

Neue Kooperation für den Rettungsdienst

Oberbürgermeisterin Dr. Katrin Albers und Landrätin Petra Sommerfeld (Landkreis Elbtal) haben am
Montag einen Vertrag unterzeichnet. „Das ist ein guter Tag“, sagte Albers. Auch der Bürgermeister der
Gemeinde Kleinau, Jörg Brettschneider, begrüßte die Einigung. Die Bürgermeisterinnen und Bürgermeister
aus Altdorf und Neudorf waren eingeladen; Bezirksstadträte aus dem Nachbarbezirk nahmen teil.
Der Oberbürgermeister a. D. war ebenfalls zu Gast. Erster Beigeordneter Thomas Quast stellte das Konzept vor.
Die Stadträte diskutierten im Rathaus Nordhausen. Kontakt: Pressestelle, Telefon 0123 4567.
"""


def test_press_release_of_another_city_with_traps() -> None:
    got = persons_of(PRESS)
    assert set(got) == {"Katrin Albers", "Petra Sommerfeld", "Jörg Brettschneider", "Thomas Quast"}
    assert got["Katrin Albers"].role == "Oberbürgermeisterin"
    assert got["Petra Sommerfeld"].role == "Landrätin"
    assert got["Petra Sommerfeld"].organization == "Landkreis Elbtal"
    assert got["Jörg Brettschneider"].role == "Bürgermeister"
    assert got["Jörg Brettschneider"].organization == "Gemeinde Kleinau"
    assert got["Thomas Quast"].role == "Erster Beigeordneter"
    check_spans(PRESS, got)


ALLRIS_ANTRAG = """Antrag
Vorlage-Nr.: AN/0042/2024
Betreff: Sanierung der Sporthalle Süd

Beschlussvorschlag:
Der Rat der Stadt möge beschließen: Die Verwaltung wird beauftragt, bis zum 30.09.2024 zu berichten.

gez. Sabine Kowalski\tgez. Dr. Tim Rademacher
Fraktionsvorsitzende\tFraktionsvorsitzender
SPD-Fraktion\tCDU-Fraktion

Begründung:
Herr Müller vom Sportverein und Frau Schulze erläuterten den Bedarf.
"""


def test_allris_signature_columns_and_salutations() -> None:
    got = persons_of(ALLRIS_ANTRAG)
    assert got["Sabine Kowalski"].role == "Fraktionsvorsitzende"
    assert got["Sabine Kowalski"].party == "SPD"
    assert got["Tim Rademacher"].role == "Fraktionsvorsitzender"
    assert got["Tim Rademacher"].party == "CDU"
    assert got["Müller"].organization == "Sportverein"
    assert "Schulze" in got
    check_spans(ALLRIS_ANTRAG, got)


MINUTES = """Niederschrift über die 3. Sitzung des Bauausschusses

Anwesend:
Vorsitz
Herr Klaus Becker\tCDU
Mitglieder
Frau Dr. Ulrike Hansen\tSPD
Herr Jan Hansen\tGRÜNE
Herr Peter Wolff\tFDP ab 18:10 Uhr
Verwaltung
Frau Annegret Lindemann\tFachbereichsleiterin Stadtplanung

zu TOP 3
Der Vorsitzende, Herr Becker, eröffnet die Sitzung. Frau Dr. Hanssen stellt den Antrag vor.
Herr Hansen fragt nach. Frau Lindemann, Fachbereich Stadtplanung, antwortet.
Herr Wolf ergänzt.
"""


def test_minutes_links_short_mentions_to_list_rows() -> None:
    got = persons_of(MINUTES)
    # Rows of the attendance list are not mentions by themselves …
    assert "Peter Wolff" not in got or got["Peter Wolff"].party == "FDP"
    # … but the text's short mentions resolve to them.
    assert got["Klaus Becker"].role == "Vorsitzender"
    assert got["Klaus Becker"].party == "CDU"
    assert "Ulrike Hansen" in got  # "Frau Dr. Hanssen": typo, salutation and title agree
    assert got["Annegret Lindemann"].organization == "Fachbereich Stadtplanung"
    # "Herr Hansen" fits only Jan Hansen (Ulrike Hansen is a woman): linked.
    assert "Jan Hansen" in got
    assert "Hansen" not in got and "Hanssen" not in got
    # "Herr Wolf" is four letters: no fuzzy match, stays a surname-only person.
    assert "Wolf" in got
    check_spans(MINUTES, got)


def test_attendance_records_are_link_candidates() -> None:
    text = "Frau Dr. Rüniger eröffnet die Sitzung.\n"
    meeting = MeetingRecord(organization="Ausschuss")
    meeting.attendance = [
        AttendanceRecord(name="Mechthild Rünger", title="Dr."),
        AttendanceRecord(name="Nico Marquardt"),
    ]
    doc = DocumentRecord(kind="Niederschrift", start=0, end=len(text), meeting=meeting)
    got = persons_of(text, [doc])
    assert set(got) == {"Mechthild Rünger"}


# ---------------------------------------------------------------- link_mentions


def test_link_mentions_rules() -> None:
    cands = [
        "Frau Dr. Mechthild Rünger",
        "Herr Denny Menzel",
        "Herr Andreas Menzel",
        "Herr Nico Marquardt",
        "Frau Anna Lüdcke",
        "Herr Peter Wolff",
    ]
    mentions = [
        "Frau Dr. Rüniger",  # 0: typo, edit distance 1 → Rünger
        "Herr Menzel",  # 1: two Menzels → no link
        "Herrn Marquardt",  # 2: exact
        "Frau Lüdke",  # 3: five letters, not exact → no link
        "Herr Rünger",  # 4: salutation contradicts → no link
        "Herr Wolf",  # 5: short name, not exact → no link
        "Andreas Menzel",  # 6: full name → that one
        "Prof. Marquardt",  # 7: a title the candidate (printed with salutation) lacks → no link
    ]
    assert link_mentions(mentions, cands) == {0: 0, 2: 3, 6: 2}


def test_link_mentions_needs_a_unique_candidate_also_for_near_matches() -> None:
    cands = ["Herr Karl Neumann", "Herr Olaf Naumann"]
    assert link_mentions(["Herr Neuman"], cands) == {}
    assert link_mentions(["Herr Neumann"], cands) == {0: 0}


def test_link_mentions_accepts_records() -> None:
    cands = [
        AttendanceRecord(name="Mechthild Rünger", title="Dr."),
        PersonMention(name="Nico Marquardt"),
    ]
    assert link_mentions(["Frau Dr. Rüniger", "Herr Marquardt"], cands) == {0: 0, 1: 1}


# ---------------------------------------------------------------- roles


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Landrat", "Landrat"),
        ("Landrätin", "Landrätin"),
        ("Bezirksstadträtin", "Bezirksstadträtin"),
        ("Ortsvorsteherin", "Ortsvorsteherin"),
        ("Fachbereichsleiter", "Fachbereichsleiter"),
        ("Amtsleiterin", "Amtsleiterin"),
        ("Erste Beigeordnete", "Erste Beigeordnete"),
        ("Oberbürgermeisters", "Oberbürgermeister"),
    ],
)
def test_role_words(text: str, role: str) -> None:
    r = role_at(text, 0)
    assert r is not None and r[0] == role


@pytest.mark.parametrize(
    "text",
    ["Bezirksstadträte", "Bürgermeisterinnen", "Fraktionsvorsitzende/r", "Ausschussmitglieder"],
)
def test_plural_and_template_forms_are_no_roles(text: str) -> None:
    assert not is_role(text)


def test_org_for_role() -> None:
    assert org_for_role("Landrat", "Potsdam-Mittelmark") == "Landkreis Potsdam-Mittelmark"
    assert org_for_role("Landrätin", "Landkreis Elbtal") == "Landkreis Elbtal"
    assert org_for_role("Bürgermeister", "Kleinau") == "Kleinau"


# ---------------------------------------------------------------- robustness


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("Herr Frau Dr. Landrat Max Muster (SPD), \n\tgez.-ÄÖü")),
        max_size=300,
    )
)
def test_never_crashes_and_spans_stay_inside(text: str) -> None:
    idx = build_lines(text)
    for p in extract_persons(text, idx.lines, []):
        for s, e in p.spans.values():
            assert 0 <= s <= e <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_through_the_whole_extractor(text: str) -> None:
    try:
        reading = read_bytes(text.encode("utf-8", "surrogatepass"))
    except ReadError:
        return  # empty or binary: the reader refuses it, nothing to extract
    ex = extract_file(reading)
    for p in ex.persons:
        for s, e in p.spans.values():
            assert 0 <= s <= e <= len(reading.text)
