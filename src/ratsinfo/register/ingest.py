"""Store what one file says about cooperations (called inside the file's transaction)."""

from __future__ import annotations

from ratsinfo.extract.records import FileExtraction
from ratsinfo.store.models import Body, SourceFile


def store_cooperations(body: Body, source: SourceFile, extraction: FileExtraction) -> None:
    """Replace the cooperation mentions this source file produced and re-merge the register."""
    return None


def forget_cooperations(source: SourceFile) -> None:
    """Remove the cooperation mentions of a source file (before it is re-ingested)."""
    return None
