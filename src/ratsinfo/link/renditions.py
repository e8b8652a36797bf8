"""Renditions: the same document published twice (two converters, PDF and DOCX …).

Two documents are renditions of one another when they carry the same Drucksache
reference, or — without a reference — the same kind and title, or near-identical
text. The richer one (more text, tables kept) becomes the main file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from ratsinfo.read.base import Reading

_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 5
NEAR_IDENTICAL = 0.9


def normalised_words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def text_hash(text: str) -> str:
    """A hash that ignores layout: equal for two renditions with the same words."""
    return hashlib.sha256(" ".join(normalised_words(text)).encode()).hexdigest()


def shingles(text: str, k: int = SHINGLE, limit: int = 4000) -> set[int]:
    """Hashed word k-grams of the first ``limit`` words (enough to recognise a copy)."""
    words = normalised_words(text)[:limit]
    return {hash(tuple(words[i : i + k])) for i in range(max(1, len(words) - k + 1))}


def resemblance(a: str, b: str) -> float:
    """Containment of the shorter text's shingles in the longer one's (0..1).

    Containment, not Jaccard: a rendition without the annexes is still the same document.
    """
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(small & big) / len(small)


def richness(reading: Reading, start: int, end: int) -> int:
    """How much of the document a rendition kept: visible characters, tables weigh extra."""
    segment = reading.text[start:end]
    chars = len(segment) - sum(segment.count(ch) for ch in " \n\t\r\xa0\f\v")
    table_cells = sum(
        sum(len(row.cells) for row in block.rows)
        for block in reading.blocks
        if block.kind == "table" and block.start >= start and block.end <= end
    )
    return chars + 20 * table_cells


def richest(candidates: Iterable[tuple[int, int, str]]) -> int | None:
    """Id of the richest of (id, richness, path) candidates; ties go to the first path."""
    ordered = sorted(candidates, key=lambda c: (-c[1], c[2]))
    return ordered[0][0] if ordered else None
