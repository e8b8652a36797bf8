"""Persons mentioned: signatories, speakers, officials with their roles and parties."""

from __future__ import annotations

from ratsinfo.split.lines import Line

from .records import DocumentRecord, PersonMention


def extract_persons(text: str, lines: list[Line], documents: list[DocumentRecord]) -> list[PersonMention]:
    """Persons the file names, merged per person, not by surname alone."""
    return []
