from django.db import models


class Document(models.Model):
    """One logical document inside a source file: ``source_file.text[start:end]``."""

    source_file = models.ForeignKey(
        "store.SourceFile", on_delete=models.CASCADE, related_name="documents"
    )
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=40, db_index=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    reference = models.CharField(max_length=100, blank=True, default="", db_index=True)
    title = models.TextField(blank=True, default="")
    split_reason = models.CharField(max_length=200, blank=True, default="")
    paper = models.ForeignKey(
        "store.Paper", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    meeting = models.ForeignKey(
        "store.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    # A rendition holds the same document as another, richer one (rendition_of).
    rendition_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renditions"
    )
    text_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    richness = models.PositiveIntegerField(default=0)
    # The extracted paper/meeting record as JSON, so a paper can be rebuilt from its
    # main document whenever the set of its documents changes.
    record = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source_file", "order"]
        constraints = [
            models.UniqueConstraint(fields=["source_file", "order"], name="document_order_per_file")
        ]

    @property
    def is_rendition(self) -> bool:
        return self.rendition_of_id is not None

    @property
    def text(self) -> str:
        return self.source_file.text[self.start : self.end]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference or self.title}".strip()
