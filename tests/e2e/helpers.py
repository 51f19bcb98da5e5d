"""What the browser tests know about the dashboard, and small helpers to read it in Chromium.

Nothing here imports Playwright: the functions take Playwright objects, so the fast test run
(``-m "not e2e"``) can collect this package without a browser.
"""
from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

PROJECT = Path(__file__).resolve().parents[2]
RESULTS = PROJECT / "test-results"
SCREENSHOTS = RESULTS / "screenshots"
AXE_RESULTS = RESULTS / "axe"
DOWNLOADS = RESULTS / "downloads"
TIMINGS_FILE = RESULTS / "timings.json"
SERVER_LOG = RESULTS / "streamlit-e2e.log"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
LANGS = ("uk", "en")
SCRIPT_TIMEOUT_MS = 60_000
MAX_SHOT_HEIGHT = 30_000  # px; a page taller than this is cut (none is, by far)

APP_TITLE = {"uk": "Програми інформатизації громад", "en": "Community informatization programmes"}


@dataclass(frozen=True)
class AppPage:
    key: str  # used in test ids and result file names
    path: str  # URL path
    script: str  # the file behind the page; its name must never show up as a menu label
    titles: tuple[str, str]  # (Ukrainian, English) <h1> and menu label
    has_chart: bool = True  # the measures explorer and the methodology draw no Plotly chart

    def title(self, lang: str) -> str:
        return self.titles[0] if lang == "uk" else self.titles[1]


PAGES = (
    AppPage("overview", "/", "app.py", ("Огляд", "Overview")),
    AppPage("priorities", "/priorities", "pages/priorities.py", ("Пріоритети", "Budget by priority")),
    AppPage("funding", "/funding", "pages/funding.py", ("Фінансування", "Funding mix")),
    AppPage("indicators", "/indicators", "pages/indicators.py", ("Індикатори", "Indicators")),
    AppPage("measures", "/measures", "pages/measures.py", ("Заходи", "Measures explorer"), has_chart=False),
    AppPage("compare", "/compare", "pages/compare.py", ("Порівняння", "Compare")),
    AppPage("quality", "/quality", "pages/quality.py", ("Якість даних", "Data quality and sources")),
    AppPage("source", "/source", "pages/source.py", ("Документ", "Source document"), has_chart=False),
    AppPage("methodology", "/methodology", "pages/methodology.py", ("Методологія", "Methodology"), has_chart=False),
)
PAGE = {page.key: page for page in PAGES}
# Names Streamlit's own navigation would show (file names): never acceptable as menu labels.
RAW_PAGE_NAMES = {"app", "streamlit app", *(Path(page.script).stem for page in PAGES)}


# The view each page is shown in for screenshots, axe and timings: every community (the default);
# the measures explorer and the quality page with their source viewer open on the chosen finding.
# Filled from the warehouse when the session starts (tests/e2e/conftest.py ``chosen_views``).
SHOWCASE: dict[str, dict[str, str]] = {}


@dataclass(frozen=True)
class Views:
    """Communities, a measure and a line for the browser tests, chosen by what they hold, not by name."""
    focus: str  # the community of the root contradiction on a measure's row with the most consequences
    partner: str  # another community, with a short percent indicator if one has it
    outsider: str | None  # a community outside the pair, if there is one
    measure_id: str  # the measure on that contradiction's row
    line: int  # the contradiction's line in the focus community's document

    @property
    def pair(self) -> tuple[str, str]:
        return (self.focus, self.partner)

    @property
    def showcase(self) -> dict[str, dict[str, str]]:
        return {"measures": {"measure": self.measure_id}, "quality": {"doc": self.focus, "line": str(self.line)}}


def choose_views(db) -> Views:
    roots = fetch(db, """SELECT community_id, measure_id, source_line FROM contradiction
                         WHERE root_issue_id IS NULL AND measure_id IS NOT NULL
                         ORDER BY consequence_count DESC, community_id, source_line LIMIT 1""")
    assert roots, "no document contradicts itself on a measure's row: the browser tests need one"
    root = roots[0]
    others = [row["community_id"] for row in fetch(db, """
        SELECT c.community_id FROM community AS c WHERE c.community_id <> ?
        ORDER BY EXISTS (SELECT 1 FROM mart_indicator_progress AS i WHERE i.community_id = c.community_id
                         AND i.unit_class = 'percent' AND length(i.name_uk) <= 40) DESC,
                 EXISTS (SELECT 1 FROM priority AS p WHERE p.community_id = c.community_id) DESC,
                 c.community_id""", [root["community_id"]])]
    assert others, "the browser tests compare two communities"
    return Views(focus=root["community_id"], partner=others[0], outsider=others[1] if len(others) > 1 else None,
                 measure_id=root["measure_id"], line=root["source_line"])


def page_url(base: str, page: AppPage, params: dict[str, str] | None = None, lang: str = "uk") -> str:
    """The page's URL; ``lang=uk`` is the default and is left out, as the app itself does."""
    query = dict(params or {})
    if lang != "uk":
        query = {"lang": lang, **query}
    return base + page.path + ("?" + urlencode(query, safe=",") if query else "")


def query_of(url: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def squash(text: str | None) -> str:
    """Compare text regardless of kinds and runs of white space."""
    return re.sub(r"\s+", " ", text or "").strip()


def as_decimal(text) -> Decimal | None:
    """A number as a table cell or CSV shows it: ``69 683,0``, ``69683.000``, ``69683``."""
    if text is None:
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", str(text)).replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def fetch(connection, sql: str, parameters=None) -> list[dict]:
    """Rows of a query on the warehouse as dicts."""
    cursor = connection.execute(sql, parameters or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def community_name(db, community: str, lang: str) -> str:
    """The short name the interface shows for a community: "Кременчуцька МТГ" / "Kremenchuk"."""
    row = fetch(db, "SELECT short_name_uk, name_en FROM community WHERE community_id = ?", [community])[0]
    return row["name_en"] if lang == "en" else row["short_name_uk"]


# -- Waiting for the app ---------------------------------------------------------------------

# Visible Plotly data marks: bars, scatter points, treemap / pie slices, heatmap cells.
MARKS = (".js-plotly-plot .bars .point path, .js-plotly-plot .scatterlayer .points path, "
         ".js-plotly-plot .treemaplayer .slice, .js-plotly-plot .pielayer .slice, "
         ".js-plotly-plot .heatmaplayer image")

_DRAWN = f"""() => [...document.querySelectorAll({json.dumps(MARKS)})].filter(mark => {{
    const box = mark.getBoundingClientRect();
    return box.width > 0 || box.height > 0;
}}).length"""

# True (the time since navigation start, in ms) once the script run has finished, the page title
# is drawn, nothing is stale, and, when asked, at least one chart has drawn a data mark.
# An exception counts as finished, so that a failing page fails its assertions, not a timeout.
READY = f"""(needChart) => {{
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (!document.querySelector('[data-testid="stMain"] h1')) return false;
    if (document.querySelector('[data-testid="stMain"] [data-stale="true"]')) return false;
    if (document.querySelector('[data-testid="stException"]')) return performance.now();
    if (needChart && ({_DRAWN})() === 0) return false;
    return performance.now();
}}"""

# Counts the script runs that start from now on (the app's root element lives across reruns).
ARM_RERUN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__e2eRuns = 0;
    if (window.__e2eObserver) window.__e2eObserver.disconnect();
    window.__e2eObserver = new MutationObserver(() => {
        if (app.getAttribute('data-test-script-state') === 'running') window.__e2eRuns += 1;
    });
    window.__e2eObserver.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""

RERUN_DONE = """(needChart) => {
    if (!window.__e2eRuns) return false;
    const app = document.querySelector('[data-testid="stApp"]');
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stMain"] [data-stale="true"]')) return false;
    if (document.querySelector('[data-testid="stException"]')) return true;
    return !needChart || (""" + _DRAWN + """)() > 0;
}"""


def wait_ready(page, need_chart: bool, timeout: int = SCRIPT_TIMEOUT_MS) -> float:
    """Wait until the page is drawn (see READY); returns seconds since navigation start."""
    handle = page.wait_for_function(READY, arg=need_chart, timeout=timeout, polling="raf")
    return float(handle.json_value()) / 1000.0


VISITED: set[str] = set()  # URLs opened in this session (their queries are cached on the server)

# Resolves once the DOM has not changed for ``quiet`` ms (or after ``limit`` ms regardless).
SETTLE = """([quiet, limit]) => new Promise(resolve => {
    let timer = setTimeout(done, quiet);
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quiet); });
    const cap = setTimeout(done, limit);
    function done() { observer.disconnect(); clearTimeout(timer); clearTimeout(cap); resolve(true); }
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
})"""


def settle(page, quiet_ms: int = 300, limit_ms: int = 10_000) -> None:
    """Streamlit still draws for a moment after a run finishes (the sidebar, tables): let it."""
    page.evaluate(SETTLE, [quiet_ms, limit_ms])


def open_view(context, url: str, need_chart: bool, settled: bool = True) -> tuple[object, float]:
    """Open ``url`` in a new tab of ``context``; returns the page and its render time in seconds
    (navigation start to READY). With ``settled``, also waits until the page stops changing."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.page_errors = errors  # uncaught errors in the browser, for assertion messages
    page.goto(url, wait_until="commit")
    seconds = wait_ready(page, need_chart)
    VISITED.add(url)
    if settled:
        settle(page)
    return page, seconds


def eventually(check, timeout: float = 10.0, interval: float = 0.2):
    """Run ``check`` until it stops raising AssertionError (tables and menus draw lazily)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(interval)


def arm_rerun(page) -> None:
    page.evaluate(ARM_RERUN)


def wait_rerun(page, need_chart: bool = False, timeout: int = SCRIPT_TIMEOUT_MS) -> None:
    """After ``arm_rerun`` and an action: wait until the rerun it caused has finished."""
    page.wait_for_function(RERUN_DONE, arg=need_chart, timeout=timeout, polling="raf")


IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stMain"] [data-stale="true"]');
}"""


def wait_idle(page, timeout: int = SCRIPT_TIMEOUT_MS) -> None:
    """Wait until no script run is going on (whether or not the last action started one)."""
    page.wait_for_function(IDLE, timeout=timeout, polling="raf")
    settle(page)


def wait_for_query(page, predicate, timeout: float = 15.0) -> dict[str, str]:
    """Poll the address bar until ``predicate(query)`` holds (the app rewrites it after a run)."""
    deadline = time.monotonic() + timeout
    while True:
        query = query_of(page.url)
        if predicate(query):
            return query
        if time.monotonic() > deadline:
            raise AssertionError(f"the URL never matched; it is {page.url}")
        page.wait_for_timeout(100)


# -- Reading the page ------------------------------------------------------------------------

def exceptions(page) -> list[str]:
    return [squash(text)[:2000] for text in page.locator('[data-testid="stException"]').all_inner_texts()]


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def chart_text(page) -> str:
    """The text of every drawn chart: axis ticks, bar labels, treemap labels, titles."""
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot text')]
        .map(node => node.textContent).join('\\n')""")


def chart_titles_outside(page, tolerance: float = 2.0) -> list[str]:
    """Chart titles that do not fit inside their chart (cut off at the top or the right edge)."""
    return page.evaluate("""(tolerance) => [...document.querySelectorAll('.js-plotly-plot')]
        .filter(gd => gd.getBoundingClientRect().height > 0)
        .flatMap(gd => {
            const chart = gd.getBoundingClientRect();
            const title = gd.querySelector('.gtitle');
            if (!title) return [];
            const box = title.getBoundingClientRect();
            const cut = [];
            const over = (gap, where) => { if (gap > tolerance) cut.push(`${Math.round(gap)} px ${where}`); };
            over(chart.top - box.top, 'above the top');
            over(box.right - chart.right, 'past the right edge');
            over(chart.left - box.left, 'past the left edge');
            return cut.length ? [`"${title.textContent.replace(/\u200b/g, ' / ')}": ${cut.join(', ')}`] : [];
        })""", tolerance)


def drawn_marks(page) -> int:
    return page.evaluate(_DRAWN)


def chart_data(page) -> list[list[dict]]:
    """Every chart's traces as Plotly holds them (``gd.data``): name, x, y, text, labels, values."""
    return page.evaluate("""() => {
        const plain = value => (value && ArrayBuffer.isView(value)) ? Array.from(value) : value;
        return [...document.querySelectorAll('.js-plotly-plot')].map(gd => (gd.data || []).map(trace => ({
            type: trace.type || null, name: trace.name ?? null, x: plain(trace.x) ?? null, y: plain(trace.y) ?? null,
            text: plain(trace.text) ?? null, labels: plain(trace.labels) ?? null, values: plain(trace.values) ?? null,
        })));
    }""")


def menu_labels(page, expected: int | None = None) -> list[str]:
    """The labels of the sidebar's page links (without their icons); waits for ``expected`` links."""
    if expected:  # the sidebar can still be drawing when the run has finished
        deadline = time.monotonic() + 10
        while page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]').count() < expected \
                and time.monotonic() < deadline:
            page.wait_for_timeout(100)
    links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
    return [squash(link.locator('[data-testid="stMarkdownContainer"]').inner_text()) for link in links.all()]


def selected_communities(page) -> list[str]:
    """The tags in the sidebar's community multiselect."""
    select = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    return [squash(text) for text in select.locator("[data-tag] span[title]").all_inner_texts()]


def grid(table) -> dict:
    """An st.dataframe's accessible grid (Glide renders its visible cells as a hidden <table>)."""
    return table.evaluate("""element => {
        const grid = element.querySelector('table[role="grid"]');
        if (!grid) return {headers: [], rows: []};
        const text = cell => cell.textContent;
        return {
            headers: [...grid.querySelectorAll('thead th')].map(text),
            rows: [...grid.querySelectorAll('tbody tr')].map(row => [...row.querySelectorAll('td')].map(text)),
        };
    }""")


def grids(page) -> list[dict]:
    """Every table in the page's main area (headers and the rows Glide has drawn)."""
    return [grid(table) for table in page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').all()]


def all_grid_rows(page) -> list[list[str]]:
    return [row for table in grids(page) for row in table["rows"]]


def open_showcase(context, base_url: str, key: str, lang: str, width: int):
    """A page's showcase view (``SHOWCASE``) opened in ``context`` and made as tall as its content,
    charts redrawn for that size: what the screenshot and accessibility tests look at."""
    app_page = PAGE[key]
    page, _ = open_view(context, page_url(base_url, app_page, SHOWCASE.get(key), lang), need_chart=app_page.has_chart)
    if not exceptions(page):
        fit_viewport_to_content(page, width)
        wait_ready(page, need_chart=app_page.has_chart)  # charts redraw for the new window size
        settle(page)
    return page


def fit_viewport_to_content(page, width: int) -> int:
    """Streamlit scrolls inside stMain, so a full-page shot only shows the viewport: make the
    viewport as tall as the content instead. Returns the height used."""
    height = 0
    for _ in range(3):  # charts re-lay out when the window changes; measure until it settles
        content = page.evaluate("""() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const sidebar = document.querySelector('[data-testid="stSidebarContent"]');
            const box = sidebar ? sidebar.getBoundingClientRect() : null;
            const shown = box && box.width > 0 && box.right > 0;  // on a phone it is folded away
            return Math.max(main ? main.scrollHeight : 0, shown ? sidebar.scrollHeight : 0);
        }""")
        wanted = min(max(int(content), PHONE["height"] if width <= PHONE["width"] else DESKTOP["height"]),
                     MAX_SHOT_HEIGHT)
        if wanted == height:
            break
        height = wanted
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
    return height


# -- Timings ---------------------------------------------------------------------------------

TIMINGS: dict[tuple[str, str], dict[str, list[float]]] = {}  # (page, lang) -> {"drawn": [...], "script": [...]}

# Installed before a page loads: notes when the first script run has finished (ms since navigation
# start), so a timing can be split into "script done" and "drawn".
SCRIPT_DONE = """(() => {
    window.__e2eScriptDone = null;
    let running = false;
    new MutationObserver(() => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (!app) return;
        const state = app.getAttribute('data-test-script-state');
        if (state === 'running') running = true;
        if (running && state === 'notRunning' && window.__e2eScriptDone === null) {
            window.__e2eScriptDone = performance.now();
        }
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
})();"""


def timings_report() -> list[dict]:
    order = {page.key: index for index, page in enumerate(PAGES)}
    report = []
    for (page, lang), samples in sorted(TIMINGS.items(), key=lambda item: (order[item[0][0]], item[0][1])):
        if not samples["drawn"]:
            continue
        report.append({
            "page": page, "lang": lang,
            "samples_s": [round(sample, 3) for sample in samples["drawn"]],
            "median_s": round(statistics.median(samples["drawn"]), 3),
            "script_done_samples_s": [round(sample, 3) for sample in samples["script"]],
            "script_done_median_s": round(statistics.median(samples["script"]), 3) if samples["script"] else None,
            "measured": "navigation start → script run finished, title drawn and (pages with charts) the first "
                        "chart mark drawn; script_done: navigation start → first script run finished",
        })
    return report


def timings_table(report: list[dict]) -> str:
    lines = [f"{'page':<12} {'lang':<4} {'median s':>8} {'script s':>8}  samples s", "-" * 56]
    for row in report:
        samples = ", ".join(f"{sample:.2f}" for sample in row["samples_s"])
        script = f"{row['script_done_median_s']:.2f}" if row["script_done_median_s"] is not None else "—"
        lines.append(f"{row['page']:<12} {row['lang']:<4} {row['median_s']:>8.2f} {script:>8}  {samples}")
    return "\n".join(lines)


def scroll_grid_across(table, redraw_ms: int = 800) -> dict:
    """Scroll an st.dataframe from its left edge to its right edge, a quarter of its width at a time
    (less than what a pinned column leaves in view on a phone, so no column is stepped over), and
    note every column heading its accessible grid shows on the way (that grid holds only the cells
    on screen, and is redrawn up to ``redraw_ms`` after a scroll). Returns ``headers`` in column order,
    ``at_end`` (the headings shown once fully scrolled: a pinned column is still among them), and
    ``scroll_width`` / ``client_width`` (px)."""
    read = """element => {
        const scroller = element.querySelector('.dvn-scroller');
        const grid = element.querySelector('table[role="grid"]');
        const headers = grid ? [...grid.querySelectorAll('thead th')].map(cell =>
            [Number(cell.getAttribute('aria-colindex')), cell.textContent]) : [];
        return {headers, left: scroller.scrollLeft, scroll: scroller.scrollWidth, client: scroller.clientWidth};
    }"""
    seen: dict[int, str] = {}
    state = table.evaluate(read)
    for _ in range(100):  # a 50-screen-wide table is far wider than any here
        seen.update({index: text for index, text in state["headers"]})
        if state["left"] + state["client"] >= state["scroll"] - 1:
            break
        before = state["headers"]
        table.evaluate("""element => { const scroller = element.querySelector('.dvn-scroller');
                                       scroller.scrollLeft += Math.max(1, scroller.clientWidth / 4); }""")
        deadline = time.monotonic() + redraw_ms / 1000
        state = table.evaluate(read)
        while state["headers"] == before and time.monotonic() < deadline:
            table.page.wait_for_timeout(50)
            state = table.evaluate(read)
    return {"headers": [seen[index] for index in sorted(seen)],
            "at_end": [text for _index, text in sorted(state["headers"])],
            "scroll_width": state["scroll"], "client_width": state["client"]}


def plot_heights(page) -> list[float]:
    """The height of each drawn chart's plotting area (px): its main drag rectangle, which covers
    exactly the axes' area, so a tall legend or long tick labels that squeeze the plot show here.
    Charts with no axes (treemaps) have none and are left out."""
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .filter(gd => gd.getBoundingClientRect().height > 0 && gd.querySelector('.draglayer .nsewdrag'))
        .map(gd => Math.max(...[...gd.querySelectorAll('.draglayer .nsewdrag')]
            .map(rect => rect.getBoundingClientRect().height)))""")


def overflowing_controls(page) -> list[str]:
    """Labels of the main area's widgets whose content is wider than the widget (cut or scrolled
    out of sight on a narrow screen): segmented controls, radios, selects."""
    return page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid="stMain"] [data-testid="stButtonGroup"] [role="radiogroup"], '
            + '[data-testid="stMain"] [data-testid="stRadio"] [role="radiogroup"]')]
        .filter(group => group.scrollWidth > group.clientWidth + 1
                || group.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(group => group.getAttribute('aria-label') || group.textContent.slice(0, 60))""")


def source_rows(page) -> dict[int, list[str]]:
    """The document viewer's rows by line number, as [mark, line, text]: mark "▶" on a cited line,
    text the row's cells joined by tabs (the viewer lays a row out in its cells, as the document)."""
    found = page.locator('[data-testid="stMain"] tr[data-line]').evaluate_all(
        "rows => rows.map(r => [r.dataset.line, r.className, Array.from(r.querySelectorAll('td')).map(td => td.innerText)])")
    return {int(line): ["▶" if "cited" in kind else "", line, "\t".join(cells)] for line, kind, cells in found}
