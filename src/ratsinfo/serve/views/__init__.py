"""Server-rendered pages, one module per page family.

Every page runs a fixed number of queries (select_related/prefetch_related), whatever the
number of rows. Document text is user-supplied content and is only ever rendered through
Django's autoescaping.
"""

from .documents import document_detail, document_list
from .home import home
from .meetings import meeting_detail, meeting_list
from .papers import paper_detail, paper_list

__all__ = [
    "document_detail",
    "document_list",
    "home",
    "meeting_detail",
    "meeting_list",
    "paper_detail",
    "paper_list",
]
