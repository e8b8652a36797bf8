"""Cheap tests whether a pattern can match at all, before running it.

Many extractor patterns are alternations that Python's ``re`` tries at every position of a
text, though most texts hold none of their words. Each such pattern needs one of a few
literal words; a text whose lowercased form holds none of them cannot match. One
Aho-Corasick pass for the words (:class:`Words`) is many times faster than the pattern, and
the answer where the words are present is always the pattern's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick, MatchKind

# ``str.lower`` and re's IGNORECASE agree on every letter except these: re's case
# equivalences ("ı" ~ "i", "ſ" ~ "s") and "İ", whose ``lower()`` has two characters.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})

# The text last asked about and its recently lowered ranges: the fact finders of one
# cooperation ask for the same few ranges in turn. One text and a few ranges at a time.
_memo_text: list[str] = []
_memo: dict[tuple[int, int | None], str] = {}


def lowered(text: str, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` lowercased as IGNORECASE compares, one character for one (so
    offsets stay valid); ``start``/``end`` are clamped like re's ``pos``/``endpos``."""
    if not _memo_text or _memo_text[0] is not text:
        _memo_text[:] = [text]
        _memo.clear()
    key = (start, end)
    got = _memo.get(key)
    if got is None:
        if len(_memo) >= 64:
            _memo.clear()
        got = _memo[key] = lowercase(text, start, end)
    return got


def lowercase(text: str, start: int = 0, end: int | None = None) -> str:
    """:func:`lowered` without its memo: for strings made on the spot (a joined or cut
    piece), which no later call will ask for again."""
    n = len(text)
    e = n if end is None else min(max(end, 0), n)
    seg = text[min(max(start, 0), n) : e]
    if "İ" in seg or "ı" in seg or "ſ" in seg:  # rare; translate is slow, so only then
        seg = seg.translate(_FOLD)
    return seg.lower()


class Words:
    """A fixed set of literal words looked for in a text, in one pass (case-sensitive: for
    an IGNORECASE pattern give the words in lowercase and look in :func:`lowered` text)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self._all = AhoCorasick(self.words)
        self._first = AhoCorasick(self.words, matchkind=MatchKind.LeftmostFirst)

    def any_in(self, low: str) -> bool:
        return bool(self._first.find_matches_as_indexes(low))

    def found(self, low: str) -> set[str]:
        """Every word that occurs in ``low`` (overlapping occurrences included)."""
        words = self.words
        return {words[k] for k, _, _ in self._all.find_matches_as_indexes(low, overlapping=True)}

    def hits(self, low: str) -> list[tuple[int, int, int]]:
        """(index in :attr:`words`, start, end) of every occurrence (overlapping ones too)."""
        return self._all.find_matches_as_indexes(low, overlapping=True)

    def indexes(self, low: str) -> set[int]:
        """The indexes in :attr:`words` of every word that occurs in ``low``."""
        return {k for k, _, _ in self._all.find_matches_as_indexes(low, overlapping=True)}

    def first_at(self, low: str) -> int:
        """Offset of the leftmost occurrence of any word, or -1."""
        hits = self._first.find_matches_as_indexes(low)
        return hits[0][1] if hits else -1


def starts_of(text: str, words: Iterable[str], start: int = 0, end: int | None = None) -> list[int]:
    """Where any of ``words`` begins in ``text[start:end]``, in order (``str.find``)."""
    end = len(text) if end is None else end
    out: list[int] = []
    for word in words:
        i = text.find(word, start, end)
        while i >= 0:
            out.append(i)
            i = text.find(word, i + 1, end)
    out.sort()
    return out


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int], start: int = 0,
               end: int | None = None) -> list[re.Match[str]]:
    """What ``pattern.finditer(text, start, end)`` gives when a match can only begin at one
    of ``starts`` (in order): the pattern is tried there only, never inside an earlier match."""
    end = len(text) if end is None else end
    out: list[re.Match[str]] = []
    q = start
    for i in starts:
        if i < q:
            continue
        m = pattern.match(text, i, end)
        if m is not None:
            out.append(m)
            q = m.end()
    return out
