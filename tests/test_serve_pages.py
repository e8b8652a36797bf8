"""The pages on a store ingested from real documents: the paper page with its Beratungsfolge
and marked facts, the meeting page with agenda, votes and attendance, search with facets and
its Atom feed, iCal, the calendar and the start page."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from conftest import CORPUS
from ratsinfo.serve.views import search as search_views
from ratsinfo.serve.views.common import clean_snippet, due_state
from ratsinfo.store.ingest import ingest
from ratsinfo.store.models import (
    AgendaItem,
    Attendance,
    Document,
    Meeting,
    Obligation,
    Paper,
    Provenance,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.store,
    pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available"),
]

SITZUNGSMAPPE = CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks) -> Path:
    """The committee's session folder (invitation, papers, minutes) ingested; the search index
    follows through the same on-commit sync as a real ingest."""
    monkeypatch.setenv("RATSINFO_HOME", str(tmp_path / "home"))
    with django_capture_on_commit_callbacks(execute=True):
        summary = ingest([SITZUNGSMAPPE])
    assert summary.ingested and not summary.failed, summary.failed
    return tmp_path


def _get(client: Client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def _text(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def _dl(node: BeautifulSoup) -> dict[str, str]:
    return {d.get_text(strip=True): _text(d.find_next_sibling("dd")) for d in node.find_all("dt")}


def _paper(reference: str) -> Paper:
    return Paper.objects.get(reference=reference, deleted=False)


def test_paper_page_shows_the_path_through_the_committees(client: Client, store: Path) -> None:
    paper = _paper("22/SVV/0792")
    soup = _get(client, f"/papers/{paper.pk}/")
    assert "Transparenz der Tätigkeit von Beiräten" in _text(soup.h1)
    facts = _dl(soup.find("section", attrs={"aria-labelledby": "angaben"}))
    assert facts["Art"].startswith("Antrag")
    assert facts["Datum"].startswith("08.09.2022")
    assert "Fraktion DIE aNDERE" in facts["Urheber"]

    steps = soup.find("ol", class_="timeline").find_all("li", recursive=False)
    step = next(s for s in steps if "10.01.2023" in _text(s.h3))
    fields = _dl(step)
    assert "Erledigung durch Verwaltungshandeln" in fields["Ergebnis"]
    assert fields["Ergebnis"].startswith("erledigt")
    assert "einstimmig" in fields["Abstimmung"]
    # The step links to its meeting, at the agenda item that dealt with the paper.
    item = AgendaItem.objects.get(meeting__start__date=dt.date(2023, 1, 10), papers=paper)
    assert step.find("a", href=f"/meetings/{item.meeting_id}/#top-{item.order}") is not None
    # The result's words link to where the minutes say them.
    src = step.find("a", class_="src")
    prov = Provenance.objects.get(content_type__model="agendaitem", object_id=item.pk, field="result")
    assert src["href"] == f"/documents/{prov.document_id}/#fact-{prov.pk}"
    # Dates in the order they happened.
    dates = [dt.datetime.strptime(_text(s.h3)[:10], "%d.%m.%Y") for s in steps]
    assert dates == sorted(dates)

    proposal = soup.find("section", attrs={"aria-labelledby": "beschlussvorschlag"})
    assert "möge beschließen" in _text(proposal)

    row = soup.find("section", attrs={"aria-labelledby": "auftraege"}).tbody.tr
    ob = paper.obligations.get()
    assert ob.what in _text(row.th)
    assert _text(row.find("span", class_="badge")) == due_state(ob.due_date).label


def test_every_fact_of_a_paper_is_marked_at_its_span(client: Client, store: Path) -> None:
    paper = _paper("22/SVV/0792")
    soup = _get(client, f"/papers/{paper.pk}/")
    main = Document.objects.get(paper=paper, rendition_of=None)
    text = main.source_file.text[main.start : main.end]
    pre = soup.find("section", attrs={"aria-labelledby": "text"}).find("pre")
    assert pre.get_text() == text  # marks add no characters
    rows = Provenance.objects.filter(content_type__model="paper", object_id=paper.pk)
    assert rows.count() >= 5
    listed = {a["href"] for a in soup.find("details", class_="facts").find_all("a")}
    for pr in rows:
        anchor = pre.find("span", id=f"fact-{pr.pk}")
        assert anchor is not None, pr.field
        assert f"#fact-{pr.pk}" in listed
        # The text from the anchor on starts with the fact's own words, and they are marked.
        following = "".join(
            s.get_text() for s in itertools.islice(anchor.next_siblings, 0, 200)
        )
        span = main.source_file.text[pr.start : pr.end]
        assert following.startswith(span), pr.field
        if span:
            assert anchor.find_next_sibling(lambda t: t.name != "span").name == "mark"
    # The header fields link to their facts in the text.
    title = rows.get(field="title")
    assert soup.find("a", class_="src", href=f"#fact-{title.pk}") is not None


def test_document_page_marks_the_facts_of_all_entities(client: Client, store: Path) -> None:
    minutes = Document.objects.get(kind="Niederschrift")
    soup = _get(client, f"/documents/{minutes.pk}/")
    pre = soup.find("pre")
    assert pre.get_text() == minutes.source_file.text[minutes.start : minutes.end]
    for pr in Provenance.objects.filter(document=minutes)[:50]:
        assert pre.find("span", id=f"fact-{pr.pk}") is not None


def test_meeting_page_agenda_votes_attendance_and_papers(client: Client, store: Path) -> None:
    meeting = Meeting.objects.get(start__date=dt.date(2023, 1, 10), deleted=False)
    soup = _get(client, f"/meetings/{meeting.pk}/")
    agenda = soup.find("section", attrs={"aria-labelledby": "tagesordnung"}).table
    items = AgendaItem.objects.filter(meeting=meeting, deleted=False)
    assert len(agenda.tbody.find_all("tr")) == items.count()
    paper = _paper("22/SVV/0792")
    item = items.get(papers=paper)
    row = agenda.find("tr", id=f"top-{item.order}")
    cells = [_text(c) for c in row.find_all(["th", "td"])]
    assert cells[0] == item.number
    assert cells[3].startswith(item.result)
    assert "einstimmig" in cells[4]
    assert row.find("a", href=f"/papers/{paper.pk}/") is not None
    # Counted votes are spelled out.
    counted = items.filter(votes__abstain__isnull=False).first()
    if counted is not None:
        vote = counted.votes.exclude(abstain=None).first()
        assert f"{vote.abstain} Enthaltung" in _text(agenda.find("tr", id=f"top-{counted.order}"))

    attendance = Attendance.objects.filter(meeting=meeting)
    table = soup.find("section", attrs={"aria-labelledby": "anwesenheit"}).table
    rows = table.tbody.find_all("tr")
    assert len(rows) == attendance.count() > 0
    present = attendance.filter(status="anwesend").count()
    absent = attendance.filter(status="abwesend").count()
    assert f"{present} anwesend, {absent} abwesend" in _text(soup)
    for a in attendance.exclude(left=""):
        row = next(r for r in rows if a.person.name in _text(r.th))
        assert f"{a.left} Uhr" in _text(row)
    for a in attendance.filter(status="abwesend").exclude(reason=""):
        row = next(r for r in rows if a.person.name in _text(r.th))
        assert a.reason in _text(row)

    linked = soup.find("section", attrs={"aria-labelledby": "vorlagen"})
    assert linked.find("a", href=f"/papers/{paper.pk}/") is not None


def _events(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_ical_for_a_meeting_a_committee_and_all(client: Client, store: Path) -> None:
    meeting = Meeting.objects.get(start__date=dt.date(2023, 1, 10), deleted=False)
    response = client.get(f"/meetings/{meeting.pk}/ical/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert event.decoded("dtstart") == meeting.start
    assert str(event["summary"]) == meeting.name
    assert event.decoded("dtend") == meeting.end
    assert "TOP 3.1" in str(event["description"])
    assert str(event["url"]).endswith(f"/meetings/{meeting.pk}/")
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]

    org = meeting.organizations.get()
    events = _events(client.get(f"/organizations/{org.pk}/ical/").content)
    assert [str(e["uid"]) for e in events] == [str(event["uid"])]
    events = _events(client.get("/meetings/ical/").content)
    assert len(events) == Meeting.objects.filter(deleted=False).exclude(start=None).count()
    assert client.get("/organizations/999999/ical/").status_code == 404
    assert client.get("/meetings/999999/ical/").status_code == 404


def test_month_calendar(client: Client, store: Path) -> None:
    meeting = Meeting.objects.get(start__date=dt.date(2023, 1, 10), deleted=False)
    soup = _get(client, "/meetings/calendar/?monat=2023-01")
    table = soup.find("table", class_="calendar")
    assert _text(table.caption) == "Januar 2023"
    link = table.find("a", href=f"/meetings/{meeting.pk}/")
    assert link is not None and _text(link).startswith("18:00")
    assert "Dienstag, 10. Januar 2023" in _text(link.find_parent("td"))
    assert [_text(th) for th in table.thead.find_all("th")] == ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
    # An empty month offers the way to the nearest one with meetings.
    soup = _get(client, "/meetings/calendar/?monat=2024-05")
    assert soup.find("a", href="?monat=2023-01") is not None
    assert soup.find("table", class_="calendar").find("a", href=f"/meetings/{meeting.pk}/") is None
    # Nonsense months fall back to the current one.
    assert client.get("/meetings/calendar/?monat=2023-13").status_code == 200
    # Filtering by committee keeps the committee's meetings only.
    org = meeting.organizations.get()
    soup = _get(client, f"/meetings/calendar/?monat=2023-01&gremium={org.pk}")
    assert soup.find("a", href=f"/meetings/{meeting.pk}/") is not None


def test_search_results_facets_pages_and_feed(
    client: Client, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper = _paper("22/SVV/0792")
    soup = _get(client, "/search/?q=Beiräte")
    hits = soup.find("ol", class_="hits").find_all("li", recursive=False)
    assert hits
    assert any(h.find("a", href=f"/papers/{paper.pk}/") for h in hits)
    assert soup.find("p", class_="hit-snippet").find("mark") is not None
    assert soup.find("link", type="application/atom+xml")["href"] == "/search/feed/?q=Beir%C3%A4te"

    # A facet adds its filter to the query; the filtered page offers to remove it again.
    facet = soup.find("aside", class_="facets").find("a", string="Vorlagen")
    query = parse_qs(urlsplit(facet["href"]).query)["q"][0]
    assert query == "Beiräte kind:paper"
    soup = _get(client, "/search/" + facet["href"])  # links are relative to the page
    metas = [_text(p) for p in soup.find_all("p", class_="hit-meta")]
    assert metas and all(m.startswith("Vorlage") for m in metas)
    chip = soup.find("a", class_="filter-chip")
    assert parse_qs(urlsplit(chip["href"]).query)["q"] == ["Beiräte"]

    # Pages: two hits a page, the links keep the query.
    monkeypatch.setattr(search_views, "PER_PAGE", 2)
    soup = _get(client, "/search/?q=Beiräte")
    assert len(soup.find("ol", class_="hits").find_all("li", recursive=False)) == 2
    nxt = soup.find("a", rel="next")
    assert parse_qs(urlsplit(nxt["href"]).query) == {"q": ["Beiräte"], "page": ["2"]}
    soup2 = _get(client, "/search/" + nxt["href"])
    assert soup2.find("ol", class_="hits")["start"] == "3"
    first_page = {a["href"] for a in soup.select("ol.hits h3 a")}
    assert first_page.isdisjoint(a["href"] for a in soup2.select("ol.hits h3 a"))
    # A page past the end shows the last page instead of nothing.
    soup3 = _get(client, "/search/?q=Beiräte&page=999")
    assert soup3.select("ol.hits h3 a")

    response = client.get("/search/feed/?q=Beiräte")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert f"http://testserver/papers/{paper.pk}/" in links
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert any("22/SVV/0792" in t for t in titles)


def test_search_without_query_and_with_nothing_found(client: Client, store: Path) -> None:
    soup = _get(client, "/search/")
    assert soup.find("ol", class_="hits") is None
    assert soup.find("input", id="q")["value"] == ""
    soup = _get(client, "/search/?q=Xylophonorchesterprobe")
    assert "0 Treffer" in _text(soup.find(id="suchstatus"))
    # A feed of no query is a valid, empty feed.
    response = client.get("/search/feed/")
    assert response.status_code == 200
    assert ET.fromstring(response.content).findall(f"{ATOM}entry") == []
    # /search?q= (without the slash) arrives at the same page.
    assert client.get("/search?q=Beir%C3%A4te", follow=True).redirect_chain[-1][0].startswith("/search/?q=")


def test_snippets_are_sanitised(client: Client, tmp_path: Path, monkeypatch, django_capture_on_commit_callbacks) -> None:
    monkeypatch.setenv("RATSINFO_HOME", str(tmp_path / "home"))
    doc = tmp_path / "antrag.txt"
    doc.write_text(
        "Antrag\nBetreff: Kletterwand im Stadtpark <script>alert(1)</script>\n"
        "Die Kletterwand <img src=x onerror=alert(2)> wird gebaut. "
        '<b onmouseover="alert(3)">Kletterwand</b> für alle.\n',
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest([doc]).ok
    response = client.get("/search/?q=Kletterwand")
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("p.hit-snippet mark")
    assert "<script>alert" not in html and "<img" not in html and "<b " not in html
    assert all(s.get("src", "").startswith("/static/") for s in soup.find_all("script"))
    assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    # Whatever the engine returns, only <mark> survives.
    assert str(clean_snippet('<mark>a</mark><script>x</script><img src=x onerror="y">')) == "<mark>a</mark>"


def test_home_page(client: Client, store: Path) -> None:
    today = timezone.localdate()
    paper = _paper("22/SVV/0792")
    soon = Obligation.objects.create(
        paper=paper, order=9, what="Bericht über die Beiräte vorlegen", due=str(today),
        due_date=today + dt.timedelta(days=7),
    )
    body = paper.body
    tomorrow = Meeting.objects.create(body=body, name="Sondersitzung", start=timezone.now() + dt.timedelta(days=1))
    soup = _get(client, "/")
    form = soup.find("form", role="search")
    assert form["action"] == "/search/" and form.find("input", attrs={"name": "q"})

    def table(caption: str) -> BeautifulSoup:
        return next(t for t in soup.find_all("table") if caption in _text(t.caption))

    assert table("Fällige Aufträge").find("a", href=f"/papers/{paper.pk}/#auftraege")
    assert "bald fällig" in _text(table("Fällige Aufträge"))
    assert soon.what in _text(table("Fällige Aufträge"))
    overdue = _text(table("Überfällige Aufträge"))
    assert paper.obligations.get(order=0).what in overdue
    assert table("nächsten Sitzungen").find("a", href=f"/meetings/{tomorrow.pk}/")
    past = Meeting.objects.get(start__date=dt.date(2023, 1, 10))
    assert table("zuletzt abgehaltenen").find("a", href=f"/meetings/{past.pk}/")
    assert not table("zuletzt abgehaltenen").find("a", href=f"/meetings/{tomorrow.pk}/")


def test_paper_list_filters(client: Client, store: Path) -> None:
    soup = _get(client, "/papers/?art=Mitteilungsvorlage")
    refs = [_text(th) for th in soup.find("table").tbody.find_all("th")]
    assert refs == sorted(
        Paper.objects.filter(deleted=False, paper_type="Mitteilungsvorlage").values_list("reference", flat=True)
    )
    assert refs
    soup = _get(client, "/papers/?q=Beiräten")
    assert [_text(th) for th in soup.find("table").tbody.find_all("th")] == ["22/SVV/0792"]
    soup = _get(client, "/papers/?jahr=1999")
    assert soup.find("table") is None


def _accessible(soup: BeautifulSoup, url: str) -> None:
    assert soup.html["lang"] == "de"
    assert soup.find("main", id="inhalt") is not None
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1 and levels.count(1) == 1, url
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), url
    for table in soup.find_all("table"):
        assert table.caption is not None and _text(table.caption), url
        assert all(th.get("scope") in {"col", "row"} for th in table.find_all("th")), url
    labelled = {lab.get("for") for lab in soup.find_all("label")}
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in {"hidden", "submit"}:
            continue
        assert field.get("id") in labelled or field.get("aria-label"), (url, field)
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), url
    for nav in soup.find_all("nav"):
        assert nav.get("aria-label"), url


def test_pages_are_accessible_html(client: Client, store: Path) -> None:
    paper = _paper("22/SVV/0792")
    meeting = Meeting.objects.get(start__date=dt.date(2023, 1, 10))
    minutes = Document.objects.get(kind="Niederschrift")
    for url in (
        "/",
        "/search/",
        "/search/?q=Beiräte",
        "/papers/",
        f"/papers/{paper.pk}/",
        "/meetings/",
        "/meetings/calendar/?monat=2023-01",
        f"/meetings/{meeting.pk}/",
        f"/documents/{minutes.pk}/",
    ):
        _accessible(_get(client, url), url)


def test_static_files_are_served(client: Client) -> None:
    response = client.get("/static/ratsinfo/site.css")
    assert response.status_code == 200
    assert b"--link" in b"".join(response.streaming_content)
    response = client.get("/static/ratsinfo/vendor/htmx-2.0.11.min.js")
    assert response.status_code == 200
    assert client.get("/static/ratsinfo/../../settings.py").status_code in {400, 404}


@pytest.fixture(autouse=True)
def _no_stale_backends() -> Iterator[None]:
    # The engine keeps one backend per home; each test has its own home.
    from ratsinfo.search import engine

    engine._backends.clear()
    yield
    engine._backends.clear()


def test_related_papers(client: Client, store: Path) -> None:
    # Papers the text cites: linked when stored, offered as a search when not.
    citing = [
        d for d in Document.objects.filter(rendition_of=None).exclude(paper=None)
        if (d.record.get("paper") or {}).get("references")
    ]
    assert citing
    doc = citing[0]
    cited = doc.record["paper"]["references"]
    soup = _get(client, f"/papers/{doc.paper_id}/")
    section = soup.find("section", attrs={"aria-labelledby": "verwandte"})
    stored = set(Paper.objects.filter(reference__in=cited).values_list("reference", flat=True))
    for ref in cited:
        if ref in stored:
            assert section.find("a", string=ref) is not None
        else:
            link = section.find("a", string=ref)
            assert link["href"].startswith("/search/?q=")
            assert parse_qs(urlsplit(link["href"]).query)["q"] == [ref]
    # A link the OParl source gives (related_papers) shows both ways.
    paper, other = _paper("22/SVV/0792"), _paper("22/SVV/1134")
    paper.related_papers.add(other)
    soup = _get(client, f"/papers/{other.pk}/")
    table = soup.find("section", attrs={"aria-labelledby": "verwandte"}).table
    assert [_text(th) for th in table.tbody.find_all("th")] == ["22/SVV/0792"]


def test_meeting_list_filters(client: Client, store: Path) -> None:
    past = Meeting.objects.get(start__date=dt.date(2023, 1, 10), deleted=False)
    org = past.organizations.get()
    coming = Meeting.objects.create(body=past.body, name="Sondersitzung", start=timezone.now() + dt.timedelta(days=3))

    def listed(url: str) -> set[str]:
        soup = _get(client, url)
        table = soup.find("table")
        return {a["href"] for a in table.tbody.find_all("a")} if table else set()

    assert {f"/meetings/{past.pk}/", f"/meetings/{coming.pk}/"} <= listed("/meetings/")
    assert listed("/meetings/?zeit=kommende") == {f"/meetings/{coming.pk}/"}
    assert f"/meetings/{coming.pk}/" not in listed("/meetings/?zeit=vergangene")
    by_org = listed(f"/meetings/?gremium={org.pk}")
    assert f"/meetings/{past.pk}/" in by_org and f"/meetings/{coming.pk}/" not in by_org
    soup = _get(client, f"/meetings/?gremium={org.pk}")
    assert soup.find("select", id="gremium").find("option", selected=True)["value"] == str(org.pk)
    assert soup.find("a", href=f"/organizations/{org.pk}/ical/") is not None
    # Unknown or malformed filters show everything instead of failing.
    assert f"/meetings/{past.pk}/" in listed("/meetings/?gremium=abc&zeit=irgendwann")


def test_ical_answers_polls_with_not_modified(client: Client, store: Path) -> None:
    meeting = Meeting.objects.get(start__date=dt.date(2023, 1, 10), deleted=False)
    for url in (f"/meetings/{meeting.pk}/ical/", "/meetings/ical/",
                f"/organizations/{meeting.organizations.get().pk}/ical/"):
        first = client.get(url)
        stamp = first["Last-Modified"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304
    # A change to a meeting makes the calendars new again.
    Meeting.objects.filter(pk=meeting.pk).update(modified=timezone.now() + dt.timedelta(minutes=5))
    assert client.get("/meetings/ical/", HTTP_IF_MODIFIED_SINCE=stamp).status_code == 200


def test_facts_outside_the_main_text_link_to_their_document(client: Client, store: Path) -> None:
    paper = _paper("22/SVV/0792")
    title = Provenance.objects.get(content_type__model="paper", object_id=paper.pk, field="title")
    minutes = Document.objects.get(kind="Niederschrift")
    # The title as if read from the minutes: not in the paper's text, one click to the minutes.
    Provenance.objects.filter(pk=title.pk).update(document=minutes, start=minutes.start, end=minutes.start + 5)
    soup = _get(client, f"/papers/{paper.pk}/")
    assert soup.find("a", class_="src", href=f"/documents/{minutes.pk}/#fact-{title.pk}") is not None
    assert soup.find("pre").find("span", id=f"fact-{title.pk}") is None
    # A fact whose document is gone is still listed, with no link that would lead nowhere.
    Provenance.objects.filter(pk=title.pk).update(document=None)
    soup = _get(client, f"/papers/{paper.pk}/")
    row = next(r for r in soup.find("details", class_="facts").tbody.find_all("tr") if _text(r.th) == "Betreff")
    assert row.find("a") is None
