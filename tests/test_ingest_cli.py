"""`ratsinfo ingest` as a user runs it, on the real corpus, on both backends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, run_cli

pytestmark = [pytest.mark.store, pytest.mark.slow]

EXPECTED_PAPERS = ["22/SVV/0792", "22/SVV/1084", "22/SVV/1134", "22/SVV/1207", "24/SVV/1155"]


def _table_counts(env: dict[str, str]) -> dict[str, object]:
    out = run_cli(env, "stats", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_corpus_ingest_yields_the_five_papers_and_reingest_changes_nothing(cli_env) -> None:
    first = run_cli(cli_env, "ingest", str(CORPUS))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().splitlines()[-1] == "5 ingested, 0 unchanged, 0 failed"

    papers = json.loads(run_cli(cli_env, "list", "papers", "--json").stdout)
    assert sorted(p["reference"] for p in papers) == EXPECTED_PAPERS
    report = next(p for p in papers if p["reference"] == "24/SVV/1155")
    assert report["files"] == 2

    shown = json.loads(run_cli(cli_env, "show", "24/SVV/1155", "--json").stdout)
    assert len(shown["files"]) == 2
    main = [f for f in shown["files"] if f["main"]]
    # The converter output that kept the annex tables is the richer rendition.
    assert [Path(f["path"]).name for f in main] == [
        "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-a.txt"
    ]
    assert [Path(p).name for p in shown["renditions"]] == [
        "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-b.txt"
    ]

    # What became of the Antrag: the committee's minutes decided it.
    antrag = json.loads(run_cli(cli_env, "show", "22/SVV/0792", "--json").stdout)
    decided = [c for c in antrag["consultations"] if c.get("agenda_item")]
    assert [(c["date"], c["agenda_item"], c["result"]) for c in decided] == [
        ("2023-01-10", "3.1", "erledigt")
    ]
    assert decided[0]["votes"] == [{"kind": "einstimmig"}]
    assert decided[0]["meeting"]["start"].startswith("2023-01-10T18:00")
    assert [o["due"] for o in antrag["obligations"]] == ["2022-12"]
    assert antrag["resolution_proposal"].startswith("Die Stadtverordnetenversammlung möge beschließen")

    before = _table_counts(cli_env)
    docs_before = run_cli(cli_env, "list", "documents", "--json").stdout
    papers_before = run_cli(cli_env, "list", "papers", "--json").stdout
    second = run_cli(cli_env, "ingest", str(CORPUS))
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().splitlines()[-1] == "0 ingested, 5 unchanged, 0 failed"
    assert _table_counts(cli_env) == before
    assert run_cli(cli_env, "list", "documents", "--json").stdout == docs_before
    assert run_cli(cli_env, "list", "papers", "--json").stdout == papers_before


def test_session_folder_becomes_eight_documents(cli_env) -> None:
    mappe = CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"
    out = run_cli(cli_env, "ingest", str(mappe))
    assert out.returncode == 0, out.stderr
    docs = json.loads(run_cli(cli_env, "list", "documents", "--json").stdout)
    assert [d["kind"] for d in docs] == [
        "Einladung", "Antrag", "Antrag", "Antrag", "Mitteilungsvorlage",
        "Niederschrift", "Präsentation", "Präsentation",
    ]
    meetings = json.loads(run_cli(cli_env, "list", "meetings", "--json").stdout)
    assert len(meetings) == 1  # invitation and minutes are one meeting
    assert meetings[0]["start"].startswith("2023-01-10T18:00")


def test_changed_file_replaces_its_documents(cli_env, tmp_path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    target = folder / "vorlage.txt"
    shutil.copy(CORPUS / "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-b.txt", target)
    assert run_cli(cli_env, "ingest", str(folder)).returncode == 0
    # The same file now holds the session folder: its old paper must go, new ones come.
    shutil.copy(CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt", target)
    out = run_cli(cli_env, "ingest", str(folder))
    assert out.stdout.strip().splitlines()[-1] == "1 ingested, 0 unchanged, 0 failed"
    papers = json.loads(run_cli(cli_env, "list", "papers", "--json").stdout)
    assert sorted(p["reference"] for p in papers) == EXPECTED_PAPERS[:4]
    docs = json.loads(run_cli(cli_env, "list", "documents", "--json").stdout)
    assert len(docs) == 8


def test_parallel_ingest_gives_the_same_store(cli_env) -> None:
    out = run_cli(cli_env, "ingest", "--jobs", "2", str(CORPUS))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "5 ingested, 0 unchanged, 0 failed"
    papers = json.loads(run_cli(cli_env, "list", "papers", "--json").stdout)
    assert sorted(p["reference"] for p in papers) == EXPECTED_PAPERS
