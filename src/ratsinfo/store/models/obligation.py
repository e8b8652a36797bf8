from django.db import models

from .base import OParlObject


class Obligation(OParlObject):
    """A duty with a deadline that a paper or resolution sets (``ratsinfo:obligation``)."""

    paper = models.ForeignKey("store.Paper", on_delete=models.CASCADE, related_name="obligations")
    order = models.PositiveIntegerField(default=0)
    what = models.TextField(blank=True, default="")
    due = models.CharField(max_length=10, blank=True, default="", help_text="YYYY-MM or YYYY-MM-DD")
    due_date = models.DateField(null=True, blank=True, db_index=True, help_text="last day it is due")

    class Meta:
        ordering = ["paper", "order"]

    def __str__(self) -> str:
        return f"{self.due}: {self.what}"
