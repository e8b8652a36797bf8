"""The Drucksache-number recogniser: local schemes in, look-alikes out."""

from __future__ import annotations

import pytest

from ratsinfo.extract.references import (
    find_labelled_references,
    find_references,
    is_reference,
    reference_shape,
)

SCHEMES = [
    "22/SVV/0792",
    "2021/1030",
    "2024/0884/1",
    "1536/V",
    "VO/4680/2016",
    "BV-0021/14",
    "A-0005/14",
    "117/2014",
    "110-1/2014",
    "WP8158/2013",
    "187/04-2017",
    "VI/142/2022",
    "DS0245/10",
]

NOT_REFERENCES = [
    "10.01.2023",  # date
    "0331/289-1234",  # phone number
    "0331 289-1234",
    "§ 8",
    "2023/24",  # year range
    "2023/2024",
    "12/2022",  # month
    "79/81",  # house numbers
    "18:00",
    "1/2",
    "KW 2014/15",
    "Stadtteilkonferenzen/Stadtteilwanderungen",
]


@pytest.mark.parametrize("ref", SCHEMES)
def test_schemes_are_recognised_alone_and_in_text(ref: str) -> None:
    assert is_reference(ref)
    text = f"Der Beschluss ({ref}) wurde bestätigt."
    found = find_references(text)
    assert [r.value for r in found] == [ref]
    assert text[found[0].start : found[0].end] == ref


@pytest.mark.parametrize("token", NOT_REFERENCES)
def test_look_alikes_are_not_references(token: str) -> None:
    assert not is_reference(token)
    assert find_references(f"Siehe {token} im Text.") == []


def test_printed_with_a_space_is_returned_without_it() -> None:
    text = "definiert in der I 0187/10 ableiten"
    (ref,) = find_references(text)
    assert ref.value == "I0187/10"
    assert text[ref.start : ref.end] == "I 0187/10"


def test_references_inside_a_sentence_with_year_ranges_and_phone_numbers() -> None:
    text = (
        "Der Bürgerhaushalt 2023/24 (Drucksache 19/SVV/0108) und die Vorlage 2021/1030 "
        "wurden unter Tel. 0331/289-1234 erläutert; Haushalt 2023/2024, § 68 Abs. 3 TKG."
    )
    assert [r.value for r in find_references(text)] == ["19/SVV/0108", "2021/1030"]


def test_labelled_references_accept_looser_local_shapes() -> None:
    text = "Bezug: Vorlagen-Nr.: 0815/X-12 und DS Nr. 12-34/B"
    assert [r.value for r in find_labelled_references(text)] == ["0815/X-12", "12-34/B"]


def test_reference_shape_groups_a_scheme() -> None:
    assert reference_shape("22/SVV/0792") == reference_shape("19/SVV/0108")
    assert reference_shape("22/SVV/0792") != reference_shape("2021/1030")
