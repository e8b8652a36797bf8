"""Regenerate the binary example documents of the fictitious Stadt Musterstadt.

Writes into examples/musterstadt/:
- antrag_VO-2025-0117_baumschutz.docx: a Beschlussvorlage in the style of a small
  municipality's Word template (python-docx).
- niederschrift_umwelt_2025-03-12.pdf: the minutes of the committee meeting of 12.03.2025
  in the layout of an RIS-generated Niederschrift (fpdf2, Unicode TTF font).

All dates and metadata are fixed, so repeated runs give identical bytes with the same
library versions and font file. Run: .venv/bin/python scripts/make_examples.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from fpdf import FPDF
from fpdf.enums import XPos, YPos

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "examples" / "musterstadt"

DOCX_NAME = "antrag_VO-2025-0117_baumschutz.docx"
PDF_NAME = "niederschrift_umwelt_2025-03-12.pdf"

# Fixed timestamps: the day each document was "written", so output does not depend on today.
DOCX_DATE = dt.datetime(2025, 2, 10, 9, 30, tzinfo=dt.UTC)
PDF_DATE = dt.datetime(2025, 3, 19, 14, 0, tzinfo=dt.UTC)

# DejaVu ships with most Linux systems (Debian: fonts-dejavu-core); it covers all umlauts,
# the en dash and typographic quotes used below.
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


# --------------------------------------------------------------------------------------------
# Beschlussvorlage VO/2025/0117 (Word)
# --------------------------------------------------------------------------------------------

VORLAGE_NR = "VO/2025/0117"
VORLAGE_BETREFF = (
    "Satzung zum Schutz des Baumbestandes in der Stadt Musterstadt (Baumschutzsatzung) – Neufassung"
)
VORLAGE_KOPF = [
    ("Vorlagenart:", "Beschlussvorlage"),
    ("Drucksache-Nr.:", VORLAGE_NR),
    ("Status:", "öffentlich"),
    ("Datum:", "10.02.2025"),
    ("Federführung:", "Fachbereich 3 – Umwelt und Grünflächen"),
    ("Beteiligt:", "Fachbereich 1 – Zentrale Dienste, Finanzen und Ordnung"),
    ("Bearbeiter/in:", "Frau Haberland, Telefon 01234 567-301"),
    ("Bezug:", "Antrag A-0019/24 der SPD-Fraktion, Beschluss des Stadtrates vom 14.11.2024"),
]
VORLAGE_BERATUNGSFOLGE = [
    ("12.03.2025", "Ausschuss für Umwelt und Mobilität", "Vorberatung", "Ö"),
    ("19.03.2025", "Hauptausschuss", "Vorberatung", "Ö"),
    ("27.03.2025", "Stadtrat der Stadt Musterstadt", "Entscheidung", "Ö"),
]
VORLAGE_BESCHLUSS = [
    "Der Stadtrat beschließt:",
    "1. Die Satzung zum Schutz des Baumbestandes in der Stadt Musterstadt (Baumschutzsatzung) "
    "wird in der als Anlage 1 beigefügten Fassung beschlossen. Sie tritt am Tag nach ihrer "
    "öffentlichen Bekanntmachung in Kraft; zugleich tritt die Baumschutzsatzung vom 03.06.2009 "
    "außer Kraft.",
    "2. Die Verwaltung legt dem Ausschuss für Umwelt und Mobilität bis zum 30.06.2026 einen "
    "Erfahrungsbericht vor. Er enthält insbesondere die Zahl der Fällanträge und Genehmigungen, "
    "die angeordneten Ersatzpflanzungen und die Höhe der vereinnahmten Ausgleichszahlungen.",
    "3. Die Einnahmen aus Ausgleichszahlungen werden zweckgebunden für Baumpflanzungen im "
    "Stadtgebiet verwendet.",
]
VORLAGE_SACHVERHALT: list[tuple[str, list[str]]] = [
    (
        "1. Anlass",
        [
            "Die geltende Baumschutzsatzung stammt aus dem Jahr 2009. Seitdem haben mehrere "
            "trockene Sommer und Sturmereignisse den Baumbestand deutlich verringert: Nach dem "
            "Baumkataster hat die Stadt zwischen 2018 und 2024 rund 1.150 Straßen- und Parkbäume "
            "verloren, von denen bisher nur etwa 700 nachgepflanzt werden konnten. Auf privaten "
            "Grundstücken fehlen vergleichbare Zahlen, weil die alte Satzung viele Bäume gar nicht "
            "erfasst.",
            "Der Stadtrat hat die Verwaltung am 14.11.2024 auf Antrag der SPD-Fraktion "
            "(Drucksache A-0019/24) beauftragt, eine überarbeitete Satzung vorzulegen. Der "
            "Entwurf in Anlage 1 setzt diesen Auftrag um.",
        ],
    ),
    (
        "2. Wesentliche Änderungen gegenüber der Satzung von 2009",
        [
            "• Geschützt sind künftig Laubbäume ab einem Stammumfang von 60 cm (bisher 80 cm), "
            "gemessen in 1,00 m Höhe über dem Erdboden. Mehrstämmige Bäume sind geschützt, wenn "
            "die Summe der Stammumfänge 90 cm erreicht.",
            "• Obstbäume auf Privatgrundstücken bleiben ausgenommen; Walnuss und Esskastanie "
            "werden wegen ihrer Größe und ökologischen Bedeutung einbezogen.",
            "• Für jeden angefangenen 50 cm Stammumfang des gefällten Baumes ist ein Ersatzbaum "
            "zu pflanzen (Hochstamm, Stammumfang mindestens 16 bis 18 cm).",
            "• Ist eine Ersatzpflanzung auf dem Grundstück nicht möglich, wird eine "
            "Ausgleichszahlung von 850 EUR je Ersatzbaum festgesetzt.",
            "• Über vollständige Anträge entscheidet die Verwaltung innerhalb von sechs Wochen; "
            "danach gilt die Genehmigung als erteilt. Damit wird eine häufige Kritik an der "
            "bisherigen Praxis aufgegriffen.",
        ],
    ),
    (
        "3. Beteiligung",
        [
            "Der Entwurf wurde dem Naturschutzbeirat der Stadt und dem Landkreis Mustertal als "
            "unterer Naturschutzbehörde zugeleitet. Der Naturschutzbeirat begrüßt die Absenkung "
            "des Stammumfangs und regt an, bei Ersatzpflanzungen klimaresiliente Arten "
            "vorzuschreiben (Anlage 3). Der Landkreis hat keine Bedenken erhoben.",
        ],
    ),
    (
        "4. Finanzielle Auswirkungen",
        [
            "Die Verwaltung rechnet mit etwa 120 zusätzlichen Anträgen im Jahr. Für Prüfung und "
            "Kontrolle der Ersatzpflanzungen wird eine halbe Stelle (0,5 VZÄ, Entgeltgruppe 9a "
            "TVöD) benötigt. Dem stehen Verwaltungsgebühren von geschätzt 8.000 EUR im Jahr "
            "gegenüber. Die Ausgleichszahlungen (geschätzt 12.000 EUR im Jahr) sind zweckgebunden "
            "und entlasten den Haushalt daher nicht.",
        ],
    ),
    (
        "5. Auswirkungen auf den Klimaschutz",
        [
            "Positiv. Ältere Bäume speichern Kohlenstoff, spenden Schatten und senken an heißen "
            "Tagen die Umgebungstemperatur spürbar. Ihr Erhalt ist wirksamer als jede "
            "Nachpflanzung, weil ein junger Baum Jahrzehnte braucht, um dieselbe Leistung zu "
            "erbringen.",
        ],
    ),
]
VORLAGE_FINANZEN = [
    ("Haushaltsjahr", "Aufwand", "Ertrag", "Produkt/Sachkonto"),
    ("2025 (ab 07/2025)", "14.500 EUR", "10.000 EUR", "55.40.01 / 501200"),
    ("ab 2026 jährlich", "29.000 EUR", "20.000 EUR", "55.40.01 / 501200"),
]
VORLAGE_ANLAGEN = [
    "Anlage 1: Entwurf der Baumschutzsatzung",
    "Anlage 2: Gegenüberstellung alte und neue Fassung (Synopse)",
    "Anlage 3: Stellungnahme des Naturschutzbeirates vom 21.01.2025",
]


def _add_field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) with a cached result, as Word itself stores it."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run(cached)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _shade(cell: _Cell, fill: str) -> None:
    """Grey background for header cells, like the template's Beratungsfolge table."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _table(
    doc: DocxDocument, rows: Sequence[Sequence[str]], widths: Sequence[float], header: bool = True
) -> Table:
    table = doc.add_table(rows=len(rows), cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Cm(widths[c])
            cell.text = value
            if header and r == 0:
                cell.paragraphs[0].runs[0].bold = True
                _shade(cell, "D9D9D9")
    return table


def build_docx() -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for name in ("Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = "Arial"
        style.font.color.rgb = None
    doc.styles["Heading 1"].font.size = Pt(13)
    doc.styles["Heading 2"].font.size = Pt(11)

    section = doc.sections[0]
    section.page_height = Cm(29.7)
    section.page_width = Cm(21.0)
    section.left_margin = Cm(2.5)
    section.right_margin = Cm(2.0)
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(2.0)

    head = section.header.paragraphs[0]
    head.text = f"Stadt Musterstadt · Beschlussvorlage {VORLAGE_NR}"
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Seite ")
    _add_field(foot, "PAGE", "1")
    foot.add_run(" von ")
    _add_field(foot, "NUMPAGES", "3")

    # Letterhead: two-column borderless table, authority left, paper type right.
    letter = doc.add_table(rows=1, cols=2)
    left, right = letter.rows[0].cells
    left.width, right.width = Cm(9.5), Cm(7.0)
    left.text = "Stadt Musterstadt"
    left.paragraphs[0].runs[0].bold = True
    left.paragraphs[0].runs[0].font.size = Pt(16)
    left.add_paragraph("Der Bürgermeister")
    right.text = "Beschlussvorlage"
    right.paragraphs[0].runs[0].bold = True
    right.paragraphs[0].runs[0].font.size = Pt(14)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = right.add_paragraph(VORLAGE_NR)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = right.add_paragraph("öffentlich")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    doc.add_paragraph()
    kopf = doc.add_table(rows=len(VORLAGE_KOPF), cols=2)
    for r, (label, value) in enumerate(VORLAGE_KOPF):
        kopf.cell(r, 0).width = Cm(4.0)
        kopf.cell(r, 1).width = Cm(12.5)
        kopf.cell(r, 0).text = label
        kopf.cell(r, 1).text = value

    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(12)
    p.add_run("Betreff: ").bold = True
    p.add_run(VORLAGE_BETREFF).bold = True

    doc.add_heading("Beratungsfolge", level=2)
    _table(
        doc,
        [("Datum", "Gremium", "Zuständigkeit", "Status"), *VORLAGE_BERATUNGSFOLGE],
        (2.5, 8.0, 3.5, 2.5),
    )

    doc.add_heading("Beschlussvorschlag", level=1)
    for text in VORLAGE_BESCHLUSS:
        doc.add_paragraph(text)

    doc.add_heading("Sachverhalt", level=1)
    for heading, paragraphs in VORLAGE_SACHVERHALT:
        doc.add_heading(heading, level=2)
        for text in paragraphs:
            doc.add_paragraph(text)
        if heading.startswith("4."):
            p = doc.add_paragraph()
            p.add_run("Finanzielle Auswirkungen:  ☒ ja   ☐ nein").bold = True
            _table(doc, VORLAGE_FINANZEN, (4.0, 3.5, 3.5, 5.5))
            doc.add_paragraph()

    doc.add_heading("Anlagen", level=1)
    for text in VORLAGE_ANLAGEN:
        doc.add_paragraph(text)

    doc.add_paragraph()
    doc.add_paragraph("Musterstadt, 10.02.2025")
    sig = doc.add_table(rows=3, cols=2)
    sig.cell(0, 0).text = "gez. Kerner"
    sig.cell(0, 1).text = "gez. Lorenzen"
    sig.cell(1, 0).text = "Matthias Kerner"
    sig.cell(1, 1).text = "Frank Lorenzen"
    sig.cell(2, 0).text = "Bürgermeister"
    sig.cell(2, 1).text = "Beigeordneter für Bau, Umwelt und Mobilität"

    props = doc.core_properties
    props.title = f"Beschlussvorlage {VORLAGE_NR}"
    props.subject = VORLAGE_BETREFF
    props.author = "Stadt Musterstadt, Fachbereich 3"
    props.last_modified_by = "Stadt Musterstadt, Fachbereich 3"
    props.keywords = "Baumschutzsatzung; Beschlussvorlage"
    props.comments = "Fiktives Beispiel für ratsinfo"
    props.category = "Beschlussvorlage"
    props.language = "de-DE"
    props.revision = 1
    props.created = DOCX_DATE.replace(tzinfo=None)
    props.modified = DOCX_DATE.replace(tzinfo=None)
    props.last_printed = DOCX_DATE.replace(tzinfo=None)

    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue(), DOCX_DATE)


def _stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite a zip with fixed member timestamps; python-docx stamps members with 'now'."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 3
            dst.writestr(member, src.read(info.filename), compresslevel=6)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Niederschrift of 12.03.2025 (PDF)
# --------------------------------------------------------------------------------------------

GREMIUM = "Ausschuss für Umwelt und Mobilität"
SITZUNG_KOPF = [
    ("Sitzungstermin:", "Mittwoch, 12.03.2025"),
    ("Sitzungsbeginn:", "17:00 Uhr"),
    ("Sitzungsende:", "19:41 Uhr"),
    (
        "Ort, Raum:",
        "Großer Sitzungssaal (Raum 2.14), Rathaus Musterstadt, Marktplatz 1, 12345 Musterstadt",
    ),
]

# (group heading, rows of (name, party/function, remark))
ANWESEND: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("Vorsitz", [("Frau Dr. Henrike Vollmer", "SPD", "")]),
    (
        "Mitglieder",
        [
            ("Herr Jonas Albrecht", "CDU", ""),
            ("Frau Birgit Hansmann", "CDU", ""),
            ("Herr Malte Fridrichs", "SPD", ""),
            ("Frau Leonie Baumgart", "SPD", "ab 17:20 Uhr"),
            ("Herr Cem Yildirim", "BÜNDNIS 90/DIE GRÜNEN", ""),
            ("Frau Ilka Sternberg", "BÜNDNIS 90/DIE GRÜNEN", ""),
            ("Herr Arne Petersen", "DIE LINKE", ""),
            ("Herr Wolfgang Eschenbach", "FDP", "bis 18:40 Uhr"),
        ],
    ),
    (
        "Stellvertretende Mitglieder",
        [("Frau Sabine Oltmanns f. Herrn Kreuzberger", "CDU", "")],
    ),
    (
        "Sachkundige Einwohner",
        [
            ("Frau Katrin Wendlandt", "Grüne", ""),
            ("Herr Paul Szymanski", "CDU", ""),
        ],
    ),
    (
        "Verwaltung",
        [
            ("Herr Frank Lorenzen", "Beigeordneter für Bau, Umwelt und Mobilität", ""),
            ("Frau Miriam Haberland", "Leiterin Fachbereich 3 – Umwelt und Grünflächen", ""),
            ("Herr Stefan Grabowski", "Fachbereich 4, Sachgebiet Verkehrsplanung", ""),
        ],
    ),
    ("Gäste", [("Frau Gisela Brandt", "Seniorenbeirat", "")]),
    ("Schriftführerin", [("Frau Jana Kolbe", "Büro des Stadtrates", "")]),
]
ABWESEND: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "Mitglieder",
        [
            ("Herr Tobias Kreuzberger", "CDU", "entschuldigt"),
            ("Herr Dieter Mohrmann", "Bürgerliste Musterstadt", "nicht entschuldigt"),
        ],
    ),
    ("Sachkundige Einwohner", [("Frau Nadine Kowalczyk", "SPD", "entschuldigt")]),
]

TAGESORDNUNG = [
    ("", "Öffentlicher Teil", ""),
    (
        "Ö 1",
        "Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit",
        "",
    ),
    ("Ö 2", "Feststellung der Tagesordnung", ""),
    (
        "Ö 3",
        "Genehmigung der Niederschrift über den öffentlichen Teil der 6. Sitzung vom 22.01.2025",
        "",
    ),
    ("Ö 4", "Einwohnerfragestunde", ""),
    ("Ö 5", "Anträge der Fraktionen", ""),
    (
        "Ö 5.1",
        "Lückenschluss im Radverkehrsnetz: sichere Radverbindung zwischen Bahnhof und "
        "Gewerbegebiet Nordfeld",
        "A-0042/25",
    ),
    (
        "Ö 5.2",
        "Kurzzeitparken in der Innenstadt: Einführung einer „Brötchentaste“ an den "
        "Parkscheinautomaten",
        "A-0038/25",
    ),
    ("Ö 6", "Vorlagen der Verwaltung", ""),
    ("Ö 6.1", VORLAGE_BETREFF, VORLAGE_NR),
    (
        "Ö 6.2",
        "Lärmaktionsplan der Stadt Musterstadt, Stufe 4: Beteiligung der Öffentlichkeit",
        "VO/2025/0098",
    ),
    (
        "Ö 6.3",
        "Beschaffung von zwei Lastenrädern mit elektrischer Unterstützung für den Bauhof – "
        "überplanmäßige Aufwendung",
        "VO/2025/0121",
    ),
    ("Ö 7", "Mitteilungen der Verwaltung", ""),
    ("Ö 7.1", "Bericht zur interkommunalen Zusammenarbeit 2024", "VO/2025/0089"),
    ("Ö 7.2", "Sachstand Sanierung der Lindenbrücke (mündlicher Bericht)", ""),
    ("Ö 8", "Anfragen und Anregungen der Ausschussmitglieder", ""),
    ("", "Nichtöffentlicher Teil", ""),
    (
        "N 9",
        "Genehmigung der Niederschrift über den nichtöffentlichen Teil der 6. Sitzung vom "
        "22.01.2025",
        "",
    ),
    (
        "N 10",
        "Vergabe: Pflege städtischer Grünflächen, Los 2 (Rahmenvertrag 2025–2027)",
        "VO/2025/0104",
    ),
    ("N 11", "Grundstücksangelegenheiten", ""),
    ("N 12", "Anfragen und Mitteilungen", ""),
]

# Course of the meeting, one entry per block: ("part", title) | ("top", "zu TOP …", title)
#   | ("meta", text) | ("p", text) | ("b", bold label, text) | ("votes", yes, no, abstain)
VERLAUF: list[tuple[str, ...]] = [
    ("part", "Öffentlicher Teil"),
    (
        "top",
        "zu TOP Ö 1",
        "Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit",
    ),
    (
        "p",
        "Die Ausschussvorsitzende, Frau Dr. Vollmer, eröffnet die Sitzung um 17:00 Uhr und "
        "begrüßt die Mitglieder, die Vertreter der Verwaltung, Frau Brandt vom Seniorenbeirat "
        "sowie die Gäste. Sie stellt die ordnungsgemäße Ladung fest. Zu Beginn der Sitzung sind "
        "9 von 11 stimmberechtigten Mitgliedern anwesend; der Ausschuss ist beschlussfähig.",
    ),
    ("top", "zu TOP Ö 2", "Feststellung der Tagesordnung"),
    (
        "p",
        "Frau Dr. Vollmer schlägt vor, die Tagesordnung um den Punkt Ö 7.2 „Sachstand "
        "Sanierung der Lindenbrücke (mündlicher Bericht)“ zu ergänzen, weil die Brücke seit "
        "dem 03.03.2025 für den Kraftverkehr gesperrt ist. Weitere Änderungswünsche werden "
        "nicht vorgetragen.",
    ),
    ("b", "Abstimmungsergebnis:", "Die so geänderte Tagesordnung wird einstimmig festgestellt."),
    (
        "top",
        "zu TOP Ö 3",
        "Genehmigung der Niederschrift über den öffentlichen Teil der 6. Sitzung vom 22.01.2025",
    ),
    ("p", "Einwendungen gegen die Niederschrift werden nicht erhoben."),
    (
        "b",
        "Abstimmungsergebnis:",
        "Die Niederschrift wird mit 8 Ja-Stimmen bei 1 Enthaltung genehmigt.",
    ),
    ("top", "zu TOP Ö 4", "Einwohnerfragestunde"),
    (
        "p",
        "Herr Bernd Ulrichs, Anwohner der Straße Am Mühlgraben, fragt, warum der Radweg an der "
        "Einmündung Am Mühlgraben ende und ob die Stadt dort wenigstens eine Markierung auf der "
        "Fahrbahn anbringen könne. Herr Grabowski antwortet, dass eine Markierung auf der "
        "Kreisstraße nur mit Zustimmung des Landkreises Mustertal möglich sei; die Verwaltung "
        "habe die Frage dort vorgelegt. Im Übrigen verweist er auf den Antrag unter TOP Ö 5.1.",
    ),
    ("p", "Weitere Fragen aus der Einwohnerschaft liegen nicht vor."),
    ("top", "zu TOP Ö 5", "Anträge der Fraktionen"),
    (
        "top",
        "zu TOP Ö 5.1",
        "Lückenschluss im Radverkehrsnetz: sichere Radverbindung zwischen "
        "Bahnhof und Gewerbegebiet Nordfeld",
    ),
    ("meta", "Vorlage: A-0042/25"),
    ("meta", "Einreicher: Fraktion BÜNDNIS 90/DIE GRÜNEN und Fraktion DIE LINKE"),
    (
        "p",
        "Frau Baumgart nimmt ab 17:20 Uhr an der Sitzung teil; damit sind 10 stimmberechtigte "
        "Mitglieder anwesend.",
    ),
    (
        "p",
        "Frau Sternberg bringt den Antrag ein. Sie verweist auf die Unfälle an der Netzlücke und "
        "auf die Pläne der Gemeinde Musterbach für einen Radweg nach Musterbach-Ost. Herr "
        "Albrecht hält das Anliegen für berechtigt, lehnt aber eine Festlegung auf Haushaltsmittel "
        "für 2026 vor Kenntnis der Kosten ab. Herr Grabowski erläutert, dass die Verwaltung eine "
        "Vorplanung mit eigenem Personal beginnen könne; Förderprogramme für den Radverkehr "
        "erreichten derzeit Förderquoten von bis zu 75 Prozent. Herr Friedrichs unterstützt den "
        "Antrag und bittet darum, die Ergebnisse der Abstimmung mit Musterbach im Bericht im "
        "September darzustellen. Frau Sternberg sagt dies zu.",
    ),
    (
        "b",
        "Beschluss:",
        "Der Ausschuss für Umwelt und Mobilität empfiehlt dem Stadtrat, den Antrag "
        "A-0042/25 in der vorliegenden Fassung zu beschließen.",
    ),
    ("b", "Abstimmungsergebnis:", "mit 7 Ja-Stimmen, 2 Nein-Stimmen und 1 Enthaltung beschlossen"),
    (
        "top",
        "zu TOP Ö 5.2",
        "Kurzzeitparken in der Innenstadt: Einführung einer „Brötchentaste“ an "
        "den Parkscheinautomaten",
    ),
    ("meta", "Vorlage: A-0038/25"),
    ("meta", "Einreicher: FDP-Fraktion"),
    (
        "p",
        "Herr Eschenbach begründet den Antrag: 15 Minuten kostenfreies Parken sollen kurze "
        "Erledigungen in der Innenstadt erleichtern und den Einzelhandel stärken. Herr Yildirim "
        "und Herr Petersen verweisen darauf, dass die Parkhäuser am Markt bereits 30 Minuten "
        "kostenfrei seien und die Brötchentaste zusätzlichen Suchverkehr in der Fußgängerzone "
        "erzeuge. Herr Lorenzen teilt mit, dass die Umrüstung der 38 Automaten rund 11.000 EUR "
        "kosten würde und Mindereinnahmen von jährlich etwa 40.000 EUR zu erwarten seien.",
    ),
    ("b", "Abstimmungsergebnis:", "Der Antrag wird mehrheitlich abgelehnt."),
    ("top", "zu TOP Ö 6", "Vorlagen der Verwaltung"),
    ("top", "zu TOP Ö 6.1", VORLAGE_BETREFF),
    ("meta", f"Vorlage: {VORLAGE_NR}"),
    (
        "p",
        "Frau Haberland stellt die Neufassung vor und erläutert die wesentlichen Änderungen, "
        "insbesondere die Absenkung des geschützten Stammumfangs auf 60 cm und die "
        "Entscheidungsfrist von sechs Wochen.",
    ),
    (
        "p",
        "Herr Albrecht beantragt für die CDU-Fraktion, den geschützten Stammumfang bei 80 cm zu "
        "belassen, weil Grundstückseigentümer sonst unverhältnismäßig belastet würden.",
    ),
    (
        "b",
        "Abstimmung über den Änderungsantrag der CDU-Fraktion:",
        "mit 3 Ja-Stimmen und 7 Nein-Stimmen abgelehnt",
    ),
    (
        "p",
        "Frau Sternberg beantragt, Nr. 3 des Beschlussvorschlags wie folgt zu ergänzen: „Bei "
        "Ersatzpflanzungen sind vorrangig standortgerechte, klimaresiliente Baumarten zu "
        "verwenden.“ Damit werde eine Anregung des Naturschutzbeirates aufgegriffen. Frau "
        "Haberland hat keine Bedenken.",
    ),
    ("b", "Abstimmung über den Änderungsantrag von Frau Sternberg:", "einstimmig angenommen"),
    (
        "b",
        "Beschluss:",
        "Der Ausschuss für Umwelt und Mobilität empfiehlt dem Stadtrat, die "
        "Baumschutzsatzung in der Fassung der Vorlage mit der beschlossenen "
        "Ergänzung von Nr. 3 zu beschließen.",
    ),
    ("b", "Abstimmungsergebnis:", "einstimmig bei einer Enthaltung"),
    ("b", "Beschlussart:", "geändert beschlossen"),
    (
        "p",
        "Herr Eschenbach verlässt die Sitzung um 18:40 Uhr; es sind nun 9 stimmberechtigte "
        "Mitglieder anwesend.",
    ),
    (
        "top",
        "zu TOP Ö 6.2",
        "Lärmaktionsplan der Stadt Musterstadt, Stufe 4: Beteiligung der Öffentlichkeit",
    ),
    ("meta", "Vorlage: VO/2025/0098"),
    (
        "p",
        "Herr Grabowski erläutert die Lärmkartierung und den Ablauf der Beteiligung. Der Entwurf "
        "soll vom 07.04.2025 bis 09.05.2025 öffentlich ausgelegt und online kommentiert werden "
        "können. Frau Brandt bittet darum, auch eine Papierfassung im Bürgerbüro auszulegen; "
        "Herr Grabowski sagt dies zu.",
    ),
    (
        "b",
        "Beschluss:",
        "Der Ausschuss für Umwelt und Mobilität beschließt, den Entwurf des "
        "Lärmaktionsplans, Stufe 4, öffentlich auszulegen und die Öffentlichkeit "
        "zu beteiligen.",
    ),
    ("b", "Abstimmungsergebnis:", "einstimmig beschlossen"),
    (
        "top",
        "zu TOP Ö 6.3",
        "Beschaffung von zwei Lastenrädern mit elektrischer Unterstützung für "
        "den Bauhof – überplanmäßige Aufwendung",
    ),
    ("meta", "Vorlage: VO/2025/0121"),
    (
        "p",
        "Herr Albrecht beantragt, die Vorlage zu vertagen, da in den Fraktionen noch "
        "Beratungsbedarf zur Finanzierung aus der allgemeinen Rücklage bestehe. Herr Lorenzen "
        "weist darauf hin, dass das Förderangebot des Landes bis zum 30.04.2025 gilt.",
    ),
    ("b", "Abstimmung über den Vertagungsantrag:", ""),
    ("votes", "6", "3", "0"),
    ("b", "Ergebnis:", "Die Vorlage wird in die nächste Sitzung des Ausschusses vertagt."),
    ("top", "zu TOP Ö 7", "Mitteilungen der Verwaltung"),
    ("top", "zu TOP Ö 7.1", "Bericht zur interkommunalen Zusammenarbeit 2024"),
    ("meta", "Vorlage: VO/2025/0089"),
    (
        "p",
        "Herr Lorenzen stellt die Kooperationen aus seinem Geschäftsbereich vor, vor allem die "
        "Hochwasserpartnerschaft Mittlere Aue und das gemeinsame Radnetz mit dem Landkreis "
        "Mustertal, Musterbach und Auenfeld. Herr Petersen fragt nach einer dichteren Taktung "
        "der Regionalbuslinie 412. Herr Lorenzen antwortet, dass der Landkreis Mustertal und "
        "der Burgenlandkreis darüber im Herbst verhandeln wollen.",
    ),
    ("b", "Ergebnis:", "Der Ausschuss nimmt den Bericht zur Kenntnis."),
    ("top", "zu TOP Ö 7.2", "Sachstand Sanierung der Lindenbrücke (mündlicher Bericht)"),
    (
        "p",
        "Herr Grabowski berichtet, dass bei der Hauptprüfung Schäden an zwei Lagern festgestellt "
        "wurden. Die Brücke ist seit dem 03.03.2025 für Kraftfahrzeuge gesperrt; Fuß- und "
        "Radverkehr sind weiter möglich. Die Sanierung soll bis Oktober 2025 abgeschlossen sein. "
        "Die Umleitung führt über die Bahnhofstraße.",
    ),
    ("b", "Ergebnis:", "Der Ausschuss nimmt den Bericht zur Kenntnis."),
    ("top", "zu TOP Ö 8", "Anfragen und Anregungen der Ausschussmitglieder"),
    (
        "p",
        "Frau Wendlandt fragt, wie die im vergangenen Herbst gepflanzten Jungbäume im Sommer "
        "bewässert werden. Frau Haberland antwortet, dass der Bauhof die Bäume in den ersten drei "
        "Standjahren wässert und zusätzlich 60 Bewässerungssäcke beschafft wurden.",
    ),
    (
        "p",
        "Herr Szymanski regt an, die Fahrradabstellanlage am Bahnhof zu überdachen. Die "
        "Verwaltung nimmt die Anregung auf.",
    ),
    (
        "p",
        "Die Ausschussvorsitzende schließt den öffentlichen Teil der Sitzung um 19:08 Uhr und "
        "stellt die Nichtöffentlichkeit her. Über den nichtöffentlichen Teil wird eine gesonderte "
        "Niederschrift gefertigt.",
    ),
]


def _find_font_dir() -> Path:
    for directory in FONT_DIRS:
        if all((directory / name).is_file() for name in FONT_FILES.values()):
            return directory
    sys.exit(
        "make_examples: DejaVu fonts not found (looked in "
        + ", ".join(str(d) for d in FONT_DIRS)
        + "); install them, e.g. apt-get install fonts-dejavu-core"
    )


class Niederschrift(FPDF):
    FONT = "DejaVu"

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(self.FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"Niederschrift {GREMIUM}, 12.03.2025", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_text_color(0, 0, 0)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"Seite {self.page_no()} von {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _text(
    pdf: FPDF, text: str, style: str = "", size: float = 10, gap: float = 2, align: str = "L"
) -> None:
    pdf.set_font(Niederschrift.FONT, style, size)
    pdf.multi_cell(0, 5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def _ensure_space(pdf: FPDF, height: float) -> None:
    """Start a new page unless `height` mm fit, so a label never ends up alone at the bottom."""
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()


def _attendance(
    pdf: FPDF, title: str, groups: list[tuple[str, list[tuple[str, str, str]]]]
) -> None:
    _ensure_space(pdf, 25)
    _text(pdf, title, "B", 11, 1)
    for group, rows in groups:
        _ensure_space(pdf, 12)
        pdf.set_font(Niederschrift.FONT, "I", 9)
        pdf.cell(0, 6, group, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(Niederschrift.FONT, "", 9)
        with pdf.table(
            col_widths=(74, 58, 33),
            borders_layout="NONE",
            first_row_as_headings=False,
            v_align="TOP",
            text_align="LEFT",
            align="LEFT",
            line_height=4.5,
            padding=(0.5, 1),
        ) as table:
            for name, party, remark in rows:
                table.row((name, party, remark))
        pdf.ln(1)
    pdf.ln(2)


def build_pdf(font_dir: Path) -> bytes:
    pdf = Niederschrift(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    for style, name in FONT_FILES.items():
        pdf.add_font(Niederschrift.FONT, style, str(font_dir / name))
    pdf.set_creation_date(PDF_DATE)
    pdf.set_title(f"Niederschrift {GREMIUM} 12.03.2025")
    pdf.set_author("Stadt Musterstadt, Büro des Stadtrates")
    pdf.set_subject("7. öffentliche Sitzung des Ausschusses für Umwelt und Mobilität")
    pdf.set_creator("ratsinfo scripts/make_examples.py")
    pdf.set_producer("fpdf2")
    pdf.set_lang("de-DE")
    pdf.alias_nb_pages()
    pdf.add_page()

    _text(pdf, "Stadt Musterstadt", "B", 14, 0)
    _text(pdf, "Der Stadtrat", "", 10, 6)
    _text(pdf, "Niederschrift", "B", 16, 1)
    _text(
        pdf, "über die 7. öffentliche Sitzung des Ausschusses für Umwelt und Mobilität", "B", 12, 4
    )
    pdf.set_font(Niederschrift.FONT, "", 10)
    with pdf.table(
        col_widths=(35, 130),
        borders_layout="NONE",
        first_row_as_headings=False,
        v_align="TOP",
        text_align="LEFT",
        align="LEFT",
        line_height=5,
        padding=(0.6, 1),
    ) as table:
        for label, value in SITZUNG_KOPF:
            table.row((label, value))
    pdf.ln(5)

    _attendance(pdf, "Anwesend:", ANWESEND)
    _attendance(pdf, "Abwesend:", ABWESEND)

    _text(pdf, "Tagesordnung:", "B", 11, 1)
    pdf.set_font(Niederschrift.FONT, "", 10)
    with pdf.table(
        col_widths=(18, 147),
        borders_layout="NONE",
        first_row_as_headings=False,
        v_align="TOP",
        text_align="LEFT",
        align="LEFT",
        line_height=5,
        padding=(0.6, 1),
    ) as table:
        for number, title, paper in TAGESORDNUNG:
            if not number:
                pdf.set_font(Niederschrift.FONT, "B", 10)
                table.row(("", title))
                pdf.set_font(Niederschrift.FONT, "", 10)
            else:
                table.row((number, f"{title}\nVorlage: {paper}" if paper else title))
    pdf.ln(6)

    _ensure_space(pdf, 40)
    _text(pdf, "Verlauf der Sitzung:", "B", 11, 3)
    for entry in VERLAUF:
        kind = entry[0]
        if kind == "part":
            _text(pdf, entry[1], "B", 11, 2)
        elif kind == "top":
            _ensure_space(pdf, 35)
            pdf.ln(2)
            _text(pdf, f"{entry[1]}   {entry[2]}", "B", 10, 1)
        elif kind == "meta":
            _text(pdf, entry[1], "", 10, 0)
        elif kind == "p":
            pdf.ln(1)
            # Running text is justified (Blocksatz), as in most RIS minutes templates.
            _text(pdf, entry[1], "", 10, 1, align="J")
        elif kind == "b":
            _ensure_space(pdf, 20)
            pdf.set_font(Niederschrift.FONT, "B", 10)
            pdf.multi_cell(0, 5, entry[1], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            if entry[2]:
                _text(pdf, entry[2], "", 10, 2)
        elif kind == "votes":
            pdf.set_font(Niederschrift.FONT, "", 10)
            with pdf.table(
                col_widths=(25, 25, 25),
                width=75,
                align="LEFT",
                first_row_as_headings=True,
                line_height=5,
                padding=(0.6, 1),
            ) as table:
                table.row(("Ja", "Nein", "Enthaltung"))
                table.row(entry[1:4])
            pdf.ln(2)
        else:  # pragma: no cover - guards against typos in VERLAUF
            raise ValueError(kind)

    pdf.ln(4)
    _text(pdf, "Ende der Sitzung: 19:41 Uhr", "", 10, 8)
    _ensure_space(pdf, 40)
    _text(pdf, "Musterstadt, 19.03.2025", "", 10, 14)
    pdf.set_font(Niederschrift.FONT, "", 10)
    y = pdf.get_y()
    pdf.line(pdf.l_margin, y, pdf.l_margin + 65, y)
    pdf.line(pdf.l_margin + 95, y, pdf.l_margin + 160, y)
    pdf.ln(1)
    pdf.cell(95, 5, "Dr. Henrike Vollmer")
    pdf.cell(65, 5, "Jana Kolbe", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(95, 5, "Ausschussvorsitzende")
    pdf.cell(65, 5, "Schriftführerin", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / DOCX_NAME).write_bytes(build_docx())
    (args.out / PDF_NAME).write_bytes(build_pdf(_find_font_dir()))
    for name in (DOCX_NAME, PDF_NAME):
        path = args.out / name
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size} bytes"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
