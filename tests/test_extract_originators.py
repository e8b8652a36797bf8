"""Splitting an Einreicher/Federführend field into originators."""

from __future__ import annotations

import pytest

from ratsinfo.extract.originators import split_originators


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Fraktion DIE aNDERE und Stadtverordneter Andreas Menzel (BVB/FW)",
            ["Fraktion DIE aNDERE", "Andreas Menzel"],
        ),
        ("Stadtverordneter Heuer als Vorsitzender der StVV", ["Heuer"]),
        ("Fraktion DIE LINKE", ["Fraktion DIE LINKE"]),
        ("Verwaltungs- und Managemententwicklung", ["Verwaltungs- und Managemententwicklung"]),
        (
            "Fraktionen SPD, CDU und Bündnis 90/Die Grünen",
            ["Fraktion SPD", "Fraktion CDU", "Fraktion Bündnis 90/Die Grünen"],
        ),
        ("Frau Dr. Anna Schmidt (SPD); Ratsherr Peter Meier", ["Anna Schmidt", "Peter Meier"]),
        (
            "Fraktion SPD und Stadtrat Peter Beispiel (parteilos)",
            ["Fraktion SPD", "Peter Beispiel"],
        ),
        ("Fachbereich Stadtentwicklung", ["Fachbereich Stadtentwicklung"]),
        ("", []),
    ],
)
def test_split_originators(value: str, expected: list[str]) -> None:
    assert split_originators(value) == expected


def test_unit_field_keeps_the_most_specific_unit() -> None:
    value = "Oberbürgermeister, Büro des Oberbürgermeisters"
    assert split_originators(value, unit_field=True) == ["Büro des Oberbürgermeisters"]
    assert split_originators("Geschäftsbereich 3, Fachbereich Ordnung", unit_field=True) == [
        "Fachbereich Ordnung"
    ]
