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
class ObligationRecord:
    """A duty with a deadline that a motion or resolution sets."""

    due: str | None  # "YYYY-MM" or "YYYY-MM-DD"
    what: str | None  # the duty, short: "Stadtverordnetenversammlung über den Sachstand informieren"
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class VoteRecord:
    """One vote: kind einstimmig/mehrheitlich/counts, counts where given."""

    kind: str | None
    subject: str | None = None  # what was voted on when not the item itself ("Tagesordnung")
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class AgendaItemRecord:
    number: str  # "3.1" as printed, without "TOP"/"Ö"
    title: str | None = None
    papers: list[str] = field(default_factory=list)  # references
    result: str | None = None  # gold vocabulary: beschlossen, erledigt, zur Kenntnis genommen …
    votes: list[VoteRecord] = field(default_factory=list)
    added_in_meeting: bool = False
    public: bool | None = None
    resolution_text: str | None = None  # amended resolution text where the minutes give it
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class AttendanceRecord:
    name: str  # given + family name, no title
    title: str | None = None  # "Dr.", "Prof. Dr."
    party: str | None = None
    group: str | None = None  # Vorsitz, Mitglied, Stellvertreter, Sachkundige Einwohner, …
    organization: str | None = None  # for Beirat members and the like
    status: str | None = None  # anwesend / abwesend
    reason: str | None = None  # entschuldigt / nicht entschuldigt
    from_time: str | None = None  # "HH:MM" arrival
    until: str | None = None  # "HH:MM" departure
    substitute_for: str | None = None  # "Fr. Weber f. Fr. Schulz"
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class PersonMention:
    name: str  # given + family name where known, no title
    role: str | None = None
    party: str | None = None
    organization: str | None = None
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class PlaceMention:
    name: str  # canonical name, e.g. "Landkreis Havelland", "Stadt Werder (Havel)"
    key: str | None = None  # official key (AGS / Kreisschlüssel)
    kind: str | None = None  # Land, Kreis, kreisfreie Stadt, Gemeinde, Bezirk, Ausland
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class CooperationRecord:
    """One cooperation a report names (inter-municipal cooperation, IKZ)."""

    title: str
    description: str | None = None
    unit: str | None = None  # responsible unit as the report names it ("GB 4", "Dezernat III")
    category: str | None = None  # priority category where the report has one ("I")
    kind: str | None = None  # interkommunal, intrakommunal, vertikal, inter- und intrakommunal, allgemein
    partners: list[str] = field(default_factory=list)  # canonical names
    partner_phrases: list[str] = field(default_factory=list)  # "17 Vertragspartner", kept as such
    legal_form: str | None = None
    status: str | None = None  # geplant, laufend, abgeschlossen
    since: str | None = None  # year or ISO date
    until: str | None = None
    field_of_activity: str | None = None
    field_evidence: str | None = None  # the words that decided the field
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
    obligations: list[ObligationRecord] = field(default_factory=list)
    # The paper's body, as spans into the text (not copies): Beschlussvorschlag, Begründung.
    resolution_proposal: Span | None = None
    justification: Span | None = None
    financial_impact: bool | None = None  # the template's "Ja" box is ticked
    civic_budget_number: int | None = None  # Bürgerhaushalt proposal number
    civic_budget_points: int | None = None


@dataclass(slots=True)
class MeetingRecord:
    organization: str | None
    number: int | None = None
    public: bool | None = None
    start: str | None = None  # ISO local date-time "YYYY-MM-DDTHH:MM" or date
    end: str | None = None
    location: str | None = None
    spans: dict[str, Span] = field(default_factory=dict)
    agenda_items: list[AgendaItemRecord] = field(default_factory=list)
    attendance: list[AttendanceRecord] = field(default_factory=list)
    quorum_present: int | None = None  # "6 von 8 stimmberechtigten Mitgliedern"
    quorum_voting: int | None = None


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
    persons: list[PersonMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    cooperations: list[CooperationRecord] = field(default_factory=list)
    report_year: int | None = None
