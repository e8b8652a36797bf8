"""Strings for the fast-path tests: the words a pattern cares about, in every case, glued at
random with a file's noise (blanks, punctuation, digits and the characters whose case folding
is special). A shortcut must give on them exactly what the plain code gives."""

from __future__ import annotations

import random


def case_variants(word: str) -> list[str]:
    return [word, word.lower(), word.upper(), word[:1].upper() + word[1:], word.swapcase()]


def glued(words: list[str], noise: list[str], seed: int, n: int, parts: int, p_word: float) -> list[str]:
    """``n`` strings of up to ``parts - 1`` pieces, each a case variant of a word with
    probability ``p_word``, else a piece of ``noise``; the same ``seed``, the same strings."""
    rnd = random.Random(seed)
    pool = [v for w in words for v in case_variants(w)]
    return ["".join(rnd.choice(pool) if rnd.random() < p_word else rnd.choice(noise)
                    for _ in range(rnd.randrange(0, parts))) for _ in range(n)]
