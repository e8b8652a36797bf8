from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Provenance(models.Model):
    """Where a stored fact came from: ``entity.field`` ← ``source_file.text[start:end]``.

    ``source_start``/``source_end`` and ``page`` locate the same span in the original file
    (decoded characters for text formats, page-local characters for PDF).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    entity = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=100)
    source_file = models.ForeignKey(
        "store.SourceFile", on_delete=models.CASCADE, related_name="provenance"
    )
    document = models.ForeignKey(
        "store.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="provenance"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        # With the file last: "which files name this person, newest first" and their count
        # are read from the index alone (a council member has thousands of spans).
        indexes = [models.Index(fields=["content_type", "object_id", "source_file"],
                                name="provenance_object_file")]

    def __str__(self) -> str:
        return f"{self.content_type.model}#{self.object_id}.{self.field} ← {self.start}:{self.end}"
