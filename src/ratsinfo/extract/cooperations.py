"""Cooperations (interkommunale Zusammenarbeit) from reports and Vorlagen."""

from __future__ import annotations

from ratsinfo.read.base import Reading
from ratsinfo.split.lines import Line

from .records import CooperationRecord, DocumentRecord


def extract_cooperations(
    reading: Reading, lines: list[Line], documents: list[DocumentRecord]
) -> tuple[list[CooperationRecord], int | None]:
    """The cooperations the file reports, and the report year."""
    return [], None
