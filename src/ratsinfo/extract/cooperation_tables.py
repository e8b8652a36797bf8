"""Cooperations from the tables of a report.

Two table layouts are common in German cooperation reports:

* **Column tables** with a header row naming the columns ("Art | Thema | Arbeitsstand |
  Perspektive", "Kooperation | Partner | Rechtsform | Status | seit", "Kooperationspartner |
  Rechtsform | Laufzeit"). Rows that fill only their first cell name the responsible unit
  (Dezernat, Amt, Fachbereich); headings between tables set the priority category
  ("Kategorie II (hohe Priorität) Dezernat I"). A row continued across a page break repeats
  its Thema on the next page: the two rows are one cooperation.
* **Overview tables** of two columns, the unit ("GB 3", "Fachbereich 2") and a cell holding
  several cooperations as paragraphs and bullet lists. Each paragraph that names a
  cooperation starts one; short heading lines title the next paragraph; sentences that
  only explain the previous one ("Sie dient …") stay with it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from ratsinfo.read.base import Block, Reading

from . import cooperation_facts as facts
from .cooperation_facts import Draft, Span
from .needles import Words

_COLS: list[tuple[str, re.Pattern[str]]] = [
    ("partner", re.compile(r"partner|beteiligte|mitglieder|vertragspartner|kommunen\b", re.I)),
    ("legal", re.compile(r"rechtsform|organisationsform|rechtsgrundlage|^form\b|grundlage", re.I)),
    ("status", re.compile(r"^(?:status|stand|arbeitsstand|sachstand|umsetzungsstand)\b", re.I)),
    ("persp", re.compile(r"perspektive|ausblick|nächste schritte", re.I)),
    ("period", re.compile(r"\bseit\b|beitritt|^(?:beginn|laufzeit|zeitraum|jahr|gegründet|start|dauer|"
                          r"vertragslaufzeit|befristung)\b", re.I)),
    ("unit", re.compile(r"zuständig|federführ|verantwortlich|organisationseinheit|"
                        r"^(?:fachbereich|amt|dezernat|geschäftsbereich)$", re.I)),
    ("kind", re.compile(r"^(?:art|typ|ebene|art der zusammenarbeit|form der zusammenarbeit)$",
                        re.I)),
    ("title", re.compile(r"^(?:thema|kooperation\w*|maßnahme\w*|projekt\w*|bezeichnung|gegenstand|"
                         r"aufgabe\w*|vorhaben|titel|name|inhalt|zweckverband\w*|"
                         r"mitgliedschaft\w*|einrichtung|aktivität\w*|handlungsfeld|"
                         r"zusammenarbeit|ikz)\b", re.I)),
    ("desc", re.compile(r"^(?:aufgabe\w*|beschreibung|inhalt|gegenstand|ziel\w*|zweck|"
                        r"erläuterung\w*|bemerkung\w*)\b", re.I)),
]
CATEGORY = re.compile(
    r"^\s*(?:Kategorie|Prioritätskategorie|Prioritätsstufe|Priorität)\s+([IVX]{1,4}|[1-9]|[A-C])\b"
    r"(.*)$"
)
_UNIT_IN = re.compile(r"\b((?:Dezernat|Geschäftsbereich|GB|Fachbereich|Referat|Beigeordnete[rn]?)"
                      r"\s+[\dIVX]+)\b")
_SUBUNIT = re.compile(r"^(?:Fachbereich|Bereich|Geschäftsbereich|Amt|Abteilung|Fachdienst|"
                      r"Sachgebiet|Referat|Stabsstelle|Team|Dezernat|Büro)\b")
_BULLET = re.compile(r"^\s*(?:[•▪◦○●·\-–*]|\d{1,2}[.)])\s+")
CUE = re.compile(
    r"Kooperation|kooperier|Zusammenarbeit|zusammen|gemeinsam|Vereinbarung|Vertrag|[Mm]itglied|"
    r"[Pp]artner|Verbund|Netzwerk|Arbeitsgruppe|Arbeitskreis|Arbeitsgemeinschaft|Austausch|"
    r"Abstimmung|Teilnahme|Mitarbeit|Mitwirkung|beteilig|interkommunal|Zweckverband|Bündnis"
)


def _literals(rx: re.Pattern[str]) -> list[str]:
    """The strings an alternation of plain words (or "[Xx]word") matches."""
    out: list[str] = []
    for alt in rx.pattern.split("|"):
        m = re.fullmatch(r"\[(\w)(\w)\](\w+)", alt)
        if m:
            out += [m.group(1) + m.group(3), m.group(2) + m.group(3)]
        else:
            assert re.fullmatch(r"\w+", alt), alt
            out.append(alt)
    return out


# CUE is an alternation of literal words: it matches wherever one of them occurs, and one
# Aho-Corasick pass tells that several times faster than the pattern.
_CUE_WORDS = Words(_literals(CUE))


def has_cue(text: str, start: int = 0, end: int | None = None) -> bool:
    """``CUE.search(text, start, end) is not None``."""
    return _CUE_WORDS.any_in(text[start:end] if start or end is not None else text)


_CONTINUES = re.compile(
    r"^(?:Sie|Er|Es|Dies\w*|Hierbei|Dabei|Damit|Hierzu|Dazu|Mit dieser|Mit diesem|Ziel\b|Zweck\b|"
    r"(?:Der|Die|Das)\s+(?:Zweckverband|Verein|Verband|Verbund|Bündnis\w*|Netzwerk|Projekt|"
    r"Vereinbarung|Kooperation|Gesellschaft|Arbeitsgruppe|Arbeitskreis)\b)"
)

HasPartner = Callable[[int, int], bool]


def _cell_text(text: str, start: int, end: int) -> str:
    return text[start:end]


_DIGIT = re.compile(r"\d")
_TITLE_COL = dict(_COLS)["title"]
# (Anchored, and no word of it holds a space or a colon.)
assert _TITLE_COL.pattern.startswith("^") and not re.search(
    r" |\\s|:", _TITLE_COL.pattern.replace("(?:", ""))
_TITLE_START = re.compile(r"[\s:]*" + _TITLE_COL.pattern[1:], _TITLE_COL.flags)


def _columns(cells: list[str], memo: dict[tuple[str, ...], dict[str, int] | None] | None = None
             ) -> dict[str, int] | None:
    """The columns a header row names (name -> cell index), or None for another row.
    ``memo`` keeps the answers for header-like rows: a table repeats its header on each page."""
    # A header has a title column. The title pattern reads only the first word of the
    # normalised cell (after space and colons), so it is asked of the raw cells first.
    if not any(_TITLE_START.match(c) for c in cells):
        return None
    norm = [" ".join(c.split()).strip(" :") for c in cells]
    filled = sum(1 for c in norm if c)
    named = [i for i, c in enumerate(norm) if c and len(c) <= 40 and not _DIGIT.search(c)]
    # Each cell names one column at most, and a header names a title column: most rows are
    # told apart from a header by these cheap tests (the title pattern is anchored).
    if (len(named) < 2 or len(named) < 0.75 * filled
            or not any(_TITLE_COL.search(norm[i]) for i in named)):
        return None
    key = tuple(norm)
    if memo is not None and key in memo:
        return memo[key]
    cols: dict[str, int] = {}
    for i in named:
        c2 = norm[i]
        for name, rx in _COLS:
            if rx.search(c2) and name not in cols:
                cols[name] = i
                break
    # A header names its columns: (nearly) every filled cell is a known column name.
    got = cols if "title" in cols and len(cols) >= 2 and len(cols) >= 0.75 * filled else None
    if memo is not None:
        memo[key] = got
    return got


_SENTENCE_END = re.compile(r"[.!?:](?=\s+[A-ZÄÖÜ„\"]|\s*$)")
_ABBREVIATIONS = frozenset({"bzw", "ca", "Nr", "u.a", "z.B"})


def last_word(seg: str, k: int) -> str:
    r"""What ``re.search(r"(\S+)$", seg[:k])`` captures, or "": the word that ends there
    (``$`` also matches before a final newline). Read backwards, not searched from the start."""
    j = k - 1 if k and seg[k - 1] == "\n" else k
    i = j
    while i and not seg[i - 1].isspace():
        i -= 1
    return seg[i:j]


def first_clause(text: str, start: int, end: int, limit: int = 140) -> tuple[str, Span]:
    """The opening words of a paragraph as its title: the first sentence, at most ``limit``."""
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    m = _BULLET.match(seg)
    if m:
        lead = m.end()
    cut = len(seg)
    for sm in _SENTENCE_END.finditer(seg):
        word = last_word(seg, sm.start())
        if word and (len(word) <= 2 or word in _ABBREVIATIONS):
            continue
        if sm.start() > lead:
            cut = sm.start()
            break
    if cut - lead > limit:
        sp = seg.rfind(" ", lead, lead + limit)
        cut = sp if sp > lead else lead + limit
    s, e = start + lead, start + cut
    return " ".join(text[s:e].split()), (s, e)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Non-blank lines of a cell: (start, end, is_bullet), bullets' marks kept in the span."""
    out: list[tuple[int, int, bool]] = []
    pos = start
    for raw in text[start:end].split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append((pos + lead, pos + lead + len(stripped), bool(_BULLET.match(raw))))
        pos += len(raw) + 1
    return out


_PUNCT_END = re.compile(r"[.;,!?]$")
_LOWER_WORD_END = re.compile(r"\s[a-zäöüß]+$")  # a line stopping mid-sentence
_SENTENCE_DONE = re.compile(r"[.!?:;)]\s*$")
_CLOSED_END = re.compile(r"[.!?:;)“\"]\s*$")


def _is_heading(line: str, has_next: bool) -> bool:
    s = line.strip()
    if not s or _BULLET.match(line):
        return False
    if s.endswith(":") and len(s) <= 160:
        return has_next
    return (has_next and len(s) <= 70 and not _PUNCT_END.search(s)
            and not s[:1].islower())


class _Overview:
    """State of an overview table read over several blocks (page breaks)."""

    def __init__(self, text: str, has_partner: HasPartner) -> None:
        self.text = text
        self.has_partner = has_partner
        self.unit: str | None = None
        self.unit_span: Span | None = None
        self.out: list[Draft] = []
        self.taken = 0  # how many of ``out`` the caller has collected
        self.open: Draft | None = None  # the last cooperation, may continue on the next row
        self.open_tail = False  # the last paragraph stopped mid-sentence

    def row(self, label: tuple[int, int] | None, content: tuple[int, int]) -> None:
        text = self.text
        if label is not None:
            raw = text[label[0] : label[1]].strip()
            if len(raw) > 30 or _LOWER_WORD_END.search(raw):
                # No unit label but text that slid into the first column at a page break.
                self.row(None, label)
                if text[content[0] : content[1]].strip():
                    self.row(None, content)
                return
            lab = raw.rstrip(":").strip()
            if lab:
                off = text.find(lab, label[0], label[1])
                self.unit, self.unit_span = lab, (off, off + len(lab))
                self.open, self.open_tail = None, False
        lines = _lines(text, content[0], content[1])
        if not lines:
            return
        # A paragraph cut by a page break goes on in the next row's first line.
        if self.open is not None and self.open_tail and label is None:
            s, e, _ = lines[0]
            self.open.ranges.append((s, e))
            lines = lines[1:]
            self.open_tail = bool(lines == []) and not _SENTENCE_DONE.search(text[s:e])
        current: Draft | None = None
        heading: tuple[str, Span] | None = None
        for k, (s, e, bullet) in enumerate(lines):
            line = text[s:e]
            has_next = k + 1 < len(lines)
            if not bullet and _is_heading(line, has_next):
                if _SUBUNIT.match(line.strip()) and not line.strip().endswith(":"):
                    current, heading = None, None
                    continue
                current = None
                heading = (" ".join(line.strip().rstrip(":").split()), (s, e))
                continue
            body = _BULLET.sub("", line, count=1).strip()
            if current is not None and (
                _CONTINUES.match(body) or not (has_cue(body) or self.has_partner(s, e))
            ):
                current.ranges.append((s, e))
                continue
            if heading is not None:
                current = Draft(title=heading[0], title_span=heading[1],
                                ranges=[heading[1], (s, e)], source="overview")
                heading = None
            else:
                title, tspan = first_clause(text, s, e)
                current = Draft(title=title, title_span=tspan, ranges=[(s, e)], source="overview")
            current.unit, current.unit_span = self.unit, self.unit_span
            self.out.append(current)
        if heading is not None:
            d = Draft(title=heading[0], title_span=heading[1], ranges=[heading[1]],
                      source="overview")
            d.unit, d.unit_span = self.unit, self.unit_span
            self.out.append(d)
            current = d
        self.open = current
        last = text[lines[-1][0] : lines[-1][1]] if lines else ""
        self.open_tail = bool(last) and not _CLOSED_END.search(last) and bool(
            _LOWER_WORD_END.search(last)
        )


def _is_overview(text: str, block: Block) -> bool:
    rows = [r for r in block.rows if len(r.cells) == 2]
    if len(rows) < 2 or len(rows) < 0.6 * len(block.rows):
        return False
    short = long = 0
    for r in rows:
        a = text[r.cells[0].start : r.cells[0].end].strip()
        b = text[r.cells[1].start : r.cells[1].end].strip()
        if len(a) <= 25 and not a.endswith("."):
            short += 1
        if len(b) >= 60:
            long += 1
    return short >= 0.8 * len(rows) and long >= 0.5 * len(rows)


def _blocks_in(reading: Reading, start: int, end: int) -> Iterator[Block]:
    """The blocks overlapping ``[start, end)``; blocks are in text order."""
    blocks = reading.blocks
    i = bisect.bisect_left([b.end for b in blocks], start + 1) if blocks else 0
    while i < len(blocks) and blocks[i].start < end:
        yield blocks[i]
        i += 1


def table_cooperations(reading: Reading, has_partner: HasPartner,
                       start: int = 0, end: int | None = None) -> list[Draft]:
    """Cooperations of the column and overview tables of ``reading.text[start:end]``."""
    text = reading.text
    end = len(text) if end is None else end
    out: list[Draft] = []
    cols: dict[str, int] | None = None
    ncells = 0
    category: str | None = None
    category_span: Span | None = None
    unit: str | None = None
    unit_span: Span | None = None
    overview: _Overview | None = None
    kinds: dict[str, str | None] = {}  # the "Art" column repeats a few values
    headers: dict[tuple[str, ...], dict[str, int] | None] = {}
    legals: dict[str, str | None] = {}
    for block in _blocks_in(reading, start, end):
        if block.kind != "table":
            if block.kind == "page_break":
                continue
            line = text[block.start : block.end].strip()
            m = CATEGORY.match(line)
            if m:
                category = m.group(1)
                category_span = (block.start + (m.start(1) - 0), block.start + m.end(1))
                off = text.find(m.group(1), block.start, block.end)
                category_span = (off, off + len(m.group(1)))
                um = _UNIT_IN.search(m.group(2))
                if um:
                    uo = text.find(um.group(1), block.start, block.end)
                    unit, unit_span = um.group(1), (uo, uo + len(um.group(1)))
                else:
                    unit, unit_span = None, None
            elif len(line) > 200:
                overview = None  # running text ends an overview table
            continue
        rows = block.rows
        if not rows:
            continue
        first = [text[c.start : c.end] for c in rows[0].cells]
        hdr = _columns(first, headers)
        if hdr is None and (cols is None or len(first) != ncells):
            if _is_overview(text, block) or (overview is not None and len(first) == 2):
                if overview is None:
                    overview = _Overview(text, has_partner)
                for r in rows:
                    if len(r.cells) < 2:
                        continue
                    a, b = r.cells[0], r.cells[-1]
                    label = (a.start, a.end) if text[a.start : a.end].strip() else None
                    overview.row(label, (b.start, b.end))
                out.extend(overview.out[overview.taken :])
                overview.taken = len(overview.out)
            cols = None
            continue
        overview = None
        last_in_prev: Draft | None = out[-1] if out and out[-1].source == "table" else None
        boundary = True  # a table start or repeated header row: a page break lies before
        for r in rows:
            cells = [text[c.start : c.end] for c in r.cells]
            h = _columns(cells, headers)
            if h is not None:
                cols, ncells = h, len(cells)
                boundary = True
                continue
            if cols is None:
                continue
            filled = [i for i, c in enumerate(cells) if c.strip()]
            if not filled:
                continue
            if len(filled) == 1 and len(cells) > 1:
                only = cells[filled[0]].strip()
                if len(only) <= 90 and not only.endswith(".") and filled[0] == 0:
                    cm = CATEGORY.match(only)
                    if cm:
                        category = cm.group(1)
                        off = text.find(cm.group(1), r.start, r.end)
                        category_span = (off, off + len(cm.group(1)))
                        continue
                    off = text.find(only, r.cells[0].start, r.cells[0].end)
                    unit, unit_span = only.rstrip(":"), (off, off + len(only.rstrip(":")))
                    last_in_prev = None
                    continue
            ti = cols["title"]
            if ti >= len(r.cells):
                continue
            tc = r.cells[ti]
            tcell = cells[ti].strip()
            kind_cell = r.cells[cols["kind"]] if "kind" in cols and cols["kind"] < len(r.cells) else None
            if not tcell:
                # Only the later columns filled: the previous row goes on.
                if out and out[-1].source == "table":
                    prev = out[-1]
                    for name in ("status", "persp", "partner"):
                        if name in cols and cols[name] < len(r.cells):
                            c = r.cells[cols[name]]
                            if text[c.start : c.end].strip():
                                prev.ranges.append((c.start, c.end))
                continue
            kind = kind_span = None
            if kind_cell is not None:
                raw_kind = text[kind_cell.start : kind_cell.end]
                if raw_kind in kinds:
                    kind = kinds[raw_kind]
                else:
                    kind = kinds[raw_kind] = facts.kind_value(raw_kind)
                if kind:
                    kind_span = (kind_cell.start, kind_cell.end)
            # A row repeated after a page break: same Thema, same kind, same unit.
            if (boundary and last_in_prev is not None
                    and last_in_prev.kind == kind and last_in_prev.unit == unit
                    and " ".join(last_in_prev.title.split()).casefold() == " ".join(
                        _BULLET.sub("", tcell.split("\n", 1)[0], count=1).split()).casefold()):
                _add_cells(last_in_prev, r.cells, cells, cols, text, legals)
                boundary = False
                continue
            boundary = False
            lines = _lines(text, tc.start, tc.end)
            parts: list[tuple[int, int]]
            if len(lines) > 1 and all(b for _, _, b in lines):
                parts = [(s, e) for s, e, _ in lines]  # one cooperation per bullet
            else:
                parts = [(tc.start, tc.end)]
            for ps, pe in parts:
                if len(parts) > 1:
                    title, tspan = first_clause(text, ps, pe, limit=200)
                else:
                    ls, le, _ = lines[0]
                    raw_first = text[ls:le]
                    title = " ".join(_BULLET.sub("", raw_first, count=1).split())
                    tspan = (ls, le)
                    if len(title) > 200:
                        title, tspan = first_clause(text, ls, le, limit=200)
                d = Draft(title=title, title_span=tspan, ranges=[(ps, pe)], source="table")
                d.unit, d.unit_span = unit, unit_span
                d.category, d.category_span = category, category_span
                d.kind, d.kind_span = kind, kind_span
                d.fact_ranges = [(ps, pe)]
                # Without a partner column the partners are those the Thema names.
                d.partner_ranges = [] if "partner" in cols else [(ps, pe)]
                _add_cells(d, r.cells, cells, cols, text, legals)
                out.append(d)
            last_in_prev = out[-1]
    return out


def _add_cells(d: Draft, cells: tuple, texts: list[str],  # type: ignore[type-arg]
               cols: dict[str, int], text: str, legals: dict[str, str | None]) -> None:
    """The values of a row's other columns; ``texts`` are its cells' texts, ``legals`` the
    table's Rechtsform values read so far (the column repeats a few)."""
    n = len(cells)

    def cell(name: str) -> int | None:
        i = cols.get(name)
        return i if i is not None and i < n and texts[i].strip() else None

    i = cell("partner")
    if i is not None:
        d.partner_cells.append((cells[i].start, cells[i].end))
    i = cell("legal")
    if i is not None and d.legal_form is None:
        raw = texts[i]
        if raw in legals:
            v = legals[raw]
        else:
            v = legals[raw] = facts.legal_value(raw)
        if v:
            d.legal_form, d.legal_span = v, (cells[i].start, cells[i].end)
    st_values: list[tuple[str, Span]] = []
    i = cell("desc")
    if i is not None:
        dc = (cells[i].start, cells[i].end)
        d.ranges.append(dc)
        if d.fact_ranges is not None:
            d.fact_ranges.append(dc)
    for name in ("status", "persp"):
        i = cell(name)
        if i is None:
            continue
        c = (cells[i].start, cells[i].end)
        d.ranges.append(c)
        if d.fact_ranges is not None:
            d.fact_ranges.append(c)
        if not facts.STATUS_VALUE_WORDS.any_in(texts[i].casefold()):
            continue  # no line of the cell can hold a status value
        for ls, le, _ in _lines(text, c[0], c[1]):
            v = facts.status_value(text[ls:le])
            if v:
                st_values.append((v, (ls, le)))
    if st_values:
        done = [x for x in st_values if x[0] == "abgeschlossen"]
        pick = done[0] if done else st_values[0]
        if d.status is None or pick[0] == "abgeschlossen":
            d.status, d.status_span = pick
    i = cell("period")
    if i is not None and d.since is None:
        s_out, u_out = facts.period_value(texts[i], cells[i].start)
        if s_out:
            d.since, d.since_span = s_out
        if u_out:
            d.until, d.until_span = u_out
    i = cell("unit")
    if i is not None and d.unit is None:
        raw = texts[i].strip()
        off = text.find(raw, cells[i].start, cells[i].end)
        d.unit, d.unit_span = raw, (off, off + len(raw))
