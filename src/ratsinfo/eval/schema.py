"""The gold format's fields, as gold/README.md ("Shape") lists them.

The scorer counts facts for *every* field a gold item carries, known here or not; this
table is needed only where the README's structure matters:

* which fields of an unmatched predicted item count as false positives ("each of its fields
  that the gold format knows");
* which list fields hold objects compared field by field (consultations, obligations),
  which hold atomic objects (votes: one fact each) and which are nested sections with
  their own item matching (agenda items, attendance).
"""

from __future__ import annotations

# Top-level sections with items (places_mentioned holds plain strings).
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "documents": ("kind", "reference", "title"),
    "papers": (
        "reference",
        "kind",
        "title",
        "date",
        "public",
        "originators",
        "consultations",
        "references",
        "attachments",
        "obligations",
    ),
    "meetings": (
        "organization",
        "number",
        "public",
        "start",
        "end",
        "location",
        "quorum",
        "agenda_items",
        "attendance",
    ),
    "cooperations": (
        "match",
        "unit",
        "category",
        "kind",
        "partners",
        "legal_form",
        "status",
        "since",
        "until",
        "single",
    ),
    "persons_mentioned": ("name", "role", "party", "organization"),
    # Place strings are wrapped as {"name": "..."} so one code path scores every section.
    "places_mentioned": ("name",),
}

# Pseudo-section for the file-level "body" field; selectable like a section.
FILE_SECTION = "file"
SECTIONS: tuple[str, ...] = (FILE_SECTION, *SECTION_FIELDS)

# Nested sections: {"exhaustive", "items"} inside a meeting, matched item by item.
NESTED_SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "agenda_items": ("number", "title", "papers", "result", "votes", "added_in_meeting"),
    "attendance": (
        "name",
        "title",
        "party",
        "group",
        "organization",
        "status",
        "reason",
        "from",
        "until",
    ),
}

# Objects (or lists of objects) compared field by field: one fact per gold sub-field.
OBJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "consultations": ("date", "organization", "role"),
    "obligations": ("due", "what"),
    "quorum": ("present", "voting_members"),
}

# Lists of objects that are one fact per element: "A gold vote matches a predicted one
# when every value the gold states is equal."
ATOMIC_LIST_FIELDS: frozenset[str] = frozenset({"votes"})

# Field-name comparison rules (README, step 3). A list field's elements use its rule.
FUZZY_FIELDS: frozenset[str] = frozenset(
    # "attachments" are titles (README: "attachments (titles)"), so they get the title rule.
    {"title", "organization", "location", "role", "unit", "what", "attachments"}
)
PERSON_FIELDS: frozenset[str] = frozenset({"name", "originators"})
PLACE_FIELDS: frozenset[str] = frozenset({"partners"})
DATE_FIELDS: frozenset[str] = frozenset({"date", "due", "start", "end", "since", "until"})

# Section-level scalars that are facts of their own (not items).
SECTION_FACTS: tuple[str, ...] = ("report_year",)

# Where a predicted cooperation carries the text that must contain the gold `match`.
COOPERATION_TEXT_FIELDS: tuple[str, ...] = ("title", "description", "match")

FUZZY_THRESHOLD = 0.9
DOCUMENT_TITLE_THRESHOLD = 0.8
MEETING_ORGANIZATION_THRESHOLD = 0.8
NAME_THRESHOLD = 0.9
