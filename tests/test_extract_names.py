"""Person-name parsing: salutations, academic titles, particles, hyphenated names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.extract.names import (
    match_person_name,
    normalize_title,
    parse_person_name,
    same_person,
)


@pytest.mark.parametrize(
    ("raw", "salutation", "title", "given", "family"),
    [
        ("Frau Dr. Mechthild Rünger", "Frau", "Dr.", "Mechthild", "Rünger"),
        ("Herr Timo-Daniel Seifert", "Herr", None, "Timo-Daniel", "Seifert"),
        ("Frau Prof. Dr. Karin Schwarz", "Frau", "Prof. Dr.", "Karin", "Schwarz"),
        ("Frau Dr.med. Carmen Klockow", "Frau", "Dr. med.", "Carmen", "Klockow"),
        ("Herr Dipl.-Ing. Hans Meier", "Herr", "Dipl.-Ing.", "Hans", "Meier"),
        ("Eva von Heyden-Hendricks", None, None, "Eva", "von Heyden-Hendricks"),
        ("Herrn Dr. rer. nat. Jan de la Cruz", "Herrn", "Dr. rer. nat.", "Jan", "de la Cruz"),
        ("Hr. Peters", "Hr.", None, None, "Peters"),
        ("Fr. Anna-Lena Özdemir", "Fr.", None, "Anna-Lena", "Özdemir"),
        ("Muster, Max", None, None, "Max", "Muster"),
        ("Herr von Weizsäcker", "Herr", None, None, "von Weizsäcker"),
        ("Herr Hans Linke", "Herr", None, "Hans", "Linke"),
    ],
)
def test_parse_person_name(
    raw: str, salutation: str | None, title: str | None, given: str | None, family: str
) -> None:
    p = parse_person_name(raw)
    assert p is not None
    assert (p.salutation, p.title, p.given, p.family) == (salutation, title, given, family)
    assert p.full == (f"{given} {family}" if given else family)


@pytest.mark.parametrize(
    ("row", "name", "rest"),
    [
        ("Frau Dr. Henrike Vollmer SPD ab 17:20 Uhr", "Henrike Vollmer", " SPD ab 17:20 Uhr"),
        ("Herr Cem Yildirim BÜNDNIS 90/DIE GRÜNEN", "Cem Yildirim", " BÜNDNIS 90/DIE GRÜNEN"),
        ("Herr Frank Lorenzen Beigeordneter für Bau", "Frank Lorenzen", " Beigeordneter für Bau"),
        (
            "Frau Sabine Oltmanns f. Herrn Kreuzberger CDU",
            "Sabine Oltmanns",
            " f. Herrn Kreuzberger CDU",
        ),
        ("Herr Max Muster\tFDP", "Max Muster", "\tFDP"),
    ],
)
def test_name_ends_before_the_next_column(row: str, name: str, rest: str) -> None:
    p = match_person_name(row)
    assert p is not None and p.full == name
    assert row[p.end :] == rest


def test_spans_point_at_the_parts() -> None:
    s = "Teilnehmer: Frau Prof. Dr. Karin Schwarz (SPD)"
    p = match_person_name(s, s.index("Frau"))
    assert p is not None
    assert s[slice(*p.spans["title"])] == "Prof. Dr."
    assert s[slice(*p.spans["given"])] == "Karin"
    assert s[slice(*p.spans["family"])] == "Schwarz"
    assert s[p.name_start : p.end] == "Karin Schwarz"


def test_need_salutation_and_non_names() -> None:
    assert match_person_name("Karin Schwarz", need_salutation=True) is None
    assert parse_person_name("") is None
    assert parse_person_name("SPD") is None
    assert parse_person_name("die Verwaltung berichtet") is None


def test_normalize_title() -> None:
    assert normalize_title("Dr.med.") == "Dr. med."
    assert normalize_title("Prof.Dr.") == "Prof. Dr."
    assert normalize_title("Dr.-Ing.") == "Dr.-Ing."


def test_same_person_tolerates_typos_but_not_other_given_names() -> None:
    assert same_person("Frau Dr. Rüniger", "Dr. Mechthild Rünger")
    assert not same_person("Denny Menzel", "Andreas Menzel")
    assert same_person("Andreas Menzel", "Herr Menzel")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.integers(min_value=0, max_value=90))
def test_never_crashes_and_offsets_inside(s: str, pos: int) -> None:
    p = match_person_name(s, min(pos, len(s)))
    if p is not None:
        assert 0 <= p.start <= p.name_start <= p.end <= len(s)
        for a, b in p.spans.values():
            assert 0 <= a <= b <= len(s)
