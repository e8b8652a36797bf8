"""The OParl 1.1 API: read-only JSON, paginated lists, filters, CORS, conditional requests."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from ratsinfo.store.models import Body, Consultation, File, Meeting, Organization

from .serialize import KINDS, VENDOR, Serializer, Urls, otype, stamp

CONTENT_TYPE = "application/json; charset=utf-8"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
_DIGITS = re.compile(r"[0-9]{1,18}")
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _cors(response: HttpResponseBase) -> HttpResponseBase:
    # Spec 2.6: every JSON answer carries Access-Control-Allow-Origin: *.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def error_response(status: int, message: str) -> HttpResponse:
    """The Error object: type, message and the HTTP status, as JSON."""
    body = {"type": f"{VENDOR}:Error", "message": message, "status": status}
    resp = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    return _cors(resp)  # type: ignore[return-value]


def _json(request: HttpRequest, data: Any, last_modified: dt.datetime | None) -> HttpResponseBase:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(payload).hexdigest()[:32] + '"'
    # HTTP dates have whole seconds; compare on that grain.
    lm = int(last_modified.timestamp()) if last_modified else None
    conditional = get_conditional_response(request, etag=etag, last_modified=lm)
    if conditional is not None:
        resp: HttpResponseBase = conditional
    else:
        resp = HttpResponse(payload, content_type=CONTENT_TYPE)
    resp["ETag"] = etag
    if lm is not None:
        resp["Last-Modified"] = http_date(lm)
    # Clients must revalidate: the store changes with every ingest.
    resp["Cache-Control"] = "no-cache"
    resp["Vary"] = "Accept-Encoding"
    return _cors(resp)


def api(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET/HEAD only, OPTIONS for CORS preflight, ApiError → Error object."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "OPTIONS":
            resp = HttpResponse(status=204)
            resp["Allow"] = "GET, HEAD, OPTIONS"
            return _cors(resp)
        if request.method not in ("GET", "HEAD"):
            resp = error_response(405, f"method {request.method} not allowed; the API is read-only")
            resp["Allow"] = "GET, HEAD, OPTIONS"
            return resp
        try:
            return view(request, *args, **kwargs)
        except ApiError as exc:
            return error_response(exc.status, exc.message)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    wrapped.csrf_exempt = True  # type: ignore[attr-defined]  # read-only API: no forms, no sessions
    return wrapped


def _urls(request: HttpRequest) -> Urls:
    return Urls(request.build_absolute_uri)


def _single_body() -> bool:
    return Body.objects.count() <= 1


def _id(raw: str) -> int | None:
    """Our ids are ASCII digits within the database's integer range."""
    if not _DIGITS.fullmatch(raw):
        return None
    return int(raw)


def _body(body_id: str) -> Body:
    if _id(body_id) is None:
        raise ApiError(404, f"no body {body_id!r}")
    body = Body.objects.filter(pk=int(body_id)).first()
    if body is None:
        raise ApiError(404, f"no body {body_id}")
    return body


def _system_data(request: HttpRequest) -> dict[str, Any]:
    urls = _urls(request)
    first = Body.objects.order_by("created").values_list("created", flat=True).first()
    return {
        "id": urls.system(),
        "type": otype("System"),
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "body": urls.bodies(),
        "name": "ratsinfo",
        "website": urls.web("serve:home"),
        "product": "https://schema.oparl.org/1.1/",
        **({"created": stamp(first)} if first else {}),
    }


@api
def system(request: HttpRequest) -> HttpResponseBase:
    return _json(request, _system_data(request), None)


def _parse_filters(request: HttpRequest) -> dict[str, dt.datetime]:
    out: dict[str, dt.datetime] = {}
    for name in FILTERS:
        raw = request.GET.get(name)
        if raw is None:
            continue
        try:
            value = parse_datetime(raw.strip().replace(" ", "+"))
        except ValueError:
            value = None
        if value is None:
            try:
                # A bare date is read as midnight in the server's zone.
                value = dt.datetime.combine(dt.date.fromisoformat(raw.strip()), dt.time())
            except ValueError:
                raise ApiError(400, f"{name}: not a date-time: {raw!r}") from None
        try:
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            # UTC for the database: PostgreSQL rejects offsets beyond ±15:59 (schemathesis).
            out[name] = value.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise ApiError(400, f"{name}: date-time out of range: {raw!r}") from None
    return out


def _int_param(request: HttpRequest, *names: str, default: int) -> int:
    for name in names:
        raw = request.GET.get(name)
        if raw is None:
            continue
        try:
            value = int(raw) if _DIGITS.fullmatch(raw.lstrip("-")) else int("x")
        except ValueError:
            raise ApiError(400, f"{name}: not an integer: {raw!r}") from None
        if value < 1:
            raise ApiError(400, f"{name}: must be at least 1")
        return value
    return default


def omit_internal(request: HttpRequest) -> bool:
    """``omit_internal=true``: leave out lists of embedded objects (the OpenAPI description's
    parameter; the client reads the external lists instead)."""
    raw = request.GET.get("omit_internal")
    if raw is None:
        return False
    if raw.lower() not in ("true", "false"):
        raise ApiError(400, f"omit_internal: not a boolean: {raw!r}")
    return raw.lower() == "true"


def _paginate(
    request: HttpRequest, qs: Any, serialize: Callable[[list[Any]], list[dict[str, Any]]]
) -> HttpResponseBase:
    filters = _parse_filters(request)
    page = _int_param(request, "page", default=1)
    omit_internal(request)  # validated before any work
    size = min(_int_param(request, "limit", "elementsPerPage", default=DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    # Deleted objects only under modified_since: that is how a syncing client learns of them.
    if "modified_since" not in filters:
        qs = qs.filter(deleted=False)
    if "created_since" in filters:
        qs = qs.filter(created__gte=filters["created_since"])
    if "created_until" in filters:
        qs = qs.filter(created__lte=filters["created_until"])
    if "modified_since" in filters:
        qs = qs.filter(modified__gte=filters["modified_since"])
    if "modified_until" in filters:
        qs = qs.filter(modified__lte=filters["modified_until"])
    qs = qs.order_by("pk")  # stable: ids never change
    total = qs.count()
    pages = max(1, -(-total // size))
    objs = list(qs[(page - 1) * size : page * size]) if page <= pages else []

    keep = {k: request.GET[k] for k in FILTERS if k in request.GET}
    if "limit" in request.GET or "elementsPerPage" in request.GET:
        keep["limit"] = str(size)
    base = request.build_absolute_uri(request.path)

    def link(p: int) -> str:
        return f"{base}?{urlencode({**keep, 'page': p})}"

    links = {"first": link(1), "self": link(page), "last": link(pages)}
    if page > 1:
        links["prev"] = link(min(page - 1, pages))
    if page < pages:
        links["next"] = link(page + 1)
    data = {
        "data": serialize(objs),
        "pagination": {
            "totalElements": total,
            "elementsPerPage": size,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }
    last = max((o.modified for o in objs), default=None)
    return _json(request, data, last)


@api
def bodies(request: HttpRequest) -> HttpResponseBase:
    urls = _urls(request)
    return _paginate(
        request,
        Body.objects.all(),
        lambda objs: [Serializer(urls, b).body_obj(b) for b in objs],
    )


@api
def body(request: HttpRequest, body_id: str) -> HttpResponseBase:
    b = _body(body_id)
    return _json(request, Serializer(_urls(request), b).body_obj(b), b.modified)


def _kind(kind: str) -> Any:
    spec = KINDS.get(kind)
    if spec is None:
        raise ApiError(404, f"no list {kind!r}")
    return spec


@api
def object_list(request: HttpRequest, body_id: str, kind: str) -> HttpResponseBase:
    b = _body(body_id)
    spec = _kind(kind)
    ser = Serializer(_urls(request), b, omit_internal=omit_internal(request))
    return _paginate(request, spec.queryset(b, _single_body()), lambda objs: ser.page(kind, objs))


# An organization's external lists (OParl Organization.meeting, .consultation).
SUBLISTS: dict[str, tuple[str, Callable[[Organization], Any]]] = {
    "meetings": ("meetings", lambda org: Meeting.objects.filter(organizations=org)),
    "consultations": ("consultations", lambda org: Consultation.objects.filter(organizations=org)),
}


@api
def organization_list(request: HttpRequest, body_id: str, pk: str, sub: str) -> HttpResponseBase:
    b = _body(body_id)
    if sub not in SUBLISTS or _id(pk) is None:
        raise ApiError(404, f"no such resource: {request.path}")
    org = Organization.objects.filter(body=b, pk=_id(pk)).first()
    if org is None:
        raise ApiError(404, f"no Organization {pk}")
    kind, query = SUBLISTS[sub]
    ser = Serializer(_urls(request), b, omit_internal=omit_internal(request))
    return _paginate(request, query(org), lambda objs: ser.page(kind, objs))


@api
def object_detail(request: HttpRequest, body_id: str, kind: str, pk: str) -> HttpResponseBase:
    b = _body(body_id)
    spec = _kind(kind)
    if _id(pk) is None:
        raise ApiError(404, f"no {spec.oparl} {pk!r}")
    obj = spec.queryset(b, _single_body()).filter(pk=_id(pk)).first()
    if obj is None:
        raise ApiError(404, f"no {spec.oparl} {pk}")
    # Deleted objects stay reachable (spec 2.8: status 200, deleted: true).
    data = Serializer(_urls(request), b).page(kind, [obj])[0]
    return _json(request, data, obj.modified)


@api
def download(request: HttpRequest, body_id: str, pk: str) -> HttpResponseBase:
    """A file's bytes as ingested, or its text when the original is gone."""
    _body(body_id)
    f = File.objects.filter(pk=_id(pk) or -1, deleted=False).select_related("source_file").first()
    if f is None or f.source_file is None:
        raise ApiError(404, f"no file {pk}")
    from pathlib import Path

    path = Path(f.source_file.path)
    if path.is_file():
        resp = FileResponse(path.open("rb"), content_type=f.mime_type or "application/octet-stream")
        resp["Content-Disposition"] = f'inline; filename="{path.name}"'
        return resp
    return HttpResponse(f.source_file.text, content_type="text/plain; charset=utf-8")


@api
def not_found(request: HttpRequest, rest: str = "") -> HttpResponseBase:
    raise ApiError(404, f"no such resource: {request.path}")
