"""Vote phrases of German minutes → kind, counts and subject (extract/votes.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.extract.results import item_result
from ratsinfo.extract.votes import find_votes, parse_vote, units, votes_in_unit


@pytest.mark.parametrize(
    ("phrase", "kind", "yes", "no", "abstain"),
    [
        ("Der Beschluss wird einstimmig gefasst.", "einstimmig", None, None, None),
        ("Beschluss: einstimmig", "einstimmig", None, None, None),
        (
            "Die Vorlage wird mit Stimmenmehrheit, bei zwei Stimmenthaltungen, bestätigt.",
            "mehrheitlich",
            None,
            None,
            2,
        ),
        (
            "Abstimmungsergebnis: 3 Nein-Stimmen, ansonsten Zustimmung",
            "mehrheitlich",
            None,
            3,
            None,
        ),
        ("Abstimmungsergebnis: dafür 3 / dagegen 8", "counts", 3, 8, None),
        ("Einstimmig bei 1 Enthaltung beschlossen.", "einstimmig", None, None, 1),
        ("Abstimmungsergebnis: einstimmig bei einer Enthaltung", "einstimmig", None, None, 1),
        ("Mehrheitliche Zustimmung (40 Ja, 2 Nein)", "mehrheitlich", 40, 2, None),
        ("mit 7 Ja-Stimmen, 2 Nein-Stimmen und 1 Enthaltung beschlossen", "counts", 7, 2, 1),
        ("Abstimmungsergebnis: Ja: 7 Nein: 2 Enthaltung: 1", "counts", 7, 2, 1),
        ("Abstimmung: 9 dafür, 0 dagegen, 1 Enthaltung", "counts", 9, 0, 1),
        ("Abstimmungsergebnis:\nJa Nein Enthaltung\n6 3 0", "counts", 6, 3, 0),
        (
            "Abstimmungsergebnis:\nJa-Stimmen\tNein-Stimmen\tEnthaltungen\n11\t0\t2",
            "counts",
            11,
            0,
            2,
        ),
        ("Der Antrag wird mit 5:3:1 Stimmen angenommen.", "counts", 5, 3, 1),
        (
            "Der Antrag wird mit zwölf Ja-Stimmen bei drei Gegenstimmen angenommen.",
            "counts",
            12,
            3,
            None,
        ),
        ("Der Antrag wird mehrheitlich abgelehnt.", "mehrheitlich", None, None, None),
        ("Die Vorlage wird mit großer Mehrheit beschlossen.", "mehrheitlich", None, None, None),
        ("Ja 6, Nein 3, Enthaltung 0 – der Antrag ist angenommen.", "counts", 6, 3, 0),
        ("Abstimmungsergebnis: Zustimmung: 8, Ablehnung: 1, Enthaltung: 2", "counts", 8, 1, 2),
        (
            "Die Niederschrift wird mit 8 Ja-Stimmen bei 1 Enthaltung genehmigt.",
            "counts",
            8,
            None,
            1,
        ),
        (
            "Der Ausschuss stimmt ohne Gegenstimmen bei 2 Enthaltungen zu.",
            "einstimmig",
            None,
            None,
            2,
        ),
        ("Einstimmig beschlossen bei eins Enthaltung", "einstimmig", None, None, 1),
    ],
)
def test_phrases(
    phrase: str, kind: str, yes: int | None, no: int | None, abstain: int | None
) -> None:
    v = parse_vote(phrase)
    assert v is not None
    assert (v.kind, v.yes, v.no, v.abstain) == (kind, yes, no, abstain)
    for s, e in v.spans.values():
        assert 0 <= s < e <= len(phrase)


@pytest.mark.parametrize(
    "phrase",
    [
        "Zu Beginn der Sitzung sind 6 von 8 stimmberechtigten Mitgliedern anwesend.",
        "Die Mitglieder sind mehrheitlich der Meinung, dass die Brücke saniert werden muss.",
        "Herr Eschenbach verlässt die Sitzung um 18:40 Uhr.",
        "Die Umrüstung der 38 Automaten würde rund 11.000 EUR kosten.",
        "Das ist ja eine gute Idee, sagt Frau Müller am 22.11.2022.",
        "Der Antrag findet keine Zustimmung in der Bevölkerung, meint Herr X.",
    ],
)
def test_no_vote(phrase: str) -> None:
    assert find_votes(phrase) == []


@pytest.mark.parametrize(
    ("phrase", "subject"),
    [
        (
            "Die so geänderte Tagesordnung wird zur Abstimmung gestellt und einstimmig bestätigt.",
            "Tagesordnung",
        ),
        ("Dem Antrag auf Rederecht wird einstimmig zugestimmt.", "Rederecht"),
        (
            "Zur Niederschrift der Sitzung vom 22.11.2022 gibt es keine Anmerkungen; die "
            "Niederschrift wird mit Stimmenmehrheit, bei zwei Stimmenthaltungen, bestätigt.",
            "Niederschrift vom 22.11.2022",
        ),
        (
            "Abstimmung über den Änderungsantrag der CDU-Fraktion:\nmit 3 Ja-Stimmen und 7 Nein-Stimmen abgelehnt",
            "Änderungsantrag der CDU-Fraktion",
        ),
        ("Der Änderungsantrag der SPD wird einstimmig angenommen.", "Änderungsantrag der SPD"),
        ("Abstimmung über den Vertagungsantrag: Ja 6, Nein 3", "Vertagungsantrag"),
        ("Der Vertagungsantrag wird mehrheitlich abgelehnt.", "Vertagungsantrag"),
    ],
)
def test_subjects(phrase: str, subject: str) -> None:
    v = parse_vote(phrase)
    assert v is not None and v.subject == subject
    s, e = v.spans["subject"]
    assert phrase[s:e].startswith(subject.split()[0])


def test_main_vote_has_no_subject() -> None:
    v = parse_vote(
        "Anschließend wird die Erledigung durch Verwaltungshandeln festgestellt und einstimmig bestätigt."
    )
    assert v is not None and v.kind == "einstimmig" and v.subject is None


def test_two_votes_in_one_passage() -> None:
    text = (
        "Abstimmung über den Änderungsantrag der CDU-Fraktion:\n"
        "mit 3 Ja-Stimmen und 7 Nein-Stimmen abgelehnt\n"
        "Beschluss:\nDer Ausschuss empfiehlt die Vorlage.\n"
        "Abstimmungsergebnis:\neinstimmig bei einer Enthaltung\n"
    )
    votes = find_votes(text)
    assert [(v.kind, v.subject, v.yes, v.no, v.abstain) for v in votes] == [
        ("counts", "Änderungsantrag der CDU-Fraktion", 3, 7, None),
        ("einstimmig", None, None, None, 1),
    ]


def test_region_offsets() -> None:
    text = "Vorspann. Der Antrag wird einstimmig beschlossen. Nachspann mit 3 Ja-Stimmen."
    start = text.index("Der")
    votes = find_votes(text, start, text.index("Nachspann"))
    assert len(votes) == 1
    s, e = votes[0].spans["kind"]
    assert text[s:e] == "einstimmig"


_PIECES = [*"ab .:;\n\t0123456789-/()", "Ja", "Nein", "Enthaltung", "einstimmig", "mehrheitlich",
           "beschlossen", "zwei", "Abstimmung über den ", "Niederschrift", "Änderungsantrag",
           "Stimmen", "dafür", "dagegen"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_never_crashes_spans_inside(text: str) -> None:
    for v in find_votes(text):
        assert v.kind in ("einstimmig", "mehrheitlich", "counts")
        for s, e in v.spans.values():
            assert 0 <= s <= e <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.integers(-5, 400), st.integers(-5, 400))
def test_arbitrary_text_and_bounds(text: str, a: int, b: int) -> None:
    for v in find_votes(text, a, b):
        for s, e in v.spans.values():
            assert 0 <= s <= e <= len(text)


@pytest.mark.parametrize(
    ("phrase", "kind", "yes", "no", "abstain"),
    [
        ("Abstimmungsergebnis: 11 Ja-Stimmen, 1 Nein-Stimme, 0 Enthaltungen", "counts", 11, 1, 0),
        ("Abstimmungsergebnis:\n1 Ja-Stimme, 10 Nein-Stimmen, 0 Enthaltungen", "counts", 1, 10, 0),
        ("Ergebnis: einstimmig bei 2 Enthaltungen", "einstimmig", None, None, 2),
        ("Abstimmung: mehrheitlich", "mehrheitlich", None, None, None),
        ("Beschluss: einstimmig bei einer Enthaltung", "einstimmig", None, None, 1),
        ("Abstimmung:\nJa: 5 Nein: 6 Enthaltung: 0", "counts", 5, 6, 0),
    ],
)
def test_labelled_results_of_nrw_minutes(
    phrase: str, kind: str, yes: int | None, no: int | None, abstain: int | None
) -> None:
    (v,) = find_votes(phrase)
    assert (v.kind, v.subject, v.yes, v.no, v.abstain) == (kind, None, yes, no, abstain)


@pytest.mark.parametrize(
    ("section", "result"),
    [
        (
            "Der Ausschuss empfiehlt dem Rat die Satzung.\n\nAbstimmungsergebnis: einstimmig",
            "beschlossen",
        ),
        ("Beschluss: Der Antrag wird abgelehnt.\n\nAbstimmung: mehrheitlich", "abgelehnt"),
        ("Der Rat beschließt die Satzung.\n\nErgebnis: 3 Ja-Stimmen, 8 Nein-Stimmen", "abgelehnt"),
        (
            "Der Vertagungsantrag wird abgelehnt.\n\nAbstimmung: einstimmig beschlossen",
            "beschlossen",
        ),
        (
            "Die Vorlage wird mit Änderungen beschlossen.\n\nAbstimmungsergebnis: 9 Ja, 2 Nein",
            "geändert beschlossen",
        ),
    ],
)
def test_result_of_a_section_with_a_labelled_vote(section: str, result: str) -> None:
    us = units(section, 0, len(section))
    unit_votes = [votes_in_unit(section, a, b) for a, b in us]
    main = [bool(vs) and all(v.subject is None for v in vs) for vs in unit_votes]
    found, span = item_result(section, 0, len(section), us, unit_votes, main)
    assert found == result
    assert span is not None and 0 <= span[0] < span[1] <= len(section)
