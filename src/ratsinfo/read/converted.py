"""Converter output: text from PDF/DOCX converters with markdown and HTML fragments.

Converters (pandoc, markitdown, docling, marker, RIS export scripts) leave markup in
the text: ``#`` headings, ``**bold**``, ``<i>``/``<b>``/``<p>``/``<ul><li>`` fragments,
pipe tables, pandoc simple-table rules (``----\\t----``) and whole ``<table>`` elements.
All of it is removed from the text; the structure it carried becomes blocks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ratsinfo.read.base import Cell, Reading, Row
from ratsinfo.read.builder import Builder, Flow, normalise_newlines
from ratsinfo.read.text import (
    BLANK,
    HEAD,
    HTABLE,
    LIST,
    PAGE,
    PARA,
    ROW,
    SKIP,
    LineReader,
    Record,
    split_cells,
)

KNOWN_TAGS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "b",
        "big",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
    ]
)
# Tags that end a line of text (in a table cell: a line inside the cell).
BREAK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)

# Every branch starts with one of  < & * _ \\ ! [  so the regex engine can skip plain
# text fast; boundary conditions that would need a look-behind are checked in code.
_INLINE = re.compile(
    r"(?=[<&*_\\!\[])(?:"  # a look-ahead on the first character: much faster scanning
    r"(?P<comment><!--.*?-->)"
    r"|(?P<autolink><(?P<url>(?:https?|ftp|mailto):[^<>\s]+)>)"
    r"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>)"
    r"|(?P<ent>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<strong>\*{2,}|__(?!_))"
    r"|(?P<em>\*(?=[^\s*])[^*\n]*?(?<=[^\s*\\])\*(?![\w*]))"
    r"|(?P<esc>\\[!-/:-@\[-`{-~])"
    r"|(?P<img>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<link>\[(?P<ltext>[^\]\n]+)\]\((?P<lurl>[^)\s]+)\)))",
    re.S,
)
_CHECKBOX = re.compile(r"type\s*=\s*[\"']?checkbox", re.I)
_CHECKED = re.compile(r"\bchecked\b", re.I)

_HEADING = re.compile(r"[ ]{0,3}(#{1,6})(?:[ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_HTML_HEADING = re.compile(r"<h([1-6])\b", re.I)
_HTML_LI = re.compile(r"<li\b", re.I)
_MD_BULLET = re.compile(r"([ \t]*)[-*+][ \t]+(?=\S)")
_TEXT_BULLETS = "•▪◦‣●■➢➤►"
_TEXT_BULLET = re.compile(rf"[{_TEXT_BULLETS}][ \t]+\S")
_QUOTE = re.compile(r"[ \t]*>[ \t]?")
# Rules: pandoc simple-table lines (``----\t----``), pipe-table separators, hr lines.
_RULE = re.compile(r"[ \t|:+]*(?:(?:-{2,}|={2,}|\*{3,}|_{3,})[ \t|:+]*)+")
_RULE_START = frozenset("|:+-=*_")
_PAGE_COMMENT = re.compile(r"<!--\s*(?:page[\s_-]*break|new[\s_-]*page|pagebreak)\b[^>]*-->", re.I)
_TABLE_OPEN = re.compile(r"<table\b[^<>]*>", re.I)
_TABLE_NEST = re.compile(r"<(/?)table\b[^<>]*>", re.I)
_TABLE_TOKEN = re.compile(r"<(/?)(table|tr|td|th|caption)\b[^<>]*>", re.I)

_SPACE_LEFT = frozenset(".,:;!?)]")
_SPACE_RIGHT = frozenset('(„"[')


def _html_tables(src: str) -> list[tuple[int, int]]:
    """Spans of whole ``<table>…</table>`` elements (outermost only)."""
    regions: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _TABLE_OPEN.search(src, pos)
        if m is None:
            return regions
        depth = 0
        end = -1
        for t in _TABLE_NEST.finditer(src, m.start()):
            depth += -1 if t.group(1) else 1
            if depth == 0:
                end = t.end()
                break
        if end < 0:
            return regions  # unclosed: its tags are stripped line by line instead
        regions.append((m.start(), end))
        pos = end


def _table_cells(src: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    """Cell content spans per row of the outermost table in ``src[start:end]``."""
    rows: list[list[tuple[int, int]]] = []
    depth = 0
    cell = -1
    for m in _TABLE_TOKEN.finditer(src, start, end):
        closing = bool(m.group(1))
        name = m.group(2).lower()
        if name == "table":
            if closing:
                if depth == 1 and cell >= 0:
                    rows[-1].append((cell, m.start()))
                    cell = -1
                depth -= 1
            else:
                depth += 1
            continue
        if depth != 1:
            continue
        if cell >= 0:
            rows[-1].append((cell, m.start()))
            cell = -1
        if closing:
            continue
        if name == "tr":
            rows.append([])
        elif name in ("td", "th"):
            if not rows:
                rows.append([])
            cell = m.end()
    return [r for r in rows if r]


class ConvertedReader(LineReader):
    collapse = True

    def __init__(self, src: str, builder: Builder, unit: int | None = None) -> None:
        super().__init__(src, builder, unit)

    # -- classification ---------------------------------------------------------------

    def classify(self, ls: int, le: int) -> Record:
        src = self.src
        line = src[ls:le]
        stripped = line.strip()
        if not stripped:
            return (BLANK, ls, le, 0, None)
        s = ls + line.find(stripped[0])
        e = s + len(stripped)
        first = stripped[0]
        if (
            first in _RULE_START
            and _RULE.fullmatch(stripped)
            and ("\t" in line or "|" in line or len(stripped) >= 3)
        ):
            return (SKIP, ls, le, 0, None)
        if first == "#":
            m = _HEADING.match(src, s, e)
            if m:
                cs = m.end()
                tail = _CLOSING_HASHES.search(src, cs, e)
                return (HEAD, cs, tail.start() if tail else e, len(m.group(1)), None)
        bullet = _MD_BULLET.match(src, ls, le) if first in "-*+" else None
        # A pipe row, possibly behind a list marker ("- | a | b |").
        ps = bullet.end() if bullet is not None and src[bullet.end()] == "|" else s
        if src[ps] == "|" and stripped[-1] == "|" and e - ps > 1:
            return (ROW, ps, e, 0, split_cells(src, ps + 1, e - 1, "|"))
        if "\t" in line:
            return (ROW, ls, le, 0, split_cells(src, ls, le, "\t"))
        if bullet is not None:
            return (LIST, bullet.end(), e, len(bullet.group(1).expandtabs(4)), None)
        if first == "<":
            if _PAGE_COMMENT.fullmatch(stripped):
                return (PAGE, ls, le, 0, None)
            h = _HTML_HEADING.match(src, s, e)
            if h:
                return (HEAD, s, e, int(h.group(1)), None)
            if _HTML_LI.match(src, s, e):
                return (LIST, s, e, 0, None)
        elif first == ">":
            m = _QUOTE.match(src, s, e)
            if m and m.end() < e:
                return (PARA, m.end(), e, 0, None)
        elif first in _TEXT_BULLETS and _TEXT_BULLET.match(src, s, e):
            return (LIST, s, e, s - ls, None)
        # A backslash at the end of a line is a markdown hard break.
        if stripped[-1] == "\\" and (len(stripped) < 2 or stripped[-2] != "\\"):
            e -= 1
        return (PARA, s, e, 0, None)

    def records(self, start: int, end: int) -> Iterator[Record]:
        regions = _html_tables(self.src[start:end]) if "<" in self.src else []
        if not regions:
            yield from super().records(start, end)
            return
        src = self.src
        pos = start
        for ts, te in regions:
            ts += start
            te += start
            ls = src.rfind("\n", 0, ts) + 1
            if ls > pos:
                yield from super().records(pos, ls)
            ls = max(ls, pos)
            if ls < ts:
                rec = self.classify(ls, ts)
                if rec[0] != BLANK:
                    yield rec
            yield (HTABLE, ts, te, 0, None)
            le = src.find("\n", te, end)
            if le < 0:
                le = end
            if te < le:
                rec = self.classify(te, le)
                if rec[0] != BLANK:
                    yield rec
            pos = le + 1
        if pos < end:
            yield from super().records(pos, end)

    # -- writing ----------------------------------------------------------------------

    def write_inline(self, s: int, e: int, cell: bool) -> None:
        flow = Flow(self.b, self.unit, collapse=True, bullets=cell)
        self._inline(flow, s, e)

    def _inline(self, f: Flow, s: int, e: int) -> None:
        src = self.src
        pos = s  # start of text not yet written
        at = s  # where to search next
        search = _INLINE.search
        while True:
            m = search(src, at, e)
            if m is None:
                break
            kind = m.lastgroup
            ms, me = m.span()
            left = src[ms - 1] if ms > s else ""
            if kind == "tag":
                name = m.group("name").lower()
                if name not in KNOWN_TAGS:
                    at = ms + 1  # "<Name>" in prose: keep it as text
                    continue
                f.text(src, pos, ms)
                if name in BREAK_TAGS:
                    f.brk(ms)
                elif name == "input" and _CHECKBOX.search(m.group()):
                    f.space(ms)
                    f.literal("☒" if _CHECKED.search(m.group()) else "☐", ms)
                    f.space(me)
            elif kind == "ent":
                decoded = html.unescape(m.group())
                if decoded == m.group():
                    at = ms + 1
                    continue
                f.text(src, pos, ms)
                f.literal(decoded, ms)
            elif kind == "strong":
                right = src[me] if me < e else ""
                if m.group() == "__" and (
                    left == "_"
                    or (left.isalnum() and right.isalnum())
                    or ((not left or left.isspace()) and (not right or right.isspace()))
                ):
                    at = me  # snake_case__names or a lone "__": not emphasis
                    continue
                f.text(src, pos, ms)
                if (
                    left
                    and right
                    and (left.isalnum() or left in _SPACE_LEFT)
                    and (right.isalnum() or right in _SPACE_RIGHT)
                    and not (left.isalnum() and right.isalnum())
                ):
                    # "Nr.:**TOP:**" – adjacent bold runs were separate fields.
                    f.space(ms)
            elif kind == "em":
                if left.isalnum() or left in "*\\_":
                    at = ms + 1  # "Nutzer*innen": a gender star, not emphasis
                    continue
                f.text(src, pos, ms)
                self._inline(f, ms + 1, me - 1)
            elif kind == "esc":
                f.text(src, pos, ms)
                f.text(src, ms + 1, me)
            elif kind == "link":
                f.text(src, pos, ms)
                self._inline(f, m.start("ltext"), m.end("ltext"))
            elif kind == "autolink":
                f.text(src, pos, ms)
                f.text(src, m.start("url"), m.end("url"))
            else:  # comment, img
                f.text(src, pos, ms)
            pos = at = me
        f.text(src, pos, e)

    def write_table(self, rec: Record) -> list[Row]:
        b = self.b
        rows: list[Row] = []
        for cells in _table_cells(self.src, rec[1], rec[2]):
            mark = b.mark()
            if rows:
                b.put_synthetic("\n", cells[0][0], self.unit)
            row_start = b.pos
            out: list[Cell] = []
            filled = False
            for i, (cs, ce) in enumerate(cells):
                if i:
                    b.put_synthetic("\t", cs, self.unit)
                start = b.pos
                self.write_inline(cs, ce, True)
                filled = filled or b.pos > start
                out.append(Cell(start, b.pos))
            if filled:
                rows.append(Row(row_start, b.pos, tuple(out)))
            else:
                b.rollback(mark)
        return rows


def read_converted(text: str, encoding: str | None) -> Reading:
    """A decoded converter output (markdown/HTML fragments in text)."""
    src, crs = normalise_newlines(text)
    b = Builder()
    ConvertedReader(src, b).run()
    return b.reading("converted", encoding, crs)


# -- detection ------------------------------------------------------------------------

# Converter markup that plain text never has, and markup that plain text rarely has.
# Each pattern starts with a literal so a search over megabytes of plain text is quick.
_STRONG_SIGNALS = (
    re.compile(
        r"</?(?:p|b|i|u|em|strong|br|ul|ol|li|table|tr|td|th|span|div|h[1-6]|sup|sub|input)\b[^<>\n]*>",
        re.I,
    ),
    re.compile(r"\|[ \t]*:?-{3,}:?[ \t]*\|"),  # pipe-table separator
    re.compile(r"\n-{2,}\t"),  # pandoc simple-table rule
    re.compile(r"<!--"),
    re.compile(r"\n#{1,6}[ \t]+\S"),  # markdown heading: prose lines do not start with "# "
)
_WEAK_SIGNALS = (
    re.compile(r"\*\*[^\s*]"),  # bold
    re.compile(r"&(?:nbsp|amp|lt|gt|quot|#\d{2,5});"),
    re.compile(r"\n\|[^\n]*\|[ \t]*(?=\n|$)"),  # pipe-table row
)


def markup_score(text: str) -> float:
    """How sure we are that ``text`` is converter output (0 = plain text)."""
    text = "\n" + text  # so line-start patterns also see the first line
    if any(rx.search(text) for rx in _STRONG_SIGNALS):
        return 0.6
    weak = 0
    for rx in _WEAK_SIGNALS:
        for _ in rx.finditer(text):
            weak += 1
            if weak >= 2:
                return 0.6
    return 0.0


__all__ = ["ConvertedReader", "markup_score", "read_converted"]
