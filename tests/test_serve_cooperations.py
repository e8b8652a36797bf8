"""The cooperation pages, rendered from the ingested Kooperationsbericht and the Magdeburg
overview: the register with filters agrees with the command line's listing, the network and
the diff computed in the database agree with the register's own, the drawings are labelled
images with a table beside them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from conftest import CORPUS, ROOT, run_cli
from ratsinfo.register import aggregate, queries
from ratsinfo.serve.views.cooperations import MENTIONS_PER_PAGE
from ratsinfo.store.ingest import ingest
from ratsinfo.store.models import Body, Cooperation, CooperationMention, Partner
from test_serve_persons import _rows, check_structure, get, ingest_once

pytestmark = [pytest.mark.django_db, pytest.mark.store]

REPORT = "potsdam_24-SVV-1155_kooperationsbericht_2023_rendition-a.txt"
MAGDEBURG = "magdeburg_ikz_2014_uebersicht.txt"


@pytest.fixture(scope="module", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The default backend (files), in a directory of this module's own: other test runs
    clear theirs."""
    location = str(tmp_path_factory.mktemp("cache"))
    backend = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": location}
    with override_settings(CACHES={"default": backend}):
        yield


@pytest.fixture(scope="module")
def corpus(django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    yield from ingest_once([REPORT, MAGDEBURG], django_db_blocker, tmp_path_factory.mktemp("home"))


def _ids(soup: object) -> list[int]:
    """Cooperation ids linked from the page's register table, in order."""
    table = next(t for t in soup.find_all("table") if t.find("a", href=lambda h: h and "/cooperations/" in h))
    return [int(a["href"].rstrip("/").rsplit("/", 1)[1]) for a in table.tbody.select("th a")]


def _all_ids(url: str) -> list[int]:
    """Follow the pagination to the end."""
    out: list[int] = []
    while url:
        soup, _ = get(url)
        out += _ids(soup)
        nxt = soup.find("a", rel="next")
        url = (url.split("?")[0] + nxt["href"]) if nxt else ""
    return out


def _potsdam() -> Body:
    return queries.find_body("Landeshauptstadt Potsdam")


def test_list_shows_the_reports_partners_and_every_cooperation(corpus: None) -> None:
    soup, _ = get(reverse("serve:cooperation_list"))
    check_structure(soup)
    soup, _ = get(reverse("serve:cooperation_list") + f"?body={_potsdam().pk}")
    partners = " ".join(r[1] for r in _rows(soup, "Kooperationen"))
    assert "Landkreis Potsdam-Mittelmark" in partners
    ids = _all_ids(reverse("serve:cooperation_list"))
    assert sorted(ids) == sorted(Cooperation.objects.filter(deleted=False).values_list("pk", flat=True))
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "params",
    [
        {"partner": "LK PM"},
        {"partner": "LK PM", "field": "Mobilität"},
        {"partner": "Potsdam-Mittelmark"},
        {"field": "Digitalisierung/IT"},
    ],
)
def test_filters_agree_with_the_command_line_listing(corpus: None, params: dict[str, str]) -> None:
    url = reverse("serve:cooperation_list") + "?" + urlencode(params)
    soup, _ = get(url)
    check_structure(soup)
    expected = {r["id"] for r in queries.listing(None, params.get("partner"), params.get("field"))}
    assert expected
    assert set(_all_ids(url)) == expected
    # The form keeps what was asked for.
    if "partner" in params:
        assert soup.find("input", id="coop-partner")["value"] == params["partner"]


def test_year_kind_and_body_filters(corpus: None) -> None:
    url = reverse("serve:cooperation_list") + "?year=2014"
    expected = set(
        CooperationMention.objects.filter(report_year=2014, deleted=False).values_list("cooperation", flat=True)
    )
    assert set(_all_ids(url)) == expected
    potsdam = _potsdam()
    url = reverse("serve:cooperation_list") + f"?body={potsdam.pk}&kind=interkommunal"
    expected = {r["id"] for r in queries.listing(potsdam) if r["kind"] == "interkommunal"}
    assert expected and set(_all_ids(url)) == expected
    soup, _ = get(reverse("serve:cooperation_list") + "?q=zzzzzz")
    assert "Keine Kooperation entspricht dem Filter." in soup.get_text()


def test_a_correction_wins_in_list_filter_and_detail(corpus: None) -> None:
    coop = Cooperation.objects.filter(deleted=False, body=_potsdam()).order_by("pk").first()
    coop.field_corrected = "Handlungsfeld Beispiel"
    coop.title_corrected = "Berichtigter Titel"
    coop.save()
    soup, _ = get(reverse("serve:cooperation_list") + "?field=Handlungsfeld+Beispiel")
    assert _ids(soup) == [coop.pk]
    soup, _ = get(reverse("serve:cooperation_detail", args=[coop.pk]))
    check_structure(soup)
    assert soup.h1.get_text(strip=True) == "Berichtigter Titel"
    assert "von der Verwaltung berichtigt" in soup.find(id="angaben").parent.get_text()


def test_detail_shows_partners_and_the_reports_passage(corpus: None) -> None:
    potsdam = _potsdam()
    coop = next(
        c for c in queries.live(potsdam).order_by("pk") if len(c.partners.all()) >= 2 and c.mentions.all()
    )
    soup, _ = get(reverse("serve:cooperation_detail", args=[coop.pk]))
    check_structure(soup)
    partners = [r[0] for r in _rows(soup, "Partner dieser Kooperation")]
    assert partners == sorted(p.name for p in coop.partners.all())
    sources = _rows(soup, "Berichte, die diese Kooperation nennen")
    assert sources and sources[0][0] == "2023"
    # The passage quoted is the report's own wording of this cooperation.
    assert coop.title.split()[0] in sources[0][2]
    doc_link = soup.find(id="quellen").parent.find("a")
    assert doc_link["href"].startswith("/documents/")


def _network_walked(body: Body | None) -> dict[str, Any]:
    """The network by the plain rule, walking every cooperation (the reference the grouped
    queries must equal)."""
    counts: Counter[int] = Counter()
    fields: dict[int, Counter[str]] = defaultdict(Counter)
    links: Counter[tuple[int, int]] = Counter()
    partners: dict[int, Partner] = {}
    for coop in queries.live(body):
        ps = sorted(coop.partners.all(), key=lambda p: p.pk)
        for p in ps:
            partners[p.pk] = p
            counts[p.pk] += 1
            fields[p.pk][coop.value("field") or ""] += 1
        for i, a in enumerate(ps):
            for b in ps[i + 1 :]:
                links[(a.pk, b.pk)] += 1
    nodes = sorted(partners.values(), key=lambda p: (-counts[p.pk], p.name))
    return {
        "body": body.name if body else None,
        "partners": [
            {
                "name": p.name,
                "kind": p.kind,
                "key": p.key,
                "cooperations": counts[p.pk],
                "fields": {f: n for f, n in sorted(fields[p.pk].items()) if f},
                "latitude": p.latitude,
                "longitude": p.longitude,
            }
            for p in nodes
        ],
        "links": [
            {"source": partners[a].name, "target": partners[b].name, "cooperations": n}
            for (a, b), n in sorted(links.items(), key=lambda kv: (-kv[1], partners[kv[0][0]].name, partners[kv[0][1]].name))
        ],
    }


def test_network_in_the_database_equals_the_registers(corpus: None) -> None:
    for body in [None, *Body.objects.filter(cooperations__isnull=False).distinct()]:
        assert aggregate.network(body) == _network_walked(body)


def test_diff_in_the_database_equals_the_registers(corpus: None) -> None:
    potsdam = _potsdam()
    coops = list(queries.live(potsdam).order_by("pk")[:3])
    source = coops[0].mentions.first().source_file
    # Two of them also named in an earlier report; one of these reported as ended.
    for c in coops[:2]:
        CooperationMention.objects.create(cooperation=c, source_file=source, title=c.title, report_year=2019)
    coops[1].status_corrected = "abgeschlossen"
    coops[1].save()
    for body, before, after in [(potsdam, 2019, 2023), (None, 2014, 2023), (None, 2019, 2023)]:
        expected = queries.diff(before, after, body)
        got = aggregate.diff_groups(before, after, body)
        for name in ("new", "continued", "ended"):
            assert set(got[name].values_list("pk", flat=True)) == {r["id"] for r in getattr(expected, name)}, name
    got = aggregate.diff_groups(2019, 2023, potsdam)
    assert list(got["continued"].values_list("pk", flat=True)) == [coops[0].pk]
    assert coops[1].pk in set(got["ended"].values_list("pk", flat=True))


def test_years_page_counts_and_lists_each_group(corpus: None) -> None:
    soup, _ = get(reverse("serve:cooperation_years"))
    check_structure(soup)
    expected = queries.diff(2014, 2023)
    counts = {r[0]: int(r[1]) for r in _rows(soup, "Kooperationen im Bericht 2023 verglichen mit 2014")}
    assert counts == {"Neu": len(expected.new), "Fortgeführt": len(expected.continued), "Beendet": len(expected.ended)}
    url = reverse("serve:cooperation_years") + "?before=2014&after=2023&show=ended"
    assert set(_all_ids(url)) == {r["id"] for r in expected.ended}
    # One body with one report year: nothing to compare, and the page says so.
    soup, _ = get(reverse("serve:cooperation_years") + f"?body={_potsdam().pk}")
    assert "weniger als zwei Jahren" in soup.get_text()


def test_partner_page_draws_labelled_network_and_map_with_a_table(corpus: None) -> None:
    potsdam = _potsdam()
    soup, _ = get(reverse("serve:cooperation_partners") + f"?body={potsdam.pk}")
    check_structure(soup)
    svgs = soup.find_all("svg")
    assert [s["id"] for s in svgs] == ["netz", "karte"]
    data = queries.network(potsdam)
    top = data["partners"][0]
    assert f"{top['name']} ({top['cooperations']})" in svgs[0].get_text()
    assert svgs[1].find("g", attrs={"data-name": top["name"]})
    # The table beside them holds every partner, with the same counts.
    rows: list[list[str]] = []
    url = reverse("serve:cooperation_partners") + f"?body={potsdam.pk}"
    while url:
        page, _ = get(url)
        rows += _rows(page, "Partner nach Zahl der Kooperationen")
        nxt = page.find("a", rel="next")
        url = (url.split("?")[0] + nxt["href"]) if nxt else ""
    assert [(r[0], int(r[2])) for r in rows] == [(p["name"], p["cooperations"]) for p in data["partners"]]


def test_query_count_does_not_grow_with_the_register(corpus: None) -> None:
    potsdam = _potsdam()
    coop = queries.live(potsdam).order_by("pk").first()
    urls = [
        reverse("serve:cooperation_list"),
        reverse("serve:cooperation_list") + "?partner=LK+PM&year=2023",
        reverse("serve:cooperation_detail", args=[coop.pk]),
        reverse("serve:cooperation_years") + "?before=2014&after=2023",
        reverse("serve:cooperation_partners") + f"?body={potsdam.pk}",
    ]
    # Option lists and drawings are cached until the register changes: count both the
    # page that builds them and the page that finds them cached.
    def counts() -> list[tuple[int, int]]:
        cache.clear()
        return [(get(u)[1], get(u)[1]) for u in urls]

    before = counts()
    partners = [Partner.objects.create(name=f"Gemeinde Beispiel {i}") for i in range(30)]
    source = coop.mentions.first().source_file
    for i in range(120):
        c = Cooperation.objects.create(body=potsdam, title=f"Zusammenarbeit {i}", field="Mobilität")
        c.partners.add(*partners[i % 30 : i % 30 + 3])
        CooperationMention.objects.create(cooperation=c, source_file=source, title=c.title, report_year=2023)
    assert counts() == before


def test_detail_pages_the_mentions_newest_first(corpus: None) -> None:
    """A cooperation reported year after year: one page of passages, newest first, with the
    same queries however many reports name it; the older ones are a page further."""
    coop = queries.live(_potsdam()).order_by("pk").filter(mentions__isnull=False).first()
    url = reverse("serve:cooperation_detail", args=[coop.pk])
    _, before = get(url)
    first = coop.mentions.first()
    for year in range(1950, 1950 + 3 * MENTIONS_PER_PAGE):
        CooperationMention.objects.create(
            cooperation=coop, source_file=first.source_file, document=first.document, title=coop.title,
            report_year=year, start=first.start, end=first.end, spans=first.spans,
        )
    total = coop.mentions.filter(deleted=False).count()
    soup, after = get(url)
    check_structure(soup)
    assert after == before
    rows = _rows(soup, "Berichte, die diese Kooperation nennen")
    assert len(rows) == MENTIONS_PER_PAGE
    years = [int(r[0]) for r in rows]
    assert years == sorted(years, reverse=True) and years[0] == 2023
    assert f"{total} Textstellen" in soup.find(id="quellen").parent.get_text()
    # Every passage is the report's own words, cut in the database.
    assert all(coop.title.split()[0] in r[2] for r in rows)
    last = soup.find(id="quellen").parent.find("a", string=lambda s: s and "Letzte" in s)
    tail, queries_tail = get(url + last["href"])
    assert queries_tail == after
    assert [int(r[0]) for r in _rows(tail, "Berichte, die")][-1] == 1950


def test_a_correction_shows_at_once(corpus: None) -> None:
    """Cached counts and options follow the register's version: a staff correction is on
    the next page."""
    url = reverse("serve:cooperation_list") + "?field=Mobilit%C3%A4t"
    soup, _ = get(url)
    first = _ids(soup)[0]
    coop = Cooperation.objects.get(pk=first)
    coop.title_corrected = "Neu benannte Zusammenarbeit"
    coop.save()
    soup, _ = get(url)
    assert soup.find("a", href=reverse("serve:cooperation_detail", args=[first])).get_text() == coop.title_corrected


def test_an_ingest_that_changes_nothing_builds_nothing(corpus: None) -> None:
    cache.clear()
    with mock.patch.object(aggregate, "network", side_effect=AssertionError("drawn again")):
        summary = ingest([CORPUS / REPORT])
    assert summary.unchanged and not summary.ingested
    # Nothing was cached either: the page builds the drawing when asked.
    with mock.patch.object(aggregate, "network", wraps=aggregate.network) as network:
        get(reverse("serve:cooperation_partners"))
    assert network.called


def _python(env: dict[str, str], code: str) -> str:
    """Run ``code`` in a new Python process with Django set up, as a server worker is."""
    prelude = "import django, os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'ratsinfo.site.settings'\ndjango.setup()\n"
    run = subprocess.run(
        [sys.executable, "-c", prelude + code], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout


# A server worker: the register pages, while building a drawing or a comparison fails.
NOTHING_BUILT = """
import json
from unittest import mock
from django.test import Client
from django.urls import reverse
from ratsinfo.register import aggregate
network = mock.patch.object(aggregate, "network", side_effect=AssertionError("network built"))
diff = mock.patch.object(aggregate, "diff_groups", side_effect=AssertionError("diff built"))
with network, diff:
    pages = {name: Client(HTTP_HOST="127.0.0.1").get(reverse("serve:" + name)) for name in ("cooperation_partners", "cooperation_years")}
print(json.dumps({name: [r.status_code, r.content.decode()] for name, r in pages.items()}))
"""


@pytest.mark.slow
def test_ingest_leaves_the_drawings_where_every_worker_finds_them(cli_env: dict[str, str]) -> None:
    """``ratsinfo ingest`` builds the partner network, the map and the comparison of years;
    a server process started afterwards finds them in the cache (files in RATSINFO_HOME,
    no setup) and builds none."""
    run = run_cli(cli_env, "ingest", str(CORPUS / REPORT), str(CORPUS / MAGDEBURG))
    assert run.returncode == 0, run.stderr
    assert any((Path(cli_env["RATSINFO_HOME"]) / "cache").iterdir())
    pages = json.loads(_python(cli_env, NOTHING_BUILT))
    status, html = pages["cooperation_partners"]
    assert status == 200 and 'id="netz"' in html and 'id="karte"' in html
    status, html = pages["cooperation_years"]
    assert status == 200 and "verglichen mit" in html


def _redis_answers() -> bool:
    try:
        import redis  # noqa: F401
    except ImportError:
        return False
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


def _env(home: Path, cache_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "RATSINFO_CACHE_URL"}}
    env["RATSINFO_HOME"] = str(home)
    if cache_url:
        env["RATSINFO_CACHE_URL"] = cache_url
    return env


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "FileBasedCache"),
        ("file://{tmp}/elsewhere", "FileBasedCache"),
        ("redis://127.0.0.1:6379/15", "RedisCache"),
    ],
)
def test_one_cache_for_every_process(url: str, backend: str, tmp_path: Path) -> None:
    """What one process caches another finds: by default in files in RATSINFO_HOME, or in
    another directory, or in Redis, when RATSINFO_CACHE_URL names them."""
    if url.startswith("redis") and not _redis_answers():
        pytest.skip("no Redis server on 127.0.0.1:6379, or no redis package")
    env = _env(tmp_path / "home", url.format(tmp=tmp_path))
    key = f"ratsinfo:test:{tmp_path.name}"
    written = _python(
        env,
        "from django.conf import settings\nfrom django.core.cache import cache\n"
        f"cache.set({key!r}, 'gebaut', 60)\nprint(settings.CACHES['default']['BACKEND'])",
    )
    assert written.strip().endswith(backend)
    if not url:
        assert any((tmp_path / "home" / "cache").iterdir())
    found = _python(env, f"from django.core.cache import cache\nprint(cache.get({key!r}))\ncache.delete({key!r})")
    assert found.strip() == "gebaut"


def test_an_unknown_cache_url_is_an_error(tmp_path: Path) -> None:
    code = "import os, django\nos.environ['DJANGO_SETTINGS_MODULE'] = 'ratsinfo.site.settings'\ndjango.setup()"
    run = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path, "memcached://127.0.0.1"),
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode != 0 and "RATSINFO_CACHE_URL" in run.stderr
