"""When two mentions name the same cooperation (the merge rule).

A report names a cooperation in several places (a numbered narrative section and a row of
the annex table) and again in next year's report, worded a little differently each time.
Two mentions are one cooperation when

1. their titles are nearly equal (difflib ratio ≥ 0.9 on normalised titles), or
2. their titles are alike (ratio ≥ 0.6, or one title's content words are ≥ 60 % contained
   in the other's) **and** their partners overlap (≥ half of the smaller partner set), or
3. one title's content words are wholly contained in the other's (at least two such words,
   or one long word) and neither side names a partner the other contradicts (no partners on
   one side, or at least one in common).

Never merged:

* mentions whose partner lists are both given and share no partner — the same kind of
  agreement ("öffentlich-rechtliche Vereinbarung Standesamt") with other partners is
  another cooperation;
* two mentions from the same source file that both name their unit — those are two rows
  of the report's overview, and a report lists each cooperation once there; rows continued
  across a page break are the extractor's to join. (A narrative mention names no unit and
  joins its table row.)

Among several candidates the best score wins; ties go to the older record (stable ids).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from ratsinfo.eval.normalise import normalise, normalise_place

NEAR_EQUAL = 0.9
BEST = 2.0  # score_mention's largest value: a title equal to one of the profile's
ALIKE = 0.6
CONTAINED = 0.6

# Words that say nothing about which cooperation is meant.
_STOP = frozenset({
    "der", "die", "das", "des", "dem", "den", "und", "oder", "mit", "von", "vom", "zur",
    "zum", "für", "im", "in", "an", "am", "auf", "aus", "bei", "über", "sowie", "eine",
    "einer", "eines", "ein", "als", "zu", "durch", "gemeinsame", "gemeinsamen",
    "kooperation", "zusammenarbeit", "interkommunale", "interkommunalen", "projekt",
})  # fmt: skip
_WORD = re.compile(r"\w+")


# The same title pairs come back with every report of a series: remember their ratios.
@lru_cache(maxsize=1 << 16)
def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


@lru_cache(maxsize=1 << 16)
def _quick_ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).quick_ratio()


# Titles and partner lists repeat with every report of a series: their normal forms are
# remembered (bounded), as loading a large register normalises each mention again.
@lru_cache(maxsize=1 << 16)
def norm_title(title: str) -> str:
    return " ".join(_WORD.findall(normalise(title)))


@lru_cache(maxsize=1 << 16)
def content_words(title: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(normalise(title)) if w not in _STOP and len(w) > 2)


def norm_unit(unit: str | None) -> str:
    return " ".join(_WORD.findall(normalise(unit or "")))


def partner_keys(names: Iterable[str]) -> frozenset[str]:
    return _partner_keys(tuple(names))


@lru_cache(maxsize=1 << 14)
def _partner_keys(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(k for k in (normalise_place(n) for n in names) if k)


@dataclass
class Profile:
    """What the matcher knows about one side: titles, partners, units, source files."""

    titles: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    partners: frozenset[str] = frozenset()
    units_by_source: dict[int, set[str]] = field(default_factory=dict)
    title_set: set[str] = field(default_factory=set)  # the titles' first items, for lookups

    def add(self, title: str, partners: Iterable[str], unit: str | None, source_id: int | None) -> None:
        t = norm_title(title)
        if t and t not in self.title_set:
            self.title_set.add(t)
            self.titles.append((t, content_words(title)))
        self.partners = self.partners | partner_keys(partners)
        if source_id is not None and norm_unit(unit):
            self.units_by_source.setdefault(source_id, set()).add(norm_unit(unit))


@dataclass(frozen=True, slots=True)
class Mention:
    """The new side of a comparison, normalised once for all candidates."""

    title: str  # norm_title
    words: frozenset[str]
    partners: frozenset[str]
    unit: str  # norm_unit
    source_id: int | None


def mention(title: str, partners: Iterable[str], unit: str | None, source_id: int | None) -> Mention:
    return Mention(norm_title(title), content_words(title), partner_keys(partners), norm_unit(unit),
                   source_id)


def score(
    profile: Profile, title: str, partners: Iterable[str], unit: str | None, source_id: int | None
) -> float:
    """How sure it is that the mention belongs to the profile; 0 when it does not."""
    return score_mention(profile, mention(title, partners, unit, source_id))


def score_mention(profile: Profile, m: Mention) -> float:
    """:func:`score` of a prepared mention."""
    if m.unit and profile.units_by_source.get(m.source_id):
        return 0.0
    t = m.title
    words = m.words
    theirs = m.partners
    overlap = 0.0
    if profile.partners and theirs:
        overlap = len(profile.partners & theirs) / min(len(profile.partners), len(theirs))
        if overlap == 0.0:
            return 0.0
    if t in profile.title_set:
        return BEST  # an equal title scores the most any title can (1.0 + ratio 1.0)
    best = 0.0
    # The title ratio only decides when it can reach ALIKE (with shared partners) or
    # NEAR_EQUAL (without); difflib's cheap upper bounds skip the costly ratio otherwise,
    # which keeps merging a large register fast without changing any decision.
    needed = ALIKE if overlap >= 0.5 else NEAR_EQUAL
    for other, other_words in profile.titles:
        contained = 0.0
        wholly = False
        if words and other_words:
            common = words & other_words
            small = min(len(words), len(other_words))
            contained = len(common) / small
            wholly = contained == 1.0 and (small >= 2 or max(map(len, common)) >= 8)
        ratio = 0.0
        if t and other:
            decides = overlap >= 0.5 and contained >= CONTAINED
            # difflib's real_quick_ratio: a bound from the lengths alone.
            by_length = 2.0 * min(len(t), len(other)) / (len(t) + len(other))
            if decides or (by_length >= needed and _quick_ratio(t, other) >= needed):
                ratio = _ratio(t, other)
        if ratio >= NEAR_EQUAL:
            best = max(best, 1.0 + ratio)
        elif (ratio >= ALIKE or contained >= CONTAINED) and overlap >= 0.5:
            best = max(best, max(ratio, contained) + overlap / 2)
        elif wholly:
            best = max(best, 0.5 + overlap / 2)
    return best
