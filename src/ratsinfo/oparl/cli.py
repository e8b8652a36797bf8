"""`ratsinfo oparl …` commands."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable

import click


@click.group()
def oparl() -> None:
    """OParl 1.1: import from an endpoint."""


def _since(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    from ratsinfo.oparl import quirks

    parsed = quirks.datetime(value)
    if parsed is None:
        raise click.BadParameter(f"not a date or date-time: {value!r}", param_hint="--since")
    return parsed


@oparl.command(name="import")
@click.argument("url")
@click.option("--since", help="only objects modified since DATE (ISO date or date-time)")
@click.option("--full", is_flag=True, help="ignore the last sync time; fetch everything")
@click.option("--no-files", is_flag=True, help="do not download and ingest the files")
@click.option("--retries", default=5, show_default=True, help="tries per request beyond the first")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
def import_(url: str, since: str | None, full: bool, no_files: bool, retries: int, quiet: bool) -> None:
    """Import from an OParl 1.0/1.1 System or Body URL.

    Without --since, a repeated import asks only for what changed since the last one
    (with an hour of overlap); deleted objects are marked deleted.
    """
    from ratsinfo.cli import _django

    _django()  # settings first: dates are read in the configured time zone
    since_dt = _since(since)
    from tqdm import tqdm

    from ratsinfo.oparl.client import Client, FetchError
    from ratsinfo.oparl.importer import Importer

    bars: list[tqdm] = []

    def progress(kind: str, total: int | None) -> Callable[[int], None]:
        bar = tqdm(total=total, desc=kind, unit=" obj", disable=quiet or None, file=sys.stderr, leave=False)
        bars.append(bar)
        return bar.update

    client = Client(retries=retries)
    importer = Importer(client, files=not no_files, progress=progress)
    try:
        summary = importer.run(url, since=since_dt, full=full)
    except FetchError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    finally:
        for bar in bars:
            bar.close()
        client.close()
    for reason in summary.errors:
        click.echo(f"warning: {reason}", err=True)
    for path, reason in summary.files_failed[:20]:
        click.echo(f"file failed: {path}: {reason}", err=True)
    click.echo(summary.line())
    sys.exit(0)
