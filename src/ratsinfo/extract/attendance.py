"""Attendance lists of minutes, and the quorum.

Minutes list who was there under a status heading ("Anwesend sind:", "Abwesend:",
"Es fehlten entschuldigt:") and group headings ("Vorsitz", "Ausschussmitglieder",
"stellv. Mitglieder", "sachkundige Einwohner", "Verwaltung", "Gäste", "Schriftführer/in").
A row names one person and may carry party, organisation or function, and a remark
(arrival "ab 18:05 Uhr", departure "bis 20:00 Uhr", "entschuldigt", "f. Frau X").
Layouts handled:

- one person per line, cells separated by tabs (RIS exports) or by single spaces
  (PDF text, where the party is recognised by name);
- several persons per line (Word templates: cells separated by tabs or 2+ spaces);
- a table with a header row ("Name | Funktion | Fraktion | Anwesenheit", ALLRIS);
- prose lists ("Es fehlten entschuldigt: Herr A (SPD), Frau B (CDU)").

Everything is one pass over the lines of the block; every value gets its span.
"""

from __future__ import annotations

import re

from ratsinfo.split.lines import Line

from .names import ParsedName, match_person_name
from .parties import canonical_party, party_at, party_suffix
from .records import AttendanceRecord

Span = tuple[int, int]

_POLITICAL = frozenset(
    {"Vorsitz", "Mitglied", "Stellvertreter", "Sachkundige Einwohner", "Zusätzliches Mitglied"}
)

# Status headings. "nicht anwesend" must be tried before "anwesend".
_STATUS = re.compile(
    r"^(?:(?P<absent>(?:es\s+)?(?:fehlten|fehlen|fehlte|nicht\s+anwesend(?:\s+(?:sind|waren))?|abwesend(?:\s+(?:sind|waren))?|"
    r"entschuldigt\s+(?:fehlten|fehlen|abwesend)|abwesende\s+mitglieder|es\s+fehlt(?:en)?)"
    r"(?:\s*\(?\s*(?P<areason>(?:nicht\s+|un)?entschuldigt)\s*\)?)?)"
    r"|(?P<present>(?:es\s+(?:sind|waren)\s+)?anwesend(?:\s+(?:sind|waren))?|anwesende|teilnehmer(?:innen)?(?:\s+und\s+teilnehmer)?|"
    r"sitzungsteilnehmer(?:innen)?|teilnehmende|anwesenheit(?:sliste)?))"
    r"(?:\s*\(?\s*(?P<reason>(?:nicht\s+|un)?entschuldigt)\s*\)?)?\s*:?",
    re.IGNORECASE,
)

# Group headings → gold group. Order matters: specific before general.
_GROUPS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"vertreter(?:in(?:nen)?)?\s+des\s+zusätzlichen\s+mitglied", re.I),
        "Stellvertreter",
    ),
    (re.compile(r"zusätzliche[sr]?\s+mitglied", re.I), "Zusätzliches Mitglied"),
    (
        re.compile(
            r"(?:stellv(?:\.|ertretende[rsn]?)\s*(?:ausschuss|rats|gemeinderats|kreistags)?mitglied|stellvertreter|^vertreter(?:/?innen|in)?$|^vertretung)",
            re.I,
        ),
        "Stellvertreter",
    ),
    (
        re.compile(
            r"sachkundige[rn]?\s+(?:einwohner|bürger)|sachkundige$|beratende\s+mitglied", re.I
        ),
        "Sachkundige Einwohner",
    ),
    (
        re.compile(r"beir(?:ä|a)t|beiräte|seniorenvertret|jugendvertret|behindertenvertret", re.I),
        "Beirat",
    ),
    (re.compile(r"schriftführ|protokoll", re.I), "Schriftführung"),
    (re.compile(r"vorsitz|vorsitzende", re.I), "Vorsitz"),
    (
        re.compile(
            r"verwaltung|beigeordnete|dezernent|bürgermeister|fachbereich|amtsleit|geschäftsbereich|landrat|landrätin|mitarbeiter",
            re.I,
        ),
        "Verwaltung",
    ),
    (
        re.compile(
            r"gäste|^gast\b|sonstige\s+teilnehm|weitere\s+teilnehm|sachverständige|referent|zuhörer|presse",
            re.I,
        ),
        "Gast",
    ),
    (
        re.compile(
            r"mitglied|stadtverordnete|gemeinderät|gemeinderat|stadträt|stadtrat|ratsherr|ratsmitglied|kreisrät|kreistagsabgeordnet|gemeindevertreter|ortschaftsrät|ortsbeirat|bezirksverordnet|abgeordnete",
            re.I,
        ),
        "Mitglied",
    ),
]

_END = re.compile(
    r"^(?:tagesordnung|öffentlicher\s+teil|nicht\s?öffentlicher\s+teil|niederschrift\s*:|protokoll\s*:|sitzungsverlauf|"
    r"verlauf\s+der\s+sitzung|beratungsverlauf|top\s*\d|zu\s+(?:top\s*)?[ön]?\s?\d|[ÖN]\s+\d|\d{1,2}\.?\s+(?:eröffnung|begrüßung)|"
    r"eröffnung|beginn\s+der\s+sitzung|(?:der|die)\s+(?:vorsitzende|bürgermeister))",
    re.IGNORECASE,
)
_PAGE_FURNITURE = re.compile(r"^(?:seite\s+\d+(?:\s+von\s+\d+)?|-\s*\d+\s*-|\d+)$", re.IGNORECASE)

_REASON = re.compile(r"(?<!\w)(?P<r>(?:nicht\s+|un)?entschuldigt|entsch\.)(?!\w)", re.IGNORECASE)
_FROM = re.compile(
    r"(?<!\w)(?:ab|seit|von)\s+(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?:\s*Uhr)?", re.IGNORECASE
)
_UNTIL = re.compile(
    r"(?<!\w)(?:bis|-|–)\s*(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?:\s*Uhr)?", re.IGNORECASE
)
_TOP_NOTE = re.compile(
    r"\(?\s*(?:ab|bis|von|nach|vor)\s+(?:TOP|Tagesordnungspunkt|Punkt)\s*[ÖN]?\s*\d+(?:\.\d+)*\s*\)?",
    re.I,
)
_SUBST = re.compile(
    r"(?<!\w)(?:f\.|für|i\.\s?V\.(?:\s+für)?|in\s+Vertretung\s+(?:für|von)|Vertretung\s+für|als\s+Vertret(?:er|ung|erin)\s+(?:für|von))\s+",
    re.IGNORECASE,
)
_SUBST_BY = re.compile(
    r"(?<!\w)(?:vertreten\s+durch|Vertretung\s+durch|vertr\.\s+d\.)\s+", re.IGNORECASE
)
_STATUS_CELL = re.compile(
    r"^(?:anwesend|abwesend|fehlt|x|ja|nein|teilgenommen|nicht\s+anwesend)\b", re.IGNORECASE
)
_MULTI_SPACE = re.compile(r"\S(?: ?\S)*")
_HEADER_NAME = re.compile(
    r"^(?:name|vorname\s*,?\s*name|name\s*,\s*vorname|teilnehmer(?:in)?|mitglied)$", re.I
)
_HEADER_COLS = {
    "party": re.compile(
        r"^(?:fraktion|partei|fraktion\s*/\s*partei|partei\s*/\s*fraktion|fraktion/gruppe|gruppe)$",
        re.I,
    ),
    "function": re.compile(r"^(?:funktion|rolle|eigenschaft|status|art)$", re.I),
    "attendance": re.compile(
        r"^(?:anwesenheit|anwesend|teilnahme|bemerkung(?:en)?|anmerkung(?:en)?|hinweis)$", re.I
    ),
    "organization": re.compile(
        r"^(?:organisation|institution|dienststelle|amt|fachbereich|bereich|behörde|firma)$", re.I
    ),
}
_MAYOR = re.compile(r"(?:Ober)?[Bb]ürgermeister(?:in)?(?:/in)?", re.I)
_PROSE_SPLIT = re.compile(r"\s*(?:[,;]|\s+und\s+|\s+sowie\s+)\s*")


def _group_of(s: str) -> str | None:
    for rx, g in _GROUPS:
        if rx.search(s):
            return g
    return None


class _State:
    __slots__ = (
        "group",
        "group_span",
        "org",
        "org_span",
        "party",
        "party_span",
        "reason",
        "reason_span",
        "status",
        "status_span",
    )

    def __init__(self) -> None:
        self.status: str | None = None
        self.status_span: Span | None = None
        self.reason: str | None = None
        self.reason_span: Span | None = None
        self.group: str | None = None
        self.group_span: Span | None = None
        self.org: str | None = None
        self.org_span: Span | None = None
        self.party: str | None = None
        self.party_span: Span | None = None


def _cells(text: str, line: Line, *, keep_empty: bool = False) -> list[tuple[str, int, int]]:
    """(cell, start, end) of a line: split at tabs, else at runs of 2+ spaces.

    ``keep_empty`` keeps empty tab cells so that table columns stay in place."""
    raw = text[line.start : line.end]
    out: list[tuple[str, int, int]] = []
    if "\t" in raw:
        pos = 0
        for part in raw.split("\t"):
            s = part.strip()
            if s or keep_empty:
                k = part.find(s)
                out.append((s, line.start + pos + k, line.start + pos + k + len(s)))
            pos += len(part) + 1
        return out
    for m in _MULTI_SPACE.finditer(raw):
        out.append((m.group(), line.start + m.start(), line.start + m.end()))
    return out


def _heading(cell: str) -> tuple[str | None, str | None, str | None, int] | None:
    """(status, reason, group, consumed) if ``cell`` starts with a heading, else None.

    ``consumed`` is the length of the heading (content may follow after a colon)."""
    s = cell.rstrip()
    head, sep, _rest = s.partition(":")
    if not sep:
        head = s
    h = head.strip()
    if not h or len(h) > 70:
        return None
    m = _STATUS.match(h)
    status = reason = None
    group = None
    if m and m.end() > 0:
        status = "abwesend" if m.group("absent") else "anwesend"
        r = m.group("areason") or m.group("reason")
        if r:
            reason = (
                "nicht entschuldigt" if r.lower().startswith(("nicht", "un")) else "entschuldigt"
            )
        elif status == "abwesend" and re.search(r"entschuldigt", h, re.I):
            reason = "entschuldigt"
        tail = h[m.end() :].strip(" :-–")
        if tail:
            group = _group_of(tail)
            if group is None and not _only_filler(tail):
                return None
    else:
        if match_person_name(h, need_salutation=True) is not None:
            return None
        words = h.split()
        if len(words) > 7:
            return None
        group = _group_of(h)
        if group is None:
            return None
    consumed = len(head) + (1 if sep else 0)
    return status, reason, group, consumed


def _only_filler(s: str) -> bool:
    return (
        re.fullmatch(r"(?:sind|waren|die|folgende|mitglieder|personen|[:\s])*", s, re.I) is not None
    )


def _time(m: re.Match[str]) -> str:
    return f"{int(m.group('h')):02d}:{m.group('m')}"


def _apply_remarks(rec: AttendanceRecord, s: str, base: int) -> list[tuple[int, int]]:
    """Read remarks (times, reason, substitution, status) from ``s`` (at ``base`` in the
    text) into ``rec``; return the local ranges they used."""
    used: list[tuple[int, int]] = []
    for m in _TOP_NOTE.finditer(s):
        used.append((m.start(), m.end()))
    for m in _FROM.finditer(s):
        if not _inside(m.start(), used):
            rec.from_time = _time(m)
            rec.spans["from"] = (base + m.start(), base + m.end())
            used.append((m.start(), m.end()))
            break
    for m in _UNTIL.finditer(s):
        if not _inside(m.start(), used):
            rec.until = _time(m)
            rec.spans["until"] = (base + m.start(), base + m.end())
            used.append((m.start(), m.end()))
            break
    for m in _REASON.finditer(s):
        r = m.group("r").lower()
        rec.reason = "nicht entschuldigt" if r.startswith(("nicht", "un")) else "entschuldigt"
        rec.spans["reason"] = (base + m.start(), base + m.end())
        rec.status = "abwesend"
        rec.spans["status"] = rec.spans["reason"]
        used.append((m.start(), m.end()))
        break
    for rx, is_by in ((_SUBST, False), (_SUBST_BY, True)):
        m = rx.search(s)
        if m is None:
            continue
        p = match_person_name(s, m.end())
        if p is None or (
            p.salutation is None and (p.given is None or p.spans["family"][0] < p.spans["given"][0])
        ):
            # "Beigeordneter für Bau, Umwelt" is a function, not a substitution.
            continue
        if not is_by:
            rec.substitute_for = p.full
            rec.spans["substitute_for"] = (base + p.name_start, base + p.end)
        used.append((m.start(), p.end))
    m = _STATUS_CELL.match(s.strip())
    if m and rec.reason is None:
        k = s.find(m.group())
        word = m.group().lower()
        if word in ("anwesend", "x", "ja", "teilgenommen"):
            rec.status = "anwesend"
        else:
            rec.status = "abwesend"
        rec.spans["status"] = (base + k, base + k + len(m.group()))
        used.append((k, k + len(m.group())))
    return used


def _inside(k: int, used: list[tuple[int, int]]) -> bool:
    return any(a <= k < b for a, b in used)


def _leftover(s: str, used: list[tuple[int, int]]) -> tuple[str, int] | None:
    """The longest run of ``s`` outside ``used`` ranges, stripped (text, local offset)."""
    mask = [True] * len(s)
    for a, b in used:
        for k in range(max(0, a), min(len(s), b)):
            mask[k] = False
    best: tuple[str, int] | None = None
    k = 0
    n = len(s)
    while k < n:
        if not mask[k]:
            k += 1
            continue
        j = k
        while j < n and mask[j]:
            j += 1
        seg = s[k:j]
        st = seg.strip(" ,;:()-–\t")
        if st and any(c.isalpha() for c in st) and (best is None or len(st) > len(best[0])):
            best = (st, k + seg.find(st))
        k = j
    return best


class _Extractor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[AttendanceRecord] = []
        self.st = _State()
        self.columns: dict[str, int] | None = None
        self.last_org_row: AttendanceRecord | None = None

    # -- records -------------------------------------------------------------------
    def _new(self, p: ParsedName, base: int) -> AttendanceRecord:
        st = self.st
        rec = AttendanceRecord(name=p.full)
        rec.spans["name"] = (base + p.name_start, base + p.end)
        if p.title:
            rec.title = p.title
            rec.spans["title"] = (base + p.spans["title"][0], base + p.spans["title"][1])
        if st.group:
            rec.group = st.group
            if st.group_span:
                rec.spans["group"] = st.group_span
        if st.status:
            rec.status = st.status
            if st.status_span:
                rec.spans["status"] = st.status_span
        if st.reason:
            rec.reason = st.reason
            if st.reason_span:
                rec.spans["reason"] = st.reason_span
        if rec.group is None and p.role:
            # "Es fehlten: Gemeinderätin Eva Roth": the office tells the group.
            g = _group_of(p.role)
            if g:
                rec.group = g
                rec.spans["group"] = (base + p.spans["role"][0], base + p.spans["role"][1])
        if st.party:
            rec.party = st.party
            if st.party_span:
                rec.spans["party"] = st.party_span
        if st.org and st.group in ("Beirat", "Verwaltung", "Gast"):
            rec.organization = st.org
            if st.org_span:
                rec.spans["organization"] = st.org_span
        return rec

    def _set_party(self, rec: AttendanceRecord, value: str, span: Span) -> None:
        rec.party = value
        rec.spans["party"] = span

    def _set_org(self, rec: AttendanceRecord, value: str, span: Span) -> None:
        rec.organization = value
        rec.spans["organization"] = span

    def _finish(self, rec: AttendanceRecord) -> None:
        if rec.status is None:
            # A list without a status heading lists who was there.
            rec.status = "anwesend" if rec.reason is None else "abwesend"
        if rec.group is None and rec.substitute_for:
            rec.group = "Stellvertreter"
        self.out.append(rec)

    # -- one person inside a string (a cell run or a single-space row) -------------
    def person_in(
        self, s: str, base: int, *, political: bool, strict: bool
    ) -> AttendanceRecord | None:
        """Parse "name [party] [org/function] [remarks]" from ``s``."""
        p = match_person_name(s, 0, need_salutation=strict)
        if p is None or (
            p.given is None and p.salutation is None and p.title is None and p.role is None
        ):
            return None
        rec = self._new(p, base)
        rest = s[p.end :]
        rbase = base + p.end
        used = _apply_remarks(rec, rest, rbase)
        # A party in brackets or at the start of the rest, or ending the rest.
        pm = re.search(r"\(([^()]{1,60})\)", rest)
        found_party = False
        if pm and canonical_party(pm.group(1)):
            self._set_party(rec, pm.group(1).strip(), (rbase + pm.start(1), rbase + pm.end(1)))
            used.append((pm.start(), pm.end()))
            found_party = True
        if not found_party:
            lead = len(rest) - len(rest.lstrip(" ,–-"))
            stripped_end = self._party_end(rest, lead)
            if stripped_end is not None:
                self._set_party(
                    rec, rest[lead:stripped_end].strip(), (rbase + lead, rbase + stripped_end)
                )
                used.append((lead, stripped_end))
                found_party = True
        if not found_party:
            # The party may end the text before the remarks: cut the remarks off first.
            cut = min((a for a, _b in used), default=len(rest))
            head = rest[:cut].rstrip(" ,")
            k = party_suffix(head)
            if k is not None and head[:k].strip(" ,"):
                self._set_party(rec, head[k:].strip(), (rbase + k, rbase + len(head)))
                used.append((k, len(head)))
                found_party = True
        left = _leftover(rest, used)
        if left:
            val, k = left
            if political and not found_party and len(val.split()) <= 4 and rec.party is None:
                # An unknown Wählergruppe in a member row: the party column.
                self._set_party(rec, val, (rbase + k, rbase + k + len(val)))
            elif not political:
                self._set_org(rec, val, (rbase + k, rbase + k + len(val)))
                self.last_org_row = rec
        return rec

    def _party_end(self, s: str, k: int) -> int | None:
        """End of a party name starting at ``s[k]``, or None."""
        if not party_at(s, k):
            return None
        from .parties import _FIND

        m = _FIND.match(s, k)
        return m.end() if m else None

    # -- lines ---------------------------------------------------------------------
    def row(self, line: Line) -> bool:
        """Handle one person row (maybe several persons); False if it is not one."""
        cells = _cells(self.text, line)
        if not cells:
            return False
        if self.columns is not None and len(cells) >= 2:
            return self.table_row(_cells(self.text, line, keep_empty=True))
        political = self.st.group in _POLITICAL or self.st.group is None
        if len(cells) == 1:
            s, a, _b = cells[0]
            rec = self.person_in(s, a, political=political, strict=False)
            if rec is None:
                return False
            self._finish(rec)
            return True
        # Several cells: each cell that starts with a name begins a person.
        recs: list[AttendanceRecord] = []
        cur: AttendanceRecord | None = None
        for s, a, _b in cells:
            p = match_person_name(s, 0)
            is_name = p is not None and (
                p.salutation is not None
                or p.title is not None
                or p.role is not None
                or (p.given is not None and p.end >= len(s.rstrip()) - 0)
            )
            if is_name and not (cur is not None and canonical_party(s)):
                rec = self.person_in(s, a, political=political, strict=False)
                if rec is not None:
                    cur = rec
                    recs.append(rec)
                    continue
            if cur is None:
                return False
            self.attribute(cur, s, a, political)
        if not recs:
            return False
        for rec in recs:
            self._finish(rec)
        return True

    def attribute(self, rec: AttendanceRecord, s: str, a: int, political: bool) -> None:
        """A further cell of a person row: party, organisation/function or a remark."""
        if canonical_party(s) and "party" not in rec.spans:
            self._set_party(rec, s, (a, a + len(s)))
            return
        used = _apply_remarks(rec, s, a)
        left = _leftover(s, used)
        if not left:
            return
        val, k = left
        if political and rec.party is None and len(val.split()) <= 4 and not used:
            self._set_party(rec, val, (a + k, a + k + len(val)))
        elif not political and rec.organization is None:
            if canonical_party(val) and rec.party is None:
                self._set_party(rec, val, (a + k, a + k + len(val)))
            else:
                self._set_org(rec, val, (a + k, a + k + len(val)))
                self.last_org_row = rec

    def table_row(self, cells: list[tuple[str, int, int]]) -> bool:
        cols = self.columns or {}
        ni = cols.get("name", 0)
        if ni >= len(cells):
            return False
        # Cells are positional; an empty cell would shift them, so map by index only when
        # the row has as many cells as the header.
        s, a, _b = cells[ni]
        p = match_person_name(s, 0)
        if p is None:
            return False
        rec = self._new(p, a)
        for key, idx in cols.items():
            if key == "name" or idx >= len(cells):
                continue
            v, va, vb = cells[idx]
            if not v:
                continue
            if key == "party":
                self._set_party(rec, v, (va, vb))
            elif key == "function":
                g = _group_of(v)
                if g:
                    rec.group = g
                    rec.spans["group"] = (va, vb)
                elif rec.group is None:
                    self._set_org(rec, v, (va, vb))
            elif key == "organization":
                self._set_org(rec, v, (va, vb))
            elif key == "attendance":
                _apply_remarks(rec, v, va)
        self._finish(rec)
        return True

    def header(self, line: Line) -> bool:
        cells = _cells(self.text, line)
        if len(cells) < 2 or not _HEADER_NAME.match(cells[0][0]):
            return False
        cols = {"name": 0}
        for i, (s, _a, _b) in enumerate(cells[1:], 1):
            for key, rx in _HEADER_COLS.items():
                if rx.match(s) and key not in cols:
                    cols[key] = i
                    break
        if len(cols) < 2:
            return False
        self.columns = cols
        return True

    def prose(self, s: str, base: int) -> int:
        """Persons listed in running text after a heading: "Herr A (SPD), Frau B und Herr C"."""
        n = 0
        pos = 0
        political = self.st.group in _POLITICAL or self.st.group is None
        depth_ok = True
        for m in _PROSE_SPLIT.finditer(s + ","):
            seg = s[pos : m.start()]
            # Do not split inside brackets: "(SPD, ab 18:00 Uhr)".
            if seg.count("(") > seg.count(")"):
                depth_ok = False
                continue
            depth_ok = True
            st = seg.strip(" .")
            if st:
                k = seg.find(st)
                rec = self.person_in(st, base + pos + k, political=political, strict=False)
                if rec is not None:
                    self._finish(rec)
                    n += 1
            pos = m.end()
        del depth_ok
        return n

    # -- the block -----------------------------------------------------------------
    def run(self, lines: list[Line], i0: int, i1: int) -> None:
        start = self._find_start(lines, i0, i1)
        if start is None:
            return
        unknown = 0
        i = start
        limit = min(i1, start + 400)
        while i < limit and unknown < 3:
            line = lines[i]
            clean = line.clean
            if _END.match(clean) and i > start:
                break
            if _PAGE_FURNITURE.match(clean) or (
                line.page_break and i > start and self._running_header(clean)
            ):
                i += 1
                continue
            if self.header(line):
                i += 1
                continue
            first = _cells(self.text, line)
            cell0 = first[0][0] if first else clean
            h = _heading(cell0)
            if h is not None and not (self.columns is not None and len(first) >= 2):
                unknown = 0
                self._apply_heading(h, line, first)
                rest_i = first[0][1] + h[3] if first else line.start
                rest = self.text[rest_i : line.end]
                if rest.strip():
                    # "Schriftführer/in: Frau X" or "Es fehlten entschuldigt: Herr A, Frau B".
                    self._inline(rest, rest_i, lines, i)
                self.last_org_row = None
                i += 1
                continue
            if self.row(line):
                unknown = 0
                i += 1
                continue
            if self._continuation(line):
                i += 1
                continue
            unknown += 1
            i += 1

    def _running_header(self, clean: str) -> bool:
        return (
            len(clean) < 120
            and _group_of(clean) is None
            and match_person_name(clean, need_salutation=True) is None
        )

    def _continuation(self, line: Line) -> bool:
        """A wrapped organisation/function cell ("und Mobilität") continues the last row."""
        rec = self.last_org_row
        if rec is None or rec.organization is None or "\t" in line.clean or len(line.clean) > 50:
            return False
        if match_person_name(line.clean, need_salutation=True) is not None or ":" in line.clean:
            return False
        a, _b = rec.spans["organization"]
        rec.organization = f"{rec.organization} {line.clean}"
        rec.spans["organization"] = (a, line.end)
        return True

    def _inline(self, rest: str, base: int, lines: list[Line], i: int) -> None:
        stripped = rest.strip()
        k = rest.find(stripped)
        listed = stripped.count(",") + stripped.count(";") >= 1 or " und " in stripped
        if listed and self.prose(stripped, base + k):
            return
        line_like = Line(
            start=base + k,
            end=base + k + len(stripped),
            clean=stripped,
            bullet=False,
            page_break=False,
            blank_before=0,
        )
        if not self.row(line_like):
            # "Vorsitz: Seniorenbeirat" – not a person: the heading's organisation.
            self.st.org = stripped
            self.st.org_span = (base + k, base + k + len(stripped))

    def _apply_heading(
        self,
        h: tuple[str | None, str | None, str | None, int],
        line: Line,
        cells: list[tuple[str, int, int]],
    ) -> None:
        status, reason, group, consumed = h
        a = cells[0][1] if cells else line.start
        span = (a, a + max(1, consumed))
        st = self.st
        if status is not None:
            st.status, st.status_span = status, span
            st.reason, st.reason_span = (reason, span) if reason else (None, None)
            st.group, st.group_span = None, None
            st.party = st.party_span = None
            st.org = st.org_span = None
            self.columns = None
        if group == "Schriftführung" and status is None and st.status == "abwesend":
            # The clerk heading often follows the absentees; whoever keeps the minutes is there.
            st.status, st.status_span = "anwesend", span
            st.reason = st.reason_span = None
        h0 = (cells[0][0] if cells else "")[:consumed].strip(" :")
        if group == "Verwaltung" and st.group is None and _MAYOR.fullmatch(h0):
            # A council list opening with "Bürgermeister:" names its chair (Gemeindeordnungen
            # make the mayor chair of the council).
            group = "Vorsitz"
        if group is not None:
            st.group, st.group_span = group, span
            st.org = st.org_span = None
            st.party = st.party_span = None
            if group == "Beirat":
                # "Seniorenbeirat" as a heading names the organisation of those below.
                h0 = cells[0][0] if cells else ""
                name = h0[:consumed].strip(" :")
                if re.search(r"\w+beirat\b", name, re.I) and not re.search(
                    r"vertreter|beiräte", name, re.I
                ):
                    st.org, st.org_span = name, (a, a + len(name))
        elif status is None:
            pass

    def _find_start(self, lines: list[Line], i0: int, i1: int) -> int | None:
        for i in range(i0, i1):
            clean = lines[i].clean
            if len(clean) > 200:
                continue
            h = _heading(clean.split("\t", 1)[0])
            if h is not None and h[0] is not None:
                return i
            if self.header(lines[i]):
                self.columns = None
                return i
        return None


def extract_attendance(text: str, lines: list[Line], i0: int, i1: int) -> list[AttendanceRecord]:
    """Who was there (and who not) according to the minutes ``lines[i0:i1]``."""
    ex = _Extractor(text)
    ex.run(lines, max(0, i0), min(i1, len(lines)))
    return ex.out


# -- quorum ------------------------------------------------------------------------

_NUMWORDS = {
    "ein": 1,
    "eins": 1,
    "einem": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    "zwanzig": 20,
}
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(_NUMWORDS, key=len, reverse=True)) + r")"
_MEMBERS = (
    r"(?:stimmberechtigten\s+|ordentlichen\s+|gesetzlichen\s+)?(?:Ausschuss|Gemeinderats|Rats|Kreistags|Ortsbeirats|Ortschaftsrats)?"
    r"(?:mitglieder(?:n)?|Mitglieder(?:n)?|Stadtverordneten|Gemeindevertreter(?:n|innen)?|Gemeinderät(?:inn)?en|Stadträt(?:inn)?en|Abgeordneten|Kreisrät(?:inn)?en|Ratsmitglieder(?:n)?)"
)
_Q1 = re.compile(
    rf"(?<![\w.,])(?P<p>{_NUM})\s+(?:von|der)\s+(?P<v>{_NUM})\s+{_MEMBERS}", re.IGNORECASE
)
_Q2 = re.compile(
    rf"(?<![\w.,])von\s+(?:den\s+)?(?P<v>{_NUM})\s+{_MEMBERS}\s+(?:\w+\s+){{0,3}}?(?:sind|waren|ist)\s+(?P<p>{_NUM})\s+(?:\w+\s+){{0,2}}?anwesend",
    re.IGNORECASE,
)
_Q3 = re.compile(
    rf"beschlussf(?:ä|a)hig(?:keit)?[^.\n]{{0,80}}?(?<![\w.,])(?P<p>{_NUM})\s+von\s+(?P<v>{_NUM})(?![\w.,])",
    re.IGNORECASE,
)
_Q4 = re.compile(
    rf"(?<![\w.,])(?P<p>{_NUM})\s+von\s+(?P<v>{_NUM})\s+(?:\w+\s+){{0,2}}?anwesend(?!\w)",
    re.IGNORECASE,
)


def _num(s: str) -> int | None:
    s = s.lower()
    if s.isdigit():
        return int(s)
    return _NUMWORDS.get(s)


def extract_quorum(
    text: str, lines: list[Line], i0: int, i1: int
) -> tuple[int | None, int | None, dict]:
    """(present, voting members, spans) from "6 von 8 stimmberechtigten Mitgliedern"."""
    i0, i1 = max(0, i0), min(i1, len(lines))
    if i0 >= i1:
        return None, None, {}
    a, b = lines[i0].start, lines[i1 - 1].end
    best: tuple[int, int, int, Span, Span] | None = None
    for rx in (_Q1, _Q2, _Q3, _Q4):
        m = rx.search(text, a, b)
        if m is None:
            continue
        p, v = _num(m.group("p")), _num(m.group("v"))
        if p is None or v is None or not (0 < p <= v <= 999):
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), p, v, m.span("p"), m.span("v"))
    if best is None:
        return None, None, {}
    _, p, v, ps, vs = best
    return p, v, {"quorum_present": ps, "quorum_voting": vs}
