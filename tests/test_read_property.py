"""Properties: any bytes give a Reading or a ReadError, and a Reading is self-consistent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratsinfo.read import ReadError, Reading, read_bytes

# Pieces of converter output, mixed freely: markup, structure and German text.
TOKENS = [
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<br>",
    "<ul>",
    "<li>",
    "</li>",
    "</ul>",
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "</tr>",
    "</table>",
    "<h2>",
    "</h2>",
    '<input type="checkbox" checked/>',
    "<!-- pagebreak -->",
    "<!-- x -->",
    "**",
    "*",
    "__",
    "_____",
    "\\",
    "\\*",
    "# ",
    "## ",
    "- ",
    "  - ",
    "|",
    "|---|",
    "----",
    "\t",
    "\n",
    "\n\n",
    "\n\n\n\n",
    "\r\n",
    "\r",
    "\f",
    " ",
    "  ",
    "\u00a0",
    "\u00ad",
    "\x07",
    "&amp;",
    "&uuml;",
    "&nbsp;",
    "&bogus;",
    "&#8222;",
    "[Link](https://x.de)",
    "![Bild](b.png)",
    "<https://example.org>",
    "•",
    " • ",
    "<",
    ">",
    "&",
    "Bürger",
    "Größe",
    "Sitzung",
    "22/SVV/0792",
    "10.01.2023",
    "öffentlich",
    "1.",
    "Ä",
    "<html>",
    "<body>",
    "<!DOCTYPE html>",
    "%PDF-",
    "PK\x03\x04",
]

markup_text = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)


def check(r: Reading) -> None:
    text = r.text
    assert text.strip()
    prev_end = 0
    for block in r.blocks:
        assert 0 <= block.start < block.end <= len(text)
        assert block.start >= prev_end, "blocks overlap or are out of order"
        prev_end = block.end
        for row in block.rows:
            assert block.start <= row.start <= row.end <= block.end
            for cell in row.cells:
                assert row.start <= cell.start <= cell.end <= row.end
    for start, end in r.pages:
        assert 0 <= start <= end <= len(text)
    starts = [s[0] for s in r.segments]
    assert starts == sorted(set(starts))
    assert not starts or starts[0] == 0
    for offset in (0, len(text) // 2, len(text) - 1):
        assert r.to_source(offset).offset >= 0


def read_or_error(data: bytes) -> None:
    try:
        r = read_bytes(data)
    except ReadError as exc:
        msg = str(exc)
        assert msg and "\n" not in msg
        return
    check(r)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    read_or_error(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup_text, st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_markup_text(text: str, encoding: str) -> None:
    read_or_error(text.encode(encoding, "replace"))


@settings(max_examples=200, deadline=None)
@given(markup_text)
def test_converted_output_has_no_markup_tags(text: str) -> None:
    try:
        r = read_bytes(("**Titel**\n\n<p>x</p>\n\n" + text).encode())
    except ReadError:
        return
    check(r)
    if r.format == "converted" and "\\" not in text:  # "\<p>" is an escaped, literal "<p>"
        assert "<p>" not in r.text and "</b>" not in r.text and "<br>" not in r.text


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=2048))
def test_pdf_and_zip_prefixes(tail: bytes) -> None:
    for head in (b"%PDF-1.7\n", b"PK\x03\x04"):
        read_or_error(head + tail)
