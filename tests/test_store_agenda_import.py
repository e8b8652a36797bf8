"""A meeting imported over OParl keeps its agenda items (and their ids) when its invitation
or minutes are ingested: the printed agenda only adds the votes OParl has no field for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CORPUS
from ratsinfo.store import writer
from ratsinfo.store.ingest import ingest
from ratsinfo.store.models import AgendaItem, Meeting, Vote

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.store,
    pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available"),
]

MINUTES = "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"


def _printed(meeting: Meeting) -> dict[str, list[tuple[str, int | None, int | None, int | None]]]:
    """Votes per agenda number, as the documents' agenda gave them."""
    return {
        writer._top_key(i.number): [(v.kind, v.yes, v.no, v.abstain) for v in i.votes.order_by("order")]
        for i in meeting.agenda_items.prefetch_related("votes")
    }


def test_imported_agenda_keeps_its_ids_and_gains_the_printed_votes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATSINFO_HOME", str(tmp_path / "home"))
    source = tmp_path / MINUTES
    shutil.copy(CORPUS / MINUTES, source)
    assert ingest([source]).ok
    meeting = max(Meeting.objects.filter(deleted=False), key=lambda m: m.agenda_items.count())
    printed = _printed(meeting)
    voted = [n for n, votes in printed.items() if votes]
    assert len(voted) >= 2

    # What an OParl import of this meeting brings: its own items under source ids, numbered
    # the way the RIS numbers them ("TOP 3.1", "3.1."), one the documents do not print.
    meeting.external_id = "https://ris.example/oparl/meeting/1"
    meeting.save()
    numbers = [f"TOP {voted[0]}", f"{voted[1]}.", "99"]
    for order, number in enumerate(numbers):
        AgendaItem.objects.create(meeting=meeting, order=order, number=number, name=f"Punkt {number}",
                                  external_id=f"https://ris.example/oparl/agendaitem/{order}")
    writer.reconcile_agenda(meeting)

    items = {i.external_id: i for i in meeting.agenda_items.all()}
    assert sorted(items) == [f"https://ris.example/oparl/agendaitem/{k}" for k in range(3)]
    ids = {ext: i.pk for ext, i in items.items()}
    for order, number in enumerate(numbers[:2]):
        item = items[f"https://ris.example/oparl/agendaitem/{order}"]
        assert [(v.kind, v.yes, v.no, v.abstain) for v in item.votes.order_by("order")] == printed[writer._top_key(number)]
    assert not items["https://ris.example/oparl/agendaitem/2"].votes.exists()

    # The minutes change and are ingested again: the imported items stay, under their ids.
    source.write_text(source.read_text(encoding="utf-8") + "\nNachtrag: Die Niederschrift wurde ergänzt.\n",
                      encoding="utf-8")
    assert ingest([source]).ok
    meeting.refresh_from_db()
    assert not meeting.deleted
    assert {i.external_id: i.pk for i in meeting.agenda_items.all()} == ids
    assert Vote.objects.filter(agenda_item__meeting=meeting).count() == sum(
        len(printed[writer._top_key(n)]) for n in numbers[:2]
    )


def test_top_numbers_fold() -> None:
    assert writer._top_key("TOP 3.1") == writer._top_key("3.1.") == writer._top_key(" 3.1 ") == "3.1"
    assert writer._top_key("Tagesordnungspunkt 12") == "12"
    assert writer._top_key("Ö 4") != writer._top_key("4")  # a prefix we do not know stays
