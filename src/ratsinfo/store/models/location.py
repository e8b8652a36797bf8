from django.db import models

from .base import OParlObject


class Location(OParlObject):
    """A place: a meeting room, an address, a municipality (OParl Location)."""

    description = models.CharField(max_length=500, blank=True, default="")
    street_address = models.CharField(max_length=300, blank=True, default="")
    room = models.CharField(max_length=200, blank=True, default="")
    postal_code = models.CharField(max_length=10, blank=True, default="")
    sub_locality = models.CharField(max_length=200, blank=True, default="")
    locality = models.CharField(max_length=200, blank=True, default="")
    geojson = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["description"]

    def __str__(self) -> str:
        return self.description or self.street_address
