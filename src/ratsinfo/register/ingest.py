"""Store what one file says about cooperations (called inside the file's transaction).

Each extracted CooperationRecord becomes a CooperationMention of the file; mentions are
merged into Cooperation records by the rule in :mod:`ratsinfo.register.merge`. The
cooperation's extracted values are rebuilt from its mentions every time they change (the
newest report wins per field); staff corrections live in separate columns and are never
touched here, so they survive any re-ingest.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from ratsinfo.eval.normalise import normalise_place
from ratsinfo.extract.records import CooperationRecord, FileExtraction
from ratsinfo.register import geo
from ratsinfo.register.merge import Profile, norm_title, norm_unit, score
from ratsinfo.store.models import (
    Body,
    Cooperation,
    CooperationMention,
    Document,
    Partner,
    SourceFile,
)

# Record field → Cooperation column (extracted values).
FIELDS = {
    "title": "title",
    "description": "description",
    "unit": "unit",
    "category": "category",
    "kind": "kind",
    "legal_form": "legal_form",
    "status": "status",
    "since": "since",
    "until": "until",
    "field_of_activity": "field",
    "field_evidence": "field_evidence",
}

# forget_cooperations → store_cooperations of the same file, same transaction: which
# cooperation each forgotten mention (title, unit) belonged to, so an unchanged row finds its
# record again even when its wording drifted away from the other mentions.
_FORGOTTEN: dict[int, dict[tuple[str, str], int]] = {}


def _stash_key(title: str, unit: str | None) -> tuple[str, str]:
    return norm_title(title), norm_unit(unit)


def store_cooperations(body: Body, source: SourceFile, extraction: FileExtraction) -> None:
    """Replace the cooperation mentions this source file produced and re-merge the register."""
    forgotten = _FORGOTTEN.pop(source.pk, {})
    # Mentions still present (store called without forget) are replaced, too.
    if CooperationMention.objects.filter(source_file=source).exists():
        forget_cooperations(source)
        forgotten = {**_FORGOTTEN.pop(source.pk, {}), **forgotten}
    records = [r for r in extraction.cooperations if (r.title or "").strip()]
    if not records:
        return
    year = extraction.report_year
    docs = list(Document.objects.filter(source_file=source).order_by("start"))
    candidates = _candidates(body)
    touched: dict[int, Cooperation] = {}
    for order, rec in enumerate(records):
        coop = _match(candidates, forgotten, rec, source.pk)
        if coop is None:
            coop = Cooperation.objects.create(body=body, title=rec.title.strip())
            candidates[coop.pk] = (coop, Profile())
        start, end = _extent(rec)
        CooperationMention.objects.create(
            cooperation=coop,
            source_file=source,
            document=_document_at(docs, start),
            order=order,
            report_year=year,
            title=rec.title.strip(),
            start=start,
            end=end,
            spans={k: list(v) for k, v in rec.spans.items()},
            record=_record_json(rec),
        )
        candidates[coop.pk][1].add(rec.title, rec.partners, rec.unit, source.pk)
        touched[coop.pk] = coop
    for coop in touched.values():
        rebuild(coop)


def forget_cooperations(source: SourceFile) -> None:
    """Remove the cooperation mentions of a source file (before it is re-ingested).

    A cooperation left without mentions is soft-deleted, unless staff corrected or
    confirmed it: then it stays, as the administration's own record.
    """
    mentions = list(CooperationMention.objects.filter(source_file=source))
    if not mentions:
        return
    _FORGOTTEN[source.pk] = {
        _stash_key(m.title, m.record.get("unit")): m.cooperation_id for m in mentions
    }
    affected = {m.cooperation_id for m in mentions}
    CooperationMention.objects.filter(pk__in=[m.pk for m in mentions]).delete()
    for coop in Cooperation.objects.filter(pk__in=affected):
        rebuild(coop)


def rebuild(coop: Cooperation) -> None:
    """Extracted values from the live mentions; soft delete when none is left."""
    mentions = list(coop.mentions.filter(deleted=False).select_related("source_file"))
    if not mentions:
        coop.deleted = not coop.is_corrected
        coop.save()
        return
    # Newest report first; within a report the table row (it names the unit) before the
    # narrative section; then file and position for a stable order.
    ranked = sorted(
        mentions,
        key=lambda m: (-(m.report_year or 0), not m.record.get("unit"), m.source_file.path, m.order),
    )
    for key, column in FIELDS.items():
        value = next((m.record.get(key) for m in ranked if m.record.get(key)), "")
        setattr(coop, column, str(value).strip() if value else "")
    coop.title = coop.title or ranked[0].title
    years = [m.report_year for m in mentions if m.report_year]
    coop.first_report_year = min(years) if years else None
    coop.last_report_year = max(years) if years else None
    # Partners as the newest report names them (a partner that left is no longer one).
    newest = [m for m in ranked if m.report_year == ranked[0].report_year]
    coop.partner_names = _unique(n for m in newest for n in m.record.get("partners") or [])
    coop.partner_phrases = _unique(
        p for m in newest for p in m.record.get("partner_phrases") or []
    )
    coop.deleted = False
    coop.save()
    refresh_partners(coop)


def refresh_partners(coop: Cooperation) -> None:
    """Link the effective partners (staff's list, else the extracted one) as Partner rows."""
    # An ambiguous place name ("Neustadt") is read in the body's own Land.
    land = (coop.body.ags or coop.body.rgs or "")[:2] or None
    coop.partners.set([partner_for(n, land) for n in coop.effective_partner_names()])


def partner_for(name: str, land: str | None = None) -> Partner:
    """The Partner a name denotes: one row per place (by official key) or organisation."""
    name = " ".join(name.split())
    found = Partner.objects.filter(name=name).first()
    if found is not None:
        return _alive(found)
    place = geo.locate(name, land)
    if place is not None:
        found = Partner.objects.filter(key=place.key).first() if place.key else None
        found = found or Partner.objects.filter(name=place.name).first()
        if found is None:
            found = Partner.objects.create(
                name=place.name,
                kind=place.kind,
                key=place.key,
                latitude=place.latitude,
                longitude=place.longitude,
            )
        if name != found.name and name not in found.aliases:
            found.aliases = [*found.aliases, name]
            found.save(update_fields=["aliases", "modified"])
        return _alive(found)
    # Organisations: the same name up to case, quotes and type words is the same partner.
    key = normalise_place(name)
    for candidate in Partner.objects.filter(key=""):
        if normalise_place(candidate.name) == key:
            return _alive(candidate)
    return Partner.objects.create(name=name, kind=organisation_kind(name))


def organisation_kind(name: str) -> str:
    """A coarse kind from the legal-form words in an organisation's name."""
    rules = (
        (r"zweckverband", "Zweckverband"),
        (r"\bbezirk\b", "Bezirk"),
        (r"senat|ministerium|landesbetrieb|landesamt|bundes", "Behörde"),
        (r"g?gmbh|\bmbh\b|\bag\b|\bkg\b|gesellschaft", "Gesellschaft"),
        (r"e\.\s?v\.|verein|verband|bündnis|netzwerk|akademie|städtetag|gemeindebund", "Verband"),
    )
    low = name.casefold()
    return next((kind for pattern, kind in rules if re.search(pattern, low)), "Organisation")


def _alive(partner: Partner) -> Partner:
    partner.revive()
    return partner


def _candidates(body: Body) -> dict[int, tuple[Cooperation, Profile]]:
    """Every cooperation of the body (soft-deleted ones too: a return revives them)."""
    out: dict[int, tuple[Cooperation, Profile]] = {}
    coops = Cooperation.objects.filter(body=body).prefetch_related("mentions").order_by("pk")
    for coop in coops:
        profile = Profile()
        for m in coop.mentions.all():
            profile.add(m.title, m.record.get("partners") or [], m.record.get("unit"), m.source_file_id)
        for title in (coop.title, coop.title_corrected):
            if title:
                profile.add(title, coop.effective_partner_names(), None, None)
        out[coop.pk] = (coop, profile)
    return out


def _match(
    candidates: dict[int, tuple[Cooperation, Profile]],
    forgotten: dict[tuple[str, str], int],
    rec: CooperationRecord,
    source_id: int,
) -> Cooperation | None:
    # The record this file's same row (title and unit) belonged to before re-ingest — unless
    # another row of this file already took it.
    was = forgotten.get(_stash_key(rec.title, rec.unit))
    if was in candidates:
        coop, profile = candidates[was]
        if not (norm_unit(rec.unit) and profile.units_by_source.get(source_id)):
            return coop
    best, best_score = None, 0.0
    for coop, profile in candidates.values():  # ordered by pk: ties go to the older record
        s = score(profile, rec.title, rec.partners, rec.unit, source_id)
        if s > best_score:
            best, best_score = coop, s
    return best


def _extent(rec: CooperationRecord) -> tuple[int | None, int | None]:
    spans = [s for s in rec.spans.values() if s and len(s) == 2]
    if not spans:
        return None, None
    return min(int(s[0]) for s in spans), max(int(s[1]) for s in spans)


def _document_at(docs: list[Document], offset: int | None) -> Document | None:
    if offset is None:
        return None
    return next((d for d in docs if d.start <= offset < d.end), None)


def _record_json(rec: CooperationRecord) -> dict[str, Any]:
    data = asdict(rec)
    data["spans"] = {k: list(v) for k, v in rec.spans.items()}
    return data


def _unique(values: Any) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        v = " ".join(str(v).split())
        k = normalise_place(v)
        if v and k not in seen:
            seen.add(k)
            out.append(v)
    return out
