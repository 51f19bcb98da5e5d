"""A table downloaded from a page opened on a chosen view: the file records that view and the
warehouse it came from, and its money cells are numbers formatted as the page shows them."""
from __future__ import annotations

import csv
import os
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import PurePosixPath

import openpyxl
import pytest

from hromada.i18n import column_label, t

from .helpers import DOWNLOADS, PAGE, arm_rerun, fetch, open_view, page_url, settle, wait_idle

pytestmark = pytest.mark.e2e


def chosen_view(db) -> dict:
    """Two communities sharing the latest programme period, that period as the year range (narrower
    than the dashboard's whole span), the document's population and the theme with most measures."""
    latest = fetch(db, "SELECT period_start, period_end FROM community ORDER BY period_start DESC LIMIT 1")[0]
    communities = fetch(db, "SELECT * FROM community WHERE period_start = ? ORDER BY community_id LIMIT 2",
                        [latest["period_start"]])
    ids = [row["community_id"] for row in communities]
    theme = fetch(db, """SELECT t.* FROM measure_theme AS mt JOIN measure AS m USING (measure_id)
                         JOIN theme AS t USING (theme_id) WHERE m.community_id IN (?, ?)
                         GROUP BY ALL ORDER BY COUNT(*) DESC, t.theme_id LIMIT 1""", ids)[0]
    first, last = fetch(db, "SELECT MIN(period_start) AS a, MAX(period_end) AS b FROM community")[0].values()
    assert (latest["period_start"], latest["period_end"]) != (first, last), "the range would not restrict anything"
    return {"communities": communities, "theme": theme, "years": (latest["period_start"], latest["period_end"]),
            "params": {"c": ",".join(ids), "themes": theme["theme_id"], "pop": "document",
                       "years": f"{latest['period_start']}-{latest['period_end']}"}}


def download(page, kind: str):
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text=kind).first
    settle(page)
    arm_rerun(page)
    with page.expect_download(timeout=15_000) as info:
        button.click()
    wait_idle(page)
    return info.value


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_measures_download_records_the_view_and_formats_its_money(lang, base_url, new_context, db, db_path):
    view = chosen_view(db)
    page, _ = open_view(new_context(), page_url(base_url, PAGE["measures"], view["params"], lang=lang),
                        need_chart=False)
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind in ("XLSX", "CSV"):
        delivered = download(page, kind)
        files[kind] = DOWNLOADS / f"measures-view-{lang}-{delivered.suggested_filename}"
        delivered.save_as(files[kind])

    names = sorted((row["name_en"] if lang == "en" else row["short_name_uk"]) for row in view["communities"])
    documents = sorted((row["name_en"] if lang == "en" else row["short_name_uk"], PurePosixPath(row["source_file"]).name,
                        row["source_sha256"]) for row in view["communities"])
    built = datetime.fromtimestamp(os.stat(db_path).st_mtime_ns / 1e9, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")
    inputs = fetch(db, "SELECT value FROM meta WHERE key = 'inputs_sha256'")[0]["value"]
    expected = {
        t("about_communities", lang): "; ".join(names),
        t("about_align", lang): t("align_calendar", lang),
        t("about_years", lang): "–".join(map(str, view["years"])),
        t("about_themes", lang): view["theme"]["name_en" if lang == "en" else "name_uk"],
        t("about_population", lang): t("denominator_document", lang),
        t("about_language", lang): {"uk": "Українська", "en": "English"}[lang],
        t("about_built", lang): built,
    }

    book = openpyxl.load_workbook(files["XLSX"])
    about = book.worksheets[0]
    assert about.title == t("about_sheet", lang) and book.active.title != about.title
    records = [tuple("" if value is None else value for value in row) for row in about.iter_rows(min_row=2, values_only=True)]
    by_label = {row[0]: row for row in records}
    assert {label: by_label[label][1] for label in expected} == expected
    assert by_label[t("about_inputs", lang)][3] == inputs
    assert sorted(row[1:] for row in records if row[0] == t("about_document", lang)) == documents

    # The money: number cells in thousand UAH with every hryvnia, equal to the warehouse.
    sheet = book.active
    headings = [cell.value for cell in sheet[1]]
    ids, total = headings.index("measure_id"), headings.index(column_label("total_kuah", lang))
    # Within the year range (amounts with no year count only without one), as the page sums them.
    totals = {row["measure_id"]: row["total"] for row in fetch(db, """
        SELECT measure_id, SUM(amount_kuah) AS total FROM funding WHERE year BETWEEN ? AND ? GROUP BY ALL""",
        list(view["years"]))}
    cells = [(row[ids].value, row[total]) for row in sheet.iter_rows(min_row=2)]
    chosen = {row["measure_id"] for row in fetch(db, """
        SELECT measure_id FROM measure JOIN measure_theme USING (measure_id)
        WHERE community_id IN (?, ?) AND theme_id = ?""",
        [row["community_id"] for row in view["communities"]] + [view["theme"]["theme_id"]])}
    assert {measure for measure, _ in cells} == chosen
    assert any(cell.value is not None for _, cell in cells)
    for measure, cell in cells:
        assert cell.value is None or (cell.data_type == "n" and cell.number_format == "#,##0.0##"), measure
        if cell.value is not None:
            assert Decimal(str(cell.value)) == totals[measure], measure

    lines = files["CSV"].read_text(encoding="utf-8-sig").splitlines()
    leading = [row for row in csv.reader(line for line in lines if line.startswith("# "))]
    assert {row[0][2:]: row[1] for row in leading if row[0][2:] in expected} == expected
