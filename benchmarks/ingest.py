"""Ingest benchmark: the corpus replicated to ≥ 20 MB into a fresh SQLite store.

Prints documents/s, MB/s and peak RSS of `ratsinfo ingest`, and the same bytes merely
read, decoded and tokenised as the floor (baseline), with the ratio ingest/floor. The same
files are also only parsed (read → extract, no store) in one process: ingest time minus
that parse time is what storing costs (writer, cooperation register, search index).

    .venv/bin/python benchmarks/ingest.py [--mb 20] [--jobs 1] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ratsinfo.devtools.variants import write_variants

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r"\w+")


def floor_seconds(files: list[Path]) -> float:
    """Read, decode and tokenise every file: the least any ingest must do."""
    start = time.perf_counter()
    tokens = 0
    for f in files:
        tokens += sum(1 for _ in TOKEN.finditer(f.read_bytes().decode("utf-8")))
    elapsed = time.perf_counter() - start
    assert tokens > 0
    return elapsed


def parse_seconds(files: list[Path]) -> float:
    """Parse every file as ingest does (``--jobs 1``), without storing anything."""
    code = (
        "import sys, time\n"
        "from ratsinfo.pipeline import parse_task\n"
        "paths = sys.stdin.read().splitlines()\n"
        "start = time.perf_counter()\n"
        "for p in paths:\n"
        "    r = parse_task((p, 100 * 1024 * 1024))\n"
        "    assert not hasattr(r, 'reason'), (p, r.reason)\n"
        "print(time.perf_counter() - start)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], input="\n".join(map(str, files)),
                         capture_output=True, text=True, check=True)
    return float(run.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()

    sources = sorted(args.corpus.glob("*.txt"))
    if not sources:
        print(f"no corpus files in {args.corpus}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="ratsinfo-bench-") as tmp:
        folder = Path(tmp) / "files"
        files = list(write_variants(sources, folder, int(args.mb * 1024 * 1024)))
        total = sum(f.stat().st_size for f in files)
        env = {k: v for k, v in os.environ.items() if k != "RATSINFO_DATABASE_URL"}
        env["RATSINFO_HOME"] = str(Path(tmp) / "home")
        exe = Path(sys.executable).with_name("ratsinfo")

        start = time.perf_counter()
        run = subprocess.run(
            [str(exe), "ingest", "-q", "--jobs", str(args.jobs), str(folder)],
            env=env, capture_output=True, text=True,
        )
        seconds = time.perf_counter() - start
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if run.returncode != 0:
            print(run.stdout, run.stderr, file=sys.stderr)
            return 1
        stats = json.loads(
            subprocess.run([str(exe), "stats", "--json"], env=env, capture_output=True,
                           text=True, check=True).stdout
        )
        floor = min(floor_seconds(files) for _ in range(3))
        parse = parse_seconds(files)

    mb = total / 1024 / 1024
    docs = stats["documents"]
    print(f"files            {len(files)} ({mb:.1f} MB), jobs {args.jobs}")
    print(f"ingest           {seconds:.2f} s: {docs / seconds:.1f} documents/s, {mb / seconds:.2f} MB/s")
    print(f"peak RSS         {peak_kb / 1024:.0f} MB (largest process)")
    store = seconds - parse
    print(f"parse            {parse:.2f} s ({parse / seconds:.0%} of ingest): read → extract, one process")
    print(f"store            {store:.2f} s ({store / seconds:.0%}): ingest minus parse, "
          f"{store / parse:.2f}x the parse time, {store / len(files) * 1000:.0f} ms per file")
    print(f"floor            {floor:.3f} s: read+decode+tokenise, {mb / floor:.1f} MB/s")
    print(f"ratio            {seconds / floor:.0f}x the floor")
    print(f"stored           {stats['papers']} papers, {stats['meetings']} meetings, {docs} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
