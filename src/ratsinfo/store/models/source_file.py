from django.db import models


class SourceFile(models.Model):
    """A file the ingest read: what it was, and the text every span points into."""

    path = models.CharField(max_length=1000, unique=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField()
    format = models.CharField(max_length=20)
    encoding = models.CharField(max_length=40, blank=True, default="")
    text = models.TextField(blank=True, default="")
    pages = models.JSONField(default=list, blank=True)
    body = models.ForeignKey("store.Body", null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path
