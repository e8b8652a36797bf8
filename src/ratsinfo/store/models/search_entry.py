"""The search index as tables: what the PostgreSQL search backend queries, and the
vocabulary both backends use for decompounding and "did you mean"."""

from typing import Any

from django.db import models


class TsVectorField(models.TextField):
    """``tsvector`` on PostgreSQL (indexed with GIN by the migration); plain text elsewhere,
    where it stays empty because the embedded backend indexes with tantivy."""

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchEntry(models.Model):
    """One searchable thing (paper, meeting, agenda item, document, person, organization,
    cooperation) as the search package analysed it."""

    key = models.CharField(max_length=100, unique=True)  # "paper:12"
    kind = models.CharField(max_length=20, db_index=True)
    title = models.TextField(blank=True, default="")
    reference = models.CharField(max_length=100, blank=True, default="")
    url = models.CharField(max_length=300, blank=True, default="")
    label = models.CharField(max_length=300, blank=True, default="")
    body = models.CharField(max_length=300, blank=True, default="")
    date = models.IntegerField(null=True, blank=True, db_index=True, help_text="yyyymmdd")
    boost = models.FloatField(default=1.0, db_index=True)
    facets = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True, default="")
    segments = models.JSONField(default=list, blank=True)
    # source file ids as " 3 17 ", so a changed file finds what it supported
    sources = models.TextField(blank=True, default="")
    tsv = TsVectorField(null=True, blank=True)

    def __str__(self) -> str:
        return self.key


class SearchWord(models.Model):
    """A word the index has seen (folded lowercase) and how often."""

    word = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.word
