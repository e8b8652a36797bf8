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


def test_fast_tokenizer_equals_the_token_pattern() -> None:
    import random

    from ratsinfo.search.analysis import TOKEN_RE, tokenize

    samples = ["siehe 22/SVV/0792, auch 22-SVV-0792.", "x /22/SVV/1 --22/SVV/0792 22/SVV/0792/ a//b",
               "„Radweg“ E-Government Bürger-Haushalt foo_bar x\u00a0y VO/2023/0123, 0815/2023;"]
    rnd = random.Random(5)
    alphabet = [*"aäßZ09_/-.,;: \n„“–…()\u00a0éǅ²\u0308", "22", "SVV", "0792", "VO"]
    samples += ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(1, 16))) for _ in range(20000)]
    for text in samples:
        assert tokenize(text) == TOKEN_RE.findall(text), text


def test_joined_terms_equal_the_per_token_terms() -> None:
    import random

    from ratsinfo.devtools.council_corpus import generate

    texts = ["Die Wasserstrategie der Stadt, siehe 22/SVV/0792 und 22-SVV-0792.",
             "„Radschnellverbindungen“ – Bürger-Haushalt 2023-01 foo_bar x\u00a0y VO/2023/0123, 0815/2023;"]
    texts += [f"{d.title}\n{d.text}" for d in generate(300, seed=3)]
    rnd = random.Random(9)
    alphabet = [*"aäßZ09_/-.,;: \n„“–…()\u00a0é²", "22", "SVV", "0792", "Wasser", "strategie", "Straße"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(1, 24))) for _ in range(3000)]
    per_token, per_piece = Analyzer(), Analyzer()
    for text in texts:
        main, parts = per_token.terms(text)
        joined, joined_parts = per_piece.joined_terms(text)
        assert joined.split() == main and joined_parts == parts, text
    # a grown vocabulary changes the splits of pieces already seen
    for an in (per_token, per_piece):
        an.add_vocabulary([fold("Quokka"), fold("Zählung")])
    assert per_piece.joined_terms("Die Quokkazählung")[1] == per_token.terms("Die Quokkazählung")[1]
    assert stem("Quokka") in per_piece.joined_terms("Die Quokkazählung")[1]


def test_worker_processes_prepare_the_same_documents_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    import base64

    from ratsinfo.devtools.council_corpus import generate
    from ratsinfo.search import parallel
    from ratsinfo.search.entries import Entry
    from ratsinfo.search.tantivy_backend import TantivyBackend

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 10)
    monkeypatch.setattr(parallel, "CHUNK", 7)  # many chunks: their order must hold
    entries = [Entry(key=f"paper:{d.id}", kind="paper", title=d.title, url="/", text=d.text,
                     reference=d.reference, date=d.date, organizations=[d.organization], parties=[d.party])
               for d in generate(120, seed=4)]
    entries.append(Entry(key='paper:"x"\\', kind="paper", title='Ein "Zitat" \\ mit\tTab', url="/",
                         text='„Wasser“ "Strategie" C:\\Pfad\n\x01 22/SVV/0792 – ende', organizations=['A "B"']))
    one = list(parallel.prepared(entries, Analyzer(), TantivyBackend.prepare, workers=0))
    two = list(parallel.prepared(entries, Analyzer(), TantivyBackend.prepare, workers=2))
    assert [e.key for e, _ in two] == [e.key for e in entries]
    assert [p for _, p in two] == [p for _, p in one]
    an = Analyzer()
    for e, prepared in two:  # valid JSON whatever the text holds, with the analysed terms
        doc = json.loads(prepared)
        assert doc["key"] == e.key and doc["text"].split() == an.terms(e.text)[0]
        assert base64.b64decode(doc["content"]).decode() == e.text
        assert json.loads(base64.b64decode(doc["meta"]))["title"] == e.title


def test_tantivy_index_built_with_workers_answers_like_one_built_in_process(tmp_path: Path) -> None:
    from ratsinfo.devtools.council_corpus import generate
    from ratsinfo.search import parallel
    from ratsinfo.search.entries import Entry
    from ratsinfo.search.tantivy_backend import TantivyBackend

    entries = [Entry(key=f"paper:{d.id}", kind="paper", title=d.title, url="/", text=d.text,
                     reference=d.reference, date=d.date, organizations=[d.organization], parties=[d.party])
               for d in generate(parallel.MIN_PARALLEL + 50, seed=5)]
    results = []
    for workers in (0, 2):
        an = Analyzer()
        backend = TantivyBackend(tmp_path / f"w{workers}")
        for e, prepared in parallel.prepared(entries, an, backend.prepare, workers):
            backend.add_prepared(e, prepared)
        backend.commit()
        found = {}
        phrase = '"' + " ".join(entries[3].title.split()[:2]) + '"'
        for text in ("Antrag", "Haushalt Schule", phrase, "Radschnell*", "Sanierung date:2020"):
            total, hits, facets = backend.search(q.parse(text, an).root, limit=len(entries))
            found[text] = (total, sorted(h["key"] for _, h in hits), facets)
        total, hits, _ = backend.search(q.parse(entries[7].reference, an).root, limit=1)
        found["ref"] = (total, hits[0][1]["key"], hits[0][1]["text"] == entries[7].text)
        backend.close()
        results.append(found)
    assert results[0] == results[1]
    assert results[1]["ref"][1:] == (entries[7].key, True)
    assert all(r[0] > 0 for r in results[1].values()), {k: r[0] for k, r in results[1].items()}


_BATCH_SCRIPT = """
import json, sys
from ratsinfo.cli import _django
_django()
from ratsinfo.search import engine, sync
from ratsinfo.store.ingest import ingest

engine.get_backend()  # an empty index over an empty store: no rebuild later on
calls = []
real = engine.sync_sources
engine.sync_sources = lambda ids: (calls.append(list(ids)), real(ids))[1]
with sync.batch() as pending:
    summary = ingest(sys.argv[1:])
    inside = engine.search("Stadtteildialog").total
    gathered = len(pending)
after = engine.search("Stadtteildialog")
print(json.dumps({"ingested": len(summary.ingested), "gathered": gathered, "inside": inside,
                  "calls": calls, "after": [h.get("reference") for h in after.hits]}))
"""


@needs_corpus
@pytest.mark.store
@pytest.mark.slow
def test_batch_indexes_a_whole_ingest_run_once(cli_env: dict[str, str]) -> None:
    import subprocess
    import sys

    files = [str(CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"),
             str(CORPUS / "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-a.txt")]
    r = subprocess.run([sys.executable, "-c", _BATCH_SCRIPT, *files], env=cli_env, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["ingested"] == 2 and out["gathered"] == 2
    assert out["inside"] == 0  # nothing indexed while the batch runs
    assert len(out["calls"]) == 1 and len(out["calls"][0]) == 2  # one pass for both files
    assert "22/SVV/1084" in out["after"]


@pytest.mark.store
@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(not on_postgres(), reason="the PostgreSQL backend's plans")
def test_postgresql_ranks_a_bounded_set_for_frequent_terms_and_counts_the_rest_exactly() -> None:
    from django.db import connection

    from ratsinfo.devtools.council_corpus import generate
    from ratsinfo.search.entries import Entry
    from ratsinfo.search.indexdoc import index_doc
    from ratsinfo.search.pg_backend import CANDIDATES_FREQUENT, COUNT_CAP, PostgresBackend

    an = Analyzer()
    backend = PostgresBackend()
    backend.clear()
    for d in generate(24_000):
        e = Entry(key=f"paper:{d.id}", kind="paper", title=d.title, url=f"/papers/{d.id}/", text=d.text,
                  reference=d.reference, date=d.date, organizations=[d.organization], parties=[d.party])
        backend.add(e, index_doc(e, an))
    backend.commit()

    def matching(ts: str, extra: str = "") -> list[tuple[str, float]]:
        with connection.cursor() as cur:
            cur.execute(f"SELECT key, boost FROM store_searchentry WHERE tsv @@ %s::tsquery {extra}", [ts])
            return cur.fetchall()

    # a term in about half the entries: the 200 best-boosted matches are ranked, total estimated
    every = matching("'antrag'")
    assert len(every) > COUNT_CAP
    total, hits, _ = backend.search(q.parse("Antrag", an).root, limit=20, facets=False)
    assert abs(total - len(every)) < 0.25 * len(every)
    boost = dict(every)
    floor = sorted(boost.values(), reverse=True)[CANDIDATES_FREQUENT - 1]
    assert len(hits) == 20 and all(boost.get(m["key"], 0) >= floor for _, m in hits)
    assert [s for s, _ in hits] == sorted((s for s, _ in hits), reverse=True)

    # fewer matches: GIN first, the exact count, the same entries as a plain query
    rare = matching("'sanier'", "AND date BETWEEN 20200101 AND 20201231")
    total, hits, facets = backend.search(q.parse("Sanierung date:2020", an).root, limit=1000, facets=True)
    assert total == len(rare) and {m["key"] for _, m in hits} == {k for k, _ in rare}
    assert facets["kind=paper"] == len(rare)
    # a phrase is rechecked on the GIN matches only, and found exactly
    phrase = matching("'burgerbeteil' <-> 'konzept'")
    total, hits, _ = backend.search(q.parse('"Bürgerbeteiligung Konzept"', an).root, limit=500, facets=False)
    assert total == len(phrase) and {m["key"] for _, m in hits} == {k for k, _ in phrase}
