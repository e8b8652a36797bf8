"""Full HTML documents (RIS detail pages, city press releases) via BeautifulSoup + lxml.

lxml does not report where a text node sat in the source, so each node is found again
in the decoded source, searching forward from the previous one; nodes whose source
spelling differs (entities) are placed by their first plain word.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from ratsinfo.read.base import Block, BlockKind, Cell, ReadError, Reading, Row
from ratsinfo.read.builder import PAGE_GAP, PARAGRAPH_GAP, Builder, Flow, normalise_newlines

DROP = frozenset(
    [
        "script",
        "style",
        "head",
        "title",
        "meta",
        "link",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "option",
        "button",
        "textarea",
        "map",
        "area",
        "audio",
        "video",
        "source",
        "track",
        "nav",
    ]
)
BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "html",
        "main",
        "nav",
        "p",
        "pre",
        "section",
        "summary",
    ]
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIP_STRINGS = (Comment, Doctype, Declaration, ProcessingInstruction, CData)
_PAGE_BEFORE = re.compile(r"(?:page-break-before|break-before)\s*:\s*(?:always|page)", re.I)
_PAGE_AFTER = re.compile(r"(?:page-break-after|break-after)\s*:\s*(?:always|page)", re.I)
_WORD = re.compile(r"[A-Za-z0-9]{3,}")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_NEAR = 8192
_FAR = 2_000_000
_FAR_MISSES = 32

# Inline items: (string, source_offset, exact) or a line break (None, offset, False).
Item = tuple[str | None, int, bool]


class _Walker:
    def __init__(self, src: str) -> None:
        self.src = src
        self.b = Builder()
        self.cursor = 0
        self.items: list[Item] = []
        self.context: list[tuple[BlockKind, int]] = []
        self.list_depth = 0
        self.last_kind: str | None = None
        self.page_pending = False
        # Long searches that found nothing; after a few, stop trying (keeps it linear
        # on pages whose text lxml spells differently from the source).
        self.far_misses = 0

    def _far_find(self, needle: str, start: int) -> int:
        if self.far_misses >= _FAR_MISSES:
            return -1
        i = self.src.find(needle, start, start + _FAR)
        if i < 0:
            self.far_misses += 1
        return i

    # -- source positions ---------------------------------------------------------------

    def _raw_node(self, start: int, s: str) -> list[Item] | None:
        """Pieces of the raw text node at ``start`` if it decodes to ``s``, else None."""
        src = self.src
        limit = min(len(src), start + 4 * len(s) + 64)
        end = src.find("<", start, limit)
        if end < 0:
            if limit < len(src):
                return None
            end = limit
        pieces: list[Item] = []
        p = start
        for m in _ENTITY.finditer(src, start, end):
            if m.start() > p:
                pieces.append((src[p : m.start()], p, True))
            decoded = html.unescape(m.group())
            pieces.append((decoded, m.start(), decoded == m.group()))
            p = m.end()
        if p < end:
            pieces.append((src[p:end], p, True))
        if "".join(piece[0] for piece in pieces if piece[0]) != s:
            return None
        self.cursor = end
        return pieces

    def add_string(self, s: str) -> None:
        """Queue a text node, placed at its position in the source."""
        if not s:
            return
        src, cur = self.src, self.cursor
        i = src.find(s, cur, cur + len(s) + _NEAR)
        if i >= 0:
            self.cursor = i + len(s)
            self.items.append((s, i, True))
            return
        # Spelled differently in the source (entities): decode the raw node that
        # follows the next run of tags, or the one holding the node's first word.
        start = cur
        while src.startswith("<", start):
            gt = src.find(">", start)
            if gt < 0:
                break
            start = gt + 1
        pieces = self._raw_node(start, s)
        m = _WORD.search(s) if pieces is None else None
        j = self._far_find(m.group(), cur) if m else -1
        if pieces is None and j >= 0:
            pieces = self._raw_node(
                src.rfind(">", cur, j) + 1 if src.rfind(">", cur, j) >= 0 else cur, s
            )
        if pieces is not None:
            self.items.extend(pieces)
            return
        if j >= 0:  # place it by its first plain word
            self.cursor = j + len(m.group()) if m else j
            self.items.append((s, max(0, j - (m.start() if m else 0)), False))
            return
        i = self._far_find(s, cur)
        if i >= 0:
            self.cursor = i + len(s)
            self.items.append((s, i, True))
            return
        self.items.append((s, cur, False))

    # -- output -----------------------------------------------------------------------

    def _separator(self, kind: str) -> None:
        b = self.b
        if b.pos == 0:
            return
        at = self.cursor
        if self.page_pending:
            start = b.pos
            b.put_synthetic(PAGE_GAP, at)
            b.add_block(Block("page_break", start, b.pos))
        elif kind in ("list_item", "table_row") and self.last_kind == kind:
            b.put_synthetic("\n", at)
        else:
            b.put_synthetic(PARAGRAPH_GAP, at)

    def _write_items(self, items: list[Item], bullets: bool = False) -> None:
        flow = Flow(self.b, None, collapse=True, bullets=bullets)
        for s, pos, exact in items:
            if s is None:
                flow.brk(pos)
            elif exact:
                flow.text(self.src, pos, pos + len(s))
            else:
                flow.text(s, 0, len(s), shift=pos)

    def flush(self) -> None:
        items = self.items
        if not items:
            return
        self.items = []
        kind, level = self.context[-1] if self.context else ("paragraph", 0)
        b = self.b
        mark = b.mark()
        self._separator(kind)
        start = b.pos
        self._write_items(items)
        if b.pos == start:
            b.rollback(mark)
            return
        b.add_block(Block(kind, start, b.pos, level=level))
        self.last_kind = kind
        self.page_pending = False

    def table(self, table: Tag) -> None:
        rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        b = self.b
        out_rows: list[Row] = []
        block_mark = b.mark()
        for tr in rows:
            cells = [c for c in tr.find_all(["td", "th"], recursive=False)]
            if not cells:
                continue
            cell_items: list[list[Item]] = []
            for cell in cells:
                saved = self.items
                self.items = []
                self.collect(cell, in_cell=True)
                cell_items.append(self.items)
                self.items = saved
            mark = b.mark()
            if out_rows:
                b.put_synthetic("\n", self.cursor)
            else:
                self._separator("table")
            row_start = b.pos
            out: list[Cell] = []
            filled = False
            for i, items in enumerate(cell_items):
                if i:
                    b.put_synthetic("\t", items[0][1] if items else self.cursor)
                start = b.pos
                self._write_items(items, bullets=True)
                filled = filled or b.pos > start
                out.append(Cell(start, b.pos))
            if filled:
                out_rows.append(Row(row_start, b.pos, tuple(out)))
            else:
                b.rollback(mark)
        if out_rows:
            b.add_block(Block("table", out_rows[0].start, out_rows[-1].end, rows=tuple(out_rows)))
            self.last_kind = "table"
            self.page_pending = False
        else:
            b.rollback(block_mark)

    # -- traversal ----------------------------------------------------------------------

    def collect(self, root: Tag, in_cell: bool = False) -> None:
        """Walk ``root``'s subtree (iteratively: deep HTML must not hit the recursion limit)."""
        stack: list[tuple[object, bool]] = [(c, False) for c in reversed(root.contents)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self.end(node, in_cell)  # type: ignore[arg-type]
                continue
            if isinstance(node, NavigableString):
                if not isinstance(node, _SKIP_STRINGS):
                    self.add_string(str(node))
                continue
            if not isinstance(node, Tag):
                continue
            name = node.name.lower() if node.name else ""
            if name in DROP:
                continue
            if self.start(node, name, in_cell):
                stack.append((node, True))
                stack.extend((c, False) for c in reversed(node.contents))

    def _brk(self) -> None:
        self.items.append((None, self.cursor, False))

    def start(self, node: Tag, name: str, in_cell: bool) -> bool:
        """Handle an opening tag; False when its subtree was consumed here."""
        style = node.get("style")
        style = style if isinstance(style, str) else ""
        if in_cell:
            if (
                name == "br"
                or name in BLOCK
                or name in HEADINGS
                or name in ("li", "tr", "td", "th", "table", "ul", "ol", "hr")
            ):
                self._brk()
            elif name == "input":
                self._checkbox(node)
            return name not in ("br", "hr", "img", "input")
        if style and _PAGE_BEFORE.search(style):
            self.flush()
            if self.b.pos:
                self.page_pending = True
        if name == "br":
            self._brk()
            return False
        if name in ("hr", "img"):
            if name == "hr":
                self.flush()
            return False
        if name == "input":
            self._checkbox(node)
            return False
        if name == "table":
            self.flush()
            self.table(node)
            return False
        if name in HEADINGS:
            self.flush()
            self.context.append(("heading", HEADINGS[name]))
        elif name in ("ul", "ol"):
            self.flush()
            self.list_depth += 1
        elif name == "li":
            self.flush()
            self.context.append(("list_item", max(0, self.list_depth - 1)))
        elif name in BLOCK:
            self.flush()
        return True

    def end(self, node: Tag, in_cell: bool) -> None:
        name = node.name.lower() if node.name else ""
        if in_cell:
            if (
                name in BLOCK
                or name in HEADINGS
                or name in ("li", "ul", "ol", "tr", "td", "th", "table")
            ):
                self._brk()
            return
        if name in HEADINGS or name == "li":
            self.flush()
            if self.context:
                self.context.pop()
        elif name in ("ul", "ol"):
            self.flush()
            self.list_depth = max(0, self.list_depth - 1)
        elif name in BLOCK:
            self.flush()
        style = node.get("style")
        if isinstance(style, str) and _PAGE_AFTER.search(style):
            self.flush()
            self.page_pending = True

    def _checkbox(self, node: Tag) -> None:
        if str(node.get("type", "")).lower() == "checkbox":
            pos = self.cursor
            self.items.append(("☒ " if node.has_attr("checked") else "☐ ", pos, False))


def read_html(text: str, encoding: str | None) -> Reading:
    src, crs = normalise_newlines(text)
    try:
        soup = BeautifulSoup(src, "lxml")
    except Exception as exc:  # lxml rejects some malformed input outright
        raise ReadError(f"HTML could not be parsed: {type(exc).__name__}") from exc
    walker = _Walker(src)
    root = soup.body or soup
    walker.collect(root)
    walker.flush()
    return walker.b.reading("html", encoding, crs)


_HTML_HEAD = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b)", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:html|head|body)\b[^<>]*>", re.I)


def html_score(text: str) -> float:
    """Full HTML documents only: fragments in converter text are not HTML documents."""
    head = text[:4096]
    if _HTML_HEAD.match(head):
        return 0.9
    if head.lstrip().startswith("<") and _HTML_TAGS.search(head):
        return 0.8
    return 0.0
