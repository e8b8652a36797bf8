"""Party names and variant folding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.extract.parties import (
    canonical_party,
    find_parties,
    is_party,
    party_suffix,
    same_party,
)


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("BVB/FW", "BVB/Freie Wähler"),
        ("BVB / Freie Wähler", "BVB/Freie Wähler"),
        ("Bündnis 90/Die Grünen", "Bündnis 90/Die Grünen"),
        ("BÜNDNIS 90/DIE GRÜNEN", "Bündnis 90/Die Grünen"),
        ("GRÜNE", "Bündnis 90/Die Grünen"),
        ("B90/Grüne", "Bündnis 90/Die Grünen"),
        ("Freie Demokraten", "FDP"),
        ("FDP-Fraktion", "FDP"),
        ("DIE LINKE", "Die Linke"),
        ("Fraktion DIE LINKE", "Die Linke"),
        ("BürgerBündnis", "Bürgerbündnis"),
        ("AfD", "AfD"),
        ("CSU", "CSU"),
        ("SPD-Fraktion", "SPD"),
        ("FREIE WÄHLER", "Freie Wähler"),
        ("ÖDP", "ÖDP"),
        ("Die PARTEI", "Die PARTEI"),
        ("Volt", "Volt"),
        ("Bürgerliste Musterstadt", "Bürgerliste Musterstadt"),
        ("Unabhängige Wählergemeinschaft Eichenrode", "Unabhängige Wählergemeinschaft Eichenrode"),
    ],
)
def test_canonical_party(printed: str, canonical: str) -> None:
    assert canonical_party(printed) == canonical
    assert is_party(printed)


@pytest.mark.parametrize(
    "s", ["", "Herr Meier", "Seniorenbeirat", "Geschäftsbereich 5", "die linke Seite", "Liste"]
)
def test_not_parties(s: str) -> None:
    assert canonical_party(s) is None


def test_same_party_folds_variants() -> None:
    assert same_party("GRÜNE", "Bündnis 90/Die Grünen")
    assert same_party("BVB/FW", "BVB/Freie Wähler")
    assert not same_party("BVB/FW", "Freie Wähler")
    assert not same_party("SPD", None)


def test_find_parties_in_running_text() -> None:
    s = "Stadtverordneter Andreas Menzel (BVB/FW) und die Fraktion DIE LINKE; im grünen Bereich"
    found = [(s[a:b], c) for a, b, c in find_parties(s)]
    assert found == [("BVB/FW", "BVB/Freie Wähler"), ("DIE LINKE", "Die Linke")]


def test_party_suffix() -> None:
    s = "Herr Cem Yildirim BÜNDNIS 90/DIE GRÜNEN"
    k = party_suffix(s)
    assert k is not None and s[k:] == "BÜNDNIS 90/DIE GRÜNEN"
    s = "Herr Dieter Mohrmann Bürgerliste Musterstadt"
    k = party_suffix(s)
    assert k is not None and s[k:] == "Bürgerliste Musterstadt"
    assert party_suffix("Herr Frank Lorenzen") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_never_crashes(s: str) -> None:
    canonical_party(s)
    party_suffix(s)
    for a, b, _ in find_parties(s):
        assert 0 <= a < b <= len(s)
