"""A running dashboard shows a rebuilt warehouse: `python -m etl build` on changed data, then a
fresh tab shows the new figure — for a view the server has cached and for one never asked for.

The server here is the test's own (not the session's): it reads a temporary copy of the
warehouse, which the rebuild replaces, as `python -m etl build` replaces data/programmes.duckdb.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from etl.formatting import format_kuah

from .helpers import PAGE, PROJECT, RESULTS, exceptions, fetch, open_view, page_url, squash

pytestmark = pytest.mark.e2e

DATA = PROJECT / "data"
LOG = RESULTS / "streamlit-rebuild.log"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def live_warehouse(tmp_path, db_path) -> Path:
    target = tmp_path / "live" / "programmes.duckdb"
    target.parent.mkdir()
    shutil.copyfile(db_path, target)
    return target


@pytest.fixture()
def server(live_warehouse, chromium_path):
    """`streamlit run app.py` on the temporary warehouse; yields (base URL, process id)."""
    RESULTS.mkdir(exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PROGRAMMES_DB": str(live_warehouse), "PYTHONUNBUFFERED": "1"}
    with open(LOG, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"], cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, LOG.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not become healthy"
            time.sleep(0.25)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def one_amount_changed(data: Path, warehouse: Path) -> tuple[str, str]:
    """In a copy of data/, change the largest amount that can be told apart on its line (its last
    digit + 1) and record the document's new SHA-256 in the manifest. Returns (community, file)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        candidates = fetch(connection, """
            SELECT m.community_id, c.source_file, f.source_line, f.stated_text
            FROM funding AS f JOIN measure AS m USING (measure_id) JOIN community AS c USING (community_id)
            WHERE f.amount_kuah > 0 AND f.stated_text IS NOT NULL ORDER BY f.amount_kuah DESC""")
    for row in candidates:
        relative = row["source_file"].removeprefix("data/")
        lines = (data / relative).read_text(encoding="utf-8").split("\n")
        line, stated = lines[row["source_line"] - 1], row["stated_text"]
        if line.count(stated) == 1 and stated[-1] in "012345678":
            lines[row["source_line"] - 1] = line.replace(stated, stated[:-1] + str(int(stated[-1]) + 1))
            (data / relative).write_text("\n".join(lines), encoding="utf-8")
            manifest = data / "sources.toml"
            text = manifest.read_text(encoding="utf-8")
            start = text.index('sha256 = "', text.index(f'file = "{relative}"')) + len('sha256 = "')
            digest = hashlib.sha256((data / relative).read_bytes()).hexdigest()
            manifest.write_text(text[:start] + digest + text[start + 64:], encoding="utf-8")
            return row["community_id"], relative
    pytest.fail("no amount in the warehouse can be changed unambiguously in its document")


def total_of(warehouse: Path, community: str):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return fetch(connection, "SELECT programme_total_kuah FROM mart_community_summary WHERE community_id = ?",
                     [community])[0]["programme_total_kuah"]


def card_values(page) -> list[str]:
    return [squash(value) for value in page.locator('[data-testid="stMetricValue"]').all_inner_texts()]


def deleted_files_held(pid: int, name: str) -> list[str]:
    """Files named ``name`` the server still holds open although they were deleted (replaced)."""
    held = []
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(descriptor)
        except OSError:
            continue
        if name in target and target.endswith("(deleted)"):
            held.append(target)
    return held


def test_a_fresh_tab_shows_the_rebuilt_warehouse(server, live_warehouse, chromium, tmp_path):
    base, pid = server
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*"))
    community, document = one_amount_changed(data, live_warehouse)
    before = format_kuah(total_of(live_warehouse, community), unit=False)

    context = chromium.new_context()
    try:
        page, _ = open_view(context, page_url(base, PAGE["overview"]), need_chart=True)
        assert not exceptions(page)
        assert squash(before) in card_values(page), "the server first shows the warehouse it started with"
    finally:
        context.close()

    result = subprocess.run([sys.executable, "-m", "etl", "--data", str(data), "build", "--db", str(live_warehouse)],
                            cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    after = format_kuah(total_of(live_warehouse, community), unit=False)
    assert after != before, f"changing {document} did not change {community}'s total"

    # The same view as before (its queries are cached on the server), and one never asked for.
    for params in (None, {"c": community, "pop": "document"}):
        context = chromium.new_context()
        try:
            page, _ = open_view(context, page_url(base, PAGE["overview"], params), need_chart=True)
            assert not exceptions(page)
            shown = card_values(page)
            assert squash(after) in shown, f"{params}: the cards show {shown}, not the rebuilt total {after}"
            assert squash(before) not in shown, f"{params}: the old total {before} is still shown"
        finally:
            context.close()

    assert not deleted_files_held(pid, live_warehouse.name), "the replaced file is still open on the server"
    log = LOG.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-3000:]
