"""Phone (390 px) and laptop (1366 px) layouts: every column of Порівняння and Заходи can be reached
(the name column pinned, the rest scrolling beside it), the money of Заходи is on a laptop screen
without scrolling, charts keep a readable plotting area on a phone, and no control is cut.

Which communities exist is read from the warehouse; column headings from the interface text.
"""
from __future__ import annotations

import pytest

from hromada.i18n import t

from .helpers import (
    DESKTOP,
    LANGS,
    PAGE,
    PAGES,
    PHONE,
    community_name,
    eventually,
    exceptions,
    fetch,
    grid,
    open_view,
    overflowing_controls,
    page_url,
    plot_heights,
    scroll_grid_across,
    wait_ready,
)

pytestmark = pytest.mark.e2e

# The plotting area a chart keeps on a phone, px: enough for its bars or rows to be told apart.
# A seven-theme legend once squeezed the theme chart's to about 110 px.
MIN_PLOT_PX = 150

# Заходи's table, in its order: the name (pinned), then the money, then the rest.
MEASURE_COLUMNS = ("col_name", "col_total", "col_own", "col_external", "col_unspecified", "col_community", "col_years",
                   "col_direction", "col_theme", "col_term", "col_sources", "col_non_monetary", "col_result", "col_source")
MONEY_COLUMNS = MEASURE_COLUMNS[:5]


def first_table(page):
    table = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first
    table.wait_for()
    table.scroll_into_view_if_needed()
    return table


def phone(new_context):
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True)


def inside_the_screen(table, width: int) -> None:
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"the table spills past the screen: {box}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_community_of_the_key_figures_can_be_reached_on_a_phone(lang, base_url, new_context, db):
    ids = [row["community_id"] for row in fetch(db, "SELECT community_id FROM community ORDER BY community_id")][:5]
    page, _ = open_view(phone(new_context), page_url(base_url, PAGE["compare"], {"cmp": ",".join(ids)}, lang),
                        need_chart=True)
    assert not exceptions(page), exceptions(page)
    table = first_table(page)
    inside_the_screen(table, PHONE["width"])

    across = scroll_grid_across(table)
    metric = t("compare_metric", lang)
    assert across["scroll_width"] > across["client_width"], "five communities fit a phone: nothing was scrolled"
    assert across["headers"][0] == metric
    assert sorted(across["headers"][1:]) == sorted(community_name(db, community, lang) for community in ids)
    # Pinned: fully scrolled to the right, the figure's name is still on screen beside the last community.
    assert across["at_end"][0] == metric and across["at_end"][-1] == across["headers"][-1], across


@pytest.mark.parametrize("lang", LANGS)
def test_the_money_of_the_measures_is_on_a_laptop_screen(lang, base_url, new_context):
    page, _ = open_view(new_context(viewport=DESKTOP), page_url(base_url, PAGE["measures"], None, lang), need_chart=False)
    assert not exceptions(page), exceptions(page)
    table = first_table(page)
    inside_the_screen(table, DESKTOP["width"])
    money = [t(key, lang) for key in MONEY_COLUMNS]

    def money_on_screen():
        drawn = grid(table)  # without any scrolling: the accessible grid holds the cells on screen
        assert drawn["headers"][:len(money)] == money, drawn["headers"]
        assert drawn["rows"] and not [row for row in drawn["rows"] if "None" in row], "an empty cell reads None"

    eventually(money_on_screen)


@pytest.mark.parametrize("lang", LANGS)
def test_every_column_of_the_measures_can_be_reached_on_a_phone(lang, base_url, new_context):
    page, _ = open_view(phone(new_context), page_url(base_url, PAGE["measures"], None, lang), need_chart=False)
    assert not exceptions(page), exceptions(page)
    table = first_table(page)
    inside_the_screen(table, PHONE["width"])
    across = scroll_grid_across(table)
    assert across["headers"] == [t(key, lang) for key in MEASURE_COLUMNS], across
    assert across["at_end"][0] == t("col_name", lang), across  # the measure's name stays pinned


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", [page.key for page in PAGES])
def test_on_a_phone_charts_keep_a_readable_plot_and_no_control_is_cut(key, lang, base_url, new_context):
    app_page = PAGE[key]
    page, _ = open_view(phone(new_context), page_url(base_url, app_page, None, lang), need_chart=app_page.has_chart)
    assert not exceptions(page), exceptions(page)
    if app_page.has_chart:
        # Plotly draws a chart when it scrolls into view: go down the page once.
        for chart in page.locator(".js-plotly-plot").all():
            chart.scroll_into_view_if_needed()
        wait_ready(page, need_chart=True)
        heights = plot_heights(page)
        assert heights and min(heights) >= MIN_PLOT_PX, f"plot heights at {PHONE['width']} px: {heights}"
    assert overflowing_controls(page) == []
