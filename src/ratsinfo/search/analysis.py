"""German analysis: the one analyzer that both indexing and queries go through.

A word becomes one *main* term (lowercased, Snowball-German stem, umlauts folded so that
ä/ae, ö/oe, ü/ue and ß/ss meet) and, when it is a compound, *part* terms (the stems of its
parts). Main terms keep their positions, stop words included, so phrases work; parts go to
a field of their own so they never shift positions. Drucksache numbers ("12/ABC/0345",
"12-ABC-0345") stay one token in a canonical spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from ratsinfo.search.words_de import WORDS

# A Drucksache number: groups of digits or letters joined by "/" (or "-"), at least one
# group of digits and one separator, e.g. 12/ABC/0345, VO/2023/0123, 0815/2023, 12-ABC-0345.
_REF = r"(?:[A-Za-zÄÖÜäöü]{1,8}|\d{1,6})(?:[/-](?:[A-Za-zÄÖÜäöü]{1,8}|\d{1,6})){1,3}"
# Plain words first and without backtracking (the common case), then numbers, then the rest.
TOKEN_RE = re.compile(rf"\w++(?![/-]\w)|(?<![\w/-]){_REF}(?![\w/])|\w+", re.UNICODE)
_REF_RE = re.compile(rf"^{_REF}$")
# The fast path of tokenizing (indexing): ASCII characters that can never be inside a token
# become spaces in one C-level pass, str.split does the rest. A piece that is not all letters
# and digits (a "/" or "-", "_", non-ASCII punctuation) goes through TOKEN_RE; its neighbours
# are whitespace, which TOKEN_RE's look-arounds treat like the string's ends, so the result
# equals TOKEN_RE.findall on the whole text (\w is exactly str.isalnum plus "_").
_BLANK_ASCII = bytes(c if (chr(c).isalnum() or chr(c) in "_/-" or c >= 128) else 32 for c in range(256))
_HAS_DIGIT = re.compile(r"\d")

STOP_WORDS = frozenset(
    ["aber", "alle", "als", "also", "am", "an", "auch", "auf", "aus", "bei", "bis", "da", "damit", "dann", "das", "dass", "dem", "den", "der", "des", "die", "dies", "diese", "dieser", "dieses", "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "für", "hat", "hatte", "hier", "ich", "ihr", "im", "in", "ist", "ja", "kein", "man", "mit", "nach", "nicht", "noch", "nur", "oder", "ob", "sich", "sie", "sind", "so", "über", "um", "und", "uns", "unter", "vom", "von", "vor", "war", "was", "wenn", "wer", "wie", "wir", "wird", "wo", "zu", "zum", "zur"]
)

MIN_COMPOUND = 7  # shorter words are rarely compounds worth splitting
MIN_PART = 3
LINKS = ("", "s", "es", "n", "en", "e", "er")  # Fugenelemente between compound parts

_stemmer = Stemmer.Stemmer("german")
_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_DIGRAPH = re.compile(r"(?<!q)(ae|oe|ue)")


def fold(word: str) -> str:
    """Lowercase; ä→a, ae→a, ö→o, oe→o, ü→u, ue→u (not in "que"), ß→ss."""
    w = word.lower().translate(_UMLAUT)
    return _DIGRAPH.sub(lambda m: m.group(1)[0], w)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The main term of one word: stem first (Snowball knows ä and ß), then fold."""
    w = word.lower()
    if w.isdigit():
        return w.lstrip("0") or "0"
    return fold(_stemmer.stemWord(w))


def normalize_reference(token: str) -> str:
    """"12/ABC/0345", "12-abc-345" → "12/abc/345"."""
    parts = re.split(r"[/-]", token.lower())
    return "/".join(p.lstrip("0") or "0" if p.isdigit() else fold(p) for p in parts)


def is_reference(token: str) -> bool:
    return bool(_REF_RE.match(token) and _HAS_DIGIT.search(token) and ("/" in token or _hyphen_ref(token)))


def _hyphen_ref(token: str) -> bool:
    # "12-ABC-0345" is a number; "Bürger-Haushalt" and "2023-01" are not.
    parts = token.split("-")
    return len(parts) >= 3 and any(p.isalpha() for p in parts)


def pieces(text: str) -> list[str]:
    """The text split at whitespace and ASCII punctuation that is never inside a token:
    each piece is one token or (with "/", "-", "_" or non-ASCII punctuation) a few."""
    return text.encode("utf-8", "surrogatepass").translate(_BLANK_ASCII).decode("utf-8", "surrogatepass").split()


def tokenize(text: str) -> list[str]:
    """The tokens of a text, as ``TOKEN_RE.findall(text)``, about a third faster."""
    pieces = text.encode("utf-8", "surrogatepass").translate(_BLANK_ASCII).decode("utf-8", "surrogatepass").split()
    if all(map(str.isalnum, pieces)):
        return pieces
    out: list[str] = []
    for piece in pieces:
        if piece.isalnum():
            out.append(piece)
        else:
            out.extend(TOKEN_RE.findall(piece))
    return out


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    surface: str
    term: str
    parts: tuple[str, ...]


class Analyzer:
    """Tokenizer + stemmer + decompounder. ``vocabulary`` holds folded surface words the
    decompounder may split against (the shipped list plus what the index has seen).

    Indexing speed lives in ``terms``: each distinct surface word is analysed once, then a
    text's main terms are one C-level ``map`` over a dict and its parts a set intersection.
    """

    MAX_CACHE = 1_000_000  # distinct surface words kept; a cleared cache only costs time

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self.vocabulary: set[str] = {fold(w) for w in WORDS}
        self.vocabulary.update(vocabulary)
        self._main: dict[str, str] = {}  # surface → main term (independent of the vocabulary)
        self._parts: dict[str, tuple[str, ...]] = {}  # surface → parts, only when there are some
        self._done: set[str] = set()  # surfaces whose parts are known for this vocabulary
        self._compounds: set[str] = set()  # the keys of _parts (set ∩ set walks the smaller)
        # The same per piece (see ``pieces``) for ``joined_terms``: piece → its main terms
        # space-joined (the pieces known for this vocabulary), piece → its part terms.
        self._pmain: dict[str, str] = {}
        self._pparts: dict[str, frozenset[str]] = {}
        self._pcompounds: set[str] = set()

    def add_vocabulary(self, words: Iterable[str]) -> int:
        """Teach the decompounder words (folded surface forms); returns how many were new."""
        before = len(self.vocabulary)
        self.vocabulary.update(w for w in words if len(w) >= 4 and w.isalpha())
        if len(self.vocabulary) != before:
            # main terms stay valid; only the splits may change
            self._parts, self._done, self._compounds = {}, set(), set()
            self._pmain, self._pparts, self._pcompounds = {}, {}, set()
        return len(self.vocabulary) - before

    def _trim(self) -> None:
        if len(self._main) > self.MAX_CACHE or len(self._pmain) > self.MAX_CACHE:
            self._main, self._parts, self._done, self._compounds = {}, {}, set(), set()
            self._pmain, self._pparts, self._pcompounds = {}, {}, set()

    def _learn(self, words: Iterable[str]) -> None:
        for w in words:
            term, parts = self._analyse(w)
            self._main[w] = term
            if parts:
                self._parts[w] = parts
                self._compounds.add(w)
            self._done.add(w)

    def word(self, word: str) -> tuple[str, tuple[str, ...]]:
        """(main term, part terms) of one token."""
        if word not in self._done:
            self._trim()
            self._learn((word,))
        return self._main[word], self._parts.get(word, ())

    def _analyse(self, word: str) -> tuple[str, tuple[str, ...]]:
        if is_reference(word):
            ref = normalize_reference(word)
            # the groups too, so "SVV" or "0792" alone still find the number
            return ref, tuple(dict.fromkeys(stem(p) for p in re.split(r"[/-]", word) if p))
        if "-" in word or "/" in word:
            # not a number: analyse the pieces (the tokenizer only joins numbers)
            sub = [self._analyse(p) for p in re.split(r"[/-]", word) if p]
            return sub[0][0], tuple(t for s in sub[1:] for t in (s[0], *s[1]))
        return stem(word), self._split(word)

    def _split(self, word: str) -> tuple[str, ...]:
        if len(word) < MIN_COMPOUND or not word.isalpha():
            return ()
        pieces = _split_at(fold(word), self.vocabulary, {})
        if not pieces or len(pieces) < 2:
            return ()
        return tuple(dict.fromkeys(stem(p) for p in pieces))

    def tokens(self, text: str) -> Iterator[Token]:
        """Every token with its offsets in ``text`` (for snippets and highlighting)."""
        for m in TOKEN_RE.finditer(text):
            surface = m.group(0)
            term, parts = self.word(surface)
            yield Token(m.start(), m.end(), surface, term, parts)

    def terms(self, text: str) -> tuple[list[str], list[str]]:
        """(main terms in order, distinct part terms) of a text: the fast path for indexing."""
        words = tokenize(text)
        if not self._done.issuperset(words):  # C-level passes; new words are rare once warm
            self._trim()
            self._learn(set(words).difference(self._done))
        main = list(map(self._main.__getitem__, words))
        compounds = self._compounds.intersection(words)
        if not compounds:
            return main, []
        # distinct parts, sorted so the same text always yields the same list
        return main, sorted(set().union(*map(self._parts.__getitem__, compounds)))

    def joined_terms(self, text: str) -> tuple[str, list[str]]:
        """``terms`` with the main terms space-joined (``main.split()`` equals ``terms``'s
        list): the fastest path, for indexing. Whole pieces are cached, so a text is one
        C-level split, one ``str.join`` over a dict ``map`` and one set intersection."""
        ps = pieces(text)
        try:
            main = " ".join(map(self._pmain.__getitem__, ps))
        except KeyError:  # new pieces are rare once warm
            self._trim()
            self._learn_pieces(set(ps).difference(self._pmain))
            main = " ".join(map(self._pmain.__getitem__, ps))
        compounds = self._pcompounds.intersection(ps)
        if not compounds:
            return main, []
        return main, sorted(frozenset().union(*map(self._pparts.__getitem__, compounds)))

    def _learn_pieces(self, new: Iterable[str]) -> None:
        for p in new:
            words = [p] if p.isalnum() else TOKEN_RE.findall(p)
            if not self._done.issuperset(words):
                self._learn(set(words).difference(self._done))
            # a main term never holds whitespace and is never empty: split() restores the list
            self._pmain[p] = " ".join([self._main[w] for w in words])
            parts = frozenset().union(*[self._parts.get(w, ()) for w in words])
            if parts:
                self._pparts[p] = parts
                self._pcompounds.add(p)

    def surface_words(self, text: str) -> set[str]:
        """Folded alphabetic words of a text, for the decompounding vocabulary."""
        return surface_words(text)


def surface_words(text: str) -> set[str]:
    """Folded alphabetic words (≥ 4 letters) of a text, each distinct word folded once."""
    return {fold(w) for w in set(_WORD_RE.findall(text)) if len(w) >= 4}


_WORD_RE = re.compile(r"[^\W\d_]+")


def _split_at(word: str, vocab: set[str], memo: dict[str, list[str] | None]) -> list[str] | None:
    """Fewest vocabulary pieces (with optional linking elements) that make up ``word``."""
    if word in memo:
        return memo[word]
    best: list[str] | None = None
    n = len(word)
    # The whole rest may be a (possibly inflected) word of the vocabulary.
    for i in range(MIN_PART, n - MIN_PART + 1):
        head = word[:i]
        if head not in vocab:
            continue
        for link in LINKS:
            j = i + len(link)
            if link and not word.startswith(link, i):
                continue
            rest = word[j:]
            if len(rest) < MIN_PART:
                continue
            if _known(rest, vocab):
                cand = [head, rest]
            else:
                tail = _split_at(rest, vocab, memo)
                if tail is None:
                    continue
                cand = [head, *tail]
            if best is None or len(cand) < len(best):
                best = cand
    memo[word] = best
    return best


def _known(word: str, vocab: set[str]) -> bool:
    """A vocabulary word, or one of its inflected forms (Strategien, Verbindungen)."""
    if word in vocab:
        return True
    for suffix in ("en", "n", "es", "s", "e", "er", "ern"):
        if word.endswith(suffix) and word[: -len(suffix)] in vocab:
            return True
    return False
