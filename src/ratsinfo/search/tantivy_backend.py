"""The embedded backend: a tantivy index in ``RATSINFO_HOME/search``.

Analysis happens in Python (``analysis.py``); tantivy gets the terms joined by spaces and
a whitespace tokenizer, so both backends index exactly the same terms.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy

from ratsinfo.search import query as q
from ratsinfo.search.entries import Entry
from ratsinfo.search.indexdoc import SCHEMA_VERSION, IndexDoc

WS = "ws"
SEARCH_FIELDS = (("title", 2.0), ("text", 1.0), ("parts", 0.5))


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
    b.add_bytes_field("meta", stored=True)
    return b.build()


def _analyzer() -> Any:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def boost_value(multiplier: float) -> float:
    """tantivy multiplies scores by log2(2 + value): the value that gives ``multiplier``."""
    return max(0.0, 2.0**multiplier - 2.0)


class TantivyBackend:
    name = "tantivy"

    def __init__(self, path: Path, heap: int = 128_000_000, threads: int = 0) -> None:
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

    # -- writing ---------------------------------------------------------------
    def writer(self) -> Any:
        if self._writer is None:
            self._writer = self.index.writer(heap_size=self.heap, num_threads=self.threads)
        return self._writer

    def add(self, entry: Entry, doc: IndexDoc) -> None:
        meta = {
            "key": entry.key, "kind": entry.kind, "title": entry.title, "reference": entry.reference,
            "url": entry.url, "label": entry.label, "date": entry.date, "body": entry.body,
            "text": entry.text, "segments": entry.segments,
        }
        d = tantivy.Document()
        d.add_text("key", entry.key)
        d.add_text("title", " ".join(doc.title_terms))
        d.add_text("text", " ".join(doc.text_terms))
        d.add_text("parts", " ".join(doc.parts))
        d.add_text("tags", " ".join(doc.tags))
        d.add_text("sources", " ".join(f"s{s}" for s in entry.sources))
        for f in doc.facets:
            d.add_text("facet", f)
        d.add_integer("date", entry.date or 0)
        d.add_float("boost", boost_value(doc.boost))
        d.add_bytes("meta", json.dumps(meta, ensure_ascii=False).encode())
        self.writer().add_document(d)

    def delete(self, keys: Iterable[str]) -> None:
        w = self.writer()
        for key in keys:
            w.delete_documents_by_term("key", key)

    def clear(self) -> None:
        self.writer().delete_all_documents()

    def commit(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.commit()
                self._writer.wait_merging_threads()
                self._writer = None
            self.index.reload()

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
        hits = [(score, json.loads(bytes(searcher.doc(addr)["meta"][0]))) for score, addr in res.hits]
        counts: dict[str, int] = {}
        if facets and res.count:
            agg = searcher.aggregate(query, {"f": {"terms": {"field": "facet", "size": 500}}})
            counts = {b["key"]: b["doc_count"] for b in agg["f"]["buckets"]}
        return res.count or 0, hits, counts

    def doc_freq(self, term: str) -> int:
        searcher = self.index.searcher()
        return sum(searcher.doc_freq(f, term) for f in ("title", "text", "parts"))
