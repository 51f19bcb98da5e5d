"""Cold deep links: a fresh browser opens every page straight from a URL carrying filters, in
Ukrainian and in English, and finds the frame, the page, its charts and a figure from the warehouse.
"""
from __future__ import annotations

import pytest

from etl.formatting import format_kuah
from hromada.i18n import column_label, t
from hromada.source_view import cells

from .helpers import (
    APP_TITLE,
    LANGS,
    PAGE,
    PAGES,
    PROJECT,
    RAW_PAGE_NAMES,
    all_grid_rows,
    as_decimal,
    chart_data,
    chart_text,
    community_name,
    drawn_marks,
    eventually,
    exceptions,
    fetch,
    grids,
    main_text,
    menu_labels,
    open_view,
    page_url,
    query_of,
    selected_communities,
    source_rows,
    squash,
)

pytestmark = pytest.mark.e2e

def deep_links(views) -> dict[str, tuple[dict[str, str], tuple[str, ...]]]:
    """Per page: the query string of the deep link (besides lang) and the keys the rewritten URL must keep."""
    pair, focus, line = ",".join(views.pair), views.focus, str(views.line)
    return {
        "overview": ({"c": pair}, ("c",)),
        "priorities": ({"c": pair, "view": "own"}, ("c", "view")),
        "funding": ({"c": pair}, ("c",)),
        "indicators": ({"c": pair, "units": "percent"}, ("c",)),
        "measures": ({"c": focus, "measure": views.measure_id}, ("c", "measure")),
        "compare": ({"cmp": pair}, ("cmp",)),
        "quality": ({"c": focus, "doc": focus, "line": line}, ("c", "line")),
        "source": ({"c": pair, "doc": focus, "line": line}, ("c", "line")),
        "methodology": ({"c": pair}, ("c",)),
    }


def assert_outsider_absent(db, views, lang, text, where: str) -> None:
    if views.outsider is not None:
        assert community_name(db, views.outsider, lang) not in text, f"a community outside ?c= is shown {where}"


def viewer_row(page, line: int) -> list[str]:
    """The source viewer's row for a document line (mark, line number, text)."""
    def find():
        rows = source_rows(page)
        if line in rows:
            return rows[line]
        raise AssertionError(f"line {line} is not in the document viewer on the page")
    return eventually(find)


def same_line(shown: str, raw: str) -> bool:
    """The viewer shows a row's cells (tab-separated here) as the document has them; compare the words."""
    return squash(shown.replace("\t", " ")) == squash(" ".join(cells(raw)))


# -- What each page must show for its deep link, from the warehouse -------------------------

def expect_overview(page, lang, db, raw_lines, views):
    totals = fetch(db, """SELECT community_id, programme_total_kuah FROM mart_community_summary
                          WHERE community_id IN (?, ?)""", list(views.pair))
    shown = [squash(value) for value in page.locator('[data-testid="stMetricValue"]').all_inner_texts()]
    for row in totals:
        expected = format_kuah(row["programme_total_kuah"], lang, unit=False)
        assert squash(expected) in shown, f"{row['community_id']}'s total {expected!r} is not among the cards {shown}"
    # The focus community's card in particular, with the no-break space the issue asks for.
    focus = next(row for row in totals if row["community_id"] == views.focus)
    assert format_kuah(focus["programme_total_kuah"], lang, unit=False) in main_text(page)
    assert_outsider_absent(db, views, lang, main_text(page), "on the overview")


def expect_priorities(page, lang, db, raw_lines, views):
    own = page.get_by_role("radiogroup", name=t("view_mode", lang)).get_by_role("radio", name=t("view_own", lang))
    assert own.get_attribute("aria-checked") == "true", "?view=own did not select the communities' own directions"
    # The drill-down's top level: one tile per community, sized by its programme total.
    treemaps = [trace for traces in chart_data(page) for trace in traces if trace["type"] == "treemap"]
    assert treemaps, "no drill-down treemap"
    tiles = dict(zip(treemaps[0]["labels"], treemaps[0]["values"], strict=True))
    for community in views.pair:
        total = fetch(db, "SELECT programme_total_kuah FROM mart_community_summary WHERE community_id = ?",
                      [community])[0]["programme_total_kuah"]
        name = community_name(db, community, lang)
        assert tiles.get(name) == pytest.approx(float(total)), f"{name}: {tiles.get(name)} != {total}"
        if fetch(db, "SELECT 1 FROM priority WHERE community_id = ? LIMIT 1", [community]):
            assert name + " — " in chart_text(page), f"{name}'s own directions are not on the bar chart"
    assert_outsider_absent(db, views, lang, "\n".join(tiles), "on the drill-down")


def expect_funding(page, lang, db, raw_lines, views):
    yearly = fetch(db, """SELECT year, SUM(amount_kuah) AS amount FROM mart_funding_mix
                          WHERE community_id = ? AND year IS NOT NULL GROUP BY year ORDER BY year""", [views.partner])
    assert yearly, "the partner community has money by year"
    labels = chart_text(page)
    for row in yearly:
        assert format_kuah(row["amount"], lang, unit=False) in labels, f"{row['year']}: {row['amount']} not on the chart"
    # The chart's table (open under the chart): the same amounts in the partner community's rows.
    name = community_name(db, views.partner, lang)
    headers = [column_label(column, lang) for column in ("community", "year", "programme_year", "amount_kuah")]

    def table():
        found = [table for table in grids(page) if table["headers"] == headers]
        assert found and found[0]["rows"], f"no table headed {headers}"
        return found[0]["rows"]

    rows = {row[1]: row for row in eventually(table) if row[0] == name}
    for row in yearly:
        cells = rows.get(str(row["year"]))
        assert cells, f"no table row for {name} {row['year']}: {rows}"
        assert as_decimal(cells[3]) == row["amount"], f"{row['year']}: {row['amount']} != {cells}"


def expect_indicators(page, lang, db, raw_lines, views):
    candidates = fetch(db, """SELECT DISTINCT community_id, name_uk, source_line FROM mart_indicator_progress
                              WHERE unit_class = 'percent' AND community_id IN (?, ?)
                                AND length(name_uk) <= 40 ORDER BY community_id, source_line""", list(views.pair))
    if not candidates:
        pytest.skip("no community of the pair has a percent indicator with a short name")
    text = squash(chart_text(page))
    for row in candidates[:3]:
        # The legend names the community (by colour); the row's label is the indicator's name.
        assert community_name(db, row["community_id"], lang) in text
        assert squash(row["name_uk"]) in text, f"indicator {row['name_uk']!r} (line {row['source_line']}) is not on the chart"
    assert_outsider_absent(db, views, lang, text, "on the indicator chart")


def expect_measures(page, lang, db, raw_lines, views):
    measure = fetch(db, "SELECT name_uk, source_line FROM measure WHERE measure_id = ?", [views.measure_id])[0]
    headings = [squash(text) for text in page.locator('[data-testid="stMain"] :is(h2, h3)').all_inner_texts()]
    assert squash(measure["name_uk"]) in headings, f"the chosen measure is not shown: {headings}"
    row = viewer_row(page, measure["source_line"])
    assert "▶" in row[0], f"the cited line is not marked: {row}"
    assert same_line(row[2], raw_lines[views.focus][measure["source_line"]]), row


def expect_compare(page, lang, db, raw_lines, views):
    text = main_text(page)
    for community in views.pair:
        assert community_name(db, community, lang) in text
    total = fetch(db, "SELECT programme_total_kuah FROM mart_community_summary WHERE community_id = ?", [views.focus])
    expected = format_kuah(total[0]["programme_total_kuah"], lang, unit=False)

    def check():
        cells = [cell for row in all_grid_rows(page) for cell in row]
        assert expected in cells, f"{views.focus}'s total {expected!r} is not in the key figures: {cells}"
    eventually(check)


def expect_quality(page, lang, db, raw_lines, views):
    row = viewer_row(page, views.line)
    assert "▶" in row[0], f"line {views.line} is not marked: {row}"
    assert same_line(row[2], raw_lines[views.focus][views.line]), row
    counts = fetch(db, """SELECT count(*) FILTER (WHERE status = 'differs') AS differs, count(*) AS total
                          FROM reconciliation WHERE community_id = ? AND scope <> 'measure'""", [views.focus])[0]
    summaries = [squash(text) for text in page.locator('[data-testid="stExpander"] summary').all_inner_texts()]
    name = community_name(db, views.focus, lang)
    assert any(name in summary and f"{counts['differs']} / {counts['total']}" in summary for summary in summaries), \
        f"no reconciliation block says {counts['differs']} / {counts['total']} for {name}: {summaries}"


def expect_methodology(page, lang, db, raw_lines, views):
    text = (PROJECT / "docs" / "methodology.md").read_text(encoding="utf-8")
    ours, theirs = ("## Українською", "## In English") if lang == "uk" else ("## In English", "## Українською")

    def headings(marker):
        start = text.index(marker) + len(marker)
        end = text.find("\n## ", start)
        return [line[4:].strip() for line in text[start:end if end != -1 else None].splitlines()
                if line.startswith("### ")]

    shown = [squash(value) for value in page.locator('[data-testid="stMain"] h2').all_inner_texts()]
    assert headings(ours) and all(heading in shown for heading in headings(ours)), shown
    assert not any(heading in shown for heading in headings(theirs)), "the other language's section is shown"


def expect_source(page, lang, db, raw_lines, views):
    row = viewer_row(page, views.line)
    assert "▶" in row[0], f"line {views.line} is not marked: {row}"
    assert same_line(row[2], raw_lines[views.focus][views.line]), row


EXPECT = {name: function for name, function in globals().items() if name.startswith("expect_")}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", [page.key for page in PAGES])
def test_cold_deep_link(key, lang, base_url, new_context, db, raw_lines, chosen_views):
    app_page = PAGE[key]
    params, kept = deep_links(chosen_views)[key]
    url = page_url(base_url, app_page, params, lang)
    page, _ = open_view(new_context(), url, need_chart=app_page.has_chart)

    assert not exceptions(page), f"{url} raised: {exceptions(page)}"
    title = app_page.title(lang)
    assert [squash(text) for text in page.locator('[data-testid="stMain"] h1').all_inner_texts()] == [title]
    assert page.title() == f"{title} · {APP_TITLE[lang]}"
    if app_page.has_chart:
        assert drawn_marks(page) > 0, "no chart drew a data mark"

    labels = menu_labels(page, expected=len(PAGES))
    assert labels == [other.title(lang) for other in PAGES], f"the menu shows {labels}"
    assert not [label for label in labels if label in RAW_PAGE_NAMES], f"file names as menu labels: {labels}"
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0, "Streamlit's own file-name menu is shown"

    if "c" in params:  # the sidebar shows the communities of the link
        wanted = sorted(community_name(db, community, lang) for community in params["c"].split(","))
        assert sorted(selected_communities(page)) == wanted

    query = query_of(page.url)
    assert query.get("lang", "uk") == lang, page.url
    for name in kept:
        assert query.get(name) == params[name], f"the rewritten URL lost {name}={params[name]}: {page.url}"

    EXPECT[f"expect_{key}"](page, lang, db, raw_lines, chosen_views)
    assert not page.page_errors, f"uncaught browser errors: {page.page_errors}"
