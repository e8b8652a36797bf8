"""The store: one module per OParl entity, plus what ingest keeps about its sources."""

from .agenda_item import AgendaItem
from .attendance import Attendance
from .body import Body
from .consultation import Consultation
from .cooperation import Cooperation
from .cooperation_mention import CooperationMention
from .document import Document
from .file import File
from .legislative_term import LegislativeTerm
from .location import Location
from .meeting import Meeting
from .membership import Membership
from .obligation import Obligation
from .organization import Organization
from .paper import Paper
from .partner import Partner
from .person import Person
from .provenance import Provenance
from .search_entry import SearchEntry, SearchWord
from .source_file import SourceFile
from .vote import Vote

__all__ = [
    "AgendaItem",
    "Attendance",
    "Body",
    "Consultation",
    "Cooperation",
    "CooperationMention",
    "Document",
    "File",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "Membership",
    "Obligation",
    "Organization",
    "Paper",
    "Partner",
    "Person",
    "Provenance",
    "SearchEntry",
    "SearchWord",
    "SourceFile",
    "Vote",
]
