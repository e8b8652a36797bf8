"""Fields every stored object carries, as OParl 1.1 requires."""

from __future__ import annotations

from django.db import models


class OParlObject(models.Model):
    """``created``, ``modified`` and soft delete (``deleted``) on every object.

    ``external_id`` keeps the id an object had at an external OParl source, so a later
    sync updates it instead of duplicating it.
    """

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    modified = models.DateTimeField(auto_now=True, db_index=True)
    deleted = models.BooleanField(default=False, db_index=True)
    external_id = models.CharField(max_length=500, blank=True, default="", db_index=True)
    keyword = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True

    def revive(self) -> None:
        """Undo a soft delete: a document names the object again."""
        if self.deleted:
            self.deleted = False
            self.save(update_fields=["deleted", "modified"])
