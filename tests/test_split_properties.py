"""Split, classify and extract never crash and every span lies inside the text."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratsinfo.classify import KINDS, classify_document
from ratsinfo.extract import extract_file
from ratsinfo.extract.gold import to_gold
from ratsinfo.read.base import Block, Reading
from ratsinfo.split import split_documents

# Lines that trigger the rules, mixed with noise, so the strategy reaches the interesting
# branches (headers, clusters, closings, tables) and not only plain prose.
CONVENTION_LINES = [
    "Antrag",
    "Vorlage - VO/4680/2016",
    "Vorlage: 22/SVV/0792",
    "Mitteilungsvorlage",
    "Stellungnahme der Verwaltung",
    "Drucksache Nr. (ggf. Nachtragsvermerk)",
    "22/SVV/0792",
    "2021/1030",
    "öffentlich",
    "nicht öffentlich",
    "Betreff:",
    "Betreff: öffentlich",
    "Einreicher: Fraktion X und Stadtverordneter Y (Z)",
    "Erstellungsdatum: 08.09.2022",
    "Beratungsfolge:",
    "Datum der Sitzung\tGremium\tZuständigkeit",
    "05.10.2022\tStadtrat\tEntscheidung",
    "Hauptausschuss (Vorberatung)",
    "Niederschrift",
    "Einladung",
    "Tagesordnung",
    "25. öffentliche Sitzung des Ausschusses für X",
    "Sitzungstermin: Dienstag, 10.01.2023, 18:00 Uhr",
    "Beginn: 19:00 Uhr Ende: 21:15 Uhr",
    "Ort, Raum: Raum 1",
    "Gremium: Hauptausschuss",
    "zu 1 Eröffnung",
    "TOP 2 Verschiedenes",
    "Vielen Dank",
    "für die Aufmerksamkeit.",
    "Pressemitteilung",
    "Anlagen:",
    "Anlage 1: Plan",
    "Landeshauptstadt",
    "Potsdam",
    "Stadt Musterhausen",
    "- Punkt",
    "| a | b |",
    "<p><b>x</b></p>",
    "**fett**",
    "",
    "",
    "",
    "\f",
]

lines = st.one_of(st.sampled_from(CONVENTION_LINES), st.text(max_size=80))
documents = st.lists(lines, max_size=60).map("\n".join)
any_text = st.one_of(documents, st.text(max_size=400))


def _check_spans(spans: dict, n: int) -> None:
    for s, e in spans.values():
        assert 0 <= s <= e <= n


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_split_covers_text_in_order(text: str) -> None:
    spans = split_documents(Reading(text=text, format="text"))
    if not text.strip():
        assert spans == [] or spans[0].start == 0
        return
    if spans:
        assert spans[0].start == 0 and spans[-1].end == len(text)
        for a, b in itertools.pairwise(spans):
            assert a.start < a.end == b.start


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_classify_returns_a_vocabulary_kind(text: str) -> None:
    assert classify_document(text) in KINDS
    assert classify_document(text, "presentation title slide") in KINDS


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, st.lists(st.integers(min_value=0, max_value=500), max_size=5))
def test_extract_spans_lie_inside_the_text(text: str, breaks: list[int]) -> None:
    blocks = [Block("page_break", min(b, len(text)), min(b, len(text))) for b in breaks]
    reading = Reading(text=text, format="text", blocks=blocks)
    ex = extract_file(reading)
    n = len(text)
    _check_spans(ex.spans, n)
    for d in ex.documents:
        assert 0 <= d.start < d.end <= n
        assert d.kind in KINDS
        _check_spans(d.spans, n)
        for rec in (d.paper, d.meeting):
            if rec is not None:
                _check_spans(rec.spans, n)
        if d.paper:
            for c in d.paper.consultations:
                _check_spans(c.spans, n)
    data = to_gold("x.txt", ex)
    assert len(data["documents"]["items"]) == len(ex.documents)
