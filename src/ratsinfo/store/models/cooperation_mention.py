from django.db import models

from .base import OParlObject


class CooperationMention(OParlObject):
    """One place in one source file that names a cooperation (table row, narrative section).

    ``record`` keeps the raw extracted values (the CooperationRecord as JSON), so the
    cooperation can be rebuilt whenever the set of its mentions changes.
    """

    cooperation = models.ForeignKey(
        "store.Cooperation", on_delete=models.CASCADE, related_name="mentions"
    )
    source_file = models.ForeignKey(
        "store.SourceFile", on_delete=models.CASCADE, related_name="cooperation_mentions"
    )
    document = models.ForeignKey(
        "store.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cooperation_mentions",
    )
    order = models.PositiveIntegerField(default=0)  # position among the file's cooperations
    report_year = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    title = models.TextField()
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    spans = models.JSONField(default=dict, blank=True)
    record = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["source_file", "order"]

    def __str__(self) -> str:
        return f"{self.title} ({self.report_year or '?'})"
