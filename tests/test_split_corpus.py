"""Split + classify + titles over the real corpus, compared with the gold `documents`.

Each corpus file is read twice: through the real reader (markup removed) and as the raw
converter output (markdown, HTML fragments and table pipes left in), because the split
rules must work on both.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest

from ratsinfo.eval.normalise import similarity
from ratsinfo.extract import extract_file
from ratsinfo.read import read_path
from ratsinfo.read.base import Reading
from ratsinfo.split import split_documents

SHARED = Path(
    os.environ.get("RATSINFO_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
FILES = sorted(p.name for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason="shared corpus not available")


def _gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


def _readings(name: str) -> list[tuple[str, Reading]]:
    path = CORPUS / name
    raw = path.read_text(encoding="utf-8")
    return [("reader", read_path(path)), ("raw", Reading(text=raw, format="text"))]


def _assert_documents_match(name: str, reading: Reading) -> None:
    gold = _gold(name)["documents"]["items"]
    got = extract_file(reading).documents
    assert [d.kind for d in got] == [g["kind"] for g in gold]
    for g, d in zip(gold, got, strict=True):
        if "reference" in g:
            assert d.reference == g["reference"]
        else:
            assert d.title is not None
            assert similarity(g["title"], d.title) >= 0.8, (g["title"], d.title)


@pytest.mark.parametrize("name", FILES)
def test_documents_equal_gold_with_reader(name: str) -> None:
    _assert_documents_match(name, read_path(CORPUS / name))


@pytest.mark.parametrize("name", FILES)
def test_documents_equal_gold_on_raw_converter_output(name: str) -> None:
    raw = (CORPUS / name).read_text(encoding="utf-8")
    _assert_documents_match(name, Reading(text=raw, format="text"))


@pytest.mark.parametrize("name", FILES)
def test_spans_cover_text_in_order(name: str) -> None:
    for _, reading in _readings(name):
        spans = split_documents(reading)
        assert spans[0].start == 0
        assert spans[-1].end == len(reading.text)
        for a, b in itertools.pairwise(spans):
            assert a.end == b.start and a.start < a.end
        assert all(s.reason for s in spans)


def test_session_folder_boundaries_fall_on_document_heads() -> None:
    reading = read_path(CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt")
    spans = split_documents(reading)
    heads = [reading.text[s.start : s.end].lstrip().split("\n", 1)[0] for s in spans]
    assert heads[0].startswith("25. öffentliche Sitzung")
    # Anträge start at their letterhead, not at the type line.
    assert heads[1:4] == ["Stadtverordnetenversammlung"] * 3
    assert heads[5] == "Niederschrift"
    assert heads[6].startswith("Im Dialog mit dem Oberbürgermeister")
    # The Antrag keeps its back page (the Stellungnahme form) and the Mitteilungsvorlage
    # its annex ("Anlage zur Mitteilungsvorlage …", the EfA table).
    first_antrag = reading.text[spans[1].start : spans[1].end]
    assert "Stellungnahme der Verwaltung" in first_antrag
    vorlage = reading.text[spans[4].start : spans[4].end]
    assert "Anlage zur Mitteilungsvorlage" in vorlage and "Priorisierte EfA" in vorlage
    # The minutes end with their last section; the slides are not part of them.
    minutes = reading.text[spans[5].start : spans[5].end]
    assert minutes.rstrip().endswith("Es werden keine Themen benannt.")


def test_rendition_a_keeps_its_annexes_in_one_document() -> None:
    reading = read_path(CORPUS / "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-a.txt")
    spans = split_documents(reading)
    assert len(spans) == 1
    assert "Pflichtige Zusatzinformationen" in reading.text[spans[0].start : spans[0].end]


def test_corpus_files_concatenated_split_back_apart() -> None:
    """All files glued together (page breaks between them): each file's documents come
    back, except the second rendition, whose header repeats the open paper's number
    and so reads as that paper's continuation."""
    names = sorted(FILES)
    texts = [read_path(CORPUS / n).text for n in names]
    reading = Reading(text="\n\n\n\n".join(texts), format="text")
    got = [(d.kind, d.reference or d.title) for d in extract_file(reading).documents]
    expected = []
    for n in names:
        if n.endswith("rendition-b.txt"):
            continue
        expected += [
            (g["kind"], g.get("reference") or g.get("title"))
            for g in _gold(n)["documents"]["items"]
        ]
    assert [k for k, _ in got] == [k for k, _ in expected]
    for (_, a), (_, b) in zip(got, expected, strict=True):
        assert a is not None and similarity(a, b) >= 0.8
