"""Extraction benchmark: MB/s of text through all extractors, on one core.

Reads varied copies of the corpus (≥ 20 MB) once, then times ``extract_file`` (split,
classify and every extractor) over the readings. The first file is extracted once before
the clock starts: that call loads the gazetteer and compiles the patterns, a cost paid
once per process (printed as "start-up"), not per megabyte. The floor (baseline) is the same bytes
merely decoded and tokenised; the ratio is extraction time over floor time. Target:
≥ 2 MB/s per core.

    .venv/bin/python benchmarks/extract.py [--mb 20] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from ratsinfo.devtools.variants import write_variants
from ratsinfo.extract import extract_file
from ratsinfo.read import read_bytes

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r"\w+")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    sources = sorted(args.corpus.glob("*.txt"))
    if not sources:
        print(f"no corpus files in {args.corpus}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="ratsinfo-extract-") as tmp:
        blobs = [f.read_bytes() for f in write_variants(sources, Path(tmp), int(args.mb * 2**20))]
    mb = sum(len(b) for b in blobs) / 2**20

    t0 = time.perf_counter()
    readings = [read_bytes(b) for b in blobs]
    read_s = time.perf_counter() - t0
    text_mb = sum(len(r.text.encode()) for r in readings) / 2**20

    t0 = time.perf_counter()
    extract_file(readings[0])
    startup_s = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    documents = sum(len(extract_file(r).documents) for r in readings)
    extract_s = time.perf_counter() - t0
    # CPU time too: on a shared machine the wall clock counts other processes' turns.
    extract_cpu = time.process_time() - c0

    floor_s = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        n = sum(sum(1 for _ in TOKEN.finditer(b.decode("utf-8"))) for b in blobs)
        floor_s = min(floor_s, time.perf_counter() - t0)
    assert n > 0

    print(f"input            {len(blobs)} files, {mb:.1f} MB ({text_mb:.1f} MB normalised text)")
    print(f"read             {read_s:.2f} s, {mb / read_s:.2f} MB/s")
    print(f"start-up         {startup_s:.2f} s (first file: gazetteer and patterns, once per process)")
    print(f"extract          {extract_s:.2f} s, {text_mb / extract_s:.2f} MB/s per core, {documents} documents")
    print(f"extract (cpu)    {extract_cpu:.2f} s, {text_mb / extract_cpu:.2f} MB/s per core")
    print(f"read+extract     {mb / (read_s + extract_s):.2f} MB/s per core")
    print(f"floor            {floor_s:.3f} s, {mb / floor_s:.1f} MB/s (decode + tokenise)")
    print(f"ratio            extract {extract_s / floor_s:.1f}x, read+extract {(read_s + extract_s) / floor_s:.1f}x the floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
