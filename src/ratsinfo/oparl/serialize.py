"""Store objects → OParl 1.1 JSON objects.

URLs follow the layout of the OParl OpenAPI description (``/bodies/{body}/papers/{id}``).
Embedding follows the specification: Meeting embeds its location, files and agenda items;
Paper its files and consultations; Person its memberships; Body its legislative terms.
Fields beyond OParl carry the vendor prefix ``ratsinfo:``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

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
    Provenance,
)

SCHEMA = "https://schema.oparl.org/1.1/"
VENDOR = "ratsinfo"


def otype(name: str) -> str:
    return f"{SCHEMA}{name}"


def stamp(value: dt.datetime | None) -> str | None:
    """RFC 3339 date-time in the server's zone, whole seconds (what clients echo back)."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class Urls:
    """Absolute URLs of one request's host; object ids are these URLs.

    Built by string formatting from prefixes resolved once: a page of 100 objects names
    thousands of URLs, and ``reverse`` per URL would dominate the response time.
    """

    _PK = 987654321

    def __init__(self, build: Callable[[str], str]) -> None:
        self.build = build
        self.root = build(reverse("oparl:system"))
        self._bodies = build(reverse("oparl:bodies"))
        self._web: dict[str, str] = {}

    def system(self) -> str:
        return self.root

    def bodies(self) -> str:
        return self._bodies

    def body(self, pk: int) -> str:
        return f"{self._bodies}/{pk}"

    def list(self, body_pk: int, kind: str) -> str:
        return f"{self._bodies}/{body_pk}/{kind}"

    def obj(self, body_pk: int, kind: str, pk: int) -> str:
        return f"{self._bodies}/{body_pk}/{kind}/{pk}"

    def download(self, body_pk: int, pk: int) -> str:
        return f"{self._bodies}/{body_pk}/files/{pk}/download"

    def web(self, name: str, pk: int | None = None) -> str | None:
        """The HTML page of an object; None when the web UI has no such page."""
        if pk is None:
            return self.build(reverse(name))
        if name not in self._web:
            try:
                self._web[name] = self.build(reverse(name, args=[self._PK]))
            except NoReverseMatch:
                self._web[name] = ""
        return self._web[name].replace(str(self._PK), str(pk)) or None

    def sublist(self, body_pk: int, kind: str, pk: int, sub: str) -> str:
        return f"{self._bodies}/{body_pk}/{kind}/{pk}/{sub}"


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    """Drop absent values: OParl says to omit properties without a value."""
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def _base(obj: Model, kind: str, urls: Urls, body_pk: int, url_kind: str) -> dict[str, Any]:
    return {
        "id": urls.obj(body_pk, url_kind, obj.pk),
        "type": otype(kind),
    }


def _tail(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "keyword": list(obj.keyword or []),
        "created": stamp(obj.created),
        "modified": stamp(obj.modified),
    }
    if getattr(obj, "external_id", ""):
        out[f"{VENDOR}:source"] = obj.external_id
    return out


def tombstone(obj: Any, kind: str, urls: Urls, body_pk: int, url_kind: str) -> dict[str, Any]:
    """A deleted object: id, type, created, modified, deleted (spec 2.8)."""
    return {
        **_base(obj, kind, urls, body_pk, url_kind),
        "created": stamp(obj.created),
        "modified": stamp(obj.modified),
        "deleted": True,
    }


# Lists of embedded objects ("intern ausgegebene" lists, spec 2.5) per type; ``omit_internal``
# drops them, and the client reads the external lists instead. Body's legislativeTerm is
# required and stays.
INTERNAL = {
    "Person": ("membership",),
    "Meeting": ("agendaItem", "auxiliaryFile"),
    "Paper": ("consultation", "auxiliaryFile"),
    "AgendaItem": ("auxiliaryFile",),
}


class Serializer:
    """Serializes pages of objects of one body; batches related look-ups per page."""

    def __init__(self, urls: Urls, body: Body, omit_internal: bool = False) -> None:
        self.urls = urls
        self.body = body
        self.b = body.pk
        self.omit_internal = omit_internal

    def _omit(self, obj: dict[str, Any], kind: str) -> dict[str, Any]:
        if self.omit_internal:
            for key in INTERNAL.get(kind, ()):
                obj.pop(key, None)
        return obj

    # --- embedded objects -------------------------------------------------------------
    def location(self, loc: Location | None, embedded: bool = True) -> dict[str, Any] | None:
        if loc is None:
            return None
        if loc.deleted:
            return tombstone(loc, "Location", self.urls, self.b, "locations")
        out = _compact(
            {
                **_base(loc, "Location", self.urls, self.b, "locations"),
                "description": loc.description,
                "geojson": loc.geojson if isinstance(loc.geojson, dict) else None,
                "streetAddress": loc.street_address,
                "room": loc.room,
                "postalCode": loc.postal_code,
                "subLocality": loc.sub_locality,
                "locality": loc.locality,
                **_tail(loc),
            }
        )
        if not embedded:
            out["bodies"] = [self.urls.body(self.b)]
        return out

    def file(self, f: File | None, back: dict[str, list[str]] | None = None) -> dict[str, Any] | None:
        if f is None:
            return None
        if f.deleted:
            return tombstone(f, "File", self.urls, self.b, "files")
        access = f.access_url or self.urls.download(self.b, f.pk)
        out = _compact(
            {
                **_base(f, "File", self.urls, self.b, "files"),
                "name": f.name or f.file_name,
                "fileName": f.file_name,
                "mimeType": f.mime_type,
                "date": day(f.date),
                "size": f.size,
                "accessUrl": access,
                # The bytes we hold are served by us; else where the source serves them.
                "downloadUrl": self.urls.download(self.b, f.pk) if f.source_file_id else f.download_url,
                "externalServiceUrl": f.external_service_url,
                "masterFile": self.urls.obj(self.b, "files", f.master_file_id) if f.master_file_id else None,
                "fileLicense": f.file_license,
                "sha1Checksum": f.sha1_checksum,
                "sha512Checksum": f.sha512_checksum,
                f"{VENDOR}:sha256Checksum": f.sha256_checksum,
                **_tail(f),
            }
        )
        if back:
            out.update(_compact(back))
        return out

    def membership(self, m: Membership, embedded: bool) -> dict[str, Any]:
        if m.deleted:
            return tombstone(m, "Membership", self.urls, self.b, "memberships")
        return _compact(
            {
                **_base(m, "Membership", self.urls, self.b, "memberships"),
                "person": None if embedded else self.urls.obj(self.b, "persons", m.person_id),
                "organization": self.urls.obj(self.b, "organizations", m.organization_id),
                "role": m.role,
                "votingRight": m.voting_right,
                "startDate": day(m.start_date),
                "endDate": day(m.end_date),
                "onBehalfOf": self.urls.obj(self.b, "organizations", m.on_behalf_of_id)
                if m.on_behalf_of_id
                else None,
                **_tail(m),
            }
        )

    def legislative_term(self, t: LegislativeTerm, embedded: bool) -> dict[str, Any]:
        if t.deleted:
            return tombstone(t, "LegislativeTerm", self.urls, self.b, "legislativeTerms")
        return _compact(
            {
                **_base(t, "LegislativeTerm", self.urls, self.b, "legislativeTerms"),
                "body": None if embedded else self.urls.body(self.b),
                "name": t.name,
                "startDate": day(t.start_date),
                "endDate": day(t.end_date),
                **_tail(t),
            }
        )

    def consultation(self, c: Consultation, embedded: bool, orgs: list[int]) -> dict[str, Any]:
        if c.deleted:
            return tombstone(c, "Consultation", self.urls, self.b, "consultations")
        return _compact(
            {
                **_base(c, "Consultation", self.urls, self.b, "consultations"),
                "paper": self.urls.obj(self.b, "papers", c.paper_id),
                "agendaItem": self.urls.obj(self.b, "agendaItems", c.agenda_item_id)
                if c.agenda_item_id
                else None,
                "meeting": self.urls.obj(self.b, "meetings", c.meeting_id) if c.meeting_id else None,
                "organization": [self.urls.obj(self.b, "organizations", o) for o in orgs],
                "authoritative": c.authoritative,
                "role": c.role,
                f"{VENDOR}:date": day(c.date),
                f"{VENDOR}:organizationName": c.organization_name,
                **_tail(c),
            }
        )

    def agenda_item(self, a: AgendaItem, embedded: bool, ctx: _Ctx) -> dict[str, Any]:
        if a.deleted:
            return tombstone(a, "AgendaItem", self.urls, self.b, "agendaItems")
        consultation = ctx.consultation_of_item.get(a.pk)
        votes = [
            _compact(
                {
                    "subject": v.subject,
                    "kind": v.kind,
                    "yes": v.yes,
                    "no": v.no,
                    "abstain": v.abstain,
                }
            )
            for v in ctx.votes.get(a.pk, [])
        ]
        return self._omit(_compact(
            {
                **_base(a, "AgendaItem", self.urls, self.b, "agendaItems"),
                "meeting": None if embedded else self.urls.obj(self.b, "meetings", a.meeting_id),
                "number": a.number,
                "order": a.order,
                "name": a.name,
                "public": a.public,
                "consultation": self.urls.obj(self.b, "consultations", consultation)
                if consultation
                else None,
                "result": a.result,
                "resolutionText": a.resolution_text,
                "resolutionFile": self.file(ctx.files.get(a.resolution_file_id)),
                "auxiliaryFile": [self.file(f) for f in ctx.item_aux.get(a.pk, [])],
                "start": stamp(a.start),
                "end": stamp(a.end),
                f"{VENDOR}:vote": votes,
                f"{VENDOR}:addedInMeeting": a.added_in_meeting or None,
                **_tail(a),
            }
        ), "AgendaItem")

    # --- top-level objects ------------------------------------------------------------
    def body_obj(self, body: Body) -> dict[str, Any]:
        if body.deleted:
            return {
                "id": self.urls.body(body.pk),
                "type": otype("Body"),
                "created": stamp(body.created),
                "modified": stamp(body.modified),
                "deleted": True,
            }
        b = body.pk
        terms = LegislativeTerm.objects.filter(body=body, deleted=False).order_by("pk")
        out = _compact(
            {
                "id": self.urls.body(b),
                "type": otype("Body"),
                "system": self.urls.system(),
                "name": body.name,
                "shortName": body.short_name,
                "website": body.website,
                "ags": body.ags,
                "rgs": body.rgs,
                "classification": body.classification,
                "contactEmail": body.contact_email,
                "contactName": body.contact_name,
                "license": body.license,
                "licenseValidSince": stamp(body.license_valid_since),
                "oparlSince": stamp(body.oparl_since),
                "equivalent": list(body.equivalent or []),
                "location": self.location(body.location) if body.location_id else None,
                "organization": self.urls.list(b, "organizations"),
                "person": self.urls.list(b, "persons"),
                "meeting": self.urls.list(b, "meetings"),
                "paper": self.urls.list(b, "papers"),
                "agendaItem": self.urls.list(b, "agendaItems"),
                "consultation": self.urls.list(b, "consultations"),
                "file": self.urls.list(b, "files"),
                "locationList": self.urls.list(b, "locations"),
                "legislativeTermList": self.urls.list(b, "legislativeTerms"),
                "membership": self.urls.list(b, "memberships"),
                f"{VENDOR}:cooperation": self.urls.list(b, "cooperations"),
                "web": self.urls.web("serve:home"),
                **_tail(body),
            }
        )
        # legislativeTerm is required even when empty.
        out["legislativeTerm"] = [self.legislative_term(t, True) for t in terms]
        return out

    def page(self, kind: str, objs: list[Any]) -> list[dict[str, Any]]:
        """Serialize one page of ``kind`` objects (list or single-object view)."""
        live = [o for o in objs if not o.deleted]
        ctx = _Ctx.load(kind, live, omit_internal=self.omit_internal)
        fn = getattr(self, f"_{kind}")
        out = []
        for o in objs:
            if o.deleted:
                out.append(tombstone(o, KINDS[kind].oparl, self.urls, self.b, kind))
            else:
                out.append(fn(o, ctx))
        return out

    def _organizations(self, o: Organization, ctx: _Ctx) -> dict[str, Any]:
        return _compact(
            {
                **_base(o, "Organization", self.urls, self.b, "organizations"),
                "body": self.urls.body(self.b),
                "name": o.name,
                "shortName": o.short_name,
                "membership": [self.urls.obj(self.b, "memberships", m) for m in ctx.org_members.get(o.pk, [])],
                "meeting": self.urls.sublist(self.b, "organizations", o.pk, "meetings"),
                "consultation": self.urls.sublist(self.b, "organizations", o.pk, "consultations"),
                "post": list(o.post or []),
                "organizationType": o.organization_type,
                "classification": o.classification,
                "startDate": day(o.start_date),
                "endDate": day(o.end_date),
                "website": o.website,
                "location": self.location(o.location),
                "subOrganizationOf": self.urls.obj(self.b, "organizations", o.sub_organization_of_id)
                if o.sub_organization_of_id
                else None,
                "web": self.urls.web("serve:organization_detail", o.pk),
                f"{VENDOR}:provenance": ctx.provenance.get(o.pk),
                **_tail(o),
            }
        )

    def _persons(self, p: Person, ctx: _Ctx) -> dict[str, Any]:
        return self._omit(_compact(
            {
                **_base(p, "Person", self.urls, self.b, "persons"),
                "body": self.urls.body(self.b),
                "name": p.name,
                "familyName": p.family_name,
                "givenName": p.given_name,
                "formOfAddress": p.form_of_address,
                "affix": p.affix,
                "title": list(p.title or []),
                "gender": p.gender,
                "phone": list(p.phone or []),
                "email": list(p.email or []),
                "status": list(p.status or []),
                "membership": [self.membership(m, True) for m in ctx.memberships.get(p.pk, [])],
                "life": p.life,
                "lifeSource": p.life_source,
                "web": self.urls.web("serve:person_detail", p.pk),
                f"{VENDOR}:party": p.party,
                f"{VENDOR}:provenance": ctx.provenance.get(p.pk),
                **_tail(p),
            }
        ), "Person")

    def _meetings(self, m: Meeting, ctx: _Ctx) -> dict[str, Any]:
        attendance = [
            _compact(
                {
                    "person": self.urls.obj(self.b, "persons", a.person_id),
                    "status": a.status,
                    "group": a.group,
                    "party": a.party,
                    "organization": a.organization_name,
                    "reason": a.reason,
                    "arrived": a.arrived,
                    "left": a.left,
                    "substituteFor": a.substitute_for,
                }
            )
            for a in ctx.attendance.get(m.pk, [])
        ]
        participants = sorted(
            {a.person_id for a in ctx.attendance.get(m.pk, []) if a.status.lower() != "abwesend"}
        )
        return self._omit(_compact(
            {
                **_base(m, "Meeting", self.urls, self.b, "meetings"),
                "body": self.urls.body(self.b),
                "name": m.name,
                "meetingState": m.meeting_state,
                "cancelled": m.cancelled or None,
                "start": stamp(m.start),
                "end": stamp(m.end),
                "location": self.location(ctx.locations.get(m.location_id)),
                "organization": [self.urls.obj(self.b, "organizations", o) for o in ctx.meeting_orgs.get(m.pk, [])],
                "participant": [self.urls.obj(self.b, "persons", p) for p in participants],
                "invitation": self.file(ctx.files.get(m.invitation_id)),
                "resultsProtocol": self.file(ctx.files.get(m.results_protocol_id)),
                "verbatimProtocol": self.file(ctx.files.get(m.verbatim_protocol_id)),
                "auxiliaryFile": [self.file(f) for f in ctx.meeting_aux.get(m.pk, [])],
                "agendaItem": [self.agenda_item(a, True, ctx) for a in ctx.items.get(m.pk, [])],
                "web": self.urls.web("serve:meeting_detail", m.pk),
                f"{VENDOR}:number": m.number,
                f"{VENDOR}:public": m.public,
                f"{VENDOR}:attendance": attendance,
                f"{VENDOR}:provenance": ctx.provenance.get(m.pk),
                **_tail(m),
            }
        ), "Meeting")

    def _papers(self, p: Paper, ctx: _Ctx) -> dict[str, Any]:
        obligations = [
            _compact({"what": o.what, "due": o.due, "dueDate": day(o.due_date)})
            for o in ctx.obligations.get(p.pk, [])
        ]
        return self._omit(_compact(
            {
                **_base(p, "Paper", self.urls, self.b, "papers"),
                "body": self.urls.body(self.b),
                "name": p.name,
                "reference": p.reference,
                "date": day(p.date),
                "paperType": p.paper_type,
                "relatedPaper": [self.urls.obj(self.b, "papers", x) for x in ctx.related.get(p.pk, [])],
                "superordinatedPaper": [self.urls.obj(self.b, "papers", x) for x in ctx.superordinated.get(p.pk, [])],
                "subordinatedPaper": [self.urls.obj(self.b, "papers", x) for x in ctx.subordinated.get(p.pk, [])],
                "mainFile": self.file(ctx.files.get(p.main_file_id)),
                "auxiliaryFile": [self.file(f) for f in ctx.paper_aux.get(p.pk, [])],
                "originatorPerson": [self.urls.obj(self.b, "persons", x) for x in ctx.orig_persons.get(p.pk, [])],
                "originatorOrganization": [
                    self.urls.obj(self.b, "organizations", x) for x in ctx.orig_orgs.get(p.pk, [])
                ],
                "underDirectionOf": [
                    self.urls.obj(self.b, "organizations", x) for x in ctx.direction.get(p.pk, [])
                ],
                "consultation": [
                    self.consultation(c, True, ctx.consultation_orgs.get(c.pk, []))
                    for c in ctx.consultations.get(p.pk, [])
                ],
                "web": self.urls.web("serve:paper_detail", p.pk),
                f"{VENDOR}:public": p.public,
                f"{VENDOR}:originators": list(p.originators_text or []),
                f"{VENDOR}:obligation": obligations,
                f"{VENDOR}:provenance": ctx.provenance.get(p.pk),
                **_tail(p),
            }
        ), "Paper")

    def _memberships(self, m: Membership, ctx: _Ctx) -> dict[str, Any]:
        return self.membership(m, False)

    def _legislativeTerms(self, t: LegislativeTerm, ctx: _Ctx) -> dict[str, Any]:
        return self.legislative_term(t, False)

    def _agendaItems(self, a: AgendaItem, ctx: _Ctx) -> dict[str, Any]:
        return self.agenda_item(a, False, ctx)

    def _consultations(self, c: Consultation, ctx: _Ctx) -> dict[str, Any]:
        return self.consultation(c, False, ctx.consultation_orgs.get(c.pk, []))

    def _locations(self, loc: Location, ctx: _Ctx) -> dict[str, Any]:
        return self.location(loc, embedded=False) or {}

    def _files(self, f: File, ctx: _Ctx) -> dict[str, Any]:
        back = {
            "paper": [self.urls.obj(self.b, "papers", x) for x in ctx.file_papers.get(f.pk, [])],
            "meeting": [self.urls.obj(self.b, "meetings", x) for x in ctx.file_meetings.get(f.pk, [])],
        }
        return self.file(f, back) or {}

    def _cooperations(self, c: Any, ctx: _Ctx) -> dict[str, Any]:
        return _compact(
            {
                "id": self.urls.obj(self.b, "cooperations", c.pk),
                "type": f"{VENDOR}:Cooperation",
                "body": self.urls.body(self.b),
                "name": c.value("title"),
                "description": c.value("description"),
                "unit": c.value("unit"),
                "category": c.value("category"),
                "kind": c.value("kind"),
                "legalForm": c.value("legal_form"),
                "status": c.value("status"),
                "since": c.value("since"),
                "until": c.value("until"),
                "field": c.value("field"),
                "partner": list(ctx.partners.get(c.pk, [])),
                **_tail(c),
            }
        )


def _group(rows: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for key, value in rows:
        out[key].append(value)
    return out


class _Ctx:
    """Everything a page of objects embeds, fetched with a fixed number of queries."""

    def __init__(self) -> None:
        self.files: dict[int | None, File] = {}
        self.locations: dict[int | None, Location] = {}
        self.items: dict[int, list[AgendaItem]] = {}
        self.votes: dict[int, list[Any]] = {}
        self.attendance: dict[int, list[Any]] = {}
        self.meeting_orgs: dict[int, list[int]] = {}
        self.meeting_aux: dict[int, list[File]] = {}
        self.item_aux: dict[int, list[File]] = {}
        self.paper_aux: dict[int, list[File]] = {}
        self.consultation_of_item: dict[int, int] = {}
        self.consultations: dict[int, list[Consultation]] = {}
        self.consultation_orgs: dict[int, list[int]] = {}
        self.related: dict[int, list[int]] = {}
        self.superordinated: dict[int, list[int]] = {}
        self.subordinated: dict[int, list[int]] = {}
        self.orig_persons: dict[int, list[int]] = {}
        self.orig_orgs: dict[int, list[int]] = {}
        self.direction: dict[int, list[int]] = {}
        self.obligations: dict[int, list[Any]] = {}
        self.memberships: dict[int, list[Membership]] = {}
        self.org_members: dict[int, list[int]] = {}
        self.file_papers: dict[int, list[int]] = {}
        self.file_meetings: dict[int, list[int]] = {}
        self.provenance: dict[int, list[dict[str, Any]]] = {}
        self.partners: dict[int, list[str]] = {}
        self.omit = False

    @classmethod
    def load(cls, kind: str, objs: list[Any], omit_internal: bool = False) -> _Ctx:
        ctx = cls()
        # Embedded lists left out (omit_internal) are not fetched either.
        ctx.omit = omit_internal
        pks = [o.pk for o in objs]
        if not pks:
            return ctx
        if kind == "meetings":
            ctx._meetings(objs, pks)
        elif kind == "agendaItems":
            ctx._agenda_items(pks, objs)
        elif kind == "papers":
            ctx._papers(objs, pks)
        elif kind == "persons" and not omit_internal:
            ctx.memberships = _group((m.person_id, m) for m in Membership.objects.filter(person_id__in=pks).order_by("pk"))
        elif kind == "organizations":
            ctx.org_members = _group(
                Membership.objects.filter(organization_id__in=pks, deleted=False).order_by("pk").values_list("organization_id", "pk")
            )
            loc_ids = {o.location_id for o in objs if o.location_id}
            ctx.locations = {x.pk: x for x in Location.objects.filter(pk__in=loc_ids)}
        elif kind == "consultations":
            ctx.consultation_orgs = _group(
                Consultation.organizations.through.objects.filter(consultation_id__in=pks)
                .order_by("pk")
                .values_list("consultation_id", "organization_id")
            )
        elif kind == "files":
            ctx.file_papers = _group(
                [
                    *Paper.objects.filter(main_file_id__in=pks).values_list("main_file_id", "pk"),
                    *Paper.auxiliary_files.through.objects.filter(file_id__in=pks).values_list("file_id", "paper_id"),
                ]
            )
            ctx.file_meetings = _group(
                [
                    *Meeting.objects.filter(invitation_id__in=pks).values_list("invitation_id", "pk"),
                    *Meeting.objects.filter(results_protocol_id__in=pks).values_list("results_protocol_id", "pk"),
                    *Meeting.objects.filter(verbatim_protocol_id__in=pks).values_list("verbatim_protocol_id", "pk"),
                ]
            )
        elif kind == "cooperations":
            through = objs[0].partners.through
            names = through.objects.filter(cooperation_id__in=pks).values_list("cooperation_id", "partner__name")
            ctx.partners = _group(names)
        if kind in ("papers", "meetings", "persons", "organizations"):
            ctx.provenance = _provenance(type(objs[0]), pks)
        return ctx

    def _files_by_pk(self, ids: Iterable[int | None]) -> None:
        want = {i for i in ids if i and i not in self.files}
        if want:
            self.files.update({f.pk: f for f in File.objects.filter(pk__in=want)})

    def _agenda_items(self, pks: list[int], items: list[AgendaItem]) -> None:
        from ratsinfo.store.models import Vote

        self.votes = _group((v.agenda_item_id, v) for v in Vote.objects.filter(agenda_item_id__in=pks, deleted=False).order_by("order", "pk"))
        # The consultation that took the item up (OParl: 1:1, the first one).
        for c_pk, item_pk in (
            Consultation.objects.filter(agenda_item_id__in=pks, deleted=False).order_by("-pk").values_list("pk", "agenda_item_id")
        ):
            self.consultation_of_item[item_pk] = c_pk
        through = AgendaItem.auxiliary_files.through
        aux = list(through.objects.filter(agendaitem_id__in=pks).order_by("pk").values_list("agendaitem_id", "file_id"))
        self._files_by_pk([i.resolution_file_id for i in items] + [f for _, f in aux])
        self.item_aux = _group((a, self.files[f]) for a, f in aux if f in self.files)

    def _meetings(self, meetings: list[Meeting], pks: list[int]) -> None:
        from ratsinfo.store.models import Attendance

        if not self.omit:
            items = list(AgendaItem.objects.filter(meeting_id__in=pks).order_by("order", "pk"))
            self.items = _group((i.meeting_id, i) for i in items)
            self._agenda_items([i.pk for i in items], items)
        self.attendance = _group((a.meeting_id, a) for a in Attendance.objects.filter(meeting_id__in=pks, deleted=False).order_by("order", "pk"))
        self.meeting_orgs = _group(
            Meeting.organizations.through.objects.filter(meeting_id__in=pks).order_by("pk").values_list("meeting_id", "organization_id")
        )
        aux = [] if self.omit else list(
            Meeting.auxiliary_files.through.objects.filter(meeting_id__in=pks).order_by("pk").values_list("meeting_id", "file_id")
        )
        self._files_by_pk(
            [m.invitation_id for m in meetings]
            + [m.results_protocol_id for m in meetings]
            + [m.verbatim_protocol_id for m in meetings]
            + [f for _, f in aux]
        )
        self.meeting_aux = _group((m, self.files[f]) for m, f in aux if f in self.files)
        loc_ids = {m.location_id for m in meetings if m.location_id}
        self.locations = {x.pk: x for x in Location.objects.filter(pk__in=loc_ids)}

    def _papers(self, papers: list[Paper], pks: list[int]) -> None:
        from ratsinfo.store.models import Obligation

        if not self.omit:
            cons = list(Consultation.objects.filter(paper_id__in=pks).order_by("order", "pk"))
            self.consultations = _group((c.paper_id, c) for c in cons)
            self.consultation_orgs = _group(
                Consultation.organizations.through.objects.filter(consultation_id__in=[c.pk for c in cons])
                .order_by("pk")
                .values_list("consultation_id", "organization_id")
            )
        aux = [] if self.omit else list(
            Paper.auxiliary_files.through.objects.filter(paper_id__in=pks).order_by("pk").values_list("paper_id", "file_id")
        )
        self._files_by_pk([p.main_file_id for p in papers] + [f for _, f in aux])
        self.paper_aux = _group((p, self.files[f]) for p, f in aux if f in self.files)
        rel = Paper.related_papers.through
        self.related = _group(rel.objects.filter(from_paper_id__in=pks).order_by("pk").values_list("from_paper_id", "to_paper_id"))
        # Each direction as stored on the paper, plus the inverse of the other (OParl: the two
        # are inverse to each other, and a source may list only one side).
        mine = Q(from_paper_id__in=pks) | Q(to_paper_id__in=pks)
        sup, sub = (
            list(m.through.objects.filter(mine).order_by("pk").values_list("from_paper_id", "to_paper_id"))
            for m in (Paper.superordinated_papers, Paper.subordinated_papers)
        )
        page = set(pks)
        up = [(a, b) for a, b in sup if a in page] + [(b, a) for a, b in sub if b in page]
        down = [(a, b) for a, b in sub if a in page] + [(b, a) for a, b in sup if b in page]
        self.superordinated = {k: list(dict.fromkeys(v)) for k, v in _group(up).items()}
        self.subordinated = {k: list(dict.fromkeys(v)) for k, v in _group(down).items()}
        self.orig_persons = _group(
            Paper.originator_persons.through.objects.filter(paper_id__in=pks).order_by("pk").values_list("paper_id", "person_id")
        )
        self.orig_orgs = _group(
            Paper.originator_organizations.through.objects.filter(paper_id__in=pks).order_by("pk").values_list("paper_id", "organization_id")
        )
        self.direction = _group(
            Paper.under_direction_of.through.objects.filter(paper_id__in=pks).order_by("pk").values_list("paper_id", "organization_id")
        )
        self.obligations = _group((o.paper_id, o) for o in Obligation.objects.filter(paper_id__in=pks, deleted=False).order_by("order", "pk"))


def _provenance(model: type[Model], pks: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Where each fact came from: field, source file id, text span, page."""
    ct = ContentType.objects.get_for_model(model)
    rows = (
        Provenance.objects.filter(content_type=ct, object_id__in=pks)
        .order_by("pk")
        .values_list("object_id", "field", "source_file_id", "document_id", "start", "end", "page")
    )
    return _group(
        (
            oid,
            _compact(
                {
                    "field": field,
                    "sourceFile": sf,
                    "document": doc,
                    "start": start,
                    "end": end,
                    "page": page,
                }
            ),
        )
        for oid, field, sf, doc, start, end, page in rows
    )


class Kind:
    def __init__(self, oparl: str, model: Callable[[], type[Model]], scope: Callable[[Body], Q], select: tuple[str, ...] = ()) -> None:
        self.oparl = oparl
        self._model = model
        self.scope = scope
        self.select = select

    @property
    def model(self) -> type[Model]:
        return self._model()

    def queryset(self, body: Body, single_body: bool) -> QuerySet[Any]:
        qs = self.model.objects.all()
        if single_body and self.oparl in ("Membership", "AgendaItem", "Consultation"):
            # Everything belongs to the one body: no join (deep pages stay fast).
            pass
        elif self.oparl in ("File", "Location"):
            # Reached through several joins: a subquery keeps each object once.
            if not single_body:
                qs = qs.filter(pk__in=self.model.objects.filter(self.scope(body)).values("pk"))
        else:
            qs = qs.filter(self.scope(body))
        if self.select:
            qs = qs.select_related(*self.select)
        return qs


def _cooperation_model() -> type[Model]:
    from django.apps import apps

    return apps.get_model("store", "Cooperation")


def _file_scope(body: Body) -> Q:
    # Files belong to a body through their source file or the papers and meetings using them.
    return (
        Q(source_file__body=body)
        | Q(main_of__body=body)
        | Q(auxiliary_of__body=body)
        | Q(auxiliary_of_meetings__body=body)
    )


def _location_scope(body: Body) -> Q:
    return Q(meeting__body=body) | Q(organization__body=body) | Q(bodies=body)


KINDS: dict[str, Kind] = {
    "organizations": Kind("Organization", lambda: Organization, lambda b: Q(body=b)),
    "persons": Kind("Person", lambda: Person, lambda b: Q(body=b)),
    "meetings": Kind("Meeting", lambda: Meeting, lambda b: Q(body=b)),
    "papers": Kind("Paper", lambda: Paper, lambda b: Q(body=b)),
    "memberships": Kind("Membership", lambda: Membership, lambda b: Q(person__body=b)),
    "locations": Kind("Location", lambda: Location, _location_scope),
    "agendaItems": Kind("AgendaItem", lambda: AgendaItem, lambda b: Q(meeting__body=b)),
    "legislativeTerms": Kind("LegislativeTerm", lambda: LegislativeTerm, lambda b: Q(body=b)),
    "consultations": Kind("Consultation", lambda: Consultation, lambda b: Q(paper__body=b)),
    "files": Kind("File", lambda: File, _file_scope),
    "cooperations": Kind("Cooperation", _cooperation_model, lambda b: Q(body=b)),
}
