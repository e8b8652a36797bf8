from django.db import models

from .base import OParlObject


class LegislativeTerm(OParlObject):
    """A Wahlperiode (OParl LegislativeTerm)."""

    body = models.ForeignKey("store.Body", on_delete=models.CASCADE, related_name="legislative_terms")
    name = models.CharField(max_length=200)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "start_date"]

    def __str__(self) -> str:
        return self.name
