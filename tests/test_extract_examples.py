"""Our own fictitious documents (examples/musterstadt): the pipeline must generalise
beyond the sample corpus — kind, reference, title, body and the paper/meeting headers."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ratsinfo.classify import classify_document
from ratsinfo.extract import extract_file
from ratsinfo.extract.body import find_body
from ratsinfo.extract.meeting_header import meeting_title
from ratsinfo.extract.originators import split_originators
from ratsinfo.extract.records import FileExtraction
from ratsinfo.extract.references import find_references, is_reference
from ratsinfo.read import read_path
from ratsinfo.split.lines import build_lines

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "musterstadt"


@cache
def _extract(name: str) -> FileExtraction:
    return extract_file(read_path(EXAMPLES / name))


@pytest.mark.parametrize(
    ("name", "kind", "reference", "title"),
    [
        (
            "antrag_VO-2025-0117_baumschutz.docx",
            "Beschlussvorlage",
            "VO/2025/0117",
            "Satzung zum Schutz des Baumbestandes in der Stadt Musterstadt (Baumschutzsatzung)"
            " – Neufassung",
        ),
        (
            "kooperationsbericht_2024.txt",
            "Mitteilungsvorlage",
            "VO/2025/0089",
            "Bericht zur interkommunalen Zusammenarbeit 2024",
        ),
        (
            "antrag_A-0038-25.html",
            "Antrag",
            "A-0038/25",
            "Kurzzeitparken in der Innenstadt: Einführung einer „Brötchentaste“ an den"
            " Parkscheinautomaten",
        ),
        (
            "antrag_A-0042-25_radwege.txt",
            "Antrag",
            "A-0042/25",
            "Lückenschluss im Radverkehrsnetz: sichere Radverbindung zwischen Bahnhof und"
            " Gewerbegebiet Nordfeld",
        ),
        (
            "pressemitteilung_2025-02-20.txt",
            "Pressemitteilung",
            None,
            "Gemeinsam mehr erreichen: Hauptausschuss erhält Bericht zur Zusammenarbeit mit den"
            " Nachbarn",
        ),
        (
            "einladung_umwelt_2025-03-12.html",
            "Einladung",
            None,
            "7. Sitzung des Ausschusses für Umwelt und Mobilität",
        ),
        (
            "niederschrift_umwelt_2025-03-12.pdf",
            "Niederschrift",
            None,
            "7. öffentliche Sitzung des Ausschusses für Umwelt und Mobilität",
        ),
    ],
)
def test_example_document(name: str, kind: str, reference: str | None, title: str) -> None:
    out = _extract(name)
    assert out.body == "Stadt Musterstadt"
    assert len(out.documents) == 1
    doc = out.documents[0]
    assert (doc.kind, doc.reference, doc.title) == (kind, reference, title)


def test_beschlussvorlage_paper_header() -> None:
    paper = _extract("antrag_VO-2025-0117_baumschutz.docx").documents[0].paper
    assert paper is not None
    assert (paper.reference, paper.kind, paper.date, paper.public) == (
        "VO/2025/0117",
        "Beschlussvorlage",
        "2025-02-10",
        True,
    )
    assert paper.originators == ["Fachbereich 3 – Umwelt und Grünflächen"]
    assert [(c.date, c.organization, c.role) for c in paper.consultations] == [
        ("2025-03-12", "Ausschuss für Umwelt und Mobilität", "Vorberatung"),
        ("2025-03-19", "Hauptausschuss", "Vorberatung"),
        ("2025-03-27", "Stadtrat der Stadt Musterstadt", "Entscheidung"),
    ]


def test_mitteilungsvorlage_paper_header() -> None:
    paper = _extract("kooperationsbericht_2024.txt").documents[0].paper
    assert paper is not None
    assert (paper.reference, paper.date, paper.public) == ("VO/2025/0089", "2025-01-30", True)
    assert paper.originators == ["Stabsstelle Strategie und Kooperation"]
    assert [c.role for c in paper.consultations] == ["Kenntnisnahme"] * 3
    assert "VO/2021/0214" in paper.references


@pytest.mark.parametrize(
    ("name", "public", "end"),
    [
        ("einladung_umwelt_2025-03-12.html", None, None),
        ("niederschrift_umwelt_2025-03-12.pdf", True, "2025-03-12T19:41"),
    ],
)
def test_example_meeting_header(name: str, public: bool | None, end: str | None) -> None:
    meeting = _extract(name).documents[0].meeting
    assert meeting is not None
    assert meeting.organization == "Ausschuss für Umwelt und Mobilität"
    assert meeting.number == 7
    assert meeting.start == "2025-03-12T17:00"
    assert meeting.end == end
    assert meeting.public is public
    assert meeting.location == (
        "Großer Sitzungssaal (Raum 2.14), Rathaus Musterstadt, Marktplatz 1, 12345 Musterstadt"
    )


# --- the generic rules behind the fixes, on synthetic input -------------------------------


@pytest.mark.parametrize(
    ("token", "ok"),
    [("XY/2031/0456", True), ("AB/2031/0456-2", True), ("WS/2031/2032", False)],
)
def test_prefix_year_number_reference(token: str, ok: bool) -> None:
    assert is_reference(token) is ok
    assert bool(find_references(f"(Drucksache {token})")) is ok


def test_kind_field_beats_issuer_cell() -> None:
    text = (
        "Gemeinde Beispielhausen\nDie Bürgermeisterin\tInformationsvorlage\nXY/2031/0456\n"
        "Vorlagenart:\tInformationsvorlage\nBetreff: Sachstand\n" + "Zeile\tWert\n" * 30
    )
    assert classify_document(text) == "Mitteilungsvorlage"


def test_letterhead_at_top_beats_mentions() -> None:
    text = "Gemeinde Beispielhausen\nDer Bürgermeister\n\n" + "Die Stadt Nachbarort hilft.\n" * 30
    idx = build_lines(text)
    found = find_body(text, idx.lines)
    assert found is not None and found[0] == "Gemeinde Beispielhausen"


def test_page_title_prefix_and_wrapped_title() -> None:
    lines = build_lines("Termin - 3. Sitzung des Rates der\nGemeinde Beispielhausen\n").lines
    found = meeting_title(lines, 0, len(lines))
    assert found is not None
    assert found[0] == "3. Sitzung des Rates der Gemeinde Beispielhausen"


def test_unit_field_keeps_und_inside_a_unit_name() -> None:
    assert split_originators("Bürgermeister, Amt für Wald und Wiese", unit_field=True) == [
        "Amt für Wald und Wiese"
    ]
