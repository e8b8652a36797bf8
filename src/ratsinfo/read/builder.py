"""Shared machinery of the readers: assemble normalised text, blocks and the source map.

Every reader writes its output through a :class:`Builder`. Text copied from the source
is written with the source offset it came from; text the reader invents (a newline for
a ``<p>``, a tab between pipe-table cells) is written with the offset of the markup it
stands for. The builder turns that into ``Reading.segments`` and merges runs that
continue one another, so plain text costs one segment, not one per line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ratsinfo.read.base import Block, Cell, Reading, Row

# White space that is not a plain single space: collapsed to one space in converted/HTML
# text. A single ' ' is deliberately not matched, so ordinary prose is copied in one go.
_HSPACE = "\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f-\x9f"
_NONSPACE_WS = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\n"
_WS_RUN = rf"(?P<ws>[{_HSPACE}\t\n]{{2,}}|[{_NONSPACE_WS}])|(?P<inv>[{_INVISIBLE}]+)"
# The look-ahead names the characters a match can start with, which lets the regex
# engine skip ordinary text quickly.
_COLLAPSE = re.compile(rf"(?=[{_NONSPACE_WS}{_INVISIBLE}]| [{_HSPACE}\t\n])(?:{_WS_RUN})")
# Same, but a bullet after white space starts a new line (a list flattened into a cell).
_BULLETS = "•▪◦●○■"
_COLLAPSE_BULLETS = re.compile(
    rf"(?=[{_NONSPACE_WS}{_INVISIBLE}{_BULLETS}]| [{_HSPACE}\t\n])(?:(?P<bullet>[{_BULLETS}](?=\s))|{_WS_RUN})"
)
# Plain text keeps its spacing; only invisible characters and control codes go.
_INVISIBLE_ONLY = re.compile(rf"(?P<inv>[{_INVISIBLE}]+)")
# Space-like characters that become a plain space in the final text (same length).
_SPACE_LIKE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

PAGE_GAP = "\n\n\n\n"  # converter convention: three blank lines mark a page boundary
PARAGRAPH_GAP = "\n\n"


class Builder:
    """Accumulates output text, the segment map and blocks."""

    __slots__ = ("_cont", "_cont_unit", "_parts", "blocks", "pages", "pos", "segments")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.pos = 0
        self.segments: list[tuple[int, int, int | None]] = []
        self.blocks: list[Block] = []
        self.pages: list[tuple[int, int]] = []
        self._cont = -1  # source offset that would continue the last segment
        self._cont_unit: int | None = None

    def put(self, s: str, src: int, unit: int | None = None) -> None:
        """Write ``s``, copied from (or standing 1:1 for) the source at ``src``."""
        if not s:
            return
        if src != self._cont or unit != self._cont_unit:
            self.segments.append((self.pos, src, unit))
        self._parts.append(s)
        self.pos += len(s)
        self._cont = src + len(s)
        self._cont_unit = unit

    def put_synthetic(self, s: str, src: int, unit: int | None = None) -> None:
        """Write ``s`` that the reader made up; it maps to the markup at ``src``."""
        if not s:
            return
        self.segments.append((self.pos, src, unit))
        self._parts.append(s)
        self.pos += len(s)
        self._cont = -1
        self._cont_unit = unit

    def mark(self) -> tuple[int, int, int, int, int | None, int]:
        """A point to :meth:`rollback` to (when what was written turns out empty)."""
        return (
            len(self._parts),
            self.pos,
            len(self.segments),
            self._cont,
            self._cont_unit,
            len(self.blocks),
        )

    def rollback(self, mark: tuple[int, int, int, int, int | None, int]) -> None:
        nparts, self.pos, nseg, self._cont, self._cont_unit, nblocks = mark
        del self._parts[nparts:]
        del self.segments[nseg:]
        del self.blocks[nblocks:]

    def add_block(self, block: Block) -> None:
        self.blocks.append(block)

    def text(self) -> str:
        return _SPACE_LIKE.sub(" ", "".join(self._parts))

    def reading(
        self, fmt: str, encoding: str | None = None, cr_positions: list[int] | None = None
    ) -> Reading:
        text = self.text()
        segments = self.segments
        if cr_positions:
            segments = remap_crlf(segments, len(text), cr_positions)
        blocks = sorted(self.blocks, key=lambda b: (b.start, b.end))
        pages = list(self.pages)
        breaks = [b for b in blocks if b.kind == "page_break"]
        if not pages and breaks:
            # Converter text marks its PDF's pages by convention: the page breaks give spans.
            starts = [0, *(b.end for b in breaks)]
            ends = [*(b.start for b in breaks), len(text)]
            pages = list(zip(starts, ends, strict=True))
        return Reading(
            text=text,
            format=fmt,
            blocks=blocks,
            pages=pages,
            segments=segments,
            encoding=encoding,
            tables_kept=any(b.kind == "table" for b in blocks),
        )


class Flow:
    """Inline text into a :class:`Builder`: collapses white space, turns breaks into newlines.

    Leading and trailing white space of the flow is dropped, a run of white space becomes
    one space (``collapse``), and a pending break becomes one ``\\n`` before the next text.
    """

    __slots__ = ("_pattern", "b", "brk_at", "collapse", "space_at", "started", "unit")

    def __init__(
        self, b: Builder, unit: int | None = None, collapse: bool = True, bullets: bool = False
    ) -> None:
        self.b = b
        self.unit = unit
        self.collapse = collapse
        self._pattern = (
            (_COLLAPSE_BULLETS if bullets else _COLLAPSE) if collapse else _INVISIBLE_ONLY
        )
        self.started = False
        self.space_at = -1
        self.brk_at = -1

    def space(self, at: int) -> None:
        if self.started and self.space_at < 0:
            self.space_at = at

    def brk(self, at: int) -> None:
        if self.started and self.brk_at < 0:
            self.brk_at = at

    def _lead(self, at: int) -> None:
        if self.brk_at >= 0:
            self.b.put_synthetic("\n", self.brk_at, self.unit)
        elif self.space_at >= 0:
            self.b.put(" ", self.space_at, self.unit)
        self.brk_at = self.space_at = -1
        self.started = True

    def _chunk(self, src: str, start: int, end: int, shift: int) -> None:
        if start >= end:
            return
        trailing = False
        if self.collapse:
            if src[start] == " ":
                if self.started and self.space_at < 0:
                    self.space_at = start + shift
                start += 1
            if start < end and src[end - 1] == " ":
                end -= 1
                trailing = True
        if start < end:
            # Inlined _lead(): this is the hot path of every reader.
            if self.brk_at >= 0:
                self.b.put_synthetic("\n", self.brk_at, self.unit)
            elif self.space_at >= 0:
                self.b.put(" ", self.space_at, self.unit)
            self.brk_at = self.space_at = -1
            self.started = True
            self.b.put(src[start:end], start + shift, self.unit)
        if trailing and self.started and self.space_at < 0:
            self.space_at = end + shift

    def text(self, src: str, start: int, end: int, shift: int = 0) -> None:
        """Write ``src[start:end]``; offset ``i`` of ``src`` is source offset ``i + shift``.

        ``shift`` is 0 when ``src`` is the source itself, and places a string taken from
        elsewhere (an HTML text node) at its position in the source.
        """
        m = self._pattern.search(src, start, end)
        if m is None:  # the common case: nothing to collapse or drop
            self._chunk(src, start, end, shift)
            return
        pos = start
        search = self._pattern.search
        while m is not None:
            self._chunk(src, pos, m.start(), shift)
            kind = m.lastgroup
            if kind == "ws":
                self.space(m.start() + shift)
            elif kind == "bullet":
                # A bullet after white space starts a new line (a list flattened into a
                # table cell); the bullet itself is written with the following text.
                if self.space_at >= 0:
                    self.space_at = -1
                    self.brk(m.start() + shift)
                self._chunk(src, m.start(), m.end(), shift)
            pos = m.end()
            m = search(src, pos, end)
        self._chunk(src, pos, end, shift)

    def literal(self, s: str, at: int) -> None:
        """Write replacement text (a decoded entity, a checkbox) for the markup at ``at``."""
        if not s:
            return
        if s.isspace():
            self.space(at)
            return
        self._lead(at)
        self.b.put_synthetic(s, at, self.unit)


def iter_lines(src: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each line in ``src[start:end]``, without the newline."""
    if end is None:
        end = len(src)
    pos = start
    find = src.find
    while pos <= end:
        nl = find("\n", pos, end)
        if nl < 0:
            if pos < end:
                yield pos, end
            return
        yield pos, nl
        pos = nl + 1


def normalise_newlines(raw: str) -> tuple[str, list[int]]:
    """Turn CRLF and CR into LF; return the text and where a CR was dropped.

    The returned positions are offsets in the normalised text of each LF that lost its CR,
    so :func:`remap_crlf` can map offsets back into ``raw``.
    """
    if (
        "\r" not in raw
        and "\x0b" not in raw
        and "\u2028" not in raw
        and "\u2029" not in raw
        and "\x85" not in raw
    ):
        return raw, []
    crs: list[int] = []
    if "\r\n" in raw:
        k = 0
        find = raw.find
        i = find("\r\n")
        while i >= 0:
            crs.append(i - k)
            k += 1
            i = find("\r\n", i + 2)
        raw = raw.replace("\r\n", "\n")
    # Single-character line separators (lone CR, Word's vertical tab, Unicode LS/PS, NEL)
    # become LF one for one, so no offset moves.
    raw = raw.translate({0x0D: "\n", 0x0B: "\n", 0x2028: "\n", 0x2029: "\n", 0x85: "\n"})
    return raw, crs


def remap_crlf(
    segments: list[tuple[int, int, int | None]], text_len: int, crs: list[int]
) -> list[tuple[int, int, int | None]]:
    """Map segment source offsets from CRLF-normalised text back to the raw decoded text."""
    out: list[tuple[int, int, int | None]] = []
    n = len(segments)
    for idx, (ts, ss, unit) in enumerate(segments):
        length = (segments[idx + 1][0] if idx + 1 < n else text_len) - ts
        out.append((ts, ss + bisect.bisect_right(crs, ss), unit))
        # Each dropped CR inside the segment shifts what follows it by one.
        j = bisect.bisect_right(crs, ss)
        while j < len(crs) and crs[j] < ss + length:
            d = crs[j]
            out.append((ts + (d - ss), d + j + 1, unit))
            j += 1
    return out


def table_block(rows: list[Row]) -> Block:
    return Block("table", rows[0].start, rows[-1].end, rows=tuple(rows))


def make_row(start: int, end: int, cells: list[Cell]) -> Row:
    return Row(start, end, tuple(cells))
