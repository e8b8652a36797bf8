from django.db import models

from .base import OParlObject


class Consultation(OParlObject):
    """One step of a paper's Beratungsfolge (OParl Consultation)."""

    paper = models.ForeignKey("store.Paper", on_delete=models.CASCADE, related_name="consultations")
    agenda_item = models.ForeignKey(
        "store.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    meeting = models.ForeignKey(
        "store.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    organizations = models.ManyToManyField("store.Organization", related_name="consultations", blank=True)
    authoritative = models.BooleanField(null=True, blank=True)
    role = models.CharField(max_length=100, blank=True, default="")
    # Beyond OParl: the Beratungsfolge's date and Gremium as printed.
    date = models.DateField(null=True, blank=True)
    organization_name = models.CharField(max_length=500, blank=True, default="")
    order = models.PositiveIntegerField(default=0)
    # True when only a meeting's agenda (not the paper's Beratungsfolge) told of it.
    from_agenda = models.BooleanField(default=False)

    class Meta:
        ordering = ["paper", "order"]
