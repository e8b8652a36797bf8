"""Search over the store: backend choice, indexing, queries, snippets, "did you mean".

The backend is tantivy (index in ``RATSINFO_HOME/search``) unless the store is on
PostgreSQL, where the server's full-text search is used; ``RATSINFO_SEARCH_BACKEND``
(``tantivy`` / ``postgresql``) overrides the choice.
"""

from __future__ import annotations

import difflib
import html
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection

from ratsinfo import config
from ratsinfo.search import query as q
from ratsinfo.search.analysis import Analyzer, fold
from ratsinfo.search.entries import Entry, all_entries, entries_for_keys, keys_for_source
from ratsinfo.search.indexdoc import IndexDoc, index_doc

SNIPPET_CHARS = 220


class Backend(Protocol):
    name: str
    needs_rebuild: bool

    def add(self, entry: Entry, doc: IndexDoc) -> None: ...
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
    from ratsinfo.store.models import SearchWord

    if replace:
        SearchWord.objects.all().delete()
        _analyzers.pop(str(connection.settings_dict.get("NAME")), None)
    analyzer().add_vocabulary(counts)
    words = list(counts)
    existing: dict[str, SearchWord] = {}
    for i in range(0, len(words), 900):  # stay under SQLite's limit of bound parameters
        existing.update(
            (sw.word, sw) for sw in SearchWord.objects.filter(word__in=words[i : i + 900])
        )
    new = [SearchWord(word=w[:100], count=c) for w, c in counts.items() if w not in existing]
    SearchWord.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    for w, sw in existing.items():
        sw.count += counts[w]
    # One statement per batch, not one per word: a report has thousands of known words.
    SearchWord.objects.bulk_update(list(existing.values()), ["count"], batch_size=500)


def _word_counts(entries: list[Entry], an: Analyzer) -> Counter[str]:
    counts: Counter[str] = Counter()
    for e in entries:
        counts.update(an.surface_words(f"{e.title}\n{e.text}"))
    return counts


def index_entries(entries: list[Entry], backend: Backend | None = None, replace_words: bool = False) -> None:
    """Index entries; their words join the vocabulary first so compounds split against it."""
    backend = backend or get_backend()
    counts = _word_counts(entries, Analyzer())
    _remember_words(counts, replace=replace_words)
    an = analyzer()
    backend.delete([e.key for e in entries])
    for e in entries:
        backend.add(e, index_doc(e, an))
    backend.commit()


def reindex(backend: Backend | None = None) -> int:
    """Rebuild the whole index from the store."""
    backend = backend or get_backend()
    entries = list(all_entries())
    backend.clear()
    index_entries(entries, backend, replace_words=True)
    return len(entries)


def sync_source(source_file_id: int) -> None:
    """Re-index what a source file supported before and supports now."""
    backend = get_backend()
    keys = backend.keys_for_source(source_file_id) | keys_for_source(source_file_id)
    if not keys:
        return
    entries, missing = entries_for_keys(keys)
    backend.delete(missing)
    index_entries(entries, backend)


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


def _matches(tok: Any, parsed: q.ParsedQuery) -> bool:
    if tok.term in parsed.highlight or any(p in parsed.highlight for p in tok.parts):
        return True
    return any(tok.term.startswith(p) or fold(tok.surface).startswith(p) for p in parsed.prefixes)


def make_snippet(text: str, parsed: q.ParsedQuery, an: Analyzer) -> dict[str, Any] | None:
    """The window of the text with the most distinct query terms, and where they are.

    Offsets (``start`` of the window, ``highlights`` inside it) refer to the entry's text,
    which maps back to the source file through the entry's segments.
    """
    if not text or not (parsed.highlight or parsed.prefixes):
        return None
    matches = [t for t in an.tokens(text) if _matches(t, parsed)]
    if not matches:
        return None
    best_i, best_n = 0, -1
    for i, first in enumerate(matches):
        window = {m.term for m in matches[i:] if m.end - first.start <= SNIPPET_CHARS}
        if len(window) > best_n:
            best_i, best_n = i, len(window)
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
