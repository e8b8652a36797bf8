"""The Beratungsfolge of a paper: which Gremium deals with it, when, in which role.

Layouts seen in RIS exports and Word templates:

* a table, one row per line, cells tab-separated, columns in any order:
  ``12.05.2021⇥Gemeindevertretung⇥Entscheidung`` or ALLRIS
  ``Bauausschuss⇥05.04.2016⇥öffentlich⇥Vorberatung``;
* one value per line (a PDF table flattened): ``Datum der Sitzung`` / ``Gremium`` /
  ``03.03.2021`` / ``Hauptausschuss`` / ``17.03.2021`` / ``Ausschuss für …``;
* label and value in one cell: ``geplante Sitzungstermine 04.06.2021⇥Gremium
  Hauptausschuss⇥Zuständigkeit zur Kenntnis``;
* a Gremium with the role in brackets: ``Hauptausschuss (Vorberatung)``.

Cells are typed one by one (date, role, public status, Gremium, column header) and
grouped into rows: a table line is a row; in the flattened layout a repeated date or
Gremium opens the next row.
"""

from __future__ import annotations

import re

from ratsinfo.split.conventions import BODY_START, PAPER_LABEL
from ratsinfo.split.lines import Line

from .dates import find_dates
from .records import ConsultationRecord
from .text import span_in_line

BLOCK_LABEL = re.compile(
    r"^(?:beratungsfolge|beratungsreihenfolge|beratungsweg|beratungsgang|beratung in"
    r"|geplante\s+sitzungstermine|sitzungstermine|beratungstermine|zuständige gremien)\b",
    re.IGNORECASE,
)
_HEADER_WORDS = re.compile(
    r"^(?:(?:geplante\s+)?(?:sitzungstermine?|beratungstermine?)|datum(?:\s+der\s+sitzung)?"
    r"|sitzungsdatum|sitzung(?:\s+am)?|gremium|beratungsgremium|gremien|zuständigkeit"
    r"|beratungsart|art der beratung|rolle|status|ö\s*/\s*n|termin|top|beratung(?:sfolge)?"
    r"|beratungsreihenfolge|ergebnis)\b\s*:?\s*",
    re.IGNORECASE,
)
_ROLE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^(?:zur\s+)?(?:entscheidung|entscheidend|beschlussfassung|beschluss"
            r"|abschließende\s+beratung|abschließend|zur\s+beschlussfassung)$",
            re.IGNORECASE,
        ),
        "Entscheidung",
    ),
    (
        re.compile(
            r"^(?:zur\s+)?(?:vorberatung|vorberatend|beratung|empfehlung|mitberatung"
            r"|anhörung|zur\s+beratung|beratend)$",
            re.IGNORECASE,
        ),
        "Vorberatung",
    ),
    (
        re.compile(
            r"^(?:zur\s+)?(?:kenntnisnahme|kenntnis|zur\s+kenntnis(?:nahme)?|information"
            r"|zur\s+information|mitteilung)$",
            re.IGNORECASE,
        ),
        "Kenntnisnahme",
    ),
)
_STATUS = re.compile(r"^(?:nicht\s*-?\s*öffentlich|öffentlich|nö|ö|n|ö\s*/\s*n)$", re.IGNORECASE)
_ROLE_IN_BRACKETS = re.compile(r"^(?P<org>.+?)\s*\((?P<role>[^()]{3,40})\)$")
_ORG_WORD = re.compile(
    r"ausschuss|rat\b|rates\b|räte|versammlung|kreistag|tag\b|kommission|magistrat"
    r"|senat|vertretung|konferenz|präsidium|vorstand|gremium|bürgermeister|dienstberatung"
    r"|verwaltungsspitze|vertreter",
    re.IGNORECASE,
)
_MAX_LINES = 40


def role_of(value: str) -> str | None:
    v = " ".join(value.split()).strip(" .:")
    for rx, role in _ROLE_WORDS:
        if rx.match(v):
            return role
    return None


def _cell_tokens(cell: str) -> list[tuple[str, str]]:
    """Type one cell: [(kind, value)] with kind in header/date/role/status/org."""
    c = cell.strip()
    if not c:
        return []
    m = _HEADER_WORDS.match(c)
    if m:
        rest = c[m.end() :].strip()
        if not rest or _HEADER_WORDS.fullmatch(rest):
            return [("header", c)]
        c = rest  # label and value in one cell: "Gremium Hauptausschuss"
    role = role_of(c)
    if role:
        return [("role", c)]
    if _STATUS.match(c):
        return [("status", c)]
    dates = find_dates(c)
    if dates and len(dates[0].iso) == 10:
        d = dates[0]
        rest = (c[: d.start] + c[d.end :]).strip(" ,;-–")
        rest = re.sub(r"^(?:mo|di|mi|do|fr|sa|so)\w*\.?,?\s*", "", rest, flags=re.IGNORECASE)
        rest = re.sub(r",?\s*\d{1,2}[:.]\d\d\s*(?:uhr)?$", "", rest, flags=re.IGNORECASE).strip(
            " ,"
        )
        out = [("date", c[d.start : d.end])]
        if len(rest) >= 3 and _ORG_WORD.search(rest):
            out.extend(_cell_tokens(rest))
        return out
    m2 = _ROLE_IN_BRACKETS.match(c)
    if m2 and role_of(m2.group("role")):
        return [("org", m2.group("org")), ("role", m2.group("role"))]
    if 3 <= len(c) <= 150 and c[0].isupper() and not c.endswith((":", ".")):
        return [("org", c)]
    return [("other", c)]


def find_block(lines: list[Line], i0: int, i1: int) -> int | None:
    """Index of the line opening the Beratungsfolge block, if any."""
    for i in range(i0, i1):
        if BLOCK_LABEL.match(lines[i].clean):
            return i
    return None


def parse_consultations(
    text: str, lines: list[Line], i: int, limit: int
) -> list[ConsultationRecord]:
    """Consultations of the block opened at ``lines[i]`` (which may hold a first row)."""
    rows: list[ConsultationRecord] = []
    cur: dict[str, tuple[str, Line]] = {}

    def flush() -> None:
        nonlocal cur
        if "org" in cur:
            org, org_line = cur["org"]
            rec = ConsultationRecord(date=None, organization=org, role=None)
            rec.spans["organization"] = span_in_line(text, org_line, org)
            if "date" in cur:
                value, ln = cur["date"]
                dates = find_dates(value)
                rec.date = dates[0].iso if dates else None
                rec.spans["date"] = span_in_line(text, ln, value)
            if "role" in cur:
                value, ln = cur["role"]
                rec.role = role_of(value)
                rec.spans["role"] = span_in_line(text, ln, value)
            rows.append(rec)
        cur = {}

    end = min(limit, i + _MAX_LINES)
    for j in range(i, end):
        ln = lines[j]
        c = ln.clean
        if j > i:
            if ln.page_break or len(c) > 160 or BODY_START.match(c):
                break
            if c.endswith(":") and "\t" not in c:
                break
        cells = c.split("\t")
        if j == i:
            m = BLOCK_LABEL.match(cells[0])
            if m and cells[0][m.end() :].strip(" :") == "":
                cells = cells[1:]
            elif m and cells[0].lower().startswith(("beratungsfolge", "beratungsreihenfolge")):
                cells[0] = cells[0][m.end() :].strip(" :")
        tokens: list[tuple[str, str]] = []
        for cell in cells:
            tokens.extend(_cell_tokens(cell))
        if j > i and PAPER_LABEL.match(c) and not all(k == "header" for k, _ in tokens):
            break
        if any(k == "other" for k, _ in tokens) and not any(
            k in ("date", "role") for k, _ in tokens
        ):
            if j > i + 1:
                break
            continue
        table_row = len([t for t in tokens if t[0] in ("date", "org", "role")]) >= 2
        if table_row:
            flush()
        for kind, value in tokens:
            if kind in ("header", "status", "other"):
                continue
            if kind in cur:
                flush()
            if (
                kind == "org"
                and not table_row
                and "date" not in cur
                and not _ORG_WORD.search(value)
            ):
                continue  # flattened layout: without a date first, only a clear Gremium counts
            cur[kind] = (value, ln)
        if table_row:
            flush()
    flush()
    return rows
