"""Reading the register: lists, year-over-year diff, partner network, overview by unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from ratsinfo.eval.normalise import normalise, normalise_place, similarity
from ratsinfo.register import geo
from ratsinfo.register.errors import RegisterError
from ratsinfo.store.models import Body, Cooperation, CooperationMention, Partner

NO_UNIT = "Ohne Zuordnung"

__all__ = ["RegisterError", "diff", "find_body", "listing", "network", "overview"]


def find_body(name: str | None) -> Body | None:
    """The body by name: exact, else normalised equal, else the most similar (≥ 0.8)."""
    if not name:
        return None
    bodies = list(Body.objects.filter(deleted=False))
    for b in bodies:
        if b.name == name:
            return b
    wanted = normalise_place(name)
    for b in bodies:
        if normalise_place(b.name) == wanted or normalise(b.short_name or "\0") == normalise(name):
            return b
    scored = sorted(((similarity(b.name, name), b.pk, b) for b in bodies), reverse=True)
    if scored and scored[0][0] >= 0.8:
        return scored[0][2]
    known = ", ".join(b.name for b in bodies) or "none stored yet"
    raise RegisterError(f"no body named {name!r} (known: {known})")


def live(body: Body | None = None) -> QuerySet[Cooperation]:
    qs = Cooperation.objects.filter(deleted=False).select_related("body")
    if body is not None:
        qs = qs.filter(body=body)
    return qs.prefetch_related("partners", "mentions").order_by("body__name", "pk")


def as_row(coop: Cooperation) -> dict[str, Any]:
    """The effective values of a cooperation (corrections win), for lists and exports."""
    years = sorted({m.report_year for m in coop.mentions.all() if m.report_year and not m.deleted})
    return {
        "id": coop.pk,
        "body": coop.body.name,
        "title": coop.value("title"),
        "description": coop.value("description"),
        "unit": coop.value("unit"),
        "category": coop.value("category"),
        "kind": coop.value("kind"),
        "legal_form": coop.value("legal_form"),
        "status": coop.value("status"),
        "since": coop.value("since"),
        "until": coop.value("until"),
        "field": coop.value("field"),
        "partners": [p.name for p in sorted(coop.partners.all(), key=lambda p: p.name)],
        "partner_phrases": list(coop.partner_phrases),
        "report_years": years,
        "corrected": coop.is_corrected,
    }


def listing(
    body: Body | None = None, partner: str | None = None, field_: str | None = None
) -> list[dict[str, Any]]:
    """Live cooperations; ``partner`` matches a partner's name, alias or key; ``field_`` the field."""
    rows = []
    # "LK PM", "Potsdam-Mittelmark": a place the gazetteer knows is matched by its key.
    place = geo.locate(partner) if partner else None
    for coop in live(body):
        if partner and not any(
            (place is not None and p.key == place.key) or _partner_matches(p, partner)
            for p in coop.partners.all()
        ):
            continue
        if field_ and normalise(field_) not in normalise(coop.value("field") or ""):
            continue
        rows.append(as_row(coop))
    return rows


def _partner_matches(p: Partner, wanted: str) -> bool:
    if wanted.strip() == p.key and p.key:
        return True
    w = normalise_place(wanted)
    return any(w and w in normalise_place(n) for n in [p.name, *p.aliases])


def years_of(coop: Cooperation) -> set[int]:
    return {m.report_year for m in coop.mentions.all() if m.report_year and not m.deleted}


@dataclass
class Diff:
    before: int
    after: int
    new: list[dict[str, Any]] = field(default_factory=list)
    continued: list[dict[str, Any]] = field(default_factory=list)
    ended: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "new": self.new,
            "continued": self.continued,
            "ended": self.ended,
        }


def diff(before: int, after: int, body: Body | None = None) -> Diff:
    """New (only in ``after``), continued (in both), ended (only in ``before``, or marked
    abgeschlossen in ``after``) cooperations between two report years."""
    out = Diff(before, after)
    for coop in live(body):
        years = years_of(coop)
        row = as_row(coop)
        if before in years and after in years:
            ended = normalise(coop.value("status") or "") == "abgeschlossen"
            (out.ended if ended else out.continued).append(row)
        elif after in years:
            out.new.append(row)
        elif before in years:
            out.ended.append(row)
    return out


def previous_year(body: Body, year: int) -> int | None:
    """The latest report year before ``year`` the register holds for the body."""
    years = (
        CooperationMention.objects.filter(
            cooperation__body=body, deleted=False, report_year__lt=year
        )
        .values_list("report_year", flat=True)
        .order_by("-report_year")
    )
    return years.first()


def network(body: Body | None = None) -> dict[str, Any]:
    """Partners with their number of cooperations and fields; links between partners that
    share a cooperation (weight = shared cooperations). Computed in the database
    (``aggregate.network``), so the pages and the command line give the same answer."""
    from ratsinfo.register.aggregate import network as grouped

    return grouped(body)


@dataclass
class UnitRow:
    unit: str
    cooperations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Overview:
    body: str
    year: int
    units: list[UnitRow]
    previous: int | None
    diff: Diff | None


def overview(body: Body, year: int) -> Overview:
    """The year's cooperations by responsible unit, in the order the report lists them."""
    mentions = (
        CooperationMention.objects.filter(
            cooperation__body=body, cooperation__deleted=False, deleted=False, report_year=year
        )
        .select_related("source_file")
        .order_by("source_file__path", "order")
    )
    # A cooperation sits where the report lists it under its unit (the table row), not
    # where the narrative part first mentions it.
    position: dict[int, int] = {}
    year_unit: dict[int, str] = {}
    for i, m in enumerate(mentions):
        if m.record.get("unit") and m.cooperation_id not in year_unit:
            year_unit[m.cooperation_id] = str(m.record["unit"]).strip()
            position[m.cooperation_id] = i
    for i, m in enumerate(mentions):
        position.setdefault(m.cooperation_id, i)
    if not position:
        raise RegisterError(f"the register holds no cooperations of {body.name} for {year}")
    coops = {c.pk: c for c in live(body).filter(pk__in=position)}
    units: dict[str, UnitRow] = {}
    unit_pos: dict[str, int] = {}
    for pk in sorted(position, key=position.__getitem__):
        coop = coops[pk]
        # The unit that year's report names (units get renamed); a correction still wins.
        unit = coop.unit_corrected or year_unit.get(pk) or coop.unit or NO_UNIT
        key = normalise(unit).rstrip(":")
        row = units.setdefault(key, UnitRow(unit.rstrip(": ")))
        unit_pos.setdefault(key, position[pk])
        row.cooperations.append({**as_row(coop), "unit": row.unit})
    # Units in report order; cooperations without a unit last.
    ordered = sorted(units, key=lambda k: (units[k].unit == NO_UNIT, unit_pos[k]))
    prev = previous_year(body, year)
    return Overview(
        body=body.name,
        year=year,
        units=[units[k] for k in ordered],
        previous=prev,
        diff=diff(prev, year, body) if prev is not None else None,
    )
