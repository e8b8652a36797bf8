"""Snippets: the window with the most distinct query terms, its highlights and their source
spans, found without analysing the whole text (entries can be whole documents)."""

from __future__ import annotations

import itertools
from typing import Any
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.search import engine
from ratsinfo.search import query as q
from ratsinfo.search.analysis import TOKEN_RE, Analyzer, fold

FILLER = "Die Sitzung wird eröffnet und die Tagesordnung festgestellt. „Änderungen“ – keine. "


def _analyzer() -> Analyzer:
    an = Analyzer()
    an.add_vocabulary([fold(w) for w in ("Verbindung", "Schnell", "Bürger", "Haushalt", "Plan")])
    return an


def _marked(snippet: dict[str, Any]) -> list[str]:
    return [snippet["text"][a:b] for a, b in snippet["highlights"]]


def reference_snippet(text: str, parsed: q.ParsedQuery, an: Analyzer) -> dict[str, Any] | None:
    """The plain definition: analyse every token, try a window at every match."""
    if not text or not (parsed.highlight or parsed.prefixes):
        return None
    matches = [
        (m.start(), m.end(), units)
        for m in TOKEN_RE.finditer(text)
        if (units := engine._units(m.group(), parsed, an))
    ]
    if not matches:
        return None
    best_i, best_n = 0, -1
    for i, (first, _, _) in enumerate(matches):
        window: set[str] = set()
        for _, end, units in itertools.islice(matches, i, None):
            if end - first > engine.SNIPPET_CHARS:
                break
            window |= units
        if len(window) > best_n:
            best_i, best_n = i, len(window)
    start = max(0, matches[best_i][0] - 60)
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    end = min(len(text), start + engine.SNIPPET_CHARS)
    while end < len(text) and text[end - 1].isalnum():
        end += 1
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    return {
        "text": text[start:end].strip(),
        "start": start + lead,
        "highlights": [[a - start - lead, b - start - lead] for a, b, _ in matches if start <= a and b <= end],
    }


def test_a_word_deep_in_a_long_text_is_found_and_highlighted() -> None:
    an = _analyzer()
    deep = FILLER * (engine.MAX_SCAN // len(FILLER) - 1)
    text = deep + "Der Bürgerhaushalt 2024 wird beschlossen." + FILLER * 2000
    snippet = engine.make_snippet(text, q.parse("Bürgerhaushalt", an), an)
    assert snippet is not None
    assert _marked(snippet) == ["Bürgerhaushalt"]
    a, b = snippet["highlights"][0]
    # offsets refer to the entry's text
    assert text[snippet["start"] + a : snippet["start"] + b] == "Bürgerhaushalt"
    assert "2024 wird beschlossen" in snippet["text"]
    # the bound: a word only past MAX_SCAN gives no snippet from the text (the hit shows
    # its title or the text's beginning instead)
    assert engine.make_snippet(FILLER + deep + text, q.parse("Bürgerhaushalt", an), an) is None


def test_only_the_words_where_a_query_word_may_stand_are_analysed() -> None:
    an = _analyzer()
    # many distinct words: analysing the whole text would ask about every one of them
    text = " ".join(f"Wort{i}x" for i in range(8_000)) + " Haushalt"
    parsed = q.parse("Haushalt", an)
    asked: list[str] = []
    word = an.word
    an.word = lambda w: (asked.append(w), word(w))[1]  # type: ignore[method-assign]
    snippet = engine.make_snippet(text, parsed, an)
    assert snippet is not None and _marked(snippet) == ["Haushalt"]
    assert asked == ["Haushalt"]


def test_spellings_case_umlauts_sharp_s_and_compound_parts_are_highlighted() -> None:
    an = _analyzer()
    text = "STRASSE, Strasse und Straße; Bäume, Baeume; Radschnellverbindungen; Bürger-Haushalt."
    assert _marked(engine.make_snippet(text, q.parse("Straße", an), an)) == ["STRASSE", "Strasse", "Straße"]
    assert _marked(engine.make_snippet(text, q.parse("Baume", an), an)) == ["Bäume", "Baeume"]
    assert _marked(engine.make_snippet(text, q.parse("Verbindung", an), an)) == ["Radschnellverbindungen"]
    assert _marked(engine.make_snippet(text, q.parse("Haushalt", an), an)) == ["Bürger-Haushalt"]
    assert _marked(engine.make_snippet(text, q.parse("Radschnell*", an), an)) == ["Radschnellverbindungen"]
    assert _marked(engine.make_snippet("Oekologie, Bioökonomie, ÖKO-Test", q.parse("Öko*", an), an)) == [
        "Oekologie", "ÖKO-Test",
    ]
    # a prefix begins a word: "Baum*" is no match inside "Obstbaum"
    assert engine.make_snippet("Ein Obstbaum.", q.parse("Baum*", an), an) is None


def test_drucksache_numbers_match_in_any_usual_spelling() -> None:
    an = _analyzer()
    text = FILLER * 50 + "Siehe 22-SVV-792 und Drucksache 22/SVV/0792."
    snippet = engine.make_snippet(text, q.parse("22/SVV/0792", an), an)
    assert snippet is not None and _marked(snippet) == ["22-SVV-792", "22/SVV/0792"]


def test_the_window_with_every_query_term_wins_over_the_first_match() -> None:
    an = _analyzer()
    text = (
        "Der Haushalt steht am Anfang. " + FILLER * 20
        + "Zum Haushalt gehört eine Kooperation mit dem Landkreis. " + FILLER * 20
    )
    snippet = engine.make_snippet(text, q.parse("Haushalt Kooperation", an), an)
    assert snippet is not None
    assert _marked(snippet) == ["Haushalt", "Kooperation"]
    assert "Zum Haushalt gehört eine Kooperation mit dem Landkreis." in snippet["text"]


def test_source_spans_point_at_the_word_in_the_source_file() -> None:
    an = _analyzer()
    first = "Einleitung ohne den Begriff. " * 400
    second_source = "Kopfzeile\n" + FILLER * 300 + "Die Kooperation mit der Nachbarstadt wird vertieft." + FILLER * 300
    second = second_source[10:]  # the entry holds the text after the header line
    text = first + "\n\n" + second
    meta = {
        "key": "document:1", "kind": "document", "title": "Bericht", "url": "/documents/1/", "text": text,
        # (offset in text, source_file id, offset in source text, length)
        "segments": [[0, 7, 0, len(first)], [len(first) + 2, 8, 10, len(second)]],
    }
    hit = engine._hit(1.0, meta, q.parse("Kooperation", an), an)
    a, b = hit["highlights"][0]
    assert hit["snippet"][a:b] == "Kooperation"
    assert hit["snippet_html"].count("<mark>Kooperation</mark>") == 1
    (span,) = hit["source_spans"]
    assert span["source_file"] == 8
    assert second_source[span["start"] : span["end"]] == "Kooperation"


TRICKY = [
    "Haushalt", "HAUSHALT", "Haushalts", "Haushaltsplan", "Bürger-Haushalt", "Bürgerhaushalt", "haushälterisch",
    "Straße", "STRASSE", "Strassen", "Maß", "Quelle", "Feuer", "Treue", "Bäume", "Baeume", "EU", "EU-Mittel",
    "neue", "Steuer", "22/SVV/0792", "22-SVV-792", "0792", "007", "Łódź", "Café", "„Antrag“", "Anträge",
    "Kooperation", "Kooperationsvertrag", "(Kooperation)", "Rat", "Beratung", "Stadtrat", "Verbindung",
    "Radschnellverbindung", "schnell", "Oekologie", "Ökostrom", "ÖKO-Test", "Bioökonomie", "–", "•", "und", "die", "\n", "\n\n", "x_y", "a/b", "Ku-Damm",
]
QUERIES = [
    "Haushalt", "Straße", "Bäume", "EU", "22/SVV/0792", "0792", "Kooperation", "Rat", "Verbindung*", "Haus*",
    "Haushalt Kooperation", "Stadtrat", "Öko*", "Łódź", "Café Antrag", "die Verwaltung", "Steuer OR Treue", "7",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(TRICKY), min_size=1, max_size=300),
    seps=st.lists(st.sampled_from([" ", " ", ", ", ". ", "\n", " – ", "/"]), min_size=1, max_size=5),
    query=st.sampled_from(QUERIES),
    block=st.sampled_from([16, 64, engine._FIRST_BLOCK]),
)
def test_snippets_equal_the_plain_definition(words: list[str], seps: list[str], query: str, block: int) -> None:
    """With the bounds lifted, the scan finds exactly the matches a full analysis finds;
    small blocks put block edges everywhere (the text is folded block by block)."""
    an = _analyzer()
    text = "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    parsed = q.parse(query, an)
    lifted = {"MAX_SPAN": 10**9, "MAX_MATCHES": 10**9, "MAX_CANDIDATES": 10**9, "_FIRST_BLOCK": block}
    with patch.multiple(engine, **lifted):
        assert engine.make_snippet(text, parsed, an) == reference_snippet(text, parsed, an)
