"""Name normalisation shared by the build script, the index and the text matcher.

A place name and a phrase in running text compare equal when their *keys* are equal:
lowercase words joined by one space, with hyphens, slashes, brackets and dots dropped
("Potsdam-Mittelmark" = "Potsdam Mittelmark", "Werder (Havel)" = "Werder/Havel") and the
particles of Destatis' abbreviations folded ("Mühldorf a.Inn" = "Mühldorf am Inn",
"St. Wendel" = "Sankt Wendel").
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W\d_]+")

# Particles folded to one form, so abbreviated and written-out names meet (the matcher
# reads it directly: ``fold`` is called for every candidate word).
FOLD = {
    "am": "a", "an": "a", "a": "a",
    "im": "i", "in": "i", "i": "i",
    "der": "d", "dem": "d", "den": "d", "d": "d",
    "bei": "b", "b": "b",
    "vor": "v", "vorm": "v", "v": "v",
    "sankt": "st", "st": "st",
    # Destatis abbreviates regions in Bavarian and Hessian names ("Weiden i.d.OPf.").
    "opf": "oberpfalz", "ofr": "oberfranken", "ufr": "unterfranken", "odw": "odenwald",
    "westf": "westfalen",
}

# Where a long official name has a short everyday form: "Ketzin/Havel" → "Ketzin",
# "Werder (Havel)" → "Werder", "Brandenburg an der Havel" → "Brandenburg",
# "Mühldorf a.Inn" → "Mühldorf".
_SHORT = re.compile(
    r"\s*(?:\(|/|,|\s(?:an|am|a\.|a\.d\.|an der|in|im|i\.|i\.d\.|in der|ob der|bei|b\.|"
    r"vor der|v\.d\.|vorm)\s)"
)


def fold(word: str) -> str:
    w = word.lower()
    return FOLD.get(w, w)


def norm_key(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    # "a.d.Waldnaab": dots glue particles to the next word; WORD splits them apart.
    return " ".join(fold(w) for w in WORD.findall(name))


def short_forms(name: str) -> list[str]:
    m = _SHORT.search(name)
    if not m or m.start() == 0:
        return []
    short = name[: m.start()].strip()
    return [short] if short and short != name else []
