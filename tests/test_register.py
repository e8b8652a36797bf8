"""The cooperation register on hand-built extractions: merging, diff, corrections, reports."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from django.db import transaction

from conftest import run_cli
from ratsinfo.cli import main
from ratsinfo.extract.records import CooperationRecord, DocumentRecord, FileExtraction
from ratsinfo.pipeline import ParsedFile
from ratsinfo.read.base import Reading
from ratsinfo.register import merge
from ratsinfo.register.queries import diff, find_body, listing, network, overview
from ratsinfo.register.report import render_docx, render_html, render_markdown
from ratsinfo.store import writer
from ratsinfo.store.models import Cooperation, CooperationMention, Partner

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.store]

BODY = "Stadt Musterstadt"
HAVELLAND = "Landkreis Havelland"
PM = "Landkreis Potsdam-Mittelmark"
TELTOW = "Stadt Teltow"


def coop(text: str, title: str, unit: str | None = None, partners: list[str] | None = None,
         **values: str) -> CooperationRecord:
    """A record whose title span points at the title in ``text`` (as the extractor's do)."""
    at = text.index(title)
    return CooperationRecord(title=title, unit=unit, partners=partners or [],
                             spans={"title": (at, at + len(title))}, **values)


def report_file(path: Path, year: int, entries: list[tuple[str, dict]], body: str = BODY,
                extra: str = "") -> ParsedFile:
    """A report: a narrative part and an annex table naming the given cooperations."""
    lines = [f"Bericht zur interkommunalen Zusammenarbeit {year}", extra]
    lines += [f"{e[1].get('unit') or ''}\t{e[0]}\t{e[1].get('description') or ''}" for e in entries]
    text = "\n".join(lines) + "\n"
    records = []
    for title, values in entries:
        records.append(coop(text, title, **values))
    extraction = FileExtraction(
        body=body,
        documents=[DocumentRecord(kind="Bericht", start=0, end=len(text), title="Bericht")],
        cooperations=records,
        report_year=year,
    )
    return ParsedFile(path=str(path), sha256=hashlib.sha256(text.encode()).hexdigest(),
                      size=len(text.encode()), reading=Reading(text=text, format="text"),
                      extraction=extraction)


def store(parsed: ParsedFile) -> None:
    with transaction.atomic():
        writer.store(parsed)


def live() -> list[Cooperation]:
    return list(Cooperation.objects.filter(deleted=False).order_by("pk"))


# --- merging ----------------------------------------------------------------------------


def test_narrative_section_and_table_row_become_one_cooperation(tmp_path) -> None:
    store(report_file(tmp_path / "b2023.txt", 2023, [
        ("Kooperation zur Adoptionsvermittlung", {"partners": [HAVELLAND, PM]}),
        ("Gemeinsame Adoptionsvermittlung", {"unit": "GB 2", "partners": [HAVELLAND, PM, TELTOW],
                                             "legal_form": "öffentlich-rechtliche Vereinbarung"}),
        ("Standesamt Nuthetal", {"unit": "GB 3", "partners": ["Gemeinde Nuthetal"]}),
    ]))
    coops = live()
    assert len(coops) == 2
    adoption = next(c for c in coops if "Adoption" in c.title)
    assert adoption.mentions.count() == 2
    # The table row (it names the unit) gives the title; values come from wherever given.
    assert adoption.title == "Gemeinsame Adoptionsvermittlung"
    assert adoption.unit == "GB 2"
    assert adoption.legal_form == "öffentlich-rechtliche Vereinbarung"
    assert sorted(p.name for p in adoption.partners.all()) == sorted([HAVELLAND, PM, TELTOW])
    # Partners are normalised against the gazetteer: official key and coordinates.
    havelland = Partner.objects.get(name=HAVELLAND)
    assert havelland.key == "12063" and havelland.latitude and havelland.longitude
    # Every mention keeps its raw values and where it was read.
    m = adoption.mentions.get(title="Kooperation zur Adoptionsvermittlung")
    assert m.record["partners"] == [HAVELLAND, PM]
    text = m.source_file.text
    assert text[m.start:m.end] == "Kooperation zur Adoptionsvermittlung"
    assert m.document is not None and m.report_year == 2023


def test_rows_of_one_overview_stay_apart_even_when_alike(tmp_path) -> None:
    store(report_file(tmp_path / "b.txt", 2023, [
        ("Erfahrungsaustausch der kreisfreien Städte", {"unit": "GB 1"}),
        ("Erfahrungsaustausch der kreisfreien Städte", {"unit": "GB 2"}),
        ("Stadtentwicklungskonzept Teil A (Gesamtstadt)", {"unit": "Stadtplanungsamt"}),
        ("Stadtentwicklungskonzept Teil B (Stadtteile)", {"unit": "Stadtplanungsamt"}),
    ]))
    assert len(live()) == 4


def test_unrelated_titles_with_shared_partner_stay_apart(tmp_path) -> None:
    store(report_file(tmp_path / "b.txt", 2023, [
        ("Zulassung von Fahrzeugen", {"unit": "GB 3", "partners": [PM]}),
        ("Fleischhygieneüberwachung", {"unit": "GB 3", "partners": [PM]}),
    ]))
    assert len(live()) == 2


def test_merge_rule_scores() -> None:
    profile = merge.Profile()
    profile.add("Radschnellverbindung Südwest", [PM, TELTOW], "GB 4", 1)
    # reworded, same partners → same
    assert merge.score(profile, "Radschnellverbindungen Südwest", [PM], None, 2) > 0
    # new words around the same core, no partners named → same (wholly contained)
    assert merge.score(profile, "Planung der Radschnellverbindung Südwest", [], None, 2) > 0
    # same partners, different subject → not the same
    assert merge.score(profile, "Regionalleitstelle", [PM, TELTOW], None, 2) == 0
    # contained title but a contradicting partner list → not the same
    assert merge.score(profile, "Radschnellverbindung Südwest Ost", ["Landkreis Barnim"], None, 2) == 0
    # the very same title with other partners is another agreement
    assert merge.score(profile, "Radschnellverbindung Südwest", ["Landkreis Barnim"], None, 2) == 0
    # two overview rows of one file are two cooperations, whatever their titles
    assert merge.score(profile, "Radschnellverbindung Südwest", [], "GB 3", 1) == 0
    assert merge.score(profile, "Radschnellverbindung Südwest", [], "GB 4:", 1) == 0
    # the same row in another file (next year's report, another rendition) → same
    assert merge.score(profile, "Radschnellverbindung Südwest", [], "GB 4:", 3) > 0


def test_years_merge_into_history_and_diff(tmp_path) -> None:
    store(report_file(tmp_path / "b2013.txt", 2013, [
        ("Gemeinsame Rettungsleitstelle", {"unit": "Dezernat III", "partners": [HAVELLAND, PM]}),
        ("Schulentwicklungsplanung mit dem Umland", {"unit": "Dezernat IV", "partners": [PM]}),
        ("E-Book-Ausleihe im Verbund", {"unit": "Dezernat IV", "partners": [TELTOW]}),
    ]))
    store(report_file(tmp_path / "b2014.txt", 2014, [
        ("Gemeinsame Regionalleitstelle", {"unit": "Dezernat III", "partners": [HAVELLAND, PM],
                                           "status": "laufend"}),
        ("E-Book-Ausleihe im Verbund", {"unit": "Dezernat IV", "partners": [TELTOW],
                                        "status": "abgeschlossen"}),
        ("Wirtschaftsförderung der Wachstumskerne", {"unit": "Dezernat II", "partners": [PM]}),
    ]))
    coops = live()
    assert len(coops) == 4
    leitstelle = next(c for c in coops if "leitstelle" in c.title)
    assert (leitstelle.first_report_year, leitstelle.last_report_year) == (2013, 2014)
    assert leitstelle.title == "Gemeinsame Regionalleitstelle"  # the newest report wins
    assert leitstelle.status == "laufend"
    assert sorted(leitstelle.mentions.values_list("report_year", flat=True)) == [2013, 2014]

    d = diff(2013, 2014)
    assert [r["title"] for r in d.new] == ["Wirtschaftsförderung der Wachstumskerne"]
    assert [r["title"] for r in d.continued] == ["Gemeinsame Regionalleitstelle"]
    assert sorted(r["title"] for r in d.ended) == [
        "E-Book-Ausleihe im Verbund",  # reported as abgeschlossen in 2014
        "Schulentwicklungsplanung mit dem Umland",  # no longer reported
    ]

    result = CliRunner().invoke(main, ["cooperations", "diff", "2013", "2014", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["title"] for r in data["new"]] == ["Wirtschaftsförderung der Wachstumskerne"]
    assert len(data["continued"]) == 1 and len(data["ended"]) == 2
    text = CliRunner().invoke(main, ["cooperations", "diff", "2013", "2014"]).output
    assert "new (1):" in text and "ended (2):" in text


def test_reingest_replaces_mentions_and_soft_deletes_what_is_gone(tmp_path) -> None:
    path = tmp_path / "bericht.txt"
    entries = [
        ("Regionalleitstelle Nordwest", {"unit": "GB 3", "partners": [HAVELLAND]}),
        ("Frauenhaus", {"unit": "GB 3", "partners": [PM]}),
    ]
    store(report_file(path, 2023, entries))
    store(report_file(path, 2023, entries, extra="(geänderte Fassung)"))
    assert len(live()) == 2
    assert CooperationMention.objects.count() == 2  # replaced, not added
    store(report_file(path, 2023, entries[:1], extra="(ohne Frauenhaus)"))
    assert [c.title for c in live()] == ["Regionalleitstelle Nordwest"]
    gone = Cooperation.objects.get(title="Frauenhaus")
    assert gone.deleted is True and gone.mentions.count() == 0
    # It comes back (same record) when a report names it again.
    store(report_file(path, 2023, entries))
    assert Cooperation.objects.get(title="Frauenhaus").pk == gone.pk
    assert len(live()) == 2


# --- corrections ------------------------------------------------------------------------


def _admin_post(client, coop: Cooperation, **changes: str) -> None:
    data = {f"{n}_corrected": getattr(coop, f"{n}_corrected") for n in
            ("title", "description", "unit", "category", "kind", "legal_form", "status",
             "since", "until", "field")}
    data["partners_corrected"] = coop.partners_corrected
    data.update(changes)
    data["_save"] = "Sichern"
    response = client.post(f"/admin/store/cooperation/{coop.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_staff_correction_in_admin_survives_reingest(tmp_path, client, django_user_model) -> None:
    path = tmp_path / "bericht.txt"
    entries = [
        ("Grundausbildung der Berufsfeuerwehr", {"unit": "GB 3", "partners": [PM],
                                                 "legal_form": "Vertrag"}),
        ("Kommunalakademie", {"unit": "GB 5", "partners": ["Brandenburgische Kommunalakademie"]}),
    ]
    store(report_file(path, 2023, entries))
    target = Cooperation.objects.get(title="Grundausbildung der Berufsfeuerwehr")
    page = f"/admin/store/cooperation/{target.pk}/change/"

    assert client.get(page).status_code == 302  # anonymous: to the login page
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-1")
    client.force_login(clerk)
    assert client.get(page).status_code == 302  # authenticated but not staff: no entry
    staff = django_user_model.objects.create_user("staff", password="pw-staff-1",
                                                  is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(page).status_code == 200
    _admin_post(client, target, legal_form_corrected="öffentlich-rechtliche Vereinbarung",
                partners_corrected=f"{PM}\n{TELTOW}", confirmed="on")
    target.refresh_from_db()
    assert target.legal_form == "Vertrag"  # the extracted value stays as it was read
    assert target.value("legal_form") == "öffentlich-rechtliche Vereinbarung"
    assert target.corrected_by == "staff" and target.confirmed

    # The report changes (different wording elsewhere, new extracted values); re-ingest.
    changed = [
        ("Grundausbildung der Berufsfeuerwehr", {"unit": "GB 3", "partners": [PM],
                                                 "legal_form": "Vertrag", "status": "laufend"}),
        ("Kommunalakademie", {"unit": "GB 5", "partners": ["Brandenburgische Kommunalakademie"]}),
    ]
    store(report_file(path, 2023, changed, extra="Fortschreibung"))
    target.refresh_from_db()
    assert target.deleted is False and target.status == "laufend"
    assert target.legal_form_corrected == "öffentlich-rechtliche Vereinbarung"
    assert target.value("legal_form") == "öffentlich-rechtliche Vereinbarung"
    assert sorted(p.name for p in target.partners.all()) == sorted([PM, TELTOW])
    row = next(r for r in listing() if r["id"] == target.pk)
    assert row["legal_form"] == "öffentlich-rechtliche Vereinbarung" and row["corrected"]

    # A corrected cooperation that the report drops is kept (the administration's record) …
    store(report_file(path, 2023, changed[1:], extra="ohne Feuerwehr"))
    target.refresh_from_db()
    assert target.deleted is False and target.mentions.count() == 0
    # … an uncorrected one is soft-deleted.
    store(report_file(path, 2023, changed[:1], extra="ohne Akademie"))
    assert Cooperation.objects.get(title="Kommunalakademie").deleted is True


# --- lists, network, map ------------------------------------------------------------------


def _two_year_register(tmp_path: Path) -> None:
    store(report_file(tmp_path / "b2022.txt", 2022, [
        ("Regionalleitstelle", {"unit": "GB 3", "partners": [HAVELLAND, PM],
                                "field_of_activity": "Sicherheit/Feuerwehr/Rettung"}),
    ]))
    store(report_file(tmp_path / "b2023.txt", 2023, [
        ("Regionalleitstelle", {"unit": "GB 3", "partners": [HAVELLAND, PM],
                                "field_of_activity": "Sicherheit/Feuerwehr/Rettung",
                                "description": "Gemeinsame Leitstelle für Feuerwehr & Rettung."}),
        ("Radschnellverbindung <Südwest>", {"unit": "GB 4", "partners": [PM, TELTOW],
                                            "field_of_activity": "Mobilität",
                                            "description": "Planung der Trasse."}),
        ("Mitgliedschaft Vitako", {"unit": "GB 5", "partners": ["Vitako"],
                                   "field_of_activity": "Digitalisierung/IT",
                                   "description": "Mitgliedschaft Vitako: Arbeitsgemeinschaft "
                                                  "der kommunalen IT-Dienstleister."}),
        ("Regionale Abstimmung", {"partner_phrases": ["die Nachbargemeinden"]}),
    ]))


def test_list_filters_and_formats(tmp_path) -> None:
    _two_year_register(tmp_path)
    runner = CliRunner()
    data = json.loads(runner.invoke(main, ["cooperations", "list", "--json"]).output)
    assert len(data) == 4
    by_pm = json.loads(runner.invoke(main, ["cooperations", "list", "--partner", "Potsdam-Mittelmark",
                                            "--json"]).output)
    assert sorted(r["title"] for r in by_pm) == ["Radschnellverbindung <Südwest>", "Regionalleitstelle"]
    by_code = json.loads(runner.invoke(main, ["cooperations", "list", "--partner", "LK PM",
                                              "--json"]).output)
    assert by_code == by_pm  # the gazetteer knows the registration code
    by_key = json.loads(runner.invoke(main, ["cooperations", "list", "--partner", "12063",
                                             "--json"]).output)
    assert [r["title"] for r in by_key] == ["Regionalleitstelle"]
    mobility = runner.invoke(main, ["cooperations", "list", "--field", "mobilität", "--csv"]).output
    lines = mobility.strip().splitlines()
    assert lines[0].startswith("id,body,unit,title") and len(lines) == 2
    assert "Radschnellverbindung <Südwest>" in lines[1] and "Stadt Teltow" in lines[1]
    plain = runner.invoke(main, ["cooperations", "list"]).output
    assert "4 cooperations" in plain and "2022-2023" in plain
    bad = runner.invoke(main, ["cooperations", "list", "--body", "Nirgendwo"])
    assert bad.exit_code == 1 and "no body named" in bad.output


def test_network_as_data_and_svg(tmp_path) -> None:
    _two_year_register(tmp_path)
    data = network(find_body(BODY))
    pm = next(p for p in data["partners"] if p["name"] == PM)
    assert pm["cooperations"] == 2 and pm["key"] == "12069"
    assert pm["fields"] == {"Mobilität": 1, "Sicherheit/Feuerwehr/Rettung": 1}
    assert data["partners"][0]["name"] == PM  # most cooperations first
    assert {"source": HAVELLAND, "target": PM, "cooperations": 1} in [
        {**link} for link in data["links"]
    ] or {"source": PM, "target": HAVELLAND, "cooperations": 1} in data["links"]

    svg1, svg2 = tmp_path / "n1.svg", tmp_path / "n2.svg"
    runner = CliRunner()
    out = runner.invoke(main, ["cooperations", "network", "--json", "--svg", str(svg1)])
    assert out.exit_code == 0, out.output
    runner.invoke(main, ["cooperations", "network", "--svg", str(svg2)])
    assert svg1.read_bytes() == svg2.read_bytes()  # deterministic layout
    soup = BeautifulSoup(svg1.read_text(), "xml")
    names = sorted(g["data-name"] for g in soup.find_all("g", class_="partner"))
    assert names == sorted([PM, HAVELLAND, TELTOW, "Vitako"])
    assert "<script" not in svg1.read_text()


def test_map_places_partner_municipalities_by_coordinates(tmp_path) -> None:
    _two_year_register(tmp_path)
    target = tmp_path / "map.svg"
    out = CliRunner().invoke(main, ["cooperations", "map", "--svg", str(target), "--body", BODY])
    assert out.exit_code == 0, out.output
    soup = BeautifulSoup(target.read_text(), "xml")
    places = {g["data-name"]: g.find("circle") for g in soup.find_all("g", class_="place")}
    assert {PM, HAVELLAND, TELTOW} <= set(places)
    assert "Vitako" not in places  # an association has no coordinates
    # West is left, north is up: Havelland lies north-west of Teltow.
    hvl, tel = places[HAVELLAND], places[TELTOW]
    assert float(hvl["cx"]) < float(tel["cx"]) and float(hvl["cy"]) < float(tel["cy"])


# --- the report draft ---------------------------------------------------------------------


def test_report_markdown_html_docx(tmp_path) -> None:
    _two_year_register(tmp_path)
    ov = overview(find_body("Musterstadt"), 2023)
    assert [u.unit for u in ov.units] == ["GB 3", "GB 4", "GB 5", "Ohne Zuordnung"]
    assert ov.previous == 2022
    assert [c["title"] for c in ov.diff.continued] == ["Regionalleitstelle"]
    assert len(ov.diff.new) == 3

    md = render_markdown(ov)
    assert "| GB 4 | **Radschnellverbindung \\<Südwest\\>**<br>Planung der Trasse." in md
    assert "### Neu seit 2022 (3)" in md
    # A description that repeats the title does not print it twice.
    assert "| GB 5 | **Mitgliedschaft Vitako**<br>Arbeitsgemeinschaft der kommunalen IT-Dienstleister." in md

    html = render_html(ov)
    assert "<script" not in html and "&lt;Südwest&gt;" in html  # autoescaped
    soup = BeautifulSoup(html, "html.parser")
    rows = soup.select("table.overview tbody tr")
    cells = {r.select_one("td.unit").get_text(strip=True): r for r in rows}
    assert list(cells) == ["GB 3", "GB 4", "GB 5", "Ohne Zuordnung"]
    assert cells["GB 4"].find("b").get_text() == "Radschnellverbindung <Südwest>"
    assert "Feuerwehr & Rettung" in cells["GB 3"].get_text()

    document = docx.Document(io.BytesIO(render_docx(ov)))
    table = document.tables[0]
    assert [r.cells[0].text for r in table.rows] == ["Bereich", "GB 3", "GB 4", "GB 5", "Ohne Zuordnung"]
    cell = table.rows[2].cells[1]
    title_para = cell.paragraphs[0]
    assert title_para.text == "Radschnellverbindung <Südwest>" and title_para.runs[0].bold
    assert cell.paragraphs[1].text == "Planung der Trasse."
    texts = [p.text for p in document.paragraphs]
    assert "Fortgeführt seit 2022 (1)" in texts and "Regionalleitstelle (GB 3)" in texts


def test_report_command_writes_files(tmp_path) -> None:
    _two_year_register(tmp_path)
    runner = CliRunner()
    out_docx = tmp_path / "bericht.docx"
    result = runner.invoke(main, ["report", "cooperations", "--body", BODY, "--year", "2023",
                                  "--format", "docx", "--output", str(out_docx)])
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out_docx)).tables[0].rows[1].cells[0].text == "GB 3"
    md = runner.invoke(main, ["report", "cooperations", "--body", BODY, "--year", "2023"]).output
    assert md.startswith("# Bericht zur interkommunalen Zusammenarbeit 2023")
    missing = runner.invoke(main, ["report", "cooperations", "--body", BODY, "--year", "2019"])
    assert missing.exit_code == 1 and "no cooperations" in missing.output
    no_file = runner.invoke(main, ["report", "cooperations", "--body", BODY, "--year", "2023",
                                   "--format", "docx"])
    assert no_file.exit_code == 2 and re.search(r"--output", no_file.output)
    first = render_markdown(overview(find_body(BODY), 2022))
    assert "keinen früheren Bericht" in first


def test_commands_run_as_the_user_runs_them(cli_env, tmp_path) -> None:
    """The console script, in its own process, on an empty store (Django set up by it)."""
    listed = run_cli(cli_env, "cooperations", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == []
    net = run_cli(cli_env, "cooperations", "network", "--json")
    assert net.returncode == 0 and json.loads(net.stdout)["partners"] == []
    target = tmp_path / "map.svg"
    drawn = run_cli(cli_env, "cooperations", "map", "--svg", str(target))
    assert drawn.returncode == 0 and "keine Partner" in target.read_text()
    missing = run_cli(cli_env, "report", "cooperations", "--body", "Stadt Nirgendwo", "--year", "2023")
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        "Error: no body named 'Stadt Nirgendwo' (known: none stored yet)"
    ]
