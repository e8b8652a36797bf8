"""The OParl importer against real HTTP on loopback: the Hürtgenwald dump (OParl 1.0,
SD.NET), a small endpoint with files and a flaky server, and our own API (round trip)."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import CORPUS, SHARED, run_cli
from ratsinfo.oparl import quirks
from ratsinfo.oparl.client import Client
from ratsinfo.oparl.dumpserver import DumpServer
from ratsinfo.oparl.importer import Importer
from ratsinfo.store.models import (
    AgendaItem,
    Consultation,
    Document,
    File,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
    SourceFile,
)

DUMP = SHARED / "oparl" / "examples" / "huertgenwald_2021"
MODELS = (Paper, Meeting, Person, Organization, Membership, AgendaItem, Consultation, File)


def _dump_items(kind: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in sorted((DUMP / "body" / "1").glob(f"{kind}*.json")):
        items += json.loads(page.read_text())["data"]
    return items


def _state() -> dict[str, tuple[int, Any]]:
    from django.db.models import Max

    return {m.__name__: (m.objects.count(), m.objects.aggregate(Max("modified"))["modified__max"]) for m in MODELS}


@pytest.mark.store
@pytest.mark.slow
@pytest.mark.django_db
def test_huertgenwald_dump_imports_completely_and_a_second_import_changes_nothing() -> None:
    with DumpServer(DUMP) as server:
        importer = Importer(Client(retries=1, backoff=0.01), files=False)
        summary = importer.run(server.url("system"))
        assert not summary.errors and not summary.missing
        for kind, model in (("paper", Paper), ("meeting", Meeting), ("person", Person), ("organization", Organization)):
            items = _dump_items(kind)
            assert model.objects.count() == len(items), kind  # every object, deleted ones too
            assert model.objects.filter(deleted=True).count() == sum(1 for i in items if i.get("deleted")), kind
            # Records keep their OParl ids (the dump's, on the loopback host).
            assert set(model.objects.values_list("external_id", flat=True)) == {server.rewrite(i["id"]) for i in items}
        meetings = _dump_items("meeting")
        assert AgendaItem.objects.count() == sum(len(m.get("agendaItem", [])) for m in meetings)
        persons = _dump_items("person")
        assert Membership.objects.count() == sum(len(p.get("membership", [])) for p in persons)

        paper = Paper.objects.get(reference="159/2006")
        assert paper.paper_type == "Beschlussvorlage" and str(paper.date) == "2007-01-23"
        assert paper.main_file is not None and paper.main_file.access_url.startswith(server.base)
        consultation = paper.consultations.get()
        assert consultation.agenda_item is not None and consultation.agenda_item.meeting == consultation.meeting
        assert consultation.meeting.organizations.count() == 1
        huppertz = Person.objects.get(family_name="Huppertz")
        assert huppertz.memberships.filter(role="Ausschussvorsitzender", voting_right=True).exists()
        body = paper.body
        assert body.name == "Gemeinde Hürtgenwald" and body.ags == "5358016"
        _assert_fields_kept(server)

        before = _state()
        again = Importer(Client(retries=1, backoff=0.01), files=False).run(server.url("system"), full=True)
        assert again.created == 0 and again.updated == 0 and again.deleted == 0
        assert again.total == summary.total
        assert _state() == before


def _assert_fields_kept(server: DumpServer) -> None:
    """Fields beyond names and references are kept as the dump gives them."""
    from ratsinfo.store.models import Body

    body = json.loads((DUMP / "body.json").read_text())["data"][0]
    stored = Body.objects.get(external_id=server.rewrite(body["id"]))
    assert (stored.contact_name, stored.contact_email) == (body["contactName"], body["contactEmail"])
    assert stored.location is not None and stored.location.street_address == body["location"]["streetAddress"]
    persons = _dump_items("person")
    assert any(p.get("phone") for p in persons)
    for p in persons:
        person = Person.objects.get(external_id=server.rewrite(p["id"]))
        assert (person.phone, person.email) == (p.get("phone") or [], p.get("email") or []), p["id"]
    orgs = _dump_items("organization")
    assert any(o.get("post") for o in orgs)
    for o in orgs:
        assert Organization.objects.get(external_id=server.rewrite(o["id"])).post == (o.get("post") or []), o["id"]
    files = {f["id"]: f for p in _dump_items("paper") for f in [p.get("mainFile") or {}, *p.get("auxiliaryFile", [])] if f}
    stored_files = dict(File.objects.values_list("external_id", "download_url"))
    assert files and all(stored_files[server.rewrite(i)] == server.rewrite(f["downloadUrl"]) for i, f in files.items())


# A Beschlussvorlage as the RIS would print it: its Beratungsfolge names the step the source
# lists (same day, same Gremium) and one more the source does not list.
VORLAGE_159 = """Gemeinde Hürtgenwald
Der Bürgermeister

Beschlussvorlage

Drucksache-Nr.

159/2006

öffentlich

Betreff:

Regelförderung der Vereine im Gemeindegebiet; Neuverteilung für den Zeitraum 2007 bis 2009

Erstellungsdatum: 08.01.2007

Beratungsfolge:
Datum der Sitzung\tGremium\tZuständigkeit
23.01.2007\tAusschuss für Jugend, Kultur und Vereine\tEntscheidung
15.02.2007\tRat der Gemeinde Hürtgenwald\tKenntnisnahme

Beschlussvorschlag:

Der Ausschuss beschließt die Neuverteilung der Regelförderung für die Jahre 2007 bis 2009 gemäß Anlage.

Begründung:

Die bisherige Verteilung läuft zum Jahresende aus. Die Vereine wurden angehört.
"""


@pytest.mark.store
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_downloaded_files_keep_the_imported_consultations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ratsinfo.store.ingest import ingest

    monkeypatch.setenv("RATSINFO_HOME", str(tmp_path / "home"))
    item = next(p for p in _dump_items("paper") if p.get("reference") == "159/2006")
    original = json.loads((DUMP / "system.json").read_text())["id"].rsplit("system", 1)[0]
    path = item["mainFile"]["downloadUrl"].removeprefix(original)
    with DumpServer(DUMP, files={path: VORLAGE_159.encode()}) as server:
        summary = Importer(Client(retries=0), files_dir=tmp_path / "files").run(server.url("system"))
        assert not summary.errors and summary.files_ingested == 1
        # Every consultation is one of the dump's, under its id: the document's Beratungsfolge
        # added none (its second step is not in the source) and replaced none.
        dumped = {server.rewrite(c["id"]) for p in _dump_items("paper") for c in p.get("consultation", [])}
        assert set(Consultation.objects.values_list("external_id", flat=True)) == dumped
        assert Consultation.objects.count() == len(dumped)
        paper = Paper.objects.get(external_id=server.rewrite(item["id"]))
        assert paper.documents.filter(kind="Beschlussvorlage").exists()  # the download was ingested
        consultation = paper.consultations.get()
        assert consultation.external_id == server.rewrite(item["consultation"][0]["id"])
        # The printed step filled in what the source does not give.
        assert str(consultation.date) == "2007-01-23"
        assert consultation.organization_name == "Ausschuss für Jugend, Kultur und Vereine"
        ids = dict(Consultation.objects.values_list("pk", "external_id"))

        before = _state()
        again = Importer(Client(retries=0), files_dir=tmp_path / "files").run(server.url("system"), full=True)
        assert again.created == 0 and again.updated == 0 and again.deleted == 0
        assert _state() == before

        # The file changes and is ingested again: the paper is rebuilt, its consultations stay.
        assert paper.main_file is not None and paper.main_file.source_file is not None
        source = Path(paper.main_file.source_file.path)
        source.write_text(VORLAGE_159.replace("wurden angehört", "wurden im Dezember angehört"))
        result = ingest([source])
        assert result.ok and len(result.ingested) == 1
        assert dict(Consultation.objects.values_list("pk", "external_id")) == ids
        assert Paper.objects.get(pk=paper.pk).consultations.get().pk == consultation.pk


def _mini_dump(root: Path, base: str, paper_deleted: bool = False) -> None:
    """A tiny OParl 1.1 endpoint with one paper whose main file is a corpus document."""

    def write(rel: str, data: Any) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False))

    t = "https://schema.oparl.org/1.1/"
    write("system.json", {"id": f"{base}system", "type": t + "System", "oparlVersion": t, "body": f"{base}bodies"})
    body = {
        "id": f"{base}bodies/1", "type": t + "Body", "name": "Gemeinde Musterdorf", "legislativeTerm": [],
        **{k: f"{base}bodies/1/{k}" for k in ("organization", "person", "meeting", "paper")},
    }
    write("bodies.json", {"data": [body], "pagination": {}, "links": {}})
    write("bodies/1/organization.json", {"data": [{"id": f"{base}org/1", "type": t + "Organization", "name": "Gemeinderat"}], "links": {}})
    write("bodies/1/person.json", {"data": [], "links": {}})
    write("bodies/1/meeting.json", {"data": [], "links": {}})
    paper: dict[str, Any] = {
        "id": f"{base}paper/1", "type": t + "Paper", "name": "Kooperationsbericht", "reference": "24/SVV/1155",
        "underDirectionOf": [f"{base}org/1"],
        "mainFile": {"id": f"{base}file/1", "type": t + "File", "name": "Bericht", "fileName": "bericht.txt",
                     "accessUrl": f"{base}files/bericht.txt", "mimeType": "text/plain"},
    }
    if paper_deleted:
        paper = {"id": paper["id"], "type": t + "Paper", "deleted": True}
    write("bodies/1/paper.json", {"data": [paper], "links": {}})


@pytest.mark.store
@pytest.mark.django_db(transaction=True)
def test_files_are_downloaded_and_ingested_retries_back_off_and_since_syncs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATSINFO_HOME", str(tmp_path / "home"))
    doc = CORPUS / "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-b.txt"
    root = tmp_path / "dump"
    root.mkdir()
    (root / "system.json").write_text(json.dumps({"id": "http://placeholder/system"}))
    server = DumpServer(root, files={"files/bericht.txt": doc.read_bytes()}, flaky={"bodies/1/paper": 2})
    with server:
        _mini_dump(root, server.base)
        server.original = server.base
        summary = Importer(Client(retries=3, backoff=0.01)).run(server.url("system"))
        assert not summary.errors, summary.errors
        assert summary.files_ingested == 1 and not summary.files_failed
        # The paper list answered 503 twice: the client retried and got it.
        assert server.requests.count("/bodies/1/paper") == 3
        paper = Paper.objects.get(external_id=server.url("paper/1"))
        assert paper.main_file is not None and paper.main_file.external_id == server.url("file/1")
        source = SourceFile.objects.get(pk=paper.main_file.source_file_id)
        assert source.text.strip() and Document.objects.filter(source_file=source).exists()
        assert paper.under_direction_of.get().name == "Gemeinderat"

        # Next run: incremental (modified_since, with overlap); the file is not fetched again.
        server.requests.clear()
        same = Importer(Client(retries=1, backoff=0.01)).run(server.url("system"))
        assert any("modified_since=" in r for r in server.requests if "/paper" in r)
        assert not any("bericht.txt" in r for r in server.requests)
        assert same.created == 0 and same.updated == 0

        # The source deletes the paper: ours is marked deleted, not removed.
        _mini_dump(root, server.base, paper_deleted=True)
        gone = Importer(Client(retries=1, backoff=0.01)).run(server.url("system"))
        assert gone.deleted == 1
        assert Paper.objects.get(pk=paper.pk).deleted


def test_quirks_fix_swapped_points_and_keep_filters_on_next_links() -> None:
    sdnet = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [50.722, 6.395]}}
    assert quirks.geojson(sdnet)["geometry"]["coordinates"] == [6.395, 50.722]
    right = {"type": "Point", "coordinates": [6.395, 50.722]}
    assert quirks.geojson(right) == {"type": "Feature", "geometry": right, "properties": {}}
    page = {"links": {"next": "https://x.example/papers?page=2"}}
    assert quirks.next_page(page, {"modified_since": "2024-01-01T00:00:00+01:00"}) == (
        "https://x.example/papers?page=2&modified_since=2024-01-01T00%3A00%3A00%2B01%3A00"
    )
    assert quirks.type_name({"type": "https://schema.oparl.org/1.0/Paper"}) == "Paper"
    assert quirks.text("52393\u00a0") == "52393"
    assert str(quirks.datetime("2007-01-23T18:00:00").tzinfo) == "Europe/Berlin"


def _lists(env: dict[str, str]) -> dict[str, Any]:
    out = {}
    for what in ("papers", "meetings", "persons", "organizations"):
        r = run_cli(env, "list", what, "--json")
        assert r.returncode == 0, r.stderr
        out[what] = json.loads(r.stdout)
    return out


def _key(what: str, row: dict[str, Any]) -> tuple[Any, ...]:
    if what == "papers":
        return (row["body"], row["reference"], row["kind"], row["title"], row["date"])
    if what == "meetings":
        return (row["body"], row["name"], row["start"], row["end"], tuple(sorted(row["organizations"])))
    if what == "persons":
        return (row["body"], row["name"])
    return (row["body"], row["name"], row["type"])


@pytest.mark.store
@pytest.mark.django_db(transaction=True)
def test_round_trip_through_our_own_api_reproduces_the_store(live_server: Any, cli_env: dict[str, str], tmp_path: Path) -> None:
    from ratsinfo.store.ingest import ingest
    from ratsinfo.store.queries import LISTS

    assert ingest(sorted(CORPUS.glob("*.txt"))).ok
    source = {what: sorted(_key(what, r) for r in LISTS[what]()) for what in ("papers", "meetings", "persons", "organizations")}
    assert source["papers"] and source["meetings"] and source["persons"] and source["organizations"]

    r = run_cli(cli_env, "oparl", "import", "-q", live_server.url + "/oparl/v1.1/")
    assert r.returncode == 0, r.stderr
    assert "files ingested" in r.stdout
    target = _lists(cli_env)
    for what, rows in source.items():
        assert sorted(_key(what, row) for row in target[what]) == rows, what
    # Second import: nothing new.
    r2 = run_cli(cli_env, "oparl", "import", "-q", "--full", live_server.url + "/oparl/v1.1/")
    assert r2.returncode == 0, r2.stderr
    assert " 0 created, 0 updated" in r2.stdout, r2.stdout


@contextlib.contextmanager
def _serve(env: dict[str, str]) -> Iterator[str]:
    """`ratsinfo serve` on a free loopback port for the store of ``env``; yields the API root."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("ratsinfo")
    proc = subprocess.Popen(
        [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/oparl/v1.1"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/system", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def _api_view(base: str) -> dict[str, Any]:
    """The fields of interest of every body, person, organization and paper an API serves,
    keyed by name/reference (ids differ between stores)."""

    def walk(client: httpx.Client, url: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while url:
            page = client.get(url).json()
            out += page["data"]
            url = page["links"].get("next", "")
        return out

    view: dict[str, Any] = {}
    with httpx.Client(timeout=30) as client:
        for body in walk(client, client.get(base + "/").json()["body"]):
            papers = walk(client, body["paper"])
            ref = {p["id"]: p.get("reference") for p in papers}
            view[body["name"]] = {
                "body": {k: body.get(k) for k in ("contactName", "contactEmail", "license", "licenseValidSince", "equivalent")}
                | {"location": (body.get("location") or {}).get("streetAddress")},
                "persons": {
                    p["name"]: {k: p.get(k) for k in ("phone", "email", "status", "life", "lifeSource")}
                    for p in walk(client, body["person"])
                },
                "organizations": {o["name"]: o.get("post") for o in walk(client, body["organization"])},
                "papers": {
                    p.get("reference"): {
                        "superordinatedPaper": sorted(ref[u] for u in p.get("superordinatedPaper", [])),
                        "subordinatedPaper": sorted(ref[u] for u in p.get("subordinatedPaper", [])),
                        "mainFile": {
                            k: (p.get("mainFile") or {}).get(k)
                            for k in ("downloadUrl", "sha1Checksum", "sha512Checksum", "fileLicense", "externalServiceUrl")
                        },
                    }
                    for p in papers
                },
            }
    return view


@pytest.mark.store
@pytest.mark.django_db(transaction=True)
def test_round_trip_keeps_contact_licence_checksum_and_hierarchy_fields(live_server: Any, cli_env: dict[str, str]) -> None:
    import datetime as dt

    from ratsinfo.store.models import Body, Location

    loc = Location.objects.create(description="Rathaus", street_address="Markt 1", locality="Musterdorf")
    body = Body.objects.create(
        name="Gemeinde Musterdorf", contact_name="Ratsbüro", contact_email="rat@musterdorf.example",
        license="https://creativecommons.org/licenses/by/4.0/", license_valid_since=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        equivalent=["https://www.wikidata.org/wiki/Q1"], location=loc,
    )
    Organization.objects.create(body=body, name="Gemeinderat", post=["Vorsitzende", "Mitglied"])
    Person.objects.create(
        body=body, name="Erika Beispiel", given_name="Erika", family_name="Beispiel", phone=["+49 123 4567"],
        email=["erika@musterdorf.example"], status=["Bürgermeisterin"], life="Juristin", life_source="Ratsportal",
    )
    f = File.objects.create(
        name="Vorlage", file_name="vorlage.pdf", access_url="https://ris.musterdorf.example/vorlage.pdf",
        download_url="https://ris.musterdorf.example/download/vorlage.pdf", sha1_checksum="a" * 40,
        sha512_checksum="b" * 128, file_license="https://creativecommons.org/licenses/by/4.0/",
        external_service_url="https://video.musterdorf.example/1",
    )
    top = Paper.objects.create(body=body, reference="1/2024", name="Haushalt", main_file=f)
    part = Paper.objects.create(body=body, reference="1/2024-1", name="Haushalt, Teil 1")
    part.superordinated_papers.add(top)

    source = _api_view(live_server.url + "/oparl/v1.1")
    mine = source["Gemeinde Musterdorf"]
    assert mine["body"]["contactName"] == "Ratsbüro" and mine["body"]["location"] == "Markt 1"
    assert mine["persons"]["Erika Beispiel"]["life"] == "Juristin"
    assert mine["organizations"]["Gemeinderat"] == ["Vorsitzende", "Mitglied"]
    assert mine["papers"]["1/2024"]["subordinatedPaper"] == ["1/2024-1"]
    assert mine["papers"]["1/2024"]["mainFile"]["sha512Checksum"] == "b" * 128

    r = run_cli(cli_env, "oparl", "import", "-q", "--no-files", live_server.url + "/oparl/v1.1/")
    assert r.returncode == 0, r.stderr
    with _serve(cli_env) as base:
        assert _api_view(base) == source


def test_cli_since_asks_for_changes_only_and_rejects_nonsense(cli_env: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "dump"
    root.mkdir()
    (root / "system.json").write_text(json.dumps({"id": "http://placeholder/system"}))
    with DumpServer(root) as server:
        _mini_dump(root, server.base)
        server.original = server.base
        r = run_cli(cli_env, "oparl", "import", "-q", "--no-files", "--since", "2024-01-01", server.url("system"))
        assert r.returncode == 0, r.stderr
        assert "1 paper" in r.stdout and "0 files ingested" in r.stdout
        lists = [q for q in server.requests if q.startswith("/bodies/1/")]
        assert lists and all("modified_since=2024-01-01T00%3A00%3A00%2B01%3A00" in q for q in lists)
    bad = run_cli(cli_env, "oparl", "import", "--since", "gestern", "http://127.0.0.1:9/")
    assert bad.returncode == 2 and "--since" in bad.stderr
