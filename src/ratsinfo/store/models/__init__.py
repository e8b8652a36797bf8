"""The store: one module per OParl entity, plus what ingest keeps about its sources."""

from .agenda_item import AgendaItem
from .body import Body
from .consultation import Consultation
from .document import Document
from .file import File
from .legislative_term import LegislativeTerm
from .location import Location
from .meeting import Meeting
from .membership import Membership
from .organization import Organization
from .paper import Paper
from .person import Person
from .provenance import Provenance
from .source_file import SourceFile

__all__ = [
    "AgendaItem",
    "Body",
    "Consultation",
    "Document",
    "File",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "Membership",
    "Organization",
    "Paper",
    "Person",
    "Provenance",
    "SourceFile",
]
