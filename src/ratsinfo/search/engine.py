"""Search over the store: backend choice, indexing, queries, snippets, "did you mean".

The backend is tantivy (index in ``RATSINFO_HOME/search``) unless the store is on
PostgreSQL, where the server's full-text search is used; ``RATSINFO_SEARCH_BACKEND``
(``tantivy`` / ``postgresql``) overrides the choice.
"""

from __future__ import annotations

import difflib
import html
import itertools
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection

from ratsinfo import config
from ratsinfo.search import parallel
from ratsinfo.search import query as q
from ratsinfo.search.analysis import TOKEN_RE, Analyzer, fold, surface_words, tokenize
from ratsinfo.search.entries import Entry, all_entries, entries_for_keys, keys_for_source
from ratsinfo.search.indexdoc import IndexDoc

SNIPPET_CHARS = 220


class Backend(Protocol):
    name: str
    needs_rebuild: bool

    def add(self, entry: Entry, doc: IndexDoc) -> None: ...
    # prepare may run in a worker process (parallel.py); add_prepared feeds the index
    def prepare(self, entry: Entry, doc: IndexDoc) -> Any: ...
    def add_prepared(self, entry: Entry, prepared: Any) -> None: ...
    def delete(self, keys: Iterable[str]) -> None: ...
    def clear(self) -> None: ...
    def commit(self) -> None: ...
    def keys_for_source(self, source_file_id: int) -> set[str]: ...
    def count(self) -> int: ...
    def doc_freq(self, term: str) -> int: ...
    def search(
        self, node: q.Node, limit: int = 20, offset: int = 0, facets: bool = True
    ) -> tuple[int, list[tuple[float, dict[str, Any]]], dict[str, int]]: ...


_backends: dict[str, Backend] = {}


def backend_name() -> str:
    forced = os.environ.get("RATSINFO_SEARCH_BACKEND", "").strip().lower()
    if forced in ("tantivy", "postgresql"):
        return forced
    return "postgresql" if connection.vendor == "postgresql" else "tantivy"


def get_backend() -> Backend:
    name = backend_name()
    key = f"{name}:{config.home()}:{connection.settings_dict.get('NAME')}"
    if key not in _backends:
        if name == "postgresql":
            from ratsinfo.search.pg_backend import PostgresBackend

            _backends[key] = PostgresBackend()
        else:
            from ratsinfo.search.tantivy_backend import TantivyBackend

            _backends[key] = TantivyBackend(config.home() / "search")
    backend = _backends[key]
    if backend.needs_rebuild:
        backend.needs_rebuild = False
        reindex(backend)
    return backend


_analyzers: dict[str, Analyzer] = {}


def analyzer() -> Analyzer:
    """The analyzer with the index's vocabulary (words it has seen) for decompounding;
    loaded once per database, then kept up to date as this process indexes."""
    from ratsinfo.store.models import SearchWord

    key = str(connection.settings_dict.get("NAME"))
    if key not in _analyzers:
        _analyzers[key] = Analyzer(SearchWord.objects.values_list("word", flat=True).iterator(chunk_size=5000))
    return _analyzers[key]


def _remember_words(counts: Counter[str], replace: bool = False) -> None:
    """Add word counts to ``SearchWord``: one upsert statement per batch, never a query per word."""
    from ratsinfo.store.models import SearchWord

    if replace:
        SearchWord.objects.all().delete()
        _analyzers.pop(str(connection.settings_dict.get("NAME")), None)
    analyzer().add_vocabulary(counts)
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    sql = (
        f"INSERT INTO {table} (word, count) VALUES (%s, %s) "
        f"ON CONFLICT (word) DO UPDATE SET count = {table}.count + excluded.count"
    )
    merged: Counter[str] = Counter()
    for w, c in counts.items():
        merged[w[:100]] += c
    rows = sorted(merged.items())  # a fixed order: concurrent writers never deadlock
    with connection.cursor() as cur:
        for i in range(0, len(rows), 5000):
            cur.executemany(sql, rows[i : i + 5000])


def _word_counts(entries: list[Entry]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for e in entries:
        counts.update(surface_words(f"{e.title}\n{e.text}"))
    return counts


def index_entries(
    entries: list[Entry], backend: Backend | None = None, replace_words: bool = False, fresh: bool = False
) -> None:
    """Index entries with one commit; their words join the vocabulary first so compounds
    split against it. ``fresh``: the index was just cleared, nothing to delete."""
    backend = backend or get_backend()
    _remember_words(_word_counts(entries), replace=replace_words)
    an = analyzer()
    if not fresh:
        backend.delete([e.key for e in entries])
    for e, prepared in parallel.prepared(entries, an, backend.prepare):
        backend.add_prepared(e, prepared)
    backend.commit()


def reindex(backend: Backend | None = None) -> int:
    """Rebuild the whole index from the store."""
    backend = backend or get_backend()
    entries = list(all_entries())
    backend.clear()
    index_entries(entries, backend, replace_words=True, fresh=True)
    return len(entries)


def sync_sources(source_file_ids: Iterable[int]) -> None:
    """Re-index what these source files supported before and support now: one pass over
    the store, one index commit (``sync.batch`` gathers a whole ingest run into one call)."""
    backend = get_backend()
    keys: set[str] = set()
    for sf in source_file_ids:
        keys |= backend.keys_for_source(sf) | keys_for_source(sf)
    if not keys:
        return
    entries, missing = entries_for_keys(keys)
    backend.delete(missing)
    index_entries(entries, backend)


def sync_source(source_file_id: int) -> None:
    sync_sources([source_file_id])


@dataclass
class Results:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    did_you_mean: str | None = None
    backend: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "total": self.total, "page": self.page, "per_page": self.per_page,
            "backend": self.backend, "did_you_mean": self.did_you_mean, "facets": self.facets,
            "hits": self.hits,
        }


def search(text: str, kinds: tuple[str, ...] = (), page: int = 1, per_page: int = 20) -> Results:
    backend = get_backend()
    an = analyzer()
    parsed = q.parse(text, an, kinds)
    page = max(1, page)
    res = Results(query=text, total=0, page=page, per_page=per_page, backend=backend.name)
    if parsed.root is None:
        return res
    total, hits, counts = backend.search(parsed.root, limit=per_page, offset=(page - 1) * per_page)
    res.total = total
    for name_value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name, _, value = name_value.partition("=")
        res.facets.setdefault(name, {})[value] = n
    for score, meta in hits:
        res.hits.append(_hit(score, meta, parsed, an))
    if total == 0:
        res.did_you_mean = did_you_mean(text, parsed, backend)
    return res


def _hit(score: float, meta: dict[str, Any], parsed: q.ParsedQuery, an: Analyzer) -> dict[str, Any]:
    entry = Entry(key=meta["key"], kind=meta["kind"], title=meta["title"], url=meta["url"],
                  text=meta.get("text") or "", segments=[tuple(s) for s in meta.get("segments") or []])
    snippet = make_snippet(meta.get("text") or "", parsed, an)
    if snippet is None:
        snippet = make_snippet(meta["title"], parsed, an) or {"text": (meta.get("text") or "")[:SNIPPET_CHARS],
                                                                "start": 0, "highlights": []}
        snippet["in_title"] = True
    spans = []
    for a, b in snippet["highlights"]:
        if snippet.get("in_title"):
            break
        src = entry.source_span(snippet["start"] + a, snippet["start"] + b)
        if src:
            spans.append(src)
    hit: dict[str, Any] = {
        "kind": meta["kind"],
        "title": meta["title"],
        "snippet": snippet["text"],
        "snippet_html": _mark(snippet["text"], snippet["highlights"]),
        "highlights": snippet["highlights"],
        "source_spans": spans,
        "url": meta["url"],
        "score": round(score, 4),
        "key": meta["key"],
    }
    if meta["kind"] in ("paper", "document") and meta.get("reference"):
        hit["reference"] = meta["reference"]
    elif meta["kind"] == "paper":
        hit["reference"] = ""
    if meta.get("date"):
        d = int(meta["date"])
        hit["date"] = f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}"
    if meta.get("label"):
        hit["label"] = meta["label"]
    return hit


def _mark(text: str, highlights: list[list[int]]) -> str:
    out, pos = [], 0
    for a, b in highlights:
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _matches(surface: str, parsed: q.ParsedQuery, an: Analyzer) -> bool:
    term, parts = an.word(surface)
    if term in parsed.highlight or any(p in parsed.highlight for p in parts):
        return True
    return any(term.startswith(p) or fold(surface).startswith(p) for p in parsed.prefixes)


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    term: str


def make_snippet(text: str, parsed: q.ParsedQuery, an: Analyzer) -> dict[str, Any] | None:
    """The window of the text with the most distinct query terms, and where they are.

    Offsets (``start`` of the window, ``highlights`` inside it) refer to the entry's text,
    which maps back to the source file through the entry's segments.
    """
    if not text or not (parsed.highlight or parsed.prefixes):
        return None
    # Decide per distinct word (cached analysis), then locate only the words that match:
    # a long text's snippet costs one tokenizer pass, not one analysis per token.
    hits = {w for w in set(tokenize(text)) if _matches(w, parsed, an)}
    if not hits:
        return None
    matches = [
        _Match(m.start(), m.end(), an.word(m.group())[0]) for m in TOKEN_RE.finditer(text) if m.group() in hits
    ]
    best_i, best_n = 0, -1
    every = len({m.term for m in matches})
    for i, first in enumerate(matches):
        window: set[str] = set()
        for m in itertools.islice(matches, i, None):
            if m.end - first.start > SNIPPET_CHARS:  # matches are in text order
                break
            window.add(m.term)
        if len(window) > best_n:
            best_i, best_n = i, len(window)
            if best_n == every:  # no window can hold more
                break
    first = matches[best_i]
    start = max(0, first.start - 60)
    # start at a word boundary
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    end = min(len(text), start + SNIPPET_CHARS)
    while end < len(text) and text[end - 1].isalnum():
        end += 1
    window_text = text[start:end]
    lead = len(window_text) - len(window_text.lstrip())
    highlights = [[m.start - start - lead, m.end - start - lead] for m in matches if start <= m.start and m.end <= end]
    return {"text": window_text.strip(), "start": start + lead, "highlights": highlights}


def did_you_mean(text: str, parsed: q.ParsedQuery, backend: Backend) -> str | None:
    """Replace words the index does not know by the nearest frequent word it does know."""
    from ratsinfo.store.models import SearchWord

    an = Analyzer()
    changed = False
    out = text
    for word in dict.fromkeys(parsed.words):
        term, _ = an.word(word)
        if backend.doc_freq(term) > 0 or len(word) < 4:
            continue
        f = fold(word)
        cands = list(
            SearchWord.objects.filter(word__startswith=f[:2]).order_by("-count").values_list("word", "count")[:5000]
        )
        close = difflib.get_close_matches(f, [w for w, _ in cands], n=3, cutoff=0.75)
        if not close:
            continue
        counts = dict(cands)
        best = max(close, key=lambda w: (difflib.SequenceMatcher(None, f, w).ratio(), counts[w]))
        out = out.replace(word, best)
        changed = True
    return out if changed else None
