"""Cooperations from running text: a report's numbered sections and ordinary Vorlagen.

A report tells most cooperations in sections ("1.) Verbandsarbeit …", "a) Gemeinsames
Klimaschutzmanagement"). A section about one cooperation (its partners named in one
paragraph, or its name in the heading: "Bündnis …") becomes one cooperation read over the
whole section. A section that tells several ("gemeinsam mit den Landkreisen X und Y …",
then "zwischen der Stadt Z und der Gemeinde W …") gives one per paragraph that names
partners next to a cooperation word.

A Vorlage without such sections that decides a cooperation (an öffentlich-rechtliche
Vereinbarung between districts, a member leaving a Zweckverband) is one cooperation titled
by its Betreff.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from ratsinfo.split.lines import Line

from .cooperation_facts import Draft, Span
from .cooperation_tables import first_clause, has_cue
from .needles import Words, lowered
from .partners import has_org_head

_SECTION = re.compile(
    r"^(?:(\d{1,2})\s*\.?\s*\)|(\d{1,2})\.(?!\d)|([a-h])\)|([IVX]{1,4})\.)\s+(\S.{2,160})$"
)
_QUOTED = re.compile(r"[„\"»]([^“”\"«\n]{4,80})[“”\"«]")
# A quoted name is the cooperation's own when a head word introduces it ("das Projekt „…“").
_OWN_NAME = re.compile(
    r"(?:Projekt|Vorhaben|Programm|Kampagne|Bündnis|Verein\w*|Netzwerk|Initiative|Verbund|"
    r"Kooperation|Vereinbarung|Zweckverband|Modellprojekt)\w*\s+[„\"»]([^“”\"«\n]{4,80})[“”\"«]"
)
_DECISION = re.compile(
    r"öffentlich[\s-]*rechtliche[nr]?\s+Vereinbarung|Zweckvereinbarung|Zweckverband|"
    r"interkommunale[nr]?\s+Zusammenarbeit|Kooperationsvereinbarung|Kooperationsvertrag|"
    r"Gründung\s+eine[rs]\s+(?:gemeinsamen|Anstalt|Gesellschaft)|Beitritt|Austritt",
    re.IGNORECASE,
)
# The look-ahead (the words' first letters, case-blind like the words) lets re skip to
# those letters in C instead of trying every alternative at every position (same matches).
_STRONG = re.compile(
    r"(?=[ikzö])(?:interkommunal|Kooperation|zusammenarbeit|Zweckverb|"
    r"öffentlich-rechtliche\w*\s+Vereinbarung|Zweckvereinbarung)", re.IGNORECASE,
)
# A report about cooperation is no decision about one.
_REPORT = re.compile(r"Bericht|Übersicht|Sachstand|Kooperationsbericht|Tätigkeitsbericht")

# Sections that frame a report rather than tell a cooperation.
_FRAME = re.compile(
    r"^(?:Anlass|Überblick|Übersicht|Ausblick|Zusammenfassung|Fazit|Einleitung|Vorbemerkung\w*|"
    r"Sachstand|Auftrag\b.*|Hintergrund|Begründung|Beschlussvorschlag|Finanzielle Auswirkungen|"
    r"Schwerpunkte\b.*|Anlagen?|Ergebnis\w*|Rechtliche Grundlagen?|Kosten\b.*|"
    r"\w*[Bb]ericht\b.*)$", re.IGNORECASE,
)

_LIST_END = re.compile(r"[.;,]$")
_ANNEX = re.compile(r"^Anlagen?\s*:?\s*$")
# A line ending so that its paragraph runs on, or one ending a sentence; neither pattern
# can match more than seven characters (with a final newline), which _paragraphs relies on.
_RUNS_ON = re.compile(r"(?:[,:]|\s(?:und|oder|sowie|der|die|des|den|dem|mit|im|in|von|zu|zur))$")
_CLOSED = re.compile(r"[.!?:;)“\"]$")

_MAX_SECTION = 20000  # characters: a section longer than this is no longer one topic

PartnerSet = Callable[[list[Span]], set[str]]


def _skipped(pos: int, skip: list[Span]) -> Span | None:
    """The one of the sorted, disjoint ``skip`` spans that holds ``pos``."""
    i = bisect.bisect_right(skip, (pos, float("inf"))) - 1
    return skip[i] if i >= 0 and skip[i][0] <= pos < skip[i][1] else None


def _unskipped(lines: list[Line], i0: int, i1: int, skip: list[Span]) -> Iterator[int]:
    """The indexes in [i0, i1) of the lines whose start no ``skip`` span holds (as
    :func:`_skipped` tells). Line starts only grow: the spans are walked along."""
    if i0 >= i1:
        return
    k = max(bisect.bisect_right(skip, (lines[i0].start, float("inf"))) - 1, 0)
    n = len(skip)
    for i in range(i0, i1):
        pos = lines[i].start
        while k + 1 < n and skip[k + 1][0] <= pos:
            k += 1
        if not (k < n and skip[k][0] <= pos < skip[k][1]):
            yield i


def _paragraphs(text: str, lines: list[Line], i0: int, i1: int,
                skip: list[Span]) -> list[list[int]]:
    """Line-index groups: lines without a blank line between them, joined where a
    paragraph runs on ("…, \\n\\n den Städten", "…angesprochen:\\n\\n Landkreis …")."""
    paras: list[list[int]] = []
    first = lines[i0].start if i0 < i1 else 0
    for i in range(i0, i1):
        ln = lines[i]
        table = _skipped(ln.start, skip)
        if table is not None:
            if paras and table[1] - table[0] > 500:
                break  # a large table (an annex) ends the running text of a section
            continue
        if ln.start - first > _MAX_SECTION or _ANNEX.match(ln.clean):
            break
        if paras and ln.blank_before == 0 and not ln.page_break and paras[-1][-1] == i - 1:
            paras[-1].append(i)
            continue
        if paras and paras[-1][-1] == i - 1:
            prev = lines[paras[-1][-1]].clean.rstrip()
            # Both patterns end at the end: a match starts within the last few characters.
            if _RUNS_ON.search(prev, max(0, len(prev) - 7)) or (
                    prev and not _CLOSED.search(prev, max(0, len(prev) - 2))
                    and ln.clean[:1].islower()):
                paras[-1].append(i)
                continue
        paras.append([i])
    return paras


def _span(lines: list[Line], para: list[int]) -> Span:
    return lines[para[0]].start, lines[para[-1]].end


def is_cooperation_text(text: str, start: int, end: int, title: str | None = None) -> bool:
    """Enough cooperation words that the text is about cooperation, or a title deciding one."""
    if title and _DECISION.search(title):
        return True
    return _strong_count(text, start, end, 3) >= 3


# The literal heads of _DECISION's alternatives (lowered): every match begins with one.
_DECISION_HEADS = Words(("öffentlich", "zweckver", "interkommunale", "kooperationsver",
                         "gründung", "beitritt", "austritt"))


def _decision_in(text: str, start: int, end: int) -> bool:
    """``_DECISION.search(text, start, end) is not None``, the pattern tried only where one
    of its heads begins (found in one pass over the lowered range)."""
    low = lowered(text, start, end)
    for i in sorted({i for _, i, _ in _DECISION_HEADS.hits(low)}):
        if _DECISION.match(text, start + i, end) is not None:
            return True
    return False


# The literal head of each _STRONG alternative: every match begins with one (lowercased).
_STRONG_HEADS = Words(("interkommunal", "kooperation", "zusammenarbeit", "zweckverb",
                       "öffentlich-rechtliche", "zweckvereinbarung"))


def _strong_count(text: str, start: int, end: int, enough: int) -> int:
    """How many matches ``_STRONG.finditer(text, start, end)`` gives, counted up to
    ``enough``. The pattern is tried only where one of its heads begins (found in one
    Aho-Corasick pass over the lowered range): IGNORECASE scanning tries every position."""
    heads = sorted({i for _, i, _ in _STRONG_HEADS.hits(lowered(text, start, end))})
    n, q = 0, start
    for i in heads:
        i += start
        if i < q:
            continue  # inside the match found last
        m = _STRONG.match(text, i, end)
        if m is not None:
            n += 1
            if n >= enough:
                break
            q = m.end()
    return n


def narrative_cooperations(
    text: str, lines: list[Line], i0: int, i1: int, skip: list[Span],
    partners_of: PartnerSet, doc_title: tuple[str, Span] | None = None,
) -> list[Draft]:
    """Cooperations told in the running text of lines [i0, i1)."""
    heads: list[tuple[int, str, Span]] = []
    for i in _unskipped(lines, i0, i1, skip):
        ln = lines[i]
        if "\t" in ln.clean:
            continue
        m = _SECTION.match(ln.clean)
        if m and not _LIST_END.search(m.group(5)) and m.group(5)[:1].isupper():
            title = m.group(5).strip()
            off = text.find(title, ln.start, ln.end)
            if off < 0:
                off = ln.start
            heads.append((i, title, (off, off + len(title))))
    out: list[Draft] = []
    for k, (hi, title, tspan) in enumerate(heads):
        nxt = heads[k + 1][0] if k + 1 < len(heads) else i1
        if _FRAME.match(title):
            continue
        body0 = hi + 1
        if body0 >= nxt:
            continue
        paras = _paragraphs(text, lines, body0, nxt, skip)
        if not paras:
            continue
        sec_span = (lines[paras[0][0]].start, lines[paras[-1][-1]].end)
        coop: list[tuple[Span, set[str]]] = []
        for para in paras:
            ps = _span(lines, para)
            if not has_cue(text, ps[0], ps[1]):
                continue
            found = partners_of([ps])
            if found:
                coop.append((ps, found))
        # A paragraph naming one partner that another paragraph names too adds nothing.
        merged: list[tuple[Span, set[str]]] = []
        for ps, found in coop:
            if len(found) == 1 and any(found < other for _, other in coop):
                continue
            merged.append((ps, found))
        if len(merged) <= 1:
            if not merged and not _decision_in(text, sec_span[0], sec_span[1]) and not (
                (has_org_head(title) or has_cue(title))
                and has_cue(text, sec_span[0], sec_span[1])
            ) and not has_cue(title):
                continue
            d = Draft(title=title, title_span=tspan, ranges=[sec_span], source="narrative")
            d.partner_ranges = [ps for ps, _ in merged] or [tspan, _span(lines, paras[0])]
            d.fact_ranges = [tspan, sec_span]
            d.names = [title] + [q.group(1) for q in _OWN_NAME.finditer(text, *sec_span)]
            d.names = [n for n in d.names if (len(n) >= 12 and " " in n) or len(n) >= 18]
            out.append(d)
            continue
        for ps, _ in merged:
            q = _QUOTED.search(text, ps[0], ps[1])
            if q and len(q.group(1)) >= 6:
                ptitle, pspan = q.group(1), (q.start(1), q.end(1))
            else:
                ptitle, pspan = first_clause(text, ps[0], ps[1])
            d = Draft(title=ptitle, title_span=pspan, ranges=[ps], source="narrative")
            d.partner_ranges = [ps]
            d.fact_ranges = [ps]
            d.names = [x.group(1) for x in _OWN_NAME.finditer(text, ps[0], ps[1])]
            d.names = [n for n in d.names if len(n) >= 12 and " " in n]
            out.append(d)
    if (not out and doc_title is not None and _DECISION.search(doc_title[0])
            and not _REPORT.search(doc_title[0])):
        out.extend(_decision(text, lines, i0, i1, skip, doc_title))
    return out


def _decision(text: str, lines: list[Line], i0: int, i1: int, skip: list[Span],
              doc_title: tuple[str, Span]) -> list[Draft]:
    """A Vorlage deciding one cooperation: titled by its Betreff, read over its text."""
    paras = _paragraphs(text, lines, i0, i1, skip)
    if not paras:
        return []
    body = [_span(lines, p) for p in paras]
    body = [b for b in body if not (b[0] <= doc_title[1][0] < b[1])]
    cue = [b for b in body if has_cue(text, b[0], b[1]) or _decision_in(text, b[0], b[1])]
    d = Draft(title=" ".join(doc_title[0].split()), title_span=doc_title[1],
              ranges=cue[:6] or body[:3], source="narrative")
    d.partner_ranges = [doc_title[1], *cue[:3]]
    d.fact_ranges = [doc_title[1], *cue[:6]]
    d.names = [doc_title[0]]
    return [d]
