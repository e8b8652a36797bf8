"""Plain records the extractors return: values plus the spans they came from.

Every record carries ``spans``: field name → (start, end) in the ``Reading.text``
the record was extracted from. Records are pure data (picklable), so parsing can
run in worker processes and the single writer stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(slots=True)
class ConsultationRecord:
    date: str | None  # ISO date
    organization: str | None
    role: str | None  # Entscheidung, Vorberatung, Kenntnisnahme or None
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class PaperRecord:
    reference: str | None  # Drucksache number as printed, spaces removed
    kind: str | None
    title: str | None
    date: str | None  # ISO date of creation
    public: bool | None
    originators: list[str] = field(default_factory=list)
    consultations: list[ConsultationRecord] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)  # other Drucksachen cited
    attachments: list[str] = field(default_factory=list)  # titles listed under "Anlagen"


@dataclass(slots=True)
class MeetingRecord:
    organization: str | None
    number: int | None = None
    public: bool | None = None
    start: str | None = None  # ISO local date-time "YYYY-MM-DDTHH:MM" or date
    end: str | None = None
    location: str | None = None
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class DocumentRecord:
    """One logical document inside a file (``text[start:end]``)."""

    kind: str  # gold vocabulary: Einladung, Antrag, Niederschrift, ...
    start: int
    end: int
    reference: str | None = None
    title: str | None = None
    reason: str = ""  # which convention opened this document
    paper: PaperRecord | None = None
    meeting: MeetingRecord | None = None
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class FileExtraction:
    """Everything extracted from one file."""

    body: str | None
    documents: list[DocumentRecord] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)  # "body" → where it was read
