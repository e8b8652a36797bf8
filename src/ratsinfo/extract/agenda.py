"""Agenda items of invitations and minutes: numbering, titles, papers, results, votes.

Two structures carry the agenda:

* the **list** under "Tagesordnung" (invitation and minutes alike): one line per item,
  numbered "1", "3.1", "Ö 5.1", "N 9", "TOP 4", often as table rows ("Ö 5.1<TAB>Betreff
  <TAB>Vorlage"); wrapped titles continue on the next lines, followed by "Vorlage: …",
  a bare Drucksache number and originator lines ("Fraktion …", "Einreicher: …");
* in minutes, the **sections**, one per item: "zu 3.1 …", "zu TOP Ö 5.1 …", "Zu TOP 4: …"
  or, in Word templates without "zu", the list's headings repeated. The text under a
  section gives the result (:mod:`.results`), the votes (:mod:`.votes`) and the resolution.

Items are keyed by part (Ö/N) and number; the list gives the order, sections fill in.
Everything is one pass over the lines plus regex scans of each section.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ratsinfo.split.lines import Line

from .needles import matches_at, starts_of
from .records import AgendaItemRecord, VoteRecord
from .references import find_labelled_references, find_references
from .results import item_result
from .text import join_wrapped
from .votes import PROCEDURAL, units, votes_in_unit

Span = tuple[int, int]

_HEAD = re.compile(
    r"^(?P<zu>(?:[Zz]u|ZU)\s+)?"
    r"(?P<top>(?:TOP|Top|TO|Tagesordnungspunkt|Punkt|Pkt\.)\s*(?:Nr\.\s*)?)?"
    r"(?:(?P<part>NÖ|Nö|Ö|N)\s?-?\s?)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?"
    r"(?:[ \t]*[:.)\-–][ \t]+|[ \t]+|\t|$)(?P<rest>.*)$"
)
_LIST_HEADING = re.compile(
    r"^(?:(?:vorläufige|geänderte|ergänzte)\s+)?(?:Tagesordnung|TAGESORDNUNG)(?:spunkte)?\b[^\t]{0,30}:?$"
    r"|^(?:TOP|Nr\.?|Pkt\.?)\t(?:Betreff|Gegenstand|Beratungsgegenstand|Bezeichnung|Thema)",
    re.IGNORECASE,
)
# A line of prose: a sentence of several words ending in a full stop.
_SENTENCE = re.compile(r"^[A-ZÄÖÜ][^\t]*\s\S+\s\S+\s[^\t]*[.!]$")
# Labels of an item's text in minutes ("Sachverhalt:", "Beschluss:", "Abstimmungsergebnis:").
_BODY_LABEL = re.compile(
    r"^(?:Abstimmungsergebnis|Abstimmung|Ergebnis|Beratungsergebnis|Beschluss|Beschlusstext"
    r"|Beschlussvorschlag|Beschlussempfehlung|Sachverhalt|Sachdarstellung|Begründung"
    r"|Beratung|Beratungsverlauf|Erläuterung(?:en)?|Diskussion)\s*:"
)
_PART_LINE = re.compile(
    r"^(?:[A-Z]\)?\s*|[IV]+\.\s*)?(?P<non>nicht[- ]?|Nicht[- ]?|NICHT[- ]?)?"
    r"(?:öffentliche[rs]?|Öffentliche[rs]?|ÖFFENTLICHE[RS]?)\s+(?:Teil|Sitzung|Sitzungsteil|TEIL)\b"
    r"[^\t]{0,25}$"
)
_LABEL = re.compile(
    r"(?<!\w)(?:Vorlage|Vorlagen-?Nr\.?|Drucksache|Drucksachen-?Nr\.?|Drucks\.|DS|Beschlussvorlage"
    r"|Einreicher(?:in)?|Antragsteller(?:in)?|Verfasser(?:in)?|Federführung|Federführend"
    r"|Berichterstatter(?:in)?|Referent(?:in)?|Einbringer(?:in)?|Vortragende[r]?)\s*:"
)
_ORIGINATOR_START = re.compile(
    r"^(?:Fraktion(?:en)?\s|[A-ZÄÖÜ][\w/.-]*-Fraktion\b|Stadtverordnete[rn]?\s|Stadträt\w*\s"
    r"|Gemeinderät\w*\s|Ratsmitglied\w*\s|Kreistagsmitglied\w*\s|Oberbürgermeister\w*\b"
    r"|Bürgermeister\w*\b|Landrat\b|Landrätin\b|Dezernat\b|Fachbereich\b|Geschäftsbereich\b"
    r"|Ortsbeirat\b|Ortsrat\b|Ortschaftsrat\b|Beigeordnete\w*\b|Amt\s+für\b)"
)
_REMARK_LINE = re.compile(r"^[-–(\[]\s*[\w ./]{2,40}\s*[-–)\]]$")  # "-Wiedervorlage-", "(Nachtrag)"
_FURNITURE = re.compile(
    r"^(?:Seite\s+\d+(?:\s*(?:von|/)\s*\d+)?|-\s*\d+\s*-|\d+\s*/\s*\d+|Seite\s*:?\s*\d+)$",
    re.IGNORECASE,
)
_SECTION_STOP = re.compile(
    r"^(?:Niederschrift|Protokoll|Verlauf der Sitzung|Sitzungsverlauf|Beratungsverlauf"
    r"|Beratung und Beschlussfassung|Wortprotokoll)\b"
)
_RESOLUTION_LABEL = re.compile(
    r"^(?:(?:geänderter|ergänzter|neuer)\s+)?(?:Beschlussvorschlag|Beschluss|Beschlusstext"
    r"|Beschlussempfehlung|Empfehlung)(?:\s*\([^)\n]{0,40}\))?\s*:[ \t]*",
    re.IGNORECASE,
)
_VOTE_LABEL = re.compile(
    r"^(?:Abstimmungsergebnis|Abstimmung|Ergebnis|Beschlussart|Abstimmungsverhalten"
    r"|Beschlussergebnis|Ja\b|Dafür\b)",
)
_ADDED = re.compile(
    r"(?:Tagesordnung|TO)\b(?:[^.]|\.(?=\d)){0,240}?\b(?:ergänzt|erweitert|aufgenommen|ergänzen|erweitern"
    r"|aufzunehmen|nachträglich|nachgereicht)"
    r"|\b(?:ergänzt|erweitert)\s+(?:die\s+)?Tagesordnung\b"
    r"|\bDringlichkeit\b[^.]{0,160}?\b(?:anerkannt|bejaht|festgestellt|zugestimmt|beschlossen)"
)
# The words each _ADDED match starts with: the pattern is tried only where one stands.
_ADDED_HEADS = ("Tagesordnung", "TO", "ergänzt", "erweitert", "Dringlichkeit")


def _added_matches(body: str) -> list[re.Match[str]]:
    """What ``_ADDED.finditer(body)`` gives."""
    return matches_at(_ADDED, body, starts_of(body, _ADDED_HEADS))


_NUM_MENTION = re.compile(
    r"(?:TOP|Punkte?s?|Tagesordnungspunkte?s?|Pkt\.)\s*(?:Nr\.\s*)?(?:(?P<part>NÖ|Ö|N)\s?)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?!\d)"
)
_DRINGLICH_TITLE = re.compile(r"\bDringlichkeits(?:antrag|vorlage|anfrage)\b")
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class _Head:
    index: int  # line index
    zu: bool
    top: bool
    part: bool | None  # True Ö, False N, None unmarked
    number: str
    rest: str


@dataclass(slots=True)
class _Item:
    head: _Head
    public: bool | None
    title_parts: list[str] = field(default_factory=list)
    title_span: Span | None = None
    papers: list[tuple[str, Span]] = field(default_factory=list)
    title_open: bool = True
    section: tuple[int, int] | None = None  # line range of the section body
    section_title: str | None = None
    section_title_span: Span | None = None
    added: Span | None = None
    in_list: bool = True
    sentences: int = 0  # prose sentences after the heading (list pass)


def _parse_head(line: Line) -> _Head | None:
    m = _HEAD.match(line.clean)
    if not m:
        return None
    part_s = m.group("part")
    zu, top = bool(m.group("zu")), bool(m.group("top"))
    rest = m.group("rest")
    if part_s and not (zu or top) and not rest:
        return None
    if not (zu or top or part_s):
        # A bare number: the title must start like a title, not like running text.
        first = rest.lstrip("\t ")[:1]
        if not first or not (first.isupper() or first in "„\"'(" or first.isdigit()):
            return None
        if first.isdigit() and "\t" not in rest:
            return None
    elif zu and not rest.strip() and not top and not part_s:
        return None  # "zu 2" alone: ambiguous, needs a title
    part = None if not part_s else part_s == "Ö"
    return _Head(-1, zu, top, part, m.group("num"), rest)


def _key(part: bool | None, number: str) -> tuple[bool | None, str]:
    return part, number


def _norm(s: str) -> str:
    return _WS.sub(" ", s.replace("\u00ad", "")).strip().casefold()


def _similar(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return 0.0
    if a.startswith(b) or b.startswith(a):
        return 1.0
    return SequenceMatcher(None, a[:200], b[:200], autojunk=False).ratio()


def _ratio(matches: int, length: int) -> float:
    """difflib's ratio formula, for its bounds computed here."""
    return 2.0 * matches / length if length else 1.0


def _similar_at_least(a: str, b: str, threshold: float) -> bool:
    """``_similar(a, b) >= threshold``, skipping the matcher where difflib's own upper
    bounds (real_quick_ratio, quick_ratio: lengths, then letter counts) fall short."""
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return threshold <= 0.0
    if a.startswith(b) or b.startswith(a):
        return threshold <= 1.0
    a, b = a[:200], b[:200]
    length = len(a) + len(b)
    if _ratio(min(len(a), len(b)), length) < threshold:
        return False
    if _ratio(sum((Counter(a) & Counter(b)).values()), length) < threshold:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


def _refs(text: str, start: int, end: int) -> list[tuple[str, Span]]:
    found: dict[str, Span] = {}
    for r in find_references(text, start, end):
        found.setdefault(r.value, (r.start, r.end))
    for r in find_labelled_references(text, start, end):
        if not any(r.start < e and s < r.end for s, e in found.values()):
            found.setdefault(r.value, (r.start, r.end))
    return sorted(found.items(), key=lambda kv: kv[1][0])


def _title_piece(text: str, line: Line, s: str, base: int) -> tuple[str, Span | None, bool]:
    """(title text, span, closed): ``s`` is a cell of ``line`` beginning at ``base``.

    The title ends before a label ("Vorlage: …") or a reference; what follows a
    reference on the same line is the originator.
    """
    cut = len(s)
    closed = False
    m = _LABEL.search(s)
    if m:
        cut, closed = m.start(), True
    refs = find_references(s, 0, cut)
    if refs:
        r = refs[0]
        if s[: r.start].strip(" \t-–:,"):
            cut, closed = r.start, True
        else:
            # A leading reference ("12/ABC/0345 Antrag …"): the title follows it.
            s2 = s[r.end : cut]
            lead = len(s2) - len(s2.lstrip(" \t-–:,"))
            piece = s2.strip(" \t-–:,")
            if not piece:
                return "", None, True
            start = base + r.end + lead
            return piece, (start, start + len(piece)), closed
    piece = s[:cut].rstrip(" \t-–:,")
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if not piece:
        return "", None, closed
    start = base + lead
    return piece, (start, start + len(piece)), closed


def _locate(text: str, line: Line, cell: str) -> int:
    raw = text[line.start : line.end]
    k = raw.find(cell)
    return line.start + (k if k >= 0 else 0)


def _furniture(lines: list[Line], i0: int, i1: int) -> set[int]:
    """Page numbers and running page headers (repeated first lines after page breaks)."""
    out: set[int] = set()
    seen: dict[str, list[int]] = {}
    for i in range(i0, i1):
        ln = lines[i]
        if _FURNITURE.match(ln.clean):
            out.add(i)
        elif ln.page_break and len(ln.clean) < 120:
            seen.setdefault(ln.clean, []).append(i)
    for idx in seen.values():
        if len(idx) >= 2:
            out.update(idx)
    return out


def _is_label_or_ref_line(text: str, line: Line) -> bool:
    if _LABEL.search(line.clean):
        return True
    refs = find_references(text, line.start, line.end)
    if not refs:
        return False
    # A line that is mostly a reference ("24/ABC/0117", "Drucksache 2021/1030").
    rest = line.clean
    for r in refs:
        rest = rest.replace(r.value, "")
    return len(rest.strip(" \t-–:,.")) < 25


def extract_agenda(
    text: str, lines: list[Line], i0: int, i1: int, kind: str
) -> list[AgendaItemRecord]:
    """Agenda items of the document ``lines[i0:i1]`` (an Einladung or a Niederschrift)."""
    i0, i1 = max(0, i0), min(i1, len(lines))
    if i0 >= i1:
        return []
    furniture = _furniture(lines, i0, i1)
    minutes = kind == "Niederschrift"

    # 1. The list.
    start = i0
    heading = False
    for i in range(i0, i1):
        if _LIST_HEADING.match(lines[i].clean):
            start, heading = i + 1, True
            break
    items: list[_Item] = []
    by_key: dict[tuple[bool | None, str], _Item] = {}
    part: bool | None = None
    cur: _Item | None = None
    prose = 0
    # Sentences between two numbered headings: the headings are sections, not a list.
    sentences_between = False
    value_below = False  # the line after a body label without value is its value
    list_end = start
    i = start
    while i < i1:
        ln = lines[i]
        c = ln.clean
        if i in furniture:
            if cur:
                cur.title_open = False
            i += 1
            continue
        pm = _PART_LINE.match(c)
        if pm and not _HEAD.match(c):
            part = not pm.group("non")
            if cur:
                cur.title_open = False
            i += 1
            continue
        if value_below:
            # "Abstimmungsergebnis:" / "1 Ja-Stimme, 10 Nein-Stimmen": a value, no heading.
            value_below = False
            if cur is not None:
                cur.title_open = False
                i += 1
                continue
        h = _parse_head(ln)
        if h is not None:
            h.index = i
            if h.zu:
                break  # the sections begin
            hp = h.part if h.part is not None else part
            if (
                not items
                and not heading
                and not (h.top or h.part is not None or h.number in ("1", "0"))
            ):
                i += 1
                continue
            if _key(hp, h.number) in by_key or (
                h.part is None and any(k[1] == h.number for k in by_key)
            ):
                break  # a number repeats: the sections (or another list) begin
            if minutes and not heading and cur is not None and cur.sentences:
                sentences_between = True
            cur = _Item(head=h, public=hp)
            items.append(cur)
            by_key[_key(hp, h.number)] = cur
            prose = 0
            cells = h.rest.split("\t")
            for cell in cells:
                if not cell:
                    continue
                cstart = _locate(text, ln, cell)
                for value, span in _refs(text, cstart, cstart + len(cell)):
                    if value not in [p for p, _ in cur.papers]:
                        cur.papers.append((value, span))
                if cur.title_open and not cur.title_parts:
                    piece, span, closed = _title_piece(text, ln, cell, cstart)
                    if piece:
                        cur.title_parts.append(piece)
                        cur.title_span = span
                    if closed:
                        cur.title_open = False
            i += 1
            continue
        if not items:
            i += 1
            if heading and i - start > 40:
                break
            continue
        # A line after an item: title continuation, papers, originators or prose.
        lm = _BODY_LABEL.match(c) if minutes and not heading and cur is not None else None
        if lm and cur is not None:
            cur.sentences += 1  # the heading is a section's: its text follows
            value_below = not c[lm.end() :].strip()
            cur.title_open = False
            prose += 1
            if prose > 8:
                break
            i += 1
            continue
        if c.endswith(":") and not _LABEL.search(c):
            break  # "Niederschrift:", "Verlauf der Sitzung:" end the list
        if minutes and _SECTION_STOP.match(c) and cur and not cur.title_open:
            break
        assert cur is not None
        if _is_label_or_ref_line(text, ln):
            for value, span in _refs(text, ln.start, ln.end):
                if value not in [p for p, _ in cur.papers]:
                    cur.papers.append((value, span))
            cur.title_open = False
            prose = 0
        elif _ORIGINATOR_START.match(c) or _REMARK_LINE.match(c):
            cur.title_open = False
        elif cur.title_open and ln.blank_before == 0 and not ln.page_break:
            cells = [x for x in c.split("\t") if x]
            cell = cells[0] if cells else ""
            cstart = _locate(text, ln, cell)
            piece, span, closed = _title_piece(text, ln, cell, cstart)
            if piece:
                cur.title_parts.append(piece)
                if cur.title_span and span:
                    cur.title_span = (cur.title_span[0], span[1])
                elif span:
                    cur.title_span = span
            for value, rspan in _refs(text, ln.start, ln.end):
                if value not in [p for p, _ in cur.papers]:
                    cur.papers.append((value, rspan))
            if closed:
                cur.title_open = False
        else:
            cur.title_open = False
            prose += 1
            if _SENTENCE.search(c):
                cur.sentences += 1
            if prose > 8:
                break
        i += 1
    list_end = i
    section_heads: set[int] = set()
    if sentences_between:
        # Minutes without a list ("TOP 4. …", its text and vote, "TOP 5. …"): read the
        # headings again as sections, from the start so part lines count.
        section_heads = {it.head.index for it in items}
        items, by_key = [], {}
        list_end = start

    # 2. The sections (minutes only).
    if minutes:
        heads: list[_Head] = []
        zu_heads: list[_Head] = []
        sec_part: bool | None = None
        for j in range(list_end, i1):
            ln = lines[j]
            if j in furniture:
                continue
            pm = _PART_LINE.match(ln.clean)
            if pm and not _HEAD.match(ln.clean):
                sec_part = not pm.group("non")
                continue
            h = _parse_head(ln)
            if h is None:
                continue
            h.index = j
            if h.part is None:
                h.part = sec_part
            heads.append(h)
            if h.zu:
                zu_heads.append(h)
        if zu_heads:
            chosen = zu_heads
        elif items:
            chosen = []
            for h in heads:
                it = by_key.get(_key(h.part, h.number)) or _find_number(items, h.number)
                if it is not None and it.section is None:
                    title = join_wrapped([it_ for it_ in it.title_parts])
                    rest = h.rest.split("\t")[0]
                    if _similar_at_least(rest, title, 0.6):
                        chosen.append(h)
        elif section_heads:
            chosen = [h for h in heads if h.index in section_heads]
        else:
            chosen = [h for h in heads if h.top or h.part is not None]
        chosen = [h for h in chosen if not (items and h.zu and not _zu_plausible(h, items))]
        for k, h in enumerate(chosen):
            nxt = chosen[k + 1].index if k + 1 < len(chosen) else i1
            it = by_key.get(_key(h.part, h.number)) or _find_number(items, h.number)
            if it is None or it.section is not None:
                it = _Item(head=h, public=h.part, in_list=False)
                items.append(it)
                by_key.setdefault(_key(h.part, h.number), it)
            _read_section_head(text, lines, h, nxt, it, furniture)

    records = [_record(text, lines, it, items, furniture, minutes) for it in items]
    # Added-item marks may come from any section ("zu 2: … ergänzt die Tagesordnung um …").
    for it, rec in zip(items, records, strict=True):
        if it.added is not None:
            rec.added_in_meeting = True
            rec.spans["added_in_meeting"] = it.added
    return records


def _zu_plausible(h: _Head, items: list[_Item]) -> bool:
    """A "zu N" line is a section heading if N is on the list or it reads like a title."""
    if _find_number(items, h.number) is not None:
        return True
    first = h.rest.lstrip()[:1]
    return bool(first) and first.isupper()


def _find_number(items: list[_Item], number: str) -> _Item | None:
    for it in items:
        if it.head.number == number and it.section is None:
            return it
    return None


def _read_section_head(
    text: str, lines: list[Line], h: _Head, nxt: int, it: _Item, furniture: set[int]
) -> None:
    """Heading title (with wrapped lines), the papers below it, and the body range."""
    ln = lines[h.index]
    rest = h.rest.split("\t")[0]
    cstart = _locate(text, ln, rest)
    piece, span, _ = _title_piece(text, ln, rest, cstart)
    parts = [piece] if piece else []
    list_title = join_wrapped(it.title_parts) if it.in_list else ""
    list_norm = _norm(list_title)
    j = h.index + 1
    while j < nxt:
        nl = lines[j]
        if j in furniture:
            j += 1
            continue
        c = nl.clean
        if _is_label_or_ref_line(text, nl) or _ORIGINATOR_START.match(c) or _REMARK_LINE.match(c):
            break
        cand = join_wrapped([*parts, c])
        if list_title:
            if not list_norm.startswith(_norm(cand)) or len(parts) >= 6:
                break
        elif not (c[:1].islower() or (parts and parts[-1].endswith("-"))) or len(parts) >= 3:
            break
        parts.append(c)
        if span:
            span = (span[0], nl.end)
        j += 1
    # Papers and originators directly under the heading.
    while j < nxt:
        nl = lines[j]
        c = nl.clean
        if j in furniture:
            j += 1
            continue
        if _is_label_or_ref_line(text, nl):
            for value, rspan in _refs(text, nl.start, nl.end):
                if value not in [p for p, _ in it.papers]:
                    it.papers.append((value, rspan))
        elif not (_ORIGINATOR_START.match(c) or _REMARK_LINE.match(c)):
            break
        j += 1
    it.section_title = join_wrapped(parts) if parts else None
    it.section_title_span = span
    it.section = (j, nxt)


def _body_text(
    text: str, lines: list[Line], a: int, b: int, furniture: set[int]
) -> tuple[str, int]:
    """The body ``lines[a:b]`` as (string, offset) with page furniture blanked out.

    Blanking keeps offsets: spans found in the string shift by ``offset`` into ``text``.
    """
    if a >= b:
        return "", 0
    s, e = lines[a].start, lines[b - 1].end
    if not any(a <= f < b for f in furniture):
        return text[s:e], s
    buf = list(text[s:e])
    prev_end = s
    for k in range(a, b):
        ln = lines[k]
        if k in furniture:
            for p in range(prev_end - s, ln.end - s):
                if buf[p] != "\n" or p < ln.start - s:
                    buf[p] = " "
        else:
            prev_end = ln.end
    return "".join(buf), s


def _shift(v: VoteRecord, off: int) -> None:
    v.spans = {k: (a + off, b + off) for k, (a, b) in v.spans.items()}


def _resolution(body: str, off: int) -> tuple[str, Span] | None:
    """The last "Beschluss:"/"Beschlussvorschlag:" block of a section body."""
    found: tuple[str, Span] | None = None
    pos = 0
    n = len(body)
    block: list[tuple[int, int]] | None = None

    def close() -> None:
        nonlocal found, block
        if block:
            parts = [body[a:b] for a, b in block]
            value = join_wrapped(parts)
            if value:
                found = (value, (block[0][0] + off, block[-1][1] + off))
        block = None

    while pos < n:
        nl = body.find("\n", pos)
        end = n if nl < 0 else nl
        raw = body[pos:end]
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        m = _RESOLUTION_LABEL.match(stripped)
        if m:
            close()
            block = []
            tail = stripped[m.end() :]
            if tail:
                a = pos + lead + m.end()
                block.append((a, a + len(tail)))
        elif block is not None:
            if _VOTE_LABEL.match(stripped):
                close()
            elif stripped:
                block.append((pos + lead, pos + lead + len(stripped)))
        pos = end + 1
    close()
    return found


def _record(
    text: str,
    lines: list[Line],
    it: _Item,
    items: list[_Item],
    furniture: set[int],
    minutes: bool,
) -> AgendaItemRecord:
    title = join_wrapped(it.title_parts) if it.title_parts else None
    spans: dict[str, Span] = {}
    if title and it.title_span:
        spans["title"] = it.title_span
    if (not title or not it.in_list) and it.section_title:
        title = it.section_title
        if it.section_title_span:
            spans["title"] = it.section_title_span
    head_line = lines[it.head.index]
    spans["number"] = (head_line.start, head_line.end)
    rec = AgendaItemRecord(
        number=it.head.number,
        title=title or None,
        papers=[p for p, _ in it.papers],
        public=it.public,
    )
    if it.papers:
        spans["papers"] = (it.papers[0][1][0], it.papers[-1][1][1])
    if it.public is not None:
        spans["public"] = (head_line.start, head_line.end)
    if minutes and it.section is not None:
        a, b = it.section
        body, off = _body_text(text, lines, a, b, furniture)
        if body.strip():
            us = units(body, 0, len(body))
            unit_votes = [votes_in_unit(body, ua, ub) for ua, ub in us]
            main = [bool(vs) and all(v.subject is None for v in vs) for vs in unit_votes]
            result, rspan = item_result(body, 0, len(body), us, unit_votes, main)
            votes = [v for vs in unit_votes for v in vs]
            if len(votes) == 1 and votes[0].subject and title:
                # The item itself is about the subject ("Feststellung der Tagesordnung").
                head = votes[0].subject.split()[0]
                if head.casefold() in title.casefold() or (head in PROCEDURAL and head in title):
                    votes[0].subject = None
                    votes[0].spans.pop("subject", None)
            for v in votes:
                _shift(v, off)
            rec.votes = votes
            rec.result = result
            if result and rspan:
                spans["result"] = (rspan[0] + off, rspan[1] + off)
            res = _resolution(body, off)
            if res:
                rec.resolution_text, spans["resolution_text"] = res
            for m in _added_matches(body):
                _mark_added(body, off, m, items)
    if minutes and title and _DRINGLICH_TITLE.search(title) and it.added is None:
        it.added = spans.get("title", spans["number"])
    if minutes and not it.in_list and it.added is None and any(x.in_list for x in items):
        it.added = spans["number"]
    rec.spans = spans
    return rec


def _mark_added(body: str, off: int, m: re.Match[str], items: list[_Item]) -> None:
    """Mark the item a "Tagesordnung … ergänzt um …" sentence names (by number or title)."""
    s, e = m.start(), m.end()
    for ua, ub in units(body, 0, len(body)):
        if ua <= m.start() < ub:
            s, e = ua, max(ub, m.end())
            break
    sentence = body[s:e]
    span = (m.start() + off, m.end() + off)
    for nm in _NUM_MENTION.finditer(sentence):
        part = nm.group("part")
        for it in items:
            if it.head.number == nm.group("num") and (
                part is None or it.public is None or it.public == (part == "Ö")
            ):
                it.added = span
                return
    low = _norm(sentence)
    best: _Item | None = None
    for it in items:
        t = _norm(join_wrapped(it.title_parts) if it.title_parts else it.section_title or "")
        if (
            len(t) >= 8
            and t in low
            and (best is None or len(t) > len(_norm(join_wrapped(best.title_parts))))
        ):
            best = it
    if best is not None:
        best.added = span


def mark_added(invitation: list[AgendaItemRecord], minutes: list[AgendaItemRecord]) -> None:
    """Items on the minutes' agenda that the invitation of the same meeting lacks were
    added in the meeting (call where invitation and minutes are merged)."""
    if not invitation:
        return
    known = {(a.public, a.number) for a in invitation} | {(None, a.number) for a in invitation}
    titles = [_norm(a.title or "") for a in invitation]
    for a in minutes:
        if (a.public, a.number) in known or (None, a.number) in known:
            continue
        t = _norm(a.title or "")
        if t and any(_similar_at_least(t, x, 0.9) for x in titles if x):
            continue
        a.added_in_meeting = True
