"""Duties with deadlines that a motion or resolution sets."""

from __future__ import annotations

from ratsinfo.split.lines import Line

from .records import ObligationRecord


def extract_obligations(text: str, lines: list[Line], i0: int, i1: int) -> list[ObligationRecord]:
    """Obligations in the document ``lines[i0:i1]`` (its Beschlussvorschlag or resolution)."""
    return []
