"""The register's blocking index never hides a cooperation the merge rule would pick, and
storing one report costs the same number of queries however large the register is."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ratsinfo.register import merge
from ratsinfo.register.blocking import Blocks
from ratsinfo.store import writer
from ratsinfo.store.models import Cooperation
from test_register import HAVELLAND, PM, TELTOW, live, report_file, store

WORDS = ["abwasser", "vereinbarung", "öffentlich-rechtliche", "der", "zur", "gemeinsame",
         "rettungsdienst", "leitstelle", "adoptions", "vermittlung", "adoptionsvermittlung",
         "standesamt", "zweckverband", "radschnellverbindung", "südwest", "it", "bauhof"]
PARTNERS = [HAVELLAND, PM, TELTOW, "Gemeinde Nuthetal", "Stadt Werder (Havel)", "ZV Abwasser"]


def _title(rnd: random.Random) -> str:
    title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 5)))
    chars = list(title)
    for _ in range(rnd.randint(0, 3)):  # typos, hyphenation, glued words
        i = rnd.randrange(len(chars))
        if rnd.random() < 0.5:
            chars.pop(i)
        else:
            chars.insert(i, rnd.choice("ae -"))
    return "".join(chars) or "x"


def _partners(rnd: random.Random) -> list[str]:
    return rnd.sample(PARTNERS, rnd.randint(0, 3)) if rnd.random() < 0.7 else []


def test_blocking_finds_every_record_the_merge_rule_scores() -> None:
    rnd = random.Random(11)
    blocks = Blocks()
    profiles: list[merge.Profile] = []
    asks = [merge.mention(_title(rnd), _partners(rnd), rnd.choice([None, "GB 2"]), 1)
            for _ in range(150)]
    positives = 0
    for _ in range(2500):
        if rnd.random() < 0.3 or not profiles:  # the register grows between questions
            if rnd.random() < 0.5 or not profiles:
                profiles.append(merge.Profile())
            ident = rnd.randrange(len(profiles))
            profile = profiles[ident]
            n, known = len(profile.titles), profile.partners
            profile.add(_title(rnd), _partners(rnd), None, None)
            for title, words in profile.titles[n:]:
                blocks.add_title(ident, title, words)
            blocks.add_partners(ident, profile.partners - known)
            continue
        m = rnd.choice(asks)  # asked again and again, as a series of reports does
        found = blocks.candidates(m)
        for ident, profile in enumerate(profiles):
            if merge.score_mention(profile, m) > 0:
                positives += 1
                assert ident in found, (m, profile.titles, profile.partners)
    assert positives > 1000  # the check had something to check


def test_nearly_equal_titles_are_found_without_a_shared_word() -> None:
    rnd = random.Random(3)
    blocks = Blocks()
    titles = ["".join(rnd.choice("abcdefgh ") for _ in range(rnd.randint(1, 120)))
              for _ in range(400)]
    for ident, title in enumerate(titles):
        blocks.add_title(ident, title, [])
    pairs = 0
    for title in titles[:150]:
        variant = list(title)
        for _ in range(max(1, len(title) // 12)):
            variant.insert(rnd.randrange(len(variant) + 1), rnd.choice("abcdefgh "))
        variant_text = "".join(variant)
        found = blocks.candidates(merge.Mention(variant_text, frozenset(), frozenset(), "", None))
        for ident, other in enumerate(titles):
            if SequenceMatcher(None, variant_text, other).ratio() >= merge.NEAR_EQUAL:
                pairs += 1
                assert ident in found, (variant_text, other)
    assert pairs >= 100  # the check had something to check



ROWS = [
    ("Gemeinsame Adoptionsvermittlung", {"unit": "GB 2", "partners": [HAVELLAND, PM]}),
    ("Standesamt Nuthetal", {"unit": "GB 3", "partners": ["Gemeinde Nuthetal"]}),
    ("Rettungsdienstbereich", {"unit": "GB 3", "partners": [PM, TELTOW]}),
    ("Radschnellverbindung Südwest", {"unit": "GB 4", "partners": [PM, TELTOW]}),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.store
def test_queries_per_report_do_not_grow_with_the_register(tmp_path) -> None:
    counts = []
    own = ["Musikschule", "Volkshochschule", "Tierheim", "Friedhofsverwaltung", "Klärwerk",
           "Stadtarchiv", "Bibliothek", "Stadtmarketing", "Feuerwehrschule", "Jugendherberge",
           "Wochenmarkt", "Sternwarte"]
    for i, title in enumerate(own):
        rows = [*ROWS, (title, {"unit": "GB 5"})]  # one new cooperation per report
        # Inside the file's transaction: the search index is updated after the commit.
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            writer.store(report_file(tmp_path / f"bericht{i}.txt", 2010 + i, rows))
        counts.append(len(queries))
    # From the third report on (the first loads the register, the second still creates
    # partners) every report costs the same, small number of queries.
    assert len(set(counts[2:])) == 1, counts
    assert counts[-1] <= 40, counts
    # ... and the register is what the merge rule makes of it.
    coops = live()
    assert len(coops) == len(ROWS) + len(own)
    adoption = next(c for c in coops if c.title == "Gemeinsame Adoptionsvermittlung")
    assert adoption.mentions.count() == 12
    assert (adoption.first_report_year, adoption.last_report_year) == (2010, 2021)


@pytest.mark.django_db(transaction=True)
@pytest.mark.store
def test_a_rolled_back_file_leaves_no_trace_in_the_next_merge(tmp_path) -> None:
    store(report_file(tmp_path / "a.txt", 2022, ROWS[:2]))
    with pytest.raises(RuntimeError), transaction.atomic():
        store(report_file(tmp_path / "b.txt", 2023, [("Gemeinsamer Bauhof", {"unit": "GB 6"})]))
        raise RuntimeError("storing failed after the register was updated")
    assert not Cooperation.objects.filter(title="Gemeinsamer Bauhof").exists()
    # The next report names the same cooperation: it is created anew, not matched with the
    # rolled-back record (which would fail on its foreign key).
    store(report_file(tmp_path / "c.txt", 2023, [("Gemeinsamer Bauhof", {"unit": "GB 6"}), *ROWS[:2]]))
    bauhof = Cooperation.objects.get(title="Gemeinsamer Bauhof")
    assert bauhof.mentions.count() == 1 and bauhof.last_report_year == 2023
    assert len(live()) == 3
