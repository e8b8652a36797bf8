"""Django admin: staff can look at and correct what ingest stored."""

from django.contrib import admin

from ratsinfo.store import models


@admin.register(models.Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("reference", "paper_type", "name", "date", "body", "deleted")
    list_filter = ("paper_type", "body", "deleted")
    search_fields = ("reference", "name")


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("name", "start", "number", "body", "deleted")
    list_filter = ("body", "deleted")
    search_fields = ("name",)


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("kind", "reference", "title", "source_file", "rendition_of")
    list_filter = ("kind",)
    search_fields = ("reference", "title")
    raw_id_fields = ("source_file", "paper", "meeting", "rendition_of")


@admin.register(models.SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ("path", "format", "size", "modified")
    list_filter = ("format",)
    exclude = ("text",)


for model in (
    models.Body,
    models.LegislativeTerm,
    models.Organization,
    models.Person,
    models.Membership,
    models.Location,
    models.AgendaItem,
    models.Consultation,
    models.File,
):
    admin.site.register(model)
