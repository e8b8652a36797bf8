"""`ratsinfo cooperations …` and `ratsinfo report …` commands."""

from __future__ import annotations

import click


@click.group()
def cooperations() -> None:
    """The cooperation register (interkommunale Zusammenarbeit)."""


@click.group()
def report() -> None:
    """Draft reports from the store."""
