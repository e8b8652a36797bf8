"""Beschlussvorschlag, Begründung, financial impact and Bürgerhaushalt data of papers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.extract import extract_file
from ratsinfo.extract.paper_sections import extract_sections
from ratsinfo.read import read_bytes
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


# Markup kept as literal text (escaped tags read from HTML, markdown marks, squeezed
# spaces) makes a line's clean form shorter than its text; spans must still point at it.
MARKUP_IN_TEXT = """\
Antrag
Betreff: Schutz vor <script>alert('x')</script> im Portal
Beschlussvorschlag: Der Rat <b onmouseover="alert(1)">beschließt</b> den   Plan <img src=x onerror=y>.
<i>Hinweis</i> zum Verfahren
**Begründung:** Das __Portal__ zeigt <script>alert('y')</script> als Text.\u00a0\u00a0Mehr nicht.
Anlagen: keine
"""


def test_spans_point_at_the_text_when_lines_hold_literal_markup() -> None:
    text, s = _sections(MARKUP_IN_TEXT)
    proposal = text[slice(*s.resolution_proposal)]
    assert proposal.startswith('Der Rat <b onmouseover="alert(1)">beschließt</b> den')
    assert proposal.endswith("<i>Hinweis</i> zum Verfahren")
    assert text[slice(*s.justification)] == (
        "Das __Portal__ zeigt <script>alert('y')</script> als Text.\u00a0\u00a0Mehr nicht."
    )


def test_spans_skip_markup_before_the_section_text() -> None:
    text, s = _sections(
        "<p>Beschlussvorschlag:</p> <em>Der</em> Rat   stimmt zu.  \n"
        "| Begründung: | Weil | es nötig ist. |\n"
    )
    assert text[slice(*s.resolution_proposal)].startswith("Der</em> Rat   stimmt zu.")
    assert text[slice(*s.justification)].startswith("Weil | es nötig ist.")


def test_html_with_escaped_tags_as_text_gets_section_spans_on_the_text() -> None:
    # The HTML reader keeps entity-escaped tags as literal text on the section's line.
    html = (
        '<html lang="de"><body><h1>Antrag</h1><p>Drucksache 12/A/0034</p>'
        "<p>Betreff: Fahrradbügel am Bahnhof</p>"
        "<p>Beschlussvorschlag: Die Verwaltung stellt &lt;b&gt;zehn&lt;/b&gt; Bügel auf.</p>"
        "<p>Begründung: Der Text &lt;script&gt;alert(1)&lt;/script&gt; bleibt Text.</p>"
        "</body></html>"
    )
    reading = read_bytes(html.encode(), max_bytes=1_000_000)
    papers = [d.paper for d in extract_file(reading).documents if d.paper]
    assert len(papers) == 1
    spans = papers[0].spans
    text = reading.text
    assert text[slice(*spans["resolution_proposal"])].startswith("Die Verwaltung stellt <b>zehn</b>")
    assert text[slice(*spans["justification"])].startswith("Der Text <script>alert(1)</script>")


_MARKUP_PIECES = st.sampled_from(
    ["<b>", "</b>", "<script>", "<img src=x onerror=y>", "**", "__", "*", "#", "|", " ", "  ",
     "\u00a0", "\t", "-", "x", "Text", "ü", ".", ":", "<", ">"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP_PIECES, max_size=12).map("".join), st.lists(_MARKUP_PIECES, max_size=12).map("".join))
def test_section_starts_at_its_first_clean_character(before: str, after: str) -> None:
    text, s = _sections(f"{before}Begründung: {after}Weiter{after}\n")
    if s.justification is None:
        return  # the markup before hid the label; nothing to check
    # The span starts at the raw character that begins the content of the clean line.
    content = build_lines(text).lines[0].clean.split(":", 1)[1].lstrip()
    assert text[s.justification[0]] == content[0]


def test_no_answer_ticked_is_unknown() -> None:
    _, s = _sections("Finanzielle Auswirkungen?\nJa\nNein\n")
    assert s.financial_impact is None


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_crashes_and_spans_stay_inside(text: str) -> None:
    _, s = _sections(text)
    for start, end in s.spans.values():
        assert 0 <= start <= end <= len(text)
