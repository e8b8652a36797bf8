"""DOCX via python-docx: body paragraphs and tables in document order.

The zip is checked before python-docx sees it, from the central directory alone (the
declared sizes bound what zipfile will inflate), so a zip bomb is refused without
being inflated. Segments carry the index of the body element (paragraph or table) and
the character offset in that element's text.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ratsinfo.read.base import Block, BlockKind, Cell, ReadError, Reading, Row
from ratsinfo.read.builder import PAGE_GAP, PARAGRAPH_GAP, Builder, Flow

DOCUMENT_PART = "word/document.xml"
MAX_RATIO = 100  # uncompressed / compressed size of one entry
RATIO_MIN_SIZE = 1024 * 1024  # small entries may compress well without meaning harm
MAX_TOTAL_FACTOR = 20  # total uncompressed size relative to the file size limit
MAX_ENTRIES = 10_000

_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|berschrift)\s*(\d)", re.I)
_TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.I)
_TRAILING_DIGIT = re.compile(r"\s(\d)$")
_LIST_STYLE = re.compile(r"^(?:list|liste|aufzählung|aufzaehlung)", re.I)


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def zip_names(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return None


def docx_score(data: bytes) -> float:
    if not is_zip(data):
        return 0.0
    names = zip_names(data)
    return 1.0 if names and DOCUMENT_PART in names else 0.0


def check_zip(data: bytes, max_bytes: int) -> None:
    """Refuse broken archives and zip bombs before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise ReadError("DOCX is damaged: not a valid zip archive") from exc
    if len(infos) > MAX_ENTRIES:
        raise ReadError(f"DOCX looks like a zip bomb ({len(infos)} entries)")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size >= RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ReadError(
                f"DOCX looks like a zip bomb ({info.filename} inflates "
                f"{info.file_size // max(info.compress_size, 1)}x to {info.file_size // (1024 * 1024)} MB)"
            )
    if total > MAX_TOTAL_FACTOR * max_bytes:
        raise ReadError(f"DOCX looks like a zip bomb ({total // (1024 * 1024)} MB uncompressed)")
    if DOCUMENT_PART not in {i.filename for i in infos}:
        raise ReadError("DOCX is damaged: word/document.xml is missing")


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
Q_P, Q_TBL, Q_TR, Q_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
Q_SDT, Q_SDTCONTENT, Q_CUSTOMXML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
Q_VAL, Q_TYPE, Q_BR, Q_CR = qn("w:val"), qn("w:type"), qn("w:br"), qn("w:cr")
Q_T, Q_TAB, Q_PTAB, Q_NBH = qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:noBreakHyphen")
Q_VMERGE, Q_TCPR, Q_TXBX = qn("w:vMerge"), qn("w:tcPr"), qn("w:txbxContent")
# Never text: properties, deleted text of tracked changes, field codes, text boxes (read
# as paragraphs of their own) and the VML copy of a text box that Word stores twice.
_SKIP = frozenset(
    qn(t) for t in ("w:pPr", "w:rPr", "w:del", "w:delText", "w:instrText", "w:txbxContent")
) | {_MC_FALLBACK}
# Wrappers around block content: content controls, custom XML.
_WRAPPERS = frozenset((Q_SDT, Q_CUSTOMXML))


def body_elements(parent: Any, wanted: tuple[str, ...] = (Q_P, Q_TBL)) -> list[Any]:
    """Children of ``parent`` with a wanted tag, looking through content controls."""
    out: list[Any] = []
    for child in parent.iterchildren():
        tag = child.tag
        if tag in wanted:
            out.append(child)
        elif tag in _WRAPPERS:
            inner = child.find(Q_SDTCONTENT) if tag == Q_SDT else child
            if inner is not None:
                out.extend(body_elements(inner, wanted))
    return out


def paragraph_text(p: Any) -> str:
    """A paragraph's text, including content controls, fields, hyperlinks and insertions.

    (python-docx's ``Paragraph.text`` reads only direct runs and hyperlinks, which loses
    the filled-in fields of Word templates.)
    """
    out: list[str] = []
    stack = [iter(p)]
    while stack:
        for node in stack[-1]:
            tag = node.tag
            if tag == Q_T:
                out.append(node.text or "")
            elif tag in (Q_TAB, Q_PTAB):
                out.append("\t")
            elif tag == Q_BR:
                if node.get(Q_TYPE) != "page":
                    out.append("\n")
            elif tag == Q_CR:
                out.append("\n")
            elif tag == Q_NBH:
                out.append("-")
            elif tag in _SKIP or not isinstance(tag, str):
                continue
            elif len(node):
                stack.append(iter(node))
                break
        else:
            stack.pop()
    return "".join(out)


def text_boxes(p: Any) -> list[Any]:
    """Text boxes anchored in a paragraph (without Word's duplicate VML fallback)."""
    boxes = []
    for box in p.iter(Q_TXBX):
        if not any(a.tag in (_MC_FALLBACK, Q_TXBX) for a in box.iterancestors()):
            boxes.append(box)
    return boxes


class _DocxWriter:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.b = Builder()
        self.last_kind: str | None = None
        self.page_pending = False
        self.index = -1

    def paragraph_kind(self, para: Any) -> tuple[BlockKind, int]:
        p = para._p
        ppr = p.pPr
        style = None
        try:
            style = para.style
        except Exception:  # a style id that styles.xml lacks
            style = None
        name = (style.name or "") if style is not None else ""
        m = _HEADING_STYLE.match(name)
        if m:
            return "heading", max(1, int(m.group(1)))
        if _TITLE_STYLE.match(name):
            return "heading", 1
        outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if outline is not None:
            try:
                lvl = int(outline.get(Q_VAL))
            except (TypeError, ValueError):
                lvl = 9
            if lvl < 9:
                return "heading", lvl + 1
        numpr = ppr.numPr if ppr is not None else None
        if numpr is not None:
            ilvl = numpr.ilvl
            try:
                level = int(ilvl.val) if ilvl is not None else 0
            except (TypeError, ValueError):
                level = 0
            return "list_item", level
        if _LIST_STYLE.match(name):
            # "List Bullet 2" is the second level of a style-defined list.
            digit = _TRAILING_DIGIT.search(name)
            return "list_item", max(0, int(digit.group(1)) - 1) if digit else 0
        return "paragraph", 0

    def break_after(self, el: Any) -> bool:
        """A hard page break (``<w:br w:type="page"/>``) in the paragraph."""
        return any(br.get(Q_TYPE) == "page" for br in el.iter(Q_BR))

    def break_before(self, el: Any) -> bool:
        ppr = getattr(el, "pPr", None)
        pbb = ppr.find(qn("w:pageBreakBefore")) if ppr is not None else None
        return pbb is not None and pbb.get(Q_VAL, "true") not in ("0", "false", "off")

    # -- output -----------------------------------------------------------------------

    def separator(self, kind: str) -> None:
        b = self.b
        if b.pos == 0:
            return
        if self.page_pending:
            start = b.pos
            b.put_synthetic(PAGE_GAP, 0, self.index)
            b.add_block(Block("page_break", start, b.pos))
            self.page_pending = False
        elif kind in ("list_item", "table") and self.last_kind == kind:
            b.put_synthetic("\n" if kind == "list_item" else PARAGRAPH_GAP, 0, self.index)
        else:
            b.put_synthetic(PARAGRAPH_GAP, 0, self.index)

    def write_text(self, text: str) -> None:
        s, e = 0, len(text)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        Flow(self.b, self.index, collapse=False).text(text, s, e)

    def paragraph(self, el: Any) -> None:
        text = paragraph_text(el)
        if self.break_before(el) and self.b.pos:
            self.page_pending = True
        after = self.break_after(el)
        if text.strip():
            kind, level = self.paragraph_kind(Paragraph(el, self.doc))
            b = self.b
            self.separator(kind)
            start = b.pos
            self.write_text(text)
            b.add_block(Block(kind, start, b.pos, level=level))
            self.last_kind = kind
        # Letterhead fields of Word templates often sit in text boxes.
        for box in text_boxes(el):
            for inner in body_elements(box):
                if inner.tag == Q_P:
                    self.paragraph(inner)
                else:
                    self.table(inner)
        if after and self.b.pos:
            self.page_pending = True

    def cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for child in body_elements(tc):
            if child.tag == Q_P:
                t = paragraph_text(child).strip()
                if t:
                    lines.append(t)
                for box in text_boxes(child):
                    t = self.cell_text(box)
                    if t:
                        lines.append(t)
            else:
                for tr in body_elements(child, (Q_TR,)):
                    row = "\t".join(self.cell_text(c) for c in body_elements(tr, (Q_TC,))).strip()
                    if row:
                        lines.append(row)
        return "\n".join(lines)

    @staticmethod
    def is_vmerge_continuation(tc: Any) -> bool:
        tcpr = tc.find(Q_TCPR)
        if tcpr is None:
            return False
        vm = tcpr.find(Q_VMERGE)
        return vm is not None and vm.get(Q_VAL) in (None, "continue")

    def table(self, el: Any) -> None:
        b = self.b
        mark = b.mark()
        pending = self.page_pending
        self.separator("table")
        table_start = b.pos
        rows: list[Row] = []
        for tr in body_elements(el, (Q_TR,)):
            texts = [
                "" if self.is_vmerge_continuation(tc) else self.cell_text(tc)
                for tc in body_elements(tr, (Q_TC,))
            ]
            if not any(texts):
                continue
            if rows:
                b.put_synthetic("\n", b.pos - table_start, self.index)
            row_start = b.pos
            cells: list[Cell] = []
            for i, t in enumerate(texts):
                if i:
                    b.put_synthetic("\t", b.pos - table_start, self.index)
                start = b.pos
                # Offsets inside a table are offsets into the table's text as written here.
                Flow(b, self.index, collapse=False).text(t, 0, len(t), shift=start - table_start)
                cells.append(Cell(start, b.pos))
            rows.append(Row(row_start, b.pos, tuple(cells)))
        if not rows:
            b.rollback(mark)
            self.page_pending = pending
            return
        b.add_block(Block("table", rows[0].start, rows[-1].end, rows=tuple(rows)))
        self.last_kind = "table"
        self.page_pending = False

    def run(self) -> Builder:
        body = self.doc.element.body
        for el in body_elements(body):
            self.index += 1
            if el.tag == Q_P:
                self.paragraph(el)
            else:
                self.table(el)
        return self.b


def read_docx(data: bytes, max_bytes: int) -> Reading:
    check_zip(data, max_bytes)
    try:
        from docx import Document

        doc = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors …
        raise ReadError(f"DOCX is damaged: {type(exc).__name__}") from exc
    try:
        b = _DocxWriter(doc).run()
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError) as exc:
        raise ReadError(f"DOCX is damaged: {type(exc).__name__}") from exc
    reading = b.reading("docx", None)
    if not reading.text.strip():
        raise ReadError("DOCX contains no text")
    return reading
