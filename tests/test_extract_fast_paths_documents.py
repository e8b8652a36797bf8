"""Fast paths of the line index, splitter and document extractors give what the plain code gives.

Each speed-up here skips a pattern where a cheap test shows it cannot match (a literal word
or first character it needs is missing), tries a pattern only where a match can start, or
takes a short cut that plain code would take too. Each is checked against the plain form
on many generated strings built from the patterns' own words, in all cases, with the
characters whose case folding is special ("İ", "ı", "ſ", "ẞ", the Kelvin sign).
"""

from __future__ import annotations

import random
import re
import sys
from functools import partial

import pytest

from generated_strings import glued
from ratsinfo.extract import agenda, body, names, obligations, paper_header, persons, references
from ratsinfo.split import _CLOSING_LINE, _STRONG_LINE
from ratsinfo.split import conventions as conv
from ratsinfo.split import lines as lines_mod

N = 4000  # strings per check

NOISE = [" ", "  ", "\n", "\n\n", "\t", ".", ",", ":", "-", "/", "(", ")", "1", "12", "2019",
         "12.03.2019", "²", "_", "*", "|", "#", "<b>", "é", "ü", "İ", "ı", "ſ", "ẞ", "\u212a",
         "\u00a0", "\u2009", "\f", "\r", "x", "Ab", "der ", "und "]  # fmt: skip
ALL_CHARS = "".join(map(chr, range(sys.maxunicode + 1)))


_strings = partial(glued, noise=NOISE, n=N, parts=12, p_word=0.5)


def _words_of(rx: re.Pattern[str]) -> list[str]:
    return sorted(set(re.findall(r"[^\W\d_]{2,}", rx.pattern)))


def _spans(ms: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in ms]  # type: ignore[attr-defined]


def _first_set(items: object) -> tuple[set[str] | None, bool]:
    """(characters a match of the parsed pattern ``items`` can begin with, or None for
    any; whether it can match empty). Look-arounds and anchors are skipped (a superset)."""
    from re import _constants as c  # type: ignore[attr-defined]

    acc: set[str] = set()
    for op, av in items:  # type: ignore[attr-defined]
        if op is c.LITERAL:
            f, empty = {chr(av)}, False
        elif op is c.IN:
            if any(o in (c.NEGATE, c.CATEGORY) for o, _ in av):
                return None, False
            f = set()
            for o, a in av:
                f |= {chr(a)} if o is c.LITERAL else {chr(x) for x in range(a[0], a[1] + 1)}
            empty = False
        elif op is c.BRANCH:
            f, empty = set(), False
            for alt in av[1]:
                g, e = _first_set(alt)
                if g is None:
                    return None, False
                f |= g
                empty = empty or e
        elif op is c.SUBPATTERN:
            f, empty = _first_set(av[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            f, e = _first_set(av[2])
            empty = e or av[0] == 0
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            f, empty = set(), True
        else:
            return None, False
        if f is None:
            return None, False
        acc |= f
        if not empty:
            return acc, False
    return acc, True


def _first_chars(rx: re.Pattern[str]) -> set[str]:
    f, empty = _first_set(re._parser.parse(rx.pattern, rx.flags))  # type: ignore[attr-defined]
    assert f is not None and not empty, rx.pattern
    if rx.flags & re.IGNORECASE:
        return set(conv.ignorecase_chars("".join({ch.lower() for ch in f})))
    return f


# ---------------------------------------------------------------- case folding


def test_ignorecase_chars_are_what_re_takes() -> None:
    for letter in "abcdefghijklmnopqrstuvwxyzäöüß":
        taken = set(re.findall(re.escape(letter), ALL_CHARS, re.IGNORECASE))
        assert conv.ignorecase_chars(letter) == taken, letter


def test_lowering_keeps_what_ignorecase_finds() -> None:
    # The gates lower a text (folding "İ", "ı", "ſ") and look for lowercase words in it.
    folded = ALL_CHARS.translate(obligations._FOLD)
    low = folded.lower()
    assert len(low) == len(folded)
    for letter in "abcdefghijklmnopqrstuvwxyzäöüß":
        for m in re.finditer(re.escape(letter), ALL_CHARS, re.IGNORECASE):
            assert low[m.start()] == letter, (letter, m.group())


# ---------------------------------------------------------------- line index


def _clean_line_plain(raw: str) -> tuple[str, bool]:
    s = raw
    if "<" in s:
        s = lines_mod._TAG.sub("", s)
    s = lines_mod._HEADING_MARK.sub("", s)
    bullet = False
    m = lines_mod._BULLET.match(s)
    if m:
        bullet = True
        s = s[m.end() :]
    if "|" in s and s.lstrip().startswith("|"):
        if lines_mod._TABLE_SEP.match(s):
            return "", False
        s = "\t".join(c.strip() for c in s.strip().strip("|").split("|"))
    if "*" in s or "__" in s:
        s = lines_mod._EMPH.sub("", s)
    if "\t" in s:
        cells = [lines_mod._SPACES.sub(" ", c).strip() for c in s.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        s = "\t".join(cells)
    else:
        s = lines_mod._SPACES.sub(" ", s).strip()
    if lines_mod._DASH_RULE.match(s):
        return "", False
    return s, bullet


def _build_lines_plain(text: str) -> list[tuple[int, int, str, bool, bool, int]]:
    out = []
    blank, ff, pos, n = 0, False, 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        nl = n if nl < 0 else nl
        raw, end = text[pos:nl], nl
        if raw.endswith("\r"):
            end, raw = end - 1, raw[:-1]
        pos_line = pos
        if "\f" in raw:
            ff = True
            cut = raw.rfind("\f") + 1
            pos_line, raw = pos + cut, raw[cut:]
        if raw.strip():
            clean, bullet = _clean_line_plain(raw)
            if clean:
                start = pos_line + len(raw) - len(raw.lstrip())
                out.append((start, end, clean, bullet, ff or blank >= 3, blank))
                blank, ff = 0, False
        else:
            blank += 1
        pos = nl + 1
    return out


LINE_PIECES = ["Antrag", "- Punkt", "– Punkt", "• x", "12) a", "1) b", "3.", "# Titel", "## T",
               "| a | b |", "|---|---|", "**fett**", "__x__", "a*b", "<b>x</b>", "---", "---\t---",
               "a\tb\t", "\t\tc", "x  y", "x\u00a0y", "x\u2009 y", "\u3000- z", "\x1cA", "Ü"]  # fmt: skip


def test_line_index_as_built_line_by_line() -> None:
    rnd = random.Random(1)
    pool = LINE_PIECES + NOISE
    for _ in range(5 * N):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 30)))
        got = [(x.start, x.end, x.clean, x.bullet, x.page_break, x.blank_before)
               for x in lines_mod.build_lines(text).lines]  # fmt: skip
        assert got == _build_lines_plain(text), repr(text)
        raw = text.split("\n")[0]
        assert lines_mod.clean_line(raw) == _clean_line_plain(raw), repr(raw)


# ---------------------------------------------------------------- references


def test_reference_windows_hold_every_match() -> None:
    width = re._parser.parse(references._REF.pattern).getwidth()[1]  # type: ignore[attr-defined]
    assert width <= references._MAX_LEN
    assert all("/" in s for s in references._SHAPES)


REF_PIECES = ["/", "-", ".", " ", "1", "2", "0", "12", "2019", "2020", "123", "12345", "A", "VO",
              "BV", "GR", "ABCDE", "I", "V", "X", "Nr.", ":", "Drucksache", "DS", "Vorlage",
              "Beschluss", "Antrag", "Anfrage", "Drucks.", "Nummer", "ÄB", "/20", "ABCDEF",
              "Beschlussvorlage", "Vorlagen-Nr."]  # fmt: skip


def test_references_found_as_by_finditer() -> None:
    m = re.match(r"\(\?:([^()]*)\)", references.LABEL)  # the label words come first
    assert m is not None
    assert all(w.startswith(references._LABEL_HEADS) for w in m.group(1).split("|"))
    rnd = random.Random(2)
    for _ in range(10 * N):
        s = "".join(rnd.choice(REF_PIECES) for _ in range(rnd.randrange(0, 25)))
        a = rnd.randrange(len(s) + 1)
        b = rnd.randrange(a, len(s) + 1)
        for start, end in ((0, None), (a, b)):
            e = len(s) if end is None else end
            plain = [references.Reference(m.group(0).replace(" ", ""), m.start(), m.end())
                     for m in references._REF.finditer(s, start, e)
                     if references._plausible(m)]  # fmt: skip
            assert references.find_references(s, start, end) == plain, (s, start, end)
            got = [(r.start, r.end) for r in references.find_labelled_references(s, start, end)]
            want = []
            for m in references._LABELLED.finditer(s, start, e):
                ref = m.group("ref").rstrip(".-/")
                if sum(ch.isdigit() for ch in ref) >= 3:
                    want.append((m.start("ref"), m.start("ref") + len(ref)))
            assert got == want, (s, start, end)
        tok = s.strip()
        m = references._WHOLE.fullmatch(tok)
        assert references.is_reference(s) == (bool(m) and references._plausible(m)), s


# ---------------------------------------------------------------- body


def test_body_heads_start_every_match() -> None:
    words = [*_words_of(body._LETTERHEAD), "Musterstadt", "Halle-Neustadt", "Werder (Havel)",
             "am Main", "an der Oder", "Der Oberbürgermeister der Stadt X"]  # fmt: skip
    assert all(w.startswith(body._TYPE_HEADS) for w in re.findall(r"[A-ZÄÖÜ]\w+", body._TYPE))
    for s in _strings(words, seed=3):
        if body._LETTERHEAD.match(s):
            assert s.startswith(body._LETTERHEAD_HEADS), s
        assert _spans(body._mentions(s)) == _spans(body._MENTION.finditer(s)), s


# ---------------------------------------------------------------- agenda


def test_added_marks_found_as_by_finditer() -> None:
    words = [*_words_of(agenda._ADDED), "TOP", "TO", "Die", "1.2"]
    for s in _strings(words, seed=4):
        assert _spans(agenda._added_matches(s)) == _spans(agenda._ADDED.finditer(s)), s


def test_similarity_bounds_decide_as_the_ratio() -> None:
    words = ["Antrag", "der", "Fraktion", "Bebauungsplan", "Nr. 12", "Haushalt 2024", "Bericht",
             "Ergänzung", "\u00ad", "ß", "SS", "İ"]  # fmt: skip
    rnd = random.Random(5)
    for a in _strings(words, seed=5):
        b = a if rnd.random() < 0.2 else "".join(rnd.sample(a, len(a)))
        if rnd.random() < 0.3:
            b = b[:-1] + "x"
        for threshold in (0.6, 0.9):
            assert agenda._similar_at_least(a, b, threshold) == (
                agenda._similar(a, b) >= threshold
            ), (a, b)


# ---------------------------------------------------------------- obligations


def _operative_plain(lines: list[lines_mod.Line], i0: int, i1: int) -> list[tuple[int, int]]:
    out = []
    i = i0
    while i < i1:
        m = obligations._START.match(lines[i].clean)
        if not m:
            i += 1
            continue
        rest = m.group("rest")
        a = i if (rest or "").strip() or rest is None else i + 1
        j = i + 1
        while (
            j < i1 and j - i < obligations._MAX_LINES and not obligations._END.match(lines[j].clean)
        ):
            j += 1
        if j > a:
            out.append((a, j))
        i = j
    return out


START_PHRASES = ["Beschlussvorschlag:", "Beschluss des Rates", "Antragstext", "Empfehlung:",
                 "Geänderter Beschlussvorschlag", "Tenor", "1. Beschlussfassung", "Der Rat möge "
                 "beschließen", "Die Stadtverordnetenversammlung möge folgendes beschließen",
                 "Der Kreistag beschließt:", "BESCHLIESSEN", "beſchließen", "beschlİeßen",
                 "ANTRAGſTEXT", "Tenor\ud800", "Empfehlung:",
                 "Begründung", "Sachverhalt", "Anlagen", "Der Text geht weiter."]  # fmt: skip


def test_operative_parts_as_with_the_pattern_on_every_line() -> None:
    rnd = random.Random(6)
    for s in _strings(START_PHRASES, seed=6):
        text = "\n".join(rnd.choice([s, *START_PHRASES]) for _ in range(rnd.randrange(0, 8)))
        lines = lines_mod.build_lines(text).lines
        i0 = rnd.randrange(len(lines) + 1)
        i1 = rnd.randrange(i0, len(lines) + 1)
        assert obligations._operative(lines, i0, i1) == _operative_plain(lines, i0, i1), text


class _Everything(str):
    """A string that holds every word: the gates let everything through."""

    def __contains__(self, _: object) -> bool:
        return True


def test_deadline_gates_let_every_match_through(monkeypatch: pytest.MonkeyPatch) -> None:
    assert all(any(stem in m for stem in obligations._MONTH_STEMS)
               for m in obligations._MONTH_NAMES.split("|"))  # fmt: skip
    words = ["bis", "zum", "Ende", "Mitte", "Anfang", "Beginn", "des Jahres", "2024", "2019",
             "im", "ersten", "zweiten", "1.", "II.", "Quartal", "Halbjahr", "Jahreshälfte",
             "Jahresende", "März", "Maerz", "Sept", "September", "Jänner", "Juli", "Juni",
             "Dezember", "31.12.", "1.1.", "spätestens", "laufenden", "vom"]  # fmt: skip
    cases = []
    rnd = random.Random(7)
    for s in _strings(words, seed=7):
        a = rnd.randrange(-2, len(s) + 2)
        cases.append((s, a, rnd.randrange(-2, len(s) + 3), rnd.choice([None, "2023-05-17"])))

    def run(*args: object) -> object:
        try:
            return obligations._deadline(*args)  # type: ignore[arg-type]
        except KeyError as e:  # "ſeptember": the plain code fails alike
            return repr(e)

    fast = [run(*c) for c in cases]
    monkeypatch.setattr(obligations, "_lower", lambda s: _Everything(s))
    assert fast == [run(*c) for c in cases]


# ---------------------------------------------------------------- persons and names


def test_sentence_dot_as_the_pattern_finds_it() -> None:
    def plain(text: str, pos: int, end: int) -> int:
        for m in persons._SENT_DOT.finditer(text, pos, end):
            if m.group(1).casefold() not in persons._ABBREV:
                return m.end() - 1
        return end

    words = ["Dr.", "Prof.", "med.", "Fr.", "h.", "c.", "Dipl.", "Ing.", "Muster.", "ab.",
             "DR.", "Straße.", "İng.", "ſtr.", "Max", "."]  # fmt: skip
    rnd = random.Random(8)
    for s in _strings(words, seed=8):
        pos = rnd.randrange(len(s) + 1)
        end = rnd.randrange(pos, len(s) + 1)
        assert persons._sentence_dot(s, pos, end) == plain(s, pos, end), (s, pos, end)


def test_role_word_bounds_and_heads() -> None:
    words = [*persons._ROLE_STEMS, "Ober-Bürgermeister", "BÜRGERMEISTERIN", "in", "s", "²", "_"]
    for s in _strings(words, seed=9):
        rev = s[::-1]
        for _, i, e in persons._ROLE_STEM_AC.find_matches_as_indexes(s):
            assert persons._stem_word_bounds(s, rev, i, e) == persons._word_bounds(s, i), s
        low = s.lower()
        assert persons._is_head(low) == low.endswith(persons.HEAD_ENDINGS), s


def test_literal_anchors_never_overlap() -> None:
    lits = [lit for lit, _ in persons._LITERAL_ANCHORS]
    for a in lits:
        for b in lits:
            assert all(not a.endswith(b[:k]) for k in range(1, len(b))), (a, b)
            assert a == b or b not in a, (a, b)


def test_name_first_characters() -> None:
    for rx in (names._SALUTATION, names._ROLE, names._PARTICLE_RE, names._TITLE_PIECE,
               names._WORD):  # fmt: skip
        assert _first_chars(rx) <= names._NAME_FIRST, rx.pattern[:40]
    assert _first_chars(names._TITLE_PIECE) <= names._TITLE_FIRST
    assert _first_chars(names._SALUTATION) <= names._SALUTATION_FIRST
    assert _first_chars(names._ROLE) <= names._ROLE_FIRST
    assert _first_chars(names._PARTICLE_RE) <= names._PARTICLE_FIRST


class _All(frozenset):  # type: ignore[type-arg]
    def __contains__(self, _: object) -> bool:
        return True


def test_name_gates_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    words = ["Herr", "Frau", "Dr.", "Prof.", "Dr.med.", "h.c.", "Max", "Muster", "von", "der",
             "de la", "zu", "SPD", "AfD", "MÜLLER", "Ab", "Uhr", "Fr.", "Ing.", "Dipl.-Ing.",
             "Mag.", "Stadtrat", "Erste", "Beigeordnete", "stellv.", "bürgermeister",
             "Heyden-Hendricks", "O'Neill", "A-B", "Linke", "Grüne", "wird", "ÖZ"]  # fmt: skip
    cases = list(_strings(words, seed=10))
    rnd = random.Random(10)
    spans = [(rnd.randrange(len(s) + 1), rnd.random() < 0.3) for s in cases]

    def key(p: names.ParsedName | None) -> object:
        return None if p is None else (p, p.spans)

    def run() -> list[object]:
        return [key(names.match_person_name(s, pos, need_salutation=need))
                for s, (pos, need) in zip(cases, spans, strict=True)]  # fmt: skip

    fast = run()
    words_fast = [names._is_name_word(s) for s in cases]
    monkeypatch.setattr(names, "_NAME_FIRST", _All())
    for gate in ("_TITLE_FIRST", "_SALUTATION_FIRST", "_ROLE_FIRST", "_PARTICLE_FIRST"):
        monkeypatch.setattr(names, gate, _All())
    assert fast == run()

    def is_name_word_plain(w: str) -> bool:
        if w in names._STOP:
            return False
        letters = [c for c in w if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 4:
            return False
        return w != "AfD"

    assert words_fast == [is_name_word_plain(s) for s in cases]


# ---------------------------------------------------------------- split and paper header


def test_line_gates_match_where_their_patterns_do() -> None:
    strong = [conv.PAPER_TYPE_LINE, conv.MEETING_FIELD, conv.MEETING_TITLE_WORD, conv.PRESS_LINE]
    closing = [conv.CLOSING, conv.WEB_FOOTER]
    assert all(rx.flags & re.IGNORECASE for rx in strong + closing)
    words = sorted({w for rx in strong + closing for w in _words_of(rx)})
    words += ["Vorlage - VO/4680/2016", "Beginn: 19:00 Uhr", "3. Sitzung", "Vielen Dank"]
    for s in _strings(words, seed=11):
        for line in (s, s.split("\n")[0]):
            assert bool(_STRONG_LINE.match(line)) == any(rx.match(line) for rx in strong), line
            assert bool(_CLOSING_LINE.match(line)) == any(rx.match(line) for rx in closing), line


@pytest.mark.parametrize(
    ("rx", "first"),
    [
        (conv.AGENDA_SECTION, conv.AGENDA_SECTION_FIRST),
        (conv.CLOSING, conv.CLOSING_FIRST),
        (conv.WEB_FOOTER, conv.WEB_FOOTER_FIRST),
        (paper_header._ANNEX_LIST, paper_header._ANNEX_FIRST),
    ],
    ids=["AGENDA_SECTION", "CLOSING", "WEB_FOOTER", "ANNEX_LIST"],
)
def test_first_character_gates(rx: re.Pattern[str], first: frozenset[str]) -> None:
    assert _first_chars(rx) <= first
    for s in _strings([*_words_of(rx), "zu 3.1", "TOP 4", "danke schön", "Anlagen:"], seed=12):
        if rx.match(s):
            assert s[:1] in first, s


def test_name_at_gate_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    words = ["Herr", "Frau", "Dr.", "Max", "Muster", "von", "der", "Stadtrat", "Bürgermeister",
             "wird", "und", "(SPD)", "als", ",", "vom Sportverein", "Rederecht", "über"]  # fmt: skip
    cases = list(_strings(words, seed=13))
    rnd = random.Random(13)
    args = [(s, rnd.randrange(len(s) + 1), rnd.random() < 0.3) for s in cases]

    def run() -> list[object]:
        out: list[object] = []
        for s, pos, need in args:
            p = persons._name_at(s, pos, need_salutation=need)
            out.append(None if p is None else (p, p.spans))
        return out

    fast = run()
    monkeypatch.setattr(persons, "name_may_start", lambda s, pos: True)
    assert fast == run()
