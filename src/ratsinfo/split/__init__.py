"""Split a file into its logical documents.

A council file often holds several documents back to back (a session folder: the
invitation, the Vorlagen, the minutes, the presentations). :func:`split_documents`
returns spans that cover the text in order, one per document.

Boundaries are decided by content, with page breaks as strong hints:

1. *Strong starts* (pass 1), each a header convention:
   - a paper header: a document-type line (Antrag, Beschlussvorlage, …, "Vorlage - VO/…",
     "Drucksache - …") with a Drucksache number and header labels (Betreff, Einreicher,
     Datum, Status, Beratungsfolge, öffentlich …) close by; without a number, a fresh
     page whose labels carry values (Anträge not yet numbered); the start moves back
     over the letterhead;
   - a meeting header: a cluster of meeting fields (Sitzungstermin, Sitzungsbeginn, Ort,
     Gremium, "Beginn: … Ende: …") or a title line "Niederschrift"/"Protokoll"/"Einladung"
     naming a Sitzung; the start moves back over the title lines;
   - a press-release line ("Pressemitteilung …").
   A header repeating the open paper's number, an annex heading ("Anlage …") over it,
   a blank form (labels without values), or a citation inside minutes and agendas
   ("Vorlage: 23/GR/0815" under "zu 3.1") does not open a document.
2. *Weak starts* (pass 2), inside each segment, where only the end of the previous
   document shows: a presentation's title slide after a closing slide ("Vielen Dank für
   Ihre Aufmerksamkeit") or after the last "zu N"/"TOP N" section of minutes, when what
   follows reads like slides; any document after a page break that follows a closing
   slide or a web page footer ("Kommentar verfassen").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ratsinfo.extract.dates import find_dates, find_time
from ratsinfo.read.base import Reading

from .base import DocumentSpan
from .conventions import (
    AGENDA_ITEM,
    AGENDA_SECTION,
    AGENDA_SECTION_FIRST,
    CLOSING,
    CLOSING_FIRST,
    CLOSING_FOLLOW,
    MEETING_FIELD,
    MEETING_TITLE_WORD,
    PAPER_TYPE_LINE,
    PRESS_LINE,
    SIGNATURE_WORDS,
    SITZUNG_TITLE,
    STRONG_MEETING_FIELDS,
    WEB_FOOTER,
    WEB_FOOTER_FIRST,
    ignorecase_chars,
    is_letterhead_like,
    is_title_like,
    label_cells,
    match_type_line,
    meeting_fields,
    meeting_title_kind,
    paper_label,
    reference_of_line,
    slide_like,
)
from .lines import Line, LineIndex, build_lines, reading_lines
from .templates import annex_precedes, same_paper_repeated

__all__ = ["DocumentSpan", "split_documents", "split_text"]

# Window sizes in non-blank lines. Headers are short; bounded windows keep this linear.
_REF_BEFORE, _REF_AFTER = 4, 8
_CUE_BEFORE, _CUE_AFTER = 6, 15
_BACK_MAX = 8
_HEADER_SPAN = 12
_CLUSTER = 6
_SLIDE_WINDOW = 60


def _any_of(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` (all IGNORECASE) does: a line
    none of them matches needs no further look, and one call is cheaper than several."""
    parts = (re.sub(r"\(\?P<\w+>", "(?:", p.pattern) for p in patterns)
    return re.compile("|".join(f"(?:{x})" for x in parts), re.IGNORECASE)


# What a strong start needs on its line: a type line (a table row's first cell matching
# means the row does), a meeting field, a meeting title or a press line.
_STRONG_LINE = _any_of(PAPER_TYPE_LINE, MEETING_FIELD, MEETING_TITLE_WORD, PRESS_LINE)
# The first three letters (lower case) of every word a _STRONG_LINE match can begin with:
# the adjectives, prefixes and type words of a type line, the meeting fields, the meeting
# title words (and "öffentliche", "nicht"), the press words. Every match begins with one.
_STRONG_HEADS = (
    "kle", "gro", "sch", "mün", "gem", "int", "dri", "akt",  # kleine … aktuelle
    "bes", "mit", "inf", "ver", "sit", "ber", "änd", "erg", "abä", "eil", "fra", "ein", "bür",
    "hau", "prü", "tis",  # beschluss … tisch
    "vor", "ant", "anf", "ste", "bea", "dru",  # vorlage … drucksache
    "tag", "beg", "end", "ort", "rau", "gre", "dat", "zei", "uhr", "ter",  # tagungsort … termin
    "öff", "nic", "nie", "wor", "pro", "bek",  # öffentliche … bekanntmachung
    "pre", "med",  # presse…, medien…
)
# The same as the line's first three characters can be written (every case re's
# IGNORECASE takes for each letter): a line starting otherwise cannot match, and one set
# look-up is much cheaper than the pattern's failing attempt (a long IGNORECASE alternation).
_STRONG_STARTS = frozenset(
    a + b + c
    for h in _STRONG_HEADS
    for a in ignorecase_chars(h[0])
    for b in ignorecase_chars(h[1])
    for c in ignorecase_chars(h[2])
)


def strong_line(c: str) -> bool:
    """``_STRONG_LINE.match(c) is not None``, the pattern tried only on lines that begin
    with three letters one of its matches can begin with."""
    return c[:3] in _STRONG_STARTS and _STRONG_LINE.match(c) is not None

# What the end of a document shows: a closing slide or a web page footer.
_CLOSING_LINE = _any_of(CLOSING, WEB_FOOTER)
_CLOSING_LINE_FIRST = CLOSING_FIRST | WEB_FOOTER_FIRST


@dataclass(slots=True)
class _Start:
    line: int  # first line of the document
    anchor: int  # the line that proved it (type line, first meeting field)
    reason: str
    family: str  # paper, meeting, press, presentation, file
    reference: str | None = None
    key: str | None = None  # a meeting document's head, to recognise running headers


def split_documents(reading: Reading) -> list[DocumentSpan]:
    """The documents of a Reading as spans covering ``reading.text`` in order."""
    return split_index(reading_lines(reading))


def split_text(text: str) -> list[DocumentSpan]:
    """:func:`split_documents` for a bare text (page breaks taken from the text)."""
    return split_index(build_lines(text))


def split_index(index: LineIndex) -> list[DocumentSpan]:
    lines = index.lines
    if not lines:
        return []
    starts = _resolve(_strong_starts(lines), lines)
    final: list[_Start] = []
    for k, st in enumerate(starts):
        seg_end = starts[k + 1].line if k + 1 < len(starts) else len(lines)
        final.extend(_weak_splits(lines, st, seg_end))
    spans: list[DocumentSpan] = []
    text_len = len(index.text)
    for k, st in enumerate(final):
        begin = 0 if k == 0 else lines[st.line].start
        end = lines[final[k + 1].line].start if k + 1 < len(final) else text_len
        spans.append(DocumentSpan(begin, end, st.reason))
    return spans


# --- pass 1 ------------------------------------------------------------------------------


def _strong_starts(lines: list[Line]) -> list[_Start]:
    out: list[_Start] = []
    n = len(lines)
    skip_meeting_until = -1
    for k in range(n):
        ln = lines[k]
        c = ln.clean
        if len(c) > 250 or not strong_line(c):
            continue
        st = _paper_start(lines, k)
        if st:
            out.append(st)
            continue
        if k > skip_meeting_until and meeting_fields(c):
            st = _meeting_cluster_start(lines, k)
            if st:
                out.append(st)
                skip_meeting_until = k + _CLUSTER
                continue
        st = _meeting_title_start(lines, k)
        if st:
            out.append(st)
            continue
        if not ln.bullet and PRESS_LINE.match(c):
            # Press releases end with contact lines ("Pressestelle …") that look like a
            # letterhead: move back only when that reaches a page break.
            b = _back_extend(lines, k)
            begin = b if (b == 0 or lines[b].page_break) and k - b <= 3 else k
            out.append(_Start(begin, k, "press release line", "press"))
    return out


def _paper_start(lines: list[Line], k: int) -> _Start | None:
    ln = lines[k]
    tl = match_type_line(ln.clean, ln.bullet)
    if tl is None:
        return None
    n = len(lines)
    ref = tl.reference
    ref_line = k
    if ref is None:
        # The number under the type line first, then above it (never the previous
        # document's last citation when the header has its own number).
        after = range(k + 1, min(n, k + _REF_AFTER + 1))
        before = range(k - 1, max(-1, k - _REF_BEFORE - 1), -1)
        for j in (*after, *before):
            r = reference_of_line(lines[j].clean)
            if r:
                ref, ref_line = r, j
                break
    cues: set[str] = set()
    for j in range(max(0, k - _CUE_BEFORE), min(n, k + _CUE_AFTER + 1)):
        lab = paper_label(lines[j].clean)
        if lab:
            cues.add(lab)
    first = min(k, ref_line)
    begin = _back_extend(lines, first)
    page_start = begin == 0 or lines[begin].page_break
    # Anträge are often printed before they get a number: a fresh page with a filled
    # header (Betreff, Antragsteller, Datum …) still opens a paper. A blank form (the
    # Stellungnahme page of a Word template) has labels without values.
    if ref is None and (tl.colon_form or not (page_start and _filled_labels(lines, k) >= 3)):
        return None
    # "Vorlage: 23/GR/0815" cites a paper unless it heads a fresh page of labels.
    if tl.colon_form and (not (lines[first].page_break or first == 0) or len(cues) < 2):
        return None
    if not (len(cues) >= 2 or (cues and page_start and not tl.phrase)):
        return None
    if not page_start and _in_agenda_context(lines, first):
        return None
    if annex_precedes(lines, begin, first):
        return None
    return _Start(begin, k, f"paper header: {tl.word}", "paper", ref)


def _filled_labels(lines: list[Line], k: int) -> int:
    filled: set[str] = set()
    for j in range(k + 1, min(len(lines), k + _CUE_AFTER + 1)):
        for label, value in label_cells(lines[j].clean):
            if value and not set(value) <= set("_.-/ "):
                filled.add(label)
    return len(filled)


def _in_agenda_context(lines: list[Line], i: int) -> bool:
    for j in range(max(0, i - 3), i):
        c = lines[j].clean
        if AGENDA_SECTION.match(c) or AGENDA_ITEM.match(c):
            return True
    return False


def _back_extend(lines: list[Line], i: int) -> int:
    """Move a start back over the letterhead lines above it, up to a page break."""
    j = i
    steps = 0
    while j > 0 and not lines[j].page_break and steps < _BACK_MAX:
        prev = lines[j - 1]
        if not is_letterhead_like(prev.clean, prev.bullet):
            break
        j -= 1
        steps += 1
    return j


def _meeting_cluster_start(lines: list[Line], k: int) -> _Start | None:
    n = len(lines)
    fields: set[str] = set()
    dated = False
    for j in range(k, min(n, k + _CLUSTER)):
        f = meeting_fields(lines[j].clean)
        if not f:
            continue
        fields.update(f)
        c = lines[j].clean
        if find_dates(c) or find_time(c):
            dated = True
    if len(fields) < 2 or not (fields & STRONG_MEETING_FIELDS) or not dated:
        return None
    begin = _back_title(lines, k)
    return _Start(begin, k, "meeting header", "meeting", key=_head_key(lines, begin, "header"))


def _back_title(lines: list[Line], i: int) -> int:
    """Move a meeting start back over its title lines ("Niederschrift", "25. Sitzung …")."""
    j = i
    steps = 0
    while j > 0 and not lines[j].page_break and steps < _BACK_MAX:
        prev = lines[j - 1]
        if not is_title_like(prev.clean, prev.bullet) or meeting_fields(prev.clean):
            break
        if AGENDA_SECTION.match(prev.clean) or CLOSING.match(prev.clean):
            break
        j -= 1
        steps += 1
    return j


def _meeting_title_start(lines: list[Line], k: int) -> _Start | None:
    ln = lines[k]
    if ln.bullet or len(ln.clean) > 200:
        return None
    m = MEETING_TITLE_WORD.match(ln.clean)
    if not m:
        return None
    word = m.group("w").lower()
    rest = m.group("rest")
    following = [x.clean for x in lines[k + 1 : k + 3]]
    names_sitzung = bool(SITZUNG_TITLE.search(rest)) or any(
        SITZUNG_TITLE.search(c) or meeting_fields(c) for c in following
    )
    if not names_sitzung:
        return None
    if word in ("tagesordnung", "bekanntmachung") and not (
        SITZUNG_TITLE.search(rest) or (following and SITZUNG_TITLE.search(following[0]))
    ):
        return None
    begin = _back_extend(lines, k)
    key = _head_key(lines, k, meeting_title_kind(word))
    return _Start(begin, k, f"meeting title: {m.group('w')}", "meeting", key=key)


_PAGE_NO = re.compile(
    r"[-–]?\s*seite\s*\d+(?:\s*(?:von|/)\s*\d+)?\s*[-–]?|[-–]\s*\d+\s*[-–]", re.IGNORECASE
)
_TITLE_WORD_PREFIX = re.compile(r"^\W*(?:\w+\s+){0,3}?(?=\d+\.\s)", re.IGNORECASE)


def _head_key(lines: list[Line], anchor: int, kind: str) -> str | None:
    """The kind and Sitzung title of a meeting document, page numbers removed: a running
    page header of PDF minutes ("Niederschrift über die 7. Sitzung … – Seite 2 –") gives
    the same key as the document's head, the invitation of the same meeting does not."""
    for ln in lines[anchor : anchor + 3]:
        if SITZUNG_TITLE.search(ln.clean):
            t = _PAGE_NO.sub(" ", ln.clean.lower())
            m = MEETING_TITLE_WORD.match(t)
            if m:
                t = m.group("rest")
            t = _TITLE_WORD_PREFIX.sub("", t.strip())
            return f"{kind}|{' '.join(t.split())}"
    return None


def _resolve(cands: list[_Start], lines: list[Line]) -> list[_Start]:
    cands.sort(key=lambda s: (s.line, s.anchor))
    kept: list[_Start] = []
    open_ref: str | None = None
    open_key: str | None = None
    for c in cands:
        if c.family == "meeting" and c.key and c.key == open_key:
            continue  # a running page header of the open meeting document
        if kept and (
            c.line <= kept[-1].anchor + 3
            or (
                c.family == kept[-1].family == "meeting"
                and c.line <= kept[-1].anchor + _HEADER_SPAN
            )
        ):
            continue  # the same header seen twice (title word and field cluster)
        if c.family == "paper" and same_paper_repeated(open_ref, c.reference):
            continue
        if kept and c.line <= kept[-1].line:
            continue
        kept.append(c)
        open_ref = c.reference if c.family == "paper" else None
        open_key = c.key if c.family == "meeting" else None
    if not kept:
        return [_Start(0, 0, "file start", "file")]
    first = kept[0]
    if first.line > 0:
        before = lines[: first.line]
        if len(before) <= 3 and sum(len(x.clean) for x in before) < 300:
            first.line = 0
        else:
            kept.insert(0, _Start(0, 0, "file start", "file"))
    return kept


# --- pass 2 ------------------------------------------------------------------------------


def _weak_splits(lines: list[Line], st: _Start, seg_end: int) -> list[_Start]:
    """Documents inside a segment that only its end reveals: presentations after a
    closing slide or after the minutes, anything after a closing slide or web footer
    that a page break separates."""
    out = [st]
    cur = st
    while True:
        found = _next_weak_start(lines, cur, seg_end)
        if found is None:
            return out
        s, reason = found
        family = "presentation" if reason.startswith("presentation") else "weak"
        cur = _Start(s, s, reason, family)
        out.append(cur)


def _next_weak_start(lines: list[Line], st: _Start, seg_end: int) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    closing_line = _CLOSING_LINE.match
    closing_first = _CLOSING_LINE_FIRST
    # (a) after a closing slide or a web page footer
    for i in range(st.line + 1, seg_end):
        c = lines[i].clean
        if len(c) > 60 or c[:1] not in closing_first or not closing_line(c):
            continue
        if CLOSING.match(c):
            j = i + 1
            if j < seg_end and CLOSING_FOLLOW.match(lines[j].clean):
                j += 1
            if j < seg_end and _presentation_ok(lines, j, seg_end):
                best = (j, "presentation title slide")
                break
            k = _after_page_break(lines, j, seg_end)
            if k is not None:
                best = (k, "after closing slide")
                break
        elif WEB_FOOTER.match(c):
            k = _after_page_break(lines, i + 1, seg_end)
            if k is not None:
                best = (k, "after web page footer")
                break
    # (b) after the last agenda section of minutes
    limit = best[0] if best is not None else seg_end
    last_section = -1
    sections = 0
    for i in range(st.line, limit):
        cl = lines[i].clean
        if cl[:1] in AGENDA_SECTION_FIRST and AGENDA_SECTION.match(cl):
            sections += 1
            last_section = i
    if sections >= 2:
        for c in range(last_section + 2, limit):
            if _title_slide_after_minutes(lines, c, seg_end):
                return c, "presentation title slide"
    return best


def _after_page_break(lines: list[Line], j: int, seg_end: int) -> int | None:
    """The first line after a page break within a few lines of ``j`` that can head a
    document of some length (what follows a closing slide or footer is a new one)."""
    for k in range(j, min(seg_end, j + 4)):
        if not lines[k].page_break:
            continue
        ln = lines[k]
        c = ln.clean
        if ln.bullet or not is_title_like(c, False) or not (c[:1].isupper() or c[:1].isdigit()):
            return None
        body = lines[k : min(seg_end, k + 6)]
        if len(body) >= 5 and sum(len(x.clean) for x in body) >= 150:
            return k
        return None
    return None


def _presentation_ok(lines: list[Line], s: int, seg_end: int) -> bool:
    ln = lines[s]
    c = ln.clean
    if ln.bullet or not (3 <= len(c) <= 150) or c.endswith((",", ";", ":")):
        return False
    if not (c[0].isupper() or c[0].isdigit()) or SIGNATURE_WORDS.search(c):
        return False
    # Judge the first slides only (up to the third page break): a later document in the
    # same segment must not decide whether these lines are slides.
    rest: list[str] = []
    breaks = 0
    for x in lines[s : min(seg_end, s + _SLIDE_WINDOW)]:
        if x.page_break and rest:
            breaks += 1
            if breaks >= 3:
                break
        rest.append(x.clean)
    if len(rest) < 5 or sum(len(x) for x in rest) < 150:
        return False
    return slide_like(rest)


def _title_slide_after_minutes(lines: list[Line], c: int, seg_end: int) -> bool:
    """A title line followed by a page break within three lines, then slides."""
    if not is_title_like(lines[c].clean, lines[c].bullet) or len(lines[c].clean) > 150:
        return False
    brk = None
    for j in range(c + 1, min(seg_end, c + 4)):
        if lines[j].page_break:
            brk = j
            break
    if brk is None:
        return False
    if any(SIGNATURE_WORDS.search(lines[j].clean) for j in range(c + 1, brk)):
        return False
    rest_count = seg_end - c
    return rest_count >= 8 and _presentation_ok(lines, c, seg_end)
