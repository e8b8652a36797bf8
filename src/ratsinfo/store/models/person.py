from django.db import models

from .base import OParlObject


class Person(OParlObject):
    """A person as the documents name them (OParl Person)."""

    body = models.ForeignKey("store.Body", on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(max_length=300)
    family_name = models.CharField(max_length=200, blank=True, default="")
    given_name = models.CharField(max_length=200, blank=True, default="")
    form_of_address = models.CharField(max_length=50, blank=True, default="")
    affix = models.CharField(max_length=100, blank=True, default="")
    title = models.JSONField(default=list, blank=True)
    gender = models.CharField(max_length=20, blank=True, default="")
    # Beyond OParl: the party the documents last named with this person, as printed.
    party = models.CharField(max_length=200, blank=True, default="")
    # OParl contact and life data, as an OParl source gives them (documents do not).
    phone = models.JSONField(default=list, blank=True)
    email = models.JSONField(default=list, blank=True)
    status = models.JSONField(default=list, blank=True, help_text="roles, e.g. Bürgermeister")
    life = models.TextField(blank=True, default="")
    life_source = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["family_name", "given_name", "name"]

    def __str__(self) -> str:
        return self.name
