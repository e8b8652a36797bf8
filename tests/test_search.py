"""Search: German analysis, the query language, and the Done-when queries on the corpus
through the real `ratsinfo` command — on tantivy (SQLite pass) and on PostgreSQL (store pass)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, on_postgres, run_cli
from ratsinfo.search import query as q
from ratsinfo.search.analysis import Analyzer, fold, is_reference, normalize_reference, stem

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")


# -- analysis ------------------------------------------------------------------------------

def test_umlauts_and_sharp_s_fold_both_ways() -> None:
    assert stem("Straße") == stem("Strasse") == stem("STRASSE")
    assert stem("Bäume") == stem("Baeume") == stem("baume")
    assert stem("Müller") == stem("Mueller")
    assert fold("Übergänge") == fold("Uebergaenge")
    assert stem("Quelle") != stem("Qülle")  # "ue" after q is no umlaut


def test_stemming_meets_inflections() -> None:
    assert stem("Beiräte") == stem("Beiräten") == stem("Beirat")
    assert stem("Onlinezugangsgesetzes") == stem("Onlinezugangsgesetz")
    assert stem("Radschnellverbindungen") == stem("Radschnellverbindung")


def test_compounds_keep_the_whole_and_add_parts() -> None:
    an = Analyzer()
    term, parts = an.word("Wasserstrategie")
    assert term == stem("Wasserstrategie")
    assert stem("Wasser") in parts and stem("Strategie") in parts
    term, parts = an.word("Radschnellverbindungen")
    assert {stem("Rad"), stem("schnell"), stem("Verbindung")} <= set(parts)
    assert an.word("Haus") == (stem("Haus"), ())  # short words are not split


def test_decompounding_learns_from_the_index_vocabulary() -> None:
    an = Analyzer()
    assert an.word("Quokkazählung")[1] == ()
    an.add_vocabulary([fold("Quokka"), fold("Zählung")])
    assert set(an.word("Quokkazählung")[1]) == {stem("Quokka"), stem("Zählung")}


def test_drucksache_numbers_are_one_token_in_any_usual_spelling() -> None:
    an = Analyzer()
    assert [t.surface for t in an.tokens("siehe 22/SVV/0792, auch 22-SVV-0792.")] == [
        "siehe", "22/SVV/0792", "auch", "22-SVV-0792",
    ]
    assert an.word("22/SVV/0792")[0] == an.word("22-svv-792")[0] == normalize_reference("22/SVV/0792")
    assert is_reference("VO/2023/0123") and is_reference("0815/2023")
    assert not is_reference("Bürger-Haushalt") and not is_reference("2023-01")


def test_phrase_positions_keep_stop_words_and_ignore_parts() -> None:
    main, parts = Analyzer().terms("Die Wasserstrategie der Stadt")
    assert main == ["die", stem("Wasserstrategie"), "der", stem("Stadt")]
    assert stem("Strategie") in parts


# -- query language ----------------------------------------------------------------------

def test_query_language_parses_every_construct() -> None:
    an = Analyzer()
    p = q.parse('Baum* "Bäume gießen" Beirat OR Ausschuss -Haushalt kind:paper '
                'organization:"Ausschuss für Partizipation" date:2022-11..2023-01 22/SVV/0792', an)
    assert isinstance(p.root, q.And)
    kinds = [type(n).__name__ for n in p.root.items]
    assert kinds == ["Prefix", "Phrase", "Or", "Not", "Tag", "And", "DateRange", "Word"]
    assert p.root.items[6] == q.DateRange(20221101, 20230131)
    assert p.root.items[7] == q.Word("22/svv/792", ("22", "svv", "792"), "22/SVV/0792")
    assert p.root.items[4] == q.Tag("kind:paper")


def test_stop_words_only_count_alone_and_kind_option_filters() -> None:
    an = Analyzer()
    assert q.parse("die Beiräte", an).root == q.Word(stem("Beiräte"), (), "Beiräte")
    assert q.parse("die", an).root == q.Word("die", (), "die")
    root = q.parse("Beirat", an, kinds=("paper", "meeting")).root
    assert root == q.And((q.Word("beirat", (), "Beirat"), q.Or((q.Tag("kind:paper"), q.Tag("kind:meeting")))))
    assert q.parse_date_range(">=10.01.2023") == q.DateRange(20230110, None)
    assert q.parse_date_range("2023-02") == q.DateRange(20230201, 20230228)
    assert q.parse_date_range("gestern") is None


# -- the corpus, end to end through the command --------------------------------------------

def _search(env: dict[str, str], query: str, *extra: str) -> dict[str, Any]:
    r = run_cli(env, "search", query, "--json", *extra)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _refs(res: dict[str, Any]) -> list[str]:
    return [h.get("reference") for h in res["hits"]]


def _paper(res: dict[str, Any], top: int = 3) -> str | None:
    """The first paper among the top hits (a cooperation the paper reports may rank beside it)."""
    return next((h["reference"] for h in res["hits"][:top] if h["kind"] == "paper"), None)


@pytest.fixture
def corpus_env(cli_env: dict[str, str]) -> dict[str, str]:
    r = run_cli(cli_env, "ingest", "-q", str(CORPUS))
    assert r.returncode == 0, r.stderr
    return cli_env


@needs_corpus
@pytest.mark.store
@pytest.mark.slow
def test_done_when_queries_on_the_corpus(corpus_env: dict[str, str]) -> None:
    env = corpus_env
    backend = "postgresql" if on_postgres() else "tantivy"

    res = _search(env, "Radschnellverbindung")
    assert res["backend"] == backend
    assert _paper(res) == "24/SVV/1155"
    assert "Radschnellverbindungen Südwest" in " ".join(h["snippet"] for h in res["hits"])

    assert _paper(_search(env, "Strategie Wasser")) == "24/SVV/1155"
    assert _paper(_search(env, "Wasser Strategie")) == "24/SVV/1155"
    assert _paper(_search(env, "Baumpflege")) == "22/SVV/1134"
    assert _paper(_search(env, "Bäume gießen")) == "22/SVV/1134"
    assert _refs(_search(env, "Beiräte Transparenz"))[0] == "22/SVV/0792"

    res = _search(env, "Onlinezugangsgesetz")
    assert _paper(res) == "22/SVV/1207"
    meetings = [h for h in res["hits"] if h["kind"] == "meeting"]
    assert meetings and meetings[0]["date"] == "2023-01-10"

    assert _paper(_search(env, "Stadtteildialog")) == "22/SVV/1084"

    for spelling in ("22/SVV/0792", "22-SVV-0792", "22/svv/792"):
        res = _search(env, spelling)
        assert res["hits"][0]["kind"] == "paper" and res["hits"][0]["reference"] == "22/SVV/0792"

    res = _search(env, "Rünger")
    first = res["hits"][0]
    # the chair herself, with the role the minutes give her
    assert first["kind"] == "person" and "Rünger" in first["title"]
    assert "Vorsitz" in first["snippet"] and "Ausschuss für Partizipation" in first["snippet"]

    res = _search(env, "Strasse")
    assert res["total"] > 0
    assert any("Straße" in h["snippet"] or "Straßen" in h["snippet"] for h in res["hits"])


@needs_corpus
@pytest.mark.store
@pytest.mark.slow
def test_filters_facets_snippets_pages_and_suggestions(corpus_env: dict[str, str]) -> None:
    env = corpus_env
    res = _search(env, "Transparenz", "--kind", "paper")
    assert res["hits"] and {h["kind"] for h in res["hits"]} == {"paper"}
    every = _search(env, "Transparenz")
    assert every["facets"]["kind"]["paper"] == res["total"]
    assert sum(every["facets"]["kind"].values()) == every["total"]

    assert _paper(_search(env, "Baumpflege kind:paper date:2022")) == "22/SVV/1134"
    assert _search(env, "Baumpflege date:2019")["total"] == 0
    assert _search(env, "Baumpflege -Bürgerhaushalt kind:paper")["total"] == 0
    either = _search(env, "Radschnellverbindung OR Stadtteildialog kind:paper")
    assert {"24/SVV/1155", "22/SVV/1084"} <= set(_refs(either))
    assert _search(env, '"Bäume gießen"')["total"] == 0  # not adjacent anywhere
    assert _search(env, '"Gemeinsame Baumpflege"')["total"] >= 1
    assert "24/SVV/1155" in _refs(_search(env, "Radschnell*", "--per-page", "50"))

    # snippets point back into the stored text of the source file
    hit = _search(env, "Radschnellverbindung", "--kind", "paper")["hits"][0]
    a, b = hit["highlights"][0]
    assert hit["snippet"][a:b].startswith("Radschnellverbindung")
    assert hit["source_spans"] and hit["source_spans"][0]["end"] > hit["source_spans"][0]["start"]
    assert hit["url"].startswith("/papers/")

    page1 = _search(env, "Ausschuss", "--per-page", "2")
    page2 = _search(env, "Ausschuss", "--per-page", "2", "--page", "2")
    assert page1["total"] > 2 and len(page1["hits"]) == 2
    assert not {h["key"] for h in page1["hits"]} & {h["key"] for h in page2["hits"]}

    res = _search(env, "Baumpflge")
    assert res["total"] == 0 and res["did_you_mean"] == "baumpflege"


@needs_corpus
@pytest.mark.store
@pytest.mark.slow
def test_index_follows_updates_and_reindex(cli_env: dict[str, str], tmp_path: Path) -> None:
    env = cli_env
    folder = tmp_path / "in"
    folder.mkdir()
    src = CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"
    target = folder / "mappe.txt"
    shutil.copy(src, target)
    assert run_cli(env, "ingest", "-q", str(folder)).returncode == 0
    assert _paper(_search(env, "Stadtteildialog")) == "22/SVV/1084"

    # the file changes: the Antrag on Stadtteildialoge is gone from it
    text = src.read_text(encoding="utf-8")
    changed = text.replace("Stadtteildialog", "Quartiersgespräch").replace("22/SVV/1084", "22/SVV/9999")
    target.write_text(changed, encoding="utf-8")
    assert run_cli(env, "ingest", "-q", str(folder)).returncode == 0
    gone = _search(env, "Stadtteildialog")
    assert "22/SVV/1084" not in _refs(gone)
    assert not any("Stadtteildialog" in h["snippet"] for h in gone["hits"])
    assert "22/SVV/1084" not in _refs(_search(env, "22/SVV/1084"))
    assert _paper(_search(env, "Quartiersgespräch")) == "22/SVV/9999"

    r = run_cli(env, "reindex")
    assert r.returncode == 0, r.stderr
    assert "indexed" in r.stdout
    assert _paper(_search(env, "Quartiersgespräch")) == "22/SVV/9999"


@needs_corpus
@pytest.mark.store
@pytest.mark.slow
@pytest.mark.skipif(not on_postgres(), reason="parity runs on the PostgreSQL pass")
def test_postgresql_and_tantivy_find_the_same_entries(corpus_env: dict[str, str]) -> None:
    env = corpus_env
    tantivy_env = dict(env, RATSINFO_SEARCH_BACKEND="tantivy")
    assert run_cli(tantivy_env, "reindex").returncode == 0
    queries = [
        "Radschnellverbindung", "Strategie Wasser", "Baumpflege", "Bäume gießen", "Beiräte Transparenz",
        "Onlinezugangsgesetz", "Stadtteildialog", "22/SVV/0792", "Rünger", "Strasse", "Kooperation",
        "Ausschuss party:SPD", '"Gemeinsame Baumpflege"', "Stadtteil*", "Beirat OR Beiräte -Senioren",
        "Transparenz date:2022", "Zusammenarbeit kind:document", "Potsdam",
    ]
    for query in queries:
        pg = _search(env, query, "--per-page", "200")
        tv = _search(tantivy_env, query, "--per-page", "200")
        assert pg["backend"] == "postgresql" and tv["backend"] == "tantivy"
        assert pg["total"] == tv["total"], query
        assert {h["key"] for h in pg["hits"]} == {h["key"] for h in tv["hits"]}, query
        assert pg["facets"] == tv["facets"], query
