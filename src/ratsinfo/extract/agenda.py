"""Agenda items of invitations and minutes: numbering, titles, papers, results, votes."""

from __future__ import annotations

from ratsinfo.split.lines import Line

from .records import AgendaItemRecord


def extract_agenda(text: str, lines: list[Line], i0: int, i1: int, kind: str) -> list[AgendaItemRecord]:
    """Agenda items of the document ``lines[i0:i1]`` (an Einladung or a Niederschrift)."""
    return []
