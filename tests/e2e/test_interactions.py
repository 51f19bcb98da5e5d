"""Using the dashboard: a changed filter goes into the URL and the URL brings the view back; a
download holds the warehouse's figures; the source viewer shows the document line behind a figure.
"""
from __future__ import annotations

import csv
import re
from decimal import Decimal

import openpyxl
import pytest

from hromada.i18n import column_label, t
from hromada.source_view import cells

from .helpers import (
    DOWNLOADS,
    PAGE,
    arm_rerun,
    as_decimal,
    chart_data,
    community_name,
    eventually,
    exceptions,
    fetch,
    open_view,
    page_url,
    query_of,
    selected_communities,
    settle,
    source_rows,
    squash,
    wait_for_query,
    wait_idle,
    wait_rerun,
)

pytestmark = pytest.mark.e2e


def viewer_rows(page) -> dict[int, list[str]]:
    """The source viewer's rows by line number: [mark, line, text]."""
    return source_rows(page)


def assert_line_shown(page, line: int, raw_text: str, marked: bool = True) -> None:
    def check():
        rows = viewer_rows(page)
        assert line in rows, f"line {line} is not in the source viewer: {sorted(rows)}"
        row = rows[line]
        assert ("▶" in row[0]) == marked, f"line {line} should {'' if marked else 'not '}be marked: {row}"
        assert squash(row[2].replace("\t", " ")) == squash(" ".join(cells(raw_text))), row
    eventually(check)


def no_exception(page) -> None:
    assert not exceptions(page), exceptions(page)


# -- (1) a filter changes the URL; the URL restores the view ---------------------------------

def test_deselecting_a_community_goes_into_the_url_and_the_link_restores_the_view(base_url, new_context, db,
                                                                                  chosen_views):
    if chosen_views.outsider is None:
        pytest.skip("the warehouse has only two communities: none to deselect from three")
    url = page_url(base_url, PAGE["overview"], {"c": ",".join([*chosen_views.pair, chosen_views.outsider])})
    page, _ = open_view(new_context(), url, need_chart=True)
    removed = community_name(db, chosen_views.outsider, "uk")
    assert removed in selected_communities(page)

    arm_rerun(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first \
        .get_by_role("button", name=f"Remove {removed}").click()
    wait_rerun(page, need_chart=True)
    wait_for_query(page, lambda query: set(query.get("c", "").split(",")) == set(chosen_views.pair))
    settle(page)
    no_exception(page)
    tags, charts = selected_communities(page), chart_data(page)
    assert removed not in tags and len(tags) == 2
    expected_names = {community_name(db, c, "uk") for c in chosen_views.pair}
    assert {name for trace in charts[0] for name in (trace["x"] or trace["y"] or [])} == expected_names

    reopened, _ = open_view(new_context(), page.url, need_chart=True)
    no_exception(reopened)
    assert query_of(reopened.url) == query_of(page.url)
    assert selected_communities(reopened) == tags
    assert chart_data(reopened) == charts


def test_priorities_grouping_and_unit_go_into_the_url_and_the_link_restores_them(base_url, new_context, chosen_views):
    lang = "en"
    pair = ",".join(chosen_views.pair)
    url = page_url(base_url, PAGE["priorities"], {"c": pair}, lang)
    page, _ = open_view(new_context(), url, need_chart=True)
    grouping = page.get_by_role("radiogroup", name=t("view_mode", lang))
    unit = page.get_by_role("radiogroup", name=t("unit", lang))
    themes_data = chart_data(page)

    arm_rerun(page)
    grouping.get_by_role("radio", name=t("view_own", lang)).click()
    wait_rerun(page, need_chart=True)
    wait_for_query(page, lambda query: query.get("view") == "own")
    arm_rerun(page)
    unit.get_by_role("radio", name=t("unit_share", lang)).click()
    wait_rerun(page, need_chart=True)
    query = wait_for_query(page, lambda query: query.get("view") == "own" and query.get("unit") == "share")
    assert query == {"lang": "en", "c": pair, "view": "own", "unit": "share"}
    settle(page)
    no_exception(page)
    own_data = chart_data(page)
    assert own_data[0] != themes_data[0], "the chart did not change with the grouping"
    bars = own_data[0][0]
    assert all(0 <= value <= 100 for value in bars["x"]), "shares are not percentages"

    reopened, _ = open_view(new_context(), page.url, need_chart=True)
    no_exception(reopened)
    for name, option in (("view_mode", "view_own"), ("unit", "unit_share")):
        radio = reopened.get_by_role("radiogroup", name=t(name, lang)).get_by_role("radio", name=t(option, lang))
        assert radio.get_attribute("aria-checked") == "true", f"{option} is not selected after reopening"
    assert chart_data(reopened) == own_data


# -- (2) downloads hold the warehouse's figures -----------------------------------------------

def click_to_download(page, button):
    """Click a download button once and return the download (the page is settled first, so the
    click lands on the button and not where a late-drawn table had pushed it from)."""
    settle(page)
    arm_rerun(page)
    label = squash(button.inner_text())
    try:
        with page.expect_download(timeout=15_000) as download_info:
            button.click()
        download = download_info.value
    except Exception as error:
        if "Timeout" not in str(error):
            raise
        runs = page.evaluate("() => window.__e2eRuns")
        raise AssertionError(f"clicking {label!r} on {page.url} delivered no file within 15 s "
                             f"({'the click started a script run' if runs else 'no script run started'})") from None
    wait_idle(page)  # a download button may rerun the script; let that finish before the next click
    return download


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_overview_totals_downloads_match_the_warehouse(lang, base_url, new_context, db):
    page, _ = open_view(new_context(), page_url(base_url, PAGE["overview"], lang=lang), need_chart=True)
    expander = page.locator('[data-testid="stExpander"]').filter(has_text=t("table_of_chart", lang)).first
    expander.locator("summary").click()
    # Streamlit keeps an expander's content inert until it has finished opening; clicks before that are lost.
    expander.locator('[data-testid="stExpanderDetails"]:not([inert])').wait_for(state="visible")
    settle(page)  # the table above the buttons draws late and pushes them down; click where they end up
    expected = {row["community_id"]: row["programme_total_kuah"] for row in
                fetch(db, "SELECT community_id, programme_total_kuah FROM mart_community_summary")}
    total = column_label("programme_total_kuah", lang)
    DOWNLOADS.mkdir(parents=True, exist_ok=True)

    files = {}
    for kind in ("CSV", "XLSX"):
        button = expander.locator('[data-testid="stDownloadButton"]').filter(has_text=kind)
        download = click_to_download(page, button)
        target = DOWNLOADS / f"overview-{lang}-{download.suggested_filename}"
        download.save_as(target)
        files[kind] = target
    assert files["CSV"].name.endswith("programme-totals.csv") and files["XLSX"].name.endswith("programme-totals.xlsx")

    raw = files["CSV"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV has no UTF-8 byte order mark"
    lines = raw.decode("utf-8-sig").splitlines(keepends=True)
    about = [line for line in lines if line.startswith("# ")]  # the file's provenance comes first
    assert about and lines[:len(about)] == about, "the CSV does not start with its # lines"
    assert any(line.startswith(f"# {t('about_document', lang)},") for line in about)
    records = list(csv.DictReader(lines[len(about):]))
    assert "community_id" in records[0] and total in records[0], f"CSV headings: {list(records[0])}"
    assert {row["community_id"]: as_decimal(row[total]) for row in records} == expected

    book = openpyxl.load_workbook(files["XLSX"], read_only=True)
    assert book.sheetnames[0] == t("about_sheet", lang)  # the About sheet first; it opens on the table
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    headers = list(values[0])
    assert "community_id" in headers and total in headers, f"XLSX headings: {headers}"
    id_column, total_column = headers.index("community_id"), headers.index(total)
    assert {row[id_column]: Decimal(str(row[total_column])) for row in values[1:]} == expected


# -- (3) the source viewer shows the document line behind a figure ---------------------------

def test_choosing_a_measure_shows_its_document_lines(base_url, new_context, db, raw_lines, chosen_views):
    lang = "uk"
    focus, measure_id = chosen_views.focus, chosen_views.measure_id
    measure = fetch(db, "SELECT name_uk, source_line FROM measure WHERE measure_id = ?", [measure_id])[0]
    line = measure["source_line"]
    page, _ = open_view(new_context(), page_url(base_url, PAGE["measures"], {"c": focus}), need_chart=False)
    chooser = page.get_by_role("combobox", name=t("selected_measure", lang))
    chooser.click()
    chooser.fill(measure["name_uk"][:40])
    arm_rerun(page)
    page.get_by_role("option", name=re.compile(re.escape(measure["name_uk"][:40]))).first.click()
    wait_rerun(page)
    wait_for_query(page, lambda query: query.get("measure") == measure_id)
    settle(page)
    no_exception(page)

    headings = [squash(text) for text in page.locator('[data-testid="stMain"] :is(h2, h3)').all_inner_texts()]
    assert squash(measure["name_uk"]) in headings
    assert_line_shown(page, line, raw_lines[focus][line], marked=True)
    assert_line_shown(page, line - 1, raw_lines[focus][line - 1], marked=False)

    reopened, _ = open_view(new_context(), page.url, need_chart=False)
    no_exception(reopened)
    assert_line_shown(reopened, line, raw_lines[focus][line], marked=True)


def test_quality_source_viewer_opens_a_line_and_follows_the_line_box(base_url, new_context, db, raw_lines,
                                                                     chosen_views):
    lang = "en"
    focus = chosen_views.focus
    url = page_url(base_url, PAGE["quality"], {"doc": focus, "line": str(chosen_views.line)}, lang)
    page, _ = open_view(new_context(), url, need_chart=True)
    no_exception(page)
    assert_line_shown(page, chosen_views.line, raw_lines[focus][chosen_views.line])

    # Another document and line: another community's stated programme total (the partner's if it states one).
    others = fetch(db, """SELECT community_id, stated_total_line FROM mart_community_summary
                          WHERE community_id <> ? AND stated_total_line IS NOT NULL
                          ORDER BY community_id <> ?, community_id LIMIT 1""", [focus, chosen_views.partner])
    if not others:
        pytest.skip("no other document states a programme total")
    other, line = others[0]["community_id"], int(others[0]["stated_total_line"])
    document = page.get_by_role("combobox", name=t("viewer_document", lang))
    document.click()
    document.fill(community_name(db, other, lang)[:5])  # typing opens the list
    arm_rerun(page)
    page.get_by_role("option", name=community_name(db, other, lang), exact=True).click()
    wait_rerun(page, need_chart=True)
    box = page.get_by_role("textbox", name=t("line", lang), exact=True)
    arm_rerun(page)
    box.fill(str(line))
    box.press("Enter")
    wait_rerun(page, need_chart=True)
    wait_for_query(page, lambda query: query.get("doc") == other and query.get("line") == str(line))
    settle(page)
    no_exception(page)
    assert_line_shown(page, line, raw_lines[other][line])

    reopened, _ = open_view(new_context(), page.url, need_chart=True)
    no_exception(reopened)
    assert_line_shown(reopened, line, raw_lines[other][line])
