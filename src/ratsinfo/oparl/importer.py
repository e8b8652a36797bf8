"""Import from any OParl 1.0/1.1 endpoint into the store.

Objects keep their source id in ``external_id``; a second import updates them in place and
writes nothing when nothing changed (``modified`` moves only on a real change). Files are
downloaded and run through :func:`ratsinfo.store.ingest.ingest`, so their documents get the
same extraction as files ingested from disk. Vendor deviations live in :mod:`.quirks`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from ratsinfo import config
from ratsinfo.store.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)

from . import quirks
from .client import Client, FetchError

log = logging.getLogger(__name__)

# Incremental sync asks for a little more than strictly new: server clocks and
# transactions committed late must not make a change fall between two runs.
OVERLAP = dt.timedelta(hours=1)
ORDER = ("organization", "person", "meeting", "paper")
EXTRA = ("legislativeTermList", "membership", "agendaItem", "consultation", "file", "locationList")

Progress = Callable[[str, int | None], Callable[[int], None]]


@dataclass
class ImportSummary:
    bodies: int = 0
    objects: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    files_ingested: int = 0
    files_failed: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.objects[kind] = self.objects.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.objects.values())

    def line(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.objects.items()))
        return (
            f"{self.total} objects ({kinds}); {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deleted} deleted; {self.files_ingested} files "
            f"ingested, {len(self.files_failed)} files failed; {len(self.missing)} missing references"
        )


def _state_path() -> Path:
    return config.home() / "oparl" / "sync.json"


def last_sync(url: str) -> dt.datetime | None:
    try:
        raw = json.loads(_state_path().read_text()).get(url)
    except (OSError, ValueError):
        return None
    return quirks.datetime(raw) if raw else None


def _remember_sync(url: str, when: dt.datetime) -> None:
    path = _state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        state = {}
    state[url] = when.isoformat()
    path.write_text(json.dumps(state, indent=2))


class Importer:
    def __init__(
        self,
        client: Client | None = None,
        *,
        files: bool = True,
        progress: Progress | None = None,
        files_dir: Path | None = None,
    ) -> None:
        self.client = client or Client()
        self.files = files
        self.progress = progress
        self.files_dir = files_dir or config.home() / "oparl" / "files"
        self.summary = ImportSummary()
        self.body: Body | None = None
        self._ids: dict[tuple[type[models.Model], str], int] = {}
        self._loaded: set[type[models.Model]] = set()
        # Whether a type has objects without source id (from documents) to adopt.
        self._blank: dict[type[models.Model], bool] = {}
        self._new: set[tuple[type[models.Model], int]] = set()
        # Relations set on objects created in this run (objects can come twice: embedded
        # and in their own list).
        self._m2m_set: set[tuple[type[models.Model], int, str]] = set()
        self._objs: dict[tuple[type[models.Model], int], Any] = {}
        self._current: dict[tuple[type[models.Model], str], dict[int, list[int]]] = {}
        self._fetched_missing: set[str] = set()
        self._pending_suborg: list[tuple[int, str]] = []
        self._pending_related: list[tuple[int, list[str]]] = []
        # Paper → (superordinatedPaper, subordinatedPaper) as the source lists them.
        self._pending_hierarchy: list[tuple[int, list[str], list[str]]] = []
        # Objects stored earlier from documents that this run adopted (gave a source id).
        self._adopted: set[tuple[type[models.Model], int]] = set()
        self._hierarchy: set[int] | None = None

    # --- entry point -------------------------------------------------------------------
    def run(self, url: str, since: dt.datetime | None = None, full: bool = False) -> ImportSummary:
        started = timezone.now()
        if since is None and not full:
            previous = last_sync(url)
            since = previous - OVERLAP if previous else None
        filters = {"modified_since": since.isoformat(timespec="seconds")} if since else {}
        root = self.client.json(url)
        kind = quirks.type_name(root)
        if kind == "System":
            bodies: Iterable[dict[str, Any]] = self._list_items(quirks.ref(root.get("body")), {})
        elif kind == "Body":
            bodies = [root]
        elif "data" in root:
            bodies = quirks.objects(root.get("data"))
        else:
            raise FetchError(url, f"neither a System nor a Body but {root.get('type')!r}")
        for body_data in bodies:
            self._import_body(body_data, filters)
        self._resolve_pending()
        if not self.summary.errors:
            _remember_sync(url, started)
        return self.summary

    def _list_items(self, url: str, filters: dict[str, str], kind: str = "") -> Iterable[dict[str, Any]]:
        tick: Callable[[int], None] | None = None
        for page in self.client.pages(url, filters):
            if tick is None and self.progress is not None:
                total = (page.get("pagination") or {}).get("totalElements")
                tick = self.progress(kind or url, total if isinstance(total, int) else None)
            items = quirks.objects(page.get("data"))
            yield from items
            if tick is not None:
                tick(len(items))

    def _import_body(self, data: dict[str, Any], filters: dict[str, str]) -> None:
        with transaction.atomic():
            self.body = self._body(data)
        self.summary.bodies += 1
        lists = quirks.body_lists(data)
        for key in (*ORDER, *EXTRA):
            url = lists.get(key)
            if not url:
                continue
            handler = getattr(self, f"_item_{key}")
            batch: list[dict[str, Any]] = []
            try:
                for item in self._list_items(url, filters, key):
                    batch.append(item)
                    if len(batch) >= 50:
                        self._apply(handler, batch)
                        batch = []
                self._apply(handler, batch)
            except FetchError as exc:
                # A list the server names but does not serve (seen on 1.0 servers) is
                # reported, and the other lists are still imported.
                self.summary.errors.append(str(exc))
                log.warning("list %s: %s", key, exc)

    def _apply(self, handler: Callable[[dict[str, Any]], None], batch: list[dict[str, Any]]) -> None:
        if not batch:
            return
        self._prefetch(batch)
        try:
            with transaction.atomic():
                for item in batch:
                    handler(item)
        finally:
            self._objs.clear()
            self._current.clear()

    def _prefetch(self, batch: list[dict[str, Any]]) -> None:
        """Load the stored objects a batch names, one query per type (a second import
        otherwise pays one query per object)."""
        ids: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("id"), str):
                    ids.add(node["id"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(batch)
        wanted: dict[type[models.Model], list[int]] = {}
        for model in (Organization, Person, Membership, Meeting, AgendaItem, Paper, Consultation, File, Location):
            self._pk(model, "-")  # loads the type's ids
            pks = [pk for e in ids if (pk := self._ids.get((model, e))) is not None]
            if pks:
                wanted[model] = pks
        for model, pks in wanted.items():
            for obj in model.objects.filter(pk__in=pks).order_by():
                self._objs[(model, obj.pk)] = obj

    # --- generic upsert -----------------------------------------------------------------
    def _pk(self, model: type[models.Model], ext: str) -> int | None:
        if not ext:
            return None
        if model not in self._loaded:
            # One query per type instead of one per reference.
            self._loaded.add(model)
            for e, pk in model.objects.exclude(external_id="").values_list("external_id", "pk").iterator():
                self._ids.setdefault((model, e), pk)
            self._blank[model] = model.objects.filter(external_id="").exists()
        return self._ids.get((model, ext))

    def _upsert(
        self,
        model: type[Any],
        ext: str,
        values: dict[str, Any],
        *,
        adopt: dict[str, Any] | None = None,
        kind: str = "",
    ) -> Any:
        """Create or update the object with this source id; save only what changed."""
        pk = self._pk(model, ext)
        obj = None
        if pk:
            obj = self._objs.get((model, pk)) or model.objects.filter(pk=pk).order_by().first()
        if obj is None and adopt and self._blank.get(model):
            # The same thing, stored earlier from a document (no source id yet).
            obj = model.objects.filter(external_id="", **adopt).order_by("pk").first()
            if obj is not None:
                self._adopted.add((model, obj.pk))
        if kind:
            self.summary.count(kind)
        if obj is None:
            obj = model(external_id=ext, **values)
            obj.save()
            self._new.add((model, obj.pk))
            self.summary.created += 1
        else:
            changed = [k for k, v in values.items() if getattr(obj, k) != v]
            if obj.external_id != ext:
                obj.external_id = ext
                changed.append("external_id")
            if changed:
                for k in changed:
                    setattr(obj, k, values.get(k, getattr(obj, k)))
                # Only what changed: the object in hand may be older than the row (an ingest
                # in this batch may have written other columns of it, or removed it).
                if model.objects.filter(pk=obj.pk).exists():
                    obj.save(update_fields=[*changed, "modified"])
                else:
                    obj.save(force_insert=True)
                self.summary.updated += 1
            else:
                self.summary.unchanged += 1
        self._ids[(model, ext)] = obj.pk
        return obj

    def _delete(self, model: type[Any], ext: str, kind: str, create: dict[str, Any] | None) -> None:
        """A deleted object: mark ours deleted; keep a tombstone when we never had it."""
        self.summary.count(kind)
        pk = self._pk(model, ext)
        if pk is not None:
            n = model.objects.filter(pk=pk, deleted=False).update(deleted=True, modified=timezone.now())
            self.summary.deleted += n
            self.summary.unchanged += 1 - n
        elif create is not None:
            obj = model(external_id=ext, deleted=True, **create)
            obj.save()
            self._ids[(model, ext)] = obj.pk
            self.summary.created += 1
            self.summary.deleted += 1

    def _m2m(self, obj: Any, name: str, ids: list[int]) -> None:
        """Set a many-to-many relation in source order (the first organization leads)."""
        ids = list(dict.fromkeys(ids))
        manager = getattr(obj, name)
        through = manager.through
        src, dst = f"{manager.source_field_name}_id", f"{manager.target_field_name}_id"
        key = (type(obj), obj.pk, name)
        fresh = (type(obj), obj.pk) in self._new and key not in self._m2m_set
        self._m2m_set.add(key)
        if not fresh:
            current = self._current_m2m(type(obj), obj.pk, name, through, src, dst)
            if current == ids:
                return
            current[:] = ids
            through.objects.filter(**{src: obj.pk}).delete()
            type(obj).objects.filter(pk=obj.pk).update(modified=timezone.now())
        if ids:
            through.objects.bulk_create([through(**{src: obj.pk, dst: i}) for i in ids])

    def _current_m2m(self, model: type[Any], pk: int, name: str, through: Any, src: str, dst: str) -> list[int]:
        """Current targets of a relation; fetched for all prefetched objects at once."""
        key = (model, name)
        if key not in self._current:
            pks = {p for (m, p) in self._objs if m is model} | {pk}
            rows: dict[int, list[int]] = {p: [] for p in pks}
            for s_pk, d_pk in through.objects.filter(**{f"{src}__in": pks}).order_by("pk").values_list(src, dst):
                rows[s_pk].append(d_pk)
            self._current[key] = rows
        rows = self._current[key]
        if pk not in rows:
            rows[pk] = list(through.objects.filter(**{src: pk}).order_by("pk").values_list(dst, flat=True))
        return rows[pk]

    def _resolve(self, model: type[models.Model], ext: str, fetch: Callable[[dict[str, Any]], Any] | None = None) -> int | None:
        """Our pk for a referenced source id; fetched once when the lists did not hold it."""
        if not ext:
            return None
        pk = self._pk(model, ext)
        if pk is None and fetch is not None and ext not in self._fetched_missing:
            self._fetched_missing.add(ext)
            try:
                fetch(self.client.json(ext))
            except FetchError as exc:
                log.info("reference %s: %s", ext, exc)
            pk = self._pk(model, ext)
        if pk is None and ext not in self.summary.missing:
            self.summary.missing.append(ext)
        return pk

    def _unique(self, model: type[Any], field_name: str, value: str, ext: str, **scope: Any) -> str:
        """A value free of the unique constraint (organization names, paper references)."""
        if not value:
            return value
        candidate, n = value, 1
        while True:
            holders = model.objects.filter(**scope, **{field_name: candidate}).values_list("external_id", flat=True)
            if all(h in ("", ext) for h in holders):
                return candidate
            n += 1
            candidate = f"{value} [{n}]"

    # --- object types -------------------------------------------------------------------
    def _body(self, d: dict[str, Any]) -> Body:
        ext = quirks.ref(d)
        name = quirks.text(d.get("name")) or quirks.text(d.get("shortName")) or ext
        name = self._unique(Body, "name", name, ext)
        body = self._upsert(
            Body,
            ext,
            {
                "name": name,
                "short_name": quirks.text(d.get("shortName"))[:100],
                "website": quirks.text(d.get("website"))[:200],
                "ags": quirks.text(d.get("ags"))[:12],
                "rgs": quirks.text(d.get("rgs"))[:12],
                "classification": quirks.text(d.get("classification"))[:100],
                "contact_email": quirks.text(d.get("contactEmail"))[:254],
                "contact_name": quirks.text(d.get("contactName"))[:300],
                "license": quirks.text(d.get("license"))[:500],
                "license_valid_since": quirks.datetime(d.get("licenseValidSince")),
                "oparl_since": quirks.datetime(d.get("oparlSince")),
                "equivalent": quirks.strings(d.get("equivalent")),
                "location_id": self._location(d.get("location"), ext) if d.get("location") else None,
                "keyword": quirks.strings(d.get("keyword")),
                "deleted": quirks.is_deleted(d),
            },
            adopt={"name": name},
            kind="body",
        )
        for t in quirks.objects(d.get("legislativeTerm")):
            self._legislative_term(t, body)
        return body

    def _legislative_term(self, d: dict[str, Any], body: Body | None = None) -> None:
        body = body or self.body
        ext = quirks.ref(d)
        if quirks.is_deleted(d):
            self._delete(LegislativeTerm, ext, "legislativeTerm", {"body": body, "name": ""})
            return
        self._upsert(
            LegislativeTerm,
            ext,
            {
                "body_id": body.pk,
                "name": quirks.text(d.get("name"))[:200],
                "start_date": quirks.date(d.get("startDate")),
                "end_date": quirks.date(d.get("endDate")),
                "keyword": quirks.strings(d.get("keyword")),
            },
            kind="legislativeTerm",
        )

    def _location(self, d: Any, parent: str) -> int | None:
        if isinstance(d, str):
            return self._resolve(Location, d, self._item_locationList)
        if not isinstance(d, dict):
            return None
        # Embedded locations without an id (seen) are keyed by their parent.
        ext = quirks.ref(d) or f"{parent}#location"
        if quirks.is_deleted(d):
            self._delete(Location, ext, "location", {})
            return self._pk(Location, ext)
        loc = self._upsert(
            Location,
            ext,
            {
                "description": quirks.text(d.get("description"))[:500],
                "street_address": quirks.text(d.get("streetAddress"))[:300],
                "room": quirks.text(d.get("room"))[:200],
                "postal_code": quirks.text(d.get("postalCode"))[:10],
                "sub_locality": quirks.text(d.get("subLocality"))[:200],
                "locality": quirks.text(d.get("locality"))[:200],
                "geojson": quirks.geojson(d.get("geojson")),
                "keyword": quirks.strings(d.get("keyword")),
            },
            kind="location",
        )
        return loc.pk

    def _item_locationList(self, d: dict[str, Any]) -> None:
        self._location(d, "")

    def _item_legislativeTermList(self, d: dict[str, Any]) -> None:
        self._legislative_term(d)

    def _item_organization(self, d: dict[str, Any]) -> None:
        ext = quirks.ref(d)
        if quirks.is_deleted(d):
            self._delete(Organization, ext, "organization", {"body": self.body, "name": f"({ext})"[:500]})
            return
        name = quirks.text(d.get("name")) or quirks.text(d.get("shortName")) or ext
        name = self._unique(Organization, "name", name[:500], ext, body=self.body)
        org = self._upsert(
            Organization,
            ext,
            {
                "body_id": self.body.pk,
                "name": name,
                "short_name": quirks.text(d.get("shortName"))[:100],
                "organization_type": quirks.organization_type(d.get("organizationType")),
                "classification": quirks.text(d.get("classification"))[:200],
                "start_date": quirks.date(d.get("startDate")),
                "end_date": quirks.date(d.get("endDate")),
                "website": quirks.text(d.get("website"))[:200],
                "post": quirks.strings(d.get("post")),
                "location_id": self._location(d.get("location"), ext) if d.get("location") else None,
                "keyword": quirks.strings(d.get("keyword")),
                "deleted": False,
            },
            adopt={"body": self.body, "name": name},
            kind="organization",
        )
        parent = quirks.ref(d.get("subOrganizationOf"))
        if parent:
            self._pending_suborg.append((org.pk, parent))

    def _organization_pk(self, ext: str) -> int | None:
        return self._resolve(Organization, ext, self._item_organization)

    def _item_person(self, d: dict[str, Any]) -> None:
        ext = quirks.ref(d)
        if quirks.is_deleted(d):
            self._delete(Person, ext, "person", {"body": self.body, "name": ""})
            return
        name = quirks.text(d.get("name")) or " ".join(
            x for x in (quirks.text(d.get("givenName")), quirks.text(d.get("familyName"))) if x
        )
        person = self._upsert(
            Person,
            ext,
            {
                "body_id": self.body.pk,
                "name": name[:300],
                "family_name": quirks.text(d.get("familyName"))[:200],
                "given_name": quirks.text(d.get("givenName"))[:200],
                "form_of_address": quirks.text(d.get("formOfAddress"))[:50],
                "affix": quirks.text(d.get("affix"))[:100],
                "title": quirks.strings(d.get("title")),
                "gender": quirks.text(d.get("gender"))[:20],
                "phone": quirks.strings(d.get("phone")),
                "email": quirks.strings(d.get("email")),
                "status": quirks.strings(d.get("status")),
                "life": quirks.text(d.get("life")),
                "life_source": quirks.text(d.get("lifeSource")),
                "keyword": quirks.strings(d.get("keyword")),
                "deleted": False,
            },
            adopt={"body": self.body, "name": name[:300]} if name else None,
            kind="person",
        )
        for m in quirks.objects(d.get("membership")):
            self._membership(m, person.pk)

    def _membership(self, d: dict[str, Any], person_pk: int | None) -> None:
        ext = quirks.ref(d)
        if quirks.is_deleted(d):
            self._delete(Membership, ext, "membership", None)
            return
        if person_pk is None:
            person_pk = self._resolve(Person, quirks.ref(d.get("person")), self._item_person)
        org_pk = self._organization_pk(quirks.ref(d.get("organization")))
        if person_pk is None or org_pk is None:
            return
        behalf = quirks.ref(d.get("onBehalfOf"))
        self._upsert(
            Membership,
            ext,
            {
                "person_id": person_pk,
                "organization_id": org_pk,
                "role": quirks.text(d.get("role"))[:200],
                "voting_right": quirks.boolean(d.get("votingRight")),
                "start_date": quirks.date(d.get("startDate")),
                "end_date": quirks.date(d.get("endDate")),
                "on_behalf_of_id": self._organization_pk(behalf) if behalf else None,
                "keyword": quirks.strings(d.get("keyword")),
                "deleted": False,
            },
            kind="membership",
        )

    def _item_membership(self, d: dict[str, Any]) -> None:
        self._membership(d, None)

    def _file(self, d: Any) -> int | None:
        if isinstance(d, str):
            return self._resolve(File, d, self._item_file)
        if not isinstance(d, dict):
            return None
        ext = quirks.ref(d)
        if quirks.is_deleted(d):
            self._delete(File, ext, "file", {})
            return self._pk(File, ext)
        values = {
            "name": quirks.text(d.get("name"))[:500],
            "file_name": quirks.file_name(d)[:500],
            "mime_type": quirks.text(d.get("mimeType"))[:100],
            "date": quirks.date(d.get("date")),
            "access_url": quirks.text(d.get("accessUrl"))[:1000],
            "download_url": quirks.text(d.get("downloadUrl"))[:1000],
            "external_service_url": quirks.text(d.get("externalServiceUrl"))[:1000],
            "file_license": quirks.text(d.get("fileLicense"))[:500],
            "sha1_checksum": quirks.text(d.get("sha1Checksum"))[:40],
            "sha512_checksum": quirks.text(d.get("sha512Checksum"))[:128],
            "keyword": quirks.strings(d.get("keyword")),
            "deleted": False,
        }
        size = d.get("size")
        if isinstance(size, int):
            values["size"] = size
        if self.files:
            self._fetch_file(ext, d, values)
        return self._upsert(File, ext, values, kind="file").pk

    def _fetch_file(self, ext: str, d: dict[str, Any], values: dict[str, Any]) -> None:
        """Download a file not stored yet and ingest it; the ingest's File takes the source id."""
        pk = self._pk(File, ext)
        current = File.objects.filter(pk=pk).values_list("source_file_id", "access_url").first() if pk else None
        if current and current[0] and current[1] == values["access_url"]:
            return  # stored and unchanged at the source
        url = quirks.download_url(d)
        if not url:
            return
        key = hashlib.sha256(ext.encode()).hexdigest()[:20]
        dest = self.files_dir / key / quirks.file_name(d).replace("/", "_")[:200]
        try:
            self.client.download(url, dest)
        except FetchError as exc:
            self.summary.files_failed.append((url, str(exc)))
            return
        from ratsinfo.store.ingest import ingest

        result = ingest([dest])
        if result.failed:
            self.summary.files_failed.extend(result.failed)
            return
        self.summary.files_ingested += len(result.ingested)
        # The ingest may have stored papers, meetings, persons without source id.
        for model in self._blank:
            self._blank[model] = model.objects.filter(external_id="").exists()
        ingested = File.objects.filter(source_file__path=str(dest.resolve())).first()
        if ingested is None:
            return
        if pk is not None and pk != ingested.pk:
            # The source's file had no bytes before; its record gives way to the ingested one.
            File.objects.filter(pk=pk).delete()
        if ingested.external_id != ext:
            ingested.external_id = ext
            ingested.save(update_fields=["external_id"])
        self._ids[(File, ext)] = ingested.pk
        values.pop("size", None)  # the bytes we have are the truth

    def _item_file(self, d: dict[str, Any]) -> None:
        self._file(d)

    def _item_meeting(self, d: dict[str, Any]) -> None:
        ext = quirks.ref(d)
        if quirks.is_deleted(d):
            self._delete(Meeting, ext, "meeting", {"body": self.body})
            return
        start = quirks.datetime(d.get("start"))
        files = {
            "invitation_id": self._file(d.get("invitation")),
            "results_protocol_id": self._file(d.get("resultsProtocol")),
            "verbatim_protocol_id": self._file(d.get("verbatimProtocol")),
        }
        aux = [pk for pk in (self._file(f) for f in quirks.objects(d.get("auxiliaryFile"))) if pk]
        meeting = self._upsert(
            Meeting,
            ext,
            {
                "body_id": self.body.pk,
                "name": quirks.text(d.get("name"))[:500],
                "meeting_state": quirks.text(d.get("meetingState"))[:100],
                "cancelled": bool(quirks.boolean(d.get("cancelled"))),
                "start": start,
                "end": quirks.datetime(d.get("end")),
                "location_id": self._location(d.get("location"), ext) if d.get("location") else None,
                **files,
                "keyword": quirks.strings(d.get("keyword")),
                "deleted": False,
            },
            adopt={"body": self.body, "start": start} if start else None,
            kind="meeting",
        )
        orgs = [pk for pk in (self._organization_pk(r) for r in quirks.refs(d.get("organization"))) if pk]
        self._m2m(meeting, "organizations", orgs)
        self._m2m(meeting, "auxiliary_files", aux)
        for order, item in enumerate(quirks.objects(d.get("agendaItem"))):
            self._agenda_item(item, meeting.pk, order)
        if (Meeting, meeting.pk) in self._adopted:
            # Stored from its downloaded invitation or minutes before the import named it:
            # the source's agenda items keep their ids, the printed ones only add votes.
            from ratsinfo.store.writer import reconcile_agenda

            reconcile_agenda(meeting)

    def _agenda_item(self, d: dict[str, Any], meeting_pk: int | None, order: int) -> None:
        ext = quirks.ref(d)
        if quirks.is_deleted(d):
            self._delete(AgendaItem, ext, "agendaItem", {"meeting_id": meeting_pk} if meeting_pk else None)
            return
        if meeting_pk is None:
            meeting_pk = self._resolve(Meeting, quirks.ref(d.get("meeting")), self._item_meeting)
            if meeting_pk is None:
                return
        given = d.get("order")
        aux = [pk for pk in (self._file(f) for f in quirks.objects(d.get("auxiliaryFile"))) if pk]
        item = self._upsert(
            AgendaItem,
            ext,
            {
                "meeting_id": meeting_pk,
                "number": quirks.text(d.get("number"))[:50],
                "order": given if isinstance(given, int) and given >= 0 else order,
                "name": quirks.text(d.get("name")),
                "public": quirks.boolean(d.get("public")),
                "result": quirks.text(d.get("result"))[:100],
                "resolution_text": quirks.text(d.get("resolutionText")),
                "resolution_file_id": self._file(d.get("resolutionFile")),
                "start": quirks.datetime(d.get("start")),
                "end": quirks.datetime(d.get("end")),
                "keyword": quirks.strings(d.get("keyword")),
                "deleted": False,
            },
            kind="agendaItem",
        )
        self._m2m(item, "auxiliary_files", aux)

    def _item_agendaItem(self, d: dict[str, Any]) -> None:
        pk = self._pk(AgendaItem, quirks.ref(d))
        meeting_pk = AgendaItem.objects.filter(pk=pk).values_list("meeting_id", flat=True).first() if pk else None
        order = AgendaItem.objects.filter(pk=pk).values_list("order", flat=True).first() if pk else 0
        self._agenda_item(d, meeting_pk, order or 0)

    def _item_paper(self, d: dict[str, Any]) -> None:
        ext = quirks.ref(d)
        if quirks.is_deleted(d):
            self._delete(Paper, ext, "paper", {"body": self.body, "reference": ""})
            return
        main = self._file(d.get("mainFile"))
        aux = [pk for pk in (self._file(f) for f in quirks.objects(d.get("auxiliaryFile"))) if pk]
        reference = quirks.text(d.get("reference"))[:100]
        reference = self._unique(Paper, "reference", reference, ext, body=self.body)
        paper = self._upsert(
            Paper,
            ext,
            {
                "body_id": self.body.pk,
                "name": quirks.text(d.get("name")),
                "reference": reference,
                "date": quirks.date(d.get("date")),
                "paper_type": quirks.text(d.get("paperType"))[:100],
                "main_file_id": main,
                "keyword": quirks.strings(d.get("keyword")),
                "deleted": False,
            },
            adopt={"body": self.body, "reference": reference} if reference else None,
            kind="paper",
        )
        self._m2m(paper, "auxiliary_files", aux)
        persons = [p for p in (self._resolve(Person, r, self._item_person) for r in quirks.refs(d.get("originatorPerson"))) if p]
        self._m2m(paper, "originator_persons", persons)
        orgs = [p for p in (self._organization_pk(r) for r in quirks.refs(d.get("originatorOrganization"))) if p]
        self._m2m(paper, "originator_organizations", orgs)
        direction = [p for p in (self._organization_pk(r) for r in quirks.refs(d.get("underDirectionOf"))) if p]
        self._m2m(paper, "under_direction_of", direction)
        related = quirks.refs(d.get("relatedPaper"))
        if related:
            self._pending_related.append((paper.pk, related))
        superordinated = quirks.refs(d.get("superordinatedPaper"))
        subordinated = quirks.refs(d.get("subordinatedPaper"))
        if superordinated or subordinated or paper.pk in self._with_hierarchy():
            self._pending_hierarchy.append((paper.pk, superordinated, subordinated))
        for order, c in enumerate(quirks.objects(d.get("consultation"))):
            self._consultation(c, paper.pk, order)
        if (Paper, paper.pk) in self._adopted:
            self._reconcile_consultations(paper)

    def _with_hierarchy(self) -> set[int]:
        """Papers stored with super-/subordinated papers (a source may drop them)."""
        if self._hierarchy is None:
            self._hierarchy = set()
            for name in ("superordinated_papers", "subordinated_papers"):
                through = getattr(Paper, name).through
                self._hierarchy.update(through.objects.values_list("from_paper_id", flat=True))
        return self._hierarchy

    def _reconcile_consultations(self, paper: Paper) -> None:
        """A paper stored from its documents before it was imported has their Beratungsfolge
        too: the imported consultations keep theirs, the printed steps only fill them in."""
        printed = [
            {"date": c.date, "organization": c.organization_name, "role": c.role}
            for c in paper.consultations.filter(external_id="", from_agenda=False).order_by("order", "pk")
        ]
        if printed:
            Consultation.keep_imported(paper, printed)

    def _consultation(self, d: dict[str, Any], paper_pk: int | None, order: int) -> None:
        ext = quirks.ref(d)
        if quirks.is_deleted(d):
            self._delete(Consultation, ext, "consultation", {"paper_id": paper_pk} if paper_pk else None)
            return
        if paper_pk is None:
            paper_pk = self._resolve(Paper, quirks.ref(d.get("paper")), self._item_paper)
            if paper_pk is None:
                return
        item_ref = quirks.ref(d.get("agendaItem"))
        meeting_ref = quirks.ref(d.get("meeting"))
        consultation = self._upsert(
            Consultation,
            ext,
            {
                "paper_id": paper_pk,
                "agenda_item_id": self._resolve(AgendaItem, item_ref) if item_ref else None,
                "meeting_id": self._resolve(Meeting, meeting_ref, self._item_meeting) if meeting_ref else None,
                "authoritative": quirks.boolean(d.get("authoritative")),
                "role": quirks.text(d.get("role"))[:100],
                "order": order,
                "keyword": quirks.strings(d.get("keyword")),
                "deleted": False,
            },
            kind="consultation",
        )
        orgs = [p for p in (self._organization_pk(r) for r in quirks.refs(d.get("organization"))) if p]
        self._m2m(consultation, "organizations", orgs)

    def _item_consultation(self, d: dict[str, Any]) -> None:
        pk = self._pk(Consultation, quirks.ref(d))
        row = Consultation.objects.filter(pk=pk).values_list("paper_id", "order").first() if pk else None
        self._consultation(d, row[0] if row else None, row[1] if row else 0)

    def _resolve_pending(self) -> None:
        """References that may point forward in the lists: resolved once all are in."""
        with transaction.atomic():
            for pk, parent in self._pending_suborg:
                parent_pk = self._organization_pk(parent)
                Organization.objects.filter(pk=pk).exclude(sub_organization_of_id=parent_pk).update(
                    sub_organization_of_id=parent_pk, modified=timezone.now()
                )
            for pk, related in self._pending_related:
                paper = Paper.objects.get(pk=pk)
                ids = [p for p in (self._resolve(Paper, r) for r in related) if p]
                self._m2m(paper, "related_papers", ids)
            for pk, superordinated, subordinated in self._pending_hierarchy:
                paper = Paper.objects.get(pk=pk)
                for name, refs in (("superordinated_papers", superordinated), ("subordinated_papers", subordinated)):
                    ids = [p for p in (self._resolve(Paper, r) for r in refs) if p]
                    self._m2m(paper, name, ids)
