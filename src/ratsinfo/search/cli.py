"""`ratsinfo search` and `ratsinfo reindex`."""

from __future__ import annotations

import json

import click

from ratsinfo.search.query import KINDS


@click.command()
@click.argument("query")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="only these kinds (repeatable)")
@click.option("--page", default=1, show_default=True, type=int)
@click.option("--per-page", default=20, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True)
def search(query: str, kinds: tuple[str, ...], page: int, per_page: int, as_json: bool) -> None:
    """Search papers, meetings, documents, persons and organizations.

    Words are ANDed; "phrases", prefix*, OR, -exclusion, and the fields kind:, organization:,
    person:, party:, body:, date: (2023, 2023-01..2023-06, >=2022-11-01) work as filters.
    """
    from ratsinfo.cli import _django

    _django()
    from ratsinfo.search.engine import search as run

    res = run(query, kinds=kinds, page=page, per_page=max(1, min(per_page, 200)))
    if as_json:
        click.echo(json.dumps(res.as_dict(), ensure_ascii=False, indent=2))
        return
    if not res.hits:
        click.echo("no hits" + (f' — did you mean "{res.did_you_mean}"?' if res.did_you_mean else ""))
        return
    first = (res.page - 1) * res.per_page + 1
    click.echo(f"{res.total} hits ({first}–{first + len(res.hits) - 1}):")
    for hit in res.hits:
        label = hit.get("reference") or ""
        click.echo(f"  [{hit['kind']}] {label + '  ' if label else ''}{hit['title']}  {hit['url']}")
        snippet = " ".join(hit["snippet"].split())
        click.echo(f"      {snippet[:200]}")
    kinds_facet = res.facets.get("kind", {})
    if kinds_facet:
        click.echo("  by kind: " + ", ".join(f"{k} {n}" for k, n in kinds_facet.items()))


@click.command()
def reindex() -> None:
    """Rebuild the search index from the store."""
    from ratsinfo.cli import _django

    _django()
    from ratsinfo.search.engine import backend_name
    from ratsinfo.search.engine import reindex as run
    from ratsinfo.search.sync import clear_journal

    n = run()
    clear_journal()  # what a crashed ingest left pending is in the rebuilt index now
    click.echo(f"indexed {n} entries ({backend_name()})")
