"""Paper and meeting headers: the corpus against gold, synthetic layouts, gold shape."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ratsinfo.eval.normalise import normalise_person, similarity
from ratsinfo.extract import extract_file
from ratsinfo.extract.gold import to_gold
from ratsinfo.extract.meeting_header import nominative, organization_from_title
from ratsinfo.read import read_bytes, read_path

SHARED = Path(
    os.environ.get("RATSINFO_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
FILES = sorted(p.name for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not FILES, reason="shared corpus not available")


def _predicted(name: str) -> dict[str, Any]:
    return to_gold(name, extract_file(read_path(CORPUS / name)))


def _gold(name: str) -> dict[str, Any]:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


@needs_corpus
@pytest.mark.parametrize("name", FILES)
def test_paper_headers_equal_gold(name: str) -> None:
    gold = {p["reference"]: p for p in _gold(name).get("papers", {}).get("items", [])}
    got = {p["reference"]: p for p in _predicted(name)["papers"]["items"]}
    assert set(got) == set(gold)
    for ref, g in gold.items():
        p = got[ref]
        assert p["kind"] == g["kind"]
        assert similarity(p["title"], g["title"]) >= 0.9, (p["title"], g["title"])
        assert p["date"] == g["date"]
        assert p["public"] is g["public"]
        assert [normalise_person(x) for x in p["originators"]] == [
            normalise_person(x) for x in g["originators"]
        ]
        assert [(c["date"], c["role"]) for c in p["consultations"]] == [
            (c["date"], c["role"]) for c in g["consultations"]
        ]
        for pc, gc in zip(p["consultations"], g["consultations"], strict=True):
            assert similarity(pc["organization"], gc["organization"]) >= 0.9
        assert p["references"] == g["references"]
        if "attachments" in g:
            pairs = zip(p["attachments"], g["attachments"], strict=True)
            assert all(similarity(a, b) >= 0.9 for a, b in pairs)


@needs_corpus
@pytest.mark.parametrize("name", FILES)
def test_meeting_headers_equal_gold(name: str) -> None:
    gold = _gold(name)["meetings"]["items"]
    got = _predicted(name)["meetings"]["items"]
    assert len(got) == len(gold)
    for g, m in zip(gold, got, strict=True):
        for key in ("number", "public", "start", "end"):
            assert m[key] == g[key], key
        assert similarity(m["organization"], g["organization"]) >= 0.9
        assert similarity(m["location"], g["location"]) >= 0.9


@needs_corpus
@pytest.mark.parametrize("name", FILES)
def test_body_equals_gold(name: str) -> None:
    assert _predicted(name)["body"] == _gold(name)["body"]


@needs_corpus
def test_every_value_has_a_span_pointing_at_it() -> None:
    name = "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"
    reading = read_path(CORPUS / name)
    data = to_gold(name, extract_file(reading))
    text = reading.text
    for p in data["papers"]["items"]:
        for key in ("reference", "title", "date", "public", "originators", "consultations"):
            assert key in p["spans"], (p["reference"], key)
        s, e = p["spans"]["reference"]
        assert text[s:e] == p["reference"]
        for c in p["consultations"]:
            s, e = c["spans"]["organization"]
            assert text[s:e] == c["organization"]
    (meeting,) = data["meetings"]["items"]
    for key in ("organization", "number", "public", "start", "end", "location"):
        s, e = meeting["spans"][key]
        assert 0 <= s < e <= len(text)
    s, e = meeting["spans"]["location"]
    assert text[s:e] == meeting["location"]
    for d in data["documents"]["items"]:
        assert "title" in d["spans"] or "reference" in d["spans"]
    s, e = data["spans"]["body"]
    assert "Potsdam" in text[s:e]


@needs_corpus
def test_one_paper_and_one_meeting_when_documents_repeat_them() -> None:
    name = "potsdam_ausschuss_ptd_2023-01-10_sitzungsmappe.txt"
    data = _predicted(name)
    kinds = [d["kind"] for d in data["documents"]["items"]]
    assert kinds.count("Einladung") == 1 and kinds.count("Niederschrift") == 1
    assert len(data["meetings"]["items"]) == 1
    # Start and location come from the invitation, the end only from the minutes.
    assert data["meetings"]["items"][0]["end"] == "2023-01-10T20:27"
    # The minutes' agenda (with the item added in the meeting) wins over the invitation's.
    assert len(data["meetings"]["items"][0]["agenda_items"]["items"]) == 15
    # What a careful reader may always add to: never claimed to be complete.
    for section in ("cooperations", "persons_mentioned", "places_mentioned"):
        assert data[section]["exhaustive"] is False


# --- synthetic layouts --------------------------------------------------------------------

ALLRIS = """\
Stadt Musterhausen
Vorlage - VO/4680/2016

Betreff:\tBebauungsplan Nr. 12 "Am Mühlenteich" - Aufstellungs-
\tbeschluss
Status:\tnicht öffentlich\tVorlage-Art:\tMitteilungsvorlage
Federführend:\tFachbereich Stadtentwicklung\tBearbeiter/-in:\tMüller, Hans
Datum:\t14.03.2016

Beratungsfolge:
Gremium\tDatum\tSitzung\tZuständigkeit
Bau- und Umweltausschuss\t05.04.2016\töffentlich\tKenntnisnahme

Sachverhalt:
Der Bauausschuss hat die Verwaltung beauftragt (vgl. Vorlage VO/4101/2015, Tel. 0331/289-1234).
"""

SESSIONNET = """\
Gemeinde Musterdorf
Der Bürgermeister

Einladung
zur 12. öffentlichen Sitzung des Bau- und Umweltausschusses

Sitzungstermin:\tDonnerstag, 14.03.2024, 18:30 Uhr
Raum, Ort:\tSitzungssaal, Rathaus, Marktplatz 1, 12345 Musterdorf

Tagesordnung
Öffentlicher Teil
Ö 1\tEröffnung und Begrüßung
Ö 2\tBebauungsplan Nr. 12\tVO/2024/017
"""

SOMACOS = """\
Niederschrift
über die 7. nichtöffentliche Sitzung des Gemeinderates am 21.02.2024

Raum: Großer Saal
Ort: Bürgerhaus Musterdorf
Beginn: 19:00 Uhr Ende: 21:15 Uhr

Anwesend:
Anna Beispiel

TOP 1 Eröffnung
Die Sitzung wird eröffnet.
TOP 2 Verschiedenes
Keine Wortmeldungen.
"""


def _one(text: str) -> dict[str, Any]:
    data = to_gold("x.txt", extract_file(read_bytes(text.encode("utf-8"))))
    assert len(data["documents"]["items"]) == 1
    return data


def test_allris_header() -> None:
    data = _one(ALLRIS)
    assert data["documents"]["items"][0]["kind"] == "Mitteilungsvorlage"  # from Vorlage-Art
    (p,) = data["papers"]["items"]
    assert p["reference"] == "VO/4680/2016"
    assert p["title"] == 'Bebauungsplan Nr. 12 "Am Mühlenteich" - Aufstellungsbeschluss'
    assert p["public"] is False
    assert p["date"] == "2016-03-14"
    assert p["originators"] == ["Fachbereich Stadtentwicklung"]
    assert [(c["date"], c["organization"], c["role"]) for c in p["consultations"]] == [
        ("2016-04-05", "Bau- und Umweltausschuss", "Kenntnisnahme")
    ]
    assert p["references"] == ["VO/4101/2015"]


def test_sessionnet_meeting_header() -> None:
    (m,) = _one(SESSIONNET)["meetings"]["items"]
    assert m["organization"] == "Bau- und Umweltausschuss"
    assert (m["number"], m["public"], m["start"], m["end"]) == (12, True, "2024-03-14T18:30", None)
    assert m["location"] == "Sitzungssaal, Rathaus, Marktplatz 1, 12345 Musterdorf"


def test_somacos_meeting_header_with_begin_end_on_one_line() -> None:
    data = _one(SOMACOS)
    assert data["documents"]["items"][0]["kind"] == "Niederschrift"
    (m,) = data["meetings"]["items"]
    assert m["organization"] == "Gemeinderat"
    assert (m["number"], m["public"]) == (7, False)
    assert (m["start"], m["end"]) == ("2024-02-21T19:00", "2024-02-21T21:15")
    assert m["location"] == "Großer Saal, Bürgerhaus Musterdorf"


@pytest.mark.parametrize(
    ("title", "org"),
    [
        (
            "25. öffentliche Sitzung des Ausschusses für Partizipation",
            "Ausschuss für Partizipation",
        ),
        ("Sitzung der Stadtverordnetenversammlung am 12.03.2024", "Stadtverordnetenversammlung"),
        ("12. Sitzung des Ortsbeirates Nord", "Ortsbeirat Nord"),
        ("3. Sitzung des Kreistages", "Kreistag"),
        ("Sitzung des Ständigen Ausschusses", "Ständiger Ausschuss"),
        ("Sitzung des Rates der Stadt Musterhausen", "Rat der Stadt Musterhausen"),
        ("2. Sitzung des Haupt- und Finanzausschusses, 04.05.2024", "Haupt- und Finanzausschuss"),
    ],
)
def test_organization_from_title(title: str, org: str) -> None:
    assert organization_from_title(title) == org


def test_nominative_keeps_feminine_nouns() -> None:
    assert nominative("Gemeindevertretung", "der") == "Gemeindevertretung"


# NRW SessionNet/Somacos Niederschrift: the date on its own line under the title, start and
# end as separate fields. Invented text.
_DATE_BELOW = """Gemeinde Musterdorf

Niederschrift

über die 4. Sitzung des Haupt- und Finanzausschusses der Gemeinde Musterdorf
{date_line}

{times}

Öffentliche Sitzung

TOP 1 Eröffnung der Sitzung

Der Vorsitzende eröffnet die Sitzung.
"""


@pytest.mark.parametrize(
    ("date_line", "times", "start", "end"),
    [
        (
            "am Donnerstag, 22.11.2012, im Großen Sitzungssaal des Rathauses",
            "Sitzungsbeginn: 17:00 Uhr\nSitzungsende: 18:00 Uhr",
            "2012-11-22T17:00",
            "2012-11-22T18:00",
        ),
        (
            "am 22. November 2012 im Ratssaal",
            "Beginn: 19:00 Uhr\nEnde: 21:15 Uhr",
            "2012-11-22T19:00",
            "2012-11-22T21:15",
        ),
        (
            "vom Montag, den 5.3.2024",
            "Beginn: 19:00 Uhr Ende: 21:15 Uhr",
            "2024-03-05T19:00",
            "2024-03-05T21:15",
        ),
        (
            "am Donnerstag, dem 14.03.2024, um 18:30 Uhr",
            "Ende: 20:00 Uhr",
            "2024-03-14T18:30",
            "2024-03-14T20:00",
        ),
        ("am Mittwoch, 3. Juli 2024", "", "2024-07-03", None),
    ],
)
def test_meeting_date_on_the_line_below_the_title(
    date_line: str, times: str, start: str, end: str | None
) -> None:
    text = _DATE_BELOW.format(date_line=date_line, times=times)
    (m,) = _one(text)["meetings"]["items"]
    assert m["organization"] == "Haupt- und Finanzausschuss der Gemeinde Musterdorf"
    assert m["number"] == 4
    assert (m["start"], m["end"]) == (start, end)
    s, e = m["spans"]["start"]
    assert text[s:e].strip() == date_line


def test_date_below_the_title_needs_am_or_vom() -> None:
    # A line that merely holds a date (a reference, a deadline) is not the meeting's date.
    text = _DATE_BELOW.format(
        date_line="Frist zur Stellungnahme bis 22.11.2012", times="Beginn: 17:00 Uhr"
    )
    (m,) = _one(text)["meetings"]["items"]
    assert (m["start"], m["end"]) == (None, None)
