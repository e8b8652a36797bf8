"""An entry as both backends index it: analysed terms, filter tags, facets, boost."""

from __future__ import annotations

from dataclasses import dataclass

from ratsinfo.search.analysis import STOP_WORDS, Analyzer
from ratsinfo.search.entries import Entry

SCHEMA_VERSION = 2  # bump when analysis or fields change: the index is rebuilt


@dataclass(slots=True)
class IndexDoc:
    # main terms space-joined: tantivy takes them as they are (a whitespace tokenizer),
    # and a string is one object to build and to pass between processes, not a list
    title: str
    text: str
    parts: list[str]
    tags: list[str]
    facets: list[str]
    boost: float

    @property
    def title_terms(self) -> list[str]:
        return self.title.split()

    @property
    def text_terms(self) -> list[str]:
        return self.text.split()


_tag_cache: dict[tuple[str, str], list[str]] = {}


def _tag_terms(analyzer: Analyzer, name: str, values: list[str]) -> list[str]:
    # Gremien, parties and bodies repeat across thousands of entries: analyse each once.
    # (Main terms do not depend on the decompounding vocabulary, so the cache stays valid.)
    out: list[str] = []
    for v in values:
        hit = _tag_cache.get((name, v))
        if hit is None:
            if len(_tag_cache) > 100_000:
                _tag_cache.clear()
            main, _ = analyzer.terms(v)
            hit = _tag_cache[(name, v)] = [f"{name}:{t}" for t in main if t not in STOP_WORDS]
        out.extend(hit)
    return out


_filter_cache: dict[tuple[object, ...], tuple[list[str], list[str]]] = {}


def _filters(entry: Entry, analyzer: Analyzer) -> tuple[list[str], list[str]]:
    """(tags, facets) of an entry. Few combinations of kind, Gremien, persons, parties, body
    and year recur across many entries: each is built once (the lists are shared, never
    changed)."""
    year = entry.date // 10000 if entry.date else 0
    key = (entry.kind, entry.body, year, *entry.organizations, "\0", *entry.persons, "\0", *entry.parties)
    hit = _filter_cache.get(key)
    if hit is not None:
        return hit
    if len(_filter_cache) > 100_000:
        _filter_cache.clear()
    tags = [f"kind:{entry.kind}"]
    tags += _tag_terms(analyzer, "org", entry.organizations)
    tags += _tag_terms(analyzer, "person", entry.persons)
    tags += _tag_terms(analyzer, "party", entry.parties)
    tags += _tag_terms(analyzer, "body", [entry.body] if entry.body else [])
    facets = [f"kind={entry.kind}"]
    facets += [f"organization={o}" for o in entry.organizations]
    facets += [f"party={p}" for p in entry.parties]
    if entry.body:
        facets.append(f"body={entry.body}")
    if year:
        facets.append(f"year={year}")
    hit = _filter_cache[key] = (list(dict.fromkeys(tags)), list(dict.fromkeys(facets)))
    return hit


def index_doc(entry: Entry, analyzer: Analyzer) -> IndexDoc:
    title = f"{entry.reference} {entry.title}" if entry.reference and entry.reference not in entry.title else entry.title
    title_terms, title_parts = analyzer.joined_terms(title)
    text_terms, text_parts = analyzer.joined_terms(entry.text)
    tags, facets = _filters(entry, analyzer)
    return IndexDoc(
        title=title_terms,
        text=text_terms,
        parts=list(dict.fromkeys(title_parts + text_parts)) if title_parts else text_parts,
        tags=tags,
        facets=facets,
        boost=entry.boost(),
    )
