"""Fact counting: one gold file against one prediction (gold/README.md, step 3).

:func:`score_file` returns :class:`Counts`: true positives, false positives and false
negatives per ``(section, field)``. ``field`` is a dotted path for nested structures
(``consultations.date``, ``agenda_items.title``, ``quorum.present``).

Counting rules (README rules, plus the decisions the README leaves open, marked *):

* Every field present in a matched gold item is one fact. A field the gold item lacks is
  not scored, whatever the prediction says.
* Each gold fact ends as exactly one true positive or one false negative, so ``tp + fn`` is
  the number of gold facts whatever the prediction. A *wrong* non-empty predicted value is
  a false negative **and** a false positive; a *missing* one only a false negative.
* ``null`` in gold is one fact: the prediction must be empty (None, "", [], {}, absent).
  * An empty gold list ``[]`` is treated the same way: one fact, "there are none". A
  non-empty prediction then costs that fact and one false positive per predicted element
  (per field for objects).
* List fields count each element. Elements are matched one-to-one by the field's rule
  (references, papers: equal; originators: person names; partners: place names;
  attachments: titles at ≥ 0.9*). Unmatched gold elements are false negatives; predicted
  elements without a gold counterpart are false positives, since a given gold list is
  complete for its item*.
* Lists of objects — consultations and obligations* — count one fact per gold element per
  field. Elements are paired one-to-one by the number of non-empty gold fields they agree
  on (at least one). An unpaired gold element makes all its fields false negatives; an
  unpaired predicted element is a false positive per non-empty known field.
* Votes are atomic (README): one fact per gold vote, true when every value the gold vote
  states is equal; unpaired predicted votes are one false positive each.
* Nested objects (quorum*) count one fact per gold sub-field.
* Nested sections (agenda_items, attendance) are matched like top-level sections, with
  their own ``exhaustive`` flag, and counted under ``meetings.agenda_items.*`` etc.
* ``YYYY-MM`` gold dates match any prediction in that month; a bare year ``YYYY`` any
  prediction in that year*.
* An unmatched gold item makes all its facts false negatives. In an exhaustive section an
  unmatched predicted item is a false positive for each non-empty field of it the gold
  format knows (lists: per element; for a cooperation its title/description counts once,
  under ``match``).
* Cooperations: ``match`` is a fact, true once the item is matched. ``single: true`` is
  true when exactly one predicted cooperation contains the phrase; with more, it is a false
  negative plus one false positive per surplus cooperation*.
* Section-level ``report_year`` is one fact of its section*; the file's ``body`` is one
  fact of the pseudo-section ``file``, compared as a place name*.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .matching import (
    ITEM_MATCHERS,
    assign,
    contains_match,
    null_or_equal,
    string_rule,
    value_equal,
)
from .normalise import is_empty
from .schema import (
    ATOMIC_LIST_FIELDS,
    COOPERATION_TEXT_FIELDS,
    FILE_SECTION,
    NESTED_SECTION_FIELDS,
    OBJECT_FIELDS,
    SECTION_FACTS,
    SECTION_FIELDS,
    SECTIONS,
)

Key = tuple[str, str]


@dataclass(slots=True)
class Tally:
    """True positives, false positives, false negatives and the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp, self)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn, self)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def _ratio(num: int, den: int, tally: Tally) -> float:
    if den:
        return num / den
    # Nothing to score at all is perfect; nothing predicted (or nothing in gold) while the
    # other side has facts is a zero, not an undefined value.
    return 1.0 if tally.tp + tally.fp + tally.fn == 0 else 0.0


class Counts:
    """Tallies per ``(section, field)``; add two Counts to sum files."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[Key, Tally] | None = None) -> None:
        self._data: dict[Key, Tally] = {}
        for key, tally in (data or {}).items():
            self._data[key] = Tally(tally.tp, tally.fp, tally.fn)

    def add(self, section: str, field: str, *, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        if not (tp or fp or fn):
            return
        tally = self._data.setdefault((section, field), Tally())
        tally.tp += tp
        tally.fp += fp
        tally.fn += fn

    def __getitem__(self, key: Key) -> Tally:
        tally = self._data.get(key, Tally())
        return Tally(tally.tp, tally.fp, tally.fn)

    def __iter__(self) -> Iterator[Key]:
        return iter(sorted(self._data))

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Counts) and self._data == other._data

    def __repr__(self) -> str:
        return f"Counts({self.total()})"

    def items(self) -> Iterator[tuple[Key, Tally]]:
        for key in self:
            yield key, self[key]

    def __add__(self, other: Counts) -> Counts:
        result = Counts(self._data)
        for (section, field), t in other._data.items():
            result.add(section, field, tp=t.tp, fp=t.fp, fn=t.fn)
        return result

    def total(self) -> Tally:
        """Micro-average: all facts of all sections together."""
        return sum(self._data.values(), Tally())

    def section(self, name: str) -> Tally:
        return sum((t for (s, _), t in self._data.items() if s == name), Tally())

    def by_section(self) -> dict[str, Tally]:
        names = sorted({s for s, _ in self._data}, key=_section_order)
        return {name: self.section(name) for name in names}

    def by_field(self) -> dict[str, Tally]:
        """``"section.field"`` → tally, sections in README order, fields alphabetical."""
        keys = sorted(self._data, key=lambda k: (_section_order(k[0]), k[1]))
        return {f"{s}.{f}": self[(s, f)] for s, f in keys}

    def restrict(self, sections: Iterable[str]) -> Counts:
        wanted = set(sections)
        return Counts({k: t for k, t in self._data.items() if k[0] in wanted})


def _section_order(name: str) -> tuple[int, str]:
    return (SECTIONS.index(name) if name in SECTIONS else len(SECTIONS), name)


# --- scoring ------------------------------------------------------------------------------


def score_file(
    gold: Mapping[str, Any], predicted: Any, sections: Iterable[str] | None = None
) -> Counts:
    """Count the facts of one gold file against one prediction of the same shape.

    ``sections`` restricts scoring to those sections (names as in the gold file, plus
    ``"file"`` for the ``body`` field). Predictions of any JSON shape are accepted: what
    does not fit the gold format simply scores as missing or wrong.
    """
    wanted = check_sections(sections)
    pred: Mapping[str, Any] = predicted if isinstance(predicted, Mapping) else {}
    counts = Counts()
    if FILE_SECTION in wanted and "body" in gold:
        _Scorer(counts, FILE_SECTION).value("body", "body", gold["body"], pred.get("body"))
    for name, fields in SECTION_FIELDS.items():
        if name not in wanted or name not in gold:
            continue
        scorer = _Scorer(counts, name)
        g_section, p_section = gold[name], pred.get(name)
        scorer.section("", name, fields, g_section, p_section)
        if isinstance(g_section, Mapping):
            p_map = p_section if isinstance(p_section, Mapping) else {}
            for fact in SECTION_FACTS:
                if fact in g_section:
                    scorer.value(fact, fact, g_section[fact], p_map.get(fact))
    return counts


def check_sections(sections: Iterable[str] | None) -> set[str]:
    if sections is None:
        return set(SECTIONS)
    wanted = {sections} if isinstance(sections, str) else set(sections)
    unknown = wanted - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown section(s) {sorted(unknown)}; known: {list(SECTIONS)}")
    return wanted


def _section_items(value: Any, kind: str) -> tuple[list[Any], bool]:
    """(items, exhaustive) of a section given as {"exhaustive", "items"} or a bare list."""
    exhaustive = False
    if isinstance(value, Mapping):
        exhaustive = value.get("exhaustive") is True
        value = value.get("items")
    if not isinstance(value, list):
        return [], exhaustive
    if kind == "places_mentioned":
        # Places are plain strings; wrap them so they score like any other item.
        items = [
            {"name": v} if isinstance(v, str) else v for v in value if isinstance(v, str | dict)
        ]
        return [i for i in items if isinstance(i, dict)], exhaustive
    return [v for v in value if isinstance(v, dict)], exhaustive


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class _Scorer:
    """Adds the facts of one top-level section to ``counts``."""

    def __init__(self, counts: Counts, section: str) -> None:
        self.counts = counts
        self.name = section

    def add(self, path: str, *, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.counts.add(self.name, path, tp=tp, fp=fp, fn=fn)

    def add_counter(self, counter: Counter[str], what: str) -> None:
        for path, n in counter.items():
            self.add(path, **{what: n})

    # sections and items

    def section(
        self, prefix: str, kind: str, fields: tuple[str, ...], gold: Any, pred: Any
    ) -> None:
        g_items, exhaustive = _section_items(gold, kind)
        p_items, _ = _section_items(pred, kind)
        pairs = assign(g_items, p_items, ITEM_MATCHERS[kind])
        for gi, g in enumerate(g_items):
            if gi in pairs:
                self.item(prefix, kind, g, p_items[pairs[gi]], p_items)
            else:
                self.add_counter(gold_facts(g, prefix), "fn")
        if exhaustive:
            matched = set(pairs.values())
            for pj, p in enumerate(p_items):
                if pj not in matched:
                    self.add_counter(item_claims(p, fields, prefix, kind), "fp")

    def item(
        self, prefix: str, kind: str, gold: dict[str, Any], pred: dict[str, Any], all_pred: list
    ) -> None:
        for field, g_value in gold.items():
            path = prefix + field
            if kind == "cooperations" and field == "match":
                self.add(path, tp=1)  # matched means the phrase was found
            elif kind == "cooperations" and field == "single":
                self.single(path, gold, g_value, all_pred)
            else:
                self.value(path, field, g_value, pred.get(field))

    def single(self, path: str, gold: dict[str, Any], flag: Any, all_pred: list) -> None:
        if flag is not True:
            self.add(path, tp=1)  # no constraint stated
            return
        n = sum(1 for p in all_pred if contains_match(gold, p))
        if n == 1:
            self.add(path, tp=1)
        else:
            self.add(path, fn=1, fp=max(n - 1, 0))

    # values

    def value(self, path: str, field: str, gold: Any, pred: Any) -> None:
        if field in NESTED_SECTION_FIELDS and isinstance(gold, Mapping | list) and gold:
            self.section(path + ".", field, NESTED_SECTION_FIELDS[field], gold, pred)
        elif is_empty(gold):
            if is_empty(pred):
                self.add(path, tp=1)
            else:
                self.add(path, fn=1)
                self.add_counter(claims(pred, field, path), "fp")
        elif field in ATOMIC_LIST_FIELDS and isinstance(gold, list):
            self.atomic_list(path, field, gold, pred)
        elif isinstance(gold, Mapping):
            p_map = pred if isinstance(pred, Mapping) else {}
            for sub, g_sub in gold.items():
                self.value(f"{path}.{sub}", sub, g_sub, p_map.get(sub))
            if not isinstance(pred, Mapping) and not is_empty(pred):
                self.add(path, fp=1)
        elif isinstance(gold, list):
            if all(isinstance(g, Mapping) for g in gold):
                self.object_list(path, field, gold, pred)
            else:
                self.scalar_list(path, field, gold, pred)
        elif value_equal(self.name, field, gold, pred):
            self.add(path, tp=1)
        else:
            self.add(path, fn=1, fp=0 if is_empty(pred) else 1)

    def scalar_list(self, path: str, field: str, gold: list, pred: Any) -> None:
        p_list = [p for p in _as_list(pred) if not is_empty(p)]
        rule_section = self.name

        def score(g: Any, p: Any) -> tuple[float, ...] | None:
            return (1.0,) if value_equal(rule_section, field, g, p) else None

        pairs = assign(gold, p_list, score)
        self.add(path, tp=len(pairs), fn=len(gold) - len(pairs), fp=len(p_list) - len(pairs))

    def atomic_list(self, path: str, field: str, gold: list, pred: Any) -> None:
        p_list = [p for p in _as_list(pred) if not is_empty(p)]
        section = self.name

        def score(g: Any, p: Any) -> tuple[float, ...] | None:
            if not isinstance(g, Mapping):
                return (1.0, 0.0) if value_equal(section, field, g, p) else None
            if not isinstance(p, Mapping):
                return None
            if not all(null_or_equal(section, k, v, p.get(k)) for k, v in g.items()):
                return None
            # Prefer the prediction stating nothing beyond the gold (one-to-one fairness).
            extra = sum(1 for k, v in p.items() if k not in g and not is_empty(v))
            return (1.0, -float(extra))

        pairs = assign(gold, p_list, score)
        self.add(path, tp=len(pairs), fn=len(gold) - len(pairs), fp=len(p_list) - len(pairs))

    def object_list(self, path: str, field: str, gold: list, pred: Any) -> None:
        p_list = [p for p in _as_list(pred) if not is_empty(p)]
        section = self.name

        def score(g: Mapping[str, Any], p: Any) -> tuple[float, ...] | None:
            if not isinstance(p, Mapping):
                return None
            agree = sum(
                1
                for k, v in g.items()
                if not is_empty(v)
                and not isinstance(v, Mapping | list)
                and value_equal(section, k, v, p.get(k))
            )
            return (float(agree),) if agree else None

        pairs = assign(gold, p_list, score)
        for gi, g in enumerate(gold):
            if gi in pairs:
                p = p_list[pairs[gi]]
                for sub, g_sub in g.items():
                    self.value(f"{path}.{sub}", sub, g_sub, p.get(sub))
            else:
                self.add_counter(gold_facts(g, path + "."), "fn")
        paired = set(pairs.values())
        for pj, p in enumerate(p_list):
            if pj not in paired:
                self.add_counter(claims([p], field, path), "fp")


# --- fact and claim inventories -------------------------------------------------------------


def gold_facts(item: Mapping[str, Any], prefix: str = "") -> Counter[str]:
    """The facts of a gold item, by field path: what an unmatched item loses."""
    facts: Counter[str] = Counter()
    for field, value in item.items():
        _gold_value_facts(facts, prefix + field, field, value)
    return facts


def _gold_value_facts(facts: Counter[str], path: str, field: str, value: Any) -> None:
    # Mirrors _Scorer.value branch by branch: each gold fact is one tp or one fn there.
    if field in NESTED_SECTION_FIELDS and isinstance(value, Mapping | list) and value:
        items, _ = _section_items(value, field)
        for item in items:
            facts.update(gold_facts(item, path + "."))
    elif is_empty(value):
        facts[path] += 1
    elif field in ATOMIC_LIST_FIELDS and isinstance(value, list):
        facts[path] += len(value)
    elif isinstance(value, Mapping):
        for sub, v in value.items():
            _gold_value_facts(facts, f"{path}.{sub}", sub, v)
    elif isinstance(value, list):
        if all(isinstance(v, Mapping) for v in value):
            for element in value:
                facts.update(gold_facts(element, path + "."))
        else:
            facts[path] += len(value)
    else:
        facts[path] += 1


def item_claims(
    item: Mapping[str, Any], fields: tuple[str, ...], prefix: str = "", kind: str = ""
) -> Counter[str]:
    """What a predicted item asserts in the fields the gold format knows, by field path."""
    found: Counter[str] = Counter()
    for field in fields:
        if kind == "cooperations" and field == "match":
            # A cooperation names itself by title/description, scored under `match`.
            if any(not is_empty(item.get(f)) for f in COOPERATION_TEXT_FIELDS):
                found[prefix + field] += 1
        elif kind == "cooperations" and field == "single":
            continue  # a constraint on the gold side, not something a prediction states
        else:
            found.update(claims(item.get(field), field, prefix + field))
    return found


def claims(value: Any, field: str, path: str) -> Counter[str]:
    """What a predicted value asserts (non-empty parts), by field path."""
    found: Counter[str] = Counter()
    if is_empty(value):
        return found
    if field in NESTED_SECTION_FIELDS and isinstance(value, Mapping | list):
        items, _ = _section_items(value, field)
        for item in items:
            found.update(item_claims(item, NESTED_SECTION_FIELDS[field], path + ".", field))
        return found
    if field in OBJECT_FIELDS:
        for element in _as_list(value):
            if isinstance(element, Mapping):
                for sub in OBJECT_FIELDS[field]:
                    found.update(claims(element.get(sub), sub, f"{path}.{sub}"))
            elif not is_empty(element):
                found[path] += 1
        return found
    if isinstance(value, list | tuple):
        found[path] += sum(1 for v in value if not is_empty(v))
    else:
        found[path] += 1
    return found


def field_rule_name(section: str, field: str) -> str:
    """Name of the string rule a field uses (for documentation and the report)."""
    return string_rule(section, field).__name__.removesuffix("_rule")
