from django.db import models

from .base import OParlObject


class Organization(OParlObject):
    """A Gremium, Fraktion, administrative unit, Beirat or external body (OParl Organization)."""

    class Type(models.TextChoices):
        GREMIUM = "Gremium"
        FRAKTION = "Fraktion"
        PARTEI = "Partei"
        VERWALTUNG = "Verwaltungsbereich"
        BEIRAT = "Beirat"
        EXTERN = "externes Gremium"
        SONSTIGES = "Sonstiges"

    body = models.ForeignKey("store.Body", on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(max_length=500)
    short_name = models.CharField(max_length=100, blank=True, default="")
    organization_type = models.CharField(max_length=40, choices=Type.choices, default=Type.SONSTIGES)
    classification = models.CharField(max_length=200, blank=True, default="")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    website = models.URLField(blank=True, default="")
    post = models.JSONField(default=list, blank=True, help_text="positions, e.g. Vorsitzender")
    location = models.ForeignKey("store.Location", null=True, blank=True, on_delete=models.SET_NULL)
    sub_organization_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="sub_organizations"
    )

    class Meta:
        ordering = ["body", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="organization_unique_name_per_body")
        ]

    def __str__(self) -> str:
        return self.name
