"""Search benchmark: ≥ 200k synthetic council documents into tantivy (ours), SQLite FTS5
(unicode61), PostgreSQL `german` (plain GIN) and our PostgreSQL backend (rank-limited).

Prints indexing docs/s, p50/p95 per query class and engine, and the ratios ours/FTS5 and
ours/PostgreSQL. The machine is shared, so next to wall-clock times it prints CPU times of
this process (tantivy's indexing threads and the analysis worker processes included): docs per CPU-second and the CPU p95 of
each query, which the load of other processes barely moves. (PostgreSQL works in its server
processes, so for it only wall-clock times are meaningful.)

    .venv/bin/python benchmarks/search.py [--docs 200000] [--pg postgresql://postgres@127.0.0.1:5432/postgres]
        [--no-pg] [--no-fts] [--workers N]
"""

from __future__ import annotations

import argparse
import gc
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


Timing = tuple[float, float, float]  # p50 wall, p95 wall, p95 CPU (ms)
Result = tuple[float, float, dict[str, Timing]]  # docs/s wall, docs per CPU-second, per class


def timed(fn: Callable[[], object]) -> Timing:
    fn()  # warm
    times, cpu = [], []
    for _ in range(REPEAT):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    times.sort()
    cpu.sort()
    p95 = int(0.95 * (len(times) - 1))
    return statistics.median(times), times[p95], cpu[p95]


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished worker processes."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Clock:
    """Wall and CPU time (this process and its workers) since creation."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()

    def rates(self, n: int) -> tuple[float, float]:
        wall, cpu = time.perf_counter() - self.wall, cpu_seconds() - self.cpu
        return n / wall, n / max(cpu, 1e-9)


def bench_tantivy(docs: list[SyntheticDoc], folder: Path, workers: int | None) -> Result:
    from ratsinfo.search import parallel
    from ratsinfo.search.tantivy_backend import TantivyBackend

    an = Analyzer()
    backend = TantivyBackend(folder / "tantivy", heap=256_000_000)
    # The path `ratsinfo reindex` takes (engine.index_entries): entries analysed and
    # prepared in worker processes, one writer in this one; timed up to the commit.
    clock = Clock()
    entries = [entry_of(d) for d in docs]
    for e, prepared in parallel.prepared(entries, an, backend.prepare, workers):
        backend.add_prepared(e, prepared)
    backend.commit()
    rate, cpu_rate = clock.rates(len(docs))  # searchable from here on
    backend.close()  # let tantivy finish merging segments in the background work, as a server would
    out = {}
    for cls, (ours, _, _) in QUERIES.items():
        # the whole query path: parse, analyse, run, load the top 20 (facets apart)
        out[cls] = timed(lambda ours=ours: backend.search(q.parse(ours, an).root, limit=20, facets=False))
    return rate, cpu_rate, out


def bench_fts5(docs: list[SyntheticDoc], folder: Path) -> Result:
    db = sqlite3.connect(folder / "fts.sqlite3")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, text, date UNINDEXED, tokenize='unicode61')")
    clock = Clock()
    db.executemany("INSERT INTO docs(rowid, title, text, date) VALUES (?,?,?,?)",
                   ((d.id, d.title, d.text, d.date) for d in docs))
    db.commit()
    rate, cpu_rate = clock.rates(len(docs))
    out = {}
    for cls, (_, fts, _) in QUERIES.items():
        extra = " AND date BETWEEN 20200101 AND 20201231" if cls == "filtered" else ""
        sql = f"SELECT rowid, title FROM docs WHERE docs MATCH ?{extra} ORDER BY bm25(docs) LIMIT 20"
        out[cls] = timed(lambda sql=sql, fts=fts: db.execute(sql, (fts,)).fetchall())
    return rate, cpu_rate, out


def bench_pg_german(docs: list[SyntheticDoc], url: str) -> Result:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_german")
        conn.execute("CREATE TABLE bench_german (id int primary key, title text, text text, date int, tsv tsvector)")
        clock = Clock()
        with conn.cursor().copy("COPY bench_german (id, title, text, date) FROM STDIN") as cp:
            for d in docs:
                cp.write_row((d.id, d.title, d.text, d.date))
        conn.execute("UPDATE bench_german SET tsv = setweight(to_tsvector('german', title), 'A') || to_tsvector('german', text)")
        conn.execute("CREATE INDEX ON bench_german USING gin (tsv)")
        conn.execute("VACUUM ANALYZE bench_german")
        rate, _ = clock.rates(len(docs))
        out = {}
        for cls, (_, _, pg) in QUERIES.items():
            extra = " AND date BETWEEN 20200101 AND 20201231" if cls == "filtered" else ""
            sql = (f"SELECT id, title FROM bench_german WHERE tsv @@ to_tsquery('german', %s){extra} "
                   "ORDER BY ts_rank(tsv, to_tsquery('german', %s)) DESC LIMIT 20")
            out[cls] = timed(lambda sql=sql, pg=pg: conn.execute(sql, (pg, pg)).fetchall())
        conn.execute("DROP TABLE bench_german")
    return rate, float("nan"), out


def bench_pg_ours(docs: list[SyntheticDoc], url: str, workers: int | None) -> Result:
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

        from ratsinfo.search import parallel
        from ratsinfo.search.pg_backend import PostgresBackend

        call_command("migrate", interactive=False, verbosity=0)
        an = Analyzer()
        backend = PostgresBackend()
        clock = Clock()
        backend.clear()  # as `ratsinfo reindex` does: the GIN index is built once at the end
        entries = [entry_of(d) for d in docs]
        for e, prepared in parallel.prepared(entries, an, backend.prepare, workers):
            backend.add_prepared(e, prepared)
        backend.commit()
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE store_searchentry")
        rate, _ = clock.rates(len(docs))
        out = {}
        for cls, (ours, _, _) in QUERIES.items():
            out[cls] = timed(lambda ours=ours: backend.search(q.parse(ours, an).root, limit=20, facets=False))
        connection.close()
        rate_out: Result = (rate, float("nan"), out)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        assert cfg
    return rate_out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200_000)
    ap.add_argument("--pg", default=os.environ.get("RATSINFO_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres"))
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--no-fts", action="store_true")
    ap.add_argument("--workers", type=int, default=None,
                    help="analysis worker processes for tantivy indexing (default: one per core; 0: none)")
    args = ap.parse_args()

    t = time.perf_counter()
    docs = list(generate(args.docs))
    # The 200k generated documents live only in this process: keep the garbage collector from
    # walking them during the timed queries (a server holds no such list).
    gc.collect()
    gc.freeze()
    words = sum(len(d.text.split()) for d in docs)
    print(f"generated {len(docs)} documents, {words / len(docs):.0f} words each on average, "
          f"in {time.perf_counter() - t:.1f} s; load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="ratsinfo-search-bench-") as tmp:
        folder = Path(tmp)
        results["tantivy (ours)"] = bench_tantivy(docs, folder, args.workers)
        if not args.no_fts:
            results["SQLite FTS5"] = bench_fts5(docs, folder)
        if not args.no_pg:
            results["PostgreSQL german"] = bench_pg_german(docs, args.pg)
            results["PostgreSQL (ours)"] = bench_pg_ours(docs, args.pg, args.workers)

    engines = list(results)
    print()
    print(f"{'engine':<20} {'index docs/s':>12} {'docs/CPU-s':>11}")
    for e in engines:
        cpu_rate = results[e][1]
        print(f"{e:<20} {results[e][0]:>12,.0f} {'-' if cpu_rate != cpu_rate else f'{cpu_rate:,.0f}':>11}")
    print()
    head = f"{'query class':<12}" + "".join(f" {e[:22]:>24}" for e in engines)
    print(head + "   (p50 / p95 wall ms [p95 CPU ms])")
    in_process = {"tantivy (ours)", "SQLite FTS5"}
    for cls in QUERIES:
        row = f"{cls:<12}"
        for e in engines:
            p50, p95, cpu95 = results[e][2][cls]
            cell = f"{p50:.2f} / {p95:.2f}" + (f" [{cpu95:.2f}]" if e in in_process else "")
            row += f" {cell:>24}"
        print(row)
    ours = results["tantivy (ours)"][2]
    print()
    for other in engines[1:]:
        ratios = ", ".join(f"{cls} {ours[cls][1] / max(results[other][2][cls][1], 1e-9):.3f}" for cls in QUERIES)
        print(f"p95 wall ours/{other}: {ratios}")
    if "PostgreSQL (ours)" in results and "PostgreSQL german" in results:
        pg, ref = results["PostgreSQL (ours)"][2], results["PostgreSQL german"][2]
        ratios = ", ".join(f"{cls} {pg[cls][1] / max(ref[cls][1], 1e-9):.3f}" for cls in QUERIES)
        print(f"p95 wall PostgreSQL ours/german: {ratios}")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
