"""What every reader returns: one normalised text plus blocks whose offsets map back.

A reader turns the bytes of one source file into a :class:`Reading`. Offsets in
``Reading.text`` are the coordinates every later stage (split, classify, extract)
uses for provenance; ``Reading.to_source`` maps them back to a location in the
source file (a character offset of the decoded text for text formats, a page and
character offset for PDF, a paragraph or table cell for DOCX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table", "page_break"]


class ReadError(Exception):
    """A file that cannot be read. The message is one line, for the user."""


@dataclass(frozen=True, slots=True)
class Cell:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Row:
    start: int
    end: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of the text: ``text[start:end]``.

    ``level`` is the heading level (1 = top) or list nesting depth (0 = top).
    ``rows`` is set for tables only.
    """

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    rows: tuple[Row, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a text offset lies in the source file.

    ``offset`` is a character offset into the decoded source for text formats, or
    the character offset inside ``page`` (PDF, 1-based) / ``paragraph`` (DOCX body
    element, 0-based) for paged and structured formats.
    """

    offset: int
    page: int | None = None
    paragraph: int | None = None


@dataclass(slots=True)
class Reading:
    """One source file, read.

    ``format`` is the detected format: ``text``, ``converted`` (PDF/DOCX converter
    output with markdown and HTML fragments), ``html``, ``pdf`` or ``docx``.
    ``pages`` holds (start, end) spans of pages where the source has pages.
    ``segments`` maps text back to the source: a sorted list of
    ``(text_start, source_start, page_or_paragraph)``; a text offset maps to the
    last segment starting at or before it, plus the distance into that segment.
    """

    text: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    pages: list[tuple[int, int]] = field(default_factory=list)
    segments: list[tuple[int, int, int | None]] = field(default_factory=list)
    encoding: str | None = None
    tables_kept: bool = False

    def to_source(self, offset: int) -> SourceLocation:
        if not self.segments:
            return SourceLocation(offset=offset)
        import bisect

        i = bisect.bisect_right(self.segments, (offset, float("inf"), float("inf"))) - 1
        if i < 0:
            return SourceLocation(offset=offset)
        text_start, source_start, unit = self.segments[i]
        local = source_start + (offset - text_start)
        if self.format == "pdf":
            return SourceLocation(offset=local, page=unit)
        if self.format == "docx":
            return SourceLocation(offset=local, paragraph=unit)
        return SourceLocation(offset=local)
