"""Full HTML documents via BeautifulSoup + lxml."""

from __future__ import annotations

import re

import pytest

from ratsinfo.read import read_bytes

PAGE = """<!DOCTYPE html>
<html lang="de">
<head><title>Ratsinformationssystem</title>
<style>p { color: red }</style>
<script>var geheim = "Skriptinhalt";</script></head>
<body>
<nav><a href="/">Startseite</a></nav>
<h1>Sitzung des Hauptausschusses</h1>
<p>Die Stadtverordneten&shy;versammlung m&ouml;ge beschlie&szlig;en:
   der <b>Oberbürgermeister</b> wird beauftragt.</p>
<ul><li>Erster Punkt</li><li>Zweiter Punkt<ul><li>Unterpunkt</li></ul></li></ul>
<table>
 <tr><th>Datum</th><th>Gremium</th></tr>
 <tr><td>10.01.2023</td><td><p>Ausschuss für Partizipation</p><p>Hauptausschuss</p></td></tr>
</table>
<div style="page-break-before: always"><h2>Anlage</h2>Neue Seite &amp; mehr</div>
<p>Checkbox <input type="checkbox" checked> öffentlich</p>
<script>document.write("auch weg")</script>
</body></html>
"""


@pytest.fixture(scope="module")
def reading():  # type: ignore[no-untyped-def]
    return read_bytes(PAGE.encode("utf-8"))


def test_html_text_clean(reading) -> None:  # type: ignore[no-untyped-def]
    r = reading
    assert r.format == "html"
    assert "Skriptinhalt" not in r.text and "auch weg" not in r.text
    assert "color" not in r.text and "Ratsinformationssystem" not in r.text
    assert not re.search(r"<[a-z/]", r.text)
    assert (
        "Die Stadtverordnetenversammlung möge beschließen: der Oberbürgermeister wird beauftragt."
        in r.text
    )
    assert "Neue Seite & mehr" in r.text
    assert "Checkbox ☒ öffentlich" in r.text


def test_html_blocks(reading) -> None:  # type: ignore[no-untyped-def]
    r = reading
    headings = [(b.level, r.text[b.start : b.end]) for b in r.blocks if b.kind == "heading"]
    assert headings == [(1, "Sitzung des Hauptausschusses"), (2, "Anlage")]
    items = [(b.level, r.text[b.start : b.end]) for b in r.blocks if b.kind == "list_item"]
    assert items == [(0, "Erster Punkt"), (0, "Zweiter Punkt"), (1, "Unterpunkt")]
    table = next(b for b in r.blocks if b.kind == "table")
    cells = [[r.text[c.start : c.end] for c in row.cells] for row in table.rows]
    assert cells == [
        ["Datum", "Gremium"],
        ["10.01.2023", "Ausschuss für Partizipation\nHauptausschuss"],
    ]
    kinds = [b.kind for b in r.blocks]
    second_heading = [i for i, k in enumerate(kinds) if k == "heading"][1]
    assert kinds.index("page_break") == second_heading - 1
    # Navigation menus are not document text.
    assert kinds[0] == "heading" and "Startseite" not in r.text


def test_html_offsets_point_into_source(reading) -> None:  # type: ignore[no-untyped-def]
    r = reading
    for word in (
        "Sitzung",
        "Oberbürgermeister",
        "beauftragt",
        "Unterpunkt",
        "Hauptausschuss",
        "Partizipation",
        "mehr",
    ):
        i = r.text.index(word)
        loc = r.to_source(i)
        assert PAGE[loc.offset : loc.offset + len(word)] == word, word
    # Text spelled with entities in the source maps onto the entity.
    i = r.text.index("möge")
    assert PAGE[r.to_source(i + 1).offset :].startswith("&ouml;ge")
    assert PAGE[r.to_source(i + 2).offset :].startswith("ge beschlie")


def test_html_cp1252_and_fragments_are_not_documents() -> None:
    doc = "<html><body><p>Bürgerbeteiligung in Groß-Umstadt</p></body></html>"
    r = read_bytes(doc.encode("cp1252"))
    assert r.format == "html" and r.text == "Bürgerbeteiligung in Groß-Umstadt"
    # A converter text with <p> fragments is not an HTML document.
    assert read_bytes(b"Einleitung\n\n<p>Absatz</p>").format == "converted"


def test_deeply_nested_html() -> None:
    doc = "<html><body>" + "<div>" * 3000 + "Tief" + "</div>" * 3000 + "</body></html>"
    r = read_bytes(doc.encode())
    assert r.text == "Tief"
