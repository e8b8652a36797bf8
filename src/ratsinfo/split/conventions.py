"""Line-level conventions of German council documents, shared by split and classify.

Each predicate looks at one cleaned line (see :mod:`ratsinfo.split.lines`). They encode
how RIS products and Word templates print a document's header: the document-type line,
the Drucksache number, label fields, the meeting header fields, agenda headings, closing
slides. None of them is keyed to one municipality's wording.
"""

from __future__ import annotations

import re

from ratsinfo.extract.references import find_labelled_references, find_references, is_reference

# Characters re's IGNORECASE takes for a letter besides its two cases (tests check all).
_CASE_EXTRA = {"i": "İı", "k": "\u212a", "s": "ſ", "ß": "ẞ"}


def ignorecase_chars(letters: str) -> frozenset[str]:
    """Every character that an IGNORECASE pattern takes for one of ``letters`` (lower
    case): a line whose first character is none of them cannot match a pattern whose
    every alternative begins with one of those letters."""
    out: set[str] = set()
    for ch in letters:
        up = ch.upper()
        out.update((ch, *(up if len(up) == 1 else ""), *_CASE_EXTRA.get(ch, "")))
    return frozenset(out)


# --- paper type lines --------------------------------------------------------------------

_TYPE_PREFIX = (
    r"(?:beschluss|mitteilungs|informations|verwaltungs|sitzungs|dringlichkeits|berichts"
    r"|änderungs|ergänzungs|abänderungs|eil|fraktions|einwohner|bürger|haushalts|prüf|tisch)?"
)
_TYPE_ADJ = (
    r"(?:(?:kleine|gro(?:ß|ss)e|schriftliche|mündliche|gemeinsame[rs]?|interfraktionelle[rs]?"
    r"|dringliche[rs]?|aktuelle)\s+)?"
)
PAPER_TYPE_LINE = re.compile(
    rf"^(?P<type>{_TYPE_ADJ}{_TYPE_PREFIX}(?:vorlage|antrag|anfrage)"
    r"|stellungnahme(?:\s+der\s+verwaltung)?"
    r"|antwort(?:\s+der\s+verwaltung)?"
    r"|beantwortung(?:\s+der\s+anfrage)?"
    r"|mitteilung(?:\s+der\s+verwaltung)?"
    r"|drucksache)"
    r"(?P<rest>(?![\w-]).*)$",
    re.IGNORECASE,
)
# What may follow the type word on a header line besides a reference.
_TYPE_REST_OK = re.compile(
    r"^(?:der|des|von|vom|zur|zum|zu|gem\.?|gemäß|nach|betr\.?|an|im|für|öffentlich"
    r"|nicht\s*öffentlich|nr\.?|nummer|\(|-|–|:)",
    re.IGNORECASE,
)
_PUBLIC_TAIL = re.compile(r"\s*(?:nicht\s*-?\s*)?öffentlich\s*$", re.IGNORECASE)


def paper_kind(type_word: str) -> str:
    """The gold vocabulary kind of a type word ("Informationsvorlage" → Mitteilungsvorlage)."""
    w = type_word.lower()
    if any(x in w for x in ("änderungsantrag", "ergänzungsantrag", "abänderungsantrag")):
        return "Änderungsantrag"
    if w.endswith("antrag"):
        return "Antrag"
    if w.endswith("anfrage"):
        return "Anfrage"
    if w.startswith(("stellungnahme", "antwort", "beantwortung")):
        return "Stellungnahme"
    if w.startswith("mitteilung") or any(
        x in w for x in ("mitteilungsvorlage", "informationsvorlage", "berichtsvorlage")
    ):
        return "Mitteilungsvorlage"
    return "Beschlussvorlage"


class TypeLine:
    """A document-type line: its kind, whether it is generic ("Vorlage") and its reference."""

    __slots__ = ("colon_form", "generic", "kind", "phrase", "reference", "word")

    def __init__(
        self, word: str, reference: str | None, colon_form: bool, phrase: bool = False
    ) -> None:
        self.word = word
        self.kind = paper_kind(word)
        self.generic = word.lower() in ("vorlage", "sitzungsvorlage", "tischvorlage", "drucksache")
        self.reference = reference
        self.colon_form = colon_form
        # "Antrag der Fraktion …": a phrase, as an agenda item also reads; weaker evidence
        # than the bare type word of a letterhead.
        self.phrase = phrase


def match_type_line(clean: str, bullet: bool = False) -> TypeLine | None:
    """A header line naming the paper type: "Antrag", "Vorlage - VO/4680/2016", ...

    "Vorlage: 23/GR/0815" (type word, colon, number) and "Drucksache Nr. …" are how
    minutes and agendas *cite* a paper; they are flagged ``colon_form`` so the splitter
    demands more evidence. In a table row the type may fill the first cell and the
    number another ("Beschlussvorlage⇥Vorlage-Nr.: VO/2021/123").
    """
    if bullet or len(clean) > 110:
        return None
    if "\t" in clean:
        return _type_row(clean)
    m = PAPER_TYPE_LINE.match(clean)
    if not m:
        return None
    word = " ".join(m.group("type").split())
    rest = m.group("rest").strip()
    if word.lower() == "drucksache":
        ref = _reference_in(rest)
        return TypeLine(word, ref, not rest.startswith(("-", "–"))) if ref else None
    if not rest:
        return TypeLine(word, None, False)
    ref = _reference_in(rest)
    if ref:
        tail = rest[rest.find(ref) + len(ref) :] if ref in rest else ""
        if len(tail.strip()) > 40:
            return None
        return TypeLine(word, ref, rest.startswith(":"))
    if _PUBLIC_TAIL.fullmatch(rest):
        return TypeLine(word, None, False)
    if _TYPE_REST_OK.match(rest) and not clean.endswith((".", ",", ";")) and len(clean) <= 100:
        return TypeLine(word, None, False, phrase=True)
    return None


def _reference_in(rest: str) -> str | None:
    refs = find_references(rest) or find_labelled_references("Nr. " + rest.lstrip("-–: "))
    return refs[0].value if refs else None


def _type_row(clean: str) -> TypeLine | None:
    cells = clean.split("\t")
    head = match_type_line(cells[0])
    if head is None or head.reference or head.word.lower() == "drucksache":
        return None
    for cell in cells[1:]:
        if not cell:
            continue
        ref = reference_of_line(cell)
        if ref:
            return TypeLine(head.word, ref, False)
        if not (PAPER_LABEL.match(cell) or PUBLIC_LINE.match(cell)):
            return None  # a table row that merely starts with a type word
    return head


# --- reference lines ---------------------------------------------------------------------

_REF_LABEL = re.compile(
    r"^(?:(?:drucksachen?|drucks\.|ds|vorlagen?|beschlussvorlage|antrag|anfrage)"
    r"(?:[-\s]?(?:nr\.?|nummer))?|nr\.?|nummer|az\.?|aktenzeichen)\s*[:.]?\s*",
    re.IGNORECASE,
)


def reference_of_line(clean: str) -> str | None:
    """The Drucksache number if the line is one (optionally after a label), else None."""
    if len(clean) > 60:
        return None
    s = clean.split("\t")[0].strip()
    s2 = _REF_LABEL.sub("", s, count=1).strip()
    for cand in (s, s2):
        if cand and is_reference(cand):
            return cand.replace(" ", "")
    if s2 != s:
        # After a label, looser local shapes count ("Vorlagen-Nr.: 0815/X").
        refs = find_labelled_references(s)
        if refs and len(s) - len(refs[0].value) < 30:
            return refs[0].value
    return None


# --- paper header labels -----------------------------------------------------------------

PAPER_LABEL = re.compile(
    r"^(?P<label>betreff|einreicher(?:in)?|eingereicht\s+von|antragsteller(?:in)?"
    r"|fragesteller(?:in)?|erstellungsdatum|freigabedatum|erstelldatum|vorlagedatum"
    r"|beratungsfolge|beratungsreihenfolge|status|federführung"
    r"|federführend(?:e[rs]?)?(?:\s+(?:amt|stelle|dienststelle))?"
    r"|verfasser(?:in)?|geschäftsbereich|fachbereich|dezernat|aktenzeichen|az\."
    r"|drucksache(?:n)?[\s-]*(?:nr\.?|nummer)?|ds[\s-]*nr\.?|vorlagen?[\s-]*(?:nr\.?|nummer)"
    r"|vorlagenart|vorlage-art|art der vorlage|drucksachenart|drucksachen-art|datum"
    r"|öffentlichkeitsstatus"
    r"|beteiligte\s+(?:ämter|dienststellen|stellen)|sachbearbeiter(?:in)?|einbringer(?:in)?"
    r"|berichterstatter(?:in)?)"
    r"(?=\s*[:(]|\t|\s*$|\s+\d)",
    re.IGNORECASE,
)
PUBLIC_LINE = re.compile(r"^(?:nicht\s*-?\s*)?öffentlich$", re.IGNORECASE)


def label_cells(clean: str) -> list[tuple[str, str]]:
    """(label, value) for each cell starting with a header label.

    The value is the rest of the cell or, when the cell holds only the label (ALLRIS
    prints "Status:⇥öffentlich⇥Vorlage-Art:⇥Beschlussvorlage"), the next cell.
    """
    cells = clean.split("\t")
    out: list[tuple[str, str]] = []
    for k, cell in enumerate(cells):
        m = PAPER_LABEL.match(cell)
        if not m:
            continue
        label = " ".join(m.group("label").lower().split())
        value = cell[m.end() :].strip(" \t:")
        if not value and k + 1 < len(cells) and not _is_label_cell(cells[k + 1]):
            value = cells[k + 1].strip()
        out.append((label, value))
    return out


def _is_label_cell(cell: str) -> bool:
    """A cell that is a label of its own, not a value that starts like one ("Fachbereich 3 –
    Umwelt" after "Federführung:" names the unit)."""
    m = PAPER_LABEL.match(cell)
    if not m:
        return False
    rest = cell[m.end() :]
    return not re.match(r"\s+\d+\s*[-–]\s*\D", rest)


def paper_label(clean: str) -> str | None:
    m = PAPER_LABEL.match(clean)
    if m:
        return " ".join(m.group("label").lower().split())
    if PUBLIC_LINE.match(clean):
        return "öffentlich"
    return None


# Where a paper's body starts: the header is over.
BODY_START = re.compile(
    r"^(?:beschlussvorschlag|beschlussentwurf|beschlusstext|sachverhalt|sachdarstellung"
    r"|begründung|inhalt der mitteilung|mitteilung|problembeschreibung|finanzielle auswirkungen"
    r"|antragstext|anfragetext|fragen?|der\s+\w+\s+nimmt\s+zur\s+kenntnis|die\s+\w+\s+möge"
    r"|die\s+\w+\s+beschließt|beschluss)\b.{0,60}:?\s*$",
    re.IGNORECASE,
)

# --- meeting headers ---------------------------------------------------------------------

MEETING_FIELD = re.compile(
    r"^(?P<f>sitzungstermin|sitzungsbeginn|sitzungsende|sitzungsort|sitzungsdatum|sitzungstag"
    r"|sitzungsraum|tagungsort|beginn|ende|ort\s*,\s*raum|raum\s*,\s*ort|ort|raum|gremium"
    r"|datum|zeit|uhrzeit|termin)\s*(?::\s*|\t\s*)(?P<v>\S.*)?$",
    re.IGNORECASE,
)
STRONG_MEETING_FIELDS = frozenset(
    {
        "sitzungstermin",
        "sitzungsbeginn",
        "sitzungsende",
        "sitzungsort",
        "sitzungsdatum",
        "sitzungstag",
        "sitzungsraum",
        "tagungsort",
        "beginn",
        "ort, raum",
        "raum, ort",
        "ort",
        "raum",
    }
)
_INLINE_END = re.compile(r"\bende\s*:\s*\S", re.IGNORECASE)


def meeting_fields(clean: str) -> list[str]:
    """Meeting header field names on the line ("Beginn: 19:00 Uhr Ende: 21:15 Uhr" → 2)."""
    m = MEETING_FIELD.match(clean)
    if not m:
        return []
    f = re.sub(r"\s*,\s*", ", ", m.group("f").lower())
    out = [f]
    v = m.group("v") or ""
    if f == "beginn" and _INLINE_END.search(v):
        out.append("ende")
    return out


MEETING_TITLE_WORD = re.compile(
    r"^(?:(?:öffentliche|nichtöffentliche|nicht\s+öffentliche)\s+)?"
    r"(?P<w>sitzungsniederschrift|ergebnisniederschrift|niederschrift|ergebnisprotokoll"
    r"|beschlussprotokoll|wortprotokoll|sitzungsprotokoll|protokoll|einladung"
    r"|bekanntmachung|tagesordnung)\b(?!\s*:)(?P<rest>.*)$",
    re.IGNORECASE,
)


def meeting_title_kind(word: str) -> str:
    """Niederschrift, Einladung or Tagesordnung for a meeting title word."""
    w = word.lower()
    if w.endswith(("niederschrift", "protokoll")):
        return "Niederschrift"
    if w in ("einladung", "bekanntmachung"):
        return "Einladung"
    return "Tagesordnung"


SITZUNG_TITLE = re.compile(
    r"\b\d{1,3}\.\s*(?:[A-Za-zÄÖÜäöüß-]+\s+){0,3}sitzung\b"
    r"|\bsitzung\s+(?:des|der|am|vom)\b"
    r"|\b(?:öffentliche|nichtöffentliche|ordentliche|konstituierende)n?\s+sitzung\b",
    re.IGNORECASE,
)

# --- agenda headings ---------------------------------------------------------------------

# Minutes: "zu 3.1 …", "Zu TOP 5", "TOP 3:", "Tagesordnungspunkt 4".
AGENDA_SECTION = re.compile(
    r"^(?:zu\s+(?:top\s*)?|top\s*|tagesordnungspunkt\s*)(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?(?=\s|:|$)",
    re.IGNORECASE,
)
AGENDA_SECTION_FIRST = ignorecase_chars("zt")  # what AGENDA_SECTION's match starts with
# Agendas: "Ö 1 Eröffnung", "3.1 Transparenz …", "N 2.1 …".
AGENDA_ITEM = re.compile(r"^(?:[ÖN]\s*)?\d{1,2}(?:\.\d{1,2})+\.?\s+\S|^(?:[ÖN]\s*)\d{1,2}\.?\s+\S")

# --- closings, signatures, press ---------------------------------------------------------

CLOSING = re.compile(
    r"^(?:vielen|herzlichen|besten)\s+dank\b.{0,40}$|^danke(?:\s+schön)?\b.{0,40}$",
    re.IGNORECASE,
)
CLOSING_FIRST = ignorecase_chars("vhbd")  # what a CLOSING match starts with
CLOSING_FOLLOW = re.compile(
    r"^(?:für\s+(?:ihre|die|eure|deine|ihr)\s+(?:aufmerksamkeit|interesse))\s*[.!]*$",
    re.IGNORECASE,
)
SIGNATURE_WORDS = re.compile(
    r"vorsitz|schriftführ|protokollführ|unterschrift|\bgez\.|gezeichnet|für die richtigkeit"
    r"|\bsitzung\b|^anlage|^mit freundlichen|^(?:der |die )?(?:ober)?bürgermeister(?:in)?$"
    r"|^datum\b|^(?:protokoll|sitzungsleitung|leitung|schriftführung|ort)\s*:",
    re.IGNORECASE,
)
# The end of a web page (a press release copied from the city's site).
WEB_FOOTER = re.compile(
    r"^(?:kommentar verfassen|kommentare?\s*\(\d+\)|artikel teilen|seite teilen|seite drucken"
    r"|zurück zur übersicht|nach oben)\s*$",
    re.IGNORECASE,
)
WEB_FOOTER_FIRST = ignorecase_chars("kasnz")  # what a WEB_FOOTER match starts with
PRESS_LINE = re.compile(
    r"^(?:pressemitteilung|presseinformation|pressemeldung|medieninformation"
    r"|medienmitteilung|presseerklärung|pressenotiz)\b(?!\s*:\s*$)",
    re.IGNORECASE,
)


def is_letterhead_like(clean: str, bullet: bool) -> bool:
    """A short header line (issuer, address block, type, number) without sentence end."""
    return (
        not bullet
        and len(clean) <= 80
        and not clean.endswith((".", ";", ","))
        and not AGENDA_SECTION.match(clean)
    )


def is_title_like(clean: str, bullet: bool) -> bool:
    return not bullet and len(clean) <= 250 and not clean.endswith((".", ";", ","))


def slide_like(cleans: list[str]) -> bool:
    """Do these lines read like slides (short, few sentences) rather than running prose?"""
    n = len(cleans)
    if n < 4:
        return False
    lengths = [len(c) for c in cleans]
    long_lines = sum(1 for x in lengths if x > 200)
    return long_lines <= max(1, n // 20) and sum(lengths) / n <= 80
