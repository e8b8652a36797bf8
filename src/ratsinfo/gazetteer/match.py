"""Find place names in running text.

One pass over the capitalised words of the text (a dictionary look-up each, so 20 MB take
seconds), then decisions in context:

* A name that is also a German word ("Halle", "Wald", "Au") counts only with a type word in
  front ("Stadt Halle"), after "die Landkreise …", or in a list next to a place that counts
  ("Güstrow, Laage und Teltow"); a word that is lowercase in German ("essen", "weil") also
  counts capitalised after a place preposition ("in Essen", not "das Essen").
* A registration code counts only written as one: after "LK"/"Landkreis", next to a place
  in a list, or in a list of three codes.
* A name after "Herr", "Frau", "Dr.", "gez." (up to three words back) or a role
  ("Bürgermeister") is a person; so is one followed by a party in brackets. After an
  adjective of place ("Wiener Neustadt", "Magdeburger Börde") it is part of another name.
* Where a name fits several places ("Neustadt", "Werder"), the Länder of the places the
  text names unambiguously decide, then their Kreise, then nearness to them; a full name
  beats a short one ("Brandenburg" is the Land, not Brandenburg an der Havel); failing
  all that, a place must be clearly the largest, or the name is left out.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from .data import Place
from .index import CITY_KINDS, TYPE_PHRASES, TYPE_WORDS, Entry, Gazetteer, get_gazetteer, land_key
from .names import FOLD, fold

# A capitalised word, not preceded by a letter. The letter class comes first and the
# look-behind after it (spanning that letter): re then skips to candidate letters in C
# instead of trying the look-behind at every position (same matches, ~1.6x faster).
# The word's letters are read as German letters first (a bitmap test each) and only then
# as any letters (a Unicode look-up each): all are letters, so the word ends where
# ``[^\W\d_]*`` alone would end it (same matches, ~1.4x faster).
CAP = re.compile(r"[A-ZÄÖÜ](?<![^\W\d_].)[a-zäöüßA-ZÄÖÜ]*+[^\W\d_]*")
# Between the words of one name: a space, hyphen, slash, bracket or dot, one line break.
NEXT = re.compile(r"([ \t]*[-/(.]?[ \t]*(?:\n[ \t]*)?)([^\W\d_]+)")
LIST_SEP = re.compile(r"\s*(?:[,;/&]|und|oder|sowie|bzw\.?)(?:\s*(?:und|sowie|oder))?\s*")
PERSON_BEFORE = frozenset({
    "herr", "herrn", "frau", "hr", "fr", "dr", "prof", "familie", "kollege", "kollegin",
    "bürgermeister", "bürgermeisterin", "oberbürgermeister", "oberbürgermeisterin",
    "landrat", "landrätin", "stadtrat", "stadträtin", "stadtverordneter", "stadtverordnete",
    "beigeordneter", "beigeordnete", "dezernent", "dezernentin", "ortsvorsteher",
    "ortsvorsteherin", "gemeindevertreter", "gemeindevertreterin", "kreistagsmitglied",
    "ratsmitglied", "ratsherr", "ratsfrau", "stadtverordneten", "abgeordneter", "abgeordnete",
})
_HONORIFIC_WORDS = ("Herr", "Frau", "Hr.", "Fr.", "Dr.", "Prof.", "gez.", "i.A.", "i. A.",
                    "i.V.", "i. V.")
# Whether any of them occurs, in one call (a regex of literals; asked for every name).
_HONORIFIC_ANY = re.compile("|".join(re.escape(h) for h in _HONORIFIC_WORDS))
_NOT_ADJECTIVE = frozenset({
    "dieser", "jener", "welcher", "mancher", "solcher", "anderer", "unserer", "weiter",
    "hinter", "wieder", "sicher", "bisher", "daher", "ferner", "später", "früher", "zuvor",
})
PLACE_PREP = frozenset({"in", "aus", "nach", "bis", "zwischen"})
# "Frau Prof. Dr. Karin Schwarz": a title or salutation up to three words back.
_HONORIFIC = re.compile(
    r"(?:\b(?:Herrn?|Frau)|\b(?:Hr|Fr|Dr|Prof|gez)\.|\bi\.\s?[AV]\.)"
    r"(?:[ \t]+[A-ZÄÖÜ][\w\-]*\.?){0,3}[ \t]+$"
)
# Party names in brackets after a surname: "Werder (SPD)".
_PARTY = re.compile(
    r"[ \t]*\((?:SPD|CDU|CSU|FDP|AfD|BSW|ÖDP|FW|FWG|BVB|LINKE|Linke|Die Linke|DIE LINKE|"
    r"GRÜNE|Grüne|B90|B ?90/|Bündnis|Freie Wähler|parteilos|fraktionslos|Piraten|PARTEI)"
)


@dataclass(slots=True)
class Match:
    place: Place
    start: int
    end: int


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    entries: list[Entry]
    kinds: frozenset[str] | None
    status: str  # "ok", "pending", "no"
    code: bool = False
    text: str = ""  # the code as written
    plural: bool = False  # after "die Landkreise …": the list's next names are Landkreise too


_PLURAL = frozenset({
    "landkreise", "landkreisen", "kreise", "kreisen", "städte", "städten", "gemeinden",
    "nachbargemeinden", "bezirke", "länder", "bundesländer", "kreisfreie städte",
})


# The last words of the type phrases: only after one of them can a phrase stand.
_PHRASE_LAST = frozenset(p.rsplit(" ", 1)[1] for p in TYPE_PHRASES)


_Context4 = tuple[frozenset[str] | None, bool, str, str]
_NO_CONTEXT: _Context4 = (None, False, "", "")


def _context(before: str) -> _Context4:
    """What the last two words right before a name (only white space between them and it)
    say: the kinds of a type word ("Landkreis", "kreisfreie Stadt"), whether it is a plural
    one, and the last word if all letters ("" if not), as written and lowercased."""
    if not before or not before[-1].isspace():
        return _NO_CONTEXT
    # The last two of ``before.split()``, without splitting the rest of the context.
    toks = before.rsplit(None, 2)
    if not toks:
        return _NO_CONTEXT
    said, last = _WORD_CONTEXT.get(toks[-1]) or _word_context(toks[-1])
    if last and len(toks) >= 2:
        phrase = f"{toks[-2].rstrip('.')} {last}".lower()
        kinds = TYPE_PHRASES.get(phrase)
        if kinds is not None:
            return kinds, phrase in _PLURAL, said[2], said[3]
    return said


# What one word says as the last before a name, remembered per word (bounded like
# ``_wanted``'s memo): the same few words stand before names.
_WORD_CONTEXT: dict[str, tuple[_Context4, str]] = {}


def _word_context(tok: str) -> tuple[_Context4, str]:
    """``_context`` of a context ending in ``tok``, and the word (without its dots) if a
    type phrase may end in it, else ""."""
    last = tok.rstrip(".")
    low = last.lower()
    prev, prev_low = (last, low) if last.isalpha() else ("", "")
    kinds = TYPE_WORDS.get(low)
    said = (kinds, kinds is not None and low in _PLURAL, prev, prev_low)
    # A phrase's lowercase ends in its last word's lowercase: only then may it be one.
    got = (said, last if low in _PHRASE_LAST else "")
    if len(_WORD_CONTEXT) < _MEMO_MAX:
        _WORD_CONTEXT[tok] = got
    return got


def _positions(text: str, listed: list[str]) -> list[int]:
    """The start of each word of ``listed`` (capitalised words of ``text``, in order), without
    a Python step per word of the text; fewer if one is not found.

    ``CAP.findall`` lists all capitalised words in C; the few wanted ones are located with
    ``str.find`` from a cursor, skipping occurrences inside longer words ("Potsdamer").
    """
    starts: list[int] = []
    cursor, size, find = 0, len(text), text.find
    for w in listed:
        n = len(w)
        while True:
            i = find(w, cursor)
            if i < 0:
                return starts
            cursor = i + n
            if (i == 0 or not text[i - 1].isalpha()) and (
                cursor >= size or not text[cursor].isalpha()
            ):
                starts.append(i)
                break
    return starts


def _listed(words: list[str], g: Gazetteer) -> list[str]:
    """The candidate words among ``words``, in order (filtered in C)."""
    return list(filter(_wanted(words, g).__contains__, words))


_MEMO_MAX = 200_000


def _wanted(words: list[str], g: Gazetteer) -> set[str]:
    """The words that may start a place name or are registration codes."""
    # The same words come back in every text (and cooperation reports ask per paragraph):
    # remember the answer per word, within a bound so arbitrary input cannot grow it forever.
    # Two sets rather than a dict: the known words are sorted out in C.
    yes, no = g.word_starts, g.word_nonstarts
    uniq = set(words)
    wanted = uniq & yes
    for w in uniq - yes - no:  # (not difference(yes, no): that walks all of ``no``)
        hit = w in g.codes if (w.isupper() and len(w) <= 3) else fold(w) in g.first
        if len(yes) + len(no) < _MEMO_MAX:
            (yes if hit else no).add(w)
        if hit:
            wanted.add(w)
    return wanted


@dataclass(slots=True)
class _Prescan:
    """The candidate words of one whole text, found once: cooperation reports ask for the
    places of many stretches of the same file, which slice this list instead of re-reading."""

    text: str
    starts: list[int]
    words: list[str]
    # Whether the positions are exactly the capitalised words' (only then may a stretch
    # slice them; odd characters can make ``_positions`` disagree, then stretches re-read).
    exact: bool
    # The whole text's reading of each word it read (by start; _NO_NAME if it starts no
    # name), before the lists are linked, for stretches sliced from it. A stretch reads a
    # word alike if it has the same 40 characters before it (the word is 40 in, or the
    # stretch starts where the text does) and the name ends by the stretch's end: the
    # name's words then match alike, and a further word the whole text read starts past
    # the cut (which is no letter), so its match fails in the stretch. What failed on the
    # whole text fails on less of it (a party in brackets, a hyphen after the name); what
    # matched, and so rejected the name, might not: rejected names are not recorded.
    reads: dict[int, _Read | tuple[()]] = field(default_factory=dict)


_LETTER = re.compile(r"[^\W\d_]")
_last_prescan: _Prescan | None = None  # the current file's only: one slot, held by identity


def _prescan(text: str, g: Gazetteer) -> _Prescan:
    global _last_prescan
    pre = _last_prescan
    if pre is not None and pre.text is text:
        return pre
    listed = _listed(CAP.findall(text), g)
    starts = _positions(text, listed)
    # Every start is a capitalised word's (CAP.match) and there are as many as the wanted
    # words listed: then they are exactly those words' positions, in order. (``find`` put
    # ``w`` at ``i``: the match is ``w`` when it ends where ``w`` does.) A word between
    # ASCII neighbours (or the text's ends) needs no check: ``find`` saw no letter beside
    # it, and ASCII has no other word characters of CAP's letter class.
    match = CAP.match
    exact = len(starts) == len(listed) and all(
        (text[i - 1 : i].isascii() and text[i + len(w) : i + len(w) + 1].isascii())
        or ((m := match(text, i)) is not None and m.end() == i + len(w))
        for i, w in zip(starts, listed, strict=True)
    )
    pre = _Prescan(text, starts, listed if exact else listed[: len(starts)], exact)
    _last_prescan = pre
    return pre


def _letter_at(text: str, i: int) -> bool:
    if not 0 <= i < len(text):
        return False
    c = text[i]
    # ASCII word characters that are not letters are digits and "_": no regex for those.
    return c.isalpha() or (not c.isascii() and _LETTER.match(c) is not None)


def _candidates(text: str, lo: int, hi: int, g: Gazetteer
                ) -> tuple[list[int], list[str], dict[int, _Read | tuple[()]] | None]:
    """Starts and words of the candidate words of ``text[lo:hi]``, in ``text``'s coordinates,
    exactly as a scan of the slice alone finds them; and the whole text's readings of them
    if these are the whole text's words (None if re-read)."""
    pre = _prescan(text, g)
    if lo == 0 and hi == len(text):
        # The whole text: the reading is the text's own, whether exact or not.
        return pre.starts, pre.words, pre.reads
    # A stretch that cuts a word would see a different first or last word: read it anew.
    if (pre.exact
            and not _letter_at(text, lo - 1) and not _letter_at(text, hi)):
        i, j = bisect.bisect_left(pre.starts, lo), bisect.bisect_left(pre.starts, hi)
        return pre.starts[i:j], pre.words[i:j], pre.reads
    seg = text[lo:hi]
    listed = _listed(CAP.findall(seg), g)
    starts = _positions(seg, listed)
    return [lo + i for i in starts], listed[: len(starts)], None


def _scan(text: str, g: Gazetteer, lo: int, hi: int) -> list[_Raw]:
    """The candidate names of ``text[lo:hi]``, read as if the slice were all the text."""
    out: list[_Raw] = []
    consumed = lo
    first, by_key, longer, word_keys = g.first, g.by_key, g.longer, g.word_keys
    starts, words, reads = _candidates(text, lo, hi, g)
    # The whole text records its readings; a stretch sliced from it reuses those that cannot
    # differ (see _Prescan.reads).
    record = lo == 0 and hi == len(text)
    for s, word in zip(starts, words, strict=True):
        if s < consumed:
            continue
        if reads is not None and not record:
            got = reads.get(s)
            if got is not None:
                if not got:
                    continue  # no name
                if hi >= got[0] and (lo == 0 or 0 < lo <= s - 40):
                    out.append(_Raw(s, *got))
                    if not got[4]:
                        consumed = got[0]
                    continue
        wend = s + len(word)
        last = word_keys.get(word)
        if last is None:
            last = _word_key(word, g)
        if last is True:
            kinds = _context(text[max(lo, s - 40) : s])[0]
            ok = kinds is not None and "Kreis" in kinds
            read: _Read = (wend, g.code_entries[word], kinds, "ok" if ok else "pending", True,
                           word, False)
            out.append(_Raw(s, *read))
            if record and reads is not None:
                reads[s] = read
            continue
        if last is False:
            continue
        # The longest name the next words make. Reading stops where no longer name goes on
        # with the words read (``g.longer``): a name's words are never read past need.
        key = pref = last
        entries, end, paren_end = by_key.get(key), wend, False
        p, paren = wend, False
        for _ in range(first[key] - 1):
            n = NEXT.match(text, p, hi)
            if not n:
                break
            sep = n.group(1)
            # A dot joins only abbreviations ("St. Wendel", "a.d.Waldnaab"), never two
            # sentences ("in Brandenburg. An der Havel …").
            if not sep or ("." in sep and len(last) > 3):
                break
            last = n.group(2).lower()
            last = FOLD.get(last, last)
            pref = f"{pref} {last}"
            p = n.end()
            paren = paren or "(" in sep
            hit = by_key.get(pref)
            if hit:
                key, entries, end, paren_end = pref, hit, p, paren
            if pref not in longer:
                break
        if not entries:
            if record and reads is not None:
                reads[s] = _NO_NAME
            continue
        if paren_end and text.startswith(")", end, hi):
            end += 1
        consumed = end
        read = _decide(text, g, s, end, key, entries, lo, hi)
        out.append(_Raw(s, *read))
        # A rejected name is not recorded: its reasons may lie past a stretch's end.
        if record and reads is not None and read[3] != "no":
            reads[s] = read
    return out


def _word_key(word: str, g: Gazetteer) -> str | bool:
    """A candidate word's key, or for a code-shaped word (upper case, up to three letters)
    whether it is read as a registration code (not one letter, not a type word: "LK").
    Remembered per word like ``_wanted``'s answers (the same words come back)."""
    if word.isupper() and len(word) <= 3:
        got: str | bool = len(word) >= 2 and word.lower() not in TYPE_WORDS
    else:
        got = fold(word)
    if len(g.word_keys) < _MEMO_MAX:
        g.word_keys[word] = got
    return got


# A name's reading before the lists are linked: the fields of its _Raw after ``start``
# (end, entries, kinds, status, code, text as written for a code, plural).
_Read = tuple[int, list[Entry], frozenset[str] | None, str, bool, str, bool]
_NO_NAME: tuple[()] = ()  # in _Prescan.reads: the word starts no name


def _decide(text: str, g: Gazetteer, s: int, end: int, key: str, entries: list[Entry],
            lo: int, hi: int) -> _Read:
    before = text[max(lo, s - 40) : s]
    kinds, plural, prev, prev_low = _context(before)
    if prev_low in PERSON_BEFORE or _PARTY.match(text, end, hi) or (
        _HONORIFIC_ANY.search(before) and _HONORIFIC.search(before)
    ):
        return end, entries, kinds, "no", False, "", plural
    # Part of a longer proper name: "Wiener Neustadt", "Magdeburger Börde".
    if (kinds is None and prev[:1].isupper() and prev.endswith("er") and len(prev) >= 6
            and prev_low not in _NOT_ADJECTIVE):
        return end, entries, kinds, "no", False, "", plural
    if kinds is not None:
        if _summary(g, entries, kinds)[1]:
            return end, entries, kinds, "ok", False, "", plural
        kinds = None
    info = g.key_info.get(key)
    if info is None:  # asked for every name, the same few keys: one look-up once known
        info = g.key_info[key] = (g.only_regierungsbezirk(key), g.ambiguous.get(key))
    only_rb, level = info
    # Regierungsbezirke only with their type word (Bavaria's are everyday names).
    if only_rb:
        return end, entries, kinds, "no", False, "", plural
    if level is None:
        return end, entries, kinds, "ok", False, "", plural
    # Part of a compound ("Halle-Nutzung", "Sport-Halle") is not the place.
    if text.startswith("-", end, hi) or (s > lo and text[s - 1] == "-"):
        return end, entries, kinds, "no", False, "", plural
    # A lowercase word capitalised after a place preposition is the place: "in Essen".
    if level == "W" and text[s + 1 : end].islower() and prev in PLACE_PREP:
        return end, entries, kinds, "ok", False, "", plural
    return end, entries, kinds, "pending", False, "", plural


_Summary = tuple[list[Entry], list[Entry], tuple[str, ...], str | None, tuple[float, float] | None]


def _summary(g: Gazetteer, entries: list[Entry], kinds: frozenset[str] | None) -> _Summary:
    """(entries, ``g.rank(entries, None, kinds)``, the one Land of the candidates (or none),
    their one Kreis (or None), the position of the only candidate): what the context takes
    from an accepted name. The same names come back in every text, so it is made once per
    entry list and kinds; the index's lists live as long as the index, and the memo holds
    the list it is keyed on, so its id stays its own. The ranked list is shared: read only."""
    k = (id(entries), kinds)
    hit = g.rank_memo.get(k)
    if hit is not None and hit[0] is entries:
        return hit
    places = g.places
    ranked = g.rank(entries, None, kinds)
    cands = ranked or entries
    lands = {places[e.place].land_key for e in cands}
    kreise = {places[e.place].kreis_key for e in cands}
    kreis = kreise.pop() if len(kreise) == 1 else None
    pos = None
    if len(cands) == 1 and (p := places[cands[0].place]).lat is not None:
        pos = (p.lat, p.lon or 0.0)
    hit = (entries, ranked, tuple(lands) if len(lands) == 1 else (), kreis or None, pos)
    g.rank_memo[k] = hit
    return hit


def _link_lists(text: str, raws: list[_Raw], g: Gazetteer) -> None:
    """Pending names next to accepted ones in a list are accepted; repeat until stable."""
    if len(raws) < 2:
        return  # no neighbours (every rule below links two names)
    # "den Landkreisen Havelland, Ostprignitz-Ruppin und Stendal": one type word for all.
    for a, b in itertools.pairwise(raws):
        if (a.plural and b.kinds is None and a.status != "no" and b.status != "no"
                and LIST_SEP.fullmatch(text, a.end, b.start)
                and _summary(g, b.entries, a.kinds)[1]):
            b.kinds, b.plural, b.status = a.kinds, True, "ok" if a.status == "ok" else b.status
        # "LK OPR, PR und HVL": the type word covers the codes listed after it.
        elif (a.code and b.code and a.kinds is not None and a.status == "ok"
              and b.status == "pending" and LIST_SEP.fullmatch(text, a.end, b.start)):
            b.kinds, b.status = a.kinds, "ok"
    # A list of registration codes alone ("PM, HVL, TF") stands for itself. Whether a name
    # is a listable code cannot change before the run reaches it: listed up front.
    run: list[_Raw] = []
    prev = -2
    for i in [i for i, r in enumerate(raws) if _listable_code(r)]:
        r = raws[i]
        if not (run and i == prev + 1 and LIST_SEP.fullmatch(text, run[-1].end, r.start)):
            if len(run) >= 3:
                for c in run:
                    c.status = "ok"
            run = []
        run.append(r)
        prev = i
    if len(run) >= 3:
        for c in run:
            c.status = "ok"
    # A chain of list items reaches back and forth from an accepted one: one sweep each
    # way (linear, however long the list). Only pending names change, each when the sweep
    # is at it, so each sweep visits the names pending when it starts.
    n = len(raws)
    for i in [i for i, r in enumerate(raws) if r.status == "pending" and i > 0]:
        r, other = raws[i], raws[i - 1]
        if other.status == "ok" and _may_link(g, r, other) and LIST_SEP.fullmatch(
            text, other.end, r.start
        ):
            r.status = "ok"
    for i in [i for i, r in enumerate(raws) if r.status == "pending" and i < n - 1][::-1]:
        r, other = raws[i], raws[i + 1]
        if other.status == "ok" and _may_link(g, r, other) and LIST_SEP.fullmatch(
            text, r.end, other.start
        ):
            r.status = "ok"


def _may_link(g: Gazetteer, r: _Raw, other: _Raw) -> bool:
    """Whether pending ``r`` may join accepted ``other`` in a list: a code only a listable
    one, beside a code or a district."""
    return not r.code or (_listable_code(r) and (other.code or _is_district(g, other)))


# Council abbreviations that are also registration codes: "OB" (Oberbürgermeister, not
# Oberhausen), "BM", "FB", "HA", "EU" … — codes only after "LK"/"Landkreis".
_COMMON_ABBR = frozenset({
    "EU", "OB", "BM", "GF", "FB", "HA", "BA", "KT", "AZ", "TO", "SB", "ST", "RA", "PR", "SG",
    "SR", "DS", "WB", "GR", "BR", "UN", "SE", "SO", "ES", "DA", "AS", "AN", "WE", "PA", "KA",
    "MA", "LB", "RE", "BE", "GE", "ER", "NE", "OS", "SU", "WO", "BO", "AB", "HR", "LA", "KV",
})


def _listable_code(r: _Raw) -> bool:
    return r.code and r.status == "pending" and r.text not in _COMMON_ABBR


def _is_district(g: Gazetteer, r: _Raw) -> bool:
    return any(g.places[e.place].kind in ("Kreis", "kreisfreie Stadt") for e in r.entries)


@dataclass(slots=True)
class _Context:
    land_w: dict[str, int]
    kreis_w: dict[str, int]
    centre: tuple[float, float] | None  # mean position of the unambiguous mentions


def _dist2(p: Place, c: tuple[float, float]) -> float:
    if p.lat is None or p.lon is None:
        return float("inf")
    # Degrees of longitude are ~0.64 of a degree of latitude at German latitudes.
    return (p.lat - c[0]) ** 2 + (0.64 * (p.lon - c[1])) ** 2


def _choose(g: Gazetteer, r: _Raw, ctx: _Context, by_kind: list[Entry]) -> Place | None:
    """``by_kind`` is ``g.rank(r.entries, None, r.kinds)`` (the caller has it already; shared,
    so sorted here only as a copy)."""
    if len(by_kind) == 1:
        return g.places[by_kind[0].place]  # the only candidate, whatever the context says
    land_w, kreis_w = ctx.land_w, ctx.kreis_w
    ranked = list(by_kind) if by_kind else g.rank(r.entries)
    if not ranked:
        return None
    places = g.places
    # A Land's name is the Land ("Sachsen", not a village of that name elsewhere).
    for e in ranked:
        if places[e.place].kind == "Land" and not e.short and not r.code:
            return places[e.place]
    top_w = max(land_w.values(), default=0)

    def score(e: Entry) -> tuple[int, bool, int]:
        p = places[e.place]
        w = land_w.get(p.land_key, 0)
        if not e.short and p.population >= 100_000 and p.kind in CITY_KINDS:
            w = max(w, top_w)  # a large city named in full needs no context
        return (-w, e.short, _kind_rank(p))

    ranked.sort(key=lambda e: (score(e), -places[e.place].population))
    if len(ranked) == 1 or score(ranked[0]) != score(ranked[1]):
        return places[ranked[0].place]
    tied = [e for e in ranked if score(e) == score(ranked[0])]
    kw = sorted(tied, key=lambda e: -kreis_w.get(places[e.place].kreis_key or "", 0))
    k0 = kreis_w.get(places[kw[0].place].kreis_key or "", 0)
    if k0 and k0 > kreis_w.get(places[kw[1].place].kreis_key or "", 0):
        return places[kw[0].place]
    # The one clearly nearest to the other places the text names.
    centre = ctx.centre
    if centre is not None:
        by_d = sorted(tied, key=lambda e: _dist2(places[e.place], centre))
        d0, d1 = (_dist2(places[e.place], centre) for e in by_d[:2])
        if d0 * 4 < d1:  # half the distance
            return places[by_d[0].place]
    # Otherwise only a clearly larger city: "Frankfurt" is Frankfurt am Main.
    a, b = places[tied[0].place].population, places[tied[1].place].population
    if (a >= 50_000 and a >= 5 * max(b, 1)) or (a >= 20_000 and a >= 10 * max(b, 1)):
        return places[tied[0].place]
    return None


# Same-named cities compete on context and size, whether kreisfrei or not.
_CHOICE_RANK = {"Land": 0, "kreisfreie Stadt": 1, "Gemeinde": 1, "Bezirk": 2, "Kreis": 3,
                "Regierungsbezirk": 4}


def _kind_rank(p: Place) -> int:
    return _CHOICE_RANK[p.kind]


def find_places(text: str, land: str | None = None) -> list[Match]:
    """Every accepted place mention in ``text``, in order (repeats included)."""
    return find_places_in(text, 0, len(text), land)


def find_places_in(text: str, lo: int, hi: int, land: str | None = None) -> list[Match]:
    """``find_places(text[lo:hi], land)`` with spans in ``text``: the same mentions, but a
    stretch of the text last read whole reuses that reading's word look-ups."""
    g = get_gazetteer()
    raws = _scan(text, g, lo, hi)
    if not raws:
        return []  # most stretches of a cooperation report name no place
    _link_lists(text, raws, g)
    land_w: dict[str, int] = {}  # plain dicts: a Counter costs more to make than to use here
    kreis_w: dict[str, int] = {}
    lk = land_key(land)
    if lk:
        land_w[lk] = 1000
    lat = lon = 0.0
    n = 0
    accepted: list[tuple[_Raw, list[Entry]]] = []  # with the ranked entries, for _choose
    for r in raws:
        if r.status != "ok":
            continue
        _, ranked, lands, kreis, pos = _summary(g, r.entries, r.kinds)
        accepted.append((r, ranked))
        if lands:
            land_w[lands[0]] = land_w.get(lands[0], 0) + 1
        if kreis:
            kreis_w[kreis] = kreis_w.get(kreis, 0) + 1
        if pos is not None:
            lat, lon, n = lat + pos[0], lon + pos[1], n + 1
    ctx = _Context(land_w, kreis_w, (lat / n, lon / n) if n else None)
    out: list[Match] = []
    places = g.places
    for r, ranked in accepted:
        # The only candidate needs no context (as _choose would find, without the call).
        p = places[ranked[0].place] if len(ranked) == 1 else _choose(g, r, ctx, ranked)
        if p is not None:
            out.append(Match(p, r.start, r.end))
    return out
