"""Web benchmark: server time per page type on a store holding the corpus N times over.

Builds (once, cached) a store from ``--copies`` variants of every corpus file
(``ratsinfo.devtools.variants.vary``: new Drucksache numbers and dates per copy), ingested
with ``ratsinfo ingest`` — resumable, so a larger ``--copies`` only adds the missing files.
Then serves the store with gunicorn (the WSGI app ``ratsinfo.site.wsgi``, sync workers,
the server ``ratsinfo serve`` runs too) on
loopback and loads every page type with wrk (Debian's package; a small Python client
when wrk is missing). Prints p50/p95 latency per page type, p95 against the 50 ms
target, and (in-process, Django's test client) CPU ms and SQL queries per request.

    .venv/bin/python benchmarks/web.py [--copies 1000] [--seconds 10] [--connections 2]
        [--workers 2] [--cache DIR] [--build-only | --no-build] [--jobs 2]

The cache defaults to ``$RATSINFO_HOME/bench-web`` (``.ratsinfo/bench-web``). Set
``RATSINFO_DATABASE_URL`` to benchmark on PostgreSQL (the database is filled the same way).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from ratsinfo.devtools.variants import vary

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0
BIN = Path(sys.executable).parent

# Page types: a fixed path, or the links found on a list page (paths matching ``detail``).
# Detail pages are sampled from several list pages so the load spreads over many objects.
SKIP_SEGMENT = re.compile(r"(?i)calend|kalender|ical|\.ics|feed|atom|export|csv|map|karte|netz|network|graph")
LISTS = {
    "papers": "/papers/",
    "meetings": "/meetings/",
    "persons": "/persons/",
    "organizations": "/organizations/",
    "cooperations": "/cooperations/",
}
SEARCH_TERMS = ["Kooperation", "Antrag", "Digitalisierung", "Verwaltung", "Haushalt", "Sitzung"]
# Pages beside a list whose paths look like a detail page's: page types of their own.
OWN_PAGES = {
    "cooperation network": "/cooperations/partners/",
    "cooperation years": "/cooperations/years/",
}


def _cache_dir(arg: Path | None) -> Path:
    if arg:
        return arg.resolve()
    return (Path(os.environ.get("RATSINFO_HOME", ROOT / ".ratsinfo")) / "bench-web").resolve()


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["RATSINFO_HOME"] = str(cache / "home")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["RATSINFO_DEBUG"] = "0"
    return env


def build(cache: Path, corpus: Path, copies: int, jobs: int) -> None:
    """Write the missing variants and ingest them; ingest skips what is already stored."""
    sources = sorted(corpus.glob("*.txt"))
    if not sources:
        raise SystemExit(f"no corpus files in {corpus}")
    files = cache / "files"
    files.mkdir(parents=True, exist_ok=True)
    done_marker = cache / "built.json"
    state = json.loads(done_marker.read_text()) if done_marker.exists() else {}
    if state.get("copies", 0) >= copies and state.get("database") == _database_label():
        print(f"store cached: {state['copies']} copies in {cache}", flush=True)
        return
    texts = [(p, p.read_text(encoding="utf-8")) for p in sources]
    for i in range(copies):
        for path, text in texts:
            out = files / f"{path.stem}__v{i:05d}{path.suffix}"
            if not out.exists():
                out.write_text(vary(text, i + 1), encoding="utf-8")
    # Copy by copy, so a build stopped half-way holds whole copies of the corpus.
    wanted = sorted(files.glob("*__v*.txt"), key=lambda f: (_copy(f), f.name))
    wanted = [f for f in wanted if _copy(f) < copies]
    print(f"ingesting {len(wanted)} files ({copies} copies) into {cache / 'home'} …", flush=True)
    start = time.perf_counter()
    # Files go in by name list in chunks so progress shows and an interrupted build resumes.
    chunk = 250
    for k in range(0, len(wanted), chunk):
        part = [str(f) for f in wanted[k : k + chunk]]
        run = subprocess.run(
            [str(BIN / "ratsinfo"), "ingest", "-q", "--jobs", str(jobs), *part],
            env=_env(cache), capture_output=True, text=True,
        )
        tail = run.stdout.strip().splitlines()[-1:] or [""]
        print(f"  {k + len(part)}/{len(wanted)} files, {time.perf_counter() - start:.0f} s: {tail[0]}",
              flush=True)
        # Warnings (a search index that could not be updated) would go unseen otherwise.
        for line in [ln for ln in run.stderr.splitlines() if ln.startswith("warning:")][:3]:
            print(f"    {line[:300]}", flush=True)
        if run.returncode not in (0, 2):
            print(run.stderr[-2000:], file=sys.stderr)
            raise SystemExit("ingest failed")
    done_marker.write_text(json.dumps({"copies": copies, "database": _database_label()}))


def _copy(f: Path) -> int:
    return int(f.stem.rsplit("__v", 1)[1])


def _database_label() -> str:
    url = os.environ.get("RATSINFO_DATABASE_URL", "")
    return re.sub(r"//[^@/]*@", "//", url) or "sqlite"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(cache: Path, workers: int) -> Iterator[str]:
    port = _free_port()
    env = _env(cache)
    # Migrate first (the CLI does it on every command): gunicorn workers must not race on it.
    subprocess.run([str(BIN / "ratsinfo"), "stats"], env=env, check=True, capture_output=True)
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "ratsinfo.site.wsgi:application"],
        env=env, cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(httpx.TransportError):
                httpx.get(base + "/", timeout=30)
                break
            if proc.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _links(client: httpx.Client, url: str) -> list[str]:
    r = client.get(url)
    if r.status_code != 200:
        return []
    return [urlsplit(urljoin(url, h)).path + (("?" + urlsplit(h).query) if urlsplit(h).query else "")
            for h in re.findall(r'href="([^"#]+)"', r.text)]


def page_types(base: str, samples: int) -> dict[str, list[str] | str]:
    """Paths to load per page type; a str value says why the page type is missing."""
    out: dict[str, list[str] | str] = {}
    with httpx.Client(base_url=base, timeout=60) as c:
        out["home"] = ["/"]
        out["search"] = [f"/search?q={t}" for t in SEARCH_TERMS]
        for name, path in LISTS.items():
            singular = name.rstrip("s")
            r = c.get(path)
            if r.status_code != 200:
                out[f"{singular} list"] = f"{path} answers {r.status_code}"
                out[f"{singular} detail"] = f"{path} answers {r.status_code}"
                continue
            out[f"{singular} list"] = [path, f"{path}?page=2"]
            detail = re.compile(rf"^{re.escape(path)}[^/?]+/$")
            found: list[str] = []
            for page in range(1, 6):
                for link in _links(c, f"{base}{path}?page={page}"):
                    if (detail.match(link) and not SKIP_SEGMENT.search(link) and link not in found
                            and link not in OWN_PAGES.values()):
                        found.append(link)
                if len(found) >= samples:
                    break
            out[f"{singular} detail"] = found[:samples] or f"no detail link on {path}"
            if name == "meetings":
                cal = [link for link in _links(c, base + path)
                       if re.search(r"(?i)calendar|kalender", link) and not link.endswith(".ics")]
                cal += ["/meetings/calendar/"]
                ok = [u for u in cal if c.get(u).status_code == 200]
                # Months that hold meetings (the current month may be empty): the calendar's
                # own month links, followed back and forth from the month of a meeting.
                months = [m for m in _links(c, base + ok[0]) if m.startswith(ok[0] + "?")] if ok else []
                full = [m for m in dict.fromkeys(months)
                        if any(re.match(r"^/meetings/\d+/$", u) for u in _links(c, base + m))]
                out["meeting calendar"] = (full or ok)[:samples] or "no calendar page found"
        for name, path in OWN_PAGES.items():
            # The page, the variants it links to (other years compared, pages of its table)
            # and one per body it offers.
            r = c.get(path)
            variants = [path, *(u for u in _links(c, base + path) if u.startswith(path + "?"))]
            variants += [f"{path}?body={pk}" for pk in re.findall(r'<option value="(\d+)"', r.text)]
            out[name] = list(dict.fromkeys(variants))[:samples] if r.status_code == 200 else (
                f"{path} answers {r.status_code}")
        # Load only pages that answer 200 where they are asked (wrk follows no redirect).
        for name, urls in list(out.items()):
            if isinstance(urls, list):
                final = []
                for u in urls:
                    r = c.get(u, follow_redirects=True)
                    if r.status_code == 200:
                        final.append(r.url.raw_path.decode())
                out[name] = list(dict.fromkeys(final)) or f"{urls[0]} answers {r.status_code}"
    return out


WRK_SCRIPT = """
local paths = {%s}
local i = 0
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%d\\n", summary.requests,
    bad + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.max / 1000))
end
"""


def load_wrk(base: str, paths: list[str], seconds: float, connections: int) -> tuple[int, int, float, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        run = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
             "-s", f.name, base],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(f.name)
    m = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+)", run.stdout)
    assert m, run.stdout
    return int(m[1]), int(m[2]), float(m[3]), float(m[4])


def load_python(base: str, paths: list[str], seconds: float, connections: int) -> tuple[int, int, float, float]:
    """Fallback without wrk: ``connections`` threads, each a keep-alive client, for ``seconds``."""
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> tuple[list[float], int]:
        times: list[float] = []
        errors = 0
        with httpx.Client(base_url=base, timeout=30) as c:
            i = offset
            while time.perf_counter() < deadline and len(times) < 100_000:
                t = time.perf_counter()
                r = c.get(paths[i % len(paths)])
                times.append((time.perf_counter() - t) * 1000)
                errors += r.status_code != 200
                i += 1
        return times, errors

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(worker, range(connections)))
    times = sorted(t for ts, _ in results for t in ts)
    q = statistics.quantiles(times, n=100, method="inclusive")
    return len(times), sum(e for _, e in results), q[49], q[94]


def cpu_profile(cache: Path, pages: dict[str, list[str] | str], rounds: int = 3) -> dict[str, tuple[float, int]]:
    """Median CPU ms and SQL queries per request, in this process (Django's test client).

    CPU time hardly moves with the other load on a shared machine, unlike wall time; on
    SQLite it includes the database's work. Relative figures: compare page types.
    """
    os.environ.update({k: v for k, v in _env(cache).items() if k.startswith("RATSINFO_")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "ratsinfo.site.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    out: dict[str, tuple[float, int]] = {}
    for name, paths in pages.items():
        if isinstance(paths, str):
            continue
        cpu: list[float] = []
        queries: list[int] = []
        for _ in range(rounds):
            for path in paths:
                with CaptureQueriesContext(connection) as ctx:
                    t = time.process_time()
                    client.get(path)
                    cpu.append((time.process_time() - t) * 1000)
                queries.append(len(ctx.captured_queries))
        out[name] = (statistics.median(cpu), int(statistics.median(queries)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--jobs", type=int, default=2, help="parser processes for the build")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    ap.add_argument("--connections", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=10.0, help="load time per page type")
    ap.add_argument("--samples", type=int, default=20, help="objects per detail page type")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--no-build", action="store_true",
                    help="benchmark the cached store as it is (e.g. a build stopped half-way)")
    args = ap.parse_args()

    cache = _cache_dir(args.cache)
    if not args.no_build:
        build(cache, args.corpus, args.copies, args.jobs)
    if args.build_only:
        return 0
    stats = json.loads(subprocess.run([str(BIN / "ratsinfo"), "stats", "--json"], env=_env(cache),
                                      capture_output=True, text=True, check=True).stdout)
    load = load_wrk if shutil.which("wrk") else load_python
    copies = stats.get("source_files", 0) / max(1, len(list(args.corpus.glob("*.txt"))))
    print(f"store: {copies:.0f} copies — {stats.get('source_files')} files, {stats.get('papers')} papers, "
          f"{stats.get('meetings')} meetings, {stats.get('persons')} persons, "
          f"{stats.get('organizations')} organizations ({_database_label()})")
    print(f"server: gunicorn, {args.workers} sync workers; load: {load.__name__[5:]}, "
          f"{args.connections} connections, {args.seconds:.0f} s per page type\n")
    rows = []
    worst = 0.0
    missing = 0
    with server(cache, args.workers) as base:
        pages = page_types(base, args.samples)
        for name, paths in pages.items():
            if isinstance(paths, str):
                missing += 1
                rows.append((name, paths))
                print(f"  {name}: missing ({paths})", flush=True)
                continue
            # One pass first so every worker has warm caches (templates, connections).
            with httpx.Client(base_url=base, timeout=60) as c:
                for p in paths:
                    c.get(p)
            n, errors, p50, p95 = load(base, paths, args.seconds, args.connections)
            worst = max(worst, p95 / TARGET_MS)
            rows.append((name, (len(paths), n, errors, p50, p95)))
            print(f"  {name}: p95 {p95:.1f} ms", flush=True)
    cpu = cpu_profile(cache, pages)
    print(f"\n{'page type':<22} {'urls':>4} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p95/50ms':>8} {'cpu ms':>7} {'queries':>7}")
    for name, row in rows:
        if isinstance(row, str):
            print(f"{name:<22} missing: {row}")
            continue
        urls, n, errors, p50, p95 = row
        cpu_ms, queries = cpu[name]
        print(f"{name:<22} {urls:>4} {n:>8} {errors:>6} {p50:>8.1f} {p95:>8.1f} {p95 / TARGET_MS:>8.2f} "
              f"{cpu_ms:>7.1f} {queries:>7}")
    print(f"\nworst p95 / target: {worst:.2f} ({'meets' if worst <= 1 else 'misses'} the {TARGET_MS:.0f} ms"
          f" target){f'; {missing} page types missing' if missing else ''}")
    print("note: 2 shared cores, client and server on one machine: figures are noisy.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
