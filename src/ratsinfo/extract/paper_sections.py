"""The body of a paper: Beschlussvorschlag, Begründung, financial impact, Bürgerhaushalt.

Council paper templates name their sections with label lines ("Beschlussvorschlag:",
"Begründung:", "Sachverhalt", "Finanzielle Auswirkungen? ☒ Ja ☐ Nein"). A section runs
from its label to the next known label; the text between is kept as a span, not copied
into a second structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ratsinfo.extract.needles import lowercase, lowered, matches_at, starts_of
from ratsinfo.split.lines import Line, raw_offset

Span = tuple[int, int]

# A label line opens a section; the text may follow the label on the same line.
_PROPOSAL = re.compile(
    r"^(?:Beschlussvorschlag|Beschlussentwurf|Beschlusstext|Antragstext|Vorgeschlagener Beschluss)"
    r"\b\s*:?\s*",
    re.IGNORECASE,
)
_JUSTIFICATION = re.compile(
    r"^(?:Begründung|Sachverhalt|Sachdarstellung|Erläuterungen?|Problembeschreibung)\b\s*:?\s*",
    re.IGNORECASE,
)
# Labels that end a section (form fields and other sections of the templates).
_END = re.compile(
    r"^(?:Begründung|Sachverhalt|Sachdarstellung|Erläuterungen?|Beschlussvorschlag|Beschlussentwurf"
    r"|Finanzielle Auswirkungen|Auswirkungen auf|Demografische Auswirkungen|Klimatische Auswirkungen"
    r"|Ergebnisse der Vorberatungen|Beschlussverfolgung|Anlagen?\b|Beratungsfolge|Stellungnahme"
    r"|Inhalt der Mitteilung|Fazit|Pflichtige Zusatzinformationen|Unterschrift|gez\.)",
    re.IGNORECASE,
)
# The look-ahead (first letters, case-blind like the words) lets re skip to them in C.
_FINANCE = re.compile(
    r"(?=[fhk])(?:Finanzielle Auswirkungen|Haushaltsrechtliche Auswirkungen|Kosten\s*:)",
    re.IGNORECASE,
)
# The lowered first words of _FINANCE's alternatives.
_FINANCE_HEADS = ("finanzielle auswirkungen", "haushaltsrechtliche auswirkungen", "kosten")
# Forms put the box before its label ("☒ ja ☐ nein"); only without such a pair is a box
# after the label ("ja ☒") read, since "☐ ja ☒ nein" would otherwise read as "ja".
_TICKED_BEFORE = re.compile(r"(?:[☒☑✓✔✗✘]|\[[xX]\])\s*(ja|nein)\b", re.IGNORECASE)
_TICKED_AFTER = re.compile(r"\b(ja|nein)\s*[☒☑✓✔✗✘]", re.IGNORECASE)
_CIVIC_BUDGET = re.compile(r"Bürgerhaushalt", re.IGNORECASE)
_CIVIC_BUDGET_LOW = "bürgerhaushalt"
_PROPOSAL_NO = re.compile(r"\b(?:Nummer|Nr\.|Vorschlag(?:snummer)?)\s*:?\s*(\d{1,4})\b")
_POINTS = re.compile(r"\b(\d{1,3}(?:\.\d{3})*|\d+)\s+Punkte\b")


@dataclass(slots=True)
class PaperSections:
    resolution_proposal: Span | None = None
    justification: Span | None = None
    financial_impact: bool | None = None  # True: the template's "Ja" is ticked
    civic_budget_number: int | None = None  # Bürgerhaushalt proposal number
    civic_budget_points: int | None = None
    spans: dict[str, Span] = field(default_factory=dict)


def _section(text: str, lines: list[Line], i0: int, i1: int, opener: re.Pattern[str]) -> Span | None:
    for i in range(i0, i1):
        m = opener.match(lines[i].clean)
        if not m:
            continue
        rest = lines[i].clean[m.end():].strip()
        if not rest:
            start = lines[i + 1].start if i + 1 < i1 else None
        elif text.endswith(rest, lines[i].start, lines[i].end):
            start = lines[i].end - len(rest)  # the common case: the raw line ends with it
        else:
            start = raw_offset(text, lines[i], m.end())
        if start is None:
            return None
        end = lines[i].end
        for j in range(i + 1, i1):
            if _END.match(lines[j].clean):
                break
            end = lines[j].end
        return (start, end) if end > start else None
    return None


def _first_line_with(lines: list[Line], i0: int, i1: int, rx: re.Pattern[str],
                     heads: tuple[str, ...]) -> int | None:
    """The first ``i`` in [i0, i1) with ``rx.search(lines[i].clean)``, in one pass: the
    lines are joined by NUL, which ``rx`` must never match (re's whitespace class does not
    hold it), so no match spans two lines and the first match lies in the first line
    holding one. ``rx`` (IGNORECASE) is tried only where one of ``heads`` begins in the
    lowered text: each of its matches begins with one (an IGNORECASE scan is slow)."""
    cleans = [ln.clean for ln in lines[i0:i1]]
    joined = "\0".join(cleans)
    m = next(iter(matches_at(rx, joined, starts_of(lowercase(joined, 0, None), heads))), None)
    if m is None:
        return None
    pos, at = m.start(), 0
    for k, c in enumerate(cleans):
        at += len(c) + 1
        if pos < at:
            return i0 + k
    raise AssertionError("a match past the joined lines")


def extract_sections(text: str, lines: list[Line], i0: int, i1: int) -> PaperSections:
    out = PaperSections()
    out.resolution_proposal = _section(text, lines, i0, i1, _PROPOSAL)
    out.justification = _section(text, lines, i0, i1, _JUSTIFICATION)
    for key in ("resolution_proposal", "justification"):
        span = getattr(out, key)
        if span:
            out.spans[key] = span
    i = _first_line_with(lines, i0, i1, _FINANCE, _FINANCE_HEADS)
    if i is not None:
        # The ticked box sits on the label line or on the next few lines of the form.
        for j in range(i, min(i1, i + 4)):
            m = _TICKED_BEFORE.search(lines[j].clean) or _TICKED_AFTER.search(lines[j].clean)
            if m:
                answer = m.group(1).casefold()
                out.financial_impact = answer == "ja"
                out.spans["financial_impact"] = (lines[j].start, lines[j].end)
                break
    doc_start, doc_end = lines[i0].start if i0 < i1 else 0, lines[i1 - 1].end if i0 < i1 else 0
    doc = text[doc_start:doc_end]
    # ``_CIVIC_BUDGET.search(doc)`` as a plain find in the lowered text (lowered as
    # IGNORECASE compares, one character for one): an IGNORECASE scan tries every position.
    civic = lowered(text, doc_start, doc_end).find(_CIVIC_BUDGET_LOW)
    if civic >= 0:
        # Number and points are read near the Bürgerhaushalt mentions, not anywhere.
        window_start = civic
        window = doc[window_start : window_start + 4000]
        m = _PROPOSAL_NO.search(window)
        if m:
            out.civic_budget_number = int(m.group(1))
            out.spans["civic_budget_number"] = (doc_start + window_start + m.start(1), doc_start + window_start + m.end(1))
        m = _POINTS.search(window)
        if m:
            out.civic_budget_points = int(m.group(1).replace(".", ""))
            out.spans["civic_budget_points"] = (doc_start + window_start + m.start(1), doc_start + window_start + m.end(1))
    return out
