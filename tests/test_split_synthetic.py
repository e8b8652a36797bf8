"""Split and classify documents in RIS layouts the corpus does not have.

The texts are written after the conventions of ALLRIS, SessionNet, Somacos and Word
templates of small municipalities (invented places and people), and go through the
real reader.
"""

from __future__ import annotations

from ratsinfo.extract import extract_file
from ratsinfo.extract.records import FileExtraction
from ratsinfo.read import read_bytes
from ratsinfo.split import split_documents

ALLRIS_VORLAGE = """\
Stadt Musterhausen
Vorlage - VO/4680/2016

Betreff:\tBebauungsplan Nr. 12 "Am Mühlenteich" - Aufstellungs-
\tbeschluss
Status:\töffentlich\tVorlage-Art:\tBeschlussvorlage
Federführend:\tFachbereich Stadtentwicklung\tBearbeiter/-in:\tMüller, Hans
Datum:\t14.03.2016

Beratungsfolge:
Gremium\tDatum\tSitzung\tZuständigkeit
Bau- und Umweltausschuss\t05.04.2016\töffentlich\tVorberatung
Haupt- und Finanzausschuss\t12.04.2016\tnicht öffentlich\tVorberatung
Rat der Stadt Musterhausen\t21.04.2016\töffentlich\tEntscheidung

Beschlussvorschlag:
Der Rat der Stadt Musterhausen beschließt die Aufstellung des Bebauungsplanes Nr. 12 \
"Am Mühlenteich" gemäß § 2 Abs. 1 BauGB.

Sachverhalt:
Der Bauausschuss hat am 12.01.2016 die Verwaltung beauftragt (vgl. Vorlage VO/4101/2015), \
einen Bebauungsplan für das Gebiet am Mühlenteich vorzubereiten. Das Plangebiet umfasst \
rund 4 ha. Die Erschließung erfolgt über die Mühlenstraße.

Anlagen:
Anlage 1: Übersichtsplan
Anlage 2: Geltungsbereich
"""

SESSIONNET_EINLADUNG = """\
Gemeinde Musterdorf
Der Bürgermeister

Musterdorf, 02.03.2024

Einladung
zur 12. öffentlichen Sitzung des Bau- und Umweltausschusses

Sitzungstermin:\tDonnerstag, 14.03.2024, 18:30 Uhr
Raum, Ort:\tSitzungssaal, Rathaus, Marktplatz 1, 12345 Musterdorf

Tagesordnung

Öffentlicher Teil
Ö 1\tEröffnung und Begrüßung
Ö 2\tFeststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit
Ö 3\tBebauungsplan Nr. 12 "Am Mühlenteich", Aufstellungsbeschluss\tVO/2024/017
Ö 4\tAntrag der Fraktion Bürger für Musterdorf zur Verkehrsberuhigung\tAN/2024/003
Ö 5\tMitteilungen und Anfragen

Nichtöffentlicher Teil
N 6\tGrundstücksangelegenheiten

gez. Max Mustermann
Bürgermeister
"""

SOMACOS_NIEDERSCHRIFT = """\
Gemeinde Musterdorf

Niederschrift
über die 7. öffentliche Sitzung des Gemeinderates Musterdorf am 21.02.2024

Sitzungsort: Bürgerhaus Musterdorf, Großer Saal
Beginn: 19:00 Uhr Ende: 21:15 Uhr

Anwesend:
Vorsitz
Bürgermeister Max Mustermann
Gemeinderäte
Anna Beispiel
Bernd Muster

Abwesend:
Dieter Test (entschuldigt)

Tagesordnung:
1. Eröffnung und Feststellung der Beschlussfähigkeit
2. Haushaltssatzung 2024
3. Verschiedenes

TOP 1 Eröffnung und Feststellung der Beschlussfähigkeit
Der Bürgermeister eröffnet die Sitzung um 19:00 Uhr und stellt die ordnungsgemäße Ladung \
sowie die Beschlussfähigkeit fest.

TOP 2 Haushaltssatzung 2024
Vorlage: 117/2024
Der Kämmerer erläutert den Entwurf der Haushaltssatzung. Nach kurzer Aussprache wird abgestimmt.
Beschluss: Der Gemeinderat beschließt die Haushaltssatzung 2024 in der vorliegenden Fassung.
Abstimmungsergebnis: 11 Ja, 2 Nein, 1 Enthaltung

TOP 3 Verschiedenes
Es liegen keine Wortmeldungen vor. Der Bürgermeister schließt die Sitzung um 21:15 Uhr.

gez. Mustermann
Vorsitzender

gez. Schulze
Schriftführerin
"""

# Anfrage, answer (after a form feed) and an Änderungsantrag glued on without any break.
CONCATENATED = """\
Landeshauptstadt Musterstadt
Der Oberbürgermeister

Anfrage
Drucksache Nr.: 2024/0884
öffentlich

Fragesteller: Fraktion Bündnis 90/Die Grünen
Datum: 03.04.2024

Betreff:
Zustand der Radwege an
der Uferpromenade

Beratungsfolge:
Datum\tGremium\tZuständigkeit
24.04.2024\tStadtrat\tKenntnisnahme

Fragen:
1. Wie viele Kilometer Radweg entlang der Uferpromenade sind sanierungsbedürftig und wann \
ist mit einer Sanierung zu rechnen?
2. Welche Mittel sind im Haushalt 2023/24 dafür eingestellt?
\f
Landeshauptstadt Musterstadt
Der Oberbürgermeister

Stellungnahme der Verwaltung
zur Anfrage 2024/0884
Drucksache Nr.: 2024/0884/1
öffentlich
Datum: 15.04.2024
Federführend: Tiefbauamt

Betreff:
Zustand der Radwege an der Uferpromenade

Zu Frage 1:
Rund 2,5 Kilometer sind sanierungsbedürftig. Die Sanierung ist für das Jahr 2025 vorgesehen.

Zu Frage 2:
Im Haushalt 2023/24 sind 150.000 Euro eingestellt (Rückfragen unter Tel. 0331/289-1234).

Stadt Musterstadt
Fraktion im Stadtrat

Änderungsantrag
zur Beschlussvorlage BV-0021/14
A-0005/14

Antragsteller: Fraktion SPD und Stadtrat Peter Beispiel (parteilos)
Datum: 02.05.2014
öffentlich

Betreff: Ergänzung des Beschlussvorschlags um eine Kostenobergrenze

Beschlussvorschlag:
Der Beschlussvorschlag wird um folgenden Satz ergänzt: Die Kosten dürfen 200.000 Euro \
nicht überschreiten.

Begründung:
Die Kostenentwicklung der letzten Projekte zeigt, dass eine Obergrenze notwendig ist.
"""

MINUTES_WITH_SLIDES = """\
Protokoll
der 3. Sitzung des Ortsbeirates Nord

Datum: 05.06.2023
Beginn: 18:00 Uhr
Ende: 19:40 Uhr
Ort: Gemeindehaus Nord

Anwesend: Herr Ortsvorsteher Uwe Nord, Frau Petra Süd, Herr Karl West

TOP 1 Begrüßung
Der Ortsvorsteher begrüßt die Anwesenden und stellt die Beschlussfähigkeit fest.

TOP 2 Vorstellung Spielplatzkonzept
Frau Beispiel stellt das Konzept anhand einer Präsentation vor (siehe Anlage).

TOP 3 Verschiedenes
Keine Wortmeldungen. Die Sitzung endet um 19:40 Uhr.

Vorsitz: Uwe Nord
Protokoll: Petra Süd

Spielplatzkonzept Nord 2023



Ausgangslage
- 12 Spielplätze im Ortsteil
- 4 davon sanierungsbedürftig
- Budget 2023: 80.000 Euro

Maßnahmen
- Sanierung Spielplatz Lindenweg
- Neubau Wasserspielplatz am Park
- Beteiligung der Kinder im Juli

Zeitplan
- Juli 2023: Beteiligung
- Herbst 2023: Planung
- Frühjahr 2024: Bau

Vielen Dank für Ihre Aufmerksamkeit!

Radverkehr im Ortsteil Nord
Sachstand Juni 2023



Bestand
- 14 km Radwege, davon 6 km straßenbegleitend
- 3 Lückenschlüsse geplant

Nächste Schritte
- Markierung Hauptstraße
- Fahrradbügel am Bahnhof und an der Schule
"""

PRESS_RELEASE = """\
Pressemitteilung Nr. 117

Musterstadt, 12.03.2024

Neue Fahrradstraßen in der Innenstadt freigegeben

Oberbürgermeisterin Erika Beispiel hat am Dienstag die ersten beiden Fahrradstraßen der \
Innenstadt freigegeben. „Wir machen das Radfahren in Musterstadt sicherer und bequemer“, \
sagte Beispiel bei der Eröffnung.

Die Stadt Musterstadt investiert in diesem Jahr rund 1,2 Millionen Euro in den Radverkehr.

Pressestelle der Stadt Musterstadt
"""


def _extract(text: str) -> FileExtraction:
    return extract_file(read_bytes(text.encode("utf-8")))


def _docs(text: str) -> list[tuple[str, str | None]]:
    return [(d.kind, d.reference or d.title) for d in _extract(text).documents]


def test_allris_beschlussvorlage_is_one_paper() -> None:
    ex = _extract(ALLRIS_VORLAGE)
    assert [(d.kind, d.reference) for d in ex.documents] == [("Beschlussvorlage", "VO/4680/2016")]
    assert ex.body == "Stadt Musterhausen"


def test_sessionnet_invitation_is_an_einladung_with_title() -> None:
    assert _docs(SESSIONNET_EINLADUNG) == [
        ("Einladung", "12. öffentlichen Sitzung des Bau- und Umweltausschusses")
    ]


def test_somacos_minutes_with_begin_end_line() -> None:
    assert _docs(SOMACOS_NIEDERSCHRIFT) == [
        ("Niederschrift", "7. öffentliche Sitzung des Gemeinderates Musterdorf am 21.02.2024")
    ]


def test_concatenated_papers_split_by_header_with_and_without_page_break() -> None:
    assert _docs(CONCATENATED) == [
        ("Anfrage", "2024/0884"),
        ("Stellungnahme", "2024/0884/1"),
        ("Änderungsantrag", "A-0005/14"),
    ]


def test_invitation_followed_by_vorlage_and_minutes() -> None:
    text = SESSIONNET_EINLADUNG + "\f" + ALLRIS_VORLAGE + "\n\n\n\n" + SOMACOS_NIEDERSCHRIFT
    assert [k for k, _ in _docs(text)] == ["Einladung", "Beschlussvorlage", "Niederschrift"]


def test_presentations_after_minutes_and_after_closing_slide() -> None:
    assert _docs(MINUTES_WITH_SLIDES) == [
        ("Niederschrift", "3. Sitzung des Ortsbeirates Nord"),
        ("Präsentation", "Spielplatzkonzept Nord 2023"),
        ("Präsentation", "Radverkehr im Ortsteil Nord"),
    ]


def test_press_release() -> None:
    ex = _extract(PRESS_RELEASE)
    assert [(d.kind, d.title) for d in ex.documents] == [
        ("Pressemitteilung", "Neue Fahrradstraßen in der Innenstadt freigegeben")
    ]
    assert ex.body == "Stadt Musterstadt"


def test_press_releases_back_to_back() -> None:
    second = PRESS_RELEASE.replace("117", "118").replace(
        "Neue Fahrradstraßen in der Innenstadt freigegeben",
        "Stadtbibliothek verlängert Öffnungszeiten",
    )
    assert [t for _, t in _docs(PRESS_RELEASE + "\n" + second)] == [
        "Neue Fahrradstraßen in der Innenstadt freigegeben",
        "Stadtbibliothek verlängert Öffnungszeiten",
    ]


def test_citation_in_agenda_or_minutes_does_not_open_a_document() -> None:
    # "Vorlage: 117/2024" under "TOP 2", the agenda rows with numbers, the annex list.
    for text in (SOMACOS_NIEDERSCHRIFT, SESSIONNET_EINLADUNG, ALLRIS_VORLAGE):
        assert len(split_documents(read_bytes(text.encode("utf-8")))) == 1


def test_annex_heading_keeps_a_copied_header_inside() -> None:
    copied = (
        "Antrag\nDrucksache Nr.: 2015/0412\nöffentlich\n"
        "Betreff: Mühlenteich\nEinreicher: Fraktion XY\n\nBegründung:\nfrüherer Antrag.\n"
    )
    annexed = ALLRIS_VORLAGE + "\f\nAnlage 3\n\n" + copied
    assert [k for k, _ in _docs(annexed)] == ["Beschlussvorlage"]
    # The same header after a page break but without the annex heading is a new paper.
    assert _docs(ALLRIS_VORLAGE + "\f\nStadt Musterhausen\n\n" + copied) == [
        ("Beschlussvorlage", "VO/4680/2016"),
        ("Antrag", "2015/0412"),
    ]


NUMBERLESS_ANTRAG = """\
Fraktion Bürger für Musterhausen
im Rat der Stadt Musterhausen

Antrag

Betreff: Kostenlose Nutzung der Stadtbibliothek für Schüler
Antragsteller: Fraktion Bürger für Musterhausen
Datum: 04.04.2016

Der Rat möge beschließen:
Die Nutzung der Stadtbibliothek ist für Schülerinnen und Schüler kostenlos.
"""

BLANK_STATEMENT_FORM = """\
Stadt Musterhausen
Der Bürgermeister

Stellungnahme der Verwaltung
Drucksache Nr.:
Titel des Antrages:
Betreff:
Datum:
Federführend:

1. Rechtliche Einschätzung
2. Berücksichtigung im Haushaltsplan
"""


def test_numberless_antrag_after_a_page_break_is_a_document() -> None:
    assert [k for k, _ in _docs(ALLRIS_VORLAGE + "\f" + NUMBERLESS_ANTRAG)] == [
        "Beschlussvorlage",
        "Antrag",
    ]


def test_blank_statement_form_on_the_back_page_stays_with_its_antrag() -> None:
    assert [k for k, _ in _docs(NUMBERLESS_ANTRAG + "\f" + BLANK_STATEMENT_FORM)] == ["Antrag"]


def test_letter_invitation_and_allris_drucksache_title() -> None:
    letter = (
        "Gemeinde Musterdorf\nDer Bürgermeister\n\nMusterdorf, 02.03.2024\n\n"
        "Einladung zur 12. Sitzung des Bauausschusses\n\nSehr geehrte Damen und Herren,\n"
        "hiermit lade ich Sie zur 12. Sitzung des Bauausschusses am Donnerstag, dem "
        "14.03.2024, um 18:00 Uhr in den Sitzungssaal des Rathauses ein.\n\n"
        "Tagesordnung:\n1. Eröffnung\n2. Antrag der Fraktion XY\n"
    )
    drucksache = (
        "Drucksache - 0815/2016\n\nBetreff: Neubau einer Kita\nStatus: öffentlich\n"
        "Drucksachenart: Mitteilungsvorlage\nDatum: 03.05.2016\n\nSachverhalt:\nText.\n"
    )
    ex = _extract(letter + "\f" + drucksache)
    assert [(d.kind, d.reference or d.title) for d in ex.documents] == [
        ("Einladung", "12. Sitzung des Bauausschusses"),
        ("Mitteilungsvorlage", "0815/2016"),
    ]
    meeting = ex.documents[0].meeting
    assert meeting is not None
    assert (meeting.organization, meeting.number, meeting.start) == (
        "Bauausschuss",
        12,
        "2024-03-14T18:00",
    )


def test_running_page_headers_of_minutes_do_not_open_documents() -> None:
    header = "Niederschrift über die 7. öffentliche Sitzung des Gemeinderates Musterdorf am 21.02.2024 – Seite {} –\n\n"
    pages = SOMACOS_NIEDERSCHRIFT.split("TOP 2 ")
    text = pages[0] + "\f" + header.format(2) + "TOP 2 " + pages[1]
    text = text.replace("TOP 3 ", "\f" + header.format(3) + "TOP 3 ")
    assert [k for k, _ in _docs(text)] == ["Niederschrift"]
    # The invitation of the same meeting, followed by its minutes, stays two documents.
    invitation = (
        "Einladung\nzur 7. öffentlichen Sitzung des Gemeinderates Musterdorf am 21.02.2024\n\n"
        "Sitzungstermin: Mittwoch, 21.02.2024, 19:00 Uhr\nSitzungsort: Bürgerhaus\n\n"
        "Tagesordnung\n1. Eröffnung\n2. Haushaltssatzung 2024\n3. Verschiedenes\n"
    )
    assert [k for k, _ in _docs(invitation + "\f" + text)] == ["Einladung", "Niederschrift"]
