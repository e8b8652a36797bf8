"""PDF reading with pypdfium2, on PDFs generated here with fpdf2."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ratsinfo.read import ReadError, read_bytes

fpdf = pytest.importorskip("fpdf")

# fpdf2's core fonts are Latin-1 only at best; a Unicode TTF makes the umlauts real text.
# On Debian/Ubuntu CI: apt-get install fonts-dejavu-core.
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
)
FONT = next((p for p in _FONT_CANDIDATES if Path(p).is_file()), None)

PAGES = [
    "Einladung zur 25. öffentlichen Sitzung des Ausschusses für Partizipation.",
    "Beschlussvorschlag: Die Stadtverordnetenversammlung möge beschließen, Bürgerinnen zu beteiligen.",
    "Niederschrift: Die Änderung wird einstimmig bestätigt. Größe, Maß und Übersicht.",
]


def _text(s: str) -> str:
    return s if FONT else s.encode("latin-1", "replace").decode("latin-1")


def make_pdf(pages: list[str], encrypt: bool = False) -> bytes:
    pdf = fpdf.FPDF()
    if FONT:
        pdf.add_font("DejaVu", "", FONT)
        pdf.set_font("DejaVu", size=12)
    else:
        pdf.set_font("Helvetica", size=12)
    for body in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, _text(body))
        pdf.ln()
        pdf.multi_cell(0, 8, _text("Zweiter Absatz der Seite."))
    if encrypt:
        pdf.set_encryption(owner_password="eigentuemer", user_password="geheim")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(PAGES)


def test_pages_and_text(pdf_bytes: bytes) -> None:
    r = read_bytes(pdf_bytes)
    assert r.format == "pdf"
    assert len(r.pages) == 3
    for (start, end), body in zip(r.pages, PAGES, strict=True):
        page = r.text[start:end]
        assert " ".join(page.split()).startswith(" ".join(_text(body).split())[:40])
        assert "Zweiter Absatz der Seite." in page
    # Pages are separated by page_break blocks over three blank lines.
    breaks = [b for b in r.blocks if b.kind == "page_break"]
    assert len(breaks) == 2
    assert [(b.start, b.end) for b in breaks] == [
        (r.pages[0][1], r.pages[1][0]),
        (r.pages[1][1], r.pages[2][0]),
    ]
    assert all(r.text[b.start : b.end] == "\n\n\n\n" for b in breaks)
    assert "\r" not in r.text


@pytest.mark.skipif(FONT is None, reason="no Unicode TTF font (install fonts-dejavu-core)")
def test_umlauts_survive(pdf_bytes: bytes) -> None:
    r = read_bytes(pdf_bytes)
    for word in ("öffentlichen", "beschließen", "Änderung", "Größe", "Übersicht"):
        assert word in r.text


def test_source_locations_carry_pages(pdf_bytes: bytes) -> None:
    import pypdfium2 as pdfium

    r = read_bytes(pdf_bytes)
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        raw_pages = []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            raw_pages.append(tp.get_text_range())
            tp.close()
            page.close()
    finally:
        doc.close()
    for number, (start, end) in enumerate(r.pages, start=1):
        for word in ("Zweiter", "Absatz", "Seite."):
            i = r.text.index(word, start, end)
            loc = r.to_source(i)
            assert loc.page == number
            assert raw_pages[number - 1][loc.offset : loc.offset + len(word)] == word


def test_blocks_within_text(pdf_bytes: bytes) -> None:
    r = read_bytes(pdf_bytes)
    for b in r.blocks:
        assert 0 <= b.start < b.end <= len(r.text)


def test_encrypted_pdf() -> None:
    data = make_pdf(PAGES[:1], encrypt=True)
    with pytest.raises(ReadError, match=r"^PDF is password-protected$"):
        read_bytes(data)


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_truncated_pdf(pdf_bytes: bytes, fraction: float) -> None:
    with pytest.raises(ReadError, match=r"^PDF is damaged: "):
        read_bytes(pdf_bytes[: int(len(pdf_bytes) * fraction)])


def test_garbage_after_header() -> None:
    with pytest.raises(ReadError, match=r"^PDF is damaged: "):
        read_bytes(b"%PDF-1.4\n" + b"kein PDF, nur Text " * 50 + b"\n%%EOF\n")


def test_image_only_pdf_has_no_text_layer() -> None:
    from PIL import Image

    img = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180):
        img.putpixel((x, 50), (0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(buf, x=10, y=10, w=150)
    with pytest.raises(ReadError, match=r"^PDF has no text layer \(scanned\?\)$"):
        read_bytes(bytes(pdf.output()))


def test_pdf_detected_by_content_not_name(pdf_bytes: bytes, tmp_path: Path) -> None:
    from ratsinfo.read import read_path

    p = tmp_path / "vorlage.txt"
    p.write_bytes(pdf_bytes)
    assert read_path(p).format == "pdf"
