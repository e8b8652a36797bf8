"""Store what one file says about cooperations (called inside the file's transaction).

Each extracted CooperationRecord becomes a CooperationMention of the file; mentions are
merged into Cooperation records by the rule in :mod:`ratsinfo.register.merge`. The
cooperation's extracted values are rebuilt from its mentions every time they change (the
newest report wins per field); staff corrections live in separate columns and are never
touched here, so they survive any re-ingest.

Cost per file does not grow with the register: the writer process keeps, per body, what
the matcher and the rebuild need of every cooperation (:class:`_Index`) — loaded once,
then updated with each file — and checks at the start of each file, with two aggregate
queries, that the database still holds what it remembers (a rolled-back file, a staff
correction or another writer make it reload). New mentions are compared only with the
cooperations the blocking index (:mod:`ratsinfo.register.blocking`) names, and a
cooperation's values are folded from its new mentions instead of re-read from all of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from ratsinfo.eval.normalise import normalise_place
from ratsinfo.extract.records import CooperationRecord, FileExtraction
from ratsinfo.register import geo
from ratsinfo.register.blocking import Blocks
from ratsinfo.register.merge import (
    BEST,
    Mention,
    Profile,
    mention,
    norm_title,
    norm_unit,
    score_mention,
)
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
# What a rebuild writes: the extracted columns only, never staff's corrections.
_REBUILT = (
    *FIELDS.values(),
    "partner_names",
    "partner_phrases",
    "first_report_year",
    "last_report_year",
    "deleted",
)

# forget_cooperations → store_cooperations of the same file, same transaction: which
# cooperation each forgotten mention (title, unit) belonged to, so an unchanged row finds its
# record again even when its wording drifted away from the other mentions.
_FORGOTTEN: dict[int, dict[tuple[str, str], int]] = {}

# Rank of a mention: newest report first; within a report the table row (it names the unit)
# before the narrative section; then file and position for a stable order.
Rank = tuple[int, bool, str, int]


def _rank(year: int | None, record: dict[str, Any], path: str, order: int) -> Rank:
    return (-(year or 0), not record.get("unit"), path, order)


def _stash_key(title: str, unit: str | None) -> tuple[str, str]:
    return norm_title(title), norm_unit(unit)


# --- the extracted values of one cooperation ---------------------------------------------


@dataclass
class _Summary:
    """A cooperation's extracted values, folded from its live mentions in any order.

    The result is that of ranking all mentions and taking per field the first non-empty
    value, but a new mention costs O(1) instead of a reload of all earlier ones.
    """

    count: int = 0
    top: tuple[Rank, str, int | None] | None = None  # rank, title, year of the first mention
    winners: dict[str, tuple[Rank, Any]] = field(default_factory=dict)
    first_year: int | None = None
    last_year: int | None = None
    # report year → partner key → ((rank, position), name): the first naming of each partner
    names: dict[int | None, dict[str, tuple[tuple[Rank, int], str]]] = field(default_factory=dict)
    phrases: dict[int | None, dict[str, tuple[tuple[Rank, int], str]]] = field(default_factory=dict)

    def add(self, rank: Rank, year: int | None, title: str, record: dict[str, Any]) -> None:
        self.count += 1
        if self.top is None or rank < self.top[0]:
            self.top = (rank, title, year)
        for key in FIELDS:
            value = record.get(key)
            if value and (key not in self.winners or rank < self.winners[key][0]):
                self.winners[key] = (rank, value)
        if year:
            self.first_year = year if self.first_year is None else min(self.first_year, year)
            self.last_year = year if self.last_year is None else max(self.last_year, year)
        _first_namings(self.names.setdefault(year, {}), rank, record.get("partners") or [])
        _first_namings(self.phrases.setdefault(year, {}), rank, record.get("partner_phrases") or [])

    def apply(self, coop: Cooperation) -> None:
        """Set the extracted columns; soft delete when no mention is left."""
        if self.top is None:
            coop.deleted = not coop.is_corrected
            return
        for key, column in FIELDS.items():
            value = self.winners[key][1] if key in self.winners else ""
            setattr(coop, column, str(value).strip() if value else "")
        coop.title = coop.title or self.top[1]
        coop.first_report_year = self.first_year
        coop.last_report_year = self.last_year
        # Partners as the newest report names them (a partner that left is no longer one).
        year = self.top[2]
        coop.partner_names = [v for _, v in sorted(self.names.get(year, {}).values())]
        coop.partner_phrases = [v for _, v in sorted(self.phrases.get(year, {}).values())]
        coop.deleted = False


def _first_namings(seen: dict[str, tuple[tuple[Rank, int], str]], rank: Rank, values: Iterable[Any]) -> None:
    """Keep, per normalised name, the best-ranked way a mention wrote it."""
    for pos, raw in enumerate(values):
        value = " ".join(str(raw).split())
        if not value:
            continue
        key = normalise_place(value)
        if key not in seen or (rank, pos) < seen[key][0]:
            seen[key] = ((rank, pos), value)


# --- what the writer process remembers of a body's register ------------------------------


@dataclass
class _Entry:
    coop: Cooperation
    profile: Profile = field(default_factory=Profile)
    summary: _Summary = field(default_factory=_Summary)
    # Scores of mentions (without unit and file) against this profile; reports of a series
    # repeat their rows, and the profile rarely changes (then this is emptied).
    scores: dict[Mention, float] = field(default_factory=dict)


class _Index:
    """Every cooperation of one body (soft-deleted ones too: a return revives them)."""

    def __init__(self) -> None:
        self.entries: dict[int, _Entry] = {}
        self.blocks = Blocks()
        self.token: tuple[Any, ...] | None = None  # the database state it reflects

    def put(self, entry: _Entry) -> None:
        self.entries[entry.coop.pk] = entry
        for title, words in entry.profile.titles:
            self.blocks.add_title(entry.coop.pk, title, words)
        self.blocks.add_partners(entry.coop.pk, entry.profile.partners)

    def learn(self, entry: _Entry, title: str, partners: Iterable[str], unit: str | None,
              source_id: int | None) -> None:
        """Add a title and partners to a profile and to the blocking index."""
        before = (len(entry.profile.titles), entry.profile.partners)
        entry.profile.add(title, partners, unit, source_id)
        if before != (len(entry.profile.titles), entry.profile.partners):
            entry.scores.clear()
        for t, words in entry.profile.titles[before[0]:]:
            self.blocks.add_title(entry.coop.pk, t, words)
        self.blocks.add_partners(entry.coop.pk, entry.profile.partners - before[1])

    def learn_record(self, entry: _Entry) -> None:
        """The cooperation's own titles (extracted and corrected) with its partners."""
        coop = entry.coop
        for title in (coop.title, coop.title_corrected):
            if title:
                self.learn(entry, title, coop.effective_partner_names(), None, None)


_INDEXES: dict[tuple[str, str, int], _Index] = {}


def _token(body_id: int) -> tuple[Any, ...]:
    """Changes whenever a cooperation or mention of the body is added, removed or saved."""
    c = Cooperation.objects.filter(body_id=body_id).aggregate(
        n=Count("id"), top=Max("id"), mod=Max("modified")
    )
    # Mentions are only ever inserted and deleted (never updated), so their count and top id
    # say all; leaving out ``modified`` lets the database answer from the index alone
    # (0.02 s instead of 0.45 s for 70,000 mentions of one body).
    m = CooperationMention.objects.filter(cooperation__body_id=body_id).aggregate(
        n=Count("id"), top=Max("id")
    )
    return (c["n"], c["top"], c["mod"], m["n"], m["top"])


def _index_key(body_id: int) -> tuple[str, str, int]:
    return (connection.alias, str(connection.settings_dict.get("NAME")), body_id)


def _index_for(body: Body) -> _Index:
    """The body's index, reloaded when the database no longer matches it."""
    key = _index_key(body.pk)
    token = _token(body.pk)
    index = _INDEXES.get(key)
    if index is None or index.token != token:
        index = _Index()
        for entry in _load(Cooperation.objects.filter(body=body).order_by("pk")).values():
            index.learn_record(entry)
            index.put(entry)
        index.token = token
        _INDEXES[key] = index
    return index


def _load(coops: QuerySet[Cooperation]) -> dict[int, _Entry]:
    """Entries (profile of all mentions, summary of the live ones) with one query each."""
    entries = {c.pk: _Entry(c) for c in coops}
    if not entries:
        return entries
    rows = (
        CooperationMention.objects.filter(cooperation__in=coops.order_by().values("pk"))
        .order_by("source_file", "order", "pk")
        .values_list("cooperation_id", "title", "record", "report_year", "order",
                     "source_file_id", "source_file__path", "deleted")
    )
    for coop_id, title, record, year, order, source_id, path, deleted in rows:
        entry = entries[coop_id]
        entry.profile.add(title, record.get("partners") or [], record.get("unit"), source_id)
        if not deleted:
            entry.summary.add(_rank(year, record, path, order), year, title, record)
    return entries


def _save_rebuilt(entries: Iterable[_Entry]) -> None:
    """Apply the summaries; write changed rows, touch ``modified`` of the others in one query."""
    untouched = []
    for entry in entries:
        coop = entry.coop
        before = [getattr(coop, f) for f in _REBUILT]
        entry.summary.apply(coop)
        if [getattr(coop, f) for f in _REBUILT] != before:
            coop.save(update_fields=[*_REBUILT, "modified"])
        else:
            untouched.append(coop)
    if untouched:
        now = timezone.now()
        Cooperation.objects.filter(pk__in=[c.pk for c in untouched]).update(modified=now)
        for coop in untouched:
            coop.modified = now


# --- storing and forgetting a file's mentions --------------------------------------------


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
    index = _index_for(body)
    index.token = None  # half-updated from here on: a failure makes the next file reload
    year = extraction.report_year
    docs = list(Document.objects.filter(source_file=source).only("id", "start", "end").order_by("start"))
    touched: dict[int, _Entry] = {}
    mentions = []
    for order, rec in enumerate(records):
        entry = _match(index, forgotten, rec, source.pk)
        if entry is None:
            entry = _Entry(Cooperation.objects.create(body=body, title=rec.title.strip()))
            index.put(entry)
        start, end = _extent(rec)
        record = _record_json(rec)
        mentions.append(CooperationMention(
            cooperation=entry.coop,
            source_file=source,
            document=_document_at(docs, start),
            order=order,
            report_year=year,
            title=rec.title.strip(),
            start=start,
            end=end,
            spans={k: list(v) for k, v in rec.spans.items()},
            record=record,
        ))
        index.learn(entry, rec.title, rec.partners, rec.unit, source.pk)
        entry.summary.add(_rank(year, record, source.path, order), year, rec.title.strip(), record)
        touched[entry.coop.pk] = entry
    CooperationMention.objects.bulk_create(mentions)
    _save_rebuilt(touched.values())
    link_partners([e.coop for e in touched.values()], body)
    for entry in touched.values():
        index.learn_record(entry)
    index.token = _token(body.pk)


def forget_cooperations(source: SourceFile) -> None:
    """Remove the cooperation mentions of a source file (before it is re-ingested).

    A cooperation left without mentions is soft-deleted, unless staff corrected or
    confirmed it: then it stays, as the administration's own record.
    """
    mentions = list(
        CooperationMention.objects.filter(source_file=source).values_list(
            "pk", "title", "record", "cooperation_id", "cooperation__body_id"
        )
    )
    if not mentions:
        return
    _FORGOTTEN[source.pk] = {_stash_key(title, record.get("unit")): coop_id
                             for _, title, record, coop_id, _ in mentions}
    affected = {m[3] for m in mentions}
    # Indexes that are up to date now are updated below; any other is reloaded when used.
    valid = {}
    for body_id in {m[4] for m in mentions}:
        index = _INDEXES.pop(_index_key(body_id), None)
        if index is not None and index.token == _token(body_id):
            valid[body_id] = index
    CooperationMention.objects.filter(pk__in=[m[0] for m in mentions]).delete()
    entries = _load(Cooperation.objects.filter(pk__in=affected).select_related("body"))
    _save_rebuilt(entries.values())
    by_body: dict[int, list[Cooperation]] = defaultdict(list)
    for entry in entries.values():
        if not entry.coop.deleted:
            by_body[entry.coop.body_id].append(entry.coop)
    for coops in by_body.values():
        link_partners(coops, coops[0].body)
    for body_id, index in valid.items():
        for entry in entries.values():
            if entry.coop.body_id == body_id:
                index.learn_record(entry)
                index.put(entry)
        index.token = _token(body_id)
        _INDEXES[_index_key(body_id)] = index


def rebuild(coop: Cooperation) -> None:
    """Extracted values from the live mentions; soft delete when none is left."""
    entry = _load(Cooperation.objects.filter(pk=coop.pk))[coop.pk]
    entry.coop = coop
    _save_rebuilt([entry])
    if not coop.deleted:
        refresh_partners(coop)


# --- partners ----------------------------------------------------------------------------


def refresh_partners(coop: Cooperation) -> None:
    """Link the effective partners (staff's list, else the extracted one) as Partner rows."""
    link_partners([coop], coop.body)


def link_partners(coops: list[Cooperation], body: Body) -> None:
    """:func:`refresh_partners` for several cooperations of one body, in a few queries."""
    if not coops:
        return
    # An ambiguous place name ("Neustadt") is read in the body's own Land.
    land = (body.ags or body.rgs or "")[:2] or None
    wanted = [(c, c.effective_partner_names()) for c in coops]
    partners = _Partners(land, [n for _, names in wanted for n in names])
    target = {c.pk: {partners.get(n).pk for n in names} for c, names in wanted}
    through = Cooperation.partners.through
    current: dict[int, set[int]] = defaultdict(set)
    for coop_id, partner_id in through.objects.filter(cooperation_id__in=list(target)).values_list(
        "cooperation_id", "partner_id"
    ):
        current[coop_id].add(partner_id)
    for coop_id, ids in target.items():
        gone = current[coop_id] - ids
        if gone:
            through.objects.filter(cooperation_id=coop_id, partner_id__in=gone).delete()
    through.objects.bulk_create(
        [through(cooperation_id=coop_id, partner_id=pid)
         for coop_id, ids in target.items() for pid in sorted(ids - current[coop_id])]
    )


def partner_for(name: str, land: str | None = None) -> Partner:
    """The Partner a name denotes: one row per place (by official key) or organisation."""
    return _Partners(land, [name]).get(name)


class _Partners:
    """Partner rows for a batch of names, fetched together; same answers as one by one.

    One place is one row (by official key); an organisation is one row up to case, quotes
    and type words. Rows created or changed for one name are seen by the next.
    """

    def __init__(self, land: str | None, names: Iterable[str]) -> None:
        self.land = land
        self.memo: dict[str, Partner] = {}
        self.rows: dict[int, Partner] = {}  # one instance per row, whichever query found it
        self.by_name: dict[str, Partner] = {}
        self.by_key: dict[str, Partner] = {}
        self.orgs: list[Partner] | None = None
        clean = {" ".join(n.split()) for n in names}
        places = [p for p in (geo.locate(n, land) for n in clean) if p is not None]
        self.names_known = clean | {p.name for p in places}
        self.keys_known = {p.key for p in places if p.key}
        for p in Partner.objects.filter(name__in=self.names_known):
            self.by_name[p.name] = self._one(p)
        if self.keys_known:
            for p in Partner.objects.filter(key__in=self.keys_known):  # ordered by name
                self.by_key.setdefault(p.key, self._one(p))

    def _one(self, partner: Partner) -> Partner:
        return self.rows.setdefault(partner.pk, partner)

    def _named(self, name: str) -> Partner | None:
        if name not in self.names_known:
            found = Partner.objects.filter(name=name).first()
            self.names_known.add(name)
            if found is not None:
                self.by_name[name] = self._one(found)
        return self.by_name.get(name)

    def _keyed(self, key: str) -> Partner | None:
        if key not in self.keys_known:
            found = Partner.objects.filter(key=key).first()
            self.keys_known.add(key)
            if found is not None:
                self.by_key[key] = self._one(found)
        return self.by_key.get(key)

    def _created(self, partner: Partner) -> Partner:
        self._one(partner)
        self.by_name[partner.name] = partner
        self.names_known.add(partner.name)
        if partner.key:
            self.by_key.setdefault(partner.key, partner)
        elif self.orgs is not None:
            self.orgs.append(partner)
        return partner

    def get(self, name: str) -> Partner:
        name = " ".join(name.split())
        if name not in self.memo:
            self.memo[name] = _alive(self._resolve(name))
        return self.memo[name]

    def _resolve(self, name: str) -> Partner:
        found = self._named(name)
        if found is not None:
            return found
        place = geo.locate(name, self.land)
        if place is not None:
            found = self._keyed(place.key) if place.key else None
            found = found or self._named(place.name)
            if found is None:
                found = self._created(Partner.objects.create(
                    name=place.name,
                    kind=place.kind,
                    key=place.key,
                    latitude=place.latitude,
                    longitude=place.longitude,
                ))
            if name != found.name and name not in found.aliases:
                found.aliases = [*found.aliases, name]
                found.save(update_fields=["aliases", "modified"])
            return found
        # Organisations: the same name up to case, quotes and type words is the same partner.
        if self.orgs is None:
            self.orgs = [self._one(p) for p in Partner.objects.filter(key="")]
        key = normalise_place(name)
        for candidate in self.orgs:
            if normalise_place(candidate.name) == key:
                return candidate
        return self._created(Partner.objects.create(name=name, kind=organisation_kind(name)))


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


def _match(index: _Index, forgotten: dict[tuple[str, str], int], rec: CooperationRecord,
           source_id: int) -> _Entry | None:
    # The record this file's same row (title and unit) belonged to before re-ingest — unless
    # another row of this file already took it.
    was = forgotten.get(_stash_key(rec.title, rec.unit))
    if was in index.entries:
        entry = index.entries[was]
        if not (norm_unit(rec.unit) and entry.profile.units_by_source.get(source_id)):
            return entry
    # Only cooperations that can score above 0 (see blocking); by pk: ties go to the older.
    m = mention(rec.title, rec.partners, rec.unit, source_id)
    core = Mention(m.title, m.words, m.partners, "", None)  # what score sees past the unit rule
    best, best_score = None, 0.0
    for pk in sorted(index.blocks.candidates(m)):
        entry = index.entries[pk]
        if m.unit and entry.profile.units_by_source.get(source_id):
            continue  # two rows of one report's overview (merge rule)
        s = entry.scores.get(core)
        if s is None:
            s = entry.scores[core] = score_mention(entry.profile, core)
        if s > best_score:
            best, best_score = entry, s
            if s >= BEST:
                break  # no later (younger) candidate can score higher
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
