"""Which cooperations a new mention could possibly merge with (the blocking index).

:func:`ratsinfo.register.merge.score` is non-zero only when

* the two sides share a partner key (the "alike titles and shared partners" rule needs
  half of them shared), or
* one side's title content words are all among the other's (the "contained" rule), or
* their titles have a difflib ratio of at least ``NEAR_EQUAL`` (the "nearly equal" rule).

The index answers "which records satisfy at least one of these?" by looking up the new
mention's partner keys, words and title chunks, never by walking the register: the words
of a title are filed under each word (for "contains all of mine") and under the
alphabetically first (for "all of yours are among mine"). It returns a
superset; the caller still scores every candidate, so the merge decisions are exactly those
of a scan over the whole register.

Nearly equal titles are found with the pigeonhole idea of PassJoin (Li et al., VLDB 2011):
a ratio ≥ 0.9 bounds the characters inserted or deleted between the titles (τ ≤ 2·len/9);
a stored title is cut into at least τ + 1 disjoint chunks; each edit breaks at most one, so
one chunk reappears unchanged in the new title, shifted by at most τ positions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ratsinfo.register.merge import NEAR_EQUAL, Mention

# ratio = 2·M / (|a| + |b|) ≥ 0.9, M ≤ LCS, so the indel distance |a| + |b| − 2·LCS is at
# most S // _DIV with S = |a| + |b| (exact for NEAR_EQUAL = 0.9; the assert guards a change).
_DIV = 10
assert abs(NEAR_EQUAL - (1 - 1 / _DIV)) < 1e-12, "blocking bound assumes NEAR_EQUAL = 0.9"


def _tau_max(length: int) -> int:
    """Most edits a title of ``length`` can be from a title with ratio ≥ 0.9 to it.

    |a| − |b| ≤ d ≤ (|a| + |b|) / 10 gives |a| ≤ 11|b| / 9, hence d ≤ 2|b| / 9.
    """
    return 2 * length // 9


def _chunk(length: int) -> int:
    """Chunk length for a stored title: the longest (≤ 4) that still gives τ + 1 chunks."""
    q = 4
    while q > 1 and length // q < _tau_max(length) + 1:
        q -= 1
    return q


@lru_cache(maxsize=1024)
def _chunk_lengths(length: int) -> tuple[int, ...]:
    """Chunk lengths of the stored titles a new title of ``length`` can be nearly equal to."""
    lengths = range(max(1, (9 * length) // 11), (11 * length) // 9 + 2)
    return tuple(sorted({_chunk(n) for n in lengths if _DIV * abs(length - n) <= length + n}))


class Blocks:
    """Partner keys, content words and title chunks → ids of the records that have them."""

    def __init__(self) -> None:
        self._partners: dict[str, set[int]] = defaultdict(set)
        self._words: dict[str, set[int]] = defaultdict(set)  # every content word
        self._first: dict[str, set[int]] = defaultdict(set)  # the alphabetically first one
        self._chunks: dict[tuple[int, str, int], set[int]] = defaultdict(set)
        # A series of reports repeats the same rows year after year: answers are kept and,
        # when asked again, brought up to date from the log of what was filed since (the
        # postings only grow, so the old answer plus the new records that qualify is exact).
        self._memo: dict[Mention, tuple[int, set[int]]] = {}
        self._log: list[tuple[str, Any, int]] = []
        self._base = 0  # version of the first entry in the log

    @property
    def version(self) -> int:
        return self._base + len(self._log)

    def add_title(self, ident: int, title: str, words: Iterable[str]) -> None:
        """``title`` normalised (merge.norm_title), ``words`` its content words."""
        words = frozenset(words)
        for w in words:
            self._file(self._words, "w", w, ident)
        if words:
            self._file(self._first, "f", min(words), ident)
        if title:
            q = _chunk(len(title))
            for j in range(len(title) // q):
                self._file(self._chunks, "c", (q, title[j * q : (j + 1) * q], j), ident)

    def add_partners(self, ident: int, keys: Iterable[str]) -> None:
        for k in keys:
            self._file(self._partners, "p", k, ident)

    def _file(self, postings: dict[Any, set[int]], kind: str, key: Any, ident: int) -> None:
        posting = postings[key]
        if ident not in posting:
            posting.add(ident)
            self._log.append((kind, key, ident))

    def candidates(self, m: Mention) -> set[int]:
        """Every record that could score above 0 against the mention (and some more).

        The returned set belongs to the index: read it, do not change it.
        """
        key = Mention(m.title, m.words, m.partners, "", None)  # unit and file do not block
        hit = self._memo.get(key)
        # Replaying a long log (a report full of new records) costs more than looking up.
        if hit is not None and hit[0] >= self._base and self.version - hit[0] <= 64:
            out = hit[1]
            for kind, k, ident in self._log[hit[0] - self._base :]:
                if ident not in out and self._reaches(m, kind, k, ident):
                    out.add(ident)
        else:
            out = self._lookup(m)
        if len(self._log) > 100_000 or len(self._memo) > 100_000:
            self._memo.clear()
            self._base += len(self._log)
            self._log.clear()
        self._memo[key] = (self.version, out)
        return out

    def _reaches(self, m: Mention, kind: str, key: Any, ident: int) -> bool:
        """Would :meth:`_lookup` find ``ident`` through this newly filed posting?"""
        if kind == "p":
            return key in m.partners
        if kind == "f":
            return key in m.words
        if kind == "w":
            return key in m.words and all(ident in self._words.get(w, ()) for w in m.words)
        q, piece, j = key
        size = len(m.title)
        if not size or q not in _chunk_lengths(size):
            return False
        shift = _tau_max(size)
        s = m.title.find(piece)
        while s != -1:
            if -(-(s - shift) // q) <= j <= (s + shift) // q:
                return True
            s = m.title.find(piece, s + 1)
        return False

    def _lookup(self, m: Mention) -> set[int]:
        out: set[int] = set()
        for k in m.partners:
            out |= self._partners.get(k, set())
        if m.words:
            # Records with a title holding all of the mention's words ...
            postings = sorted((self._words.get(w, set()) for w in m.words), key=len)
            out |= postings[0].intersection(*postings[1:])
            # ... and records with a title whose words are all among the mention's.
            for w in m.words:
                out |= self._first.get(w, set())
        title = m.title
        if title:
            # A chunk starting at j·q of the stored title reappears at s in this one, with
            # |s − j·q| ≤ the edits, which are at most 2·len(title) // 9.
            size = len(title)
            shift = _tau_max(size)
            chunks = self._chunks
            for q in _chunk_lengths(size):
                for s in range(size - q + 1):
                    piece = title[s : s + q]
                    for j in range(max(0, -(-(s - shift) // q)), (s + shift) // q + 1):
                        hit = chunks.get((q, piece, j))
                        if hit:
                            out |= hit
        return out
