from django.db import models

from .base import OParlObject


class Vote(OParlObject):
    """A vote taken on an agenda item (beyond OParl: ``ratsinfo:vote``)."""

    agenda_item = models.ForeignKey("store.AgendaItem", on_delete=models.CASCADE, related_name="votes")
    order = models.PositiveIntegerField(default=0)
    subject = models.CharField(max_length=500, blank=True, default="")
    kind = models.CharField(max_length=20, blank=True, default="")  # einstimmig, mehrheitlich, counts
    yes = models.PositiveIntegerField(null=True, blank=True)
    no = models.PositiveIntegerField(null=True, blank=True)
    abstain = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["agenda_item", "order"]

    def __str__(self) -> str:
        counts = "/".join(str(x) for x in (self.yes, self.no, self.abstain) if x is not None)
        return f"{self.kind} {counts}".strip()
