"""The scorer against the real gold files of /work/shared/gold and the README's rules."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ratsinfo.eval import (
    Counts,
    Report,
    evaluate,
    gold_facts,
    gold_files,
    normalise,
    normalise_person,
    normalise_place,
    score_file,
    similarity,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD_DIR = SHARED / "gold"
CORPUS_DIR = SHARED / "corpus"
GOLD_PATHS = gold_files(GOLD_DIR)

MAPPE = "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt.json"
KOOP_A = "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-a.txt.json"
IKZ = "magdeburg_ikz_2014_uebersicht.txt.json"
PRESSE = "potsdam_pressemitteilung_regionalgespraech_2023.txt.json"


def load(name: str) -> dict[str, Any]:
    return json.loads((GOLD_DIR / name).read_text(encoding="utf-8"))


def fact_count(gold: dict[str, Any]) -> int:
    """All gold facts, as the scorer sees them when nothing is predicted."""
    return score_file(gold, {}).total().fn


def meeting(gold: dict[str, Any]) -> dict[str, Any]:
    return gold["meetings"]["items"][0]


def agenda(gold: dict[str, Any], number: str) -> dict[str, Any]:
    items = meeting(gold)["agenda_items"]["items"]
    return next(i for i in items if i["number"] == number)


def attendee(gold: dict[str, Any], name: str) -> dict[str, Any]:
    return next(a for a in meeting(gold)["attendance"]["items"] if a["name"] == name)


def cooperation(gold: dict[str, Any], match: str) -> dict[str, Any]:
    return next(c for c in gold["cooperations"]["items"] if c["match"] == match)


# --- gold against itself ----------------------------------------------------------------------


def test_all_gold_files_are_found() -> None:
    assert len(GOLD_PATHS) == 5


@pytest.mark.parametrize("path", GOLD_PATHS, ids=lambda p: p.name)
def test_gold_against_itself_is_perfect(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    counts = score_file(gold, copy.deepcopy(gold))
    total = counts.total()
    assert (total.fp, total.fn) == (0, 0)
    assert total.tp == fact_count(gold) > 0
    assert total.f1 == 1.0
    for key, tally in counts.items():
        assert tally.f1 == 1.0, key


def test_fact_inventory_of_one_paper() -> None:
    paper = load(MAPPE)["papers"]["items"][1]  # 22/SVV/1084
    facts = gold_facts(paper)
    # Scalars one each, 1 originator, 1 reference, 1 consultation x 3 fields, 1 obligation x 2.
    assert facts["reference"] == facts["title"] == facts["date"] == facts["public"] == 1
    assert facts["originators"] == 1 and facts["references"] == 1
    assert facts["consultations.date"] == facts["consultations.role"] == 1
    assert facts["obligations.due"] == facts["obligations.what"] == 1
    assert sum(facts.values()) == 12


# --- missing and extra items ------------------------------------------------------------------


def test_dropped_document_costs_exactly_its_facts() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    dropped = pred["documents"]["items"].pop(3)  # Antrag 22/SVV/1134: kind + reference
    assert dropped == {"kind": "Antrag", "reference": "22/SVV/1134"}
    counts = score_file(gold, pred)
    docs = counts.section("documents")
    assert (docs.tp, docs.fp, docs.fn) == (14, 0, 2)
    assert counts[("documents", "reference")].fn == 1
    assert counts[("documents", "kind")].fn == 1
    assert docs.recall < 1.0 and docs.precision == 1.0
    assert counts.total().fn == 2


def test_dropped_titled_document_loses_kind_and_title() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    del pred["documents"]["items"][6]  # Präsentation "Im Dialog mit dem Oberbürgermeister ..."
    counts = score_file(gold, pred)
    assert counts[("documents", "title")].fn == 1
    assert counts[("documents", "kind")].fn == 1
    # The other Präsentation must not be taken for the missing one (title similarity < 0.8).
    assert counts.total().fn == 2 and counts.total().fp == 0


def test_extra_document_in_exhaustive_section_lowers_precision() -> None:
    gold = load(MAPPE)
    assert gold["documents"]["exhaustive"] is True
    pred = copy.deepcopy(gold)
    pred["documents"]["items"].append({"kind": "Anfrage", "reference": "22/SVV/9999"})
    counts = score_file(gold, pred)
    docs = counts.section("documents")
    assert (docs.fp, docs.fn) == (2, 0)
    assert docs.precision < 1.0 and docs.recall == 1.0


def test_extra_item_in_non_exhaustive_section_costs_nothing() -> None:
    gold = load(KOOP_A)
    assert gold["cooperations"]["exhaustive"] is False
    pred = copy.deepcopy(gold)
    pred["cooperations"]["items"].append(
        {"title": "Gemeinsamer Gutachterausschuss", "partners": ["Landkreis Oder-Spree"]}
    )
    assert score_file(gold, pred).total().fp == 0


def test_extra_predicted_meeting_counts_each_known_field() -> None:
    gold = load(PRESSE)  # meetings: exhaustive, no items
    pred = copy.deepcopy(gold)
    pred["meetings"]["items"].append(
        {
            "organization": "Hauptausschuss",
            "start": "2023-02-01T17:00",
            "location": None,  # empty: asserts nothing
            "agenda_items": {"items": [{"number": "1", "title": "Eröffnung", "papers": []}]},
            "unknown_field": "not part of the gold format",
        }
    )
    counts = score_file(gold, pred)
    assert counts.section("meetings").fp == 4
    assert counts[("meetings", "agenda_items.title")].fp == 1


# --- field rules ------------------------------------------------------------------------------


def test_hyphenated_line_break_in_titles_still_matches() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    for doc in pred["documents"]["items"]:
        if "title" in doc:
            doc["title"] = doc["title"].replace("Digitalisierung", "Digitali-\nsierung")
    agenda(pred, "6")["title"] = "Digitali-\nsierung"
    agenda(pred, "6.1")["title"] = agenda(gold, "6.1")["title"].replace(
        "Onlinezugangsgesetzes", "Onlinezugangs-\ngesetzes"
    )
    assert similarity("Digitalisierung", "Digitali-\nsierung") >= 0.9
    counts = score_file(gold, pred)
    assert counts[("documents", "title")].fn == 0
    assert counts[("meetings", "agenda_items.title")].fn == 0
    assert counts.total().f1 == 1.0


def test_title_that_differs_in_substance_is_wrong() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    agenda(pred, "5")["title"] = "Transparenzsatzung"
    counts = score_file(gold, pred)
    assert counts[("meetings", "agenda_items.title")].fn == 1
    assert counts[("meetings", "agenda_items.title")].fp == 1


def test_month_gold_date_matches_any_day_of_that_month() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    obligation = pred["papers"]["items"][0]["obligations"][0]
    assert obligation["due"] == "2022-12"
    obligation["due"] = "2022-12-31"
    assert score_file(gold, pred).total().f1 == 1.0
    obligation["due"] = "2023-01-01"
    counts = score_file(gold, pred)
    assert counts[("papers", "obligations.due")].fn == 1
    assert counts[("papers", "obligations.what")].tp == 2  # the obligation is still paired


def test_full_gold_date_needs_the_same_day() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    pred["papers"]["items"][0]["date"] = "2022-09"
    assert score_file(gold, pred)[("papers", "date")].fn == 1


def test_null_in_gold_requires_an_empty_prediction() -> None:
    gold = load(KOOP_A)
    coop = cooperation(gold, "Regionalbusverkehr")
    assert coop["status"] is None and coop["legal_form"] is None
    for empty in (None, "", []):
        pred = copy.deepcopy(gold)
        cooperation(pred, "Regionalbusverkehr")["status"] = empty
        assert score_file(gold, pred).total().f1 == 1.0
    pred = copy.deepcopy(gold)
    cooperation(pred, "Regionalbusverkehr")["status"] = "laufend"
    status = score_file(gold, pred)[("cooperations", "status")]
    assert (status.fp, status.fn) == (1, 1)


def test_null_party_in_attendance_vs_a_party() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    attendee(pred, "Marén Matyka")["party"] = "SPD"
    party = score_file(gold, pred)[("meetings", "attendance.party")]
    assert (party.tp, party.fp, party.fn) == (21, 1, 1)


def test_wrong_and_missing_scalars() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    pred["papers"]["items"][3]["kind"] = "Beschlussvorlage"  # wrong: fn + fp
    del pred["papers"]["items"][2]["date"]  # missing: fn only
    counts = score_file(gold, pred)
    assert (counts[("papers", "kind")].fp, counts[("papers", "kind")].fn) == (1, 1)
    assert (counts[("papers", "date")].fp, counts[("papers", "date")].fn) == (0, 1)


def test_extra_list_element_of_a_matched_item_is_a_false_positive() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    pred["papers"]["items"][1]["references"].append("21/SVV/0001")
    pred["papers"]["items"][0]["references"] = ["21/SVV/0002"]  # gold: [] (none)
    refs = score_file(gold, pred)[("papers", "references")]
    assert (refs.tp, refs.fp, refs.fn) == (3, 2, 1)


def test_booleans_and_numbers_must_be_equal() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    meeting(pred)["public"] = "true"  # a string is not a boolean
    meeting(pred)["number"] = "25"  # a numeric string is the number
    meeting(pred)["quorum"]["present"] = 7
    counts = score_file(gold, pred)
    assert counts[("meetings", "public")].fn == 1
    assert counts[("meetings", "number")].tp == 1
    assert counts[("meetings", "quorum.present")].fn == 1
    assert counts[("meetings", "quorum.voting_members")].tp == 1


# --- names and places -------------------------------------------------------------------------


def test_person_names_drop_salutations_and_titles() -> None:
    assert normalise_person("Frau Dr. Mechthild Rünger") == normalise_person("Mechthild Rünger")
    assert normalise_person("Dr.med. Carmen Klockow") == "carmen klockow"
    assert normalise_person("Herrn Prof.Dr. Karin Schwarz") == "karin schwarz"
    # Only whole words: a family name starting like a title survives.
    assert normalise_person("Herr Drews") == "drews"
    assert normalise_person("Frauke Medler") == "frauke medler"


def test_attendance_matches_names_given_with_titles() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    attendee(pred, "Mechthild Rünger")["name"] = "Frau Dr. Mechthild Rünger"
    attendee(pred, "Carmen Klockow")["name"] = "Dr.med. Carmen Klockow"
    assert score_file(gold, pred).total().f1 == 1.0

    # A near-equal name (≥ 0.9) still matches the attendee, so the other facts count,
    # but the name fact itself needs equality after normalisation.
    attendee(pred, "Timo-Daniel Seifert")["name"] = "Timo Daniel Seifert"
    counts = score_file(gold, pred)
    name = counts[("meetings", "attendance.name")]
    assert (name.tp, name.fp, name.fn) == (21, 1, 1)
    assert counts.total().fn == 1


def test_places_drop_type_words() -> None:
    assert normalise_place("Landkreis Havelland") == normalise_place("Havelland")
    assert normalise_place("Landeshauptstadt Potsdam") == "potsdam"
    assert normalise_place("kreisfreie Stadt Cottbus") == "cottbus"
    assert normalise_place("LK Teltow-Fläming") == "teltow-fläming"
    assert normalise_place("Salzlandkreis") == "salzlandkreis"  # not a word of its own
    assert normalise_place("Stadtverwaltung Potsdam") == "stadtverwaltung potsdam"


def test_places_and_partners_match_without_type_words() -> None:
    gold = load(PRESSE)
    pred = copy.deepcopy(gold)
    pred["places_mentioned"]["items"] = [
        "Havelland" if p == "Landkreis Havelland" else p for p in gold["places_mentioned"]["items"]
    ]
    assert score_file(gold, pred).section("places_mentioned").f1 == 1.0

    gold = load(KOOP_A)
    pred = copy.deepcopy(gold)
    cooperation(pred, "Regionalleitstelle")["partners"] = [
        "Ostprignitz-Ruppin",
        "Kreis Prignitz",
        "Havelland",
    ]
    assert score_file(gold, pred).total().f1 == 1.0


def test_normalise_folds_quotes_dashes_space_and_trailing_punctuation() -> None:
    assert normalise("  „TOP 20 – Liste“\n der  Bürger.;: ") == '"top 20 - liste" der bürger'
    assert normalise("Straße") == normalise("STRASSE")
    assert normalise("e\u0301") == normalise("é")  # NFC


# --- votes --------------------------------------------------------------------------------


def test_vote_matches_when_every_stated_gold_value_is_equal() -> None:
    gold = load(MAPPE)
    votes = agenda(gold, "2")["votes"]
    assert votes[2] == {
        "subject": "Niederschrift vom 22.11.2022",
        "kind": "mehrheitlich",
        "abstain": 2,
    }

    pred = copy.deepcopy(gold)
    # Values the gold does not state are free; order does not matter.
    agenda(pred, "2")["votes"] = [
        {"subject": "Niederschrift vom 22.11.2022", "kind": "mehrheitlich", "abstain": 2, "yes": 4},
        {"subject": "Rederecht", "kind": "einstimmig", "abstain": 0},
        {"subject": "Tagesordnung", "kind": "einstimmig"},
    ]
    agenda(pred, "3.1")["votes"] = [{"kind": "einstimmig", "yes": 6, "no": 0}]
    assert score_file(gold, pred)[("meetings", "agenda_items.votes")].f1 == 1.0

    # A stated value that differs breaks the match: one fn, the predicted vote one fp.
    agenda(pred, "2")["votes"][0]["abstain"] = 3
    agenda(pred, "3.2")["votes"] = [{"kind": "einstimmig"}]
    votes_tally = score_file(gold, pred)[("meetings", "agenda_items.votes")]
    assert (votes_tally.fn, votes_tally.fp) == (2, 2)


def test_vote_without_the_gold_subject_does_not_match() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    agenda(pred, "2")["votes"] = [{"kind": "einstimmig"}, {"kind": "einstimmig"}]
    tally = score_file(gold, pred)[("meetings", "agenda_items.votes")]
    assert (tally.fn, tally.fp) == (3, 2)


# --- item matching ------------------------------------------------------------------------


def test_meeting_needs_same_start_date_and_similar_organization() -> None:
    gold = load(MAPPE)
    facts = score_file(gold, {}, sections=["meetings"]).total().fn

    pred = copy.deepcopy(gold)
    meeting(pred)["start"] = "2023-01-10T17:30"  # same day: still the meeting
    counts = score_file(gold, pred, sections=["meetings"])
    assert counts[("meetings", "start")].fn == 1 and counts.total().fn == 1

    meeting(pred)["start"] = "2023-01-11T18:00"  # another day: another meeting
    counts = score_file(gold, pred, sections=["meetings"])
    assert counts.total().fn == facts and counts.total().fp > 0

    pred = copy.deepcopy(gold)
    meeting(pred)["organization"] = "Hauptausschuss"
    assert score_file(gold, pred, sections=["meetings"]).total().fn == facts


def test_agenda_items_match_by_number() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    items = meeting(pred)["agenda_items"]["items"]
    items.reverse()  # order is irrelevant
    items[0]["number"] = "10"  # was "9": unmatched gold item, extra predicted item
    counts = score_file(gold, pred)
    item_9 = gold_facts(agenda(gold, "9"))
    assert counts.section("meetings").fn == sum(item_9.values())
    # number, title, result, added_in_meeting; the empty papers and votes assert nothing
    assert counts.section("meetings").fp == 4


def test_cooperation_matches_by_phrase_and_best_partner_overlap() -> None:
    gold = load(KOOP_A)
    pred = copy.deepcopy(gold)
    items = []
    for coop in pred["cooperations"]["items"]:
        coop = dict(coop)
        phrase = coop.pop("match")
        coop["title"] = f"Kooperation: {phrase} (Fortsetzung)"
        items.append(coop)
    # A decoy containing the phrase but with the wrong partners must lose.
    decoy = {"description": "Die Adoptionsvermittlung wird geprüft.", "partners": ["Stadt Cottbus"]}
    items.insert(0, decoy)
    pred["cooperations"]["items"] = items
    counts = score_file(gold, pred)
    assert counts.total().f1 == 1.0


def test_single_cooperation_split_in_two_is_an_error() -> None:
    gold = load(IKZ)
    coop = cooperation(gold, "Relocation Service")
    assert coop["single"] is True
    pred = copy.deepcopy(gold)
    pred["cooperations"]["items"].append(
        {"title": "Relocation Service (Fortsetzung)", "partners": ["Daugavpils"]}
    )
    single = score_file(gold, pred)[("cooperations", "single")]
    assert (single.tp, single.fn, single.fp) == (0, 1, 1)


def test_documents_with_same_title_are_told_apart_by_kind() -> None:
    gold = load(MAPPE)
    pred = copy.deepcopy(gold)
    # The Niederschrift is missing; the Einladung with the same title must not fill in.
    pred["documents"]["items"] = [
        d for d in pred["documents"]["items"] if d["kind"] != "Niederschrift"
    ]
    counts = score_file(gold, pred, sections=["documents"])
    assert counts.total().fn == 2 and counts.total().fp == 0


# --- API: sections, evaluate, report ------------------------------------------------------


def test_sections_restrict_scoring() -> None:
    gold = load(MAPPE)
    counts = score_file(gold, gold, sections=("documents",))
    assert {section for section, _ in counts} == {"documents"}
    with pytest.raises(ValueError, match="unknown section"):
        score_file(gold, gold, sections=("document",))


def test_counts_add_up_over_files() -> None:
    a, b = load(MAPPE), load(IKZ)
    both = score_file(a, {}) + score_file(b, {})
    assert isinstance(both, Counts)
    assert both.total().fn == fact_count(a) + fact_count(b)


def test_evaluate_over_the_gold_directory() -> None:
    seen: list[Path] = []

    def perfect_except_documents(path: Path) -> dict[str, Any]:
        seen.append(path)
        gold = json.loads((GOLD_DIR / (path.name + ".json")).read_text(encoding="utf-8"))
        gold.pop("documents")
        return gold

    report = evaluate(GOLD_DIR, perfect_except_documents, CORPUS_DIR)
    assert isinstance(report, Report)
    assert sorted(p.name for p in seen) == sorted(p.name[: -len(".json")] for p in GOLD_PATHS)
    assert all(p.parent == CORPUS_DIR and p.is_file() for p in seen)

    data = json.loads(json.dumps(report.as_dict()))
    assert data["sections"]["documents"]["recall"] == 0.0
    assert data["sections"]["papers"]["f1"] == 1.0
    assert data["fields"]["documents.kind"]["fn"] == 12
    micro = data["micro"]
    assert micro["fn"] == data["sections"]["documents"]["fn"] == 24
    assert 0.0 < micro["recall"] < 1.0 and micro["precision"] == 1.0
    assert set(data["files"]) == {p.name[: -len(".json")] for p in GOLD_PATHS}

    text = report.format_text()
    assert "documents" in text and "  kind" in text and "micro (all facts)" in text

    only_docs = evaluate(GOLD_DIR, perfect_except_documents, CORPUS_DIR, sections=["documents"])
    assert set(only_docs.as_dict()["sections"]) == {"documents"}


def test_evaluate_records_errors_when_asked() -> None:
    def broken(path: Path) -> dict[str, Any]:
        raise RuntimeError(f"cannot read {path.name}")

    with pytest.raises(RuntimeError):
        evaluate(GOLD_DIR, broken, CORPUS_DIR)
    report = evaluate(GOLD_DIR, broken, CORPUS_DIR, catch_errors=True)
    assert len(report.errors) == len(GOLD_PATHS)
    assert report.micro.tp == 0 and report.micro.recall == 0.0
