"""Fast paths of the extractors compared with the plain code they replace, on generated
strings: each shortcut must give exactly what the plain way gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.extract import cooperation_facts as facts
from ratsinfo.extract import cooperation_narrative as narrative
from ratsinfo.extract import paper_sections as sections
from ratsinfo.gazetteer import match as gm
from ratsinfo.split.lines import build_lines


def _texts(pieces: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    """Texts glued from ``pieces`` (words that matter) and odd single characters."""
    odd = st.sampled_from(list(" \n\t.,-/()_1Aaß\u00e9\u017f\u0130\u0131\u03a3\u212a\u00b2"))
    return st.lists(st.one_of(st.sampled_from(pieces), odd), max_size=max_size).map("".join)


# --- gazetteer: capitalised words ---------------------------------------------------------

_CAP_PLAIN = re.compile(r"[A-ZÄÖÜ](?<![^\W\d_].)[^\W\d_]*")
_CAP_WORDS = ["Stadt", "Ärger", "Öl", "Über", "ÜBER", "x", "Émile", "straße", "Ωmega", "Aßε",
              "Aa²b", "Ab_c", "A1", "Zürich", "ǅx", "Aſ"]


@settings(max_examples=400)
@given(_texts(_CAP_WORDS))
def test_cap_reads_the_words_the_plain_pattern_reads(text: str) -> None:
    assert gm.CAP.findall(text) == _CAP_PLAIN.findall(text)
    for i in range(len(text)):
        a, b = gm.CAP.match(text, i), _CAP_PLAIN.match(text, i)
        assert (a and a.span()) == (b and b.span())


# --- cooperation facts: status words --------------------------------------------------------

_STATUS_PIECES = ["Vorbereitung", "vorbereit", "VORBEREITET", "bereitet", "bereit", "vor",
                  "Letter of Intent", "letter  of intent", "geplant", "GEPLANT", "Fertigstellung",
                  "fertiggestellt", "fertig", "zurück", "ZURÜCK", "abgeſchloſſen", "abgeschlossen",
                  "aufgelöst", "übergegangen", "beendet", "ſ", "s", "Bereitet"]


@settings(max_examples=400)
@given(_texts(_STATUS_PIECES), st.integers(0, 60), st.integers(0, 60), st.integers(0, 60),
       st.integers(0, 60))
def test_status_words_from_the_scan_are_the_plain_matches(
    text: str, lo: int, hi: int, s: int, e: int
) -> None:
    scan = facts.Scan(text, min(lo, hi), max(lo, hi))
    s, e = min(s, e, len(text)), min(max(s, e), len(text))
    got = facts._status_words(text, s, e, scan)
    plain = [m.span() for m in facts._STATUS_WORDS.finditer(text, s, e)]
    if got is None:
        assert not (scan._lo <= s and e <= scan._hi)
    else:
        assert [m.span() for m in got] == plain


@settings(max_examples=200)
@given(_texts([*_STATUS_PIECES, ". ", "\n", "Vertrag ", "nicht "], 60))
def test_status_reads_as_with_a_plain_scan(text: str) -> None:
    ranges = [(0, len(text)), (len(text) // 3, len(text))]
    # A Scan over nothing covers no range: the finder then searches the plain way.
    assert facts.status(text, ranges, facts.Scan(text, 0, len(text))) == facts.status(
        text, ranges, facts.Scan(text)
    )


# --- cooperation narrative: enough cooperation words ----------------------------------------

_STRONG_PIECES = ["Kooperation", "KOOPERATION", "kooperationen", "Interkommunal", "zusammenarbeit",
                  "Zusammenarbeits", "Zweckverband", "Zweckvereinbarung", "zweckverb",
                  "öffentlich-rechtliche Vereinbarung", "Öffentlich-rechtlichenkooperation  vereinbarung",
                  "öffentlich-rechtliche", "Zweckvereinbarungkooperation", "Koop", "ſ", "K\u212aooperation"]


@settings(max_examples=400)
@given(_texts(_STRONG_PIECES), st.integers(0, 80), st.integers(0, 300), st.integers(1, 4))
def test_strong_count_counts_the_plain_matches(text: str, start: int, end: int, enough: int) -> None:
    plain = len(list(narrative._STRONG.finditer(text, start, end)))
    assert narrative._strong_count(text, start, end, enough) == min(plain, enough)
    assert narrative.is_cooperation_text(text, start, end) == (plain >= 3)


# --- paper sections: the finance line and the Bürgerhaushalt ---------------------------------

_FINANCE_PIECES = ["Finanzielle Auswirkungen", "finanzielle  auswirkungen", "Kosten", "Kosten:",
                   "KOSTEN :", "Haushaltsrechtliche Auswirkungen", ":", "\0", " ", "\t",
                   "Bürgerhaushalt", "BÜRGERHAUSHALT", "bürgerhauſhalt", "Bürger haushalt",
                   "Nr. 12", "☒ Ja", "☐ Nein", "340 Punkte"]


@settings(max_examples=300)
@given(st.lists(_texts(_FINANCE_PIECES, 8), min_size=1, max_size=8), st.integers(0, 3),
       st.integers(0, 9))
def test_first_line_with_is_the_first_line_searched(cleans: list[str], i0: int, i1: int) -> None:
    text = "\n".join(cleans)
    lines = build_lines(text).lines
    i1 = min(i1, len(lines))
    plain = next((i for i in range(i0, i1) if sections._FINANCE.search(lines[i].clean)), None)
    assert sections._first_line_with(lines, i0, i1, sections._FINANCE, sections._FINANCE_HEADS) == plain


@settings(max_examples=200)
@given(st.lists(_texts(_FINANCE_PIECES, 8), min_size=1, max_size=8))
def test_sections_read_as_with_the_plain_searches(cleans: list[str]) -> None:
    text = "\n".join(cleans)
    lines = build_lines(text).lines
    got = sections.extract_sections(text, lines, 0, len(lines))
    # The plain reading: every line searched in turn, the Bürgerhaushalt by the pattern.
    fin = next((i for i in range(len(lines)) if sections._FINANCE.search(lines[i].clean)), None)
    if fin is None:
        assert got.financial_impact is None
    doc = text[lines[0].start : lines[-1].end] if lines else ""
    civic = sections._CIVIC_BUDGET.search(doc)
    if civic is None:
        assert got.civic_budget_number is None and got.civic_budget_points is None
    else:
        window = doc[civic.start() : civic.start() + 4000]
        m = sections._PROPOSAL_NO.search(window)
        assert got.civic_budget_number == (int(m.group(1)) if m else None)


_DECISION_PIECES = ["öffentlich-rechtliche Vereinbarung", "Öffentlich rechtlichen  vereinbarung",
                    "öffentlich", "Zweckvereinbarung", "ZWECKVERBAND", "zweckver",
                    "interkommunale Zusammenarbeit", "Interkommunaler\nzusammenarbeit",
                    "Kooperationsvereinbarung", "Kooperationsvertrag", "Gründung einer Anstalt",
                    "gründung eines gemeinsamen", "Beitritt", "AUSTRITT", "ſ", "Gründung"]


@settings(max_examples=400)
@given(_texts(_DECISION_PIECES), st.integers(0, 80), st.integers(0, 300))
def test_decision_in_is_the_plain_search(text: str, start: int, end: int) -> None:
    plain = narrative._DECISION.search(text, start, end) is not None
    assert narrative._decision_in(text, start, end) == plain
