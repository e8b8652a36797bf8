"""Partner normalisation: places via the gazetteer, organisations, count phrases."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from functools import partial

import pytest

from generated_strings import glued
from ratsinfo.extract import partners
from ratsinfo.extract.partners import (
    find_partners,
    lookup_place,
    make_context,
    partners_from_cell,
)

POTSDAM = "Landeshauptstadt Potsdam"


def _names(text: str, body: str | None = POTSDAM, whole: str | None = None) -> list[str]:
    ctx = make_context(body, whole or text)
    return find_partners(text, 0, len(text), ctx).names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regionalleitstelle mit den LK OPR, PR und HVL.",
         ["Landkreis Ostprignitz-Ruppin", "Landkreis Prignitz", "Landkreis Havelland"]),
        ("mit den Landkreisen PM, HVL und dem Land Berlin.",
         ["Landkreis Potsdam-Mittelmark", "Landkreis Havelland", "Berlin"]),
        ("mit dem Landkreis PM sowie den Kommunen Brandenburg a.d. Havel und Teltow.",
         ["Landkreis Potsdam-Mittelmark", "Stadt Brandenburg an der Havel", "Stadt Teltow"]),
        ("der Oberzentren Potsdam, Cottbus, Frankfurt/Oder und Brandenburg/Havel sowie des "
         "Landkreises Potsdam Mittelmark",
         ["Stadt Cottbus", "Stadt Frankfurt (Oder)", "Stadt Brandenburg an der Havel",
          "Landkreis Potsdam-Mittelmark"]),
        ("Gemeinsame Verkehrsfreigabe der Fuß- und Radwegbrücke Werder-Potsdam/Schwielowsee",
         ["Stadt Werder (Havel)", "Gemeinde Schwielowsee"]),
    ],
)
def test_places_codes_and_short_forms(text: str, expected: list[str]) -> None:
    assert _names(text) == expected


def test_places_that_only_locate_are_no_partners() -> None:
    assert _names("mit Fertigstellung eines Neubaus in Werder / Havel") == []
    assert _names("eine Vergärungsanlage am Standort Schwanebeck") == []
    assert _names("Das E-Book-Portal Verbund Brandenburg im Land Brandenburg") == []
    assert _names("Auf dem Treffen der Koordinatorinnen in Marburg") == []


def test_institutions_in_a_place_name_the_place() -> None:
    text = "Leihgaben an Museen in Halle (Arche Nebra, Moritzburg), Köln, Wernigerode"
    assert _names(text, "Landeshauptstadt Magdeburg") == [
        "Stadt Halle (Saale)", "Stadt Köln", "Stadt Wernigerode"]
    assert _names("Wissensaustausch mit dem Rechtsamt Leipzig", "Landeshauptstadt Magdeburg") == [
        "Stadt Leipzig"]


def test_the_body_is_never_its_own_partner() -> None:
    text = "ESF Projekt mit den Städten Magdeburg, Dessau-Roßlau, Burg und Südliches Anhalt"
    got = _names(text, "Landeshauptstadt Magdeburg")
    assert "Landeshauptstadt Magdeburg" not in got
    assert got[:2] == ["Stadt Dessau-Roßlau", "Stadt Burg"]


def test_foreign_cities_marked_once_are_known_in_the_file() -> None:
    whole = ("Zusammenarbeit mit den europäischen Städten Bozen, Rom/Italien, "
             "Daugavpils/Lettland, Wien, Wiener Neustadt/Österreich).\n"
             "Vermittlung von Fachkräften und Praktikanten aus Daugavpils")
    first = whole.split("\n")[0]
    assert _names(first, "Landeshauptstadt Magdeburg", whole) == [
        "Bozen", "Rom", "Daugavpils", "Wien", "Wiener Neustadt"]
    second = whole.split("\n")[1]
    assert _names(second, "Landeshauptstadt Magdeburg", whole) == ["Daugavpils"]


def test_typed_places_the_gazetteer_does_not_know() -> None:
    assert _names("Historisches Museum der Stadt Krakau") == ["Stadt Krakau"]
    assert _names("Vereinbarung mit der Gemeinde Musterbach") == ["Gemeinde Musterbach"]


def test_organisations_named_as_partners() -> None:
    assert _names(
        "gemeinsam mit dem Bezirk Steglitz-Zehlendorf, der Berliner Senatsverwaltung für Umwelt, "
        "Verkehr und Klimaschutz,\n\nden Städten Teltow"
    ) == ["Bezirk Steglitz-Zehlendorf",
          "Senatsverwaltung für Umwelt, Verkehr und Klimaschutz Berlin", "Stadt Teltow"]
    assert _names("gemeinsam mit den Verkehrsunternehmen regiobus Potsdam Mittelmark und "
                  "Havelbus Verkehrsgesellschaft mbH durch.") == [
        "regiobus Potsdam Mittelmark", "Havelbus Verkehrsgesellschaft mbH"]
    # An apposition explains the member, it is no second partner.
    assert _names("Potsdam ist seit 2018 Mitglied der Vitako, - der Bundes-Arbeitsgemeinschaft "
                  "der Kommunalen IT-Dienstleister e. V.") == ["Vitako"]
    assert _names("Mitgliedschaft im Zweckverband Brandenburgische Kommunalakademie") == [
        "Brandenburgische Kommunalakademie"]
    assert _names("Seit 2020 Mitgliedschaft im Zweckverband Digitale Kommunen Brandenburg "
                  "(DIKOM).") == ["Zweckverband Digitale Kommunen Brandenburg"]
    assert _names("Mitglied des Präsidiums im Städte- und Gemeindebund und im Deutschen "
                  "Städtetag") == ["Städte- und Gemeindebund", "Deutscher Städtetag"]
    assert _names("Die LHP arbeitet mit der Brandenburgischen Kommunalakademie zusammen.") == [
        "Brandenburgische Kommunalakademie"]


def test_count_phrases_stay_phrases() -> None:
    text = ("eine öffentlich-rechtliche Vereinbarung mit insgesamt 17 Vertragspartnern (die vier "
            "kreisfreien Städte, sowie 13 Landkreise des Landes Brandenburgs) geschlossen.")
    got = find_partners(text, 0, len(text), make_context(POTSDAM, text))
    assert got.names == []
    assert got.phrases == ["mit insgesamt 17 Vertragspartnern (die vier kreisfreien Städte, "
                           "sowie 13 Landkreise des Landes Brandenburgs)"]
    s, e = got.phrase_spans[0]
    assert text[s:e].startswith("mit insgesamt 17")


def test_partner_column_items() -> None:
    text = "Landkreis Mustertal, Stadt Auenfeld und 14 weitere Kommunen; LK MSH, Cottbus"
    got = partners_from_cell(text, 0, len(text), make_context("Stadt Musterstadt", text))
    assert got.names == ["Landkreis Mustertal", "Stadt Auenfeld", "Landkreis Mansfeld-Südharz",
                         "Stadt Cottbus"]
    assert got.phrases == ["14 weitere Kommunen"]


def test_lookup_place_is_the_one_normalisation_point() -> None:
    assert lookup_place("LK PM") is not None
    assert lookup_place("LK PM")[0] == "Landkreis Potsdam-Mittelmark"  # type: ignore[index]
    assert lookup_place("Potsdam Mittelmark")[0] == "Landkreis Potsdam-Mittelmark"  # type: ignore[index]
    assert lookup_place("Werder", "Brandenburg")[0] == "Stadt Werder (Havel)"  # type: ignore[index]
    assert lookup_place("Nirgendwohausen an der Nichts") is None


# ---------------------------------------------------------------- fast paths
# The scans of find_partners skip what cannot match; each is checked against the plain
# pattern it stands for, on strings built from the patterns' words in all cases, with the
# characters whose case folding is special ("İ", "ı", "ſ") and blanks of every kind.

_NOISE = [" ", "  ", "\n", "\t", "\u00a0", "\u2009", "\x1c", ".", ",", "-", "/", "(", ")", "'",
          "„", "“", '"', ":", ";", "_", "1", "2019", "é", "ü", "İ", "ı", "ſ", "x", "Ab", "der ",
          "die ", "des ", "mit ", "und ", "von ", "in ", "e. V.", "GmbH", "AG"]


_strings = partial(glued, noise=_NOISE, n=4000, parts=14, p_word=0.5)


def _phrases(words: list[str], seed: int, n: int = 4000) -> list[str]:
    """The words in a row, mostly one blank apart: more of them make a phrase that matches."""
    rnd = random.Random(seed)
    seps = [" ", " ", " ", "", "  ", "\n", ", ", ". "]
    return ["".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randrange(1, 9)))
            for _ in range(n)]


def _ranges(s: str, rnd: random.Random) -> list[tuple[int, int]]:
    a = rnd.randrange(len(s) + 1)
    return [(0, len(s)), (a, rnd.randrange(a, len(s) + 1))]


def _span_groups(ms: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[object, ...]]]:
    return [(m.span(), m.groups()) for m in ms]


_ORG_WORDS = [*re.findall(r"[^\W\d_]{3,}", partners._ORG_HEAD.pattern), "Landesverband",
              "Stadtwerke", "Sparkasse", "Verkehrsgesellschaft", "Werkes", "Kommunalakademie",
              "Brandenburgische", "Rhein-Main", "O'Neill", "Havelbus", "regiobus", "Netzwerk-",
              "ſtiftung", "İnitiative", "e.V.", "e. V.", "e. G.", "gGmbH", "GmbH & Co. KG",
              "mbH", "AG", "eG", "KG", "AöR", "gAöR", "Städte- und ", "für ", "am ", "zu "]


def test_named_organisation_candidates_are_the_pattern_matches_that_can_name_one() -> None:
    rnd = random.Random(1)
    for s in _strings(_ORG_WORDS, seed=2) + _phrases(_ORG_WORDS, seed=2):
        for a, b in _ranges(s, rnd):
            sub = s[a:b]
            expected = [(m.start(), m.end(), m.group(1), m.group(2))
                        for m in partners._NAMED_ORG.finditer(sub)
                        if m.group(1) or partners._ORG_HEAD.search(m.group(2))]
            assert list(partners._named_orgs(s, a, b)) == expected, (s, a, b)


def test_possessive_named_org_pattern_matches_alike() -> None:
    for s in _strings(_ORG_WORDS, seed=3) + _phrases(_ORG_WORDS, seed=3):
        assert (_span_groups(partners._NAMED_ORG_P.finditer(s))
                == _span_groups(partners._NAMED_ORG.finditer(s))), s


def test_head_word_offsets_hold_every_head_match() -> None:
    rnd = random.Random(4)
    for s in _strings(_ORG_WORDS, seed=5):
        for a, b in _ranges(s, rnd):
            sub = s[a:b]
            heads = set(partners._head_starts(s, a, b))
            for i in range(len(sub)):
                if partners._ORG_HEAD.match(sub, i):
                    assert i in heads, (s, a, b, i)


def test_compound_heads_are_the_pattern_matches() -> None:
    words = ["Werder", "Potsdam", "Schwielowsee", "Havelland-Fläming", "Frankfurt/Oder",
             "Halle-Neustadt", "IT-Dienstleister", "O'Neill", "X-", "-Y", "/Z", "ab-", "A", "Ä"]
    for s in _strings(words, seed=6) + _phrases(words, seed=6):
        assert (_span_groups(partners._compound_heads(s))
                == _span_groups(partners._COMPOUND_HEAD.finditer(s))), s


def test_typed_unknown_pattern_matches_as_written_first() -> None:
    old = re.compile(
        r"(?=[dm])\b(der|die|dem|den|des|mit)\s+(Stadt|Gemeinde|Bezirk|Landkreis|Markt|"
        r"Ortsgemeinde|Verbandsgemeinde|Samtgemeinde|Kreisstadt|Partnerstadt)\s+("
        + partners._CAPWORD + r")(?=[\s,.;:)]|$)"
    )
    words = ["der ", "die ", "dem ", "den ", "des ", "mit ", "Stadt ", "Gemeinde ", "Bezirk ",
             "Landkreis ", "Markt ", "Ortsgemeinde ", "Verbandsgemeinde ", "Samtgemeinde ",
             "Kreisstadt ", "Partnerstadt ", "Krakau", "Musterbach", "Xdorf", "odem ", "dmit ",
             "das ", "mat ", "dir "]
    rnd = random.Random(7)
    for s in _strings(words, seed=8) + _phrases(words, seed=8):
        for a, b in _ranges(s, rnd):
            assert (_span_groups(partners._TYPED_UNKNOWN.finditer(s, a, b))
                    == _span_groups(old.finditer(s, a, b))), (s, a, b)


def test_locative_tests_agree() -> None:
    words = ["in", "im", "aus", "nach", "bei", "nahe", "nähe", "unweit", "İn", "ım", "auſ",
             "Neubau", "hin", "binnen", "Standort", "Raum", "Gebiet", "Stadtgebiet",
             "Gemeindegebiet", "Nähe", "Sitz", "Ortsteil", "Ort", "Vorort", "Orts"]
    for s in _strings(words, seed=9):
        assert partners._locative_prep(s) == bool(partners._LOCATIVE_PREP.search(s)), repr(s)
        assert partners._locative_noun(s) == bool(partners._LOCATIVE_NOUN.search(s)), repr(s)


def test_foreign_cities_scan_finds_the_pattern_matches() -> None:
    words = ["Rom", "Italien", "Le Havre", "La Paz", "Los Angeles", "San Marino", "St. Gallen",
             "Wiener Neustadt", "Vejle", "Kommune", "(DK)", "(IT)", "(XY)", " / ", "/", "(",
             "Nord-", "O'", "Daugavpils", "Lettland", "und/oder", "2019/2020"]
    for s in _strings(words, seed=13) + _phrases(words, seed=13):
        assert (_span_groups(partners._foreign_marked(s))
                == _span_groups(partners._FOREIGN.finditer(s))), s


def test_count_phrase_scan_finds_the_pattern_matches() -> None:
    words = ["mit ", "von ", "aus ", "insgesamt ", "rund ", "ca. ", "über ", "weiteren ", "12 ",
             "3", "1234 ", "zwei ", "drei ", "elf ", "zwölf ", "weitere ", "anderen ",
             "kreisfreie ", "benachbarten ", "Vertragspartnern", "Partner", "Kommunen",
             "Städten", "Gemeinden", "Landkreise", "Kreisen", "Mitglieder", "Trägern",
             "Gebietskörperschaften", " und Gemeinden", " (A, B)", "(", ")", "vermitteln"]
    for s in _strings(words, seed=14) + _phrases(words, seed=14):
        assert (_span_groups(partners._count_phrases(s, partners.seg_needles(s)))
                == _span_groups(partners._COUNT.finditer(s))), s


def test_partner_word_gates_let_every_match_through() -> None:
    gates = [
        (partners._LEGAL_RX, partners._LEGAL_WORDS, ["e. V.", "e.V.", "e.G", "e. G.", "gGmbH",
                                                     "GmbH & Co. KG", "mbH", "AG", "eG", "KG",
                                                     "AöR", "gAöR"]),
        (partners._PLURAL_LIST, partners._PLURAL_WORDS, ["Städte ", "Städten ", "Partnerstädte ",
                                                         "Partnerstädten ", "Kommunen ",
                                                         "Gemeinden ", "Bezirke ", "Bezirken ",
                                                         "Bozen", "Rom"]),
    ]
    for k, (rx, gate_words, words) in enumerate(gates):
        samples = _strings(words, seed=10 + k)
        assert any(rx.search(s) for s in samples)
        for s in samples:
            if rx.search(s):
                assert partners._any_of(s, gate_words), s


def test_foreign_names_gate_and_memo() -> None:
    ctx = make_context(None, "Rom/Italien, Daugavpils/Lettland, Vejle (DK), Wiener Neustadt/Österreich")
    rx, names = partners._foreign_of(ctx)
    words = [*sorted(ctx.foreign), "Romano", "-Rom", "Wiener", "Neustadt"]
    samples = _strings(words, seed=12)
    assert any(rx.search(s) for s in samples)
    for s in samples:
        if rx.search(s):
            assert names.any_in(s), s
    ctx.foreign.add("Bozen")  # the names changed: built again
    rx2, names2 = partners._foreign_of(ctx)
    assert rx2.search("mit Bozen.") and names2.any_in("mit Bozen.")
    assert partners._foreign_of(ctx)[0] is rx2
