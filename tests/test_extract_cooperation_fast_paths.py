"""The cooperation readers' fast paths give exactly what the plain code they replace gives.

Each shortcut (a word gate before a pattern, words found once per text, a pattern asked to
start late, a line read backwards, an answer kept for a repeated header row) is checked
against the plain code, kept here as it was written, on many generated strings: the
patterns' own words in all cases, mixed with noise and with the characters whose case
folding is special ("İ", "ı", "ſ", "ß", a final "Σ").
"""

from __future__ import annotations

import random
import re
from functools import partial

from generated_strings import case_variants, glued
from ratsinfo.extract import cooperation_facts as facts
from ratsinfo.extract import cooperation_narrative as narrative
from ratsinfo.extract import cooperation_tables as tables
from ratsinfo.extract import cooperations, fields
from ratsinfo.extract.needles import lowered

N = 4000  # strings per check: a few seconds in all

NOISE = [" ", "  ", "\n", "\n\n", "\t", ".", ",", ":", ";", "-", "/", "(", ")", "„", "“", '"',
         "•", "1", "2019", "12.03.2019", "07/2025", "İ", "ı", "ſ", "ß", "ẞ", "Σ", "ΑΣ ", "\u00a0",
         "\u2009", "x", "der ", "und ", "zum ", "bis ", "seit ", "e. V.", "GmbH", "Nr", "z.B"]


_strings = partial(glued, noise=NOISE, n=N, parts=9, p_word=0.45)


def _words_of(rx: re.Pattern[str]) -> list[str]:
    return sorted(set(re.findall(r"[^\W\d_]{2,}", rx.pattern)))


def _ranges(rnd: random.Random, s: str) -> list[tuple[int, int]]:
    n = len(s)
    out = []
    for _ in range(rnd.randrange(1, 4)):
        a = rnd.randrange(n + 1)
        out.append((a, rnd.randrange(a, n + 1)))
    return out


# ---------------------------------------------------------------- fact finders


FACT_WORDS = sorted({w for rx in [*(rx for _, rx in facts._LEGAL), *facts._SINCE, *facts._UNTIL,
                                  facts._STATUS_WORDS] for w in _words_of(rx)}
                    | {"e. V.", "Letter of Intent", "in Kraft", "(*2019)", "2019", "31.12.2025"})


class _NoGate(facts.Scan):
    """Every pattern on every range: the finders without their gates."""

    def mask(self, s: int, e: int) -> int:
        return -1

    def digits(self, s: int, e: int) -> bool:
        return True


def test_scan_bits_are_the_words_of_the_range_lowered_alone() -> None:
    rnd = random.Random(1)
    for s in _strings(FACT_WORDS, seed=2, parts=14):
        lo = rnd.randrange(len(s) + 1)
        hi = rnd.randrange(lo, len(s) + 1)
        scan = facts.Scan(s, lo, hi)
        for a, b in [*_ranges(rnd, s), (lo, hi), (0, len(s))]:
            expected = 0
            for k in facts._WORDS.indexes(lowered(s, a, b)):
                expected |= facts._WORD_BITS[k]
            assert scan.mask(a, b) == expected, (s, lo, hi, a, b)


def test_scan_gates_let_every_match_through() -> None:
    # A range whose bits lack a pattern's bit has no match of it (so leaving it out is exact).
    groups = ([(1 << i, rx) for i, (_, rx) in enumerate(facts._LEGAL)]
              + [(facts._STATUS_BIT, facts._STATUS_WORDS)]
              + [(1 << (facts._SINCE_SHIFT + i), rx) for i, rx in enumerate(facts._SINCE)]
              + [(1 << (facts._UNTIL_SHIFT + i), rx) for i, rx in enumerate(facts._UNTIL)])
    rnd = random.Random(3)
    for s in _strings(FACT_WORDS, seed=4, parts=12):
        scan = facts.Scan(s)
        for a, b in _ranges(rnd, s):
            bits = scan.mask(a, b)
            for bit, rx in groups:
                if rx.search(s, a, b):
                    assert bits & bit, (s, a, b, rx.pattern)
            if any(rx.search(s, a, b) for rx in [*facts._SINCE, *facts._UNTIL]):
                assert scan.digits(a, b)


def test_legal_first_letters() -> None:
    for i, (_, rx) in enumerate(facts._LEGAL):
        first = re.compile(f"(?i:[{facts._LEGAL_FIRST[i]}])")
        for s in _strings([*_words_of(rx), "e. V.", "e.V.", "Letter of Intent"], seed=5 + i):
            for m in rx.finditer(s):
                assert first.match(s, m.start()), (s, rx.pattern)


def test_finders_with_a_shared_scan_agree_with_the_ungated() -> None:
    rnd = random.Random(13)
    for s in _strings(FACT_WORDS, seed=14, parts=14):
        lo = rnd.randrange(len(s) + 1)
        scan = facts.Scan(s, lo, rnd.randrange(lo, len(s) + 1))  # shared by all the asks
        for _ in range(3):
            ranges = _ranges(rnd, s)
            plain = _NoGate(s)
            assert facts.legal_form(s, ranges, scan) == facts.legal_form(s, ranges, plain), s
            assert facts.status(s, ranges, scan) == facts.status(s, ranges, plain), s
            assert facts.since(s, ranges, scan) == facts.since(s, ranges, plain), s
            assert facts.until(s, ranges, scan) == facts.until(s, ranges, plain), s
            # What _finalise skips: a finder whose bits the ranges lack finds nothing.
            bits = scan.bits(ranges)
            for need, finder in ((facts.LEGAL_BITS, facts.legal_form),
                                 (facts.STATUS_BITS, facts.status),
                                 (facts.SINCE_BITS, facts.since), (facts.UNTIL_BITS, facts.until)):
                if not bits & need:
                    assert finder(s, ranges, plain) is None, (s, ranges)


def _status_value_plain(cell: str) -> str | None:
    low = " ".join(cell.casefold().split()).strip("• .")
    for key, value in facts._STATUS_VALUES.items():
        if low.startswith(key):
            return value
    if facts._DONE_PROJECT.search(low) or facts._DONE_CELL.search(low):
        return "abgeschlossen"
    return None


def test_status_values_need_their_words() -> None:
    words = [*facts._STATUS_VALUES, "Projekt", "Kooperation", "Maßnahme", "erfolgreich",
             "zogen sich", "zurück", "in  Vorbereitung", "ABGESCHLOſſEN"]
    rnd = random.Random(15)
    phrases = [*facts._STATUS_VALUES, "in   Vorbereitung", "Die Partner zogen sich zurück",
               "Projekt erfolgreich abgeschlossen", "Maßnahme abgeschlossen", "wurde beendet",
               "ist ausgelaufen"]
    samples = list(_strings(words, seed=15, parts=6))
    samples += [rnd.choice(NOISE) + rnd.choice(case_variants(p)) + rnd.choice(NOISE)
                for p in phrases for _ in range(30)]
    for s in samples:
        got = facts.status_value(s)
        assert got == _status_value_plain(s), s
        if got is not None:
            assert facts.STATUS_VALUE_WORDS.any_in(s.casefold()), s


# ---------------------------------------------------------------- tables


def _columns_plain(cells: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    filled = 0
    for i, c in enumerate(cells):
        c2 = " ".join(c.split()).strip(" :")
        if not c2:
            continue
        filled += 1
        if len(c2) > 40 or re.search(r"\d", c2):
            continue
        for name, rx in tables._COLS:
            if rx.search(c2) and name not in cols:
                cols[name] = i
                break
    if "title" in cols and len(cols) >= 2 and len(cols) >= 0.75 * filled:
        return cols
    return None


def test_columns_as_before() -> None:
    words = sorted({w for _, rx in tables._COLS
                    for w in re.findall(r"[^\W\d_][^\W\d_ ]+", rx.pattern)}
                   | {"Art der Zusammenarbeit", "nächste Schritte", "Thema", "Partner", "Status"})
    rnd = random.Random(16)
    memo: dict[tuple[str, ...], dict[str, int] | None] = {}
    cells_pool = list(_strings(words, seed=17, n=300, parts=3)) + [""] * 30 + [" : ", "x" * 50]
    for _ in range(N):
        cells = [rnd.choice(cells_pool) for _ in range(rnd.randrange(1, 7))]
        expected = _columns_plain(cells)
        assert tables._columns(cells) == expected, cells
        assert tables._columns(cells, memo) == expected, cells
    assert any(v is not None for v in memo.values())


def test_title_column_read_from_the_raw_cell() -> None:
    words = [*_words_of(tables._TITLE_COL), "Kooperationen", "Maßnahmen", "MASSNAHME", "ikz-"]
    for s in _strings(words, seed=30):
        for c in (s, ": " + s, " :\n" + s + " :"):
            norm = " ".join(c.split()).strip(" :")
            assert bool(tables._TITLE_START.match(c)) == bool(tables._TITLE_COL.search(norm)), c


def _lines_plain(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        le = end if nl < 0 else nl
        raw = text[pos:le]
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw) - len(raw.rstrip())
            out.append((pos + lead, le - trail, bool(tables._BULLET.match(raw))))
        pos = le + 1
    return out


def test_cell_lines_as_before() -> None:
    rnd = random.Random(18)
    for s in _strings(["•", "- ", "1. ", "Zeile", " \n", "\r\n"], seed=19):
        for a, b in _ranges(rnd, s):
            assert tables._lines(s, a, b) == _lines_plain(s, a, b), (s, a, b)


def test_last_word_as_the_pattern() -> None:
    rnd = random.Random(20)
    for s in _strings(["bzw", "ca", "Nr", "z.B", "Wort"], seed=21):
        k = rnd.randrange(len(s) + 1)
        m = re.search(r"(\S+)$", s[:k])
        assert tables.last_word(s, k) == (m.group(1) if m else ""), (s, k)


def test_cue_words_as_the_pattern() -> None:
    words = [*_words_of(tables.CUE), "Projektpartnern", "Mitglied", "Xitglied", "artner"]
    rnd = random.Random(22)
    for s in _strings(words, seed=23):
        assert tables.has_cue(s) == bool(tables.CUE.search(s)), s
        a = rnd.randrange(len(s) + 1)
        b = rnd.randrange(a, len(s) + 1)
        assert tables.has_cue(s, a, b) == bool(tables.CUE.search(s, a, b)), (s, a, b)


# ---------------------------------------------------------------- narrative


def test_line_end_patterns_started_late() -> None:
    words = ["und", "oder", "sowie", "der", "die", "des", "den", "dem", "mit", "im", "in", "von",
             "zu", "zur", "Wort", "“", ")"]
    rnd = random.Random(24)
    samples = list(_strings(words, seed=24))
    # Each word at the very end, after a space or not, before a newline or not.
    samples += [rnd.choice(["", "x", "Wort", "12"]) + rnd.choice(["", " ", "\t", "\n"]) + w
                + rnd.choice(["", "\n", " ", "\n\n", "."]) for w in words for _ in range(40)]
    for s in samples:
        for t in (s, s.rstrip()):
            assert (bool(narrative._RUNS_ON.search(t, max(0, len(t) - 7)))
                    == bool(narrative._RUNS_ON.search(t))), t
            assert (bool(narrative._CLOSED.search(t, max(0, len(t) - 2)))
                    == bool(narrative._CLOSED.search(t))), t


class _Line:
    def __init__(self, start: int) -> None:
        self.start = start


def test_unskipped_lines_as_by_bisect() -> None:
    rnd = random.Random(25)
    for _ in range(N):
        starts = sorted(rnd.sample(range(200), rnd.randrange(1, 30)))
        lines = [_Line(s) for s in starts]
        skip: list[tuple[int, int]] = []
        pos = 0
        for _ in range(rnd.randrange(0, 6)):
            a = pos + rnd.randrange(0, 40)
            b = a + rnd.randrange(0, 40)
            skip.append((a, b))
            pos = b
        i0 = rnd.randrange(len(lines) + 1)
        i1 = rnd.randrange(i0, len(lines) + 1)
        expected = [i for i in range(i0, i1) if narrative._skipped(lines[i].start, skip) is None]
        assert list(narrative._unskipped(lines, i0, i1, skip)) == expected  # type: ignore[arg-type]


# ---------------------------------------------------------------- finalising


def _classify_plain(title: str, description: str | None = None) -> tuple[str | None, str | None]:
    score: dict[str, float] = {}
    words: dict[str, list[str]] = {}
    desc = (description or "")[:fields._DESC_CHARS]
    for weight, t in ((2.0, f" {title.casefold()} "), (1.0, f" {desc.casefold()} ")):
        for k, _, _ in fields._AC.find_matches_as_indexes(t):
            stem = fields._STEMS[k]
            f = fields._STEM_FIELD[stem]
            score[f] = score.get(f, 0.0) + weight
            words.setdefault(f, []).append(stem.strip(" -"))
    if not score:
        return None, None
    best = max(score, key=lambda f: (score[f], -fields._ORDER[f]))
    return best, ", ".join(list(dict.fromkeys(words[best]))[:6])


def test_classify_field_as_before() -> None:
    # Casefolding lengthens "ß": the title's last stem still weighs double.
    assert fields.classify_field("ßßßßßßßßßß kultur", "verkehr") == ("Kultur/Bildung", "kultur")
    stems = [*fields._STEMS, "nahverkehrs", "e-government-portal", "\0", "Straße", "IT", "ßß"]
    rnd = random.Random(26)
    pool = list(_strings(stems, seed=27, n=N, parts=12))
    for s in pool:
        d = rnd.choice([None, "", *pool[:50], s * 40])
        assert fields.classify_field(s, d) == _classify_plain(s, d), (s, d)


def _description_plain(text: str, ranges: list[tuple[int, int]]
                       ) -> tuple[str, tuple[int, int]] | None:
    parts: list[str] = []
    seen: list[tuple[int, int]] = []
    for s, e in sorted(set(ranges)):
        if any(a <= s and e <= b for a, b in seen):
            continue
        seen.append((s, e))
        parts.append(" ".join(text[s:e].split()))
    if not parts:
        return None
    return " ".join(p for p in parts if p), (min(s for s, _ in seen), max(e for _, e in seen))


def test_description_as_before() -> None:
    rnd = random.Random(28)
    for s in _strings(["Wort", "  ", "\n"], seed=29, parts=20):
        ranges = [r for _ in range(rnd.randrange(0, 4)) for r in _ranges(rnd, s)]
        assert cooperations._description(s, ranges) == _description_plain(s, ranges), (s, ranges)
