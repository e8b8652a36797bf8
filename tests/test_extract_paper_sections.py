"""Beschlussvorschlag, Begründung, financial impact and Bürgerhaushalt data of papers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.extract.paper_sections import extract_sections
from ratsinfo.split.lines import build_lines

ALLRIS_VORLAGE = """\
Beschlussvorlage
Vorlage-Nr.: BV/0815/2024
Status: öffentlich

Beschlussvorschlag:
Der Gemeinderat beschließt die Sanierung der Grundschule Am Anger.

Finanzielle Auswirkungen:
☐ ja ☒ nein

Sachverhalt:
Das Dach der Schule ist undicht.
Gutachten liegen vor.

Anlagen:
1. Gutachten
"""

CIVIC = """\
Antrag
Betreff: Bürgerhaushalt 2025 Vorschlag Nr. 7: Trinkbrunnen am Markt
Beschlussvorschlag:
Die Verwaltung errichtet zwei Trinkbrunnen.
Begründung:
Der Vorschlag erhielt im Bürgerhaushalt 1.312 Punkte.
"""


def _sections(text: str):
    index = build_lines(text)
    return text, extract_sections(text, index.lines, 0, len(index.lines))


def test_allris_vorlage_sections_and_unticked_costs() -> None:
    text, s = _sections(ALLRIS_VORLAGE)
    assert s.resolution_proposal is not None
    assert text[slice(*s.resolution_proposal)] == (
        "Der Gemeinderat beschließt die Sanierung der Grundschule Am Anger."
    )
    assert text[slice(*s.justification)] == "Das Dach der Schule ist undicht.\nGutachten liegen vor."
    assert s.financial_impact is False
    assert s.civic_budget_number is None


def test_civic_budget_number_and_points() -> None:
    text, s = _sections(CIVIC)
    assert (s.civic_budget_number, s.civic_budget_points) == (7, 1312)
    assert text[slice(*s.spans["civic_budget_points"])] == "1.312"
    assert text[slice(*s.resolution_proposal)] == "Die Verwaltung errichtet zwei Trinkbrunnen."


def test_label_with_text_on_the_same_line() -> None:
    text, s = _sections("Beschlussvorschlag: Der Rat stimmt zu.\nBegründung: Weil es nötig ist.\n")
    assert text[slice(*s.resolution_proposal)] == "Der Rat stimmt zu."
    assert text[slice(*s.justification)] == "Weil es nötig ist."


def test_no_answer_ticked_is_unknown() -> None:
    _, s = _sections("Finanzielle Auswirkungen?\nJa\nNein\n")
    assert s.financial_impact is None


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_crashes_and_spans_stay_inside(text: str) -> None:
    _, s = _sections(text)
    for start, end in s.spans.values():
        assert 0 <= start <= end <= len(text)
