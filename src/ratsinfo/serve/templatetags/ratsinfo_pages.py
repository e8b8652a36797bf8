"""Template helpers for the home, search, paper and meeting pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from ratsinfo.serve.views.common import due_state

register = template.Library()

# Pages of other parts of the site that may not be wired up yet: link by path meanwhile.
_FALLBACK = {
    "serve:person_detail": "/persons/{}/",
    "serve:person_list": "/persons/",
    "serve:organization_detail": "/organizations/{}/",
    "serve:organization_list": "/organizations/",
    "serve:cooperation_list": "/cooperations/",
}


@register.simple_tag
def page_url(name: str, *args: Any) -> str:
    """``{% url %}`` that falls back to the documented path while the page is not there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return _FALLBACK.get(name, "/").format(*args)


@register.filter
def due(obligation: Any) -> Any:
    return due_state(obligation.due_date)


@register.filter
def vote_counts(vote: Any) -> str:
    """"5 Ja, 2 Nein, 1 Enthaltung" from whatever counts the minutes gave."""
    parts = []
    if vote.yes is not None:
        parts.append(_("%(n)d Ja") % {"n": vote.yes})
    if vote.no is not None:
        parts.append(_("%(n)d Nein") % {"n": vote.no})
    if vote.abstain is not None:
        parts.append(
            (_("%(n)d Enthaltung") if vote.abstain == 1 else _("%(n)d Enthaltungen"))
            % {"n": vote.abstain}
        )
    return ", ".join(parts)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None
