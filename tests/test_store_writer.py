"""The writer on hand-built parses: replacement, renditions, provenance, soft delete."""

from __future__ import annotations

import hashlib

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ratsinfo.extract.records import (
    ConsultationRecord,
    DocumentRecord,
    FileExtraction,
    MeetingRecord,
    PaperRecord,
)
from ratsinfo.pipeline import ParsedFile
from ratsinfo.read.base import Block, Reading
from ratsinfo.store import writer
from ratsinfo.store.models import (
    Consultation,
    Document,
    File,
    Meeting,
    Paper,
    Provenance,
    SourceFile,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.store]

ANTRAG = (
    "Antrag\nDrucksache Nr. A-0007/25\nöffentlich\nBetreff: Mehr Bänke am Seeufer\n"
    "Erstellungsdatum: 03.02.2025\nBeratungsfolge:\n"
    "12.03.2025\tAusschuss für Umwelt\tVorberatung\n"
)


def parsed(path: str, text: str, docs: list[DocumentRecord], body: str = "Stadt Musterstadt",
           tables: int = 0) -> ParsedFile:
    blocks = [Block("table", 0, len(text))] * tables
    return ParsedFile(
        path=path,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        size=len(text.encode()),
        reading=Reading(text=text, format="text", blocks=blocks),
        extraction=FileExtraction(body=body, documents=docs),
    )


def antrag_doc(text: str, title: str = "Mehr Bänke am Seeufer") -> DocumentRecord:
    ref_at = text.index("A-0007/25")
    title_at = text.index(title) if title in text else 0
    paper = PaperRecord(
        reference="A-0007/25",
        kind="Antrag",
        title=title,
        date="2025-02-03",
        public=True,
        originators=["Fraktion Grüne Mitte"],
        consultations=[ConsultationRecord("2025-03-12", "Ausschuss für Umwelt", "Vorberatung")],
        spans={"reference": (ref_at, ref_at + 9), "title": (title_at, title_at + len(title))},
    )
    return DocumentRecord(kind="Antrag", start=0, end=len(text), reference="A-0007/25",
                          paper=paper, spans={"reference": (ref_at, ref_at + 9)})


def test_store_creates_paper_with_consultations_and_provenance(tmp_path) -> None:
    source = writer.store(parsed(str(tmp_path / "a.txt"), ANTRAG, [antrag_doc(ANTRAG)]))
    paper = Paper.objects.get(reference="A-0007/25")
    assert paper.name == "Mehr Bänke am Seeufer"
    assert paper.body.name == "Stadt Musterstadt"
    assert str(paper.date) == "2025-02-03"
    assert paper.main_file.source_file == source
    c = Consultation.objects.get(paper=paper)
    assert (str(c.date), c.organization_name, c.role) == ("2025-03-12", "Ausschuss für Umwelt", "Vorberatung")
    prov = Provenance.objects.get(content_type__model="paper", object_id=paper.pk, field="title")
    assert source.text[prov.start:prov.end] == "Mehr Bänke am Seeufer"
    assert (prov.source_start, prov.source_end) == (prov.start, prov.end)


def test_two_renditions_become_one_paper_with_the_richer_file_as_main(tmp_path) -> None:
    poor = ANTRAG
    rich = ANTRAG + "Begründung:\nDie Bänke fehlen seit Jahren.\n"
    writer.store(parsed(str(tmp_path / "b.txt"), poor, [antrag_doc(poor)]))
    writer.store(parsed(str(tmp_path / "a.txt"), rich, [antrag_doc(rich)], tables=1))
    paper = Paper.objects.get(reference="A-0007/25")
    assert paper.main_file.file_name == "a.txt"
    assert [f.file_name for f in paper.auxiliary_files.all()] == ["b.txt"]
    docs = {d.source_file.path.rsplit("/", 1)[1]: d for d in Document.objects.all()}
    assert docs["b.txt"].rendition_of == docs["a.txt"]
    assert docs["a.txt"].rendition_of is None
    assert Paper.objects.count() == 1


def test_changed_file_replaces_what_it_produced(tmp_path) -> None:
    path = str(tmp_path / "a.txt")
    writer.store(parsed(path, ANTRAG, [antrag_doc(ANTRAG)]))
    changed = ANTRAG.replace("Mehr Bänke am Seeufer", "Weniger Lärm am Seeufer")
    writer.store(parsed(path, changed, [antrag_doc(changed, "Weniger Lärm am Seeufer")]))
    assert SourceFile.objects.count() == 1
    assert File.objects.count() == 1
    assert Document.objects.count() == 1
    assert Paper.objects.get().name == "Weniger Lärm am Seeufer"
    assert Consultation.objects.count() == 1


def test_file_that_no_longer_holds_a_paper_soft_deletes_it(tmp_path) -> None:
    path = str(tmp_path / "a.txt")
    writer.store(parsed(path, ANTRAG, [antrag_doc(ANTRAG)]))
    other = "Pressemitteilung\nDer Bürgermeister lädt ein.\n"
    writer.store(parsed(path, other, [DocumentRecord("Pressemitteilung", 0, len(other), title="x")]))
    paper = Paper.objects.get(reference="A-0007/25")
    assert paper.deleted is True  # OParl clients see the deletion
    assert paper.consultations.count() == 0


def test_failure_inside_a_file_rolls_back_that_file_only(tmp_path) -> None:
    good = parsed(str(tmp_path / "good.txt"), ANTRAG, [antrag_doc(ANTRAG)])
    with transaction.atomic():
        writer.store(good)
    first = DocumentRecord("Antrag", 0, 10, reference="B-1/25",
                           paper=PaperRecord("B-1/25", "Antrag", "T", "2025-02-01", True))
    # A negative offset violates a database constraint half-way through the file.
    second = DocumentRecord("Antrag", -5, 10, reference="B-2/25")
    broken = parsed(str(tmp_path / "bad.txt"), "Antrag B-1/25", [first, second])
    with pytest.raises(IntegrityError), transaction.atomic():
        writer.store(broken)
    assert SourceFile.objects.count() == 1
    assert not Paper.objects.filter(reference="B-1/25").exists()
    assert Paper.objects.filter(reference="A-0007/25", deleted=False).exists()


def test_invitation_and_minutes_make_one_meeting(tmp_path) -> None:
    inv = "Einladung\nGremium: Ausschuss für Umwelt\nSitzungstermin: 12.03.2025, 17:00 Uhr\n"
    mins = "Niederschrift\nBeginn: 17:05 Uhr\nEnde: 19:10 Uhr\n"
    writer.store(parsed(str(tmp_path / "e.txt"), inv, [DocumentRecord(
        "Einladung", 0, len(inv), title="7. Sitzung",
        meeting=MeetingRecord("Ausschuss für Umwelt", 7, True, "2025-03-12T17:00"))]))
    writer.store(parsed(str(tmp_path / "n.txt"), mins, [DocumentRecord(
        "Niederschrift", 0, len(mins), title="7. Sitzung",
        meeting=MeetingRecord("Ausschuss für Umwelt", 7, True, "2025-03-12T17:05", "2025-03-12T19:10",
                              "Rathaus, Saal 1"))]))
    meeting = Meeting.objects.get()
    assert meeting.number == 7
    assert timezone.localtime(meeting.start).isoformat().startswith("2025-03-12T17:05")
    assert meeting.location.description == "Rathaus, Saal 1"
    assert meeting.documents.count() == 2
    assert meeting.invitation.file_name == "e.txt"
    assert meeting.verbatim_protocol.file_name == "n.txt"


def test_identical_text_without_reference_is_a_rendition(tmp_path) -> None:
    text = "Pressemitteilung\nRegionaltreffen der Nachbargemeinden im Rathaus.\n"
    writer.store(parsed(str(tmp_path / "p1.txt"), text,
                        [DocumentRecord("Pressemitteilung", 0, len(text), title="Regionaltreffen")]))
    html_like = "Pressemitteilung  \n  Regionaltreffen der Nachbargemeinden im Rathaus."
    writer.store(parsed(str(tmp_path / "p2.html"), html_like,
                        [DocumentRecord("Pressemitteilung", 0, len(html_like), title="Regionaltreffen")]))
    docs = list(Document.objects.order_by("source_file__path"))
    assert sum(d.rendition_of_id is not None for d in docs) == 1


def test_minutes_store_agenda_votes_attendance_and_link_the_paper(tmp_path) -> None:
    from ratsinfo.extract.records import (
        AgendaItemRecord,
        AttendanceRecord,
        ObligationRecord,
        VoteRecord,
    )
    from ratsinfo.store.models import AgendaItem, Attendance, Obligation, Person

    mins = "Niederschrift\nzu 3 Mehr Bänke am Seeufer\nVorlage: A-0007/25\neinstimmig beschlossen\n"
    at = mins.index("Mehr Bänke")
    meeting = MeetingRecord(
        "Ausschuss für Umwelt", 7, True, "2025-03-12T17:05", "2025-03-12T19:10",
        agenda_items=[AgendaItemRecord("3", "Mehr Bänke am Seeufer", ["A-0007/25"], "beschlossen",
                                       [VoteRecord("einstimmig", abstain=1)],
                                       spans={"title": (at, at + 21)})],
        attendance=[AttendanceRecord("Erika Mustermann", "Dr.", "SPD", "Vorsitz", status="anwesend"),
                    AttendanceRecord("Max Muster", None, "CDU", "Mitglied", status="abwesend",
                                     reason="entschuldigt")],
    )
    # Minutes first, the paper later: the agenda item still finds its paper.
    writer.store(parsed(str(tmp_path / "n.txt"), mins,
                        [DocumentRecord("Niederschrift", 0, len(mins), title="7. Sitzung", meeting=meeting)]))
    doc = antrag_doc(ANTRAG)
    doc.paper.obligations = [ObligationRecord("2025-09", "dem Ausschuss berichten")]
    writer.store(parsed(str(tmp_path / "a.txt"), ANTRAG, [doc]))

    item = AgendaItem.objects.get()
    assert (item.number, item.result) == ("3", "beschlossen")
    assert [(v.kind, v.abstain) for v in item.votes.all()] == [("einstimmig", 1)]
    paper = Paper.objects.get(reference="A-0007/25")
    assert list(item.papers.all()) == [paper]
    # The Beratungsfolge's consultation of that day now knows its meeting and item.
    c = Consultation.objects.get(paper=paper, date="2025-03-12")
    assert c.meeting == item.meeting and c.agenda_item == item and not c.from_agenda
    rows = [(a.person.name, a.status, a.reason) for a in Attendance.objects.all()]
    assert rows == [("Erika Mustermann", "anwesend", ""), ("Max Muster", "abwesend", "entschuldigt")]
    assert Person.objects.get(name="Erika Mustermann").title == ["Dr."]
    ob = Obligation.objects.get()
    assert (ob.due, str(ob.due_date)) == ("2025-09", "2025-09-30")
    prov = Provenance.objects.get(content_type__model="agendaitem", field="title")
    assert mins[prov.start:prov.end] == "Mehr Bänke am Seeufer"
