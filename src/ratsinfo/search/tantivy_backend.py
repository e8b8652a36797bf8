"""The embedded backend: a tantivy index in ``RATSINFO_HOME/search``.

Analysis happens in Python (``analysis.py``); tantivy gets the terms joined by spaces and
a whitespace tokenizer, so both backends index exactly the same terms.

Speed: one JSON string per entry (``add_json``: tantivy parses it, no Python-side
``Document``), made in worker processes for large batches (``parallel.py``); the writer (large heap, tantivy's own
threads) stays open across commits and is closed at exit, so a batch or an ingest run pays
for one writer, not one per file; queries load stored fields only for the hits returned.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import re
import shutil
import threading
from base64 import b64encode
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy

from ratsinfo.search import query as q
from ratsinfo.search.entries import Entry
from ratsinfo.search.indexdoc import SCHEMA_VERSION, IndexDoc

WS = "ws"
SEARCH_FIELDS = (("title", 2.0), ("text", 1.0), ("parts", 0.5))
PREFIX_TERMS = 64  # a prefix matches at most this many terms per field (the most frequent)


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("key", stored=True, tokenizer_name="raw")
    b.add_text_field("title", tokenizer_name=WS, index_option="position")
    b.add_text_field("text", tokenizer_name=WS, index_option="position")
    b.add_text_field("parts", tokenizer_name=WS, index_option="freq")
    b.add_text_field("tags", tokenizer_name=WS, index_option="basic")
    b.add_text_field("sources", tokenizer_name=WS, index_option="basic")
    b.add_text_field("facet", fast=True, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("date", indexed=True, fast=True)
    b.add_float_field("boost", fast=True)
    b.add_bytes_field("meta", stored=True)  # small JSON: what a hit shows
    b.add_bytes_field("content", stored=True)  # the entry's text (UTF-8), for snippets
    return b.build()


def _analyzer() -> Any:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def boost_value(multiplier: float) -> float:
    """tantivy multiplies scores by log2(2 + value): the value that gives ``multiplier``."""
    return max(0.0, 2.0**multiplier - 2.0)


class TantivyBackend:
    name = "tantivy"

    def __init__(self, path: Path, heap: int = 256_000_000, threads: int = 0) -> None:
        self.path = path
        self.heap = heap
        self.threads = threads
        self._lock = threading.Lock()
        version_file = path / "SCHEMA_VERSION"
        self.needs_rebuild = False
        if path.exists() and (
            not version_file.exists() or version_file.read_text().strip() != str(SCHEMA_VERSION)
        ):
            shutil.rmtree(path)
            self.needs_rebuild = True
        elif not path.exists():
            self.needs_rebuild = True
        path.mkdir(parents=True, exist_ok=True)
        version_file.write_text(str(SCHEMA_VERSION))
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self.index.register_tokenizer(WS, _analyzer())
        self._writer: Any = None
        self._dirty = False
        atexit.register(self.close)

    # -- writing ---------------------------------------------------------------
    def writer(self) -> Any:
        if self._writer is None:
            self._writer = self.index.writer(heap_size=self.heap, num_threads=self.threads)
        return self._writer

    @staticmethod
    def prepare(entry: Entry, doc: IndexDoc) -> str:
        """The entry as the JSON document tantivy parses itself (``add_json``): cheaper than
        building a ``tantivy.Document`` field by field, and a plain string, so a worker
        process can make it (``parallel.prepared``)."""
        meta = {
            "key": entry.key, "kind": entry.kind, "title": entry.title, "reference": entry.reference,
            "url": entry.url, "label": entry.label, "date": entry.date, "body": entry.body,
            "segments": entry.segments,
        }
        # Analysed terms (title, text, parts, tags) are \w characters, "/", "-" and ":", never
        # a quote, backslash or control character: they go into the JSON as they are, and
        # only the rest is encoded (json.dumps of the whole costs more than the analysis).
        # Bytes fields take base64 in tantivy's JSON documents.
        return (
            f'{{"key":{json.dumps(entry.key)},"title":"{doc.title}","text":"{doc.text}",'
            f'"parts":"{" ".join(doc.parts)}","tags":"{" ".join(doc.tags)}",'
            f'"sources":"{" ".join([f"s{s}" for s in entry.sources])}","facet":{json.dumps(doc.facets)},'
            f'"date":{int(entry.date or 0)},"boost":{float(boost_value(doc.boost))!r},'
            f'"meta":"{b64encode(json.dumps(meta).encode()).decode("ascii")}",'
            f'"content":"{b64encode(entry.text.encode()).decode("ascii")}"}}'
        )

    def add_prepared(self, entry: Entry, prepared: str) -> None:
        self._dirty = True
        self.writer().add_json(prepared)

    def add(self, entry: Entry, doc: IndexDoc) -> None:
        self.add_prepared(entry, self.prepare(entry, doc))

    def delete(self, keys: Iterable[str]) -> None:
        w = self.writer()
        for key in keys:
            self._dirty = True
            w.delete_documents_by_term("key", key)

    def clear(self) -> None:
        self._dirty = True
        self.writer().delete_all_documents()

    def commit(self) -> None:
        """One commit for what was added since the last; the writer stays open."""
        with self._lock:
            if self._writer is not None and self._dirty:
                self._writer.commit()
                self._dirty = False
            self.index.reload()

    def close(self) -> None:
        """Let merges finish and release the index lock (at exit, or for another writer).
        What was not committed is dropped: a batch that failed half-way never lands."""
        with self._lock:
            if self._writer is not None:
                writer, self._writer, self._dirty = self._writer, None, False
                with contextlib.suppress(RuntimeError):  # already consumed: nothing to wait for
                    writer.wait_merging_threads()

    def keys_for_source(self, source_file_id: int) -> set[str]:
        searcher = self.index.searcher()
        query = tantivy.Query.term_query(self.schema, "sources", f"s{source_file_id}")
        res = searcher.search(query, limit=100_000, count=False)
        return {searcher.doc(addr)["key"][0] for _, addr in res.hits}

    def count(self) -> int:
        return self.index.searcher().num_docs

    # -- searching -------------------------------------------------------------
    def compile(self, node: q.Node) -> Any:
        Q = tantivy.Query
        Occur = tantivy.Occur
        s = self.schema
        if isinstance(node, q.Word):
            whole = [Q.boost_query(Q.term_query(s, f, node.term), w) for f, w in SEARCH_FIELDS]
            if node.parts:
                each = [
                    (Occur.Must, Q.boolean_query([(Occur.Should, Q.term_query(s, f, p)) for f, _ in SEARCH_FIELDS]))
                    for p in node.parts
                ]
                whole.append(Q.boost_query(Q.boolean_query(each), 0.5))
            return Q.boolean_query([(Occur.Should, x) for x in whole])
        if isinstance(node, q.Prefix):
            subs = [
                Q.regex_query(s, f, re.escape(p) + ".*") for p in node.prefixes for f, _ in SEARCH_FIELDS
            ]
            return Q.boolean_query([(Occur.Should, x) for x in subs])
        if isinstance(node, q.Phrase):
            return Q.boolean_query(
                [(Occur.Should, Q.boost_query(Q.phrase_query(s, f, list(node.terms)), w))
                 for f, w in SEARCH_FIELDS[:2]]
            )
        if isinstance(node, q.Tag):
            return Q.const_score_query(Q.term_query(s, "tags", node.tag), 0.0)
        if isinstance(node, q.DateRange):
            return Q.const_score_query(
                Q.range_query(s, "date", tantivy.FieldType.Integer,
                              node.lo if node.lo is not None else 1, node.hi if node.hi is not None else 99_991_231),
                0.0,
            )
        if isinstance(node, q.Not):
            return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, self.compile(node.item))])
        if isinstance(node, q.Or):
            return Q.boolean_query([(Occur.Should, self.compile(x)) for x in node.items])
        if isinstance(node, q.And):
            clauses = []
            for x in node.items:
                if isinstance(x, q.Not):
                    clauses.append((Occur.MustNot, self.compile(x.item)))
                else:
                    clauses.append((Occur.Must, self.compile(x)))
            if all(o == Occur.MustNot for o, _ in clauses):
                clauses.append((Occur.Must, Q.all_query()))
            return Q.boolean_query(clauses)
        raise TypeError(node)

    def search(
        self, node: q.Node, limit: int = 20, offset: int = 0, facets: bool = True
    ) -> tuple[int, list[tuple[float, dict[str, Any]]], dict[str, int]]:
        searcher = self.index.searcher()
        query = self.compile(node)
        res = searcher.search(query, limit=limit, offset=offset, count=True, weight_by_field="boost")
        hits = []
        for score, addr in res.hits:
            stored = searcher.doc(addr)
            meta = json.loads(stored["meta"][0])
            meta["text"] = bytes(stored["content"][0]).decode()
            hits.append((score, meta))
        counts: dict[str, int] = {}
        if facets and res.count:
            agg = searcher.aggregate(query, {"f": {"terms": {"field": "facet", "size": 500}}})
            counts = {b["key"]: b["doc_count"] for b in agg["f"]["buckets"]}
        return res.count or 0, hits, counts

    def doc_freq(self, term: str) -> int:
        searcher = self.index.searcher()
        return sum(searcher.doc_freq(f, term) for f in ("title", "text", "parts"))
