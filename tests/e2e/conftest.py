"""Session fixtures for the browser tests: one Streamlit server, one Chromium, fresh contexts.

* the warehouse is the session's ``db_path`` (tests/conftest.py), passed as PROGRAMMES_DB;
* ``streamlit run app.py`` listens on a free loopback port, its output in test-results/;
* Debian's Chromium (/usr/bin/chromium) is launched once; never a downloaded browser. Without
  it every browser test is skipped, with the reason shown in the summary;
* the server is warmed (``/`` opened once) before any test measures or looks at it.
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PAGE,
    PROJECT,
    RESULTS,
    SERVER_LOG,
    SHOWCASE,
    TIMINGS,
    TIMINGS_FILE,
    Views,
    choose_views,
    open_showcase,
    open_view,
    timings_report,
    timings_table,
)

HEALTH_TIMEOUT_S = 60
DESKTOP_VIEW_USERS = 2  # test_screenshots (desktop) and test_accessibility


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: drives the real dashboard in Chromium (slow)")


def pytest_terminal_summary(terminalreporter):
    report = timings_report()
    if report:
        terminalreporter.write_sep("-", "browser render times (warm server, navigation start → script done "
                                        "and first chart drawn)")
        terminalreporter.write_line(timings_table(report))
        terminalreporter.write_line(f"written to {TIMINGS_FILE.relative_to(PROJECT)}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _log_tail(lines: int = 40) -> str:
    try:
        return "\n".join(SERVER_LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_healthy(process: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with code {process.returncode} before it was healthy:\n{_log_tail()}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit did not answer /_stcore/health within {HEALTH_TIMEOUT_S} s:\n{_log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium_path():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
                    "it is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def app_server(db_path, chromium_path):
    """``streamlit run app.py`` on a free loopback port; yields its base URL."""
    RESULTS.mkdir(exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "app.py",
               "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false",
               # Edits to the sources while the tests run must not restart sessions mid-test.
               "--server.fileWatcherType", "none"]
    env = {**os.environ, "PROGRAMMES_DB": str(db_path), "PYTHONUNBUFFERED": "1"}
    with open(SERVER_LOG, "wb") as log:
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(process, base)
        yield base
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def chromium(chromium_path):
    """One headless Chromium for the whole session."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the e2e extra (playwright)")
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def base_url(app_server, chromium):
    """The server's URL, after one warm-up visit to the overview (first imports and queries)."""
    context = chromium.new_context(viewport=DESKTOP)
    try:
        open_view(context, app_server + PAGE["overview"].path, need_chart=True)
    finally:
        context.close()
    return app_server


@pytest.fixture(scope="session")
def desktop_view(base_url, chromium):
    """The showcase view of a page at 1366 px, opened once and made as tall as its content, shared
    by the screenshot and the accessibility test (``with desktop_view(key, lang) as page``); the
    tab is closed after its last user."""
    views: dict[tuple[str, str], dict] = {}

    @contextlib.contextmanager
    def view(key: str, lang: str):
        entry = views.get((key, lang))
        if entry is None:
            context = chromium.new_context(viewport=DESKTOP)
            context.set_default_timeout(30_000)
            entry = views[(key, lang)] = {"context": context, "users": 0}
            entry["page"] = open_showcase(context, base_url, key, lang, DESKTOP["width"])
        try:
            yield entry["page"]
        finally:
            entry["users"] += 1
            if entry["users"] >= DESKTOP_VIEW_USERS:
                entry["context"].close()
                del views[(key, lang)]

    yield view
    for entry in views.values():
        entry["context"].close()


@pytest.fixture
def new_context(chromium):
    """Fresh browser contexts (no cookies, cache or Streamlit session); closed after the test."""
    contexts = []

    def make(viewport: dict | None = None, **options):
        context = chromium.new_context(viewport=viewport or DESKTOP, accept_downloads=True, **options)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def timings():
    """Render-time samples per (page, lang); written to test-results/timings.json at the end."""
    yield TIMINGS
    report = timings_report()
    if report:
        RESULTS.mkdir(exist_ok=True)
        TIMINGS_FILE.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def db(warehouse):
    """The warehouse the server reads (read-only connection); expected values come from here."""
    return warehouse


@pytest.fixture(scope="session", autouse=True)
def chosen_views(warehouse) -> Views:
    """The communities, measure and line the browser tests open, chosen from the warehouse; the
    showcase views (screenshots, axe, timings) open the same measure and line."""
    views = choose_views(warehouse)
    SHOWCASE.clear()
    SHOWCASE.update(views.showcase)
    return views

