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


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    surface: str
    term: str
    parts: tuple[str, ...]


class Analyzer:
    """Tokenizer + stemmer + decompounder. ``vocabulary`` holds folded surface words the
    decompounder may split against (the shipped list plus what the index has seen)."""

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self.vocabulary: set[str] = {fold(w) for w in WORDS}
        self.vocabulary.update(vocabulary)
        self._cache: dict[str, tuple[str, tuple[str, ...]]] = {}

    def add_vocabulary(self, words: Iterable[str]) -> int:
        """Teach the decompounder words (folded surface forms); returns how many were new."""
        before = len(self.vocabulary)
        self.vocabulary.update(w for w in words if len(w) >= 4 and w.isalpha())
        if len(self.vocabulary) != before:
            self._cache.clear()
        return len(self.vocabulary) - before

    def word(self, word: str) -> tuple[str, tuple[str, ...]]:
        """(main term, part terms) of one token."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if is_reference(word):
            ref = normalize_reference(word)
            # the groups too, so "SVV" or "0792" alone still find the number
            result = (ref, tuple(dict.fromkeys(stem(p) for p in re.split(r"[/-]", word) if p)))
        elif "-" in word or "/" in word:
            # not a number: analyse the pieces (the tokenizer only joins numbers)
            sub = [self.word(p) for p in re.split(r"[/-]", word) if p]
            result = (sub[0][0], tuple(t for s in sub[1:] for t in (s[0], *s[1])))
        else:
            result = (stem(word), self._parts(word))
        if len(self._cache) < 500_000:
            self._cache[word] = result
        return result

    def _parts(self, word: str) -> tuple[str, ...]:
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
        """(main terms in order, part terms) of a text: the fast path for indexing."""
        cache, word = self._cache, self.word
        analysed = [cache[s] if s in cache else word(s) for s in TOKEN_RE.findall(text)]
        main = [a[0] for a in analysed]
        parts = [p for a in analysed if a[1] for p in a[1]]
        return main, parts

    def surface_words(self, text: str) -> set[str]:
        """Folded alphabetic words of a text, for the decompounding vocabulary."""
        return {fold(w) for w in _WORD_RE.findall(text) if len(w) >= 4}


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
