from django.db import models

from .base import OParlObject


class Membership(OParlObject):
    """A person's membership in an organization (OParl Membership)."""

    person = models.ForeignKey("store.Person", on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "store.Organization", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=200, blank=True, default="")
    voting_right = models.BooleanField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    on_behalf_of = models.ForeignKey(
        "store.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization", "person"]
