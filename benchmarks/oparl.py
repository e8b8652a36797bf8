"""OParl benchmark: objects/s imported, and the API's p95 per list page on ≥ 100k objects.

1. Import: the Hürtgenwald dump (OParl 1.0, ~17.7k objects) served on loopback, imported by
   `ratsinfo oparl import --no-files` into a fresh SQLite store (files: the dump has none).
2. API: a fresh store filled with ≥ 100k objects (papers with files and consultations,
   meetings with agenda items, persons with memberships), served by `ratsinfo serve`;
   pages of every list fetched over HTTP (first, middle, deep and last pages).

    .venv/bin/python benchmarks/oparl.py [--objects 100000] [--pages 40]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMP = ROOT.parent / "shared" / "oparl" / "examples" / "huertgenwald_2021"
EXE = Path(sys.executable).with_name("ratsinfo")


def bench_import(tmp: Path) -> dict[str, float]:
    from ratsinfo.oparl.dumpserver import DumpServer

    env = {k: v for k, v in os.environ.items() if k != "RATSINFO_DATABASE_URL"}
    env["RATSINFO_HOME"] = str(tmp / "import-home")
    subprocess.run([str(EXE), "list", "papers"], env=env, capture_output=True, check=True)  # migrate first
    out: dict[str, float] = {}
    with DumpServer(DUMP) as server:
        for label, extra in (("first", []), ("second", ["--full"])):
            start = time.perf_counter()
            run = subprocess.run(
                [str(EXE), "oparl", "import", "-q", "--no-files", *extra, server.url("system")],
                env=env, capture_output=True, text=True,
            )
            elapsed = time.perf_counter() - start
            if run.returncode != 0:
                raise SystemExit(run.stderr)
            n = int(re.match(r"(\d+) objects", run.stdout).group(1))  # type: ignore[union-attr]
            out[f"{label}_objects"] = n
            out[f"{label}_seconds"] = elapsed
            out[f"{label}_objects_per_s"] = n / elapsed
    return out


def populate(home: Path, target: int) -> int:
    """A store of ``target``+ objects, written with bulk inserts (in a child process)."""
    code = f"""
import os, datetime as dt
os.environ["RATSINFO_HOME"] = {str(home)!r}
os.environ.pop("RATSINFO_DATABASE_URL", None)
from ratsinfo.cli import _django
_django()
from django.utils import timezone
from ratsinfo.store.models import *
target = {target}
body = Body.objects.create(name="Benchmarkstadt")
orgs = Organization.objects.bulk_create([Organization(body=body, name=f"Ausschuss {{i}}", organization_type="Gremium") for i in range(50)])
persons = Person.objects.bulk_create([Person(body=body, name=f"Person {{i}}", given_name="P", family_name=str(i)) for i in range(2000)])
Membership.objects.bulk_create([Membership(person=p, organization=orgs[i % 50], role="Mitglied") for i, p in enumerate(persons)])
n_papers = target // 4
files = File.objects.bulk_create([File(name=f"Vorlage {{i}}", file_name=f"v{{i}}.pdf", mime_type="application/pdf", access_url=f"https://example.org/v{{i}}.pdf") for i in range(n_papers)], batch_size=2000)
papers = Paper.objects.bulk_create([Paper(body=body, reference=f"{{i}}/2024", name=f"Vorlage Nummer {{i}}", paper_type="Beschlussvorlage", main_file=files[i], date=dt.date(2024, 1, 1)) for i in range(n_papers)], batch_size=2000)
Consultation.objects.bulk_create([Consultation(paper=p, role="Entscheidung", authoritative=True) for p in papers], batch_size=2000)
start = timezone.now()
meetings = Meeting.objects.bulk_create([Meeting(body=body, name=f"Sitzung {{i}}", start=start - dt.timedelta(days=i)) for i in range(target // 20)], batch_size=2000)
AgendaItem.objects.bulk_create([AgendaItem(meeting=m, order=k, number=f"{{k+1}}.", name=f"Punkt {{k+1}}") for m in meetings for k in range(4)], batch_size=5000)
total = sum(M.objects.count() for M in (Body, Organization, Person, Membership, File, Paper, Consultation, Meeting, AgendaItem))
print(total)
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0:
        raise SystemExit(run.stderr)
    return int(run.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_api(tmp: Path, objects: int, pages: int) -> dict[str, object]:
    import httpx

    home = tmp / "api-home"
    total = populate(home, objects)
    env = {k: v for k, v in os.environ.items() if k != "RATSINFO_DATABASE_URL"}
    env["RATSINFO_HOME"] = str(home)
    port = _free_port()
    server = subprocess.Popen(
        [str(EXE), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/oparl/v1.1"
    try:
        with httpx.Client(timeout=60) as client:
            for _ in range(200):
                try:
                    client.get(base + "/system")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            body = client.get(base + "/bodies").json()["data"][0]
            per_list: dict[str, float] = {}
            all_times: list[float] = []
            for key in ("paper", "meeting", "person", "organization", "agendaItem", "consultation", "file", "membership"):
                first = client.get(body[key]).json()
                last_page = first["pagination"]["totalPages"]
                wanted = sorted({1, last_page, *(1 + (last_page - 1) * i // max(1, pages - 1) for i in range(pages))})
                times = []
                for page in wanted:
                    t = time.perf_counter()
                    r = client.get(body[key], params={"page": page})
                    times.append(time.perf_counter() - t)
                    assert r.status_code == 200 and r.json()["data"], (key, page)
                per_list[key] = _p95(times) * 1000
                all_times += times
    finally:
        server.terminate()
        server.wait(10)
    return {
        "objects": total,
        "page_size": 100,
        "pages_fetched": len(all_times),
        "p95_ms": _p95(all_times) * 1000,
        "median_ms": statistics.median(all_times) * 1000,
        "p95_ms_per_list": {k: round(v, 1) for k, v in per_list.items()},
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objects", type=int, default=100_000)
    ap.add_argument("--pages", type=int, default=40, help="pages sampled per list")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ratsinfo-oparl-bench-") as tmp:
        imp = bench_import(Path(tmp))
        print(
            f"import: {imp['first_objects']:.0f} objects in {imp['first_seconds']:.1f}s = "
            f"{imp['first_objects_per_s']:.0f} objects/s (second, unchanged: "
            f"{imp['second_objects_per_s']:.0f} objects/s)"
        )
        api = bench_api(Path(tmp), args.objects, args.pages)
        print(
            f"api: {api['objects']} objects, {api['pages_fetched']} list pages of 100: "
            f"p95 {api['p95_ms']:.1f} ms, median {api['median_ms']:.1f} ms"
        )
        print(json.dumps({"import": imp, "api": api}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
