"""From a figure to the document line it came from, by clicking (issue 11, problems 4 and 7).

A card's stated total links to its line: the click opens the document page with that line marked
and its text in its cells. A treemap leaf on Пріоритети opens the measure's money by year and
source. Expected values come from the warehouse and the raw document, never written down here.
"""
from __future__ import annotations

import re
import time

import pytest

from hromada.source_view import cells

from .helpers import PAGE, eventually, exceptions, fetch, open_view, page_url, query_of, squash, wait_ready

pytestmark = pytest.mark.e2e

MAIN = '[data-testid="stMain"]'


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_a_stated_total_opens_its_document_line(base_url, new_context, db, raw_lines, lang):
    total = fetch(db, """SELECT community_id, stated_total_line AS source_line FROM mart_community_summary
                         WHERE stated_total_line IS NOT NULL ORDER BY community_id LIMIT 1""")
    community, line = total[0]["community_id"], int(total[0]["source_line"])
    page, _ = open_view(new_context(), page_url(base_url, PAGE["overview"], {"c": community}, lang=lang),
                        need_chart=True)
    word = "line" if lang == "en" else "рядок"
    link = page.locator(f'{MAIN} a', has_text=re.compile(rf"^{word} {line}$"))
    assert link.count() >= 1, f"no link to line {line} on the card"
    # Streamlit opens a Markdown link in a new tab: the reader keeps the view they came from.
    with page.context.expect_page() as opened:
        link.first.click()
    source = opened.value
    source.wait_for_load_state()
    assert source.url.split("?")[0].endswith("/source") and query_of(source.url).get("line") == str(line), source.url
    wait_ready(source, need_chart=False)
    page = source
    cited = page.locator(f"{MAIN} tr.cited")
    cited.first.wait_for(timeout=60_000)
    row = page.locator(f'{MAIN} tr[data-line="{line}"]')
    assert row.get_attribute("class") == "cited"
    shown = [squash(text) for text in row.locator("td").all_inner_texts()]
    assert [cell for cell in shown if cell] == [squash(cell) for cell in cells(raw_lines[community][line]) if cell.strip()]
    assert query_of(page.url).get("lang", "uk") == lang
    assert not exceptions(page)


def test_a_treemap_leaf_opens_its_measure(base_url, new_context, db):
    """Click a direction to zoom in, then a measure: its money by year and source appears, in the URL too."""
    community = fetch(db, """SELECT community_id FROM funding JOIN measure USING (measure_id)
                             GROUP BY community_id ORDER BY COUNT(DISTINCT measure_id), community_id LIMIT 1""")[0]["community_id"]
    page, _ = open_view(new_context(), page_url(base_url, PAGE["priorities"], {"c": community}), need_chart=True)
    tree = page.locator(f"{MAIN} .js-plotly-plot").last
    tree.scroll_into_view_if_needed()
    for _attempt in range(3):
        box = tree.locator("g.slice").last.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            eventually(lambda: _assert_measure_in_url(page), timeout=10)
            break
        except AssertionError:
            time.sleep(1)  # the click zoomed into a direction: the leaves are drawn now
    measure = query_of(page.url).get("measure")
    assert measure, "no measure opened from the treemap"
    record = fetch(db, "SELECT name_uk FROM measure WHERE measure_id = ?", [measure])[0]
    heading = page.locator(f'{MAIN} h3', has_text=record["name_uk"][:40])
    heading.first.wait_for(timeout=60_000)
    money = fetch(db, "SELECT COUNT(*) AS n FROM funding WHERE measure_id = ?", [measure])[0]["n"]
    assert money > 0
    assert not exceptions(page)


def _assert_measure_in_url(page) -> None:
    assert query_of(page.url).get("measure"), page.url


def test_a_theme_bar_opens_that_themes_measures(base_url, new_context, db):
    """Click a bar segment: a link to Заходи with that community and theme, which lists its measures."""
    page, _ = open_view(new_context(), page_url(base_url, PAGE["priorities"]), need_chart=True)
    bars = page.locator(f"{MAIN} .js-plotly-plot").first
    bars.scroll_into_view_if_needed()
    box = bars.locator("g.point path").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    link = page.locator(f'{MAIN} a[href^="measures?"]')
    link.first.wait_for(timeout=60_000)
    query = query_of(link.first.get_attribute("href"))
    community, theme = query.get("c"), query.get("themes")
    assert community and theme, query
    funded = fetch(db, """SELECT COUNT(DISTINCT m.measure_id) AS n FROM measure AS m
                          JOIN measure_theme USING (measure_id) JOIN funding USING (measure_id)
                          WHERE m.community_id = ? AND theme_id = ?""", [community, theme])[0]["n"]
    assert funded > 0, "a drawn bar has money, so measures"
    expected = fetch(db, """SELECT COUNT(*) AS n FROM measure AS m JOIN measure_theme USING (measure_id)
                            WHERE m.community_id = ? AND theme_id = ?""", [community, theme])[0]["n"]
    with page.context.expect_page() as opened:
        link.first.click()
    measures = opened.value
    eventually(lambda: _assert_path(measures, "/measures"), timeout=30)
    wait_ready(measures, need_chart=False)
    assert query_of(measures.url).get("c") == community and query_of(measures.url).get("themes") == theme
    found = measures.locator(f"{MAIN} [data-testid='stCaptionContainer']", has_text=re.compile(rf"\D{expected}$"))
    found.first.wait_for(timeout=30_000)  # "Знайдено заходів: N" for that community and theme
    assert not exceptions(measures)


def _assert_path(page, path: str) -> None:
    assert page.url.split("?")[0].endswith(path), page.url
