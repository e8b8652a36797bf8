"""DOCX reading with python-docx, and the zip checks that run before it."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from ratsinfo.read import ReadError, read_bytes


def make_docx() -> bytes:
    d = docx.Document()
    d.add_heading("Niederschrift der öffentlichen Sitzung", level=1)
    d.add_paragraph("Die Ausschussvorsitzende eröffnet die Sitzung um 18:00 Uhr.")
    d.add_paragraph("Erster Tagesordnungspunkt", style="List Bullet")
    d.add_paragraph("Unterpunkt", style="List Bullet 2")
    table = d.add_table(rows=3, cols=3)
    rows = [
        ("Name", "Fraktion", "Status"),
        ("Frau Müller", "SPD", "anwesend"),
        ("Herr Schäfer", "CDU", "entschuldigt"),
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(2, 2).add_paragraph("ab 18:05 Uhr")
    d.add_paragraph("Nach der Tabelle folgt der Beschluss.")
    d.add_page_break()
    d.add_heading("Anlage", level=2)
    d.add_paragraph("Übersicht der Kooperationen")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def reading():  # type: ignore[no-untyped-def]
    return read_bytes(make_docx())


def test_docx_detected_and_read(reading) -> None:  # type: ignore[no-untyped-def]
    assert reading.format == "docx"
    assert reading.text.startswith("Niederschrift der öffentlichen Sitzung\n\n")
    assert [b.kind for b in reading.blocks] == [
        "heading",
        "paragraph",
        "list_item",
        "list_item",
        "table",
        "paragraph",
        "page_break",
        "heading",
        "paragraph",
    ]


def test_docx_order_levels_and_table(reading) -> None:  # type: ignore[no-untyped-def]
    r = reading
    levels = [(b.kind, b.level) for b in r.blocks if b.kind in ("heading", "list_item")]
    assert levels == [("heading", 1), ("list_item", 0), ("list_item", 1), ("heading", 2)]
    table = next(b for b in r.blocks if b.kind == "table")
    cells = [[r.text[c.start : c.end] for c in row.cells] for row in table.rows]
    assert cells == [
        ["Name", "Fraktion", "Status"],
        ["Frau Müller", "SPD", "anwesend"],
        ["Herr Schäfer", "CDU", "entschuldigt\nab 18:05 Uhr"],
    ]
    # The table sits between the paragraphs around it, in body order.
    assert r.text.index("Unterpunkt") < table.start < r.text.index("Nach der Tabelle")
    assert r.tables_kept


def test_docx_source_locations(reading) -> None:  # type: ignore[no-untyped-def]
    r = reading
    loc = r.to_source(r.text.index("eröffnet"))
    assert loc.paragraph == 1
    assert loc.offset == len("Die Ausschussvorsitzende ")
    assert r.to_source(r.text.index("Anlage")).paragraph is not None
    table_loc = r.to_source(r.text.index("Frau Müller"))
    assert table_loc.paragraph == 4  # heading, paragraph, two list items, then the table


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A zip whose word/document.xml inflates to 200 MB of zeros (about 200 KB on disk)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w") as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                fh.write(chunk)
    return buf.getvalue()


def test_zip_bomb_refused_fast(zip_bomb: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(zip_bomb) < 2 * 1024 * 1024

    def no_inflate(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the zip was opened for reading")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflate)
    monkeypatch.setattr(zipfile.ZipFile, "read", no_inflate)
    with pytest.raises(ReadError, match=r"^DOCX looks like a zip bomb"):
        read_bytes(zip_bomb)


def test_total_uncompressed_size_limited() -> None:
    # Each entry is harmless on its own; together they exceed 20x the size limit.
    entries = {"word/document.xml": b"<w:document/>"}
    entries.update({f"word/media/m{i}.bin": bytes(range(256)) * 400 for i in range(30)})
    data = _zip(entries)
    total = sum(len(v) for v in entries.values())
    limit = 2 * len(data)
    assert total > 20 * limit
    with pytest.raises(ReadError, match="zip bomb"):
        read_bytes(data, max_bytes=limit)


def test_broken_docx() -> None:
    good = make_docx()
    with pytest.raises(ReadError, match=r"^DOCX is damaged"):
        read_bytes(good[: len(good) // 2])
    with pytest.raises(ReadError, match=r"^DOCX is damaged"):
        read_bytes(_zip({"word/document.xml": b"<kein xml", "[Content_Types].xml": b"<Types/>"}))


def test_zip_that_is_not_docx() -> None:
    with pytest.raises(ReadError, match=r"^unsupported format: ZIP archive"):
        read_bytes(_zip({"readme.txt": b"hallo"}))
    with pytest.raises(ReadError, match="OpenDocument"):
        read_bytes(
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
        )


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def test_template_fields_text_boxes_and_tracked_changes() -> None:
    """Word templates: content controls, text boxes, tracked insertions and deletions."""
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_paragraph("Vorlage")
    body = d.element.body
    sect = body[-1]  # keep w:sectPr last
    ns = f'xmlns:w="{W}" xmlns:mc="{MC}" xmlns:wps="{WPS}"'
    fragments = [
        # An inline content control holding the filled-in field.
        f'<w:p {ns}><w:r><w:t xml:space="preserve">Drucksache Nr.: </w:t></w:r>'
        f"<w:sdt><w:sdtContent><w:r><w:t>VO/2025/0117</w:t></w:r></w:sdtContent></w:sdt></w:p>",
        # A tracked insertion counts, a tracked deletion does not.
        f'<w:p {ns}><w:r><w:t xml:space="preserve">Der Rat </w:t></w:r>'
        f"<w:del><w:r><w:delText>lehnt ab</w:delText></w:r></w:del>"
        f"<w:ins><w:r><w:t>beschließt</w:t></w:r></w:ins></w:p>",
        # A text box, stored twice by Word (DrawingML and VML fallback).
        f"<w:p {ns}><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>"
        f"<w:txbxContent><w:p><w:r><w:t>Absender: Fachbereich 3</w:t></w:r></w:p></w:txbxContent>"
        f"</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>"
        f"<w:t>Absender: Fachbereich 3</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
        f"</mc:AlternateContent></w:r></w:p>",
        # A block-level content control around a paragraph.
        f"<w:sdt {ns}><w:sdtContent><w:p><w:r><w:t>Beschlussvorschlag folgt.</w:t></w:r></w:p>"
        f"</w:sdtContent></w:sdt>",
    ]
    for xml in fragments:
        sect.addprevious(parse_xml(xml))
    buf = io.BytesIO()
    d.save(buf)
    r = read_bytes(buf.getvalue())
    assert r.text == (
        "Vorlage\n\nDrucksache Nr.: VO/2025/0117\n\nDer Rat beschließt\n\n"
        "Absender: Fachbereich 3\n\nBeschlussvorschlag folgt."
    )
