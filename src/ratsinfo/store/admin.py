"""Django admin: staff can look at and correct what ingest stored."""

from django.contrib import admin

from ratsinfo.store import models
from ratsinfo.store.models.cooperation import CORRECTABLE


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


# --- The cooperation register: staff confirm or correct what the reports yielded. ---------

_COOP_EXTRACTED = (
    "title", "description", "unit", "category", "kind", "legal_form", "status", "since",
    "until", "field", "field_evidence", "partner_names", "partner_phrases",
    "first_report_year", "last_report_year",
)  # fmt: skip


@admin.register(models.Cooperation)
class CooperationAdmin(admin.ModelAdmin):
    """Extracted values are read-only; corrections go to their own columns and win.

    Re-ingest rebuilds only the extracted columns, so what staff enter here stays.
    """

    list_display = ("shown_title", "shown_unit", "shown_field", "first_report_year",
                    "last_report_year", "confirmed", "has_corrections", "body", "deleted")
    list_filter = ("body", "confirmed", "deleted", "last_report_year")
    search_fields = ("title", "title_corrected", "description", "unit", "partner_names")
    readonly_fields = (
        "body", *_COOP_EXTRACTED, "mentions_overview", "corrected_by", "corrected_at",
    )  # fmt: skip
    fieldsets = (
        ("Aus den Berichten (extrahiert)", {"fields": ("body", *_COOP_EXTRACTED, "mentions_overview")}),
        ("Korrekturen (gehen den extrahierten Werten vor)", {
            "fields": (*(f"{n}_corrected" for n in CORRECTABLE), "partners_corrected",
                       "confirmed", "deleted", "corrected_by", "corrected_at"),
        }),
    )  # fmt: skip
    actions = ("confirm",)

    @admin.display(description="Titel")
    def shown_title(self, obj: models.Cooperation) -> str:
        return obj.value("title")

    @admin.display(description="Bereich")
    def shown_unit(self, obj: models.Cooperation) -> str:
        return obj.value("unit")

    @admin.display(description="Handlungsfeld")
    def shown_field(self, obj: models.Cooperation) -> str:
        return obj.value("field")

    @admin.display(description="korrigiert", boolean=True)
    def has_corrections(self, obj: models.Cooperation) -> bool:
        return obj.is_corrected

    @admin.display(description="Nennungen")
    def mentions_overview(self, obj: models.Cooperation) -> str:
        from django.utils.html import format_html_join

        rows = obj.mentions.select_related("source_file").order_by("report_year", "pk")
        return format_html_join(
            "\n", "<div>{} · {} · {}</div>",
            ((m.report_year or "?", m.source_file.path.rsplit("/", 1)[-1], m.title) for m in rows),
        ) or "–"  # fmt: skip

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        from django.utils import timezone

        from ratsinfo.register.ingest import refresh_partners

        if form.changed_data:
            obj.corrected_by = request.user.get_username()
            obj.corrected_at = timezone.now()
        super().save_model(request, obj, form, change)
        refresh_partners(obj)

    @admin.action(description="Ausgewählte Kooperationen bestätigen")
    def confirm(self, request, queryset) -> None:  # type: ignore[no-untyped-def]
        from django.utils import timezone

        queryset.update(confirmed=True, corrected_by=request.user.get_username(),
                        corrected_at=timezone.now())


@admin.register(models.Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "key", "latitude", "longitude", "deleted")
    list_filter = ("kind", "deleted")
    search_fields = ("name", "key")
