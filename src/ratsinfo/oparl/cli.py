"""`ratsinfo oparl …` commands."""

from __future__ import annotations

import click


@click.group()
def oparl() -> None:
    """OParl 1.1: import from an endpoint."""
