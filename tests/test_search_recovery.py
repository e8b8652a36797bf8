"""The index catches up with the store after a crash between a file's commit and the
index commit (ingest indexes in batches; search/sync.py journals what is pending)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, run_cli

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")

# Dies the hard way (no cleanup, no finally) right after the first file's transaction
# committed: the file is in the store, its id in the journal, nothing in the index.
_CRASH_SCRIPT = """
import os, sys
from ratsinfo.cli import _django
_django()
from ratsinfo.store.ingest import ingest

def die(status, path, detail):
    if status == "ingested":
        os._exit(9)

ingest(sys.argv[1:], on_event=die)
"""


@needs_corpus
@pytest.mark.store
@pytest.mark.slow
def test_crash_before_index_commit_is_repaired_by_next_ingest(cli_env: dict[str, str]) -> None:
    # A store and index that already hold something (an empty one is rebuilt on first use).
    first = run_cli(cli_env, "ingest", str(CORPUS / "potsdam_pressemitteilung_regionalgespraech_2023.txt"))
    assert first.returncode == 0, first.stderr
    paper = CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"
    crashed = subprocess.run([sys.executable, "-c", _CRASH_SCRIPT, str(paper)], env=cli_env,
                             capture_output=True, text=True, timeout=300)
    assert crashed.returncode == 9, crashed.stderr
    journal = Path(cli_env["RATSINFO_HOME"]) / "search-pending"
    assert journal.read_text().split()  # the stored file waits for the index

    def hits() -> list[str]:
        r = run_cli(cli_env, "search", "Stadtteildialog", "--json")
        assert r.returncode == 0, r.stderr
        return [h.get("reference") for h in json.loads(r.stdout)["hits"]]

    assert "22/SVV/1084" not in hits()  # stored, not yet indexed

    # The file is unchanged, so this run stores nothing; it still repairs the index.
    r = run_cli(cli_env, "ingest", str(paper))
    assert r.returncode == 0, r.stderr
    assert "0 ingested, 1 unchanged" in r.stdout
    assert "22/SVV/1084" in hits()
    assert not journal.exists()


@needs_corpus
@pytest.mark.store
@pytest.mark.slow
def test_batched_ingest_leaves_nothing_pending(cli_env: dict[str, str]) -> None:
    r = run_cli(cli_env, "ingest", str(CORPUS))
    assert r.returncode == 0, r.stderr
    assert not (Path(cli_env["RATSINFO_HOME"]) / "search-pending").exists()
    s = run_cli(cli_env, "search", "Onlinezugangsgesetz", "--json")
    refs = [h.get("reference") for h in json.loads(s.stdout)["hits"]]
    assert "22/SVV/1207" in refs
