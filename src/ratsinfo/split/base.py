"""A logical document inside a source file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DocumentSpan:
    """``text[start:end]`` of a Reading is one document.

    ``reason`` names the convention that opened it (for debugging and provenance).
    """

    start: int
    end: int
    reason: str
