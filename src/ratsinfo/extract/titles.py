"""Titles of documents that are not papers: invitations and minutes (the meeting's
title line), presentations (the title slide), press releases (the headline), reports
and other documents (the first heading line)."""

from __future__ import annotations

import re

from ratsinfo.split.conventions import PRESS_LINE
from ratsinfo.split.lines import Line

from .dates import find_dates
from .meeting_header import meeting_title
from .text import join_wrapped

Span = tuple[int, int]

_PLACE_ONLY = re.compile(r"^[A-ZÄÖÜ][\wäöüß.\-/()]*(?: [A-ZÄÖÜ(][\wäöüß.\-/()]*){0,2}$")
_BODY_LINE = re.compile(
    r"^(?:landeshauptstadt|hansestadt|stadt|gemeinde|landkreis|kreis|markt|der|die)\b.{0,40}$"
    r"|^(?:der|die)\s+(?:ober)?bürgermeister",
    re.IGNORECASE,
)
# A sender line of a press office ("Stadt X – Pressestelle", "Presse- und Öffentlichkeitsarbeit").
_SENDER = re.compile(
    r"^.{0,60}\b(?:pressestelle|presseamt|pressereferat|pressesprecher(?:in)?|pressekontakt"
    r"|öffentlichkeitsarbeit|stabsstelle kommunikation)\s*$",
    re.IGNORECASE,
)
_MAX_TITLE = 300  # a "title" longer than this is running text; keep its start only
_NOISE = re.compile(r"^(?:seite\s+\d+|\d+|-\s*\d+\s*-|nr\.?\s*\d+.*)$", re.IGNORECASE)


def _first_line(lines: list[Line], i0: int, i1: int, *, skip_body: bool) -> tuple[str, Span] | None:
    for i in range(i0, min(i1, i0 + 15)):
        ln = lines[i]
        c = ln.first_cell[:_MAX_TITLE]
        if _NOISE.match(c) or (skip_body and _BODY_LINE.match(c) and i + 1 < i1):
            continue
        if find_dates(c) and len(c) <= 30:
            continue
        parts = [c]
        last = i
        # A heading wrapped over two lines ends with a hyphen or lowercase continuation.
        if i + 1 < i1 and lines[i + 1].blank_before == 0 and c.endswith("-"):
            parts.append(lines[i + 1].first_cell[:_MAX_TITLE])
            last = i + 1
        return join_wrapped(parts), (ln.start, lines[last].end)
    return None


def meeting_document_title(lines: list[Line], i0: int, i1: int) -> tuple[str, Span] | None:
    found = meeting_title(lines, i0, i1)
    if found:
        title, i = found
        return title, (lines[i].start, lines[i].end)
    return _first_line(lines, i0, i1, skip_body=True)


def press_headline(lines: list[Line], i0: int, i1: int) -> tuple[str, Span] | None:
    """The headline: skip the sender, city/dateline, "Pressemitteilung …" and date lines.

    The headline follows the press line; what stands above it is the sender
    ("Stadt X – Pressestelle").
    """
    start = i0
    for i in range(i0, min(i1, i0 + 5)):
        if PRESS_LINE.match(lines[i].clean):
            start = i + 1
            break
    for i in range(start, min(i1, i0 + 8)):
        ln = lines[i]
        c = ln.clean[:_MAX_TITLE]
        if PRESS_LINE.match(c) or _NOISE.match(c):
            continue
        if _PLACE_ONLY.match(c) and len(c) <= 30 and len(c.split()) <= 2:
            continue
        if find_dates(c) and len(c) <= 40:
            continue
        if len(c.split()) < 3 or _SENDER.search(c):
            continue
        return c, (ln.start, ln.end)
    return _first_line(lines, i0, i1, skip_body=False)


def document_title(lines: list[Line], i0: int, i1: int, kind: str) -> tuple[str, Span] | None:
    if i1 <= i0:
        return None
    if kind in ("Einladung", "Niederschrift", "Tagesordnung"):
        return meeting_document_title(lines, i0, i1)
    if kind == "Pressemitteilung":
        return press_headline(lines, i0, i1)
    if kind == "Präsentation":
        return _first_line(lines, i0, i1, skip_body=False)
    return _first_line(lines, i0, i1, skip_body=True)
