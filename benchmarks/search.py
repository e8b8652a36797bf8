"""Search benchmark: ≥ 200k synthetic council documents into tantivy (ours), SQLite FTS5
(unicode61), PostgreSQL `german` (plain GIN) and our PostgreSQL backend (rank-limited).

Prints indexing docs/s, p50/p95 per query class and engine, and the ratios ours/FTS5 and
ours/PostgreSQL.

    .venv/bin/python benchmarks/search.py [--docs 200000] [--pg postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from ratsinfo.devtools.council_corpus import SyntheticDoc, generate
from ratsinfo.search import query as q
from ratsinfo.search.analysis import Analyzer
from ratsinfo.search.entries import Entry
from ratsinfo.search.indexdoc import index_doc

REPEAT = 30

# class → (our query language, FTS5 MATCH, PostgreSQL german tsquery)
QUERIES: dict[str, tuple[str, str, str]] = {
    "frequent": ("Antrag", "Antrag", "Antrag"),
    "rare": ("Schwimmhalle", "Schwimmhalle", "Schwimmhalle"),
    "and2": ("Haushalt Schule", "Haushalt AND Schule", "Haushalt & Schule"),
    "phrase": ('"Bürgerbeteiligung Konzept"', '"Bürgerbeteiligung Konzept"', "Bürgerbeteiligung <-> Konzept"),
    "prefix": ("Radschnell*", "Radschnell*", "Radschnell:*"),
    "filtered": ("Sanierung date:2020", "Sanierung", "Sanierung"),
    "drucksache": ("22/SVV/0792", '"22/SVV/0792"', "22/SVV/0792"),
}


def entry_of(d: SyntheticDoc) -> Entry:
    return Entry(
        key=f"paper:{d.id}", kind="paper", title=d.title, url=f"/papers/{d.id}/", text=d.text,
        reference=d.reference, label=d.kind, date=d.date, body="Musterstadt",
        organizations=[d.organization], parties=[d.party],
    )


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    fn()  # warm
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def bench_tantivy(docs: list[SyntheticDoc], folder: Path) -> tuple[float, dict[str, tuple[float, float]]]:
    from ratsinfo.search.tantivy_backend import TantivyBackend

    an = Analyzer()
    backend = TantivyBackend(folder / "tantivy", heap=256_000_000)
    t = time.perf_counter()
    for d in docs:
        e = entry_of(d)
        backend.add(e, index_doc(e, an))
    backend.commit()
    rate = len(docs) / (time.perf_counter() - t)
    out = {}
    for cls, (ours, _, _) in QUERIES.items():
        # the whole query path: parse, analyse, run, load the top 20 (facets apart)
        out[cls] = timed(lambda ours=ours: backend.search(q.parse(ours, an).root, limit=20, facets=False))
    return rate, out


def bench_fts5(docs: list[SyntheticDoc], folder: Path) -> tuple[float, dict[str, tuple[float, float]]]:
    db = sqlite3.connect(folder / "fts.sqlite3")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, text, date UNINDEXED, tokenize='unicode61')")
    t = time.perf_counter()
    db.executemany("INSERT INTO docs(rowid, title, text, date) VALUES (?,?,?,?)",
                   ((d.id, d.title, d.text, d.date) for d in docs))
    db.commit()
    rate = len(docs) / (time.perf_counter() - t)
    out = {}
    for cls, (_, fts, _) in QUERIES.items():
        extra = " AND date BETWEEN 20200101 AND 20201231" if cls == "filtered" else ""
        sql = f"SELECT rowid, title FROM docs WHERE docs MATCH ?{extra} ORDER BY bm25(docs) LIMIT 20"
        out[cls] = timed(lambda sql=sql, fts=fts: db.execute(sql, (fts,)).fetchall())
    return rate, out


def bench_pg_german(docs: list[SyntheticDoc], url: str) -> tuple[float, dict[str, tuple[float, float]]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_german")
        conn.execute("CREATE TABLE bench_german (id int primary key, title text, text text, date int, tsv tsvector)")
        t = time.perf_counter()
        with conn.cursor().copy("COPY bench_german (id, title, text, date) FROM STDIN") as cp:
            for d in docs:
                cp.write_row((d.id, d.title, d.text, d.date))
        conn.execute("UPDATE bench_german SET tsv = setweight(to_tsvector('german', title), 'A') || to_tsvector('german', text)")
        conn.execute("CREATE INDEX ON bench_german USING gin (tsv)")
        conn.execute("VACUUM ANALYZE bench_german")
        rate = len(docs) / (time.perf_counter() - t)
        out = {}
        for cls, (_, _, pg) in QUERIES.items():
            extra = " AND date BETWEEN 20200101 AND 20201231" if cls == "filtered" else ""
            sql = (f"SELECT id, title FROM bench_german WHERE tsv @@ to_tsquery('german', %s){extra} "
                   "ORDER BY ts_rank(tsv, to_tsquery('german', %s)) DESC LIMIT 20")
            out[cls] = timed(lambda sql=sql, pg=pg: conn.execute(sql, (pg, pg)).fetchall())
        conn.execute("DROP TABLE bench_german")
    return rate, out


def bench_pg_ours(docs: list[SyntheticDoc], url: str) -> tuple[float, dict[str, tuple[float, float]]]:
    """Our server backend in a fresh database (migrated schema, the real query code)."""
    import dj_database_url
    import psycopg

    name = f"ratsinfo_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    cfg = dj_database_url.parse(url)
    os.environ["RATSINFO_DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ratsinfo.site.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from ratsinfo.search.pg_backend import PostgresBackend

        call_command("migrate", interactive=False, verbosity=0)
        an = Analyzer()
        backend = PostgresBackend()
        t = time.perf_counter()
        for d in docs:
            e = entry_of(d)
            backend.add(e, index_doc(e, an))
        backend.commit()
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE store_searchentry")
        rate = len(docs) / (time.perf_counter() - t)
        out = {}
        for cls, (ours, _, _) in QUERIES.items():
            out[cls] = timed(lambda ours=ours: backend.search(q.parse(ours, an).root, limit=20, facets=False))
        connection.close()
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        assert cfg
    return rate, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200_000)
    ap.add_argument("--pg", default=os.environ.get("RATSINFO_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres"))
    ap.add_argument("--no-pg", action="store_true")
    args = ap.parse_args()

    t = time.perf_counter()
    docs = list(generate(args.docs))
    words = sum(len(d.text.split()) for d in docs)
    print(f"generated {len(docs)} documents, {words / len(docs):.0f} words each on average, "
          f"in {time.perf_counter() - t:.1f} s; load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    results: dict[str, tuple[float, dict[str, tuple[float, float]]]] = {}
    with tempfile.TemporaryDirectory(prefix="ratsinfo-search-bench-") as tmp:
        folder = Path(tmp)
        results["tantivy (ours)"] = bench_tantivy(docs, folder)
        results["SQLite FTS5"] = bench_fts5(docs, folder)
        if not args.no_pg:
            results["PostgreSQL german"] = bench_pg_german(docs, args.pg)
            results["PostgreSQL (ours)"] = bench_pg_ours(docs, args.pg)

    engines = list(results)
    print()
    print(f"{'engine':<20} {'index docs/s':>12}")
    for e in engines:
        print(f"{e:<20} {results[e][0]:>12,.0f}")
    print()
    head = f"{'query class':<12}" + "".join(f" {e[:18]:>20}" for e in engines)
    print(head + "   (p50 / p95 ms)")
    for cls in QUERIES:
        row = f"{cls:<12}"
        for e in engines:
            p50, p95 = results[e][1][cls]
            row += f" {f'{p50:.2f} / {p95:.2f}':>20}"
        print(row)
    ours = results["tantivy (ours)"][1]
    print()
    for other in engines[1:]:
        ratios = ", ".join(f"{cls} {ours[cls][1] / max(results[other][1][cls][1], 1e-9):.3f}" for cls in QUERIES)
        print(f"p95 ours/{other}: {ratios}")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
