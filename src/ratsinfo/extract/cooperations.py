"""Cooperations (interkommunale Zusammenarbeit) from reports and Vorlagen.

Reads every document of a file that is about cooperation (enough cooperation words):
its tables (:mod:`.cooperation_tables`) and its running text
(:mod:`.cooperation_narrative`). A cooperation told in a section and listed again in the
annex table is one cooperation: the table row (it knows the unit) takes the section's
partners and facts where it lacks them. Partners are normalised in :mod:`.partners`, the
field of activity comes from :mod:`.fields`.
"""

from __future__ import annotations

import bisect
import re

from ratsinfo.read.base import Reading
from ratsinfo.split.lines import Line

from . import cooperation_facts as facts
from .body import find_body
from .cooperation_facts import Draft, Span
from .cooperation_narrative import is_cooperation_text, narrative_cooperations
from .cooperation_tables import table_cooperations
from .fields import classify_field
from .partners import (
    PartnerContext,
    Partners,
    find_partners,
    has_org_head,
    make_context,
    partners_from_cell,
)
from .records import CooperationRecord, DocumentRecord

_YEAR_LINE = re.compile(
    r"(?:Bericht|Übersicht|Zusammenarbeit|Kooperation|IKZ|Berichtsjahr|Jahr)\w*\b[^\n]{0,80}?"
    r"(?<![\d.])((?:19|20)\d{2})(?![\d.])"
)
_PLACE_PREFIX = ("Landkreis ", "Stadt ", "Gemeinde ", "Bezirk ", "Kreis ", "Landeshauptstadt ",
                 "Markt ", "Hansestadt ")


_QUOTES = re.compile(r"[„“”\"»«‚‘’()*]")


def _norm(s: str) -> str:
    return " ".join(_QUOTES.sub(" ", s).casefold().split())


class _Partners:
    """Partner look-ups, cached per range: tables and narrative ask for the same paragraphs."""

    def __init__(self, text: str, ctx: PartnerContext) -> None:
        self.text = text
        self.ctx = ctx
        self.cache: dict[Span, Partners] = {}

    def of(self, span: Span) -> Partners:
        got = self.cache.get(span)
        if got is None:
            got = find_partners(self.text, span[0], span[1], self.ctx)
            self.cache[span] = got
        return got

    def names(self, ranges: list[Span]) -> set[str]:
        out: set[str] = set()
        for r in ranges:
            out.update(self.of(r).names)
        return out

    def has(self, s: int, e: int) -> bool:
        return bool(self.of((s, e)).names)


def _description(text: str, ranges: list[Span]) -> tuple[str, Span] | None:
    parts: list[str] = []
    lo = hi = -1
    for s, e in sorted(set(ranges)):
        # Ranges come by start, so one read before lies around this one when it ends later.
        if parts and e <= hi:
            continue
        if not parts:
            lo = s
        hi = max(hi, e)
        parts.append(" ".join(text[s:e].split()))
    if not parts:
        return None
    return " ".join(filter(None, parts)), (lo, hi)


def _finalise(d: Draft, text: str, partners: _Partners, scan: facts.Scan) -> CooperationRecord:
    rec = CooperationRecord(title=d.title)
    rec.spans["title"] = d.title_span
    desc = _description(text, d.ranges)
    if desc:
        rec.description, rec.spans["description"] = desc
    p = Partners()
    for r in d.partner_ranges if d.partner_ranges is not None else d.ranges:
        p.extend(partners.of(r))
    for r in d.partner_cells:
        p.extend(partners_from_cell(text, r[0], r[1], partners.ctx))
    if d.source == "narrative" and has_org_head(d.title) and all(
        w[:1].isupper() or w in {"für", "der", "des", "und"} for w in d.title.split()
    ):
        # A section titled by the organisation it is about ("Bündnis …").
        p.add(d.title, d.title_span)
    rec.partners = list(p.names)
    rec.partner_phrases = list(p.phrases)
    spans = p.spans + p.phrase_spans
    if spans:
        rec.spans["partners"] = (min(s for s, _ in spans), max(e for _, e in spans))
    fr = list(d.fact_ranges if d.fact_ranges is not None else d.ranges)
    if d.title_span not in fr:
        fr.insert(0, d.title_span)
    rec.unit, rec.category, rec.kind = d.unit, d.category, d.kind
    for key, span in (("unit", d.unit_span), ("category", d.category_span), ("kind", d.kind_span)):
        if span is not None:
            rec.spans[key] = span
    # The finders are asked only when a word one of them needs is in the ranges at all.
    bits = scan.bits(fr)
    legal = ((d.legal_form, d.legal_span) if d.legal_form
             else facts.legal_form(text, fr, scan) if bits & facts.LEGAL_BITS else None)
    if legal and legal[0]:
        rec.legal_form, rec.spans["legal_form"] = legal[0], legal[1]  # type: ignore[assignment]
    st = ((d.status, d.status_span) if d.status
          else facts.status(text, fr, scan) if bits & facts.STATUS_BITS else None)
    if st and st[0]:
        rec.status, rec.spans["status"] = st[0], st[1]  # type: ignore[assignment]
    sn = ((d.since, d.since_span) if d.since
          else facts.since(text, fr, scan) if bits & facts.SINCE_BITS else None)
    if sn and sn[0]:
        rec.since, rec.spans["since"] = sn[0], sn[1]  # type: ignore[assignment]
    un = ((d.until, d.until_span) if d.until
          else facts.until(text, fr, scan) if bits & facts.UNTIL_BITS else None)
    if un and un[0]:
        rec.until, rec.spans["until"] = un[0], un[1]  # type: ignore[assignment]
    if rec.kind is None and any(n.startswith(_PLACE_PREFIX) for n in rec.partners):
        rec.kind = "interkommunal"
    rec.field_of_activity, rec.field_evidence = classify_field(rec.title, rec.description)
    return rec


def _merge(into: CooperationRecord, other: CooperationRecord) -> None:
    """A table row takes what the report's section adds about the same cooperation."""
    for n in other.partners:
        if n.casefold() not in {x.casefold() for x in into.partners}:
            into.partners.append(n)
    for ph in other.partner_phrases:
        if ph not in into.partner_phrases:
            into.partner_phrases.append(ph)
    for f in ("legal_form", "status", "since", "until", "kind"):
        if getattr(into, f) is None and getattr(other, f) is not None:
            setattr(into, f, getattr(other, f))
            if f in other.spans:
                into.spans[f] = other.spans[f]


def _report_year(text: str, lines: list[Line], i0: int, i1: int) -> int | None:
    for i in range(i0, min(i1, i0 + 80)):
        ln = lines[i]
        m = _YEAR_LINE.search(ln.clean)
        if m:
            return int(m.group(1))
    return None


_NOT_GIVEN = object()


def extract_cooperations(
    reading: Reading,
    lines: list[Line],
    documents: list[DocumentRecord],
    body: object = _NOT_GIVEN,
) -> tuple[list[CooperationRecord], int | None]:
    """The cooperations the file reports, and the report year. ``body`` is
    ``find_body(text, lines)`` when the caller has it already."""
    text = reading.text
    if not text or not lines:
        return [], None
    if body is _NOT_GIVEN:
        body = find_body(text, lines)
    assert body is None or isinstance(body, tuple)
    ctx = make_context(body[0] if body else None, text)
    partners = _Partners(text, ctx)
    starts = [ln.start for ln in lines]
    docs: list[tuple[int, int, tuple[str, Span] | None]] = []
    for doc in documents or []:
        title = (doc.title, doc.spans["title"]) if doc.title and "title" in doc.spans else None
        if doc.paper is not None and doc.paper.title and "title" in doc.paper.spans:
            title = (doc.paper.title, doc.paper.spans["title"])
        docs.append((doc.start, doc.end, title))
    if not docs:
        docs = [(0, len(text), None)]
    table_spans = sorted((b.start, b.end) for b in reading.blocks if b.kind == "table")
    drafts: list[Draft] = []
    year: int | None = None
    lo, hi = len(text), 0  # the documents read: where the fact finders will look
    for start, end, title in docs:
        if not is_cooperation_text(text, start, end, title[0] if title else None):
            continue
        lo, hi = min(lo, start), max(hi, end)
        i0, i1 = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        found = table_cooperations(reading, partners.has, start, end)
        found += narrative_cooperations(text, lines, i0, i1, table_spans, partners.names,
                                        None if found else title)
        if found and year is None:
            year = _report_year(text, lines, i0, i1)
        drafts.extend(found)
    records: list[CooperationRecord] = []
    narrative: list[tuple[Draft, CooperationRecord]] = []
    scan = facts.Scan(text, lo, hi)
    for d in drafts:
        if not d.title.strip():
            continue
        rec = _finalise(d, text, partners, scan)
        if d.source == "narrative":
            narrative.append((d, rec))
        else:
            records.append(rec)
    # Which table row names the section's cooperation: an index of words keeps it linear.
    # Only the words the sections' names use are indexed (the rest are never looked up).
    names = [[_norm(x) for x in d.names] for d, _ in narrative]
    needed = {w for ns in names for n in ns for w in n.split()}
    blobs = [_norm(f"{r.title} {r.description or ''}") for r in records] if narrative else []
    postings: dict[str, list[int]] = {}
    for k, blob in enumerate(blobs):
        for w in needed.intersection(blob.split()):
            postings.setdefault(w, []).append(k)
    for (_, rec), normed in zip(narrative, names, strict=True):
        target = None
        for n in normed:
            words = n.split()
            if not words:
                continue
            cands = min((postings.get(w, []) for w in words), key=len)
            hit = next((k for k in cands[:50] if n in blobs[k]), None)
            if hit is not None:
                target = records[hit]
                break
        if target is not None:
            _merge(target, rec)
        else:
            records.append(rec)
    if year is not None:
        for r in records:
            # Ended before the report year: finished, though the row does not say so.
            if r.status is None and r.until and r.until[:4].isdigit() and int(r.until[:4]) < year:
                r.status = "abgeschlossen"
                if "until" in r.spans:
                    r.spans["status"] = r.spans["until"]
    records.sort(key=lambda r: r.spans.get("title", (0, 0))[0])
    return records, year
