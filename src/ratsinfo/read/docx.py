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
        if info.file_size >= RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(
                f"DOCX looks like a zip bomb ({info.filename} inflates "
                f"{info.file_size // max(info.compress_size, 1)}x to {info.file_size // (1024 * 1024)} MB)"
            )
    if total > MAX_TOTAL_FACTOR * max_bytes:
        raise ReadError(f"DOCX looks like a zip bomb ({total // (1024 * 1024)} MB uncompressed)")
    if DOCUMENT_PART not in {i.filename for i in infos}:
        raise ReadError("DOCX is damaged: word/document.xml is missing")


class _DocxWriter:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.b = Builder()
        self.last_kind: str | None = None
        self.page_pending = False
        self.index = -1
        self.Q_P = qn("w:p")
        self.Q_TBL = qn("w:tbl")
        self.Q_TR = qn("w:tr")
        self.Q_TC = qn("w:tc")
        self.Q_SDT = qn("w:sdt")
        self.Q_SDTCONTENT = qn("w:sdtContent")
        self.Q_CUSTOMXML = qn("w:customXml")
        self.Q_VAL = qn("w:val")
        self.Q_TYPE = qn("w:type")
        self.Q_BR = qn("w:br")
        self.Q_VMERGE = qn("w:vMerge")
        self.Q_TCPR = qn("w:tcPr")

    # -- structure --------------------------------------------------------------------

    def body_elements(self, parent: Any) -> list[Any]:
        out: list[Any] = []
        for child in parent.iterchildren():
            tag = child.tag
            if tag in (self.Q_P, self.Q_TBL):
                out.append(child)
            elif tag in (self.Q_SDT, self.Q_CUSTOMXML):
                # Content controls and custom XML wrap ordinary body content.
                inner = child.find(self.Q_SDTCONTENT) if tag == self.Q_SDT else child
                if inner is not None:
                    out.extend(self.body_elements(inner))
        return out

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
                lvl = int(outline.get(self.Q_VAL))
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
        return any(br.get(self.Q_TYPE) == "page" for br in el.iter(self.Q_BR))

    def break_before(self, el: Any) -> bool:
        ppr = getattr(el, "pPr", None)
        pbb = ppr.find(qn("w:pageBreakBefore")) if ppr is not None else None
        return pbb is not None and pbb.get(self.Q_VAL, "true") not in ("0", "false", "off")

    # -- output -----------------------------------------------------------------------

    def separator(self, kind: str) -> None:
        b = self.b
        if b.pos == 0:
            return
        if self.page_pending:
            start = b.pos
            b.put_synthetic(PAGE_GAP, 0, self.index)
            b.add_block(Block("page_break", start, b.pos))
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
        para = Paragraph(el, self.doc)
        text = para.text
        if self.break_before(el) and self.b.pos:
            self.page_pending = True
        after = self.break_after(el)
        if not text.strip():
            if after and self.b.pos:
                self.page_pending = True
            return
        kind, level = self.paragraph_kind(para)
        b = self.b
        self.separator(kind)
        start = b.pos
        self.write_text(text)
        b.add_block(Block(kind, start, b.pos, level=level))
        self.last_kind = kind
        self.page_pending = after

    def cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for child in tc.iterchildren():
            if child.tag == self.Q_P:
                t = Paragraph(child, self.doc).text.strip()
                if t:
                    lines.append(t)
            elif child.tag == self.Q_TBL:
                for tr in child.iterchildren(self.Q_TR):
                    row = "\t".join(self.cell_text(c) for c in tr.iterchildren(self.Q_TC)).strip()
                    if row:
                        lines.append(row)
        return "\n".join(lines)

    def is_vmerge_continuation(self, tc: Any) -> bool:
        tcpr = tc.find(self.Q_TCPR)
        if tcpr is None:
            return False
        vm = tcpr.find(self.Q_VMERGE)
        return vm is not None and vm.get(self.Q_VAL) in (None, "continue")

    def table(self, el: Any) -> None:
        b = self.b
        mark = b.mark()
        self.separator("table")
        table_start = b.pos
        rows: list[Row] = []
        for tr in el.iterchildren(self.Q_TR):
            texts = [
                "" if self.is_vmerge_continuation(tc) else self.cell_text(tc)
                for tc in tr.iterchildren(self.Q_TC)
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
            return
        b.add_block(Block("table", rows[0].start, rows[-1].end, rows=tuple(rows)))
        self.last_kind = "table"
        self.page_pending = False

    def run(self) -> Builder:
        body = self.doc.element.body
        for el in self.body_elements(body):
            self.index += 1
            if el.tag == self.Q_P:
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
