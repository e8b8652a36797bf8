"""The pages' fast template helpers give what Django's own tags and filters give: the cached
``page_url`` what ``{% url %}`` reverses, ``html_date``/``html_datetime`` what the ``date``
filter formats (in the current time zone), ``yes_no`` what ``yesno`` says."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import engines
from django.urls import reverse, set_script_prefix
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from ratsinfo.serve.templatetags.ratsinfo_pages import html_date, html_datetime, page_url, yes_no

DETAIL_PAGES = [
    "serve:paper_detail", "serve:meeting_detail", "serve:person_detail",
    "serve:organization_detail", "serve:document_detail", "serve:meeting_ical",
]
LISTS = ["serve:home", "serve:search", "serve:paper_list", "serve:meeting_list", "serve:person_list"]


def _render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


@given(name=st.sampled_from(DETAIL_PAGES), pk=st.integers(min_value=0, max_value=10**12))
@settings(max_examples=200, deadline=None)
def test_page_url_is_reverse(name: str, pk: int) -> None:
    assert page_url(name, pk) == reverse(name, args=[pk])


@pytest.mark.parametrize("name", LISTS)
def test_page_url_without_arguments(name: str) -> None:
    assert page_url(name) == reverse(name)


def test_page_url_follows_the_script_prefix() -> None:
    # Behind a proxy at /rat/ the cached pieces must not keep the root's prefix.
    assert page_url("serve:paper_detail", 7) == "/papers/7/"
    set_script_prefix("/rat/")
    try:
        assert page_url("serve:paper_detail", 7) == "/rat/papers/7/" == reverse("serve:paper_detail", args=[7])
    finally:
        set_script_prefix("/")


def test_page_url_tag_in_a_template() -> None:
    out = _render("{% load ratsinfo_pages %}{% for i in xs %}{% page_url 'serve:meeting_detail' i %};{% endfor %}",
                  xs=[1, 22, 333])
    assert out == "/meetings/1/;/meetings/22/;/meetings/333/;"


moments = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1),
                       timezones=st.sampled_from([dt.UTC, zoneinfo.ZoneInfo("Europe/Berlin"),
                                                  zoneinfo.ZoneInfo("America/New_York")]))


@given(d=st.dates(min_value=dt.date(1000, 1, 1)))
@settings(max_examples=200, deadline=None)
def test_html_date_of_a_date_is_the_date_filter(d: dt.date) -> None:
    expected = _render("""<time datetime="{{ d|date:'Y-m-d' }}">{{ d|date:"d.m.Y" }}</time>""", d=d)
    assert html_date(d) == expected


@given(m=moments)
@settings(max_examples=200, deadline=None)
def test_html_date_and_datetime_of_a_moment_are_the_date_filter(m: dt.datetime) -> None:
    # The filter shows a stored (UTC) moment in the site's zone: a meeting at 00:30 in Berlin
    # is on that day, not on the day before.
    assert html_date(m) == _render("""<time datetime="{{ d|date:'Y-m-d' }}">{{ d|date:"d.m.Y" }}</time>""", d=m)
    assert html_datetime(m) == _render(
        """{% load i18n %}<time datetime="{{ d|date:'c' }}">{{ d|date:"d.m.Y, H:i" }} {% translate "Uhr" %}</time>""",
        d=m)


def test_html_date_of_a_berlin_evening() -> None:
    m = dt.datetime(2023, 1, 10, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 11th in Berlin
    with timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        assert html_date(m) == '<time datetime="2023-01-11">11.01.2023</time>'
        assert html_datetime(m) == '<time datetime="2023-01-11T00:30:00+01:00">11.01.2023, 00:30 Uhr</time>'


@pytest.mark.parametrize("value", [None, "", 0])
def test_html_date_of_nothing_is_empty(value: object) -> None:
    assert html_date(value) == html_datetime(value) == ""


@pytest.mark.parametrize("value", [True, False, None])
def test_yes_no_is_yesno(value: bool | None) -> None:
    assert yes_no(value) == _render('{{ v|yesno:"ja,nein,unbekannt" }}', v=value)


def test_settle_compiles_every_template_and_freezes() -> None:
    # Start-up compiles each page template: a broken one stops the server before its first
    # reader, not on that reader's request.
    import gc

    from django.template import engines

    from ratsinfo.site.wsgi import settle

    gc.unfreeze()
    settle()
    try:
        assert gc.get_freeze_count() > 0
        cached = {t.origin.template_name for t in engines["django"].engine.template_loaders[0].get_template_cache.values()
                  if hasattr(t, "origin")}
        assert {"ratsinfo/meeting_detail.html", "ratsinfo/person_detail.html", "ratsinfo/_votes.html"} <= cached
    finally:
        gc.unfreeze()
