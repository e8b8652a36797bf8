"""A `kill -9` in the middle of an ingest leaves the store consistent; the next run finishes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, run_cli
from ratsinfo.devtools.variants import write_variants

pytestmark = [pytest.mark.store, pytest.mark.slow]


def _papers(env: dict[str, str]) -> list[tuple[str, str, int]]:
    rows = json.loads(run_cli(env, "list", "papers", "--json").stdout)
    return sorted((p["reference"], p["title"], p["files"]) for p in rows)


def test_kill_minus_nine_mid_ingest(cli_env, tmp_path) -> None:
    sources = sorted(p for p in CORPUS.glob("*.txt"))
    folder = tmp_path / "viele"
    files = list(write_variants(sources, folder, min_bytes=1_500_000))

    exe = Path(sys.executable).with_name("ratsinfo")
    proc = subprocess.Popen(
        [str(exe), "ingest", str(folder)], env=cli_env, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    seen = 0
    deadline = time.monotonic() + 120
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("ingested:"):
            seen += 1
            if seen >= 5:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert seen >= 5, "ingest did not get going"

    stats = json.loads(run_cli(cli_env, "stats", "--json").stdout)
    assert 5 <= stats["source_files"] < len(files)
    # Every stored file is complete: its File row and its documents are there.
    assert stats["files"] == stats["source_files"]
    docs = json.loads(run_cli(cli_env, "list", "documents", "--json").stdout)
    assert {d["file"] for d in docs} and len({d["file"] for d in docs}) == stats["source_files"]

    again = run_cli(cli_env, "ingest", str(folder), timeout=600)
    assert again.returncode == 0, again.stderr
    done, unchanged = (int(x.split()[0]) for x in again.stdout.strip().splitlines()[-1].split(",")[:2])
    assert unchanged == stats["source_files"]
    assert done + unchanged == len(files)

    # The interrupted store now equals one built in a single run (on SQLite: on the
    # PostgreSQL pass this also compares the two backends).
    fresh = {k: v for k, v in cli_env.items() if k != "RATSINFO_DATABASE_URL"}
    fresh["RATSINFO_HOME"] = str(tmp_path / "fresh")
    assert run_cli(fresh, "ingest", str(folder), timeout=600).returncode == 0
    assert _papers(fresh) == _papers(cli_env)
