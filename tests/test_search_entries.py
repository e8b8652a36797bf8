"""Search entries of a council member of long standing: more meetings than one SQL
statement may list (Django 5.2 prefetches a foreign key as an OR chain, and SQLite stops at
an expression depth of 1000)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ratsinfo.search.entries import person_entries
from ratsinfo.store.models import (
    Attendance,
    Body,
    Document,
    Meeting,
    Organization,
    Person,
    SourceFile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.store]

MEETINGS = 1200


def test_person_entry_of_a_member_with_more_meetings_than_one_statement_lists() -> None:
    body = Body.objects.create(name="Stadt Beispielhausen")
    committee = Organization.objects.create(body=body, name="Ausschuss für Finanzen", organization_type="Gremium")
    board = Organization.objects.create(body=body, name="Werkausschuss", organization_type="Gremium")
    person = Person.objects.create(body=body, name="Erika Beispiel", party="SPD")
    start = timezone.make_aware(dt.datetime(2000, 1, 5, 18, 0))
    meetings = Meeting.objects.bulk_create(
        Meeting(body=body, name=f"{k + 1}. Sitzung", start=start + dt.timedelta(days=7 * k)) for k in range(MEETINGS)
    )
    through = Meeting.organizations.through
    through.objects.bulk_create(
        through(meeting_id=m.pk, organization_id=(board if k % 10 == 9 else committee).pk)
        for k, m in enumerate(meetings)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, person=person, status="anwesend", group="Vorsitz" if k >= 1000 else "Mitglied")
        for k, m in enumerate(meetings)
    )
    files = SourceFile.objects.bulk_create(
        SourceFile(path=f"/minutes/{k}.txt", sha256=f"{k:064d}", size=1, format="text") for k in range(MEETINGS)
    )
    Document.objects.bulk_create(
        Document(source_file=f, order=0, kind="Niederschrift", start=0, end=1, meeting=m)
        for f, m in zip(files, meetings, strict=True)
    )

    (entry,) = person_entries([person.pk])

    assert entry.key == f"person:{person.pk}"
    # Each function in each body once, whatever the number of meetings.
    lines = entry.text.splitlines()
    assert lines[:2] == ["Erika Beispiel", "SPD"]
    assert sorted(lines[2:]) == sorted([
        "Mitglied Ausschuss für Finanzen", "Mitglied Werkausschuss",
        "Vorsitz Ausschuss für Finanzen", "Vorsitz Werkausschuss",
    ])
    assert entry.organizations == ["Ausschuss für Finanzen", "Werkausschuss"]
    assert entry.sources == sorted(f.pk for f in files)


def test_entries_of_meetings_and_a_body_that_name_more_persons_than_one_statement_lists() -> None:
    from ratsinfo.search.entries import meeting_entries, organization_entries
    from ratsinfo.store.models import Membership

    body = Body.objects.create(name="Stadt Beispielhausen")
    council = Organization.objects.create(body=body, name="Stadtrat", organization_type="Gremium")
    people = Person.objects.bulk_create(Person(body=body, name=f"Person {k:04d}") for k in range(MEETINGS))
    meeting = Meeting.objects.create(body=body, name="Einwohnerversammlung")
    Attendance.objects.bulk_create(Attendance(meeting=meeting, person=p, order=k) for k, p in enumerate(people))
    Membership.objects.bulk_create(Membership(organization=council, person=p, role="Mitglied") for p in people)

    (m,) = meeting_entries([meeting.pk])
    assert m.persons == [p.name for p in people]
    (o,) = organization_entries([council.pk])
    assert sorted(o.persons) == [p.name for p in people]
