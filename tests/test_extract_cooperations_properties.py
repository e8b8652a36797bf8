"""Cooperation extraction never crashes and keeps every span inside the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratsinfo.extract.cooperations import extract_cooperations
from ratsinfo.extract.partners import find_partners, make_context, partners_from_cell
from ratsinfo.read import ReadError, read_bytes
from ratsinfo.split.lines import reading_lines

# Words of cooperation reports, so the random texts reach the rules, plus noise.
WORDS = [
    "Kooperation", "interkommunal", "in- trakommunal", "Zusammenarbeit", "mit", "dem", "den",
    "Landkreis", "Landkreisen", "LK", "PM", "HVL", "Stadt", "Gemeinde", "Städten", "und",
    "sowie", ",", ".", ":", "„", "“", "(", ")", "/", "-", "Potsdam", "Havelland", "Werder",
    "(Havel)", "Brandenburg", "Berlin", "Land", "Zweckverband", "öffentlich-rechtliche",
    "Vereinbarung", "Mitglied", "seit", "2019", "03.06.1998", "bis", "enden", "e.V.", "GmbH",
    "Bündnis", "Verein", "Senatsverwaltung", "für", "Umwelt", "Partner:", "Daugavpils/Lettland",
    "17", "Vertragspartnern", "Kategorie", "II", "GB", "3", "Dezernat", "Art", "Thema",
    "Arbeitsstand", "Perspektive", "Kooperationspartner", "Rechtsform", "Laufzeit", "geplant",
    "abgeschlossen", "Gründung", "vorbereitet", "Letter of Intent", "1.)", "a)", "•", "\t",
    "\n", "\n\n", "\n\n\n\n", "x" * 30, "ä", "ß", "\u00a0",
]

texts = st.lists(st.sampled_from(WORDS), max_size=160).map(" ".join) | st.text(max_size=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extract_cooperations_total(text: str) -> None:
    try:
        reading = read_bytes(text.encode("utf-8"))
    except ReadError:
        return  # empty or binary input is the reader's business

    lines = reading_lines(reading).lines
    coops, year = extract_cooperations(reading, lines, [])
    n = len(reading.text)
    assert year is None or 1900 <= year <= 2099
    for c in coops:
        assert c.title
        for key, (s, e) in c.spans.items():
            assert 0 <= s <= e <= n, key
        assert c.kind in (None, "interkommunal", "intrakommunal", "vertikal",
                          "inter- und intrakommunal", "allgemein")


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(min_value=-5, max_value=50), st.integers(min_value=0, max_value=500))
def test_find_partners_spans_inside(text: str, start: int, length: int) -> None:
    ctx = make_context("Landeshauptstadt Potsdam", text)
    end = start + length
    got = find_partners(text, start, end, ctx)
    lo, hi = max(0, start), min(len(text), end)
    for s, e in got.spans + got.phrase_spans:
        assert lo <= s <= e <= hi or not text
    cell = partners_from_cell(text, 0, len(text), ctx)
    for s, e in cell.spans + cell.phrase_spans:
        assert 0 <= s <= e <= len(text)
