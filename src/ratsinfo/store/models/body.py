from django.db import models

from .base import OParlObject


class Body(OParlObject):
    """A Körperschaft: the city, district or municipality that publishes (OParl Body)."""

    name = models.CharField(max_length=300, unique=True)
    short_name = models.CharField(max_length=100, blank=True, default="")
    website = models.URLField(blank=True, default="")
    ags = models.CharField("Amtlicher Gemeindeschlüssel", max_length=12, blank=True, default="")
    rgs = models.CharField("Regionalschlüssel", max_length=12, blank=True, default="")
    classification = models.CharField(max_length=100, blank=True, default="")
    contact_email = models.EmailField(blank=True, default="")
    contact_name = models.CharField(max_length=300, blank=True, default="")
    license = models.URLField(max_length=500, blank=True, default="")
    license_valid_since = models.DateTimeField(null=True, blank=True)
    oparl_since = models.DateTimeField(null=True, blank=True)
    equivalent = models.JSONField(default=list, blank=True, help_text="URLs of the same body elsewhere")
    location = models.ForeignKey(
        "store.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="bodies"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name
