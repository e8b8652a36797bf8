from django.db import models

from .base import OParlObject


class Partner(OParlObject):
    """A cooperation partner, normalised: a municipality, district, Land, association, company.

    ``name`` is the canonical name (gazetteer name for places, else as the report names the
    organisation); ``key`` the official key (AGS / Kreisschlüssel) where the gazetteer knows it.
    """

    name = models.CharField(max_length=500, unique=True)
    kind = models.CharField(max_length=60, blank=True, default="")
    key = models.CharField("Amtlicher Schlüssel", max_length=12, blank=True, default="", db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
