"""Obligations: duties with deadlines in the operative part of motions and resolutions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from ratsinfo.eval.normalise import similarity
from ratsinfo.extract import extract_file
from ratsinfo.extract.obligations import extract_obligations, infinitive, paraphrase
from ratsinfo.extract.records import ObligationRecord
from ratsinfo.read import read_path
from ratsinfo.split.lines import build_lines

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "musterstadt"


def obligations_of(text: str) -> list[ObligationRecord]:
    idx = build_lines(text)
    out = extract_obligations(text, idx.lines, 0, len(idx.lines))
    for o in out:
        for s, e in o.spans.values():
            assert 0 <= s <= e <= len(text)
    return out


def paper_obligations(path: Path) -> dict[str, list[tuple[str | None, str | None]]]:
    if not path.exists():
        pytest.skip(f"{path} not available")
    ex = extract_file(read_path(path))
    out: dict[str, list[tuple[str | None, str | None]]] = {}
    for d in ex.documents:
        if d.paper and d.paper.reference:
            out.setdefault(d.paper.reference, []).extend(
                (o.due, o.what) for o in d.paper.obligations
            )
    return out


# ---------------------------------------------------------------- the corpus


def test_session_folder_obligations() -> None:
    got = paper_obligations(CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt")
    [(due, what)] = got["22/SVV/0792"]
    assert due == "2022-12"
    assert (
        similarity(what or "", "Stadtverordnetenversammlung über den Sachstand informieren") >= 0.9
    )
    [(due, what)] = got["22/SVV/1084"]
    assert due == "2023-01"  # not the "im Januar 2019 vorgelegte Konzept"
    gold = "Planung der Stadtteildialoge und Stadtteilwanderungen 2023 vorlegen und im Hauptausschuss diskutieren"
    assert similarity(what or "", gold) >= 0.9
    assert got["22/SVV/1134"] == []
    assert got["22/SVV/1207"] == []


def test_report_without_duties() -> None:
    got = paper_obligations(CORPUS / "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-b.txt")
    assert all(v == [] for v in got.values())


def test_musterstadt_examples() -> None:
    got = paper_obligations(EXAMPLES / "antrag_A-0042-25_radwege.txt")
    dues = [d for d, _ in got["A-0042/25"]]
    assert dues == ["2025-06-30", "2025-09"]
    whats = [w or "" for _, w in got["A-0042/25"]]
    assert whats[0].endswith("vorlegen") and "Kostenschätzung" in whats[0]
    assert whats[1].endswith("berichten") and "Stand der Planung" in whats[1]
    got = paper_obligations(EXAMPLES / "antrag_VO-2025-0117_baumschutz.docx")
    assert got["VO/2025/0117"] == [
        ("2026-06-30", "dem Ausschuss für Umwelt und Mobilität einen Erfahrungsbericht vorlegen")
    ]
    got = paper_obligations(EXAMPLES / "antrag_A-0038-25.html")
    assert got["A-0038/25"] == [("2025-09-30", "Umrüstung der Automaten abschließen")]


# ---------------------------------------------------------------- other layouts

SESSIONNET_BV = """Beschlussvorlage
Vorlage-Nr.: 2023/0456
Datum: 12.04.2023
Federführend: Amt für Schule und Sport

Beschlussvorschlag:
Der Gemeinderat beschließt:
1. Die Verwaltung wird beauftragt, bis zum 31.12.2023 ein Konzept zur Schulwegsicherung zu erarbeiten.
2. Der Bürgermeister berichtet dem Bauausschuss bis Ende 2024 über die Umsetzung.
3. Im ersten Quartal 2024 ist dem Rat ein Zwischenbericht vorzulegen.
4. Die Satzung vom 01.01.2010 tritt außer Kraft.
5. Über den Stand ist jährlich zu berichten.
6. Die Ergebnisse sollen in der Sitzung im September vorgestellt werden.
7. Die Maßnahme soll zum 30.06. abgeschlossen sein.
8. Die Sanierung ist bis zum 31.01. abzuschließen.

Sachverhalt:
Im Januar 2019 wurde ein Konzept vorgelegt. Die Verwaltung soll bis 31.03.2024 berichten.
"""


def test_sessionnet_resolution_deadlines() -> None:
    got = [(o.due, o.what) for o in obligations_of(SESSIONNET_BV)]
    assert got == [
        ("2023-12-31", "Konzept zur Schulwegsicherung erarbeiten"),
        ("2024-12", "dem Bauausschuss über die Umsetzung berichten"),
        ("2024-03", "dem Rat ein Zwischenbericht vorlegen"),
        ("2023-09", "Ergebnisse vorstellen"),
        ("2023-06-30", "Maßnahme abschließen"),
        ("2024-01-31", "Sanierung abschließen"),  # 31 January after the paper's April date
    ]


KREISTAG_ANTRAG = """Antrag der Fraktion FREIE WÄHLER
vom 03.03.2021

Der Kreistag möge beschließen:
Der Landrat wird gebeten, im zweiten Halbjahr 2021 einen Bericht über die Kosten vorzulegen. Dabei ist
das 2019 beschlossene Konzept zu berücksichtigen.
Der Landrat legt dem Kreisausschuss bis spätestens 30. September 2021 einen Entwurf vor.
Die Mittel sind bis Mitte 2022 abzurufen.

Begründung
Bis Ende 2020 wurden 30 Anträge gestellt. Der Kreistag soll im Mai 2021 informiert werden.
"""


def test_kreistag_motion_with_half_year_and_separable_verb() -> None:
    got = [(o.due, o.what) for o in obligations_of(KREISTAG_ANTRAG)]
    assert got == [
        ("2021-12", "Bericht über die Kosten vorlegen"),
        ("2021-09-30", "dem Kreisausschuss einen Entwurf vorlegen"),
        ("2022-06", "Mittel abrufen"),
    ]


NO_OPERATIVE_PART = """Mitteilungsvorlage
Datum: 01.02.2024
Inhalt der Mitteilung:
Der Ausschuss nimmt zur Kenntnis: Das Gesetz nennt als Zieldatum das Ende des Jahres 2024.
Die Verwaltung wird im März 2024 weiter berichten.
"""


def test_information_paper_has_no_obligations() -> None:
    assert obligations_of(NO_OPERATIVE_PART) == []


PAST_ONLY = """Antrag
Erstellungsdatum: 15.11.2022
Beschlussvorschlag:
Der Oberbürgermeister wird aufgefordert, an das im Januar 2019 vorgelegte Konzept anzuknüpfen.
Das seit 2020 laufende Programm soll fortgeführt werden.
Begründung:
Anfang 2019 hat der Oberbürgermeister ein Konzept vorgelegt.
"""


def test_history_is_no_obligation() -> None:
    assert obligations_of(PAST_ONLY) == []


# ---------------------------------------------------------------- the paraphrase


@pytest.mark.parametrize(
    ("word", "inf"),
    [
        ("vorgelegt", "vorlegen"),
        ("informiert", "informieren"),
        ("abgeschlossen", "abschließen"),
        ("erarbeitet", "erarbeiten"),
        ("vorzulegen", "vorlegen"),
        ("geprüft", "prüfen"),
        ("umgesetzt", "umsetzen"),
        ("fortgeschrieben", "fortschreiben"),
        ("geändert", "ändern"),
        ("veröffentlicht", "veröffentlichen"),
        ("genehmigt", "genehmigen"),
        ("durchgeführt", "durchführen"),
        ("ausgewertet", "auswerten"),
    ],
)
def test_infinitive(word: str, inf: str) -> None:
    assert infinitive(word) == inf


def test_infinitive_rejects_nouns_and_short_words() -> None:
    assert infinitive("Konzept") is None
    assert infinitive("und") is None


def test_paraphrase_passive_and_mandate() -> None:
    s = "Die Stadtverordnetenversammlung soll im Dezember 2022 über den Sachstand informiert werden."
    k = s.index("im Dezember")
    assert (
        paraphrase(s, (k + 3, k + 16))
        == "Stadtverordnetenversammlung über den Sachstand informieren"
    )
    s = "Der Oberbürgermeister wird beauftragt, bis 30.06.2025 einen Bericht zu erstellen."
    k = s.index("30.06.2025")
    assert paraphrase(s, (k, k + 10)) == "Bericht erstellen"


# ---------------------------------------------------------------- robustness


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("Beschlussvorschlag: soll bis zum 30.06.2025 Ende 2023 im Mai vorgelegt werden.\n")
        ),
        max_size=400,
    )
)
def test_never_crashes_and_spans_stay_inside(text: str) -> None:
    obligations_of(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    obligations_of("Beschlussvorschlag:\n" + text)
