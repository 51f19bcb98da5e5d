"""How fast the dashboard is, against the floor: a bare Streamlit page with one Plotly chart.

    .venv/bin/python scripts/benchmark.py                  # 5 rounds on the real warehouse
    .venv/bin/python scripts/benchmark.py --rounds 3 --scale
    .venv/bin/python scripts/benchmark.py --rounds 1 --pages overview,measures

What it measures (every request stays on 127.0.0.1):

* build: ``python -m etl build`` against a bare ``python -c pass`` (median of a few runs);
* national warehouse: ``scripts/scale_warehouse.py --communities 1469`` (one run);
* pack: ``python -m hromada pack`` of every community (one run; also one with ``--no-images``);
* server script: ``AppTest`` run of each page on a warm cache, median of three, in a separate
  process with ``PROGRAMMES_DB`` set (what the server spends on a page, without a browser);
* page loads: the dashboard (``streamlit run app.py``) and the floor (scripts/floor_app.py) run
  side by side; every page is loaded in a fresh Chromium context, each load followed by a floor
  load, for ``--rounds`` rounds after one unrecorded warm-up load of each. Per load: time to
  first chart (navigation start → the first Plotly data mark drawn) and time to settled (the
  script run finished, no skeleton, status widget idle, nothing stale, every chart drawn, and the
  DOM quiet for 300 ms; settled is the last change before that quiet). Ratios are medians of the
  per-pair ratios (each load against the floor load next to it);
* filter change: on the overview, one community removed from the sidebar multiselect, against
  the floor's checkbox rerun: pointer down → settled, per pair;
* memory: the dashboard server's peak RSS (VmHWM) after all its loads.

With ``--scale`` the dashboard is restarted on the national warehouse and measured again.
Results go to test-results/benchmark.json and a Markdown table on stdout. Times only mean
something against the machine's load, which is printed with them.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "test-results"
PYTHON = sys.executable
FLOOR = "scripts/floor_app.py"
NATIONAL = 1469  # communities in Ukraine's national scale

CHROMIUM = "/usr/bin/chromium"
# Anything not on loopback fails at once: names do not resolve, IP literals go to a dead proxy.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                 "--proxy-server=http://127.0.0.1:9"]
VIEWPORT = {"width": 1366, "height": 768}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PlaywrightTimeout: type = TimeoutError  # playwright's own, once the browser is started

QUIET_MS = 300
LOAD_TIMEOUT_S = 60
HEALTH_TIMEOUT_S = 60
APPTEST_SAMPLES = 3
APPTEST_TIMEOUT_S = 120

BUDGETS = {
    "first_chart_ratio": 1.3,  # 5 communities: first chart ≤ 1.3 × the floor's
    "filter_change_beyond_floor_s": 0.3,
    "national_ratio": 2.0,  # 1 469 communities: drawn ≤ 2 × the floor's
    "national_script_s": 1.0,
    "memory_mb": 1024,
    "build_beyond_interpreter_s": 1.0,
    "national_warehouse_s": 30.0,
    "pack_s": 5.0,
}

# Visible Plotly data marks (as tests/e2e/helpers.py), and any drawn trace group for other types.
MARKS = (".js-plotly-plot .bars .point path, .js-plotly-plot .scatterlayer .points path, "
         ".js-plotly-plot .treemaplayer .slice, .js-plotly-plot .pielayer .slice, "
         ".js-plotly-plot .heatmaplayer image, .js-plotly-plot g.trace")

# Installed before any page script: notes the first drawn chart mark, the last DOM change, the
# script runs (stApp's data-test-script-state) and the last pointer down, all in ms since
# navigation start.
INIT = """(() => {
    const MARKS = __MARKS__;
    const bench = window.__bench = {firstChart: null, lastMutation: 0, runs: 0, pointerDown: null};
    const drawn = () => {
        for (const mark of document.querySelectorAll(MARKS)) {
            const box = mark.getBoundingClientRect();
            if (box.width > 0 || box.height > 0) return true;
        }
        return false;
    };
    new MutationObserver(records => {
        const now = performance.now();
        bench.lastMutation = now;
        for (const record of records) {
            if (record.attributeName === 'data-test-script-state'
                && (record.oldValue === 'running' || record.target.getAttribute('data-test-script-state') === 'running')) {
                bench.runs += 1;
            }
        }
        if (bench.firstChart === null && document.querySelector('.js-plotly-plot') && drawn()) bench.firstChart = now;
    }).observe(document, {subtree: true, childList: true, attributes: true, attributeOldValue: true,
                          characterData: true});
    addEventListener('pointerdown', event => { bench.pointerDown = event.timeStamp; }, true);
})();""".replace("__MARKS__", json.dumps(MARKS))

# Settled: see the module doc string. Returns what the page noted, or false.
SETTLED = """([quiet, minRuns, search]) => {
    const bench = window.__bench;
    const app = document.querySelector('[data-testid="stApp"]');
    if (!bench || !app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    // A very short run can show no "running" state at all (React batches it away); the URL that
    // the app and the floor rewrite after a run is the second witness.
    if (bench.runs < minRuns && (search === null || location.search === search)) return false;
    if (document.querySelector('[data-testid="stAppSkeleton"], [data-testid="stSkeleton"], '
        + '[data-testid^="stStatusWidgetRunning"], [data-stale="true"]')) return false;
    if (!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')) return false;
    const error = document.querySelector('[data-testid="stException"]');
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    if (!error && charts.some(chart => !chart.querySelector('.main-svg'))) return false;
    if (!error && charts.length && bench.firstChart === null) return false;
    if (performance.now() - bench.lastMutation < quiet) return false;
    return {settled: bench.lastMutation, firstChart: bench.firstChart, charts: charts.length, runs: bench.runs,
            pointerDown: bench.pointerDown, error: error ? error.innerText.slice(0, 300) : null};
}"""


# -- small helpers ---------------------------------------------------------------------------

def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def median(values) -> float | None:
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def rounded(value, digits: int = 3):
    return None if value is None else round(value, digits)


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_timed(command: list[str], timeout: float, env: dict | None = None) -> dict:
    """Wall time of one command (from the project directory); its output tail if it failed."""
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "error": f"timed out after {timeout:.0f} s"}
    seconds = time.perf_counter() - started
    if done.returncode:
        tail = done.stdout.decode(errors="replace").strip().splitlines()[-5:]
        return {"seconds": seconds, "error": f"exit {done.returncode}: " + " | ".join(tail)}
    return {"seconds": seconds, "error": None}


def communities_in(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute("SELECT count(*) FROM community").fetchone()[0]


def dashboard_pages() -> list[dict]:
    """The pages in menu order, from hromada.frame.PAGES (the app's own list), read without
    importing the app (that would load Streamlit into this process for nothing)."""
    tree = ast.parse((PROJECT / "hromada" / "frame.py").read_text(encoding="utf-8"))
    entries = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                   and any(isinstance(target, ast.Name) and target.id == "PAGES" for target in node.targets))
    return [{"key": title.removeprefix("page_"), "script": script,
             "path": "/" if script == "app.py" else "/" + Path(script).stem} for script, title, _icon in entries]


# -- servers ---------------------------------------------------------------------------------

class Server:
    """``streamlit run SCRIPT`` on a free loopback port; its output in test-results/."""

    def __init__(self, name: str, script: str, db: Path | None = None):
        self.name, self.script, self.db = name, script, db
        self.process: subprocess.Popen | None = None
        self.base = ""

    def start(self) -> Server:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        command = [PYTHON, "-m", "streamlit", "run", self.script, "--server.headless", "true",
                   "--server.port", str(port), "--server.address", "127.0.0.1",
                   "--browser.gatherUsageStats", "false",
                   # Other work on the sources must not restart the server mid-measurement.
                   "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if self.db is not None:
            env["PROGRAMMES_DB"] = str(self.db)
        RESULTS.mkdir(exist_ok=True)
        with open(RESULTS / f"benchmark-{self.name}.log", "wb") as output:
            # Its own session: Ctrl-C reaches only this script, which stops the server in order.
            self.process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: streamlit exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"{self.name}: no answer on /_stcore/health within {HEALTH_TIMEOUT_S} s")

    def peak_rss_mb(self) -> float | None:
        """VmHWM: the most resident memory the server process has had."""
        if self.process is None:
            return None
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


# -- the browser -----------------------------------------------------------------------------

class Browser:
    def __init__(self):
        from playwright.sync_api import TimeoutError, sync_playwright

        global PlaywrightTimeout
        PlaywrightTimeout = TimeoutError

        self.playwright = sync_playwright().start()
        try:
            self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception:
            self.playwright.stop()
            raise
        self.outside: list[str] = []  # requests that tried to leave the machine

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.browser.close()
        with contextlib.suppress(Exception):
            self.playwright.stop()

    def _watch(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            self.outside.append(request.url)

    def load(self, url: str, change=None) -> dict:
        """Open ``url`` in a fresh context and wait until settled; with ``change`` (a function of
        the page that clicks something), also time pointer down → settled after the rerun."""
        context = self.browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(LOAD_TIMEOUT_S * 1000)
        context.add_init_script(INIT)
        context.on("request", self._watch)
        result: dict = {"first_chart_s": None, "settled_s": None, "charts": None, "error": None}
        try:
            page = context.new_page()
            page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
            try:
                noted = self._settled(page, 1)
            except PlaywrightTimeout:  # never settled: keep the first chart if it was drawn
                partial = page.evaluate("() => window.__bench || {}")
                result.update(first_chart_s=_seconds(partial.get("firstChart")), error="timeout")
                return result
            result.update(first_chart_s=_seconds(noted["firstChart"]), settled_s=_seconds(noted["settled"]),
                          charts=noted["charts"], error=noted["error"])
            if change is not None and not noted["error"]:
                runs, search = noted["runs"], page.evaluate("() => location.search")
                change(page)
                try:
                    noted = self._settled(page, runs + 1, search)
                except PlaywrightTimeout:
                    result["error"] = "timeout"
                    return result
                result["change_s"] = _seconds(noted["settled"] - noted["pointerDown"]) \
                    if noted["pointerDown"] is not None else None
                result["error"] = noted["error"]
        except Exception as error:  # a timeout or a failed click: recorded, the run goes on
            result["error"] = "timeout" if "Timeout" in type(error).__name__ or "Timeout" in str(error)[:80] \
                else f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
        finally:
            with contextlib.suppress(Exception):
                context.close()
        return result

    @staticmethod
    def _settled(page, min_runs: int, search: str | None = None) -> dict:
        handle = page.wait_for_function(SETTLED, arg=[QUIET_MS, min_runs, search], polling="raf",
                                        timeout=LOAD_TIMEOUT_S * 1000)
        return handle.json_value()


def _seconds(milliseconds) -> float | None:
    return None if milliseconds is None else milliseconds / 1000.0


def remove_first_community(page) -> None:
    """The dashboard's filter change: remove the first community tag in the sidebar."""
    select = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    name = select.locator("[data-tag] span[title]").first.get_attribute("title")
    select.get_by_role("button", name=f"Remove {name}", exact=True).click()


def toggle_floor(page) -> None:
    page.locator('[data-testid="stCheckbox"] label').first.click()


# -- server script time (AppTest) ------------------------------------------------------------

def apptest_worker(scripts: list[str], samples: int) -> None:
    """Run in a child process (PROGRAMMES_DB set): each page once to fill the caches, then
    ``samples`` timed runs, each in a fresh AppTest session. Prints JSON."""
    os.chdir(PROJECT)
    sys.path.insert(0, str(PROJECT))
    from streamlit.testing.v1 import AppTest

    out = {}
    for script in scripts:
        times, error = [], None
        for attempt in range(samples + 1):
            try:
                app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=APPTEST_TIMEOUT_S)
                if script == "app.py":
                    started = time.perf_counter()
                    app.run()
                else:
                    app.run()  # the session starts on the overview, as in tests/app
                    started = time.perf_counter()
                    app.switch_page(script).run()
                seconds = time.perf_counter() - started
            except Exception as problem:
                error = "timeout" if "timeout" in str(problem).lower() else f"{type(problem).__name__}: {problem}"[:200]
                break
            if app.exception:
                error = "exception: " + str(app.exception[0].value)[:200]
                break
            if attempt:
                times.append(seconds)
        out[script] = {"samples_s": [round(value, 3) for value in times], "median_s": rounded(median(times)),
                       "error": error}
    print(json.dumps(out))


def server_script_times(db: Path, scripts: list[str]) -> dict:
    env = {**os.environ, "PROGRAMMES_DB": str(db)}
    timeout = (APPTEST_SAMPLES + 2) * APPTEST_TIMEOUT_S * len(scripts)
    try:
        done = subprocess.run([PYTHON, __file__, "--apptest-worker", ",".join(scripts)], cwd=PROJECT, env=env,
                              capture_output=True, timeout=timeout)
        return json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError) as error:
        log(f"server script times failed: {type(error).__name__}")
        return {script: {"samples_s": [], "median_s": None, "error": type(error).__name__} for script in scripts}


# -- one scale: servers up, pages loaded -----------------------------------------------------

def measure_scale(browser: Browser, floor: Server, db: Path, pages: list[dict], rounds: int, label: str) -> dict:
    communities = communities_in(db)
    log(f"[{label}] server script (AppTest) on {communities} communities …")
    scripts = server_script_times(db, [page["script"] for page in pages])
    dashboard = Server(f"dashboard-{label}", "app.py", db).start()
    try:
        log(f"[{label}] dashboard on {dashboard.base}, floor on {floor.base}; warm-up …")
        for page in pages:  # unrecorded: the first visit fills the server's caches
            browser.load(dashboard.base + page["path"])
        browser.load(floor.base)
        browser.load(dashboard.base + "/", change=remove_first_community)
        browser.load(floor.base, change=toggle_floor)

        loads = {page["key"]: [] for page in pages}
        for number in range(rounds):
            for page in pages:
                sample = browser.load(dashboard.base + page["path"])
                sample["floor"] = browser.load(floor.base)
                loads[page["key"]].append(sample)
                log(f"[{label}] round {number + 1}/{rounds} {page['key']:<12} " + _describe(sample))
        changes = []
        for number in range(rounds):
            sample = browser.load(dashboard.base + "/", change=remove_first_community)
            sample["floor"] = browser.load(floor.base, change=toggle_floor)
            changes.append(sample)
            log(f"[{label}] round {number + 1}/{rounds} filter change {_seconds_text(sample.get('change_s'))} "
                f"floor {_seconds_text(sample['floor'].get('change_s'))}")
        memory = dashboard.peak_rss_mb()
    finally:
        dashboard.stop()
    return {
        "communities": communities,
        "pages": {page["key"]: _page_summary(page, loads[page["key"]], scripts.get(page["script"], {}))
                  for page in pages},
        "filter_change": _change_summary(changes),
        "server_peak_rss_mb": rounded(memory, 1),
    }


def _seconds_text(value) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _describe(sample: dict) -> str:
    floor = sample["floor"]
    text = (f"first chart {_seconds_text(sample['first_chart_s'])} settled {_seconds_text(sample['settled_s'])}"
            f" | floor {_seconds_text(floor['first_chart_s'])} / {_seconds_text(floor['settled_s'])}")
    errors = [error for error in (sample["error"], floor["error"]) if error]
    return text + (f"  ({'; '.join(errors)})" if errors else "")


def _ratio(value, floor) -> float | None:
    return value / floor if value is not None and floor else None


def _page_summary(page: dict, samples: list[dict], script: dict) -> dict:
    has_chart = any(sample["charts"] for sample in samples)
    # A page without a chart is drawn when it settles; it is read against the floor's first chart.
    drawn = [sample["first_chart_s"] if has_chart else sample["settled_s"] for sample in samples]
    floor_first = [sample["floor"]["first_chart_s"] for sample in samples]
    floor_settled = [sample["floor"]["settled_s"] for sample in samples]
    timeouts = sum(sample["error"] == "timeout" for sample in samples)
    return {
        "script": page["script"], "path": page["path"], "has_chart": has_chart, "timeouts": timeouts,
        "first_chart_s": [rounded(sample["first_chart_s"]) for sample in samples],
        "settled_s": [rounded(sample["settled_s"]) for sample in samples],
        "floor_first_chart_s": [rounded(value) for value in floor_first],
        "floor_settled_s": [rounded(value) for value in floor_settled],
        "errors": [error for sample in samples for error in (sample["error"], sample["floor"]["error"]) if error],
        "drawn_median_s": rounded(median(drawn)),
        "floor_first_chart_median_s": rounded(median(floor_first)),
        "drawn_ratio_median": rounded(median(_ratio(a, b) for a, b in zip(drawn, floor_first, strict=True))),
        "settled_median_s": rounded(median(sample["settled_s"] for sample in samples)),
        "floor_settled_median_s": rounded(median(floor_settled)),
        "settled_ratio_median": rounded(median(_ratio(sample["settled_s"], floor)
                                               for sample, floor in zip(samples, floor_settled, strict=True))),
        "server_script_median_s": script.get("median_s"),
        "server_script_samples_s": script.get("samples_s", []),
        "server_script_error": script.get("error"),
    }


def _change_summary(samples: list[dict]) -> dict:
    dashboard = [sample.get("change_s") for sample in samples]
    floor = [sample["floor"].get("change_s") for sample in samples]
    beyond = [a - b for a, b in zip(dashboard, floor, strict=True) if a is not None and b is not None]
    return {
        "interaction": "overview: remove the first community from the sidebar multiselect; "
                       "floor: toggle its checkbox (pointer down → settled)",
        "dashboard_s": [rounded(value) for value in dashboard], "floor_s": [rounded(value) for value in floor],
        "dashboard_median_s": rounded(median(dashboard)), "floor_median_s": rounded(median(floor)),
        "beyond_floor_median_s": rounded(median(beyond)),
        "errors": [error for sample in samples for error in (sample["error"], sample["floor"]["error"]) if error],
    }


# -- budgets and the table -------------------------------------------------------------------

def budgets(report: dict) -> list[dict]:
    """Each budget of issue 14 with the measured value; met is None when it was not measured."""
    rows = []

    def add(name: str, value, limit, unit: str = "", timeouts: int = 0) -> None:
        # Nothing measured because every load timed out is a missed budget, not an unknown one.
        met = (False if timeouts else None) if value is None else value <= limit
        rows.append({"budget": name, "value": rounded(value), "limit": limit, "unit": unit, "met": met,
                     "timeouts": timeouts})

    small = report["scales"].get("small")
    if small:
        for key, page in small["pages"].items():
            add(f"{small['communities']} communities: {key} {'first chart' if page['has_chart'] else 'settled'}"
                " / floor first chart", page["drawn_ratio_median"], BUDGETS["first_chart_ratio"], "×",
                page["timeouts"])
        add(f"{small['communities']} communities: filter change beyond the floor's rerun",
            small["filter_change"]["beyond_floor_median_s"], BUDGETS["filter_change_beyond_floor_s"], "s")
    national = report["scales"].get("national")
    if national:
        for key, page in national["pages"].items():
            add(f"{national['communities']} communities: {key} drawn / floor", page["drawn_ratio_median"],
                BUDGETS["national_ratio"], "×", page["timeouts"])
            add(f"{national['communities']} communities: {key} server script", page["server_script_median_s"],
                BUDGETS["national_script_s"], "s")
    for scale in report["scales"].values():
        add(f"{scale['communities']} communities: server peak memory", scale["server_peak_rss_mb"],
            BUDGETS["memory_mb"], "MB")
    add("build beyond interpreter start-up", report["build"]["beyond_interpreter_s"],
        BUDGETS["build_beyond_interpreter_s"], "s")
    add("national warehouse", report["national_warehouse"]["seconds"], BUDGETS["national_warehouse_s"], "s")
    add("pack", report["pack"]["seconds"], BUDGETS["pack_s"], "s")
    return rows


def _mark(value, limit) -> str:
    return "" if value is None else (" ✓" if value <= limit else " ✗")


def _pair(value, floor, ratio, limit=None) -> str:
    if value is None:
        return "—"
    text = f"{value:.2f} / {floor:.2f}" if floor is not None else f"{value:.2f}"
    if ratio is not None:
        text += f" (×{ratio:.2f}{_mark(ratio, limit) if limit else ''})"
    return text


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def markdown(report: dict) -> str:
    small, national = report["scales"].get("small"), report["scales"].get("national")
    n_small = _thousands(small["communities"]) if small else "?"
    n_national = _thousands(national["communities"]) if national else _thousands(report["national_warehouse"]
                                                                              .get("communities") or NATIONAL)
    lines = [f"| page | {n_small} communities: first chart / floor (s) | settled / floor (s) | server script (s) "
             f"| {n_national}: drawn (s) and ratio | server script at {n_national} (s) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for key, page in (small or {}).get("pages", {}).items():
        far = (national or {}).get("pages", {}).get(key)
        first = _pair(page["drawn_median_s"], page["floor_first_chart_median_s"], page["drawn_ratio_median"],
                      BUDGETS["first_chart_ratio"])
        if not page["has_chart"]:
            first = "no chart; settled " + first
        settled = _pair(page["settled_median_s"], page["floor_settled_median_s"], page["settled_ratio_median"])
        script = "—" if page["server_script_median_s"] is None else f"{page['server_script_median_s']:.2f}"
        if page["server_script_error"]:
            script += f" ({page['server_script_error'][:40]})"
        if far:
            drawn = _pair(far["drawn_median_s"], None, far["drawn_ratio_median"], BUDGETS["national_ratio"])
            if far["timeouts"]:
                drawn += f"; {far['timeouts']} of {len(far['settled_s'])} never settled" \
                         + (" ✗" if far["drawn_median_s"] is None else "")
            far_script = "—" if far["server_script_median_s"] is None else \
                f"{far['server_script_median_s']:.2f}{_mark(far['server_script_median_s'], BUDGETS['national_script_s'])}"
        else:
            drawn = far_script = "not run"
        errors = len(page["errors"]) + (len(far["errors"]) if far else 0)
        lines.append(f"| {key}{f' ({errors} failed)' if errors else ''} | {first} | {settled} | {script} "
                     f"| {drawn} | {far_script} |")
    lines.append("")
    for scale in (small, national):
        if not scale:
            continue
        change = scale["filter_change"]
        beyond = change["beyond_floor_median_s"]
        lines.append(f"- filter change at {_thousands(scale['communities'])} communities (remove one community): "
                     f"{_seconds_text(change['dashboard_median_s'])} against the floor's rerun "
                     f"{_seconds_text(change['floor_median_s'])}: "
                     + ("—" if beyond is None else f"+{beyond:.2f} s") +
                     (_mark(beyond, BUDGETS["filter_change_beyond_floor_s"]) if scale is small else "")
                     + (f" ({len(change['errors'])} failed)" if change["errors"] else ""))
    build = report["build"]
    lines.append(f"- build: {_seconds_text(build['build_median_s'])} against interpreter start-up "
                 f"{_seconds_text(build['interpreter_median_s'])}: "
                 + ("—" if build["beyond_interpreter_s"] is None else f"+{build['beyond_interpreter_s']:.2f} s")
                 + _mark(build["beyond_interpreter_s"], BUDGETS["build_beyond_interpreter_s"]))
    warehouse = report["national_warehouse"]
    lines.append(f"- national warehouse ({_thousands(warehouse.get('communities') or 0)} communities): "
                 f"{_seconds_text(warehouse['seconds'])}{_mark(warehouse['seconds'], BUDGETS['national_warehouse_s'])}"
                 + (f" ({warehouse['error']})" if warehouse.get("error") else ""))
    pack = report["pack"]
    lines.append(f"- pack ({n_small} communities, with charts): {_seconds_text(pack['seconds'])}"
                 f"{_mark(pack['seconds'], BUDGETS['pack_s'])}" + (f" ({pack['error']})" if pack.get("error") else "")
                 + f"; without charts (--no-images) {_seconds_text(pack.get('no_images_seconds'))}")
    memory = ", ".join(f"{_thousands(scale['communities'])} communities {scale['server_peak_rss_mb']:.0f} MB"
                       f"{_mark(scale['server_peak_rss_mb'], BUDGETS['memory_mb'])}"
                       for scale in (small, national) if scale and scale["server_peak_rss_mb"] is not None)
    lines.append(f"- server peak memory (VmHWM): {memory or '—'}")
    machine = report["machine"]
    lines.append(f"- machine: {machine['cores']} cores, load average {machine['load_before']} before, "
                 f"{machine['load_after']} after; {report['settings']['rounds']} rounds")
    if report["outside_requests"]:
        lines.append(f"- requests that tried to leave the machine (blocked): {len(report['outside_requests'])}")
    met = [row["met"] for row in report["budgets"]]
    lines.append(f"- budgets met: {met.count(True)} of {len(met)}"
                 + (f" ({met.count(None)} not measured)" if None in met else ""))
    return "\n".join(lines)


# -- main ------------------------------------------------------------------------------------

def build_times(work: Path, runs: int) -> tuple[Path, dict]:
    db = work / "programmes.duckdb"
    interpreter = [run_timed([PYTHON, "-c", "pass"], 60)["seconds"] for _ in range(max(runs, 3))]
    builds = []
    for _ in range(runs):
        result = run_timed([PYTHON, "-m", "etl", "build", "--db", str(db)], 600)
        if result["error"]:
            raise SystemExit(f"benchmark: the build failed: {result['error']}")
        builds.append(result["seconds"])
    build, start = median(builds), median(interpreter)
    return db, {"build_s": [rounded(value) for value in builds], "build_median_s": rounded(build),
                "interpreter_s": [rounded(value) for value in interpreter], "interpreter_median_s": rounded(start),
                "beyond_interpreter_s": rounded(build - start)}


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="recorded loads per page (default 5)")
    parser.add_argument("--scale", action="store_true", help="measure the pages on the national warehouse too")
    parser.add_argument("--communities", type=int, default=NATIONAL, help="the national scale (default 1469)")
    parser.add_argument("--pages", default="", help="comma-separated page keys or scripts (default: every page)")
    parser.add_argument("--json", default=str(RESULTS / "benchmark.json"), help="where the results go")
    parser.add_argument("--apptest-worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.apptest_worker is not None:
        apptest_worker(args.apptest_worker.split(","), APPTEST_SAMPLES)
        return 0
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if not Path(CHROMIUM).exists():
        parser.error(f"needs Debian's Chromium at {CHROMIUM}")

    pages = dashboard_pages()
    if args.pages:
        wanted = {name.strip() for name in args.pages.split(",") if name.strip()}
        unknown = wanted - {page["key"] for page in pages} - {page["script"] for page in pages}
        if unknown:
            parser.error(f"unknown pages {sorted(unknown)}; known: {', '.join(page['key'] for page in pages)}")
        pages = [page for page in pages if page["key"] in wanted or page["script"] in wanted]

    # SIGTERM ends the run like Ctrl-C does: through the finally blocks that stop the servers.
    signal.signal(signal.SIGTERM, _interrupt)
    report: dict = {
        "machine": {"cores": os.cpu_count(), "load_before": load_average(), "load_after": None,
                    "python": platform.python_version(), "started": datetime.now(UTC).isoformat(timespec="seconds")},
        "settings": {"rounds": args.rounds, "quiet_ms": QUIET_MS, "load_timeout_s": LOAD_TIMEOUT_S,
                     "apptest_samples": APPTEST_SAMPLES, "pages": [page["key"] for page in pages],
                     "viewport": VIEWPORT},
        "budgets_limits": BUDGETS,
    }
    log(f"{report['machine']['cores']} cores, load average {report['machine']['load_before']}")
    work = Path(tempfile.mkdtemp(prefix="hromada-benchmark-"))
    browser = floor = None
    try:
        log("build …")
        db, report["build"] = build_times(work, min(args.rounds, 3))
        log("national warehouse …")
        national_db = work / "national.duckdb"
        result = run_timed([PYTHON, "scripts/scale_warehouse.py", "--source", str(db), "--out", str(national_db),
                            "--communities", str(args.communities)], 600)
        report["national_warehouse"] = {"seconds": rounded(result["seconds"]), "error": result["error"],
                                        "communities": None if result["error"] else communities_in(national_db)}
        log("pack …")
        result = run_timed([PYTHON, "-m", "hromada", "pack", "--db", str(db), "--out", str(work / "pack.zip")], 600)
        # Without the PNG charts too: tells the ZIP's own cost from the charts' (Chromium) cost.
        plain = run_timed([PYTHON, "-m", "hromada", "pack", "--db", str(db), "--no-images",
                           "--out", str(work / "pack-plain.zip")], 600)
        report["pack"] = {"seconds": rounded(result["seconds"]), "error": result["error"],
                          "no_images_seconds": rounded(plain["seconds"]), "no_images_error": plain["error"],
                          "communities": communities_in(db)}

        browser = Browser()
        floor = Server("floor", FLOOR).start()
        report["scales"] = {"small": measure_scale(browser, floor, db, pages, args.rounds, "small")}
        if args.scale and not report["national_warehouse"]["error"]:
            report["scales"]["national"] = measure_scale(browser, floor, national_db, pages, args.rounds, "national")
        report["outside_requests"] = sorted(set(browser.outside))
    finally:
        if floor is not None:
            floor.stop()
        if browser is not None:
            browser.close()
        shutil.rmtree(work, ignore_errors=True)
    report["machine"]["load_after"] = load_average()
    report["budgets"] = budgets(report)
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(markdown(report))
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted; servers stopped")
        sys.exit(130)
