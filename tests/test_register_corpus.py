"""Issue 4, done when: the 2023 overview regenerated from the register holds every
cooperation of the original table under the right unit; the docx opens, the HTML renders."""

from __future__ import annotations

import io
import json

import docx
import pytest
from bs4 import BeautifulSoup

from conftest import CORPUS, GOLD
from ratsinfo.eval.normalise import normalise, similarity
from ratsinfo.register.queries import find_body, overview
from ratsinfo.register.report import render_docx, render_html
from ratsinfo.store.ingest import ingest
from ratsinfo.store.models import Cooperation

NAME = "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-a.txt"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.store]


def _unit(text: str) -> str:
    return normalise(text).rstrip(": ")


def _same_unit(a: str, b: str) -> bool:
    # The gold README's rule for `unit`: similarity ≥ 0.9 after normalisation.
    return similarity(_unit(a), _unit(b)) >= 0.9


def _cells(table_rows: list[tuple[str, str]], unit: str) -> list[str]:
    return [normalise(text) for u, text in table_rows if _same_unit(u, unit)]


def test_2023_overview_regenerated_from_register_has_every_cooperation_under_its_unit() -> None:
    gold = json.loads((GOLD / f"{NAME}.json").read_text(encoding="utf-8"))
    summary = ingest([CORPUS / NAME])
    assert summary.ok and summary.ingested, summary.failed
    assert Cooperation.objects.filter(deleted=False).exists()

    year = gold["cooperations"]["report_year"]
    ov = overview(find_body(gold["body"]), year)
    expected = [i for i in gold["cooperations"]["items"] if i.get("unit")]
    assert expected

    # The register's own overview.
    register_rows = [
        (row.unit, " ".join(f"{c['title']} {c['description']}" for c in row.cooperations))
        for row in ov.units
    ]
    # The regenerated docx, read back.
    document = docx.Document(io.BytesIO(render_docx(ov)))
    docx_rows = [(r.cells[0].text, r.cells[1].text) for r in document.tables[0].rows[1:]]
    # The regenerated HTML, parsed.
    soup = BeautifulSoup(render_html(ov), "html.parser")
    html_rows = [
        (tr.select_one("td.unit").get_text(" ", strip=True), tr.find_all("td")[1].get_text(" ", strip=True))
        for tr in soup.select("table.overview tbody tr")
    ]
    assert len(register_rows) == len(docx_rows) == len(html_rows)

    missing = []
    for item in expected:
        phrase = normalise(item["match"])
        for label, rows in (("register", register_rows), ("docx", docx_rows), ("html", html_rows)):
            if not any(phrase in cell for cell in _cells(rows, item["unit"])):
                missing.append(f"{label}: {item['match']!r} not under {item['unit']!r}")
    assert not missing, "\n".join(missing)
