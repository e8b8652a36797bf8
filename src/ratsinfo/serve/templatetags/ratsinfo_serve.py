"""Small display filters for the pages."""

from __future__ import annotations

from pathlib import PurePath

from django import template

register = template.Library()


@register.filter
def basename(path: str | None) -> str:
    """The file name of a stored path: the server's directories are no business of readers."""
    return PurePath(path).name if path else ""
