"""Value comparison and one-to-one item matching (gold/README.md, steps 2 and 3).

Item matching per section:

* documents — by ``reference`` when the gold gives one (a predicted document of the same
  ``kind`` is preferred), else by ``kind`` and title similarity ≥ 0.8;
* papers — by ``reference``;
* meetings — same date of ``start`` and organization similarity ≥ 0.8;
* agenda items — by ``number``; attendance and persons — by name (equal after dropping
  titles, or similarity ≥ 0.9); places — by name (equal after dropping type words);
* cooperations — the gold ``match`` phrase contained in the predicted title, description
  (or ``match``); among several, the best partner overlap wins.

Assignment is one-to-one and greedy on the score: all admissible (gold, predicted) pairs
are sorted best first (ties: gold order, then predicted order) and taken while both sides
are free. Each predicted item thus serves at most one gold item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from .normalise import (
    is_empty,
    normalise,
    normalise_person,
    normalise_place,
    similarity,
)
from .schema import (
    COOPERATION_TEXT_FIELDS,
    DATE_FIELDS,
    DOCUMENT_TITLE_THRESHOLD,
    FILE_SECTION,
    FUZZY_FIELDS,
    FUZZY_THRESHOLD,
    MEETING_ORGANIZATION_THRESHOLD,
    NAME_THRESHOLD,
    PERSON_FIELDS,
    PLACE_FIELDS,
)

Score = tuple[float, ...]
ScoreFn = Callable[[Any, Any], Score | None]
StringRule = Callable[[str, str], bool]

_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2})?$")


# --- string rules -------------------------------------------------------------------------


def equal_rule(gold: str, pred: str) -> bool:
    return normalise(gold) == normalise(pred)


def fuzzy_rule(gold: str, pred: str) -> bool:
    return similarity(gold, pred) >= FUZZY_THRESHOLD


def person_rule(gold: str, pred: str) -> bool:
    return normalise_person(gold) == normalise_person(pred)


def place_rule(gold: str, pred: str) -> bool:
    return normalise_place(gold) == normalise_place(pred)


def date_rule(gold: str, pred: str) -> bool:
    """Equal, or a partial gold date (``YYYY-MM``, also ``YYYY``) covering the prediction."""
    g, p = normalise(gold), normalise(pred)
    if g == p:
        return True
    # The README states the rule for YYYY-MM; a bare year ("since": "2020") is the same
    # situation one level up, so it covers any prediction within that year.
    return bool(_PARTIAL_DATE.match(g)) and p.startswith(g) and p[len(g)] == "-"


def string_rule(section: str, field: str) -> StringRule:
    """The comparison rule for a string field (or the elements of a list field)."""
    if section == FILE_SECTION or (section == "places_mentioned" and field == "name"):
        return place_rule
    if field in PERSON_FIELDS:
        return person_rule
    if field in PLACE_FIELDS:
        return place_rule
    if field in FUZZY_FIELDS:
        return fuzzy_rule
    if field in DATE_FIELDS:
        return date_rule
    return equal_rule


def value_equal(section: str, field: str, gold: Any, pred: Any) -> bool:
    """Does a non-empty scalar gold value equal the prediction, by the field's rule?

    Booleans must be booleans; numbers compare numerically (a numeric string counts);
    strings by the field's rule (a predicted number is compared as its string).
    """
    if isinstance(gold, bool):
        return isinstance(pred, bool) and pred is gold
    if isinstance(gold, int | float):
        if isinstance(pred, bool):
            return False
        if isinstance(pred, int | float):
            return pred == gold
        if isinstance(pred, str):
            try:
                return float(normalise(pred)) == gold
            except (ValueError, OverflowError):
                return False
        return False
    if isinstance(gold, str):
        if isinstance(pred, bool) or not isinstance(pred, str | int | float):
            return False
        return string_rule(section, field)(gold, pred if isinstance(pred, str) else str(pred))
    return bool(gold == pred)


def null_or_equal(section: str, field: str, gold: Any, pred: Any) -> bool:
    """:func:`value_equal`, with ``null`` gold meaning "the prediction must be empty"."""
    if is_empty(gold):
        return is_empty(pred)
    return value_equal(section, field, gold, pred)


# --- one-to-one assignment ----------------------------------------------------------------


def assign(gold: Sequence[Any], pred: Sequence[Any], score: ScoreFn) -> dict[int, int]:
    """Greedy best-first one-to-one assignment; returns gold index → predicted index."""
    candidates: list[tuple[Score, int, int]] = []
    for gi, g in enumerate(gold):
        for pj, p in enumerate(pred):
            s = score(g, p)
            if s is not None:
                candidates.append((s, gi, pj))
    candidates.sort(key=lambda c: (tuple(-x for x in c[0]), c[1], c[2]))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pj in candidates:
        if gi not in pairs and pj not in used:
            pairs[gi] = pj
            used.add(pj)
    return pairs


# --- item scores per section --------------------------------------------------------------


def _text(item: dict[str, Any], field: str) -> str | None:
    value = item.get(field)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def match_document(g: dict[str, Any], p: dict[str, Any]) -> Score | None:
    kind_equal = null_or_equal("documents", "kind", g.get("kind"), p.get("kind"))
    g_ref = _text(g, "reference")
    if g_ref is not None and normalise(g_ref):
        p_ref = _text(p, "reference")
        if p_ref is None or not equal_rule(g_ref, p_ref):
            return None
        return (1.0, 1.0 if kind_equal else 0.0)
    if not kind_equal:
        return None
    g_title, p_title = _text(g, "title"), _text(p, "title")
    if g_title is None:
        return (0.0,)  # neither reference nor title: kind alone, weakest match
    if p_title is None:
        return None
    s = similarity(g_title, p_title)
    return (s,) if s >= DOCUMENT_TITLE_THRESHOLD else None


def match_paper(g: dict[str, Any], p: dict[str, Any]) -> Score | None:
    g_ref, p_ref = _text(g, "reference"), _text(p, "reference")
    if g_ref is None or p_ref is None or not normalise(g_ref):
        return None
    return (1.0,) if equal_rule(g_ref, p_ref) else None


def _start_date(value: str) -> str:
    # "2023-01-10T18:00" → "2023-01-10"; partial dates stay as they are.
    return normalise(value).replace("t", " ").split(" ")[0]


def match_meeting(g: dict[str, Any], p: dict[str, Any]) -> Score | None:
    g_start, p_start = _text(g, "start"), _text(p, "start")
    if g_start is None or p_start is None:
        return None
    if not date_rule(_start_date(g_start), _start_date(p_start)):
        return None
    g_org = _text(g, "organization")
    if g_org is None or not normalise(g_org):
        return (0.0,)  # the gold names no organization: the date decides
    p_org = _text(p, "organization")
    if p_org is None:
        return None
    s = similarity(g_org, p_org)
    return (s,) if s >= MEETING_ORGANIZATION_THRESHOLD else None


def match_agenda_item(g: dict[str, Any], p: dict[str, Any]) -> Score | None:
    g_num, p_num = _text(g, "number"), _text(p, "number")
    if g_num is None or p_num is None or not equal_rule(g_num, p_num):
        return None
    # Duplicated numbers in a prediction: prefer the one whose title fits.
    g_title, p_title = _text(g, "title"), _text(p, "title")
    return (1.0, similarity(g_title, p_title) if g_title and p_title else 0.0)


def match_by_name(g: dict[str, Any], p: dict[str, Any]) -> Score | None:
    g_name, p_name = _text(g, "name"), _text(p, "name")
    if g_name is None or p_name is None:
        return None
    a, b = normalise_person(g_name), normalise_person(p_name)
    if a == b:
        return (1.0,)
    s = similarity(a, b)
    return (s,) if s >= NAME_THRESHOLD else None


def match_place(g: dict[str, Any], p: dict[str, Any]) -> Score | None:
    g_name, p_name = _text(g, "name"), _text(p, "name")
    if g_name is None or p_name is None:
        return None
    return (1.0,) if place_rule(g_name, p_name) else None


def cooperation_texts(p: dict[str, Any]) -> list[str]:
    return [normalise(t) for f in COOPERATION_TEXT_FIELDS if (t := _text(p, f)) is not None]


def contains_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    phrase = _text(g, "match")
    if phrase is None or not normalise(phrase):
        return False
    needle = normalise(phrase)
    return any(needle in text for text in cooperation_texts(p))


def _partner_names(value: Any) -> set[str]:
    if not isinstance(value, list):
        value = [value]
    return {normalise_place(v) for v in value if isinstance(v, str) and normalise(v)}


def match_cooperation(g: dict[str, Any], p: dict[str, Any]) -> Score | None:
    if not contains_match(g, p):
        return None
    overlap = len(_partner_names(g.get("partners")) & _partner_names(p.get("partners")))
    # Tie-break: the cooperation whose title is closest to the phrase.
    title = _text(p, "title") or _text(p, "match") or ""
    return (float(overlap), similarity(_text(g, "match") or "", title))


ITEM_MATCHERS: dict[str, ScoreFn] = {
    "documents": match_document,
    "papers": match_paper,
    "meetings": match_meeting,
    "cooperations": match_cooperation,
    "persons_mentioned": match_by_name,
    "places_mentioned": match_place,
    "agenda_items": match_agenda_item,
    "attendance": match_by_name,
}
