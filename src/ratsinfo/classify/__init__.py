"""Classify one document into the gold vocabulary.

Einladung, Tagesordnung, Niederschrift, Antrag, Änderungsantrag, Anfrage,
Beschlussvorlage, Mitteilungsvorlage, Stellungnahme, Bericht, Pressemitteilung,
Präsentation, Sonstiges.

Order of evidence:

1. the header (first lines): a document-type line ("Antrag", "Vorlage - VO/…" refined
   by "Vorlagenart: …"), a title word ("Niederschrift", "Einladung"), a press line —
   unless meeting header fields come first (an agenda may list "Antrag …" lines);
2. meeting header fields: minutes cues (Sitzungsende, "Anwesend", "zu TOP" sections)
   make a Niederschrift, otherwise an Einladung; a bare "Tagesordnung" a Tagesordnung;
3. the splitter's reason (a presentation title slide, a press line);
4. press cues (dateline or city line, quotes with "sagte", a web footer);
5. slide-like text → Präsentation; a report title or table-heavy text → Bericht;
6. otherwise Sonstiges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ratsinfo.split.conventions import (
    AGENDA_SECTION,
    MEETING_TITLE_WORD,
    PRESS_LINE,
    SITZUNG_TITLE,
    STRONG_MEETING_FIELDS,
    label_cells,
    match_type_line,
    meeting_fields,
    meeting_title_kind,
    slide_like,
)
from ratsinfo.split.lines import Line, build_lines

KINDS = (
    "Einladung",
    "Tagesordnung",
    "Niederschrift",
    "Antrag",
    "Änderungsantrag",
    "Anfrage",
    "Beschlussvorlage",
    "Mitteilungsvorlage",
    "Stellungnahme",
    "Bericht",
    "Pressemitteilung",
    "Präsentation",
    "Sonstiges",
)
PAPER_KINDS = frozenset(
    {
        "Antrag",
        "Änderungsantrag",
        "Anfrage",
        "Beschlussvorlage",
        "Mitteilungsvorlage",
        "Stellungnahme",
    }
)
MEETING_KINDS = frozenset({"Einladung", "Tagesordnung", "Niederschrift"})

_HEADER = 15
_MINUTES_WORDS = re.compile(
    r"^(?:anwesend|nicht anwesend|abwesend|entschuldigt|anwesenheit|teilnehmer|sitzungsende"
    r"|ende der sitzung|schluss der sitzung|beschluss\s*:|abstimmungsergebnis)",
    re.IGNORECASE,
)
_PLACE_LINE = re.compile(r"^[A-ZÄÖÜ][\wäöüß.\-/()]*(?: [A-ZÄÖÜ(][\wäöüß.\-/()]*){0,2}$")
_DATELINE = re.compile(
    r"^[A-ZÄÖÜ][\wäöüß.\-/() ]{1,40},?\s+(?:den\s+)?\d{1,2}\.\s?(?:\d{1,2}\.|[A-Za-zä]+)\s?\d{2,4}"
)
_QUOTE_SAID = re.compile(
    r"[„\"“«»][^„\"“”«»]{15,}[“\"”«»],?\s*(?:sagte|sagt|so|erklärte|erklärt|betonte|betont"
    r"|ergänzte|meinte|unterstrich|fügte|führte|sagten|erläuterte)\b",
)
_WEB_FOOTER = re.compile(
    r"^(?:kommentar verfassen|kommentare|artikel teilen|seite teilen|teilen|drucken"
    r"|pressestelle|pressekontakt|pressesprecher(?:in)?|foto\s*:|bildunterschrift)\b",
    re.IGNORECASE,
)
_REPORT_TITLE = re.compile(
    r"bericht|übersicht|sachstand|bilanz|evaluation|statistik|monitoring|auswertung"
    r"|dokumentation|analyse|zusammenstellung|jahresrückblick",
    re.IGNORECASE,
)
_DECISION = re.compile(
    r"^(?:beschlussvorschlag|beschlussentwurf|beschlusstext|entscheidungsvorschlag)\b"
    r"|^(?:der|die|das)\s+\w+(?:\s+\w+)?\s+beschließt\b",
    re.IGNORECASE,
)
_NOTICE = re.compile(
    r"^(?:inhalt der mitteilung|mitteilung|information)\s*:?\s*$"
    r"|^(?:der|die|das)\s+\w+(?:\s+\w+)?\s+nimmt\b.{0,40}\bzur kenntnis",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(slots=True)
class Classification:
    kind: str
    line: int | None  # index of the line that decided it (header evidence), if any
    reason: str


def classify_document(text: str, reason: str | None = None) -> str:
    """The kind of the document ``text`` (one document, already split)."""
    idx = build_lines(text)
    return classify_lines(idx.lines, 0, len(idx.lines), reason).kind


def classify_lines(
    lines: list[Line], i0: int, i1: int, reason: str | None = None
) -> Classification:
    """Classify ``lines[i0:i1]`` (one document); ``reason`` is the splitter's reason."""
    if i1 <= i0:
        return Classification("Sonstiges", None, "empty")
    header = range(i0, min(i1, i0 + _HEADER))
    fields: set[str] = set()
    title_word: tuple[str, int] | None = None
    for i in header:
        ln = lines[i]
        c = ln.clean
        f = meeting_fields(c)
        if f:
            fields.update(f)
            continue
        if _meeting_header(fields):
            continue  # inside a meeting header/agenda: type words are agenda items
        m = MEETING_TITLE_WORD.match(c)
        if m and not ln.bullet and len(c) <= 200 and _names_meeting(lines, i, i1, m.group("w")):
            # What follows a meeting title (agenda items like "Antrag der Fraktion …")
            # does not make the document a paper.
            title_word = (meeting_title_kind(m.group("w")), i)
            break
        kind_field = _kind_field(c)
        if kind_field is not None:
            # "Vorlagenart:⇥Beschlussvorlage": the RIS states the kind outright, even when
            # the letterhead prints the type in a table cell beside the issuer.
            return Classification(kind_field, i, "kind field")
        tl = match_type_line(c, ln.bullet)
        if tl is not None and not (tl.colon_form and i > i0 + 1):
            kind = tl.kind
            if tl.generic:
                kind = _refine_generic(lines, i, min(i1, i0 + _HEADER * 2), i1) or kind
            return Classification(kind, i, f"type line: {tl.word}")
        if not ln.bullet and PRESS_LINE.match(c):
            return Classification("Pressemitteilung", i, "press line")
    # Meeting fields may continue past the loop's break.
    for i in range(i0, min(i1, i0 + _HEADER + 10)):
        fields.update(meeting_fields(lines[i].clean))
    if title_word is not None and title_word[0] != "Tagesordnung":
        return Classification(title_word[0], title_word[1], "meeting title word")
    if _meeting_header(fields):
        if _minutes_cues(lines, i0, i1, fields):
            return Classification("Niederschrift", None, "meeting header with minutes")
        return Classification("Einladung", None, "meeting header with agenda")
    if title_word is not None:
        return Classification("Tagesordnung", title_word[1], "meeting title word")
    if reason:
        r = reason.lower()
        if "presentation" in r:
            return Classification("Präsentation", i0, "title slide")
        if "press" in r:
            return Classification("Pressemitteilung", i0, "press line")
    if _press_cues(lines, i0, i1) >= 2:
        return Classification("Pressemitteilung", i0, "press cues")
    body = [ln.clean for ln in lines[i0 : min(i1, i0 + 400)]]
    if len(body) >= 8 and slide_like(body):
        return Classification("Präsentation", i0, "slide-like text")
    if _report_cues(lines, i0, i1):
        return Classification("Bericht", i0, "report")
    return Classification("Sonstiges", None, "no convention matched")


def _names_meeting(lines: list[Line], i: int, i1: int, word: str) -> bool:
    """Minutes and invitations are titled as such; a "Bekanntmachung" or "Tagesordnung"
    is a meeting's only if a Sitzung is named on its line or the next."""
    if meeting_title_kind(word) == "Niederschrift" or word.lower() == "einladung":
        return True
    return any(SITZUNG_TITLE.search(ln.clean) for ln in lines[i : min(i1, i + 2)])


def _meeting_header(fields: set[str]) -> bool:
    return len(fields) >= 2 and bool(fields & STRONG_MEETING_FIELDS)


_KIND_LABELS = frozenset(
    {"vorlagenart", "vorlage-art", "art der vorlage", "drucksachenart", "drucksachen-art"}
)


def _kind_field(clean: str) -> str | None:
    """The kind a "Vorlagenart: …" field names, unless it names only a generic Vorlage."""
    for label, value in label_cells(clean):
        if label in _KIND_LABELS:
            tl = match_type_line(value)
            if tl is not None and not tl.generic:
                return tl.kind
    return None


def _refine_generic(lines: list[Line], i: int, limit: int, i1: int) -> str | None:
    """A generic "Vorlage" line: a "Vorlagenart: …" field or a second type line decides,
    else the body: a Beschlussvorschlag makes a Beschlussvorlage, "… nimmt zur Kenntnis"
    a Mitteilungsvorlage."""
    for j in range(i + 1, limit):
        c = lines[j].clean
        for label, value in label_cells(c):
            if label in _KIND_LABELS:
                tl = match_type_line(value)
                if tl:
                    return tl.kind
        tl = match_type_line(c, lines[j].bullet)
        if tl and not tl.generic and not tl.colon_form:
            return tl.kind
    for j in range(i + 1, min(i1, i + 80)):
        c = lines[j].clean
        if _DECISION.match(c):
            return "Beschlussvorlage"
        if _NOTICE.match(c):
            return "Mitteilungsvorlage"
    return None


def _minutes_cues(lines: list[Line], i0: int, i1: int, fields: set[str]) -> bool:
    if "sitzungsende" in fields or "ende" in fields:
        return True
    sections = 0
    for ln in lines[i0:i1]:
        c = ln.clean
        if _MINUTES_WORDS.match(c):
            return True
        if AGENDA_SECTION.match(c) and c[:2].lower() == "zu":
            sections += 1
            if sections >= 2:
                return True
    return False


def _press_cues(lines: list[Line], i0: int, i1: int) -> int:
    score = 0
    first = lines[i0].clean[:200]
    if _DATELINE.match(first) or (_PLACE_LINE.match(first) and len(first) <= 40):
        score += 1
    if any(PRESS_LINE.match(ln.clean) for ln in lines[i0 : min(i1, i0 + 5)]):
        score += 2
    for ln in lines[i0 : min(i1, i0 + 60)]:
        if _QUOTE_SAID.search(ln.clean[:5000]):
            score += 1
            break
    if any(_WEB_FOOTER.match(ln.clean) for ln in lines[max(i0, i1 - 5) : i1]):
        score += 1
    return score


def _report_cues(lines: list[Line], i0: int, i1: int) -> bool:
    title = lines[i0].clean[:300]
    if _REPORT_TITLE.search(title) and len(title) <= 200:
        return True
    n = i1 - i0
    rows = sum(1 for ln in lines[i0:i1] if "\t" in ln.clean)
    if n >= 20 and rows >= 10 and rows * 3 >= n:
        return True
    return bool(_YEAR.search(title) and n >= 40 and len(title) <= 120)
