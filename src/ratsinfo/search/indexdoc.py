"""An entry as both backends index it: analysed terms, filter tags, facets, boost."""

from __future__ import annotations

from dataclasses import dataclass

from ratsinfo.search.analysis import STOP_WORDS, Analyzer
from ratsinfo.search.entries import Entry

SCHEMA_VERSION = 1  # bump when analysis or fields change: the index is rebuilt


@dataclass
class IndexDoc:
    title_terms: list[str]
    text_terms: list[str]
    parts: list[str]
    tags: list[str]
    facets: list[str]
    boost: float


def _tag_terms(analyzer: Analyzer, name: str, values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        main, _ = analyzer.terms(v)
        out.extend(f"{name}:{t}" for t in main if t not in STOP_WORDS)
    return out


def index_doc(entry: Entry, analyzer: Analyzer) -> IndexDoc:
    title = f"{entry.reference} {entry.title}" if entry.reference and entry.reference not in entry.title else entry.title
    title_terms, title_parts = analyzer.terms(title)
    text_terms, text_parts = analyzer.terms(entry.text)
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
    if entry.date:
        facets.append(f"year={entry.date // 10000}")
    return IndexDoc(
        title_terms=title_terms,
        text_terms=text_terms,
        parts=list(dict.fromkeys(title_parts + text_parts)),
        tags=list(dict.fromkeys(tags)),
        facets=list(dict.fromkeys(facets)),
        boost=entry.boost(),
    )
