from django.db import models

from .base import OParlObject

# Fields staff may correct. Each has an extracted column (rebuilt from the mentions on every
# ingest) and a ``<name>_corrected`` column that only staff write; a non-empty correction wins.
CORRECTABLE = (
    "title",
    "description",
    "unit",
    "category",
    "kind",
    "legal_form",
    "status",
    "since",
    "until",
    "field",
)


class Cooperation(OParlObject):
    """One cooperation of a body (interkommunale Zusammenarbeit), merged over its mentions."""

    body = models.ForeignKey("store.Body", on_delete=models.CASCADE, related_name="cooperations")
    # Extracted values: what the reports say (the newest report wins per field).
    title = models.TextField()
    description = models.TextField(blank=True, default="")
    unit = models.CharField(max_length=300, blank=True, default="")
    category = models.CharField(max_length=50, blank=True, default="")
    kind = models.CharField(max_length=60, blank=True, default="")
    legal_form = models.CharField(max_length=100, blank=True, default="")
    status = models.CharField(max_length=40, blank=True, default="")
    since = models.CharField(max_length=20, blank=True, default="")
    until = models.CharField(max_length=20, blank=True, default="")
    field = models.CharField("field of activity", max_length=100, blank=True, default="")
    field_evidence = models.TextField(blank=True, default="")
    partner_names = models.JSONField(default=list, blank=True)  # extracted, canonical names
    partner_phrases = models.JSONField(default=list, blank=True)  # "17 Vertragspartner"
    first_report_year = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    last_report_year = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    # Effective partners (corrected list when staff gave one, else the extracted names).
    partners = models.ManyToManyField("store.Partner", blank=True, related_name="cooperations")

    # Staff corrections, kept apart from the extracted values so re-ingest cannot touch them.
    title_corrected = models.TextField(blank=True, default="")
    description_corrected = models.TextField(blank=True, default="")
    unit_corrected = models.CharField(max_length=300, blank=True, default="")
    category_corrected = models.CharField(max_length=50, blank=True, default="")
    kind_corrected = models.CharField(max_length=60, blank=True, default="")
    legal_form_corrected = models.CharField(max_length=100, blank=True, default="")
    status_corrected = models.CharField(max_length=40, blank=True, default="")
    since_corrected = models.CharField(max_length=20, blank=True, default="")
    until_corrected = models.CharField(max_length=20, blank=True, default="")
    field_corrected = models.CharField(max_length=100, blank=True, default="")
    partners_corrected = models.TextField(
        blank=True, default="", help_text="one partner per line; replaces the extracted partners"
    )
    confirmed = models.BooleanField(default=False, help_text="staff checked this record")
    corrected_by = models.CharField(max_length=150, blank=True, default="")
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["body", "unit", "title"]

    def __str__(self) -> str:
        return self.value("title")

    def value(self, name: str) -> str:
        """The effective value of a correctable field: the correction, else the extraction."""
        return getattr(self, f"{name}_corrected") or getattr(self, name)

    @property
    def is_corrected(self) -> bool:
        """Staff touched it: confirmed, or at least one field corrected."""
        return self.confirmed or bool(self.partners_corrected.strip()) or any(
            getattr(self, f"{n}_corrected") for n in CORRECTABLE
        )

    def corrected_partner_names(self) -> list[str]:
        return [n.strip() for n in self.partners_corrected.splitlines() if n.strip()]

    def effective_partner_names(self) -> list[str]:
        return self.corrected_partner_names() or list(self.partner_names)
