"""The web UI in a real browser: main flows, every page type accessible, no script from documents.

A store is filled with the shared corpus plus one hostile HTML document, `ratsinfo serve`
serves it on a free loopback port, and Playwright drives Debian's Chromium
(``/usr/bin/chromium``; Playwright's own browser builds are never downloaded). axe-core,
installed from npm into ``tests/ui/node_modules`` (``npm ci`` in tests/ui, done by
``make test``), is injected into each page; a serious or critical violation fails the test.
Every page type is screenshotted to ``tests/artifacts/<page type>.png``.

Missing tools (Chromium, axe-core, Playwright) skip these tests with the reason, unless
``RATSINFO_REQUIRE_BROWSER=1`` (set by CI, ``.ci/run``) turns that into a failure.
A page type whose URL does not answer yet fails with a message naming the page type.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from bs4 import BeautifulSoup

from conftest import CORPUS, ROOT

pytestmark = [pytest.mark.browser]

CHROMIUM = Path(os.environ.get("RATSINFO_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "tests" / "ui" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
# The bar; RATSINFO_AXE_IMPACTS=minor,moderate,serious,critical shows everything.
BLOCKING_IMPACTS = set(os.environ.get("RATSINFO_AXE_IMPACTS", "serious,critical").split(","))

# Every page type the issue asks for, in the order of the main flow where it has one.
PAGE_TYPES = [
    "home",
    "search results",
    "paper list",
    "paper detail",
    "meeting list",
    "meeting calendar",
    "meeting detail",
    "person list",
    "person detail",
    "organization list",
    "organization detail",
    "cooperation list",
    "cooperation detail",
]
LIST_PATHS = {
    "paper": "/papers/",
    "meeting": "/meetings/",
    "person": "/persons/",
    "organization": "/organizations/",
    "cooperation": "/cooperations/",
}
SEARCH_QUERY = "Digitalisierung"
# Links under a list path that are views of the list, not an object's page.
NOT_DETAIL = re.compile(
    r"(?i)calend|kalender|ical|\.ics|feed|atom|export|csv|map|karte|netz|network|graph|diff|partner|year|jahr"
)
# Links that are downloads, not pages.
NOT_PAGE = re.compile(r"(?i)ical|\.ics|feed|atom|\.csv|\.svg|\.docx|/static/|/oparl/|/admin/")

# A document that tries every way in: a real <script>, event-handler attributes, and the
# same payloads as visible text (entity-escaped), which the reader keeps as text and the
# pages must show as text. Each payload would set window.__pwned and open a dialog.
HOSTILE_TITLE = "Sanierung des Rathausdachs Xylophonweg"
HOSTILE_HTML = f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Antrag {HOSTILE_TITLE}</title>
<script>window.__pwned = "head-script"; alert("head-script");</script></head>
<body>
<h1>Antrag</h1>
<p>Drucksache 99/SVV/0999</p>
<p>Betreff: {HOSTILE_TITLE}</p>
<p>Einreicher: Fraktion Beispiel</p>
<p>Die Stadtverordnetenversammlung möge beschließen:
<img src="x" onerror="window.__pwned='onerror'; alert('onerror')">
Der Oberbürgermeister wird beauftragt, das Dach bis 31.12.2031 zu sanieren.</p>
<p onmouseover="window.__pwned='onmouseover'; alert('onmouseover')">Begründung: Das Dach ist undicht.
&lt;script&gt;window.__pwned='text-script'; alert('text-script')&lt;/script&gt;
&lt;img src=x onerror="window.__pwned='text-onerror'; alert('text-onerror')"&gt;
&lt;b onmouseover="window.__pwned='text-onmouseover'; alert('text-onmouseover')"&gt;Xylophonweg&lt;/b&gt;</p>
<script>window.__pwned = "body-script"; alert("body-script");</script>
</body></html>
"""
TEXT_PAYLOADS = ["<script>window.__pwned='text-script'", "onerror=", "onmouseover="]


def _require_browser_tools() -> None:
    """Skip (or, in CI, fail) when a tool the browser tests need is missing."""
    problems = []
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} missing (apt-get install chromium)")
    if not AXE.exists():
        problems.append(f"{AXE.relative_to(ROOT)} missing (cd tests/ui && npm ci)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("Python package playwright missing (pip install -e '.[dev]')")
    if not problems:
        return
    reason = "; ".join(problems)
    if os.environ.get("RATSINFO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required but: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Site:
    base: str
    hostile_file: Path
    # page type -> absolute URL, or the reason it has none yet
    pages: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    # further pages linked from the lists: sub-views (partners, years …) and documents
    others: dict[str, str] = field(default_factory=dict)

    def url(self, page_type: str) -> str:
        if page_type in self.missing:
            pytest.fail(f"page type '{page_type}' does not exist yet: {self.missing[page_type]}",
                        pytrace=False)
        return self.pages[page_type]


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("ratsinfo")
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=600,
                          cwd=ROOT)


def _links(client: httpx.Client, url: str) -> list[str]:
    """Same-site link paths (with query) on a page, in document order."""
    soup = BeautifulSoup(client.get(url).text, "html.parser")
    out = []
    for a in soup.find_all("a", href=True):
        parts = urlsplit(urljoin(url, a["href"]))
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def _discover(client: httpx.Client, base: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Find one URL per page type: list paths are fixed, detail pages are linked from lists.

    Also returns the other views linked from the lists (named sub-paths such as a partner
    network or a year view) and the document pages, so they are checked too.
    """
    pages: dict[str, str] = {}
    missing: dict[str, str] = {}
    others: dict[str, str] = {}

    def check(page_type: str, path: str) -> bool:
        r = client.get(path)
        if r.status_code == 200:
            pages[page_type] = str(r.url)  # after redirects (e.g. /search → /search/)
            return True
        missing[page_type] = f"GET {path} answered {r.status_code}"
        return False

    check("home", "/")
    check("search results", f"/search?q={SEARCH_QUERY}")
    for kind, path in LIST_PATHS.items():
        if not check(f"{kind} list", path):
            missing[f"{kind} detail"] = f"its list {path} answered {missing[f'{kind} list'][-3:]}"
            if kind == "meeting":
                missing["meeting calendar"] = missing["meeting detail"]
            continue
        links = _links(client, base + path)
        detail = re.compile(rf"^{re.escape(path)}[^/?#]+/$")
        found = [u for u in links if detail.match(u) and not NOT_DETAIL.search(u)]
        # Object pages carry their id; prefer those to named sub-views of the list.
        found.sort(key=lambda u: not re.search(r"\d", u.rstrip("/").rsplit("/", 1)[-1]))
        if found:
            check(f"{kind} detail", found[0])
        else:
            missing[f"{kind} detail"] = f"no link to a {kind} page on {path}"
        if kind == "meeting":
            # The calendar is a view of the meeting list: linked from it, or at calendar/.
            candidates = [u for u in links if re.search(r"(?i)calendar|kalender", u)
                          and not u.endswith(".ics") and "ical" not in u]
            for candidate in [*candidates, "/meetings/calendar/"]:
                if check("meeting calendar", candidate):
                    missing.pop("meeting calendar", None)
                    break
            if "meeting calendar" in pages:
                # A month with meetings in it shows more than an empty grid: follow the
                # calendar's own month links to one that links a meeting.
                cal = pages["meeting calendar"]
                cal_path = urlsplit(cal).path
                has_meeting = re.compile(r"^/meetings/\d+/$")
                months = [cal_path] + [u for u in _links(client, cal) if u.startswith(cal_path + "?")]
                for month in months[:8]:
                    if any(has_meeting.match(u) for u in _links(client, base + month)):
                        pages["meeting calendar"] = base + month
                        break
        for u in links:
            sub = re.match(rf"^{re.escape(path)}([a-z][\w-]*)/$", u)
            if sub and not NOT_PAGE.search(u) and u not in pages.values():
                others.setdefault(f"{kind} {sub[1]}", base + u)
    others = {k: v for k, v in others.items() if v not in pages.values()}
    if client.get("/documents/").status_code == 200:
        others["document list"] = base + "/documents/"
        docs = [u for u in _links(client, base + "/documents/") if re.match(r"^/documents/\d+/$", u)]
        if docs:
            others["document detail"] = base + docs[0]
    return pages, missing, others


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """`ratsinfo serve` over a fresh SQLite store with the corpus and the hostile document."""
    _require_browser_tools()
    tmp = tmp_path_factory.mktemp("browser")
    hostile = tmp / "docs" / "antrag-dach.html"
    hostile.parent.mkdir()
    hostile.write_text(HOSTILE_HTML, encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("RATSINFO_DATABASE_URL", "DJANGO_SETTINGS_MODULE", "RATSINFO_DEBUG")}
    env["RATSINFO_HOME"] = str(tmp / "home")
    run = _cli(env, "ingest", "-q", str(CORPUS), str(hostile))
    assert run.returncode == 0, run.stdout + run.stderr
    port = _free_port()
    log = (tmp / "serve.log").open("w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("ratsinfo")), "serve", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60, follow_redirects=True) as client:
            for _ in range(600):  # up to a minute on a busy machine
                with contextlib.suppress(httpx.TransportError):
                    client.get("/")
                    break
                assert proc.poll() is None, (tmp / "serve.log").read_text()
                time.sleep(0.1)
            pages, missing, others = _discover(client, base)
        yield Site(base=base, hostile_file=hostile, pages=pages, missing=missing, others=others)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page did that it should not: dialogs, script errors, failed requests."""

    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE",
                                  bypass_csp=True)  # so axe can be injected under any CSP
    p = context.new_page()
    watch = Watch()

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_response(response: Any) -> None:
        if response.url.startswith(site.base) and response.status >= 400:
            watch.failed.append(f"{response.status} {response.url}")

    p.on("dialog", on_dialog)
    p.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    p.on("response", on_response)
    p.on("requestfailed", lambda req: watch.failed.append(f"failed {req.url}"))
    yield p, watch
    context.close()


def _open(p: Any, url: str) -> None:
    response = p.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"GET {url}: {response and response.status}"


def _screenshot(p: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.png"
    p.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    return path


def _axe_violations(p: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not p.evaluate("() => typeof window.axe !== 'undefined'"):
        p.add_script_tag(path=str(AXE))
    result = p.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))}));
        }"""
    )
    return [v for v in result if v["impact"] in BLOCKING_IMPACTS]


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:5]:
            lines.append(f"    {n['target']}: {n['html']}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def _assert_nothing_ran(p: Any, watch: Watch) -> None:
    assert p.evaluate("() => window.__pwned") is None, "a document payload ran"
    assert watch.dialogs == [], f"dialogs opened: {watch.dialogs}"


def _click_to(p: Any, path_prefix: str, what: str) -> str:
    """Follow the first link in the page's main content to a detail page under path_prefix."""
    links = p.locator("main a[href]")
    detail = re.compile(rf"^{re.escape(path_prefix)}[^/?#]+/$")
    for i in range(links.count()):
        link = links.nth(i)
        href = link.get_attribute("href") or ""
        target = urlsplit(urljoin(p.url, href)).path
        if detail.match(target) and not NOT_DETAIL.search(target) and link.is_visible():
            with p.expect_navigation():
                link.click()
            assert urlsplit(p.url).path == target
            return target
    pytest.fail(f"no link from {p.url} to a {what} page ({path_prefix}…)", pytrace=False)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_accessible(page_type: str, site: Site, page: tuple[Any, Watch]) -> None:
    """Every page type answers, renders without script errors, and passes axe (serious/critical)."""
    p, watch = page
    _open(p, site.url(page_type))
    _screenshot(p, page_type)
    violations = _axe_violations(p)
    assert not violations, f"axe on {page_type} ({p.url}):\n{_describe(violations)}"
    assert watch.page_errors == [], f"script errors on {p.url}: {watch.page_errors}"
    _assert_nothing_ran(p, watch)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_assets_load(page_type: str, site: Site, page: tuple[Any, Watch]) -> None:
    """Stylesheets, scripts and images of each page load (a 404 leaves the page unstyled)."""
    p, watch = page
    _open(p, site.url(page_type))
    p.wait_for_load_state("networkidle")
    assert watch.failed == [], f"requests failed on {p.url}: {watch.failed}"


def test_axe_finds_what_it_must(site: Site, page: tuple[Any, Watch]) -> None:
    """The check itself can fail: an image without alt text and an empty button are caught."""
    p, _ = page
    _open(p, site.url("home"))
    assert _axe_violations(p) == []
    p.evaluate("""() => {
        const img = document.createElement("img");
        img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
        const button = document.createElement("button");
        document.querySelector("main").append(img, button);
    }""")
    found = {v["id"] for v in _axe_violations(p)}
    assert {"image-alt", "button-name"} <= found, found


def test_other_views_accessible(site: Site, page: tuple[Any, Watch]) -> None:
    """The views beyond the page types (calendar-like sub-views, documents) pass axe too."""
    p, watch = page
    assert site.others, "no further views found (at least the document pages exist)"
    problems = []
    for name, url in site.others.items():
        _open(p, url)
        _screenshot(p, f"view {name}")
        violations = _axe_violations(p)
        if violations:
            problems.append(f"axe on {name} ({url}):\n{_describe(violations)}")
    assert not problems, "\n".join(problems)
    assert watch.page_errors == []
    _assert_nothing_ran(p, watch)


def test_main_flow(site: Site, page: tuple[Any, Watch]) -> None:
    """search → paper → meeting → person → committee → cooperation, by clicking as a reader does."""
    p, watch = page
    _open(p, site.base + "/")
    box = p.get_by_role("searchbox").first
    box.fill("22/SVV/0792")
    box.press("Enter")
    p.wait_for_url(re.compile(r"/search/?\?"))
    p.locator("main a[href*='/papers/']").first.wait_for()
    _screenshot(p, "flow-1-search")

    _click_to(p, "/papers/", "paper")
    main = p.locator("main")
    text = main.inner_text()
    assert "22/SVV/0792" in text
    assert "10.01.2023" in text, "the consultation's date is missing on the paper page"
    assert "Erledigung durch Verwaltungshandeln" in text
    assert "einstimmig" in text
    _screenshot(p, "flow-2-paper")

    _click_to(p, "/meetings/", "meeting")
    assert "10.01.2023" in p.locator("main").inner_text()
    _screenshot(p, "flow-3-meeting")

    _click_to(p, "/persons/", "person")
    _screenshot(p, "flow-4-person")

    _click_to(p, "/organizations/", "committee")
    _screenshot(p, "flow-5-committee")

    with p.expect_navigation():
        p.locator("header nav a[href*='/cooperations/']").first.click()
    _click_to(p, "/cooperations/", "cooperation")
    _screenshot(p, "flow-6-cooperation")
    assert watch.page_errors == []
    _assert_nothing_ran(p, watch)


def test_document_payloads_do_not_run(site: Site, page: tuple[Any, Watch]) -> None:
    """A document's <script>, onerror= and onmouseover= show as text at most; none runs."""
    p, watch = page
    with httpx.Client(timeout=60, follow_redirects=True) as client:
        documents = [u for u in _links(client, site.base + "/documents/")
                     if re.match(r"^/documents/[^/?#]+/$", u)]
        hostile_pages = []
        for u in documents:
            if HOSTILE_TITLE in client.get(site.base + u).text:
                hostile_pages.append(u)
    assert hostile_pages, "the hostile document has no page under /documents/"
    # Its paper (if it became one) and the search results that quote it are pages too.
    urls = [site.base + u for u in hostile_pages]
    urls.append(site.base + "/search?q=Xylophonweg")
    seen_text = ""
    for url in urls:
        _open(p, url)
        for link in list(p.locator("main a[href*='/papers/']").all())[:3]:
            href = urljoin(p.url, link.get_attribute("href") or "")
            if href not in urls and re.search(r"/papers/[^/?#]+/$", href):
                urls.append(href)
        # Hover over everything in the main content that might carry a mouse handler.
        for el in p.locator("main p, main li, main td, main pre, main mark, main b").all()[:200]:
            with contextlib.suppress(Exception):
                el.hover(timeout=500)
        p.wait_for_timeout(200)
        _assert_nothing_ran(p, watch)
        handlers = p.evaluate(
            "() => document.querySelectorAll('[onerror],[onmouseover],[onload],[onclick]').length")
        assert handlers == 0, f"event-handler attributes in the DOM of {url}"
        inline = p.evaluate(
            "() => [...document.scripts].filter(s => s.textContent.includes('__pwned')).length")
        assert inline == 0, f"a document <script> reached the DOM of {url}"
        seen_text += p.locator("main").inner_text()
        _screenshot(p, f"sanitising-{urlsplit(url).path.strip('/').replace('/', '-') or 'home'}")
    # The payloads were on the pages as text: escaped, shown, inert. Without this the test
    # would pass on pages that merely dropped the document.
    for payload in TEXT_PAYLOADS:
        assert payload in seen_text, f"{payload!r} not shown as text on {urls}"
    assert watch.page_errors == []
