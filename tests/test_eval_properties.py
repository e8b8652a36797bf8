"""Property tests: the scorer takes any dict-shaped prediction and stays within [0, 1]."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratsinfo.eval import SECTIONS, Counts, Tally, gold_files, score_file
from ratsinfo.eval.schema import NESTED_SECTION_FIELDS, OBJECT_FIELDS, SECTION_FIELDS

GOLD_DIR = Path(__file__).resolve().parents[2] / "shared" / "gold"
GOLDS = [json.loads(p.read_text(encoding="utf-8")) for p in gold_files(GOLD_DIR)]

FIELD_NAMES = sorted(
    {f for fields in SECTION_FIELDS.values() for f in fields}
    | {f for fields in NESTED_SECTION_FIELDS.values() for f in fields}
    | {f for fields in OBJECT_FIELDS.values() for f in fields}
    | {"items", "exhaustive", "subject", "yes", "no", "abstain", "description", "report_year"}
)

# Strings close to real values, so that matching actually happens now and then.
SAMPLE_STRINGS = [
    "Antrag",
    "einstimmig",
    "22/SVV/0792",
    "2023-01-10T18:00",
    "2022-12",
    "Landkreis Havelland",
    "Frau Dr. Mechthild Rünger",
    "Hauptausschuss",
    "Digitali-\nsierung",
    "3.1",
    "",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10, max_value=100),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(SAMPLE_STRINGS),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=5),
    ),
    max_leaves=25,
)
items = st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=8)
section_values = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"items": st.lists(st.one_of(items, json_values), max_size=5)},
        optional={"exhaustive": st.booleans(), "report_year": json_values},
    ),
)
predictions = st.dictionaries(
    st.sampled_from([*SECTIONS, "body", "file", "other"]), section_values, max_size=8
)


def gold_fact_count(gold: dict[str, Any]) -> int:
    return score_file(gold, {}).total().fn


def assert_bounded(counts: Counts) -> None:
    tallies: list[Tally] = [counts.total(), *counts.by_section().values()]
    tallies += list(counts.by_field().values())
    for t in tallies:
        assert min(t.tp, t.fp, t.fn) >= 0
        for score in (t.precision, t.recall, t.f1):
            assert 0.0 <= score <= 1.0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gold_index=st.integers(min_value=0, max_value=len(GOLDS) - 1), predicted=predictions)
def test_random_predictions_never_crash_and_stay_bounded(gold_index: int, predicted: Any) -> None:
    gold = GOLDS[gold_index]
    counts = score_file(gold, predicted)
    assert_bounded(counts)
    # Each gold fact is exactly one tp or one fn, whatever is predicted.
    total = counts.total()
    assert total.tp + total.fn == gold_fact_count(gold)


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place inside a JSON value that can be replaced."""
    found = [path] if path else []
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*path, i))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    gold_index=st.integers(min_value=0, max_value=len(GOLDS) - 1),
    data=st.data(),
)
def test_perturbed_gold_never_crashes_and_stays_bounded(gold_index: int, data: Any) -> None:
    gold = GOLDS[gold_index]
    predicted = copy.deepcopy(gold)
    paths = _paths(predicted)
    for _ in range(data.draw(st.integers(min_value=1, max_value=6))):
        path = data.draw(st.sampled_from(paths))
        parent = predicted
        try:
            for key in path[:-1]:
                parent = parent[key]
            if data.draw(st.booleans()):
                parent[path[-1]] = data.draw(json_values)
            elif isinstance(parent, dict | list):
                del parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier perturbation removed or replaced this place
    counts = score_file(gold, predicted)
    assert_bounded(counts)
    total = counts.total()
    assert total.tp + total.fn == gold_fact_count(gold)


@given(predicted=st.one_of(json_values, predictions))
@settings(max_examples=60, deadline=None)
def test_any_json_is_accepted_as_prediction(predicted: Any) -> None:
    for gold in GOLDS:
        assert_bounded(score_file(gold, predicted))
