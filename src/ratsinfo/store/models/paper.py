from django.db import models

from .base import OParlObject


class Paper(OParlObject):
    """A Drucksache: Antrag, Vorlage, Anfrage … (OParl Paper)."""

    body = models.ForeignKey("store.Body", on_delete=models.CASCADE, related_name="papers")
    name = models.TextField(blank=True, default="", help_text="title (Betreff)")
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    date = models.DateField(null=True, blank=True)
    paper_type = models.CharField(max_length=100, blank=True, default="")
    public = models.BooleanField(null=True, blank=True)
    originator_persons = models.ManyToManyField(
        "store.Person", related_name="originated_papers", blank=True
    )
    originator_organizations = models.ManyToManyField(
        "store.Organization", related_name="originated_papers", blank=True
    )
    under_direction_of = models.ManyToManyField(
        "store.Organization", related_name="directed_papers", blank=True
    )
    originators_text = models.JSONField(default=list, blank=True, help_text="as printed")
    related_papers = models.ManyToManyField("self", blank=True)
    # As the source lists them on this paper; the API serves each with its inverse added.
    superordinated_papers = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="superordinated_of+"
    )
    subordinated_papers = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="subordinated_of+"
    )
    main_file = models.ForeignKey(
        "store.File", null=True, blank=True, on_delete=models.SET_NULL, related_name="main_of"
    )
    auxiliary_files = models.ManyToManyField("store.File", related_name="auxiliary_of", blank=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            # Papers imported over OParl may lack a reference (and deleted ones always do).
            models.UniqueConstraint(
                fields=["body", "reference"],
                condition=~models.Q(reference=""),
                name="paper_unique_reference_per_body",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()
