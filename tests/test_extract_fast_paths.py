"""The extractors' fast paths give exactly what the patterns they stand for give.

Speed-ups skip a pattern where a cheap test shows it cannot match (a word it needs is
missing), start a search late, or rewrite a pattern so ``re`` can skip ahead. Each is
checked here against the plain pattern on many generated strings built from the patterns'
own words in all cases, with the characters whose case folding is special ("İ", "ı", "ſ").
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from functools import partial

import pytest

from generated_strings import case_variants, glued
from ratsinfo.extract import body, cooperation_facts, fields, partners, persons
from ratsinfo.extract.needles import lowered
from ratsinfo.gazetteer import match
from ratsinfo.split import lines

N = 6000  # strings per check: a few seconds in all

NOISE = [" ", "  ", "\n", "\t", ".", ",", "-", "/", "(", ")", "„", "“", '"', "»", ":", "_", "1",
         "2014", "12.03.2019", "07/2025", "²", "é", "ü", "İ", "ı", "ſ", "\u00a0", "\u2009",
         "x", "Ab", "der ", "die ", "mit ", "zum ", "am ", "bis ", "seit ", "e. V.", "GmbH"]


_strings = partial(glued, noise=NOISE, n=N, parts=9, p_word=0.45)


def _words_of(rx: re.Pattern[str]) -> list[str]:
    """The literal words of a pattern (runs of letters), to build strings that match it."""
    return sorted(set(re.findall(r"[^\W\d_]{2,}", rx.pattern)))


def _matches(rx: re.Pattern[str], s: str, pos: int = 0, endpos: int | None = None) -> list:
    it = rx.finditer(s, pos) if endpos is None else rx.finditer(s, pos, endpos)
    return [(m.span(), m.groups(), m.lastgroup) for m in it]


# ---------------------------------------------------------------- rewritten patterns

_REWRITTEN = [
    # (original, rewritten): same matches at every position
    (re.compile(r"(?<![^\W\d_])[A-ZÄÖÜ][^\W\d_]*"), match.CAP),
    (re.compile(rf"(?<![\w-])(?P<type>{body._TYPE})\s+(?P<name>{body._NAME})"), body._MENTION),
    (re.compile(rf"\b((?:Le |La |Los |Las |San |St\. )?{partners._CAPWORD_P}"
                rf"(?: {partners._CAPWORD_P})?)(?:\s*/\s*({partners._CAPWORD_P})"
                rf"|\s+\(({partners._CC})\))"), partners._FOREIGN),
]


@pytest.mark.parametrize(("old", "new"), _REWRITTEN, ids=["CAP", "MENTION", "FOREIGN"])
def test_rewritten_patterns_match_alike(old: re.Pattern[str], new: re.Pattern[str]) -> None:
    words = [*_words_of(old), "Le Havre", "San Marino", "St. Gallen", "Rom", "Italien", "IT",
             "Potsdam", "Halle-Neustadt", "Werder (Havel)", "am Main"]
    rnd = random.Random(1)
    for s in _strings(words, seed=len(old.pattern)):
        assert _matches(old, s) == _matches(new, s), s
        if s:
            a = rnd.randrange(len(s))
            b = rnd.randrange(a, len(s) + 1)
            assert _matches(old, s, a, b) == _matches(new, s, a, b), (s, a, b)


def test_space_runs_collapse_as_before() -> None:
    old = re.compile(r"[ \u00a0\u2000-\u200b\u202f]+")
    rnd = random.Random(2)
    alphabet = [" ", "\u00a0", "\u2000", "\u2009", "\u200b", "\u200c", "\u202f", "a", "\t", "ß"]
    for _ in range(20 * N):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 9)))
        assert lines._SPACES.sub(" ", s) == old.sub(" ", s), repr(s)


# ---------------------------------------------------------------- gates and late starts


def test_lowered_agrees_with_ignorecase() -> None:
    # Whatever IGNORECASE finds, the lowercased text holds in lowercase, at the same offsets.
    for s in _strings(["Stiftung", "İnitiative", "ſtiftung", "Iſland", "WERK", "Kasse"], seed=3):
        low = lowered(s)
        assert len(low) == len(s)
        for word in ("stiftung", "initiative", "island", "werk", "kasse"):
            for m in re.finditer(re.escape(word), s, re.IGNORECASE):
                assert low[m.start() : m.end()] == word, (s, word)


def test_org_head_test_agrees() -> None:
    words = [*_words_of(partners._ORG_HEAD), "Stadtwerke", "Sparkasse", "Werk", "Betrieb",
             "Eigenbetrieb", "Hauptkasse", "ſtiftung"]
    for s in _strings(words, seed=4):
        assert partners.has_org_head(s) == bool(partners._ORG_HEAD.search(s)), s


def test_first_cue_agrees() -> None:
    words = ["mit", "zwischen", "Partner", "Projektpartnern", "Mitglied", "Gründungsmitglied",
             "Arbeitskreis", "beteiligt", "Beteiligung", "Verkehrsunternehmen", "Unternehmen",
             "Austritt", "Beitritt", "austreten", "beitreten", "Kommit", "vermitteln"]
    for s in _strings(words, seed=5):
        a, b = partners._CUE.search(s), partners._first_cue(s, partners.seg_needles(s).cue_at)
        assert (a and a.span()) == (b and b.span()), s


def _needs(rx: re.Pattern[str], test: Callable[[str], bool], phrases: list[str], seed: int) -> None:
    """Wherever ``rx`` matches, ``test`` (the cheap gate) lets the text through: strings of
    phrases that match ``rx``, alone and in company, and of their words in noise."""
    rnd = random.Random(seed)
    samples = [" ".join(rnd.choice(phrases) for _ in range(rnd.randrange(1, 3))) for _ in range(N)]
    samples += list(_strings(phrases, seed=seed, n=N))
    assert any(rx.search(s) for s in samples)
    for s in samples:
        if rx.search(s):
            assert test(s), s


def test_partner_gates_let_every_match_through() -> None:
    _needs(partners._COUNT,
           lambda s: bool((partners._DIGIT.search(s) or partners._COUNT_NUMBERS.any_in(s))
                          and partners._COUNT_NOUNS.any_in(s)),
           ["mit 12 Partnern", "insgesamt zwei Vertragspartner", "drei Kooperationspartnern",
            "vier Kommunen", "fünf Städten", "sechs Gemeinden", "sieben Landkreisen",
            "acht Kreisen", "neun Mitgliedern", "zehn Bibliotheksträgern", "elf Trägern",
            "zwölf Mitgliedskommunen", "zwei Gebietskörperschaften", "weiteren 3 Partnern",
            "rund 20 weitere Städte und Gemeinden", "ca. 5 benachbarte Kommunen (A, B)"], seed=6)
    _needs(partners._TYPED_UNKNOWN, lambda s: any(w in s for w in partners._TYPED_WORDS),
           ["der Stadt Krakau", "die Gemeinde Musterbach", "dem Bezirk Mitte,",
            "den Landkreis Vorpommern.", "des Markt Indersdorf", "mit Ortsgemeinde Xdorf",
            "der Verbandsgemeinde Ydorf", "der Samtgemeinde Zdorf", "der Kreisstadt Adorf",
            "mit der Partnerstadt Bdorf"], seed=7)
    _needs(partners._COMPANY_LIST, lambda s: any(w in s for w in partners._COMPANY_WORDS),
           ["den Verkehrsunternehmen regiobus", "Unternehmen A", "den Firmen B",
            "Betrieben C", "Gesellschaften D"], seed=8)
    _needs(partners._MEMBER, lambda s: "itglied" in s,
           ["Mitglied im Verband", "Mitgliedschaft in der Arbeitsgemeinschaft Nord",
            "Gründungsmitglied des Vereins"], seed=9)
    _needs(partners._SENAT_ADJ, lambda s: "Senat" in s,
           ["Berliner Senatsverwaltung", "Hamburger Senat", "Bremer Senat"], seed=10)
    _needs(partners._QUOTED_ORG, lambda s: "„" in s or '"' in s or "»" in s,
           ["Bündnis „Name der Stadt“", 'Netzwerk "Name"', "Verein »Name«",
            "Initiative „Mehr Grün“"], seed=11)
    _needs(partners._FOREIGN, lambda s: "/" in s or "(" in s,
           ["Rom/Italien", "Vejle (DK)", "Le Havre / Frankreich"], seed=12)
    _needs(partners._COMPOUND_HEAD, lambda s: "-" in s or "/" in s,
           ["Werder-Potsdam", "Potsdam/Schwielowsee", "Havelland-Fläming"], seed=13)


class _NoGate(cooperation_facts.Scan):
    """A Scan that lets every pattern run on every range: the finders as they read ungated."""

    def mask(self, s: int, e: int) -> int:
        return -1

    def digits(self, s: int, e: int) -> bool:
        return True


def _status_plain(text: str, ranges: list[tuple[int, int]]) -> object:
    """cooperation_facts.status as it reads without its gate."""
    return cooperation_facts.status(text, ranges, _NoGate(text))


def _legal_plain(text: str, ranges: list[tuple[int, int]]) -> object:
    best = None
    for s, e in ranges:
        for m in cooperation_facts._LEGAL_ALL.finditer(text, s, e):
            rank = int((m.lastgroup or "g99")[1:])
            if best is None or rank < best[0]:
                best = (rank, cooperation_facts._LEGAL[rank][0], (m.start(), m.end()))
                if rank == 0:
                    return best[1], best[2]
    return (best[1], best[2]) if best else None


def _first_plain(text: str, ranges: list[tuple[int, int]], rxs: list[re.Pattern[str]]) -> object:
    best = None
    for s, e in ranges:
        for rx in rxs:
            m = rx.search(text, s, e)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), cooperation_facts._iso(m.group(1)), (m.start(1), m.end(1)))
        if best is not None:
            break
    return (best[1], best[2]) if best else None


# Phrases that each fact pattern matches (one or more per alternative), to be met alone.
FACT_PHRASES = [
    "Zweckvereinbarung", "öffentlich-rechtliche Vereinbarung", "öffentlich-rechtlichen Vertrag",
    "Zweckverband", "Mitglied", "Bündnis", "beigetreten", "Beitritt", "ausgetreten", "Austritt",
    "ist Gesellschafter", "sind alle Gesellschafterinnen", "gemeinsame GmbH",
    "gemeinsamen Gesellschaft", "AöR", "Anstalt des öffentlichen Rechts", "Kommunalunternehmen",
    "e. V.", "e.V.", "Verein", "Vereins", "Arbeitsgemeinschaft", "ArGe", "informell",
    "Letter of Intent", "Absichtserklärung", "ohne vertragliche", "Kooperationsvertrag",
    "Kooperationsvereinbarung", "Vertrag", "Verträge", "Vereinbarung", "vertraglich",
    "Verwaltungsvereinbarung",
    "seit 03.06.1998", "seit dem 3.6.1998", "seit Mitte 2015", "seit Mai 2016", "(*2019)",
    "( * 2019 )", "2019 gegründet", "2019 Gründungsmitglied", "2019 beigetreten",
    "2019 in Kraft getreten", "gegründet am 1. Mai 2019", "beigetreten zum 2019",
    "wirksam seit 12.3.2018", "in Kraft seit Januar 2020", "in Kraft zum 01.01.2020",
    "2024 enden", "2024 endet", "2024 auslaufen", "2024 ausläuft", "befristet bis 2025",
    "läuft bis Ende 2024", "Laufzeit bis zum 31.12.2025", "abgeschlossen bis 2023",
    "endet zum 2024", "endete am 31.12.2023", "beendet mit dem 2022", "aufgelöst zum 2021",
    "ausgetreten am 2020", "übergegangen zum 2019", "Austritt zum 2024",
    "Kündigung des Vertrags zum 31.12.2025", "Auflösung zum 2026", "zum 01.01.2021 ausgetreten",
    "am 01.01.2021 beendet", "mit Wirkung zum 01.01.2021 aufgelöst", "zum 1.1.2020 übergegangen",
    "am 1.1.2020 gekündigt", "zum 1.1.2020 endet",
    "Die Gründung eines Zweckverbands wird vorbereitet", "Eine Vereinbarung ist geplant",
    "Die Kooperation ist vorgesehen", "Ein Vertrag wird angestrebt",
    "Die Gründung ist beabsichtigt", "Die Stadt bereitet die Gründung vor", "in Vorbereitung",
    "Die Fertigstellung erfolgte", "Der Radweg ist fertiggestellt", "Verkehrsfreigabe 2020",
    "Das Projekt ist abgeschlossen", "Die Kooperation wurde beendet", "Der Vertrag ist ausgelaufen",
    "Der Verband wurde aufgelöst", "Die Stadt ist ausgetreten", "Der Vertrag wurde gekündigt",
    "Die Arbeit wurde eingestellt", "Die Aufgabe ist übergegangen", "Die Partner zogen sich zurück",
    "nicht", "wird", "soll", "künftig",
]
SEPARATORS = [" ", ". ", "\n", ", ", "; ", "! ", "\n\n", " und "]


def _phrase_strings(seed: int, n: int) -> Iterator[str]:
    rnd = random.Random(seed)
    for _ in range(n):
        parts: list[str] = []
        for _ in range(rnd.randrange(1, 4)):
            p = rnd.choice(FACT_PHRASES)
            parts.append(rnd.choice(case_variants(p)) if rnd.random() < 0.2 else p)
            parts.append(rnd.choice(SEPARATORS))
        yield "".join(parts)


def test_fact_finders_agree_with_their_patterns() -> None:
    f = cooperation_facts
    rnd = random.Random(14)
    samples = list(_phrase_strings(seed=15, n=3 * N))
    samples += list(_strings(FACT_PHRASES, seed=16, n=N))
    for s in samples:
        ranges = [(0, len(s))]
        if s and rnd.random() < 0.3:
            a = rnd.randrange(len(s))
            ranges = [(a, rnd.randrange(a, len(s) + 3)), (0, a)]
        shared = f.Scan(s)  # one Scan answers all four finders, as for a cooperation
        assert f.legal_form(s, ranges) == _legal_plain(s, ranges), s
        assert f.legal_form(s, ranges, shared) == _legal_plain(s, ranges), s
        assert f.status(s, ranges) == _status_plain(s, ranges), s
        assert f.status(s, ranges, shared) == _status_plain(s, ranges), s
        assert f.since(s, ranges) == _first_plain(s, ranges, f._SINCE), s
        assert f.since(s, ranges, shared) == _first_plain(s, ranges, f._SINCE), s
        assert f.until(s, ranges) == _first_plain(s, ranges, f._UNTIL), s
        assert f.until(s, ranges, shared) == _first_plain(s, ranges, f._UNTIL), s


def test_status_value_gates() -> None:
    done = re.compile(r"\b(?:projekt|kooperation|maßnahme)\s+(?:erfolgreich\s+)?abgeschlossen\b")
    left = re.compile(r"zogen sich\b.{0,60}\bzurück|beendet\b|ausgelaufen\b")
    words = ["Projekt", "Kooperation", "Maßnahme", "erfolgreich", "abgeschlossen", "zogen sich",
             "zurück", "beendet", "ausgelaufen"]
    for s in _strings(words, seed=16):
        low = " ".join(s.casefold().split()).strip("• .")
        if not any(low.startswith(k) for k in cooperation_facts._STATUS_VALUES):
            expected = "abgeschlossen" if done.search(low) or left.search(low) else None
            assert cooperation_facts.status_value(s) == expected, s


# ---------------------------------------------------------------- Aho-Corasick scans


def _trie(words: list[str]) -> re.Pattern[str]:
    """The leftmost-longest alternation the automata stand for."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def test_field_stems_found_as_by_the_longest_first_alternation() -> None:
    rx = _trie(fields._STEMS)
    for s in _strings([*fields._STEMS, "nahverkehrs", "e-government-portal"], seed=17):
        t = f" {s.casefold()} "
        got = [fields._STEMS[k] for k, _, _ in fields._AC.find_matches_as_indexes(t)]
        assert got == [m.group(0) for m in rx.finditer(t)], s


def test_role_word_anchors_as_with_one_search_per_stem() -> None:
    def anchors_plain(text: str) -> list[int]:
        """persons._anchors with a str.find pass per stem, as it was written first."""
        ev: list[int] = []
        for lit, pat in persons._LITERAL_ANCHORS:
            i = text.find(lit)
            while i >= 0:
                if pat.match(text, i):
                    ev.append(i)
                i = text.find(lit, i + 1)
        starts: set[int] = set()
        for stem in persons._ROLE_STEMS:
            i = text.find(stem)
            while i >= 0:
                a, b = persons._word_bounds(text, i)
                if a not in starts and b > a and text[a].isupper():
                    w = text[a:b]
                    if w.lower().endswith(persons.HEAD_ENDINGS) or w in persons._WHOLE_ROLES:
                        starts.add(a)
                i = text.find(stem, i + len(stem))
        for a in starts:
            pm = persons._PREFIX_BEFORE.search(text, max(0, a - 24), a)
            ev.append(pm.start() if pm else a)
        return sorted(set(ev))

    words = [*persons._ROLE_STEMS, "Oberbürgermeisterin", "Ober-Bürgermeister", "Beratung",
             "Stellvertretende ", "Herr ", "Frau Dr. ", "Müller"]
    for s in _strings(words, seed=18):
        assert persons._anchors(s) == anchors_plain(s), s
