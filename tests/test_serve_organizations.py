"""The organization pages: a committee from the ingested session folder (its chair, meeting,
papers), and an advisory board's transparency checklist as 22/SVV/0792 asks for it, built
from documents that the real pipeline ingests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from ratsinfo.serve.views.organizations import MAX_ROWS, PARTICIPANT_MEETINGS
from ratsinfo.store.ingest import ingest
from ratsinfo.store.models import Attendance, Meeting, Membership, Organization, Paper, Person
from test_serve_persons import SESSION, _rows, check_structure, get, ingest_once

pytestmark = [pytest.mark.django_db, pytest.mark.store]

COMMITTEE = "Ausschuss für Partizipation, Transparenz und Digitalisierung"

# An advisory board of an invented town: its minutes, and later its rules and a recommendation.
BOARD_MINUTES = """Stadt Musterhausen
Seniorenbeirat

Niederschrift

über die 4. öffentliche Sitzung des Seniorenbeirates am 14.03.2024

Sitzungsbeginn: 15:00 Uhr
Sitzungsende: 17:00 Uhr
Ort: Rathaus Musterhausen, Raum 101

Anwesend sind:

Vorsitz
Frau Gertrud Beispiel

Mitglieder
Herr Otto Muster
Frau Erika Probe

Es fehlten entschuldigt: Herr Karl Fehlend

Tagesordnung:

1 Eröffnung der Sitzung
2 Seniorenwegweiser
3 Sonstiges

zu 1 Eröffnung der Sitzung
Die Vorsitzende, Frau Beispiel, eröffnet die Sitzung.
"""

PAPER = """Stadtverordnetenversammlung
der
Stadt Musterhausen

{kind}

Drucksache Nr.

{reference}

öffentlich

Betreff:

{title}

Einreicher: {originator}

Erstellungsdatum: {date}

Beratungsfolge:
Datum der Sitzung	Gremium	Zuständigkeit
{meeting}	Stadtverordnetenversammlung der Stadt Musterhausen	Entscheidung

Beschlussvorschlag:

Die Stadtverordnetenversammlung möge beschließen:

{proposal}
"""


@pytest.fixture(scope="module")
def corpus(django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    board = tmp_path_factory.mktemp("board") / "niederschrift_beirat.txt"
    board.write_text(BOARD_MINUTES, encoding="utf-8")
    yield from ingest_once([SESSION, board], django_db_blocker, tmp_path_factory.mktemp("home"))


def _checklist(soup: object) -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1].replace("✓ ", "").replace("✗ ", ""), r[2]) for r in _rows(soup, "Transparenz-Checkliste")}


def test_list_shows_committees_with_meeting_counts_and_filters_by_type(corpus: None) -> None:
    soup, _ = get(reverse("serve:organization_list"))
    check_structure(soup)
    rows = {r[0]: r for r in _rows(soup, "Gremien, Fraktionen und Beiräte")}
    assert rows[COMMITTEE][3] == "1"
    assert rows["Seniorenbeirat"][1] == "Beirat"  # stored as a Gremium; the name tells
    assert "Hauptausschuss" in rows

    soup, _ = get(reverse("serve:organization_list") + "?type=Beirat")
    assert [r[0] for r in _rows(soup, "Gremien")] == ["Seniorenbeirat"]
    soup, _ = get(reverse("serve:organization_list") + "?q=partizipation")
    assert [r[0] for r in _rows(soup, "Gremien")] == [COMMITTEE]


def test_committee_page_shows_chair_meeting_and_papers(corpus: None) -> None:
    org = Organization.objects.get(name=COMMITTEE)
    soup, _ = get(reverse("serve:organization_detail", args=[org.pk]))
    check_structure(soup)
    assert soup.h1.get_text(strip=True) == COMMITTEE
    participants = _rows(soup, "Teilnehmende laut Niederschriften")
    assert participants[0][:2] == ["Mechthild Rünger", "Vorsitz"]
    chair = Person.objects.get(name="Mechthild Rünger")
    assert soup.find("a", href=reverse("serve:person_detail", args=[chair.pk]))
    absent = {r[0]: r for r in participants}["Sascha Krämer"]
    assert absent[3:] == ["1", "0"]

    meetings = _rows(soup, "Sitzung")
    assert len(meetings) == 1 and "10.01.2023" in meetings[0][1]
    papers = {r[0] for r in _rows(soup, "Vorlagen in der Beratungsfolge")}
    assert {"22/SVV/0792", "22/SVV/1084", "22/SVV/1134", "22/SVV/1207"} <= papers
    # A committee is no advisory board: no checklist.
    assert soup.find(id="transparenz") is None


def test_advisory_board_checklist_from_minutes_then_rules_and_recommendation(
    corpus: None, tmp_path: Path
) -> None:
    board = Organization.objects.get(name="Seniorenbeirat")
    url = reverse("serve:organization_detail", args=[board.pk])
    soup, _ = get(url)
    check_structure(soup)
    items = _checklist(soup)
    assert items["Protokolle (Niederschriften)"] == ("veröffentlicht", "Niederschrift vom 14.03.2024")
    assert items["Sitzungstermine"][0] == "veröffentlicht"
    assert items["Geschäftsordnung"] == ("fehlt", "–")
    assert items["Empfehlungen und Stellungnahmen"] == ("fehlt", "–")
    # The minutes list people, but nobody published who the members are.
    assert items["Zusammensetzung (Mitglieder)"][0] == "fehlt"
    assert "4 Personen" in items["Zusammensetzung (Mitglieder)"][1]
    assert "4 Angaben fehlen" not in soup.get_text() and "3 Angaben fehlen" in soup.get_text()

    # The council publishes the board's rules and the board's recommendation as papers.
    papers = {
        "go.txt": PAPER.format(
            kind="Beschlussvorlage", reference="23/SVV/0042", date="01.02.2023", meeting="01.03.2023",
            title="Geschäftsordnung des Seniorenbeirates der Stadt Musterhausen",
            originator="Oberbürgermeister", proposal="Die Geschäftsordnung wird bestätigt.",
        ),
        "empfehlung.txt": PAPER.format(
            kind="Antrag", reference="24/SVV/0101", date="20.03.2024", meeting="17.04.2024",
            title="Empfehlung des Seniorenbeirates zum Seniorenwegweiser",
            originator="Seniorenbeirat", proposal="Der Seniorenwegweiser wird neu aufgelegt.",
        ),
    }
    for name, text in papers.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    summary = ingest([tmp_path / name for name in papers])
    assert summary.ok and len(summary.ingested) == 2
    Membership.objects.create(person=Person.objects.get(name="Gertrud Beispiel"), organization=board, role="Vorsitzende")

    soup, _ = get(url)
    check_structure(soup)
    items = _checklist(soup)
    assert all(state == "veröffentlicht" for state, _ in items.values()), items
    assert items["Empfehlungen und Stellungnahmen"][1].startswith("24/SVV/0101")
    assert "Geschäftsordnung des Seniorenbeirates" in items["Geschäftsordnung"][1]
    assert items["Zusammensetzung (Mitglieder)"][1] == "1 Mitglied"
    # Every "published" points somewhere that exists.
    for a in soup.find(id="transparenz").parent.find_all("a"):
        href = a["href"]
        if href.startswith("#"):
            assert soup.find(id=href[1:])
        else:
            assert Client().get(href).status_code == 200
    members = _rows(soup, "Aktuelle Mitglieder")
    assert members[0][:2] == ["Gertrud Beispiel", "Vorsitzende"]


def test_other_bodies_papers_do_not_count_for_the_checklist(corpus: None) -> None:
    board = Organization.objects.get(name="Seniorenbeirat")
    committee = Organization.objects.get(name=COMMITTEE)
    Paper.objects.create(body=committee.body, reference="99/X/1", name="Geschäftsordnung des Seniorenbeirates")
    soup, _ = get(reverse("serve:organization_detail", args=[board.pk]))
    assert _checklist(soup)["Geschäftsordnung"] == ("fehlt", "–")


def test_query_count_does_not_grow_with_the_store(corpus: None) -> None:
    org = Organization.objects.get(name=COMMITTEE)
    board = Organization.objects.get(name="Seniorenbeirat")
    urls = [
        reverse("serve:organization_detail", args=[org.pk]),
        reverse("serve:organization_detail", args=[board.pk]),
        reverse("serve:organization_list"),
    ]
    before = [get(u)[1] for u in urls]
    berlin = ZoneInfo("Europe/Berlin")
    people = [Person.objects.create(body=org.body, name=f"Vorname Nachname{i}") for i in range(20)]
    for i in range(60):
        for target in (org, board):
            meeting = Meeting.objects.create(
                body=target.body, name=f"{i}. Sitzung", start=dt.datetime(2021, 1 + i % 12, 1 + i % 28, 17, tzinfo=berlin)
            )
            meeting.organizations.add(target)
            for p in people[: 5 + i % 10]:
                Attendance.objects.create(meeting=meeting, person=p, group="Mitglied", status="anwesend")
    for p in people:
        Membership.objects.create(person=p, organization=org)
        Membership.objects.create(person=p, organization=board)
    for i in range(60):
        Organization.objects.create(body=org.body, name=f"Arbeitsgruppe {i}")
    after = [get(u)[1] for u in urls]
    assert after == before
    soup, _ = get(urls[0])
    # Every current member (the 20 added, and any the ingest stored), not capped.
    stored = Membership.objects.filter(organization=org, deleted=False, person__deleted=False).count()
    assert stored >= 20 and len(_rows(soup, "Aktuelle Mitglieder")) == stored
    assert "61 Sitzungen" in soup.find(id="sitzungen").parent.get_text()
    # The newest meetings only, and a link to all of them on the meeting list.
    meetings = _rows(soup, f"Die neuesten {MAX_ROWS} von 61 Sitzungen")
    assert len(meetings) == MAX_ROWS
    newest = Meeting.objects.filter(organizations=org).order_by("-start", "-pk")
    table = soup.find(id="sitzungen").parent.table
    shown = [a["href"] for a in table.tbody.select("th a")]
    assert shown == [reverse("serve:meeting_detail", args=[m.pk]) for m in newest[:MAX_ROWS]]
    everything = soup.find("a", href=reverse("serve:meeting_list") + f"?gremium={org.pk}")
    assert everything and "61" in everything.get_text()
    listed, _ = get(everything["href"])
    oldest = reverse("serve:meeting_detail", args=[newest.last().pk])
    assert listed.find("a", href=oldest) or listed.find("a", rel="next")
    # Participants are summed over the newest meetings, not over all 61.
    caption = next(t.caption.get_text() for t in soup.find_all("table") if "Teilnehmende" in t.caption.get_text())
    assert f"der letzten {PARTICIPANT_MEETINGS} Sitzungen" in caption
    counted = {r[0]: int(r[3]) for r in _rows(soup, "Teilnehmende")}
    assert max(counted.values()) <= PARTICIPANT_MEETINGS
