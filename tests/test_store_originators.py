"""Paper originators (OParl originatorPerson/-Organization) and committee memberships
from attendance lists, as the writer stores them from real parses."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import CORPUS
from ratsinfo.extract.records import (
    AttendanceRecord,
    DocumentRecord,
    FileExtraction,
    MeetingRecord,
)
from ratsinfo.pipeline import ParsedFile, parse_file
from ratsinfo.read.base import Reading
from ratsinfo.store import writer
from ratsinfo.store.models import Membership, Organization, Paper, Person, Provenance

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.store]

SESSION = CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"
COMMITTEE = "Ausschuss für Partizipation, Transparenz und Digitalisierung"
MAX_BYTES = 200_000_000

ANTRAG = """Stadt Musterstadt
Die Stadtverordnetenversammlung

Antrag
Drucksache Nr.: {ref}

öffentlich

Betreff:

{title}

Einreicher: {originators}

Erstellungsdatum 03.02.2025

Beratungsfolge:
12.03.2025 Stadtverordnetenversammlung Entscheidung

Beschlussvorschlag:
Die Stadtverordnetenversammlung möge beschließen: Der Oberbürgermeister wird beauftragt, {title}.
"""


def ingest(path: Path) -> None:
    parsed = parse_file(path, MAX_BYTES)
    assert isinstance(parsed, ParsedFile), parsed
    with transaction.atomic():
        writer.store(parsed)


def write_antrag(path: Path, ref: str, title: str, originators: str) -> Path:
    path.write_text(ANTRAG.format(ref=ref, title=title, originators=originators), encoding="utf-8")
    return path


def originators(reference: str) -> tuple[list[str], list[tuple[str, str]]]:
    paper = Paper.objects.get(reference=reference)
    return (
        sorted(paper.originator_persons.values_list("name", flat=True)),
        sorted(paper.originator_organizations.values_list("name", "organization_type")),
    )


def test_corpus_session_folder_links_originators(tmp_path) -> None:
    copy = Path(shutil.copy(SESSION, tmp_path / SESSION.name))
    ingest(copy)

    assert originators("22/SVV/0792") == (["Andreas Menzel"], [("Fraktion DIE aNDERE", "Fraktion")])
    # "Stadtverordneter Heuer als Vorsitzender": a surname alone links nobody.
    assert originators("22/SVV/1134") == ([], [])
    assert originators("22/SVV/1207") == (
        [], [("Verwaltungs- und Managemententwicklung", "Verwaltungsbereich")]
    )
    # Denny Menzel (attendance) and Andreas Menzel (originator) stay two people.
    assert sorted(Person.objects.filter(family_name="Menzel").values_list("name", flat=True)) == [
        "Andreas Menzel", "Denny Menzel"
    ]
    andreas = Person.objects.get(name="Andreas Menzel")
    prov = Provenance.objects.get(field="originator", content_type__model="person", object_id=andreas.pk)
    text = prov.source_file.text
    assert "Andreas Menzel" in text[prov.start:prov.end]
    assert prov.source_start is not None

    page = Client().get(reverse("serve:person_detail", args=[andreas.pk]))
    assert page.status_code == 200
    assert "22/SVV/0792" in page.content.decode()

    # The changed file replaces the links and their provenance, it does not add to them.
    copy.write_text(copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    ingest(copy)
    assert originators("22/SVV/0792") == (["Andreas Menzel"], [("Fraktion DIE aNDERE", "Fraktion")])
    assert Person.objects.filter(name="Andreas Menzel").count() == 1
    assert Organization.objects.filter(organization_type="Fraktion").count() == 2
    assert Provenance.objects.filter(field="originator").count() == 4


def test_corpus_attendance_makes_committee_memberships(tmp_path) -> None:
    copy = Path(shutil.copy(SESSION, tmp_path / SESSION.name))
    ingest(copy)

    rows = {
        m.person.name: (m.role, m.voting_right, m.on_behalf_of.name if m.on_behalf_of else None)
        for m in Membership.objects.select_related("person", "organization", "on_behalf_of")
    }
    assert {m.organization.name for m in Membership.objects.all()} == {COMMITTEE}
    assert rows["Mechthild Rünger"][:2] == ("Vorsitz", True)
    assert rows["Sascha Krämer"] == ("Mitglied", True, "Fraktion DIE LINKE")  # absent, still a member
    assert rows["Stefan Wollenberg"][0] == "Stellvertreter"
    assert rows["Peter Mundt"][:2] == ("Sachkundige Einwohner", None)
    # Party "DIE aNDERE" and the Fraktion the corpus' Antrag names are one organization.
    assert rows["Denny Menzel"] == ("Mitglied", True, "Fraktion DIE aNDERE")
    # Administration, advisory boards' delegates and the minute-taker are not members.
    attendees = set(Person.objects.filter(attendance__isnull=False).values_list("name", flat=True))
    assert attendees - set(rows) == {"Dieter Jetschmanegg", "Peter Hahnel", "Viktor Kalitke", "Marén Matyka"}
    assert len(rows) == Membership.objects.count() == 18

    copy.write_text(copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    ingest(copy)
    assert Membership.objects.count() == 18
    assert not Membership.objects.filter(deleted=True).exists()


def test_invented_antrag_links_fraktion_and_person_and_replaces_on_change(tmp_path) -> None:
    a = write_antrag(
        tmp_path / "a.txt", "25/SVV/0042", "Mehr Bänke am Seeufer",
        "Fraktion Bürgerliste Musterstadt und Stadtverordnete Dr. Erika Beispiel (Bürgerliste Musterstadt)",
    )
    ingest(a)
    assert originators("25/SVV/0042") == (
        ["Erika Beispiel"], [("Fraktion Bürgerliste Musterstadt", "Fraktion")]
    )
    erika = Person.objects.get(name="Erika Beispiel")
    assert (erika.given_name, erika.family_name) == ("Erika", "Beispiel")

    # Another paper names the same Fraktion in another spelling: one organization.
    b = write_antrag(tmp_path / "b.txt", "25/SVV/0043", "Ein Trinkbrunnen am Markt",
                     "Bürgerliste Musterstadt-Fraktion")
    ingest(b)
    assert originators("25/SVV/0043")[1] == [("Fraktion Bürgerliste Musterstadt", "Fraktion")]
    assert Organization.objects.filter(organization_type="Fraktion").count() == 1

    # The Antrag changes hands: the old links go, the new ones replace them.
    write_antrag(a, "25/SVV/0042", "Mehr Bänke am Seeufer", "Stadtverordneter Max Muster (SPD)")
    ingest(a)
    assert originators("25/SVV/0042") == (["Max Muster"], [])
    assert not Paper.objects.get(reference="25/SVV/0042").originator_persons.filter(pk=erika.pk).exists()
    assert not Provenance.objects.filter(field="originator", content_type__model="person",
                                         object_id=erika.pk).exists()


def minutes(path: str, rows: list[AttendanceRecord], day: str = "2025-03-12") -> ParsedFile:
    text = f"Niederschrift\nAusschuss für Umwelt am {day}\n" + "\n".join(r.name for r in rows) + "\n"
    meeting = MeetingRecord("Ausschuss für Umwelt", 7, True, f"{day}T17:00", attendance=rows)
    return ParsedFile(
        path=path,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        size=len(text.encode()),
        reading=Reading(text=text, format="text"),
        extraction=FileExtraction(body="Stadt Musterstadt", documents=[
            DocumentRecord("Niederschrift", 0, len(text), title="7. Sitzung", meeting=meeting)
        ]),
    )


def test_memberships_follow_the_latest_list_and_stay_one_per_person(tmp_path) -> None:
    first = [
        AttendanceRecord("Erika Beispiel", "Dr.", "SPD", "Mitglied", status="anwesend"),
        AttendanceRecord("Max Muster", None, "CDU", "Vorsitzender", status="anwesend"),
        AttendanceRecord("Lena Vertretung", None, "CDU", "Mitglied", status="anwesend",
                         substitute_for="Herr Abwesend"),
        AttendanceRecord("Otto Amtmann", None, None, "Verwaltung", status="anwesend"),
        AttendanceRecord("Gina Gast", None, None, "Gäste", status="anwesend"),
    ]
    with transaction.atomic():
        writer.store(minutes(str(tmp_path / "n1.txt"), first))
    roles = dict(Membership.objects.values_list("person__name", "role"))
    assert roles == {"Erika Beispiel": "Mitglied", "Max Muster": "Vorsitzender",
                     "Lena Vertretung": "Stellvertreter"}
    # The same person in a later sitting's list, now chairing: still one membership, updated.
    later = [AttendanceRecord("Erika Beispiel", "Dr.", "SPD", "Vorsitz", status="anwesend")]
    with transaction.atomic():
        writer.store(minutes(str(tmp_path / "n2.txt"), later, day="2025-04-09"))
    assert Membership.objects.filter(person__name="Erika Beispiel").count() == 1
    assert Membership.objects.get(person__name="Erika Beispiel").role == "Vorsitz"
    # A membership from elsewhere (entered by hand, imported) wins over the derived one.
    lena = Membership.objects.get(person__name="Lena Vertretung")
    assert lena.keyword == [writer.FROM_ATTENDANCE]
    Membership.objects.create(person=lena.person, organization=lena.organization, role="Stellvertreterin")
    with transaction.atomic():
        writer.store(minutes(str(tmp_path / "n1.txt"), first[:1] + first[2:]))
    assert list(Membership.objects.filter(person=lena.person, deleted=False).values_list("role", "keyword")) == [
        ("Stellvertreterin", [])
    ]
    # "Dr. Erika Beispiel" as an originator is the same person (titles folded).
    a = write_antrag(tmp_path / "a.txt", "25/SVV/0044", "Schattenbäume am Spielplatz",
                     "Stadtverordnete Dr. Erika Beispiel (SPD)")
    ingest(a)
    assert Person.objects.filter(family_name="Beispiel").count() == 1
    # Max Muster is on no list any more: his derived membership is soft-deleted, not kept live.
    assert Membership.objects.get(person__name="Max Muster").deleted
    assert Membership.objects.filter(deleted=False).count() == 2
