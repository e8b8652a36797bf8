from django.db import models

from .base import OParlObject


class Attendance(OParlObject):
    """Who attended a meeting, as the minutes say (beyond OParl: ``ratsinfo:attendance``)."""

    meeting = models.ForeignKey("store.Meeting", on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("store.Person", on_delete=models.CASCADE, related_name="attendance")
    order = models.PositiveIntegerField(default=0)
    group = models.CharField(max_length=100, blank=True, default="")
    party = models.CharField(max_length=200, blank=True, default="", help_text="as printed")
    organization_name = models.CharField(max_length=300, blank=True, default="")
    status = models.CharField(max_length=20, blank=True, default="")  # anwesend / abwesend
    reason = models.CharField(max_length=50, blank=True, default="")
    arrived = models.CharField(max_length=5, blank=True, default="", help_text="HH:MM")
    left = models.CharField(max_length=5, blank=True, default="", help_text="HH:MM")
    substitute_for = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["meeting", "order"]
        indexes = [
            # A person's attendance record (lists and pages count it per person): answered
            # from the index alone, without reading the rows.
            models.Index(fields=["person", "status", "meeting"], name="attendance_person_record"),
        ]
