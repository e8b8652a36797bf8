"""Text decoding, plain text structure, converter markup, detection, limits and bad input."""

from __future__ import annotations

import os
import random
import re
import stat
from pathlib import Path

import pytest

from ratsinfo.read import ReadError, detect_format, read_bytes, read_path

UMLAUT_TEXT = (
    "Die Bürgerinnen und Bürger der Stadt Größenwahn: Änderung für Öffentlichkeit – Maß 5 €."
)


def kinds(r) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.kind for b in r.blocks]


def block_texts(r, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text[b.start : b.end] for b in r.blocks if b.kind == kind]


# -- decoding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (UMLAUT_TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + UMLAUT_TEXT.encode("utf-8"), "utf-8-sig"),
        (UMLAUT_TEXT.encode("cp1252"), "cp1252"),
        (UMLAUT_TEXT.replace("€", "EUR").replace("–", "-").encode("latin-1"), "cp1252"),
        (UMLAUT_TEXT.encode("utf-16"), "utf-16"),
        (UMLAUT_TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_encodings_decode_to_the_same_umlauts(data: bytes, encoding: str) -> None:
    r = read_bytes(data)
    assert r.encoding == encoding
    assert r.format == "text"
    expected = (
        UMLAUT_TEXT if b"EUR" not in data else UMLAUT_TEXT.replace("€", "EUR").replace("–", "-")
    )
    assert r.text == expected


def test_cp1252_latin1_and_bom_agree() -> None:
    text = "Öffentliche Sitzung des Ausschusses für Bürgerbeteiligung, Straßenbau und Grünflächen"
    a = read_bytes(text.encode("cp1252")).text
    b = read_bytes(text.encode("latin-1")).text
    c = read_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")).text
    assert a == b == c == text


def test_utf8_preferred_when_it_decodes() -> None:
    # "Ã¤" would be cp1252 for the UTF-8 bytes of "ä": UTF-8 must win.
    assert read_bytes("Gemäß § 5".encode()).text == "Gemäß § 5"


def test_newlines_normalised_and_offsets_point_into_crlf_source() -> None:
    raw = "Erste Zeile\r\nzweite Zeile\r\n\r\nNeuer Absatz über Bürger\rletzte"
    r = read_bytes(raw.encode("utf-8"))
    assert "\r" not in r.text
    assert r.text == "Erste Zeile\nzweite Zeile\n\nNeuer Absatz über Bürger\nletzte"
    for word in ("zweite", "Neuer", "Bürger", "letzte"):
        loc = r.to_source(r.text.index(word))
        assert raw[loc.offset : loc.offset + len(word)] == word


# -- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n  ", b"\xef\xbb\xbf", b"\n\n\n\n"])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(ReadError, match="empty"):
        read_bytes(data)


def test_random_bytes_are_binary() -> None:
    rnd = random.Random(7)
    for _ in range(20):
        data = bytes(rnd.getrandbits(8) for _ in range(4096))
        with pytest.raises(ReadError) as info:
            read_bytes(data)
        assert (
            "binary" in str(info.value)
            or "unsupported" in str(info.value)
            or "damaged" in str(info.value)
        )
    with pytest.raises(ReadError, match="binary data"):
        read_bytes(os.urandom(64 * 1024).replace(b"%PDF-", b"xxxxx").replace(b"PK", b"xx"))


def test_control_characters_mean_binary() -> None:
    data = ("Text " * 20).encode() + bytes(range(1, 9)) * 30
    with pytest.raises(ReadError, match="binary data, not a document"):
        read_bytes(data)
    with pytest.raises(ReadError, match="binary"):
        read_bytes(b"Sitzung\x00\x00\x00\x01\x02 Rat")


def test_error_messages_are_one_line() -> None:
    for data in (b"", os.urandom(2000), b"\x89PNG\r\n\x1a\n" + os.urandom(100), b"PK\x03\x04xx"):
        with pytest.raises(ReadError) as info:
            read_bytes(data)
        assert "\n" not in str(info.value) and str(info.value)


def test_known_binary_formats_named() -> None:
    with pytest.raises(ReadError, match="PNG"):
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(ReadError, match="legacy Office"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


# -- limits and paths -------------------------------------------------------------------


def test_size_limit_bytes() -> None:
    data = b"Sitzung " * 200
    with pytest.raises(ReadError, match=r"^file is larger than the limit of 1 MB$"):
        read_bytes(data * 1000, max_bytes=1024 * 1024)
    assert read_bytes(data, max_bytes=len(data)).text.startswith("Sitzung")
    with pytest.raises(ReadError, match="larger than the limit"):
        read_bytes(data, max_bytes=len(data) - 1)


def test_read_path_checks_size_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "gross.txt"
    big.write_bytes(b"x" * 5000)
    opened: list[str] = []
    real_open = Path.open

    def spy_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    with pytest.raises(ReadError, match="larger than the limit"):
        read_path(big, max_bytes=1000)
    assert opened == []


def test_read_path_errors(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="not found"):
        read_path(tmp_path / "fehlt.txt")
    with pytest.raises(ReadError, match="directory"):
        read_path(tmp_path)
    if Path("/dev/null").exists():
        with pytest.raises(ReadError, match="not a regular file"):
            read_path("/dev/null")
    locked = tmp_path / "gesperrt.txt"
    locked.write_text("Niederschrift", encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user that ignores file permissions")
        with pytest.raises(ReadError, match="permission denied"):
            read_path(locked)
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_read_path_reads_file(tmp_path: Path) -> None:
    p = tmp_path / "vorlage.dat"  # the extension says nothing
    p.write_bytes(b"# Beschlussvorlage\n\n**Betreff:** Haushalt")
    r = read_path(p)
    assert r.format == "converted"
    assert r.text == "Beschlussvorlage\n\nBetreff: Haushalt"


# -- plain text structure ---------------------------------------------------------------


def test_plain_paragraphs_tables_and_pages() -> None:
    src = (
        "Einladung\n\nzur Sitzung des Rates\nam Montag\n\n"
        "Datum\tGremium\tZuständigkeit\n10.01.2023\tHauptausschuss\tVorberatung\n\n"
        "- erster Punkt\n- zweiter Punkt\n\n\n\n"
        "Seite zwei\fSeite drei"
    )
    r = read_bytes(src.encode())
    assert r.format == "text"
    assert kinds(r) == [
        "paragraph",
        "paragraph",
        "table",
        "list_item",
        "list_item",
        "page_break",
        "paragraph",
        "page_break",
        "paragraph",
    ]
    assert block_texts(r, "paragraph")[1] == "zur Sitzung des Rates\nam Montag"
    table = next(b for b in r.blocks if b.kind == "table")
    assert (
        r.text[table.start : table.end]
        == "Datum\tGremium\tZuständigkeit\n10.01.2023\tHauptausschuss\tVorberatung"
    )
    assert [[r.text[c.start : c.end] for c in row.cells] for row in table.rows][1] == [
        "10.01.2023",
        "Hauptausschuss",
        "Vorberatung",
    ]
    # Source bullets stay in plain text; page boundaries read as three blank lines.
    assert "- erster Punkt\n- zweiter Punkt\n\n\n\nSeite zwei\n\n\n\nSeite drei" in r.text
    assert "\f" not in r.text


def test_two_blank_lines_are_not_a_page_break() -> None:
    r = read_bytes(b"Erster Absatz\n\n\nZweiter Absatz")
    assert "page_break" not in kinds(r)
    assert r.text == "Erster Absatz\n\nZweiter Absatz"


# -- converted markup -------------------------------------------------------------------


def test_markdown_markup_removed() -> None:
    src = (
        "## 24/SVV/0001\n\nMitteilungsvorlage  \nöffentlich\n\n"
        "# 1. Bericht über **Bürger**beteiligung #\n\n"
        "Die **Stadt** und *Gemeinden* – Nutzer*innen und \\*Sternchen\\* – __fett__ [Link](https://x.de).\n\n"
        "Freigabedatum: _____\n\n"
        "---\n\n"
        "- Punkt eins\n  - Unterpunkt\n- Punkt zwei\n\n"
        "| Nr | Titel |\n|----|-------|\n| 1 | Anlage A |\n"
    )
    r = read_bytes(src.encode())
    assert r.format == "converted"
    assert [(b.level, r.text[b.start : b.end]) for b in r.blocks if b.kind == "heading"] == [
        (2, "24/SVV/0001"),
        (1, "1. Bericht über Bürgerbeteiligung"),
    ]
    assert "Mitteilungsvorlage\nöffentlich" in r.text
    assert "Die Stadt und Gemeinden – Nutzer*innen und *Sternchen* – fett Link." in r.text
    assert "Freigabedatum: _____" in r.text
    assert "---" not in r.text and "|" not in r.text
    items = [(b.level, r.text[b.start : b.end]) for b in r.blocks if b.kind == "list_item"]
    assert items == [(0, "Punkt eins"), (1, "Unterpunkt"), (0, "Punkt zwei")]
    table = next(b for b in r.blocks if b.kind == "table")
    assert r.text[table.start : table.end] == "Nr\tTitel\n1\tAnlage A"


def test_html_fragments_removed_and_entities_decoded() -> None:
    src = (
        "<i>Geschäftsbereich:</i> Büro&nbsp;des OB\t<i>Datum</i> 23.10.2024\n"
        "--------------\t------\n\n"
        "<p>Erster &amp; <b>zweiter</b> Absatz</p> <p>Dritter</p>\n\n"
        '<input type="checkbox"/> Digitales Potsdam <input type="checkbox" checked/> Wachstum\n\n'
        "Kontakt <Name Nachname> bleibt, 3 < 5 auch.\n"
    )
    r = read_bytes(src.encode())
    assert r.format == "converted"
    assert r.text.startswith("Geschäftsbereich: Büro des OB\tDatum 23.10.2024\n\n")
    assert "Erster & zweiter Absatz\nDritter" in r.text
    assert "☐ Digitales Potsdam ☒ Wachstum" in r.text
    assert "Kontakt <Name Nachname> bleibt, 3 < 5 auch." in r.text
    assert "---" not in r.text


def test_html_table_fragment_with_paragraph_cells() -> None:
    src = (
        "Übersicht\n\n<table>\n<tr><th>GB</th><th>Kooperation</th></tr>\n"
        "<tr><td><b>GB 1</b></td><td><p>Zweckverband A</p>\n<p>Vereinbarung B</p>"
        "<ul><li>Punkt C</li></ul></td></tr>\n</table>\n\nDanach Text."
    )
    r = read_bytes(src.encode())
    table = next(b for b in r.blocks if b.kind == "table")
    cells = [[r.text[c.start : c.end] for c in row.cells] for row in table.rows]
    assert cells == [["GB", "Kooperation"], ["GB 1", "Zweckverband A\nVereinbarung B\nPunkt C"]]
    assert kinds(r) == ["paragraph", "table", "paragraph"]
    assert r.text.endswith("\n\nDanach Text.")


def test_page_break_comment_and_many_blank_lines() -> None:
    r = read_bytes(b"**Seite eins**\n\n<!-- pagebreak -->\n\nSeite zwei\n\n\n\n\n\nSeite drei")
    assert kinds(r) == ["paragraph", "page_break", "paragraph", "page_break", "paragraph"]
    assert r.text == "Seite eins\n\n\n\nSeite zwei\n\n\n\nSeite drei"


# -- detection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"Ein ganz normaler Brief.\n\nMit freundlichen Gruessen", "text"),
        (b"Text mit **Fettdruck** am Ende", "text"),  # one weak signal is not enough
        (b"**Betreff:** Haushalt\n\n**Datum:** heute", "converted"),
        (b"# Titel\n\nText", "converted"),
        (b"Text mit <b>fett</b>", "converted"),
        (b"Name\tPartei\n---\t---\nA\tB", "converted"),
        (b"<!DOCTYPE html><html><body><p>Hallo</p></body></html>", "html"),
        (b"  <html><head></head><body>Hallo</body></html>", "html"),
        (b"<body><p>Hallo</p></body>", "html"),
        (b"%PDF-1.7\n%%EOF", "pdf"),
    ],
)
def test_detect_format(data: bytes, fmt: str) -> None:
    assert detect_format(data) == fmt


def test_detection_ignores_name(tmp_path: Path) -> None:
    p = tmp_path / "sieht_aus_wie.pdf"
    p.write_bytes("<p>Öffentliche Bekanntmachung</p>".encode())
    assert read_path(p).format == "converted"


def test_large_converted_text() -> None:
    para = (
        "Die Stadtverordnetenversammlung möge **beschließen**: <i>Bürger</i>\tNr. 1\n\nAbsatz\n\n"
    )
    data = (para * 10_000).encode()  # ~0.9 MB
    r = read_bytes(data)
    assert kinds(r).count("table") == 10_000 and kinds(r).count("paragraph") == 10_000
    assert not re.search(r"\*\*|<i>", r.text)
    # Copied runs share segments: far fewer segments than lines.
    assert len(r.segments) < 8 * 10_000
