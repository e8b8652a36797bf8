"""Plain text: paragraphs, list items, tab-separated tables and page breaks.

The line machinery here is shared: the converted reader subclasses :class:`LineReader`
to strip markdown and HTML fragments, and the PDF reader runs it over each page's text.

Conventions (those of PDF/DOCX-to-text converters):
- a blank line ends a paragraph; the text keeps one blank line (``\\n\\n``) there;
- three or more blank lines, or a form feed, mark a page boundary: a ``page_break``
  block over ``\\n\\n\\n\\n`` in the text;
- a line with tab characters is a table row, its cells separated by tabs; consecutive
  rows, also across blank lines (but not across a page break), form one table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ratsinfo.read.base import Block, Cell, Reading, Row
from ratsinfo.read.builder import (
    PAGE_GAP,
    PARAGRAPH_GAP,
    Builder,
    Flow,
    iter_lines,
    normalise_newlines,
)

# Record kinds, one per source line (or line part).
BLANK, PAGE, SKIP, PARA, LIST, HEAD, ROW, HTABLE = range(8)
# (kind, start, end, level_or_indent, cells)
Record = tuple[int, int, int, int, "list[tuple[int, int, int]] | None"]

_BLOCK_KIND = {PARA: "paragraph", LIST: "list_item", HEAD: "heading", ROW: "table", HTABLE: "table"}

# A bullet that the source text itself carries (kept in the text).
_BULLET_CHARS = "•·▪◦‣●○■□➢➤►-–*"
_TEXT_BULLET = re.compile(rf"[{re.escape(_BULLET_CHARS)}][ \t]+\S")
_PAGE_BREAK_BLANKS = 3


def _strip_range(src: str, s: int, e: int) -> tuple[int, int]:
    while s < e and src[s].isspace():
        s += 1
    while e > s and src[e - 1].isspace():
        e -= 1
    return s, e


def split_cells(src: str, s: int, e: int, sep: str) -> list[tuple[int, int, int]]:
    """Cells of a row as (start, end, separator_offset); the first cell's separator is -1."""
    cells: list[tuple[int, int, int]] = []
    prev = -1
    start = s
    find = src.find
    while True:
        i = find(sep, start, e)
        while sep == "|" and i > 0 and src[i - 1] == "\\":
            i = find(sep, i + 1, e)
        if i < 0:
            cs, ce = _strip_range(src, start, e)
            cells.append((cs, ce, prev))
            return cells
        cs, ce = _strip_range(src, start, i)
        cells.append((cs, ce, prev))
        prev = i
        start = i + 1


class LineReader:
    """Turns lines of ``src`` into text and blocks in a :class:`Builder`."""

    collapse = False

    def __init__(self, src: str, builder: Builder, unit: int | None = None) -> None:
        self.src = src
        self.b = builder
        self.unit = unit
        self._open: int | None = None  # record kind of the open block
        self._open_start = 0
        self._open_end = 0
        self._open_level = 0
        self._rows: list[Row] = []
        self._indents: list[int] = []
        self._gap = 0
        self._page = False
        self._emitted = False
        self._last_end = 0  # source offset just after the last content written

    # -- classification ---------------------------------------------------------------

    def classify(self, ls: int, le: int) -> Record:
        src = self.src
        line = src[ls:le]
        stripped = line.strip()
        if not stripped:
            return (BLANK, ls, le, 0, None)
        if "\t" in line:
            return (ROW, ls, le, 0, split_cells(src, ls, le, "\t"))
        s = ls + line.find(stripped[0])
        e = s + len(stripped)
        if stripped[0] in _BULLET_CHARS and _TEXT_BULLET.match(src, s, e):
            return (LIST, s, e, s - ls, None)
        return (PARA, s, e, 0, None)

    def records(self, start: int, end: int) -> Iterator[Record]:
        src = self.src
        for ls, le in iter_lines(src, start, end):
            ff = src.find("\f", ls, le)
            if ff < 0:
                yield self.classify(ls, le)
                continue
            # A form feed is a page boundary wherever it sits in the line.
            pos = ls
            while ff >= 0:
                if pos < ff:
                    yield self.classify(pos, ff)
                yield (PAGE, ff, ff + 1, 0, None)
                pos = ff + 1
                ff = src.find("\f", pos, le)
            if pos < le:
                yield self.classify(pos, le)

    # -- writing ----------------------------------------------------------------------

    def write_inline(self, s: int, e: int, cell: bool) -> None:
        Flow(self.b, self.unit, collapse=self.collapse, bullets=cell).text(self.src, s, e)

    def write_cells(self, cells: list[tuple[int, int, int]], row_start: int) -> Row | None:
        b = self.b
        out: list[Cell] = []
        filled = False
        for cs, ce, sep in cells:
            if sep >= 0:
                if self.src[sep] == "\t":
                    b.put("\t", sep, self.unit)
                else:
                    b.put_synthetic("\t", sep, self.unit)
            start = b.pos
            if cs < ce:
                self.write_inline(cs, ce, True)
            if b.pos > start:
                filled = True
            out.append(Cell(start, b.pos))
        if not filled:
            return None
        return Row(row_start, b.pos, tuple(out))

    def write_table(self, rec: Record) -> list[Row]:
        """Rows of a multi-line table unit (converted HTML tables)."""
        return []

    def _write_content(self, rec: Record) -> list[Row] | None:
        kind = rec[0]
        b = self.b
        if kind == ROW:
            cells = rec[4]
            assert cells is not None
            row = self.write_cells(cells, b.pos)
            return [row] if row is not None else []
        if kind == HTABLE:
            return self.write_table(rec)
        self.write_inline(rec[1], rec[2], False)
        return None

    def feed(self, rec: Record) -> None:
        kind = rec[0]
        if kind == BLANK:
            self._gap += 1
            return
        if kind == PAGE:
            self._page = True
            return
        if kind == SKIP:
            return
        b = self.b
        mark = b.mark()
        sep_start = b.pos
        page = False
        if self._emitted:
            if self._page or self._gap >= _PAGE_BREAK_BLANKS:
                sep, page = PAGE_GAP, True
            elif self._gap:
                sep = PARAGRAPH_GAP
            else:
                sep = "\n"
            if self.src.startswith(sep, self._last_end):
                b.put(sep, self._last_end, self.unit)
            else:
                b.put_synthetic(sep, self._last_end, self.unit)
        content_start = b.pos
        rows = self._write_content(rec)
        if b.pos == content_start or (rows is not None and not rows):
            b.rollback(mark)
            return
        continues = not page and (
            (kind == ROW and self._open in (ROW, HTABLE))
            or (kind == PARA and self._gap == 0 and self._open in (PARA, LIST))
        )
        if not continues:
            self.close()
            if page:
                b.add_block(Block("page_break", sep_start, content_start))
            self._open = kind
            self._open_start = content_start
            if kind == LIST:
                self._open_level = self._list_level(rec[3])
            else:
                self._indents.clear()
                self._open_level = rec[3] if kind == HEAD else 0
        if rows:
            self._rows.extend(rows)
        self._open_end = b.pos
        self._emitted = True
        self._gap = 0
        self._page = False
        self._last_end = rec[2]

    def _list_level(self, indent: int) -> int:
        st = self._indents
        while st and st[-1] > indent:
            st.pop()
        if not st or st[-1] < indent:
            st.append(indent)
        return len(st) - 1

    def close(self) -> None:
        kind = self._open
        if kind is None:
            return
        if kind in (ROW, HTABLE):
            if self._rows:
                rows = tuple(self._rows)
                self.b.add_block(Block("table", rows[0].start, rows[-1].end, rows=rows))
            self._rows = []
        else:
            self.b.add_block(
                Block(_BLOCK_KIND[kind], self._open_start, self._open_end, level=self._open_level)
            )
        self._open = None

    def run(self, start: int = 0, end: int | None = None) -> bool:
        """Read ``src[start:end]``; True when any text was written."""
        if end is None:
            end = len(self.src)
        for rec in self.records(start, end):
            self.feed(rec)
        self.close()
        return self._emitted


def read_text(text: str, encoding: str | None) -> Reading:
    """A decoded plain-text document."""
    src, crs = normalise_newlines(text)
    b = Builder()
    LineReader(src, b).run()
    return b.reading("text", encoding, crs)
