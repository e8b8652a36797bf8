"""Server-rendered pages, one module per page family.

Every page runs a fixed number of queries (select_related/prefetch_related), whatever the
number of rows. Document text is user-supplied content and is only ever rendered through
Django's autoescaping.
"""

from .cooperations import (
    cooperation_detail,
    cooperation_list,
    cooperation_partners,
    cooperation_years,
)
from .documents import document_detail, document_list
from .home import home
from .meetings import meeting_detail, meeting_list
from .organizations import organization_detail, organization_list
from .papers import paper_detail, paper_list
from .persons import person_detail, person_list

__all__ = [
    "cooperation_detail",
    "cooperation_list",
    "cooperation_partners",
    "cooperation_years",
    "document_detail",
    "document_list",
    "home",
    "meeting_detail",
    "meeting_list",
    "organization_detail",
    "organization_list",
    "paper_detail",
    "paper_list",
    "person_detail",
    "person_list",
]
