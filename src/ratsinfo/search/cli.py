"""`ratsinfo search` and `ratsinfo reindex`."""

from __future__ import annotations

import click


@click.command()
@click.argument("query")
def search(query: str) -> None:
    """Search papers, meetings, documents, persons and organizations."""
    raise click.ClickException("search is not built yet")


@click.command()
def reindex() -> None:
    """Rebuild the search index from the store."""
    raise click.ClickException("search is not built yet")
