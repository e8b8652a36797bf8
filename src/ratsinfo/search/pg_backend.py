"""The server backend: PostgreSQL full-text search on ``store_searchentry.tsv``.

The tsvector is written from the same analyzer as tantivy's (Snowball German, umlauts
folded as ``unaccent`` would, compounds split), as a literal with positions and weights:
title terms (with the Drucksache number) A, text D, compound parts C at a position no
phrase reaches, filter tags without position. So both backends match exactly the same entries.

Frequent terms stay fast with a rank-limited plan: the GIN index (or, for a term in most
rows, the boost index walked from the top) yields at most ``CANDIDATES`` matches in boost
order, and only those are ranked with ``ts_rank``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from ratsinfo.search import query as q
from ratsinfo.search.entries import Entry
from ratsinfo.search.indexdoc import IndexDoc

CANDIDATES = 2000
COUNT_CAP = 10_000
MAX_POS = 16383  # PostgreSQL keeps positions up to this


def _lex(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(doc: IndexDoc) -> str:
    """The tsvector as text: title at 1…, text after a gap, parts at their word's place."""
    positions: dict[str, list[str]] = {}

    def put(term: str, pos: int, weight: str) -> None:
        lst = positions.setdefault(term, [])
        if len(lst) < 256:  # PostgreSQL keeps at most 256 positions per lexeme
            lst.append(f"{min(pos, MAX_POS)}{weight}")

    pos = 1
    for t in doc.title_terms:
        put(t, pos, "A")
        pos += 1
    pos += 2  # phrases never run from the title into the text
    for t in doc.text_terms:
        put(t, pos, "")
        pos += 1
    parts = " ".join(f"{_lex(p)}:{MAX_POS}C" for p in doc.parts if p not in positions)
    tags = " ".join(_lex(t) for t in doc.tags)
    main = " ".join(_lex(t) + ":" + ",".join(p) for t, p in positions.items())
    return " ".join(x for x in (main, parts, tags) if x)


class _Compiled:
    def __init__(self, ts: str | None = None, sql: str | None = None, params: list[Any] | None = None) -> None:
        self.ts = ts
        self.sql = sql
        self.params = params or []

    def as_sql(self) -> tuple[str, list[Any]]:
        if self.ts is not None:
            return "tsv @@ %s::tsquery", [self.ts]
        return self.sql or "TRUE", self.params


def compile_node(node: q.Node) -> _Compiled:
    if isinstance(node, q.Word):
        ts = _lex(node.term)
        if node.parts:
            ts = f"({ts} | ({' & '.join(_lex(p) for p in node.parts)}))"
        return _Compiled(ts=ts)
    if isinstance(node, q.Prefix):
        return _Compiled(ts="(" + " | ".join(_lex(p) + ":*" for p in node.prefixes) + ")")
    if isinstance(node, q.Phrase):
        return _Compiled(ts="(" + " <-> ".join(_lex(t) for t in node.terms) + ")")
    if isinstance(node, q.Tag):
        return _Compiled(ts=_lex(node.tag))
    if isinstance(node, q.DateRange):
        lo = node.lo if node.lo is not None else 1
        hi = node.hi if node.hi is not None else 99_991_231
        return _Compiled(sql="(date BETWEEN %s AND %s)", params=[lo, hi])
    if isinstance(node, q.Not):
        inner = compile_node(node.item)
        if inner.ts is not None:
            return _Compiled(ts=f"!{inner.ts}")
        sql, params = inner.as_sql()
        return _Compiled(sql=f"NOT COALESCE({sql}, FALSE)", params=params)
    if isinstance(node, q.And | q.Or):
        parts = [compile_node(x) for x in node.items]
        op_ts, op_sql = (" & ", " AND ") if isinstance(node, q.And) else (" | ", " OR ")
        if all(p.ts is not None for p in parts):
            return _Compiled(ts="(" + op_ts.join(p.ts or "" for p in parts) + ")")
        if isinstance(node, q.And):
            # one tsquery for the text, SQL for the rest: the GIN index serves the text
            ts = [p.ts for p in parts if p.ts is not None]
            sqls = [p for p in parts if p.ts is None]
            pieces: list[str] = []
            params: list[Any] = []
            if ts:
                pieces.append("tsv @@ %s::tsquery")
                params.append("(" + " & ".join(ts) + ")")
            for p in sqls:
                s, ps = p.as_sql()
                pieces.append(s)
                params.extend(ps)
            return _Compiled(sql="(" + " AND ".join(pieces) + ")", params=params)
        pieces, params = [], []
        for p in parts:
            s, ps = p.as_sql()
            pieces.append(s)
            params.extend(ps)
        return _Compiled(sql="(" + op_sql.join(pieces) + ")", params=params)
    raise TypeError(node)


def rank_query(node: q.Node) -> str | None:
    """The positive text part of the query, for ts_rank."""
    if isinstance(node, q.Not | q.DateRange | q.Tag):
        return None
    if isinstance(node, q.Word | q.Prefix | q.Phrase):
        return compile_node(node).ts
    items = [r for r in (rank_query(x) for x in node.items) if r]
    if not items:
        return None
    op = " & " if isinstance(node, q.And) else " | "
    return "(" + op.join(items) + ")"


class PostgresBackend:
    name = "postgresql"
    needs_rebuild = False

    def __init__(self) -> None:
        from ratsinfo.store.models import SearchEntry

        self.model = SearchEntry
        self.needs_rebuild = not SearchEntry.objects.exists() and _store_has_content()
        self._pending: list[Any] = []
        self._deleted: set[str] = set()

    def add(self, entry: Entry, doc: IndexDoc) -> None:
        self._pending.append((entry, doc))
        if len(self._pending) >= 500:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        from ratsinfo.store.models import SearchEntry

        rows = [
            SearchEntry(
                key=e.key, kind=e.kind, title=e.title, reference=e.reference, url=e.url[:300],
                label=e.label[:300], body=e.body[:300], date=e.date, boost=d.boost, facets=d.facets,
                text=e.text, segments=e.segments, sources=" " + " ".join(map(str, e.sources)) + " ",
            )
            for e, d in self._pending
        ]
        keys = [r.key for r in rows]
        with transaction.atomic():
            SearchEntry.objects.filter(key__in=keys).delete()
            SearchEntry.objects.bulk_create(rows)
            with connection.cursor() as cur:
                cur.executemany(
                    "UPDATE store_searchentry SET tsv = %s::tsvector WHERE key = %s",
                    [(tsvector_literal(d), e.key) for e, d in self._pending],
                )
        self._pending = []

    def delete(self, keys: Iterable[str]) -> None:
        self._flush()
        self.model.objects.filter(key__in=list(keys)).delete()

    def clear(self) -> None:
        self._pending = []
        self.model.objects.all().delete()

    def commit(self) -> None:
        self._flush()

    def keys_for_source(self, source_file_id: int) -> set[str]:
        return set(self.model.objects.filter(sources__contains=f" {source_file_id} ").values_list("key", flat=True))

    def count(self) -> int:
        return self.model.objects.count()

    def search(
        self, node: q.Node, limit: int = 20, offset: int = 0, facets: bool = True
    ) -> tuple[int, list[tuple[float, dict[str, Any]]], dict[str, int]]:
        where, params = compile_node(node).as_sql()
        rank = rank_query(node)
        rank_sql = "ts_rank_cd(tsv, %s::tsquery, 0) * boost" if rank else "boost"
        rank_params = [rank] if rank else []
        cand = max(CANDIDATES, offset + limit)
        sql = f"""
            SELECT c.key, c.kind, c.title, c.reference, c.url, c.label, c.date, c.body, c.text,
                   c.segments, c.score
            FROM (
                SELECT s.*, {rank_sql} AS score FROM (
                    SELECT key, kind, title, reference, url, label, date, body, text, segments,
                           tsv, boost
                    FROM store_searchentry WHERE {where}
                    ORDER BY boost DESC LIMIT {cand}
                ) s
            ) c ORDER BY c.score DESC, c.key LIMIT %s OFFSET %s
        """
        with connection.cursor() as cur:
            cur.execute(sql, [*rank_params, *params, limit, offset])
            rows = cur.fetchall()
            cur.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM store_searchentry WHERE {where} LIMIT {COUNT_CAP}) s",
                params,
            )
            total = cur.fetchone()[0]
            counts: dict[str, int] = {}
            if facets and total:
                cur.execute(
                    f"""SELECT f, count(*) FROM (SELECT facets FROM store_searchentry WHERE {where}
                        LIMIT {COUNT_CAP}) s, jsonb_array_elements_text(s.facets) f GROUP BY f""",
                    params,
                )
                counts = dict(cur.fetchall())
        import json

        hits = []
        for key, kind, title, ref, url, label, date, body, text, segments, score in rows:
            if isinstance(segments, str):
                segments = json.loads(segments)
            hits.append((float(score), {
                "key": key, "kind": kind, "title": title, "reference": ref, "url": url, "label": label,
                "date": date, "body": body, "text": text, "segments": segments,
            }))
        return total, hits, counts

    def doc_freq(self, term: str) -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM (SELECT 1 FROM store_searchentry WHERE tsv @@ %s::tsquery LIMIT 1000) s",
                [_lex(term)],
            )
            return int(cur.fetchone()[0])


def _store_has_content() -> bool:
    from ratsinfo.store.models import Document

    return Document.objects.exists()
