"""Attendance lists of minutes, and the quorum."""

from __future__ import annotations

from ratsinfo.split.lines import Line

from .records import AttendanceRecord


def extract_attendance(text: str, lines: list[Line], i0: int, i1: int) -> list[AttendanceRecord]:
    """Who was there (and who not) according to the minutes ``lines[i0:i1]``."""
    return []


def extract_quorum(text: str, lines: list[Line], i0: int, i1: int) -> tuple[int | None, int | None, dict]:
    """(present, voting members, spans) from "6 von 8 stimmberechtigten Mitgliedern"."""
    return None, None, {}
