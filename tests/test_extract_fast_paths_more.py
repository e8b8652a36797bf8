"""Fast paths of the extractors compared with the plain code they replace, on generated
strings: each shortcut must give exactly what the plain way gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo import split
from ratsinfo.extract import cooperation_facts as facts
from ratsinfo.extract import cooperation_narrative as narrative
from ratsinfo.extract import paper_sections as sections
from ratsinfo.extract import partners, roles
from ratsinfo.gazetteer import match as gm
from ratsinfo.split import conventions as conv
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


# --- split: the strong-start line test --------------------------------------------------------

# Every word of the patterns _STRONG_LINE joins (a match begins with one of them).
_STRONG_WORDS = sorted(
    {w for p in (conv.PAPER_TYPE_LINE, conv.MEETING_FIELD, conv.MEETING_TITLE_WORD, conv.PRESS_LINE)
     for w in re.findall(r"[a-zäöüß]{2,}", p.pattern)}
)
# … and the phrases they make: adjective and type word, prefix and type word, a public flag
# before a title word, two fields in one.
_STRONG_PHRASES = [
    *(f"{a} {t}" for a in [*re.findall(r"[a-zäöüß]{3,}", conv._TYPE_ADJ), "große", "grosse"]
      for t in ("antrag", "anfrage", "beschlussvorlage")),
    *(f"{p}{t}" for p in re.findall(r"[a-zäöüß]{3,}", conv._TYPE_PREFIX) for t in ("vorlage", "antrag")),
    *(f"{p} {t}" for p in ("öffentliche", "nichtöffentliche", "nicht  öffentliche")
      for t in ("niederschrift", "einladung", "tagesordnung")),
    "ort , raum", "raum,ort",
]
_STRONG_TAILS = ["", ":", " : 12.03.2024", "\tx", " x", " Nr. 12/2024", "s", "-", " der Verwaltung"]


def _spellings(word: str) -> list[str]:
    return [word, word.title(), word.upper(), word.replace("s", "ſ"), word.replace("k", "\u212a"),
            word.replace("i", "\u0130"), word.replace("i", "\u0131"), word.replace("ß", "ẞ")]


def test_strong_line_on_every_pattern_word() -> None:
    for w in [*_STRONG_WORDS, *_STRONG_PHRASES]:
        for head in _spellings(w):
            for tail in _STRONG_TAILS:
                c = head + tail
                assert split.strong_line(c) == (split._STRONG_LINE.match(c) is not None), c


@settings(max_examples=400)
@given(_texts([*_STRONG_WORDS, *(w.title() for w in _STRONG_WORDS), ":", " ", "Nr. 1/2024"], 8))
def test_strong_line_is_the_plain_match(c: str) -> None:
    assert split.strong_line(c) == (split._STRONG_LINE.match(c) is not None)


class _Everything:
    def __contains__(self, _: object) -> bool:
        return True


@settings(max_examples=150)
@given(st.lists(_texts([*(w.title() for w in _STRONG_WORDS[::3]), ":", " ", "Nr. 1/2024",
                        "Betreff: Bau", "Vorlage - VO/2024/12", "\f"], 6), min_size=1, max_size=12))
def test_split_reads_as_with_every_line_tried(rows: list[str]) -> None:
    index = build_lines("\n".join(rows))
    got = split.split_index(index)
    saved = split._STRONG_STARTS
    split._STRONG_STARTS = _Everything()  # type: ignore[assignment]
    try:
        plain = split.split_index(index)
    finally:
        split._STRONG_STARTS = saved
    assert got == plain


# --- partners: the finders' words of a range, in one pass -------------------------------------

_NEEDLE_PIECES = [w for _, ws in partners._NEEDLE_GROUPS for w in ws] + [
    "Mitglieder", "Projektpartnern", "Nacht", "elfte", "Senatsverwaltung", "Landkreise",
    "Verkehrsunternehmen", "Kreisstadt", "Partnerstädte", "STADT", "mitunter", "17"]


@settings(max_examples=500)
@given(_texts(_NEEDLE_PIECES))
def test_seg_needles_are_the_plain_tests(seg: str) -> None:
    got = partners.seg_needles(seg)
    # The tests the bits stand for, as the finders wrote them.
    plain = [
        (partners._NB_COUNT_NOUN, partners._COUNT_NOUNS.any_in(seg)),
        (partners._NB_SENAT, "Senat" in seg), (partners._NB_MEMBER, "itglied" in seg),
        (partners._NB_COMPANY, partners._any_of(seg, partners._COMPANY_WORDS)),
        (partners._NB_TYPED, partners._any_of(seg, partners._TYPED_WORDS)),
        (partners._NB_PLURAL, partners._any_of(seg, partners._PLURAL_WORDS)),
    ]
    for bit, found in plain:
        assert bool(got.bits & bit) == found, (bit, seg)
    assert got.number_at == partners._COUNT_NUMBERS.first_at(seg)
    assert got.cue_at == partners._CUE_CORES.first_at(seg)
    # What the finders then read with them is what the plain patterns read.
    assert [m.span() for m in partners._count_phrases(seg, got)] == [
        m.span() for m in partners._COUNT.finditer(seg)]
    a, b = partners._first_cue(seg, got.cue_at), partners._CUE.search(seg)
    assert (a and a.span()) == (b and b.span())


# --- roles: the role word, its heads grouped by their first letter -----------------------------

# ROLE_RE as first written, the head words one by one.
_ROLE_PLAIN = re.compile(
    rf"(?<![\w/-]){roles._PREFIX}(?P<word>(?:{roles._WHOLE})|[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]*?"
    rf"(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*?(?i:{roles._HEADS})|(?i:{roles._HEADS}))(?![\wäöüß/])"
)
_ROLE_PIECES = [*roles.HEAD_ENDINGS, *(w.title() for w in roles.HEAD_ENDINGS[::2]),
                *(w.upper() for w in roles.HEAD_ENDINGS[::5]), "Ober", "Stadt", "Kreis", "Fach",
                "bereichs", "-", "stellvertretende ", "Erste ", "Gemeinderat", "/r", "in", "s", "ſ",
                "Beigeordneten", "Bürger-Meister", "\u212aämmerer", "ratsherrin"]


@settings(max_examples=500)
@given(_texts(_ROLE_PIECES, 10), st.integers(0, 12))
def test_role_re_is_the_plain_pattern(text: str, pos: int) -> None:
    for end in (len(text), min(len(text), pos + 9)):
        a, b = roles.ROLE_RE.match(text, pos, end), _ROLE_PLAIN.match(text, pos, end)
        assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), text
