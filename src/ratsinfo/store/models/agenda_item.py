from django.db import models

from .base import OParlObject


class AgendaItem(OParlObject):
    """A Tagesordnungspunkt (OParl AgendaItem)."""

    meeting = models.ForeignKey("store.Meeting", on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(max_length=50, blank=True, default="")
    order = models.PositiveIntegerField(default=0)
    name = models.TextField(blank=True, default="")
    public = models.BooleanField(null=True, blank=True)
    result = models.CharField(max_length=100, blank=True, default="")
    resolution_text = models.TextField(blank=True, default="")
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    added_in_meeting = models.BooleanField(default=False)
    # OParl resolutionFile / auxiliaryFile, filled by the OParl importer.
    resolution_file = models.ForeignKey(
        "store.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    auxiliary_files = models.ManyToManyField(
        "store.File", related_name="auxiliary_of_agenda_items", blank=True
    )
    papers = models.ManyToManyField("store.Paper", related_name="agenda_items", blank=True)
    # References as printed, space-separated: papers ingested later still find their item.
    paper_references = models.CharField(max_length=1000, blank=True, default="", db_index=True)

    class Meta:
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()
