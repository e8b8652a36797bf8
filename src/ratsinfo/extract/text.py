"""Small text helpers for extractors: joining wrapped lines, locating values."""

from __future__ import annotations

import re

from ratsinfo.split.lines import Line

Span = tuple[int, int]

# A hyphen at a line end before these words is an Ergänzungsstrich ("Verwaltungs- und").
_CONTINUATION_WORDS = frozenset({"und", "oder", "u.", "bzw.", "sowie", "&", "bis", "als"})
_WS = re.compile(r"\s+")


def join_wrapped(parts: list[str]) -> str:
    """Join lines of one wrapped value, repairing hyphenation at line ends.

    "Verkehrsentwick-" + "lungsplan" → "Verkehrsentwicklungsplan"; "Verwaltungs-" + "und …"
    keeps the hyphen and a space; "Kita-" + "Gebühren" keeps the hyphen, no space.
    """
    out = ""
    for raw in parts:
        p = _WS.sub(" ", raw).strip()
        if not p:
            continue
        if not out:
            out = p
            continue
        if out.endswith("-") and len(out) >= 2 and out[-2].isalpha():
            first = p.split(" ", 1)[0]
            if first.lower() in _CONTINUATION_WORDS:
                out += " " + p
            elif p[0].islower():
                out = out[:-1] + p
            else:
                out += p
        else:
            out += " " + p
    return out


def span_in_line(text: str, line: Line, value: str) -> Span:
    """Offsets of ``value`` inside the raw line, or the whole line if not found verbatim."""
    raw = text[line.start : line.end]
    if value:
        k = raw.find(value)
        if k < 0:
            # The raw line may carry markup between words; try the first few words.
            head = value[:20]
            k = raw.find(head)
            if k >= 0:
                return line.start + k, line.end
        else:
            return line.start + k, line.start + k + len(value)
    return line.start, line.end


def lines_span(lines: list[Line], i: int, j: int) -> Span:
    """Span from the start of ``lines[i]`` to the end of ``lines[j - 1]``."""
    return lines[i].start, lines[max(i, j - 1)].end


def strip_markup(value: str) -> str:
    return _WS.sub(" ", value).strip(" \t:;,")
