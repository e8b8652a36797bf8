"""The read stage on the real development corpus (read from ../shared/corpus, never copied)."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from ratsinfo.read import Reading, read_bytes, read_path

CORPUS = Path(
    os.environ.get("RATSINFO_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus")
)
FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=f"corpus not found at {CORPUS}")

_WORD = re.compile(r"\w+")
# Converter markup that must not survive into Reading.text.
_LEFTOVER = re.compile(
    r"\*\*|</?(?:p|i|b|u|td|tr|th|li|ul|table|br|span|div)\b[^>]*>|^#{1,6} |^\|.*\|$", re.M
)


def _corpus(name_part: str) -> Path:
    matches = [f for f in FILES if name_part in f.name]
    assert len(matches) == 1, f"expected one corpus file matching {name_part!r}"
    return matches[0]


@pytest.fixture(scope="module")
def readings() -> dict[str, Reading]:
    return {f.name: read_path(f) for f in FILES}


def test_formats_detected_from_content(readings: dict[str, Reading]) -> None:
    formats = {name: r.format for name, r in readings.items()}
    # The press release is plain prose; the others carry converter markup.
    assert formats[_corpus("pressemitteilung").name] == "text"
    for part in ("magdeburg", "rendition-a", "rendition-b", "sitzungsmappe"):
        assert formats[_corpus(part).name] == "converted", part
    # The name plays no part: the same bytes read alike without it.
    data = _corpus("rendition-b").read_bytes()
    assert read_bytes(data).format == "converted"


def test_no_markup_left_in_text(readings: dict[str, Reading]) -> None:
    for name, r in readings.items():
        left = _LEFTOVER.findall(r.text)
        assert not left, f"{name}: {left[:5]}"
        assert "&nbsp;" not in r.text and "<input" not in r.text
        assert "\r" not in r.text and "\u00a0" not in r.text


def test_structure_blocks_are_sound(readings: dict[str, Reading]) -> None:
    for name, r in readings.items():
        assert r.blocks, name
        last_end = 0
        for block in r.blocks:
            assert last_end <= block.start < block.end <= len(r.text), (name, block)
            last_end = block.end
            if block.kind == "table":
                assert block.rows
                for row in block.rows:
                    assert block.start <= row.start <= row.end <= block.end
                    for cell in row.cells:
                        assert row.start <= cell.start <= cell.end <= row.end
            else:
                assert not block.rows
            if block.kind == "page_break":
                assert r.text[block.start : block.end].strip() == ""
                assert "\n\n\n" in r.text[block.start : block.end]
            else:
                assert r.text[block.start : block.end].strip(), (name, block)


def test_headings_keep_levels_without_markers(readings: dict[str, Reading]) -> None:
    r = readings[_corpus("rendition-a").name]
    headings = [(b.level, r.text[b.start : b.end]) for b in r.blocks if b.kind == "heading"]
    assert (1, "5. Kooperationsbericht der interkommunalen Zusammenarbeit") in headings
    assert any(level == 3 and text == "Sachstand" for level, text in headings)
    assert all(not text.startswith(("#", "*")) for _, text in headings)


def test_potsdam_overview_is_one_big_table(readings: dict[str, Reading]) -> None:
    r = readings[_corpus("rendition-a").name]
    tables = [b for b in r.blocks if b.kind == "table"]
    big = max(tables, key=lambda b: len(b.rows))
    assert len(big.rows) >= 30
    first = big.rows[0]
    assert r.text[first.cells[0].start : first.cells[0].end] == "BM/GBL"
    # Cells holding several <p>/<li> paragraphs keep them as lines inside the cell span.
    cell_texts = [r.text[c.start : c.end] for row in big.rows for c in row.cells]
    multi = [t for t in cell_texts if t.count("\n") >= 2]
    assert multi, "expected cells with several paragraphs"
    assert any("Finanzausschuss" in t for t in multi)
    for t in cell_texts:
        assert "\t" not in t and "<" not in t
    # A row reads as one tab-separated line when its cells are single paragraphs.
    one_line = [
        r.text[row.start : row.end] for row in big.rows if "\n" not in r.text[row.start : row.end]
    ]
    assert any(line.count("\t") == 1 for line in one_line)
    assert r.tables_kept


def test_pipe_table_becomes_table_without_pipes(readings: dict[str, Reading]) -> None:
    r = readings[_corpus("rendition-a").name]
    rows = [
        r.text[row.start : row.end]
        for b in r.blocks
        if b.kind == "table"
        for row in b.rows
        if "Anlage1" in r.text[row.start : row.end]
    ]
    assert rows == ["1\tAnlage1 Pflichtige Zusatzinformationen zur Vorlage\töffentlich"]


def test_magdeburg_tab_tables(readings: dict[str, Reading]) -> None:
    r = readings[_corpus("magdeburg").name]
    tables = [b for b in r.blocks if b.kind == "table"]
    assert len(tables) >= 5
    rows = [row for t in tables for row in t.rows]
    assert len(rows) >= 150
    header = [r.text[c.start : c.end] for c in rows[0].cells]
    assert header == ["Art", "Thema", "Arbeitsstand", "Perspektive"]
    # Unit header rows keep their empty cells, so column positions survive.
    unit_rows = [row for row in rows if r.text[row.start : row.end].endswith("\t\t\t")]
    assert unit_rows
    assert all(len(row.cells) == 4 for row in unit_rows)
    # The <ul> fragments are gone; their bullets start lines inside the cell.
    cells = [r.text[c.start : c.end] for row in rows for c in row.cells]
    assert not any("<ul" in c or "list-style" in c for c in cells)
    assert any(c.startswith("•") and "\n•" in c for c in cells)


def test_sitzungsmappe_page_breaks_and_paragraphs(readings: dict[str, Reading]) -> None:
    r = readings[_corpus("sitzungsmappe").name]
    breaks = [b for b in r.blocks if b.kind == "page_break"]
    assert len(breaks) >= 5
    for b in breaks:
        assert r.text[b.start : b.end] == "\n\n\n\n"
    # The agenda ends a page and the first Antrag begins the next.
    end_of_agenda = r.text.index("8 Sonstiges")
    following = [b for b in breaks if b.start >= end_of_agenda]
    assert following and r.text[following[0].end :].startswith("Stadtverordnetenversammlung")
    # The page breaks give the page spans.
    assert len(r.pages) == len(breaks) + 1
    assert [p[1] for p in r.pages[:-1]] == [b.start for b in breaks]
    assert r.pages[0][0] == 0 and r.pages[-1][1] == len(r.text)
    # Paragraphs stay separated by one blank line; nothing runs together.
    assert "\n\nBetreff:\n\n" in r.text
    assert "\n\n\n\n\n" not in r.text


def test_nested_list_levels(readings: dict[str, Reading]) -> None:
    r = readings[_corpus("sitzungsmappe").name]
    items = {
        r.text[b.start : b.end].split(" ")[0]: b.level for b in r.blocks if b.kind == "list_item"
    }
    assert items["1"] == 0
    assert items["3.1"] == 1


def test_bold_fields_stay_separate_words(readings: dict[str, Reading]) -> None:
    r = readings[_corpus("sitzungsmappe").name]
    assert "Drucksache Nr.: TOP: Stellungnahme der Verwaltung" in r.text
    # A gender star and a founding-year star are not emphasis.
    ra = readings[_corpus("rendition-a").name]
    assert "(*2019)" in ra.text


def test_segments_map_random_spans_back_to_source(readings: dict[str, Reading]) -> None:
    rnd = random.Random(20240601)
    for f in FILES:
        r = readings[f.name]
        source = f.read_bytes().decode("utf-8-sig")
        text = r.text
        for _ in range(400):
            a = rnd.randrange(len(text))
            b = min(len(text), a + rnd.randrange(1, 400))
            sa = r.to_source(a).offset
            sb = r.to_source(b - 1).offset + 1
            assert 0 <= sa < sb <= len(source)
            words = _WORD.findall(text[a:b])
            # Drop words cut by the span's ends.
            if words and a > 0 and text[a - 1].isalnum() and text[a].isalnum():
                words = words[1:]
            if words and b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
                words = words[:-1]
            remaining = iter(_WORD.findall(source[sa:sb]))
            assert all(any(w == s for s in remaining) for w in words), (
                f.name,
                text[a:b],
                source[sa:sb],
            )


def test_segments_are_exact_for_copied_text(readings: dict[str, Reading]) -> None:
    for f in FILES:
        r = readings[f.name]
        source = f.read_bytes().decode("utf-8-sig")
        words = list(_WORD.finditer(r.text))
        for m in words[:: max(1, len(words) // 300)]:
            loc = r.to_source(m.start())
            assert source[loc.offset : loc.offset + len(m.group())] == m.group(), (
                f.name,
                m.group(),
            )


def test_renditions_share_their_words(readings: dict[str, Reading]) -> None:
    a = readings[_corpus("rendition-a").name].text
    b = readings[_corpus("rendition-b").name].text
    # Rendition b lacks the annexes but its opening reads word for word as in a.
    start_b = b.index("Der Hauptausschuss nimmt zur Kenntnis:")
    start_a = a.index("Der Hauptausschuss nimmt zur Kenntnis:")
    assert _WORD.findall(b[start_b : start_b + 2000]) == _WORD.findall(a[start_a : start_a + 2000])
