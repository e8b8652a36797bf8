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
from dataclasses import dataclass

from .data import Place
from .index import CITY_KINDS, TYPE_PHRASES, TYPE_WORDS, Entry, Gazetteer, get_gazetteer, land_key
from .names import fold

# A capitalised word, not preceded by a letter. The letter class comes first and the
# look-behind after it (spanning that letter): re then skips to candidate letters in C
# instead of trying the look-behind at every position (same matches, ~1.6x faster).
CAP = re.compile(r"[A-ZÄÖÜ](?<![^\W\d_].)[^\W\d_]*")
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


def _last_words(before: str) -> list[str]:
    """The last two words right before a name (only white space between them and it)."""
    if not before or not before[-1].isspace():
        return []
    return [t.rstrip(".") for t in before.split()[-2:]]


def _type_of(toks: list[str]) -> tuple[frozenset[str] | None, bool]:
    if not toks:
        return None, False
    if len(toks) == 2:
        phrase = f"{toks[0]} {toks[1]}".lower()
        if phrase in TYPE_PHRASES:
            return TYPE_PHRASES[phrase], phrase in _PLURAL
    word = toks[-1].lower()
    if word in TYPE_WORDS:
        return TYPE_WORDS[word], word in _PLURAL
    return None, False


def _kinds_before(before: str) -> frozenset[str] | None:
    return _type_of(_last_words(before))[0]


def _positions(text: str, words: list[str], wanted: set[str]):  # type: ignore[no-untyped-def]
    """(start, word) of each token in ``wanted``, in order, without a Python step per token.

    ``CAP.findall`` lists all capitalised words in C; the few wanted ones are located with
    ``str.find`` from a cursor, skipping occurrences inside longer words ("Potsdamer").
    """
    cursor = 0
    for w in words:
        if w not in wanted:
            continue
        n = len(w)
        while True:
            i = text.find(w, cursor)
            if i < 0:
                return
            cursor = i + n
            if (i == 0 or not text[i - 1].isalpha()) and (
                cursor >= len(text) or not text[cursor].isalpha()
            ):
                yield i, w
                break


_MEMO_MAX = 200_000


def _wanted(words: list[str], g: Gazetteer) -> set[str]:
    """The words that may start a place name or are registration codes."""
    # The same words come back in every text (and cooperation reports ask per paragraph):
    # remember the answer per word, within a bound so arbitrary input cannot grow it forever.
    memo = g.word_starts
    wanted: set[str] = set()
    for w in set(words):
        hit = memo.get(w)
        if hit is None:
            hit = w in g.codes if (w.isupper() and len(w) <= 3) else fold(w) in g.first
            if len(memo) < _MEMO_MAX:
                memo[w] = hit
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


_LETTER = re.compile(r"[^\W\d_]")
_last_prescan: _Prescan | None = None  # the current file's only: one slot, held by identity


def _prescan(text: str, g: Gazetteer) -> _Prescan:
    global _last_prescan
    pre = _last_prescan
    if pre is not None and pre.text is text:
        return pre
    words = CAP.findall(text)
    wanted = _wanted(words, g)
    found = list(_positions(text, words, wanted))
    # Every yield is a capitalised word's start (CAP.match) and there are as many as the
    # wanted words listed: then they are exactly those words' positions, in order.
    exact = sum(map(wanted.__contains__, words)) == len(found) and all(
        (m := CAP.match(text, i)) is not None and m.group() == w for i, w in found
    )
    pre = _Prescan(text, [i for i, _ in found], [w for _, w in found], exact)
    _last_prescan = pre
    return pre


def _letter_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalpha() or _LETTER.match(text, i) is not None)


def _candidates(text: str, lo: int, hi: int, g: Gazetteer) -> list[tuple[int, str]]:
    """(start, word) of the candidate words of ``text[lo:hi]``, in ``text``'s coordinates,
    exactly as a scan of the slice alone finds them."""
    pre = _prescan(text, g)
    # A stretch that cuts a word would see a different first or last word: read it anew.
    if (pre.exact
            and not _letter_at(text, lo - 1) and not _letter_at(text, hi)):
        i, j = bisect.bisect_left(pre.starts, lo), bisect.bisect_left(pre.starts, hi)
        return list(zip(pre.starts[i:j], pre.words[i:j], strict=True))
    seg = text[lo:hi]
    words = CAP.findall(seg)
    return [(lo + i, w) for i, w in _positions(seg, words, _wanted(words, g))]


def _scan(text: str, g: Gazetteer, lo: int, hi: int) -> list[_Raw]:
    """The candidate names of ``text[lo:hi]``, read as if the slice were all the text."""
    out: list[_Raw] = []
    consumed = lo
    for s, word in _candidates(text, lo, hi, g):
        if s < consumed:
            continue
        wend = s + len(word)
        if word.isupper() and len(word) <= 3:
            if word.lower() not in TYPE_WORDS and len(word) >= 2:
                kinds = _kinds_before(text[max(lo, s - 40) : s])
                entries = g.code_entries[word]
                ok = kinds is not None and kinds & {"Kreis"}
                out.append(_Raw(s, wend, entries, kinds, "ok" if ok else "pending", True, word))
            continue
        w0 = fold(word)
        maxlen = g.first[w0]
        keys, ends, paren = [w0], [wend], [False]
        p = wend
        for _ in range(maxlen - 1):
            n = NEXT.match(text, p, hi)
            # A dot joins only abbreviations ("St. Wendel", "a.d.Waldnaab"), never two
            # sentences ("in Brandenburg. An der Havel …").
            if not n or not n.group(1) or ("." in n.group(1) and len(keys[-1]) > 3):
                break
            keys.append(fold(n.group(2)))
            ends.append(n.end())
            paren.append(paren[-1] or "(" in n.group(1))
            p = n.end()
        for k in range(len(keys), 0, -1):
            key = " ".join(keys[:k])
            entries = g.by_key.get(key)
            if not entries:
                continue
            end = ends[k - 1]
            if paren[k - 1] and text.startswith(")", end, hi):
                end += 1
            consumed = end
            out.append(_decide(text, g, s, end, key, entries, lo, hi))
            break
    return out


def _decide(text: str, g: Gazetteer, s: int, end: int, key: str, entries: list[Entry],
            lo: int, hi: int) -> _Raw:
    before = text[max(lo, s - 40) : s]
    toks = _last_words(before)
    kinds, plural = _type_of(toks)
    prev = toks[-1] if toks and toks[-1].isalpha() else ""
    raw = _Raw(s, end, entries, kinds, "ok", plural=plural)
    if prev.lower() in PERSON_BEFORE or _PARTY.match(text, end, hi) or (
        _HONORIFIC_ANY.search(before) and _HONORIFIC.search(before)
    ):
        raw.status = "no"
        return raw
    # Part of a longer proper name: "Wiener Neustadt", "Magdeburger Börde".
    if (kinds is None and prev[:1].isupper() and prev.endswith("er") and len(prev) >= 6
            and prev.lower() not in _NOT_ADJECTIVE):
        raw.status = "no"
        return raw
    if kinds is not None:
        if g.rank(entries, None, kinds):
            return raw
        raw.kinds = None
    # Regierungsbezirke only with their type word (Bavaria's are everyday names).
    if g.only_regierungsbezirk(key):
        raw.status = "no"
        return raw
    level = g.ambiguous.get(key)
    if level is None:
        return raw
    # Part of a compound ("Halle-Nutzung", "Sport-Halle") is not the place.
    if text.startswith("-", end, hi) or (s > lo and text[s - 1] == "-"):
        raw.status = "no"
        return raw
    # A lowercase word capitalised after a place preposition is the place: "in Essen".
    if level == "W" and text[s + 1 : end].islower() and prev in PLACE_PREP:
        return raw
    raw.status = "pending"
    return raw


def _link_lists(text: str, raws: list[_Raw], g: Gazetteer) -> None:
    """Pending names next to accepted ones in a list are accepted; repeat until stable."""
    # "den Landkreisen Havelland, Ostprignitz-Ruppin und Stendal": one type word for all.
    for a, b in itertools.pairwise(raws):
        if (a.plural and b.kinds is None and a.status != "no" and b.status != "no"
                and LIST_SEP.fullmatch(text, a.end, b.start)
                and g.rank(b.entries, None, a.kinds)):
            b.kinds, b.plural, b.status = a.kinds, True, "ok" if a.status == "ok" else b.status
        # "LK OPR, PR und HVL": the type word covers the codes listed after it.
        elif (a.code and b.code and a.kinds is not None and a.status == "ok"
              and b.status == "pending" and LIST_SEP.fullmatch(text, a.end, b.start)):
            b.kinds, b.status = a.kinds, "ok"
    # A list of registration codes alone ("PM, HVL, TF") stands for itself.
    run: list[_Raw] = []
    for r in [*raws, None]:
        if r is not None and _listable_code(r) and (
            not run or LIST_SEP.fullmatch(text, run[-1].end, r.start)
        ):
            run.append(r)
            continue
        if len(run) >= 3:
            for c in run:
                c.status = "ok"
        run = [r] if r is not None and _listable_code(r) else []
    # A chain of list items reaches back and forth from an accepted one: one sweep each
    # way (linear, however long the list).
    n = len(raws)
    for order in (range(1, n), range(n - 2, -1, -1)):
        for i in order:
            r = raws[i]
            other = raws[i - 1] if order.step == 1 else raws[i + 1]
            if r.status != "pending" or other.status != "ok":
                continue
            if r.code and not (_listable_code(r) and (other.code or _is_district(g, other))):
                continue
            a, b = (other, r) if order.step == 1 else (r, other)
            if LIST_SEP.fullmatch(text, a.end, b.start):
                r.status = "ok"


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
    """``by_kind`` is ``g.rank(r.entries, None, r.kinds)`` (the caller has it already)."""
    land_w, kreis_w = ctx.land_w, ctx.kreis_w
    ranked = by_kind or g.rank(r.entries)
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
    _link_lists(text, raws, g)
    land_w: dict[str, int] = {}  # plain dicts: a Counter costs more to make than to use here
    kreis_w: dict[str, int] = {}
    lk = land_key(land)
    if lk:
        land_w[lk] = 1000
    lat = lon = 0.0
    n = 0
    by_kind: list[list[Entry]] = []  # per accepted raw, for _choose
    for r in raws:
        if r.status != "ok":
            continue
        ranked = g.rank(r.entries, None, r.kinds)
        by_kind.append(ranked)
        cands = ranked or r.entries
        lands = {g.places[e.place].land_key for e in cands}
        if len(lands) == 1:
            lk1 = lands.pop()
            land_w[lk1] = land_w.get(lk1, 0) + 1
        kreise = {g.places[e.place].kreis_key for e in cands}
        if len(kreise) == 1 and (k := kreise.pop()):
            kreis_w[k] = kreis_w.get(k, 0) + 1
        if len(cands) == 1 and (p := g.places[cands[0].place]).lat is not None:
            lat, lon, n = lat + p.lat, lon + (p.lon or 0.0), n + 1
    ctx = _Context(land_w, kreis_w, (lat / n, lon / n) if n else None)
    out: list[Match] = []
    ok = (r for r in raws if r.status == "ok")
    for r, ranked in zip(ok, by_kind, strict=True):
        p = _choose(g, r, ctx, ranked)
        if p is not None:
            out.append(Match(p, r.start, r.end))
    return out
