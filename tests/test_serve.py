"""The web pages: each renders the stored values, escapes document text, bounds its queries."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ratsinfo.store.models import (
    AgendaItem,
    Body,
    Consultation,
    Document,
    File,
    Location,
    Meeting,
    Organization,
    Paper,
    SourceFile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.store]

BERLIN = ZoneInfo("Europe/Berlin")
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

HEADER = "Deckblatt der Sammeldatei\n"
PAPER_TEXT = (
    "Beschlussvorlage\nBetreff: Sanierung der Grundschule am Markt\n"
    f"Der Rat möge beschließen: {XSS_SCRIPT} und {XSS_IMG}\n"
    "Begründung: Das Dach ist undicht & die Fenster sind alt.\n"
)
TRAILER = "Anlage 2: Kostenschätzung (nicht Teil der Vorlage)\n"


@dataclass
class World:
    body: Body
    paper: Paper
    main_doc: Document
    copy_doc: Document
    meeting: Meeting
    invitation: Document
    main_file: File
    copy_file: File


def _source(path: str, text: str, fmt: str, body: Body) -> SourceFile:
    return SourceFile.objects.create(
        path=path,
        sha256=f"{abs(hash(path)):064d}"[:64],
        size=len(text),
        format=fmt,
        text=text,
        body=body,
    )


@pytest.fixture
def world() -> World:
    body = Body.objects.create(name="Gemeinde Beispielstadt")
    council = Organization.objects.create(
        body=body, name="Gemeinderat", organization_type=Organization.Type.GREMIUM
    )
    committee = Organization.objects.create(
        body=body,
        name="Ausschuss für Bauen und Umwelt",
        organization_type=Organization.Type.GREMIUM,
    )
    location = Location.objects.create(description="Rathaus, Sitzungssaal")

    pdf_text = HEADER + PAPER_TEXT + TRAILER
    pdf = _source("/srv/ris/eingang/vorlage-schule.pdf", pdf_text, "pdf", body)
    main_file = File.objects.create(
        name="vorlage-schule.pdf",
        file_name="vorlage-schule.pdf",
        mime_type="application/pdf",
        size=48_000,
        source_file=pdf,
    )
    docx = _source("/srv/ris/eingang/vorlage-schule.docx", PAPER_TEXT, "docx", body)
    copy_file = File.objects.create(
        name="vorlage-schule.docx",
        file_name="vorlage-schule.docx",
        mime_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=12_000,
        source_file=docx,
    )

    paper = Paper.objects.create(
        body=body,
        reference="BV/2031/0815",
        name="Sanierung der Grundschule am Markt",
        date=dt.date(2031, 3, 4),
        paper_type="Beschlussvorlage",
        public=True,
        originators_text=["Fachbereich Schulen"],
        main_file=main_file,
    )
    paper.auxiliary_files.add(copy_file)
    main_doc = Document.objects.create(
        source_file=pdf,
        order=0,
        kind="Beschlussvorlage",
        start=len(HEADER),
        end=len(HEADER) + len(PAPER_TEXT),
        reference=paper.reference,
        title=paper.name,
        paper=paper,
    )
    copy_doc = Document.objects.create(
        source_file=docx,
        order=0,
        kind="Beschlussvorlage",
        start=0,
        end=len(PAPER_TEXT),
        reference=paper.reference,
        title=paper.name,
        paper=paper,
        rendition_of=main_doc,
    )

    meeting = Meeting.objects.create(
        body=body,
        name="Sitzung des Ausschusses für Bauen und Umwelt",
        start=dt.datetime(2031, 3, 18, 17, 30, tzinfo=BERLIN),
        end=dt.datetime(2031, 3, 18, 19, 45, tzinfo=BERLIN),
        location=location,
        number=12,
        public=True,
    )
    meeting.organizations.add(committee)
    AgendaItem.objects.create(
        meeting=meeting, number="Ö 3", order=3, name="Schulsanierung", public=True
    )
    inv_text = "Einladung zur 12. Sitzung\nTOP Ö 3 Schulsanierung\n"
    inv_src = _source("/srv/ris/eingang/einladung.pdf", inv_text, "pdf", body)
    invitation = Document.objects.create(
        source_file=inv_src,
        order=0,
        kind="Einladung",
        start=0,
        end=len(inv_text),
        title="Einladung zur 12. Sitzung",
        meeting=meeting,
    )

    first = Consultation.objects.create(
        paper=paper,
        order=0,
        date=dt.date(2031, 3, 18),
        organization_name=committee.name,
        role="Vorberatung",
        meeting=meeting,
    )
    first.organizations.add(committee)
    Consultation.objects.create(
        paper=paper,
        order=1,
        date=dt.date(2031, 4, 2),
        organization_name=council.name,
        role="Entscheidung",
    )
    return World(body, paper, main_doc, copy_doc, meeting, invitation, main_file, copy_file)


def _get(client: Client, url: str) -> tuple[str, BeautifulSoup]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html, BeautifulSoup(html, "html.parser")


def _text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def _row(soup: BeautifulSoup, caption: str, header: str) -> list[str]:
    """The cells of the row whose row header contains ``header`` in the table so captioned."""
    table = next(t for t in soup.find_all("table") if caption in t.caption.get_text())
    for tr in table.tbody.find_all("tr"):
        th = tr.find("th", scope="row")
        if th is not None and header in th.get_text():
            return [" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])]
    raise AssertionError(f"no row {header!r} in table {caption!r}")


def test_home_shows_counts_and_recent_items(client: Client, world: World) -> None:
    _, soup = _get(client, "/")
    text = _text(soup)
    assert "1 Vorlage " in text
    assert "1 Sitzung " in text
    assert "3 Dokumente aus 3 Dateien" in text
    assert "2 Gremien und Organisationen" in text
    row = _row(soup, "neuesten Vorlagen", "BV/2031/0815")
    assert row == [
        "BV/2031/0815",
        "Beschlussvorlage",
        "Sanierung der Grundschule am Markt",
        "04.03.2031",
    ]
    # The meeting lies ahead: it is listed under the coming ones, not the past ones.
    row = _row(soup, "nächsten Sitzungen", "Ausschusses für Bauen")
    assert row[1:] == [
        "18.03.2031, 17:30 Uhr",
        "Ausschuss für Bauen und Umwelt",
        "Rathaus, Sitzungssaal",
    ]
    hrefs = {a["href"] for a in soup.find_all("a")}
    assert {"/papers/", "/meetings/", "/documents/", f"/papers/{world.paper.pk}/"} <= hrefs


def test_home_counts_follow_the_store(client: Client, world: World) -> None:
    """The counts are cached between requests, but an added or deleted object shows at once."""
    assert "1 Vorlage " in _text(_get(client, "/")[1])
    Paper.objects.create(body=world.body, reference="BV/2031/0816", name="Neue Vorlage")
    assert "2 Vorlagen " in _text(_get(client, "/")[1])
    world.paper.deleted = True
    world.paper.save()
    assert "1 Vorlage " in _text(_get(client, "/")[1])
    _source("/srv/ris/eingang/weitere.pdf", "Text", "pdf", world.body)
    assert "aus 4 Dateien" in _text(_get(client, "/")[1])


def test_paper_list(client: Client, world: World) -> None:
    _, soup = _get(client, "/papers/")
    row = _row(soup, "Vorlagen", "BV/2031/0815")
    assert row == [
        "BV/2031/0815",
        "Beschlussvorlage",
        "Sanierung der Grundschule am Markt",
        "04.03.2031",
    ]
    assert soup.find("a", href=f"/papers/{world.paper.pk}/") is not None


def test_paper_detail(client: Client, world: World) -> None:
    html, soup = _get(client, f"/papers/{world.paper.pk}/")
    facts = {
        dt_.get_text(strip=True): " ".join(dt_.find_next_sibling("dd").get_text(" ").split())
        for dt_ in soup.find_all("dt")
    }
    assert facts["Nummer"] == "BV/2031/0815"
    assert facts["Art"] == "Beschlussvorlage"
    assert facts["Betreff"] == "Sanierung der Grundschule am Markt"
    assert facts["Datum"] == "04.03.2031"
    assert facts["Öffentlich"] == "ja"
    assert facts["Urheber"] == "Fachbereich Schulen"

    # The Beratungsfolge is a timeline in date order: one step per consultation.
    steps = soup.find("ol", class_="timeline").find_all("li", recursive=False)
    assert [" ".join(s.h3.get_text(" ").split()) for s in steps] == [
        "18.03.2031 – Ausschuss für Bauen und Umwelt",
        "02.04.2031 – Gemeinderat",
    ]
    first = {
        d.get_text(strip=True): " ".join(d.find_next_sibling("dd").get_text(" ").split())
        for d in steps[0].find_all("dt")
    }
    assert first["Rolle"] == "Vorberatung"
    assert first["Sitzung"] == "Sitzung des Ausschusses für Bauen und Umwelt"
    assert steps[0].find("a", href=f"/meetings/{world.meeting.pk}/") is not None
    second = {
        d.get_text(strip=True): " ".join(d.find_next_sibling("dd").get_text(" ").split())
        for d in steps[1].find_all("dt")
    }
    assert second["Rolle"] == "Entscheidung"

    docs = next(t for t in soup.find_all("table") if "Dokumente" in t.caption.get_text())
    rows = [" ".join(tr.get_text(" ").split()) for tr in docs.tbody.find_all("tr")]
    assert len(rows) == 2
    # The main document first, not a rendition; the DOCX copy is a rendition of it.
    assert "vorlage-schule.pdf" in rows[0] and rows[0].endswith("nein")
    assert "vorlage-schule.docx" in rows[1]
    assert "ja, Fassung von Beschlussvorlage in vorlage-schule.pdf" in rows[1]
    assert soup.find("a", href=f"/documents/{world.main_doc.pk}/") is not None

    assert _row(soup, "Dateien", "vorlage-schule.pdf")[1] == "ja, Hauptdatei"
    assert _row(soup, "Dateien", "vorlage-schule.docx")[1] == "nein"

    # Exactly the main document's span of its source text, no more.
    pre = soup.find("pre").get_text()
    assert pre == PAPER_TEXT
    assert "Deckblatt der Sammeldatei" not in html
    assert "Kostenschätzung" not in html
    # Server paths are not shown, only file names.
    assert "/srv/ris" not in html


@pytest.mark.parametrize("page", ["paper", "document"])
def test_document_text_is_escaped(client: Client, world: World, page: str) -> None:
    url = f"/papers/{world.paper.pk}/" if page == "paper" else f"/documents/{world.main_doc.pk}/"
    html, soup = _get(client, url)
    assert XSS_SCRIPT not in html
    assert XSS_IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Das Dach ist undicht &amp; die Fenster" in html
    # The only scripts are the site's own files; no element carries an event handler.
    assert all(s.get("src", "").startswith("/static/") and not s.string for s in soup.find_all("script"))
    assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert soup.find("img") is None
    # The reader still sees the text as written.
    assert XSS_SCRIPT in soup.find("pre").get_text()


def test_escaped_titles_and_names(client: Client, world: World) -> None:
    Paper.objects.filter(pk=world.paper.pk).update(name=f"Betreff {XSS_IMG}")
    Meeting.objects.filter(pk=world.meeting.pk).update(name=f"Sitzung {XSS_SCRIPT}")
    Document.objects.filter(pk=world.invitation.pk).update(title=f"Einladung {XSS_IMG}")
    for url in (
        "/",
        "/papers/",
        f"/papers/{world.paper.pk}/",
        "/meetings/",
        f"/meetings/{world.meeting.pk}/",
        "/documents/",
        f"/documents/{world.invitation.pk}/",
    ):
        html = client.get(url).content.decode()
        assert XSS_SCRIPT not in html and XSS_IMG not in html, url


def test_meeting_list_and_detail(client: Client, world: World) -> None:
    _, soup = _get(client, "/meetings/")
    assert _row(soup, "Sitzungen", "Ausschusses für Bauen") == [
        "Sitzung des Ausschusses für Bauen und Umwelt",
        "18.03.2031, 17:30 Uhr",
        "Ausschuss für Bauen und Umwelt",
        "Rathaus, Sitzungssaal",
    ]

    _, soup = _get(client, f"/meetings/{world.meeting.pk}/")
    facts = {
        d.get_text(strip=True): " ".join(d.find_next_sibling("dd").get_text(" ").split())
        for d in soup.find_all("dt")
    }
    assert facts["Gremium"] == "Ausschuss für Bauen und Umwelt"
    assert facts["Sitzungsnummer"] == "12."
    assert facts["Beginn"] == "18.03.2031, 17:30 Uhr"
    assert facts["Ende"] == "18.03.2031, 19:45 Uhr"
    assert facts["Ort"] == "Rathaus, Sitzungssaal"
    assert _row(soup, "Tagesordnung", "Ö 3")[1] == "Schulsanierung"
    assert _row(soup, "beraten", "BV/2031/0815")[3] == "Vorberatung"
    row = _row(soup, "Dokumente", "Einladung zur 12. Sitzung")
    assert row[1:] == ["Einladung", "einladung.pdf", "nein"]
    assert soup.find("a", href=f"/documents/{world.invitation.pk}/") is not None
    assert soup.find("time", datetime="2031-03-18T17:30:00+01:00") is not None


def test_document_list_and_detail(client: Client, world: World) -> None:
    _, soup = _get(client, "/documents/")
    row = _row(soup, "Dokumente", "Einladung zur 12. Sitzung")
    assert row[1:3] == ["Einladung", "einladung.pdf"]
    assert "Sitzung des Ausschusses für Bauen und Umwelt" in row[3]
    assert row[4] == "nein"
    table = soup.find("table")
    rows = [" ".join(tr.get_text(" ").split()) for tr in table.tbody.find_all("tr")]
    copy_row = next(r for r in rows if "vorlage-schule.docx" in r)
    assert "Vorlage BV/2031/0815" in copy_row
    assert copy_row.endswith("ja, Fassung von Beschlussvorlage in vorlage-schule.pdf")

    _, soup = _get(client, f"/documents/{world.invitation.pk}/")
    assert soup.find("pre").get_text() == "Einladung zur 12. Sitzung\nTOP Ö 3 Schulsanierung\n"
    assert soup.find("a", href=f"/meetings/{world.meeting.pk}/") is not None

    _, soup = _get(client, f"/documents/{world.main_doc.pk}/")
    assert soup.find("pre").get_text() == PAPER_TEXT
    assert soup.find("a", href=f"/papers/{world.paper.pk}/") is not None
    # The main document lists its other renditions.
    assert soup.find("a", href=f"/documents/{world.copy_doc.pk}/") is not None


@pytest.mark.parametrize("prefix", ["papers", "meetings", "documents"])
def test_unknown_id_is_404(client: Client, world: World, prefix: str) -> None:
    assert client.get(f"/{prefix}/999999/").status_code == 404
    assert client.get(f"/{prefix}/abc/").status_code == 404


def test_deleted_objects_are_404(client: Client, world: World) -> None:
    Paper.objects.filter(pk=world.paper.pk).update(deleted=True)
    Meeting.objects.filter(pk=world.meeting.pk).update(deleted=True)
    assert client.get(f"/papers/{world.paper.pk}/").status_code == 404
    assert client.get(f"/meetings/{world.meeting.pk}/").status_code == 404
    assert "BV/2031/0815" not in client.get("/papers/").content.decode()


def test_pagination(client: Client, world: World) -> None:
    Paper.objects.bulk_create(
        Paper(body=world.body, reference=f"ZZ/{i:03d}", name=f"Vorlage {i}") for i in range(60)
    )
    _, soup = _get(client, "/papers/")
    assert len(soup.find("table").tbody.find_all("tr")) == 50
    assert "Seite 1 von 2" in _text(soup)
    assert soup.find("a", href="?page=2") is not None
    _, soup = _get(client, "/papers/?page=2")
    refs = [th.get_text(strip=True) for th in soup.find("table").tbody.find_all("th")]
    assert refs == [f"ZZ/{i:03d}" for i in range(49, 60)]
    # Nonsense page numbers fall back to a valid page instead of failing.
    assert client.get("/papers/?page=abc").status_code == 200
    assert client.get("/papers/?page=99").status_code == 200


def _many(world: World, n: int) -> None:
    """n more papers, meetings (with organizations) and documents (renditions, linked)."""
    body = world.body
    orgs = [Organization.objects.create(body=body, name=f"Ortsbeirat {i}") for i in range(n)]
    loc = Location.objects.create(description="Bürgerhaus")
    for i in range(n):
        paper = Paper.objects.create(
            body=body,
            reference=f"AN/{i:03d}",
            name=f"Antrag {i}",
            paper_type="Antrag",
            date=dt.date(2030, 1, 1) + dt.timedelta(days=i),
        )
        meeting = Meeting.objects.create(
            body=body,
            name=f"Sitzung {i}",
            location=loc,
            start=dt.datetime(2030, 1, 1, 18, tzinfo=BERLIN) + dt.timedelta(days=i),
        )
        meeting.organizations.add(orgs[i])
        text = f"Antrag {i}\nText des Antrags.\n"
        src = _source(f"/srv/ris/antrag-{i}.pdf", text, "pdf", body)
        File.objects.create(file_name=f"antrag-{i}.pdf", source_file=src)
        Document.objects.create(
            source_file=src,
            order=0,
            kind="Antrag",
            start=0,
            end=len(text),
            reference=paper.reference,
            title=paper.name,
            paper=paper,
            meeting=meeting,
            rendition_of=world.main_doc,
        )


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content.decode()


# Every page runs a fixed number of queries: the same for one row as for thirty (an N+1
# would add at least thirty), and few in absolute terms.
MAX_QUERIES = 16


@pytest.mark.parametrize(
    "url", ["/", "/papers/", "/meetings/", "/meetings/calendar/?monat=2030-01", "/documents/"]
)
def test_list_pages_have_a_fixed_number_of_queries(client: Client, world: World, url: str) -> None:
    # One row in every list (and in the calendar's month) before, thirty-one after.
    Meeting.objects.filter(pk=world.meeting.pk).update(start=dt.datetime(2030, 1, 20, 18, tzinfo=BERLIN))
    client.get(url)  # warm caches that live for the process (content types)
    small, _ = _queries(client, url)
    _many(world, 30)
    client.get(url)  # the home page's counts are rebuilt once per change of the store
    large, html = _queries(client, url)
    assert large == small <= MAX_QUERIES
    if url != "/":
        assert html.count("/meetings/") + html.count("/papers/") + html.count("/documents/") >= 31


@pytest.mark.parametrize("kind", ["paper", "meeting", "document"])
def test_detail_pages_have_a_fixed_number_of_queries(client: Client, world: World, kind: str) -> None:
    url = {
        "paper": f"/papers/{world.paper.pk}/",
        "meeting": f"/meetings/{world.meeting.pk}/",
        "document": f"/documents/{world.main_doc.pk}/",
    }[kind]
    client.get(url)
    small, _ = _queries(client, url)
    # Thirty renditions of the paper's main document, all in the same meeting.
    _many(world, 30)
    Document.objects.filter(kind="Antrag").update(paper=world.paper, meeting=world.meeting)
    large, html = _queries(client, url)
    assert large == small <= MAX_QUERIES
    assert html.count("antrag-") >= 30


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "paper_list",
        "paper_detail",
        "meeting_list",
        "meeting_detail",
        "document_list",
        "document_detail",
    ],
)
def test_pages_are_accessible_html(client: Client, world: World, name: str) -> None:
    kwargs = {
        "paper_detail": {"pk": world.paper.pk},
        "meeting_detail": {"pk": world.meeting.pk},
        "document_detail": {"pk": world.main_doc.pk},
    }.get(name, {})
    _, soup = _get(client, reverse(f"serve:{name}", kwargs=kwargs))
    assert soup.html["lang"] == "de"
    assert soup.title.get_text(strip=True)
    skip = soup.body.find("a")
    assert skip["href"] == "#inhalt"
    assert soup.find("main", id="inhalt") is not None
    assert soup.find("nav") is not None and soup.find("header") and soup.find("footer")
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    tables = soup.find_all("table")
    assert tables or name == "document_detail"
    for table in tables:
        assert table.caption is not None
        assert all(th.get("scope") in {"col", "row"} for th in table.find_all("th"))
    assert soup.find("a", attrs={"aria-current": "page"}) is not None
