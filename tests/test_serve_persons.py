"""The person pages, rendered from the ingested session folder: who attended, in which
function, how often, and where the documents name them."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import CORPUS
from ratsinfo.serve.views.persons import MAX_ROWS, MENTION_FILES
from ratsinfo.store.ingest import ingest
from ratsinfo.store.models import (
    Attendance,
    Document,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
    Provenance,
    SourceFile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.store]

SESSION = "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"
PRESS = "potsdam_pressemitteilung_regionalgespraech_2023.txt"


def ingest_once(names: list[str | Path], django_db_blocker: object, home: Path) -> Iterator[None]:
    """Ingest files once for a module (the real pipeline), and empty the store afterwards."""
    old = os.environ.get("RATSINFO_HOME")
    os.environ["RATSINFO_HOME"] = str(home)
    try:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            summary = ingest([CORPUS / n if isinstance(n, str) else n for n in names])
            assert summary.ok and len(summary.ingested) == len(names), summary.failed
        yield
    finally:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            call_command("flush", interactive=False, verbosity=0)
        if old is None:
            os.environ.pop("RATSINFO_HOME", None)
        else:
            os.environ["RATSINFO_HOME"] = old


@pytest.fixture(scope="module")
def corpus(django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    yield from ingest_once([SESSION, PRESS], django_db_blocker, tmp_path_factory.mktemp("home"))


def get(url: str) -> tuple[BeautifulSoup, int]:
    """The page parsed, and how many queries rendering it took."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser"), len(queries)


def check_structure(soup: BeautifulSoup) -> None:
    """What WCAG asks of the markup: one h1, no skipped heading level, a caption on every
    table, a scope on every header cell, a label for every form control, SVGs as labelled
    images whose labels exist."""
    assert soup.html["lang"] == "de"
    assert len(soup.find_all("h1")) == 1
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    for table in soup.find_all("table"):
        assert table.caption and table.caption.get_text(strip=True)
        for th in table.find_all("th"):
            assert th.get("scope") in {"col", "row"}, th
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.get("type") in {"hidden", "submit"}:
            continue
        assert soup.find("label", attrs={"for": control.get("id")}), control
    for svg in soup.find_all("svg"):
        assert svg.get("role") == "img"
        for ident in svg["aria-labelledby"].split():
            assert soup.find(id=ident).get_text(strip=True)
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


def _rows(soup: BeautifulSoup, caption: str) -> list[list[str]]:
    table = next(t for t in soup.find_all("table") if caption in t.caption.get_text())
    return [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in table.tbody.find_all("tr")
    ]


def _person(name: str) -> Person:
    return Person.objects.get(name=name)


def test_list_searches_by_name_and_counts_attendance(corpus: None) -> None:
    soup, _ = get(reverse("serve:person_list"))
    check_structure(soup)
    names = [r[0] for r in _rows(soup, "Personen")]
    assert "Dr. Mechthild Rünger" in names
    assert "Mike Schubert" in names  # named in the press release only
    assert len(names) == Person.objects.filter(deleted=False).count()

    soup, _ = get(reverse("serve:person_list") + "?q=menzel")
    rows = _rows(soup, "Personen")
    assert sorted(r[0] for r in rows) == ["Andreas Menzel", "Denny Menzel"]
    # Denny Menzel is on the committee's attendance list; Andreas Menzel only signs an Antrag.
    assert dict((r[0], r[3]) for r in rows) == {"Denny Menzel": "1 von 1 anwesend", "Andreas Menzel": "–"}

    soup, _ = get(reverse("serve:person_list") + "?q=Andreas+Menzel")
    assert [r[0] for r in _rows(soup, "Personen")] == ["Andreas Menzel"]
    soup, _ = get(reverse("serve:person_list") + "?q=niemand")
    assert not soup.find("table")
    assert "Keine Person" in soup.find("main").get_text()


def test_chair_page_shows_function_attendance_and_the_misspelt_mention(corpus: None) -> None:
    person = _person("Mechthild Rünger")
    soup, _ = get(reverse("serve:person_detail", args=[person.pk]))
    check_structure(soup)
    assert soup.h1.get_text(strip=True) == "Dr. Mechthild Rünger"
    text = soup.find("main").get_text(" ", strip=True)
    assert "Bündnis 90/Die Grünen" in text

    committee = Organization.objects.get(name__startswith="Ausschuss für Partizipation")
    roles = _rows(soup, "Funktionen laut Niederschriften")
    assert roles == [[committee.name, "Vorsitz", "1", "1", "10.01.2023"]]
    assert soup.find("a", href=reverse("serve:organization_detail", args=[committee.pk]))
    assert "100 %" in soup.find(id="anwesenheit").parent.get_text()

    # The minutes misspell her "Rüniger"; the mention keeps the spelling and marks it.
    marks = [m.get_text() for m in soup.find(id="erwaehnungen").parent.find_all("mark")]
    assert "Rüniger" in marks
    mention_links = [a["href"] for a in soup.find(id="erwaehnungen").parent.find_all("a")]
    assert mention_links and all(h.startswith("/documents/") for h in mention_links)


def test_absent_members_have_their_reason_and_rate(corpus: None) -> None:
    excused = _person("Sascha Krämer")
    soup, _ = get(reverse("serve:person_detail", args=[excused.pk]))
    section = soup.find(id="anwesenheit").parent.get_text(" ", strip=True)
    assert "1 entschuldigt, 0 nicht entschuldigt" in section
    assert "Anwesenheitsquote 0 %" in section

    unexcused = _person("Chaled-Uwe Said")
    soup, _ = get(reverse("serve:person_detail", args=[unexcused.pk]))
    assert "0 entschuldigt, 1 nicht entschuldigt" in soup.find(id="anwesenheit").parent.get_text(" ", strip=True)


def test_signatory_is_linked_to_the_paper_he_signed(corpus: None) -> None:
    person = _person("Andreas Menzel")
    soup, _ = get(reverse("serve:person_detail", args=[person.pk]))
    check_structure(soup)
    papers = _rows(soup, "Vorlagen, deren Text die Person nennt")
    assert [r[0] for r in papers] == ["22/SVV/0792"]
    details = " ".join(r[1] for r in _rows(soup, "Textstellen"))
    assert "Funktion: „Stadtverordneter“" in details and "Partei: „BVB/FW“" in details
    # No attendance list names him.
    assert "Keine Niederschrift mit Anwesenheitsliste" in soup.get_text()


def test_memberships_and_fraktion_are_shown(corpus: None) -> None:
    person = _person("Mechthild Rünger")
    fraktion = Organization.objects.create(
        body=person.body, name="Fraktion Beispiel", organization_type=Organization.Type.FRAKTION
    )
    Membership.objects.create(person=person, organization=fraktion, role="Vorsitzende", voting_right=True)
    soup, _ = get(reverse("serve:person_detail", args=[person.pk]))
    check_structure(soup)
    rows = {r[0]: r for r in _rows(soup, "Mitgliedschaften")}
    assert rows["Fraktion Beispiel"][:4] == ["Fraktion Beispiel", "Fraktion", "Vorsitzende", "ja"]
    dd = soup.find("dt", string="Fraktion").find_next_sibling("dd")
    assert dd.a["href"] == reverse("serve:organization_detail", args=[fraktion.pk])


def test_deleted_or_unknown_person_is_404(corpus: None) -> None:
    person = _person("Denny Menzel")
    Person.objects.filter(pk=person.pk).update(deleted=True)
    assert Client().get(reverse("serve:person_detail", args=[person.pk])).status_code == 404
    assert Client().get(reverse("serve:person_detail", args=[10**9])).status_code == 404


def test_query_count_does_not_grow_with_the_store(corpus: None) -> None:
    person = _person("Mechthild Rünger")
    url = reverse("serve:person_detail", args=[person.pk])
    _, before = get(url)
    _, list_before = get(reverse("serve:person_list"))
    committee = Organization.objects.get(name__startswith="Ausschuss für Partizipation")
    other = Organization.objects.create(body=person.body, name="Beispielausschuss")
    berlin = ZoneInfo("Europe/Berlin")
    for i in range(30):
        meeting = Meeting.objects.create(
            body=person.body, name=f"Sitzung {i}", start=dt.datetime(2022, 1, 1 + i % 28, 17, tzinfo=berlin)
        )
        meeting.organizations.add(committee if i % 2 else other)
        absent = i % 3 == 0
        Attendance.objects.create(
            meeting=meeting, person=person, group="Vorsitz",
            status="abwesend" if absent else "anwesend", reason="entschuldigt" if absent else "",
        )
        Membership.objects.create(person=person, organization=Organization.objects.create(body=person.body, name=f"Gremium {i}"))
    for i in range(60):
        Person.objects.create(body=person.body, name=f"Vorname Nachname{i:02d}", family_name=f"Nachname{i:02d}")
    soup, after = get(url)
    assert after == before
    _, list_after = get(reverse("serve:person_list"))
    assert list_after == list_before
    # 31 meetings, 10 absent (every third of 30), all excused: 21 of 31 attended.
    section = soup.find(id="anwesenheit").parent.get_text(" ", strip=True)
    assert "Sitzungen mit Anwesenheitsliste 31" in section
    assert "10 entschuldigt" in section
    assert f"Anwesenheitsquote {round(100 * 21 / 31)} %" in section
    # Every membership (30 added, and any the ingest stored), not capped.
    stored = Membership.objects.filter(person=person, deleted=False, organization__deleted=False).count()
    assert stored >= 30 and len(_rows(soup, "Mitgliedschaften in Gremien")) == stored
    # The newest meetings' attendance only: the page does not grow with the minutes.
    attended = _rows(soup, f"Anwesenheit in den letzten {MAX_ROWS} Sitzungen")
    assert len(attended) == MAX_ROWS
    assert [r[1] for r in attended[:2]] == ["10.01.2023", "28.01.2022"]  # the session, then the latest added


def test_mentions_are_paged_by_file_and_stay_bounded(corpus: None) -> None:
    """A person named in ever more files: the page shows one page of files, newest first,
    with the same queries, and the older files are a page further."""
    person = _person("Mechthild Rünger")
    url = reverse("serve:person_detail", args=[person.pk])
    soup, before = get(url)
    files_before = Provenance.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=person.pk
    ).values("source_file").distinct().count()
    ct = ContentType.objects.get_for_model(Person)
    filler = "Weiterer Text der Niederschrift. " * 20
    added = []
    for i in range(3 * MENTION_FILES):
        text = f"Niederschrift {i}\nVorsitz: {person.name}\n{filler}\nGez. {person.name}\n"
        src = SourceFile.objects.create(
            path=f"/srv/ris/niederschrift-{i:03d}.txt", sha256=f"{i:064d}", size=len(text),
            format="txt", text=text, body=person.body,
        )
        # Each file is a paper's document: the paper table beside the mentions lists them.
        paper = Paper.objects.create(
            body=person.body, reference=f"99/A/{i:03d}", name=f"Antrag {i}", paper_type="Antrag",
            date=dt.date(2030, 1, 1) + dt.timedelta(days=i),
        )
        Document.objects.create(
            source_file=src, order=0, kind="Antrag", start=0, end=len(text), reference=paper.reference, paper=paper
        )
        for start in (text.index(person.name), text.rindex(person.name)):
            Provenance.objects.create(
                content_type=ct, object_id=person.pk, field="name", source_file=src,
                start=start, end=start + len(person.name),
            )
        added.append(src)
    soup, after = get(url)
    assert after == before
    rows = _rows(soup, "Textstellen, an denen die Person genannt wird")
    # Two places per file (further apart than one mention), MENTION_FILES files a page.
    assert len(rows) == 2 * MENTION_FILES
    assert rows[0][0] == "Antrag 99/A/029"
    assert f"{files_before + len(added)} Dateien nennen die Person" in soup.find(id="erwaehnungen").parent.get_text()
    assert rows[0][2].startswith("…") and person.name in rows[0][2]
    papers = _rows(soup, "Vorlagen, deren Text die Person nennt")
    assert [r[0] for r in papers[:2]] == ["99/A/029", "99/A/028"] and papers[0][1:] == ["Antrag", "Antrag 29", "30.01.2030"]
    nxt = soup.find(id="erwaehnungen").parent.find("a", rel="next")
    page2, queries2 = get(url + nxt["href"])
    assert queries2 == before
    assert _rows(page2, "Textstellen, an denen")[0][0] == f"Antrag 99/A/{2 * MENTION_FILES - 1:03d}"
    check_structure(page2)
