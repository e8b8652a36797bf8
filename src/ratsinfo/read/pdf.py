"""PDF via pypdfium2's text layer, page by page.

Each page's text goes through the plain-text line reader; pages are joined by a
``page_break`` block over ``\\n\\n\\n\\n`` (the same convention as converter text), and
``Reading.pages`` holds each page's span. Segments carry the 1-based page number and
the character offset in that page's extracted text.
"""

from __future__ import annotations

from ratsinfo.read.base import Block, ReadError, Reading
from ratsinfo.read.builder import PAGE_GAP, Builder, normalise_newlines, remap_crlf
from ratsinfo.read.text import LineReader

# pdfium marks a hyphen at a line end with U+0002 and may emit U+FFFE/U+FFFF; the rest
# of the C0 range never belongs in page text.
_PDFIUM_JUNK = str.maketrans({0x02: "-", 0xFFFE: "\u200b", 0xFFFF: "\u200b"})
_TAIL = 2048


def pdf_score(data: bytes) -> float:
    return 1.0 if b"%PDF-" in data[:1024] else 0.0


def _open(data: bytes):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError("PDF is password-protected") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ReadError("PDF uses an unsupported security handler") from exc
        if code == pdfium_c.FPDF_ERR_SUCCESS:
            raise ReadError("PDF has no pages") from exc
        reason = {
            pdfium_c.FPDF_ERR_FORMAT: "not a valid PDF structure",
            pdfium_c.FPDF_ERR_FILE: "file could not be read",
        }.get(code, "PDFium could not load it")
        raise ReadError(f"PDF is damaged: {reason}") from exc


def page_texts(data: bytes) -> list[str]:
    """Raw text of every page (pdfium objects are closed before returning)."""
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-_TAIL:] and data.rfind(b"%%EOF") < 0:
        # pdfium repairs a cut-off file silently and returns whatever pages survived;
        # a document missing its end is not one we should index as complete.
        raise ReadError("PDF is damaged: file is truncated (no %%EOF marker)")
    pdf = _open(data)
    texts: list[str] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                try:
                    texts.append(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise ReadError(f"PDF is damaged: page {len(texts) + 1} could not be read") from exc
    finally:
        pdf.close()
    return texts


def read_pdf(data: bytes) -> Reading:
    texts = page_texts(data)
    if not any(t.strip() for t in texts):
        raise ReadError("PDF has no text layer (scanned?)")
    b = Builder()
    for number, raw in enumerate(texts, start=1):
        page_src, crs = normalise_newlines(raw.translate(_PDFIUM_JUNK))
        if number > 1:
            start = b.pos
            b.put_synthetic(PAGE_GAP, 0, number)
            b.add_block(Block("page_break", start, b.pos))
        page_start = b.pos
        first_segment = len(b.segments)
        LineReader(page_src, b, unit=number).run()
        if crs:
            # Offsets into the page text as pdfium returned it (with CRLF line ends).
            b.segments[first_segment:] = remap_crlf(b.segments[first_segment:], b.pos, crs)
        b.pages.append((page_start, b.pos))
    return b.reading("pdf", None)


__all__ = ["page_texts", "pdf_score", "read_pdf"]
