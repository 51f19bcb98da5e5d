"""The dashboard works offline: no page asks any host but the dashboard's own for anything.

Every page of hromada.frame.PAGES is opened in Chromium, in both languages, with every request
watched (and any to another host aborted); the page icon must be a file the dashboard serves.
The same runs on a second server whose warehouse carries hostile document text
(tests/hostile.py), where the text must also show literally: no link, image, bold text, TeX or
coloured span made of it, in the page or in the charts.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hostile import OUTSIDE, build_hostile_warehouse

from hromada.frame import PAGES as FRAME_PAGES
from hromada.safe_text import WORD_JOINER

from .conftest import _free_port, _stop, _wait_healthy
from .helpers import DESKTOP, LANGS, PROJECT, RESULTS, chart_text, exceptions, fetch, open_view, page_url, squash
from .helpers import PAGES as APP_PAGES

pytestmark = pytest.mark.e2e

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
NO_HOST_SCHEMES = {"data", "blob", "about", "chrome-error"}
HOSTILE_LOG = RESULTS / "streamlit-e2e-hostile.log"


def _path(script: str) -> str:
    """The URL path Streamlit gives a script: ``/`` for the entry point, ``/name`` for pages/name.py."""
    return "/" if script == "app.py" else "/" + Path(script).stem


def _app_page(script: str):
    return next(page for page in APP_PAGES if page.script == script)


class Watch:
    """Every request a browser context makes; any to another host is aborted (offline)."""

    def __init__(self, context):
        self.outside: list[str] = []
        self.local = 0
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in NO_HOST_SCHEMES or parts.hostname in LOCAL_HOSTS:
            self.local += 1
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("internetdisconnected")


def icon_links(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('link[rel~="icon"], link[rel="apple-touch-icon"]')]
        .map(link => link.href)""")


def visit_every_page(chromium, base: str, params: dict[str, str], extra: dict[str, dict] | None = None,
                     langs=LANGS) -> dict:
    """Open each page in each language in one watched context; returns what was requested."""
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(30_000)
    watch = Watch(context)
    seen = {}
    try:
        for script, _title, _icon in FRAME_PAGES:
            app_page = _app_page(script)
            assert _path(script) == app_page.path, script
            for lang in langs:
                url = page_url(base, app_page, {**params, **(extra or {}).get(script, {})}, lang)
                page, _ = open_view(context, url, need_chart=app_page.has_chart)
                assert not exceptions(page), (url, exceptions(page))
                icons = icon_links(page)
                assert icons, f"{url}: the page has an icon"
                for icon in icons:
                    assert urlsplit(icon).hostname in LOCAL_HOSTS or urlsplit(icon).scheme == "data", (url, icon)
                seen[url] = page
                if len(seen) > 2:  # keep few tabs open on a small machine
                    seen.pop(next(iter(seen))).close()
        return {"outside": list(watch.outside), "local": watch.local}
    finally:
        context.close()


def test_every_page_works_offline(base_url, chromium, db):
    requests = visit_every_page(chromium, base_url, {})
    print(f"\nrequests to the dashboard: {requests['local']}, elsewhere: {len(requests['outside'])}")
    assert requests["local"] > 0
    assert requests["outside"] == [], "requests left the machine"


# -- Hostile document text ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return build_hostile_warehouse(PROJECT / "data", tmp_path_factory.mktemp("hostile-e2e"))


@pytest.fixture(scope="module")
def hostile_server(hostile, chromium_path):
    """A second ``streamlit run app.py`` whose PROGRAMMES_DB is the hostile warehouse."""
    RESULTS.mkdir(exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    env = {**os.environ, "PROGRAMMES_DB": str(hostile.db_path), "PYTHONUNBUFFERED": "1"}
    with open(HOSTILE_LOG, "wb") as log:
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(process, base)
        yield base
    finally:
        _stop(process)


def hostile_views(hostile, db) -> dict[str, dict]:
    other = next(row["community_id"] for row in fetch(db, "SELECT community_id FROM community ORDER BY community_id")
                 if row["community_id"] != hostile.community_id)
    return {"pages/measures.py": {"measure": hostile.measure_id}, "pages/priorities.py": {"view": "own"},
            "pages/compare.py": {"cmp": f"{hostile.community_id},{other}"},
            "pages/quality.py": {"doc": hostile.community_id, "severity": "error,warning,info"}}


def test_hostile_warehouse_works_offline(hostile, hostile_server, chromium, db):
    requests = visit_every_page(chromium, hostile_server, {"c": hostile.community_id}, hostile_views(hostile, db),
                                langs=("uk",))
    print(f"\nhostile text: requests to the dashboard: {requests['local']}, elsewhere: {len(requests['outside'])}")
    assert requests["outside"] == [], "requests left the machine"


INTERPRETED = """(outside) => {
    const main = document.querySelector('[data-testid="stApp"]');
    const found = [];
    for (const link of main.querySelectorAll('a[href]')) if (link.href.includes(outside)) found.push(link.outerHTML);
    for (const image of main.querySelectorAll('img')) {
        if ((image.getAttribute('src') || '').includes(outside)) found.push(image.outerHTML);
    }
    for (const node of main.querySelectorAll('[data-testid="stMarkdownContainer"] :is(strong, b, em, i)')) {
        if (/^(bold|b|i)$/.test(node.textContent.trim())) found.push(node.outerHTML);
    }
    for (const node of main.querySelectorAll('.katex, .stMarkdownColoredText, svg a')) found.push(node.outerHTML);
    // Plotly draws <b> and <i> as styled tspans (its own chart titles are bold: only the payload's count).
    const styled = '.js-plotly-plot text tspan[style*="bold"], .js-plotly-plot text tspan[style*="italic"]';
    for (const node of main.querySelectorAll(styled)) {
        if (/^(b|i)$/.test(node.textContent.trim())) found.push(node.outerHTML);
    }
    return found.map(html => html.slice(0, 300));
}"""


def test_hostile_text_is_shown_literally(hostile, hostile_server, new_context):
    context = new_context()
    measure = page_url(hostile_server, _app_page("pages/measures.py"),
                       {"c": hostile.community_id, "measure": hostile.measure_id})
    page, _ = open_view(context, measure, need_chart=False)
    assert not exceptions(page)
    assert page.evaluate(INTERPRETED, OUTSIDE) == []
    # The measure's heading reads exactly as the document writes the name.
    heading = page.locator('[data-testid="stMain"] h3').first
    assert squash(heading.inner_text().replace(WORD_JOINER, "")) == squash(hostile.names["measure"])

    priorities = page_url(hostile_server, _app_page("pages/priorities.py"), {"c": hostile.community_id, "view": "own"})
    page, _ = open_view(context, priorities, need_chart=True)
    assert not exceptions(page)
    text = chart_text(page)
    # Plotly drew the tags and the dollars as characters: the shortened direction and measure names.
    assert "<b>b</b> <i>i</i> $x$" in text, text[:2000]
    assert page.evaluate(INTERPRETED, OUTSIDE) == []
