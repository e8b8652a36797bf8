"""Agenda items of invitations and minutes (extract/agenda.py): numbering, titles, papers,
public part, results, votes and items added in the meeting, over several RIS layouts."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.extract import extract_file
from ratsinfo.extract.agenda import extract_agenda, mark_added
from ratsinfo.extract.records import AgendaItemRecord
from ratsinfo.read import read_path
from ratsinfo.split.lines import build_lines

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "musterstadt"
SHARED = Path(
    os.environ.get("RATSINFO_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
CORPUS = SHARED / "corpus"


def agenda(text: str, kind: str = "Niederschrift") -> dict[str, AgendaItemRecord]:
    idx = build_lines(text)
    items = extract_agenda(text, idx.lines, 0, len(idx.lines), kind)
    for a in items:
        for s, e in a.spans.values():
            assert 0 <= s <= e <= len(text)
        for v in a.votes:
            for s, e in v.spans.values():
                assert 0 <= s <= e <= len(text)
    return {a.number: a for a in items}


def votes(a: AgendaItemRecord) -> list[tuple]:
    return [(v.kind, v.subject, v.yes, v.no, v.abstain) for v in a.votes]


ALLRIS_MINUTES = """Gemeinde Beispielhausen
Niederschrift
über die 12. öffentliche Sitzung des Bauausschusses
Sitzungstermin: Montag, 03.06.2024
Sitzungsbeginn: 18:00 Uhr
Tagesordnung:
Öffentlicher Teil
TOP Ö 1 Eröffnung und Begrüßung
TOP Ö 2 Bebauungsplan Nr. 45 "Am Mühlenweg" - Aufstellungsbeschluss
Vorlage: BV/0123/2024
TOP Ö 3 Antrag der SPD-Fraktion: Sanierung des Sportplatzes an der
Schulstraße
Vorlage: A/0017/2024
TOP Ö 4 Bericht der Verwaltung
Nichtöffentlicher Teil
TOP N 5 Grundstücksangelegenheiten
Vorlage: BV/0130/2024
Protokoll:
TOP Ö 1 Eröffnung und Begrüßung
Der Vorsitzende eröffnet die Sitzung und begrüßt die Anwesenden.
TOP Ö 2 Bebauungsplan Nr. 45 "Am Mühlenweg" - Aufstellungsbeschluss
Vorlage: BV/0123/2024
Frau Lange erläutert die Planung.
Beschluss:
Der Bauausschuss beschließt die Aufstellung des Bebauungsplanes Nr. 45.
Abstimmungsergebnis: Ja: 7 Nein: 2 Enthaltung: 1
TOP Ö 3 Antrag der SPD-Fraktion: Sanierung des Sportplatzes an der Schulstraße
Vorlage: A/0017/2024
Der Antrag wird von der SPD-Fraktion zurückgezogen.
TOP Ö 4 Bericht der Verwaltung
Der Bürgermeister berichtet über den Stand der Baumaßnahmen.
TOP N 5 Grundstücksangelegenheiten
Vorlage: BV/0130/2024
Beschluss:
Der Verkauf wird beschlossen.
Abstimmungsergebnis: einstimmig
"""


def test_allris_minutes() -> None:
    a = agenda(ALLRIS_MINUTES)
    assert list(a) == ["1", "2", "3", "4", "5"]
    assert a["2"].title == 'Bebauungsplan Nr. 45 "Am Mühlenweg" - Aufstellungsbeschluss'
    assert a["2"].papers == ["BV/0123/2024"]
    assert a["2"].result == "beschlossen"
    assert votes(a["2"]) == [("counts", None, 7, 2, 1)]
    assert (
        a["2"].resolution_text
        == "Der Bauausschuss beschließt die Aufstellung des Bebauungsplanes Nr. 45."
    )
    assert a["3"].title == "Antrag der SPD-Fraktion: Sanierung des Sportplatzes an der Schulstraße"
    assert a["3"].result == "zurückgezogen" and a["3"].votes == []
    assert a["4"].result == "zur Kenntnis genommen"
    assert a["1"].result is None
    assert (a["4"].public, a["5"].public) == (True, False)
    assert a["5"].papers == ["BV/0130/2024"] and a["5"].result == "beschlossen"
    assert votes(a["5"]) == [("einstimmig", None, None, None, None)]


SESSIONNET_INVITATION = """Sitzung - 4. Sitzung des Hauptausschusses
Tagesordnung
TOP\tBetreff\tVorlage
Öffentlicher Teil
Ö 1\tEröffnung der Sitzung\t
Ö 2\tHaushaltssatzung 2025
Federführung: Kämmerei\tVO/2024/0311
Ö 3\tAnfragen
Ö 3.1\tAnfrage zur Straßenbeleuchtung im Ortsteil Süd
Einreicher: Fraktion FREIE WÄHLER\tAF/0012/2024
Nichtöffentlicher Teil
N 4\tVertragsangelegenheiten\tVO/2024/0320

Impressum · Datenschutz
"""


def test_sessionnet_invitation_table() -> None:
    a = agenda(SESSIONNET_INVITATION, "Einladung")
    assert list(a) == ["1", "2", "3", "3.1", "4"]
    assert a["2"].title == "Haushaltssatzung 2025" and a["2"].papers == ["VO/2024/0311"]
    assert a["3.1"].title == "Anfrage zur Straßenbeleuchtung im Ortsteil Süd"
    assert a["3.1"].papers == ["AF/0012/2024"]
    assert a["4"].public is False and a["4"].papers == ["VO/2024/0320"]
    assert a["4"].title == "Vertragsangelegenheiten"
    assert all(x.result is None and not x.votes for x in a.values())


WORD_MINUTES = """Gemeinde Kleinhausen
Protokoll der Sitzung des Gemeinderates vom 14.05.2024
Beginn: 19:00 Uhr, Ende: 21:10 Uhr

Tagesordnung:
1. Begrüßung und Feststellung der Beschlussfähigkeit
2. Genehmigung des Protokolls vom 09.04.2024
3. Neubau Feuerwehrgerätehaus – Vergabe der
Rohbauarbeiten
4. Satzung über die Erhebung von Hundesteuer
5. Wahl des stellvertretenden Wehrführers
6. Verschiedenes

Zu TOP 1: Begrüßung und Feststellung der Beschlussfähigkeit
Die Bürgermeisterin begrüßt die Gemeindevertreter. Die Beschlussfähigkeit ist gegeben.

Zu TOP 2: Genehmigung des Protokolls vom 09.04.2024
Das Protokoll wird ohne Änderungen genehmigt.
Beschluss: einstimmig

Zu TOP 3: Neubau Feuerwehrgerätehaus – Vergabe der Rohbauarbeiten
Die Gemeindevertretung beschließt, den Auftrag an die Firma Bau GmbH zu vergeben.
Abstimmung: 9 dafür, 0 dagegen, 1 Enthaltung

Zu TOP 4: Satzung über die Erhebung von Hundesteuer
Herr Klein beantragt, den Steuersatz für den ersten Hund auf 60 Euro festzusetzen.
Der Änderungsantrag wird mit 4 Ja-Stimmen und 6 Nein-Stimmen abgelehnt.
Die Satzung wird in der Fassung der Vorlage mit Stimmenmehrheit beschlossen.

Zu TOP 5: Wahl des stellvertretenden Wehrführers
Herr Paul Berg wird einstimmig zum stellvertretenden Wehrführer gewählt.

Zu TOP 6: Verschiedenes
Es liegen keine Wortmeldungen vor.
"""


def test_word_template_minutes() -> None:
    a = agenda(WORD_MINUTES)
    assert list(a) == ["1", "2", "3", "4", "5", "6"]
    assert a["3"].title == "Neubau Feuerwehrgerätehaus – Vergabe der Rohbauarbeiten"
    assert a["1"].result is None and a["1"].votes == []
    assert a["2"].result == "beschlossen" and votes(a["2"]) == [
        ("einstimmig", None, None, None, None)
    ]
    assert a["3"].result == "beschlossen" and votes(a["3"]) == [("counts", None, 9, 0, 1)]
    assert a["4"].result == "beschlossen"
    assert votes(a["4"]) == [
        ("counts", "Änderungsantrag", 4, 6, None),
        ("mehrheitlich", None, None, None, None),
    ]
    assert a["5"].result == "gewählt"
    assert a["6"].result is None


SOMACOS_MINUTES = """Niederschrift
über die öffentliche Sitzung des Ortschaftsrates Nordheim
Sitzungstermin: Dienstag, 05.03.2024, 19:00 Uhr
Tagesordnung
Öffentlicher Teil
1\tEröffnung der Sitzung
2\tFeststellung der Tagesordnung
3\tVerkehrsberuhigung Lindenstraße\tDS 2024/0042
3.1\tPrüfung einer Tempo-30-Zone
3.2\tAufstellung von Blumenkübeln
4\tMitteilungen

zu 1\tEröffnung der Sitzung
Der Ortsvorsteher eröffnet die Sitzung.
zu 2\tFeststellung der Tagesordnung
Der Ortsvorsteher beantragt, die Tagesordnung um den TOP 4.1 „Winterdienst“ zu erweitern.
Die geänderte Tagesordnung wird einstimmig bestätigt.
zu 3\tVerkehrsberuhigung Lindenstraße
zu 3.1\tPrüfung einer Tempo-30-Zone
Die Angelegenheit wird in den Ausschuss für Verkehr verwiesen.
zu 3.2\tAufstellung von Blumenkübeln
Der Ortschaftsrat vertagt die Angelegenheit. Die Beratung wird in die nächste Sitzung vertagt.
zu 4\tMitteilungen
Keine.
zu 4.1\tWinterdienst
Herr Roth informiert über den Winterdienst.
"""


def test_somacos_minutes() -> None:
    a = agenda(SOMACOS_MINUTES)
    assert list(a) == ["1", "2", "3", "3.1", "3.2", "4", "4.1"]
    assert a["3"].papers == ["2024/0042"] and a["3"].result is None
    assert a["2"].result == "beschlossen"
    assert votes(a["2"]) == [("einstimmig", None, None, None, None)]
    assert a["3.1"].result == "verwiesen"
    assert a["3.2"].result == "vertagt"
    assert a["4"].result is None
    assert a["4.1"].added_in_meeting and a["4.1"].result == "zur Kenntnis genommen"
    assert not any(x.added_in_meeting for n, x in a.items() if n != "4.1")


def test_invitation_and_minutes_comparison() -> None:
    inv = agenda(SESSIONNET_INVITATION, "Einladung")
    minutes = agenda(
        SESSIONNET_INVITATION.replace(
            "Ö 3.1\t", "Ö 3.2\tDringende Reparatur am Bauhof\nÖ 3.1\t", 1
        ),
        "Einladung",
    )
    mark_added(list(inv.values()), list(minutes.values()))
    assert [n for n, x in minutes.items() if x.added_in_meeting] == ["3.2"]


# --- the sample corpus and our own examples ---------------------------------------------


@cache
def _meetings(path: str) -> list:
    x = extract_file(read_path(path))
    return [d for d in x.documents if d.meeting is not None]


def test_potsdam_minutes() -> None:
    docs = _meetings(str(CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"))
    minutes = next(d.meeting for d in docs if d.kind == "Niederschrift")
    a = {x.number: x for x in minutes.agenda_items}
    assert list(a) == [
        "1",
        "2",
        "3",
        "3.1",
        "3.2",
        "3.3",
        "4",
        "4.1",
        "4.2",
        "5",
        "6",
        "6.1",
        "7",
        "8",
        "9",
    ]
    assert a["3.1"].title == "Transparenz der Tätigkeit von Beiräten"
    assert a["6.1"].title == (
        "Berichterstattung zur Modernisierung der Verwaltung, hier: Umsetzung des Onlinezugangsgesetzes"
    )
    assert [a[n].papers for n in ("3.1", "3.2", "3.3", "6.1", "4.1")] == [
        ["22/SVV/0792"],
        ["22/SVV/1084"],
        ["22/SVV/1134"],
        ["22/SVV/1207"],
        [],
    ]
    assert votes(a["2"]) == [
        ("einstimmig", "Tagesordnung", None, None, None),
        ("einstimmig", "Rederecht", None, None, None),
        ("mehrheitlich", "Niederschrift vom 22.11.2022", None, None, 2),
    ]
    results = {n: x.result for n, x in a.items()}
    assert results == {
        "1": None, "2": "beschlossen", "3": None, "3.1": "erledigt", "3.2": "erledigt",
        "3.3": "geändert beschlossen", "4": None, "4.1": "zur Kenntnis genommen",
        "4.2": "zur Kenntnis genommen", "5": None, "6": None, "6.1": "zur Kenntnis genommen",
        "7": None, "8": None, "9": "zur Kenntnis genommen",
    }  # fmt: skip
    assert votes(a["3.2"]) == [("mehrheitlich", None, None, None, None)]
    assert [n for n, x in a.items() if x.added_in_meeting] == ["9"]
    assert a["3.3"].resolution_text and a["3.3"].resolution_text.startswith(
        "Die Stadtverordnetenversammlung möge beschließen"
    )


def test_potsdam_invitation_titles_without_originators() -> None:
    docs = _meetings(str(CORPUS / "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"))
    inv = next(d.meeting for d in docs if d.kind == "Einladung")
    a = {x.number: x for x in inv.agenda_items}
    assert len(a) == 14 and "9" not in a
    assert a["3.2"].title == "Konzept Stadtteildialoge umsetzen und weiterentwickeln"
    assert a["3.2"].papers == ["22/SVV/1084"]
    assert a["6.1"].papers == ["22/SVV/1207"]
    assert "Oberbürgermeister" not in (a["6.1"].title or "")


def test_musterstadt_minutes() -> None:
    docs = _meetings(str(EXAMPLES / "niederschrift_umwelt_2025-03-12.pdf"))
    a = {(x.public, x.number): x for x in docs[0].meeting.agenda_items}
    o = {n: x for (p, n), x in a.items() if p}
    assert votes(o["2"]) == [("einstimmig", None, None, None, None)]
    assert votes(o["3"]) == [("counts", None, 8, None, 1)]
    assert (o["5.1"].result, votes(o["5.1"])) == ("beschlossen", [("counts", None, 7, 2, 1)])
    assert (o["5.2"].result, votes(o["5.2"])) == (
        "abgelehnt",
        [("mehrheitlich", None, None, None, None)],
    )
    assert o["6.1"].result == "geändert beschlossen"
    assert votes(o["6.1"]) == [
        ("counts", "Änderungsantrag der CDU-Fraktion", 3, 7, None),
        ("einstimmig", "Änderungsantrag von Frau Sternberg", None, None, None),
        ("einstimmig", None, None, None, 1),
    ]
    assert (o["6.2"].result, votes(o["6.2"])) == (
        "beschlossen",
        [("einstimmig", None, None, None, None)],
    )
    assert (o["6.3"].result, votes(o["6.3"])) == (
        "vertagt",
        [("counts", "Vertagungsantrag", 6, 3, 0)],
    )
    assert o["7.1"].result == o["7.2"].result == "zur Kenntnis genommen"
    assert [n for n, x in o.items() if x.added_in_meeting] == ["7.2"]
    assert o["6.1"].title == (
        "Satzung zum Schutz des Baumbestandes in der Stadt Musterstadt (Baumschutzsatzung) – Neufassung"
    )
    assert (False, "10") in a and a[(False, "10")].papers == ["VO/2025/0104"]
    assert o["8"].title == "Anfragen und Anregungen der Ausschussmitglieder"


def test_musterstadt_invitation() -> None:
    docs = _meetings(str(EXAMPLES / "einladung_umwelt_2025-03-12.html"))
    items = docs[0].meeting.agenda_items
    assert [x.number for x in items] == [
        "1", "2", "3", "4", "5", "5.1", "5.2", "6", "6.1", "6.2", "6.3", "7", "7.1", "8", "9", "10", "11", "12"
    ]  # fmt: skip
    a = {x.number: x for x in items}
    assert a["5.1"].papers == ["A-0042/25"] and a["7.1"].papers == ["VO/2025/0089"]
    assert a["5.2"].title == (
        "Kurzzeitparken in der Innenstadt: Einführung einer „Brötchentaste“ an den Parkscheinautomaten"
    )
    assert a["12"].title == "Anfragen und Mitteilungen" and a["12"].public is False


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Tagesordnung:",
                "zu 1 Eröffnung",
                "1 Eröffnung",
                "3.1 Antrag",
                "Ö 2\tTitel\tVO/2024/0001",
                "Vorlage: 22/SVV/0001",
                "einstimmig beschlossen",
                "Beschluss:",
                "Ja Nein Enthaltung",
                "6 3 0",
                "Öffentlicher Teil",
                "Seite 1 von 2",
                "",
                "Die Tagesordnung wird um TOP 9 ergänzt.",
                "\f",
                "zu TOP N 3 x",
                "Fraktion X",
                "Abstimmungsergebnis: Ja: 1",
            ]
        ),
        max_size=40,
    ).map("\n".join),
    st.sampled_from(["Einladung", "Niederschrift"]),
)
def test_never_crashes(text: str, kind: str) -> None:
    agenda(text, kind)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    agenda(text, "Niederschrift")


# Minutes without an agenda list (NRW SessionNet/Somacos Word template): numbered headings,
# each followed by its text and a labelled vote result. Invented text.
_NO_LIST = """Niederschrift
über die 3. Sitzung des Bauausschusses
am 22. November 2012

Öffentliche Sitzung

{n1} Bebauungsplan Nr. 7 Am Mühlbach
Vorlage: 2012/117

Der Ausschuss beschließt die Offenlage des Planentwurfs.

{vote}

{n2} Anfragen

Es liegen keine Anfragen vor.
"""


@pytest.mark.parametrize(
    ("vote", "result", "expected"),
    [
        ("Abstimmungsergebnis: einstimmig", "beschlossen", ("einstimmig", None, None, None)),
        (
            "Abstimmung: einstimmig bei 2 Enthaltungen",
            "beschlossen",
            ("einstimmig", None, None, 2),
        ),
        (
            "Abstimmungsergebnis: 11 Ja-Stimmen, 1 Nein-Stimme, 0 Enthaltungen",
            "beschlossen",
            ("counts", 11, 1, 0),
        ),
        (
            "Ergebnis: 3 Ja-Stimmen, 8 Nein-Stimmen, 1 Enthaltung",
            "abgelehnt",
            ("counts", 3, 8, 1),
        ),
        ("Beschluss: einstimmig", "beschlossen", ("einstimmig", None, None, None)),
        ("Ja: 7 Nein: 2 Enthaltung: 1", "beschlossen", ("counts", 7, 2, 1)),
        ("Abstimmungsergebnis: mehrheitlich", "beschlossen", ("mehrheitlich", None, None, None)),
        ("Ergebnis: einstimmig abgelehnt", "abgelehnt", ("einstimmig", None, None, None)),
        (
            "Abstimmungsergebnis:\n1 Ja-Stimme, 10 Nein-Stimmen, 0 Enthaltungen",
            "abgelehnt",
            ("counts", 1, 10, 0),
        ),
        ("Abstimmung: Ja: 5 Nein: 6 Enthaltung: 0", "abgelehnt", ("counts", 5, 6, 0)),
    ],
)
@pytest.mark.parametrize(("n1", "n2"), [("TOP 4.", "TOP 5."), ("1.", "2."), ("Ö 3", "Ö 4")])
def test_minutes_without_list_read_headings_as_sections(
    vote: str, result: str, expected: tuple, n1: str, n2: str
) -> None:
    text = _NO_LIST.format(n1=n1, n2=n2, vote=vote)
    items = list(agenda(text).values())
    assert [a.title for a in items] == ["Bebauungsplan Nr. 7 Am Mühlbach", "Anfragen"]
    first, second = items
    assert first.papers == ["2012/117"]
    assert first.public is True
    assert first.result == result
    assert [(v.kind, v.yes, v.no, v.abstain) for v in first.votes] == [expected]
    assert (second.result, second.votes) == (None, [])
    assert not any(a.added_in_meeting for a in items)


def test_minutes_without_list_with_labelled_blocks() -> None:
    text = """Niederschrift
über die 4. Sitzung des Rates

TOP 1 Neufassung der Friedhofssatzung

Sachverhalt:
Die Satzung ist an das neue Bestattungsgesetz anzupassen.

Beschluss:
Der Rat beschließt die Neufassung der Friedhofssatzung.

Abstimmungsergebnis:
Ja: 14 Nein: 2 Enthaltung: 1

TOP 2 Antrag auf Errichtung einer Hundewiese

Beschluss: Der Antrag wird abgelehnt.

Abstimmung: mehrheitlich
"""
    a = agenda(text)
    assert a["1"].title == "Neufassung der Friedhofssatzung"
    assert a["1"].result == "beschlossen"
    assert votes(a["1"]) == [("counts", None, 14, 2, 1)]
    assert a["1"].resolution_text == "Der Rat beschließt die Neufassung der Friedhofssatzung."
    assert a["2"].title == "Antrag auf Errichtung einer Hundewiese"
    assert a["2"].result == "abgelehnt"
    assert votes(a["2"]) == [("mehrheitlich", None, None, None, None)]


def test_invitation_list_without_heading_stays_a_list() -> None:
    # An invitation's bare list: no text between the headings, nothing read as a section.
    text = "Einladung\n\nTOP 1 Eröffnung\nTOP 2 Haushalt 2013\nTOP 3 Verschiedenes\n"
    a = agenda(text, "Einladung")
    assert [(x.number, x.title, x.result, x.votes) for x in a.values()] == [
        ("1", "Eröffnung", None, []),
        ("2", "Haushalt 2013", None, []),
        ("3", "Verschiedenes", None, []),
    ]
