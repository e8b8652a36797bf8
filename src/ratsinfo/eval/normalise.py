"""String normalisation and similarity, as gold/README.md ("Scoring", step 1) defines them.

* :func:`normalise` — Unicode NFC, casefold, white space collapsed, typographic quotes
  folded to straight ones, en/em dashes folded to ``-``, trailing ``.,;:`` stripped.
* :func:`normalise_person` — additionally drops salutations and academic titles
  (Herr, Frau, Dr., Prof., med.), also when glued together ("Dr.med.", "Prof.Dr.").
* :func:`normalise_place` — additionally drops administrative type words (Landkreis, LK,
  Kreis, kreisfreie Stadt, Stadt, Gemeinde, Landeshauptstadt, Hansestadt, Bezirk) when they
  stand as words of their own ("Salzlandkreis" and "Stadtverwaltung" stay as they are).
* :func:`similarity` — difflib's ``SequenceMatcher.ratio`` on normalised strings.

All functions are pure and cached: the scorer compares the same short strings many times.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

# Typographic quotes → straight quotes. Double-ish marks become '"', single-ish become "'".
# ‹› (single guillemets) are folded too: they are the single-quote form of «».
_QUOTES = str.maketrans(
    {
        "„": '"',
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "‹": "'",
        "›": "'",
        # The README names – and —; the Unicode hyphen/minus variants are the same mark as
        # far as a reader is concerned and come out of Word and PDF converters.
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "−": "-",
    }
)

_TRAILING = ".,;: "

# Salutations and titles, as whole words. A dotted form may be glued to the next word
# ("dr.med.", "prof.dr."), hence the look-behind accepts a preceding dot.
_PERSON_TITLES = re.compile(r"(?<![\w-])(?:herrn?|frau|prof|dr|med)(?:\.|(?=\s|$))")

# Administrative type words, as whole words (a hyphen glues words: "Stadt-Umland" stays).
_PLACE_TYPES = re.compile(
    r"(?<![\w-])(?:kreisfreie stadt|landeshauptstadt|hansestadt|landkreis|gemeinde|bezirk"
    r"|stadt|kreis|lk\.?)(?![\w-])"
)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The README's string normalisation (step 1)."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_QUOTES)
    # str.split() without arguments splits on every Unicode white space (incl. NBSP).
    text = " ".join(text.split())
    return text.rstrip(_TRAILING)


@lru_cache(maxsize=65536)
def normalise_person(text: str) -> str:
    """Normalise a person's name, dropping salutations and titles."""
    plain = normalise(text)
    stripped = " ".join(_PERSON_TITLES.sub(" ", plain).split()).strip(_TRAILING)
    # A "name" that is nothing but a title keeps its normal form rather than becoming "".
    return stripped or plain


@lru_cache(maxsize=65536)
def normalise_place(text: str) -> str:
    """Normalise a place or partner name, dropping administrative type words."""
    plain = normalise(text)
    stripped = " ".join(_PLACE_TYPES.sub(" ", plain).split()).strip(_TRAILING)
    return stripped or plain


@lru_cache(maxsize=65536)
def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    # autojunk off: with it, strings of 200+ characters (long agenda titles) lose their
    # most frequent characters to the junk heuristic and score far too low.
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def similarity(a: str, b: str) -> float:
    """difflib ratio of the two strings after :func:`normalise`."""
    return _ratio(normalise(a), normalise(b))


def is_empty(value: Any) -> bool:
    """Empty as the README means it for ``null`` gold: None, "", [] (and {})."""
    if value is None:
        return True
    if isinstance(value, str):
        return not normalise(value)
    if isinstance(value, list | tuple | dict | set):
        return len(value) == 0
    return False
