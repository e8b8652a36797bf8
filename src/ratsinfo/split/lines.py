"""A line index over a Reading's text, shared by split, classify and extract.

Every later rule looks at *lines*: letterheads, label lines ("Betreff:"), agenda
headings. Building the index once keeps the stages linear in the text length.

Each non-blank line is kept with its offsets into the text and a ``clean`` form for
matching. The reader normally removes converter markup already; ``clean`` strips what
may be left (markdown ``#``/``*``, HTML tags, table pipes) so the rules work on both.
Page breaks come from the reader's ``page_break`` blocks and, as a fallback, from the
text itself (a form feed or a run of three or more blank lines).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ratsinfo.read.base import Reading

_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,300}?/?>")
_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPH = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_TABLE_SEP = re.compile(r"^[\s|:\-+=]*$")
_BULLET = re.compile(r"^\s*(?:[-–•·▪►→*]|\d{1,2}\))\s+(?=\S)")
# Runs of spaces, to become one " ". A lone " " is left alone (replacing it changes
# nothing but costs a match for every word): only longer runs and other space characters.
_SPACES = re.compile(
    r"[ \u00a0\u2000-\u200b\u202f](?:[ \u00a0\u2000-\u200b\u202f]+|(?<=[\u00a0\u2000-\u200b\u202f]))"
)
_DASH_RULE = re.compile(r"^-{3,}(?:\t-{3,})*$")


def clean_line(raw: str) -> tuple[str, bool]:
    """(clean text, is_bullet) of one raw line; tabs between cells are kept."""
    s = raw
    if "<" in s:
        s = _TAG.sub("", s)
    if "#" in s:
        s = _HEADING_MARK.sub("", s)
    bullet = False
    m = _BULLET.match(s)
    if m:
        bullet = True
        s = s[m.end() :]
    if "|" in s and s.lstrip().startswith("|"):
        # A markdown table row: its cells become tab-separated like the reader's rows.
        if _TABLE_SEP.match(s):
            return "", False
        s = "\t".join(c.strip() for c in s.strip().strip("|").split("|"))
    if "*" in s or "__" in s:
        s = _EMPH.sub("", s)
    if "\t" in s:
        # One substitution for the whole row: a space run never holds a tab.
        cells = [c.strip() for c in _SPACES.sub(" ", s).split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        s = "\t".join(cells)
    else:
        s = _SPACES.sub(" ", s).strip()
    if s.startswith("---") and _DASH_RULE.match(s):
        return "", False
    return s, bullet


@dataclass(slots=True)
class Line:
    """One non-blank line: ``text[start:end]`` (without the newline)."""

    start: int
    end: int
    clean: str
    bullet: bool
    page_break: bool  # a page break lies between the previous non-blank line and this one
    blank_before: int  # blank lines between the previous non-blank line and this one

    @property
    def first_cell(self) -> str:
        """The first non-empty cell (a row may start with empty cells)."""
        if "\t" not in self.clean:
            return self.clean
        return next((c for c in self.clean.split("\t") if c), "")

    @property
    def cells(self) -> list[str]:
        return self.clean.split("\t")


# The raw characters clean_line turns into a space or a cell tab (see _SPACES, tables).
_RAW_SPACE = frozenset(" \t|\u00a0\u202f" + "".join(map(chr, range(0x2000, 0x200C))))


def raw_offset(text: str, line: Line, k: int) -> int:
    """Offset in ``text`` of ``line.clean[k]``.

    ``clean`` drops tags and markdown marks and squeezes spaces, so it is not a suffix
    of the raw line; walk the raw line outside tags, matching clean characters in order.
    """
    raw = text[line.start : line.end]
    clean = line.clean
    tags = [m.span() for m in _TAG.finditer(raw)] if "<" in raw else []
    c = t = p = 0
    while p < len(raw):
        if t < len(tags) and p == tags[t][0]:
            p = tags[t][1]
            t += 1
            continue
        ch, want = raw[p], clean[c]
        if ch == want or (want in " \t" and ch in _RAW_SPACE):
            if c == k:
                return line.start + p
            c += 1
        p += 1
    return max(line.start, line.end - len(clean) + k)  # not aligned (should not happen)


class LineIndex:
    """The non-blank lines of a text with page-break marks."""

    __slots__ = ("lines", "starts", "text")

    def __init__(self, text: str, lines: list[Line]) -> None:
        self.text = text
        self.lines = lines
        self.starts = [ln.start for ln in lines]

    def __len__(self) -> int:
        return len(self.lines)

    def index_at(self, offset: int) -> int:
        """Index of the first line starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def range(self, start: int, end: int) -> tuple[int, int]:
        """Line index range [i, j) of the lines starting inside ``text[start:end]``."""
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)


# Characters that give clean_line something to do anywhere in a line (so does a double
# space); a line without them, and without a mark at its start, is just stripped cell by cell.
_ODD = re.compile(r"[<*|_\f\u00a0\u2000-\u200b\u202f]")
# First characters after leading space that may open a heading or a table row (clean_line
# handles those lines), or a bullet (or a digit before ")": a numbered bullet).
_MARKUP_START = frozenset("*#|")
_BULLET_START = frozenset("-–•·▪►→")


def build_lines(text: str, page_breaks: list[int] | None = None) -> LineIndex:
    """Index ``text``; ``page_breaks`` are extra offsets known to be page breaks."""
    lines: list[Line] = []
    append = lines.append
    blank = 0
    ff = False
    pos = 0
    # Offsets of odd characters: lines between them take the plain path (most lines).
    # (A character class scans fast; with "  " as an alternative it stops at every space.)
    odd = [m.start() for m in _ODD.finditer(text)]
    i = text.find("  ")
    if i >= 0:
        while i >= 0:
            odd.append(i)
            i = text.find("  ", i + 2)
        odd.sort()
    odd.append(len(text) + 1)
    k = 0
    next_odd = odd[0]
    cr = "\r" in text
    for raw in text.split("\n"):
        nl = pos + len(raw)
        end = nl
        if cr and raw.endswith("\r"):
            end -= 1
            raw = raw[:-1]
        while next_odd < pos:
            k += 1
            next_odd = odd[k]
        if next_odd < nl:
            # The full treatment.
            pos_line = pos
            if "\f" in raw:
                ff = True
                # Text after a form feed on the same line starts the new page.
                cut = raw.rfind("\f") + 1
                pos_line = pos + cut
                raw = raw[cut:]
            if raw.strip():
                clean, bullet = clean_line(raw)
                if clean:
                    append(
                        Line(
                            pos_line + len(raw) - len(raw.lstrip()),
                            end,
                            clean,
                            bullet,
                            ff or blank >= 3,
                            blank,
                        )
                    )
                    blank = 0
                    ff = False
                # A line that is only markup (a table rule) is neither text nor a blank line.
            else:
                blank += 1
            pos = nl + 1
            continue
        ls = raw.lstrip()
        if not ls:
            blank += 1
            pos = nl + 1
            continue
        c0 = ls[0]
        if c0 in _MARKUP_START:
            clean, bullet = clean_line(raw)
        else:
            # What clean_line gives a line without odd characters, without its pattern calls:
            # no tag, heading, table or emphasis; spaces that need no squeezing.
            bullet = False
            s = raw
            if c0 in _BULLET_START or (c0.isdigit() and ")" in ls[1:3]):
                m = _BULLET.match(raw)
                if m:
                    bullet = True
                    s = raw[m.end() :]
            if "\t" in s:
                cells = [c.strip() for c in s.split("\t")]
                while cells and not cells[-1]:
                    cells.pop()
                clean = "\t".join(cells)
            else:
                clean = s.strip()
            if clean.startswith("---") and _DASH_RULE.match(clean):
                clean = ""
        if clean:
            append(Line(pos + len(raw) - len(ls), end, clean, bullet, ff or blank >= 3, blank))
            blank = 0
            ff = False
        # A line that is only markup (a table rule) is neither text nor a blank line.
        pos = nl + 1
    index = LineIndex(text, lines)
    if page_breaks:
        for off in page_breaks:
            i = index.index_at(off)
            if i < len(lines):
                lines[i].page_break = True
    return index


def reading_lines(reading: Reading) -> LineIndex:
    """The line index of a Reading, with its page_break blocks applied."""
    breaks = [b.start for b in reading.blocks if b.kind == "page_break"]
    return build_lines(reading.text, breaks)
