from django.db import models

from .base import OParlObject


class File(OParlObject):
    """A file as published (OParl File); one per ingested source file."""

    name = models.CharField(max_length=500, blank=True, default="")
    file_name = models.CharField(max_length=500, blank=True, default="")
    mime_type = models.CharField(max_length=100, blank=True, default="")
    date = models.DateField(null=True, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    sha256_checksum = models.CharField(max_length=64, blank=True, default="")
    text = models.TextField(blank=True, default="")
    access_url = models.URLField(max_length=1000, blank=True, default="")
    # As an OParl source gives them; an ingested file is downloaded from us instead.
    download_url = models.URLField(max_length=1000, blank=True, default="")
    external_service_url = models.URLField(max_length=1000, blank=True, default="")
    file_license = models.URLField(max_length=500, blank=True, default="")
    sha1_checksum = models.CharField(max_length=40, blank=True, default="")
    sha512_checksum = models.CharField(max_length=128, blank=True, default="")
    master_file = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derivative_files"
    )
    source_file = models.OneToOneField(
        "store.SourceFile", null=True, blank=True, on_delete=models.CASCADE, related_name="file"
    )

    class Meta:
        ordering = ["file_name"]

    def __str__(self) -> str:
        return self.file_name or self.name
