from django.db import models

from .base import OParlObject


class Meeting(OParlObject):
    """A Sitzung (OParl Meeting). Invitation and minutes of one sitting make one Meeting."""

    body = models.ForeignKey("store.Body", on_delete=models.CASCADE, related_name="meetings")
    name = models.CharField(max_length=500, blank=True, default="")
    organizations = models.ManyToManyField("store.Organization", related_name="meetings", blank=True)
    meeting_state = models.CharField(max_length=100, blank=True, default="")
    cancelled = models.BooleanField(default=False)
    start = models.DateTimeField(null=True, blank=True, db_index=True)
    end = models.DateTimeField(null=True, blank=True)
    location = models.ForeignKey("store.Location", null=True, blank=True, on_delete=models.SET_NULL)
    # Beyond OParl: what the documents say.
    number = models.PositiveIntegerField(null=True, blank=True, help_text="ordinal, '25. Sitzung'")
    public = models.BooleanField(null=True, blank=True)
    invitation = models.ForeignKey(
        "store.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verbatim_protocol = models.ForeignKey(
        "store.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # OParl resultsProtocol / auxiliaryFile, filled by the OParl importer.
    results_protocol = models.ForeignKey(
        "store.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    auxiliary_files = models.ManyToManyField("store.File", related_name="auxiliary_of_meetings", blank=True)

    class Meta:
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.name
