"""The server backend: PostgreSQL full-text search on ``store_searchentry.tsv``.

The tsvector is written from the same analyzer as tantivy's (Snowball German, umlauts
folded as ``unaccent`` would, compounds split), as a literal with positions and weights:
title terms (with the Drucksache number) A, text D, compound parts C at a position no
phrase reaches, filter tags without position. So both backends match exactly the same entries.

Frequent terms stay fast with a rank-limited plan: only a bounded set of candidates, the
matches with the highest ``boost`` (kind weight × recency), is ranked with ``ts_rank_cd``.
The candidates come from the GIN index (phrases are rechecked on its matches only), or —
when the planner expects more than ``COUNT_CAP`` matches and a large share of the table —
from walking the boost index from the top, which finds them after a few hundred rows; the
total is then the planner's estimate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from ratsinfo.search import query as q
from ratsinfo.search.entries import Entry
from ratsinfo.search.indexdoc import IndexDoc

CANDIDATES_FREQUENT = 200  # ranked for a term in a large share of the rows
CANDIDATES_GIN = 1000  # ranked otherwise
FREQUENT_SHARE = 0.08  # from this share of rows on, walking the boost index beats GIN
COUNT_CAP = 10_000  # exact totals and facet counts up to this many matches
MAX_POS = 16383  # PostgreSQL keeps positions up to this
GIN_INDEX = "store_searchentry_tsv_gin"  # created by migration 0005


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


def _has_phrase(node: q.Node) -> bool:
    if isinstance(node, q.Phrase):
        return True
    if isinstance(node, q.Not):
        return _has_phrase(node.item)
    if isinstance(node, q.And | q.Or):
        return any(_has_phrase(x) for x in node.items)
    return False


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
        self._gin_dropped = False
        self._ensure_gin()

    @staticmethod
    def prepare(entry: Entry, doc: IndexDoc) -> tuple[Any, ...]:
        """The entry's row, tsvector literal included (may run in a worker process)."""
        import json

        e = entry
        return (
            e.key, e.kind, e.title, e.reference[:100], e.url[:300], e.label[:300], e.body[:300],
            e.date, doc.boost, json.dumps(doc.facets, ensure_ascii=False), e.text,
            json.dumps(e.segments), " " + " ".join(map(str, e.sources)) + " ", tsvector_literal(doc),
        )

    def add_prepared(self, entry: Entry, prepared: tuple[Any, ...]) -> None:
        self._pending.append(prepared)
        if len(self._pending) >= 2000:
            self._flush()

    def add(self, entry: Entry, doc: IndexDoc) -> None:
        self.add_prepared(entry, self.prepare(entry, doc))

    def _flush(self) -> None:
        """Write the pending rows with one COPY (the tsvector as its text literal)."""
        if not self._pending:
            return
        rows = self._pending
        keys = [r[0] for r in rows]
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM store_searchentry WHERE key = ANY(%s)", [keys])
            with cur.cursor.copy(
                "COPY store_searchentry (key, kind, title, reference, url, label, body, date, boost,"
                " facets, text, segments, sources, tsv) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
        self._pending = []

    def delete(self, keys: Iterable[str]) -> None:
        self._flush()
        self.model.objects.filter(key__in=list(keys)).delete()

    def clear(self) -> None:
        """Empty the table for a rebuild; the GIN index is dropped and built once in
        ``commit`` (a bulk build is many times faster than growing it row by row)."""
        self._pending = []
        with connection.cursor() as cur:
            cur.execute("TRUNCATE store_searchentry")
            cur.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        self._gin_dropped = True

    def commit(self) -> None:
        self._flush()
        if self._gin_dropped:
            self._ensure_gin()
            with connection.cursor() as cur:
                cur.execute("ANALYZE store_searchentry")  # the plan choice reads the statistics
            self._gin_dropped = False

    @staticmethod
    def _ensure_gin() -> None:
        # (also at start-up: a rebuild that died half-way may have left the table without it)
        with connection.cursor() as cur:
            cur.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON store_searchentry USING gin (tsv)")

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
        with transaction.atomic(), connection.cursor() as cur:
            estimate, rows = self._estimate(cur, where, params)
            # counts stay exact up to COUNT_CAP; beyond, a frequent term's total is the estimate
            frequent = not _has_phrase(node) and estimate >= max(FREQUENT_SHARE * rows, COUNT_CAP)
            if frequent:
                # A term in a large share of the rows: walk the boost index (most important and
                # newest first); matches come quickly, so only a few hundred rows are touched.
                cur.execute("SET LOCAL enable_bitmapscan = off")
                cand = max(CANDIDATES_FREQUENT, offset + limit)
                cur.execute(
                    f"SELECT id FROM store_searchentry WHERE {where} ORDER BY boost DESC LIMIT {cand}", params
                )
                ids = [r[0] for r in cur.fetchall()]
                total = max(len(ids), int(estimate)) if len(ids) == cand else len(ids)
            else:
                # GIN first (phrases are rechecked on its matches only), the matches ordered by
                # boost without reading their tsvector; the count comes with them.
                cur.execute("SET LOCAL enable_indexscan = off")
                cur.execute("SET LOCAL enable_seqscan = off")
                cand = max(CANDIDATES_GIN, offset + limit)
                # one pass over the matches: the top candidates, the count and the facets
                facet_sql = (
                    f"""(SELECT jsonb_object_agg(f, n) FROM (SELECT f, count(*) AS n FROM
                         (SELECT facets FROM m LIMIT {COUNT_CAP}) x, jsonb_array_elements_text(x.facets) f
                         GROUP BY f) y)"""
                    if facets else "NULL::jsonb"
                )
                cur.execute(
                    f"""WITH m AS MATERIALIZED (
                            SELECT id, boost, {'facets' if facets else 'NULL::jsonb AS facets'}
                            FROM store_searchentry WHERE {where})
                        SELECT (SELECT array_agg(id) FROM (SELECT id FROM m ORDER BY boost DESC, id
                                LIMIT {cand}) t),
                               (SELECT count(*) FROM m), {facet_sql}""",
                    params,
                )
                found_ids, total, facet_counts = cur.fetchone()
                ids = list(found_ids or [])
                if isinstance(facet_counts, str):
                    import json

                    facet_counts = json.loads(facet_counts)
            rows_out: list[Any] = []
            if ids:
                # rank the candidates only, then load what the page shows
                cur.execute(
                    f"""SELECT s.key, s.kind, s.title, s.reference, s.url, s.label, s.date, s.body,
                               s.text, s.segments, r.score
                        FROM (SELECT id, key, {rank_sql} AS score FROM store_searchentry
                              WHERE id = ANY(%s) ORDER BY score DESC, key LIMIT %s OFFSET %s) r
                        JOIN store_searchentry s ON s.id = r.id ORDER BY r.score DESC, r.key""",
                    [*rank_params, ids, limit, offset],
                )
                rows_out = cur.fetchall()
            counts: dict[str, int] = {}
            if not frequent:
                counts = {k: int(v) for k, v in (facet_counts or {}).items()}
            elif facets and total:
                # from the GIN matches (no tsvector read), stopping at COUNT_CAP
                cur.execute("SET LOCAL enable_bitmapscan = on")
                cur.execute("SET LOCAL enable_indexscan = off")
                cur.execute("SET LOCAL enable_seqscan = off")
                cur.execute(
                    f"""SELECT f, count(*) FROM (SELECT facets FROM store_searchentry WHERE {where}
                        LIMIT {COUNT_CAP}) s, jsonb_array_elements_text(s.facets) f GROUP BY f""",
                    params,
                )
                counts = dict(cur.fetchall())
        import json

        hits = []
        for key, kind, title, ref, url, label, date, body, text, segments, score in rows_out:
            if isinstance(segments, str):
                segments = json.loads(segments)
            hits.append((float(score), {
                "key": key, "kind": kind, "title": title, "reference": ref, "url": url, "label": label,
                "date": date, "body": body, "text": text, "segments": segments,
            }))
        return total, hits, counts

    @staticmethod
    def _estimate(cur: Any, where: str, params: list[Any]) -> tuple[float, float]:
        """The planner's guess of the matches, and the table's rows (both cheap)."""
        cur.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM store_searchentry WHERE {where}", params)
        plan = cur.fetchone()[0]
        if isinstance(plan, str):
            import json

            plan = json.loads(plan)
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = 'store_searchentry'")
        rows = cur.fetchone()
        return float(plan[0]["Plan"]["Plan Rows"]), max(1.0, float(rows[0]) if rows else 1.0)

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
