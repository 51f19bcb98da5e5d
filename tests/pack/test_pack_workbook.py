"""The workshop workbook: sheets, figures equal to the warehouse, formats, charts, neutralised text."""
from __future__ import annotations

import csv
import io
import os
import shutil
import zipfile
from collections import defaultdict
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath
from xml.etree import ElementTree

import pytest
from conftest import rows
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from pack_helpers import COMMUNITIES, FIRST, SECOND

from etl.__main__ import main as cli
from etl.contract import OWNERSHIPS
from hromada import pack, queries
from hromada.exports import workbook
from hromada.exports.archive import PACK_DATE
from hromada.exports.csv import to_csv_bytes
from hromada.exports.formulas import could_run, neutralize
from hromada.i18n import t
from hromada.pack import tables as pack_tables

TABLE_SHEETS = {
    "uk": ["Зведення", "Бюджет за темами", "Фінансування", "Фінансування за джерелами", "Фінансування за роками",
           "Індикатори", "Заходи", "Якість даних", "Методологія і джерела"],
    "en": ["Summary", "Budget by theme", "Funding mix", "Funding by source class", "Funding by year", "Indicators",
           "Measures", "Data issues", "Methodology and sources"],
}
# "About this file" comes first: the filters, the warehouse's build and its documents.
SHEET_NAMES = {lang: [t("about_sheet", lang), *names] for lang, names in TABLE_SHEETS.items()}


def as_shown(value, places: int) -> float | None:
    """A warehouse figure rounded half-up as the dashboard shows it."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
INJECTION = '=HYPERLINK("http://example.com","x")'


@pytest.fixture(scope="module")
def workbook_files(db_path) -> dict[str, bytes]:
    return {lang: pack.build_workbook(db_path, None, lang) for lang in ("uk", "en")}


@pytest.fixture(scope="module")
def workbooks(workbook_files):
    return {lang: load_workbook(io.BytesIO(data)) for lang, data in workbook_files.items()}


def table_records(sheet) -> list[dict]:
    """The rows of the sheet's table (the autofilter range), keyed by heading."""
    first_column, first_row, last_column, last_row = range_boundaries(sheet.auto_filter.ref)
    cells = list(sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column,
                                 values_only=True))
    headings = cells[0]
    return [dict(zip(headings, values, strict=True)) for values in cells[1:]]


def heading(key: str, lang: str) -> str:
    return pack.column_label(key, lang)


def column_cells(sheet, label: str):
    """The data cells of the table column headed ``label``."""
    _, first_row, _, last_row = range_boundaries(sheet.auto_filter.ref)
    headings = [cell.value for cell in sheet[first_row]]
    index = headings.index(label) + 1
    return [sheet.cell(row, index) for row in range(first_row + 1, last_row + 1)]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_every_sheet_is_present_in_the_chosen_language(workbooks, lang):
    assert workbooks[lang].sheetnames == SHEET_NAMES[lang]
    assert all(len(name) <= 31 for name in workbooks[lang].sheetnames)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_summary_figures_equal_mart_community_summary(workbooks, warehouse, lang):
    sheet = workbooks[lang][pack.sheet_name("summary", lang)]
    records = {record["community_id"]: record for record in table_records(sheet)}
    assert sorted(records) == COMMUNITIES
    for mart in rows(warehouse, "SELECT * FROM mart_community_summary"):
        record = records[mart["community_id"]]
        assert record[heading("programme_total_kuah", lang)] == float(mart["programme_total_kuah"])
        # A derived average is rounded to one decimal, as the overview shows it.
        assert record[heading("annual_average_kuah", lang)] == as_shown(mart["annual_average_kuah"], 1)
        stated = mart["stated_total_kuah"]
        assert record[heading("stated_total_kuah", lang)] == (None if stated is None else float(stated))
        assert record[heading("stated_total_line", lang)] == mart["stated_total_line"]
        assert record[heading("population", lang)] == mart["population"]
        assert record[heading("population_date", lang)].date() == mart["population_date"]
        assert record[heading("per_resident_year", lang)] == as_shown(mart["uah_per_resident_year"], 1)
        document_rate = record[heading("per_resident_year_document", lang)]
        assert document_rate == as_shown(mart["uah_per_resident_year_document"], 1)
        for ownership in OWNERSHIPS:
            # Percent 0-100 with one decimal, as the pages show shares.
            expected = mart[f"{ownership}_share_pct"]
            if expected is None:  # no funding source named: the share is unknown, an empty cell
                assert record[heading(f"{ownership}_share", lang)] is None
                continue
            assert record[heading(f"{ownership}_share", lang)] == as_shown(expected, 1)
        for count in ("measure_count", "measures_with_money", "indicator_count", "issues_error", "issues_warning",
                      "issues_info"):
            assert record[heading(count, lang)] == mart[count], count


def test_summary_matches_the_dashboard_query(workbooks):
    """The per-resident figure is the one the overview cards show (official denominator), rounded as shown."""
    from hromada.app import data as dashboard
    sheet = workbooks["uk"][pack.sheet_name("summary", "uk")]
    records = {record["community_id"]: record for record in table_records(sheet)}
    summary = dashboard.community_summary(tuple(COMMUNITIES), "official")
    for row in summary.itertuples(index=False):
        assert records[row.community_id][heading("per_resident_year", "uk")] == as_shown(row.per_resident_year, 1)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_budget_by_theme_equals_the_mart_summed(workbooks, warehouse, lang):
    sheet = workbooks[lang][pack.sheet_name("budget_by_theme", lang)]
    in_sheet = defaultdict(float)
    for record in table_records(sheet):
        in_sheet[(record["community_id"], record["theme_id"])] += record[heading("amount_kuah", lang)]
    expected = {(row["community_id"], row["theme_id"]): float(row["amount"]) for row in rows(warehouse, """
        SELECT community_id, theme_id, SUM(amount_kuah) AS amount FROM mart_budget_by_theme GROUP BY ALL""")}
    assert set(in_sheet) == set(expected)
    for key, amount in expected.items():
        assert in_sheet[key] == pytest.approx(amount, abs=1e-9), key
    # Each community's themes add up to its programme total, and the shares (rounded to 0.1) to 100.
    totals = {row["community_id"]: float(row["programme_total_kuah"])
              for row in rows(warehouse, "SELECT * FROM mart_community_summary")}
    for community, total in totals.items():
        assert sum(value for (owner, _), value in in_sheet.items() if owner == community) == pytest.approx(total)
        shares = [record[heading("share", lang)] for record in table_records(sheet) if record["community_id"] == community]
        assert sum(shares) == pytest.approx(100.0, abs=0.05 * len(shares))


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_funding_shares_equal_mart_funding_mix(workbooks, warehouse, lang):
    sheet = workbooks[lang][pack.sheet_name("funding_mix", lang)]
    records = {(record["community_id"], record["ownership"]): record for record in table_records(sheet)}
    expected = rows(warehouse, """
        SELECT community_id, ownership, SUM(amount_kuah) AS amount, SUM(share_of_programme_pct) AS share
        FROM mart_funding_mix GROUP BY ALL""")
    assert set(records) == {(row["community_id"], row["ownership"]) for row in expected}
    for row in expected:
        record = records[(row["community_id"], row["ownership"])]
        assert record[heading("amount_kuah", lang)] == pytest.approx(float(row["amount"]), abs=1e-9)
        assert record[heading("share", lang)] == as_shown(row["share"], 1)


def test_funding_by_year_shares_equal_mart_funding_mix(workbooks, warehouse):
    lang = "en"
    sheet = workbooks[lang][pack.sheet_name("funding_by_year", lang)]
    no_year = t("no_year", lang)
    in_sheet = {(record["community_id"], None if record[heading("year", lang)] == no_year else record[heading("year", lang)],
                 record["ownership"]): record[heading("share_of_year", lang)] for record in table_records(sheet)}
    expected = rows(warehouse, """
        SELECT community_id, year, ownership, SUM(share_of_year_pct) AS share FROM mart_funding_mix GROUP BY ALL""")
    assert len(in_sheet) == len(expected)
    for row in expected:
        key = (row["community_id"], row["year"], row["ownership"])
        assert in_sheet[key] == as_shown(row["share"], 1), key


def test_measures_money_by_year_equals_funding(workbooks, warehouse):
    lang = "uk"
    sheet = workbooks[lang][pack.sheet_name("measures", lang)]
    records = {record["measure_id"]: record for record in table_records(sheet)}
    assert len(records) == rows(warehouse, "SELECT COUNT(*) AS n FROM measure")[0]["n"]
    funding = rows(warehouse, "SELECT measure_id, year, SUM(amount_kuah) AS amount FROM funding GROUP BY ALL")
    for row in funding:
        label = heading("no_year_kuah", lang) if row["year"] is None else pack.word("year_money", lang, year=row["year"])
        value = records[row["measure_id"]][label]
        if row["amount"]:
            assert value == pytest.approx(float(row["amount"]), abs=1e-9), (row["measure_id"], row["year"])
    totals = rows(warehouse, "SELECT measure_id, SUM(amount_kuah) AS amount FROM funding GROUP BY ALL")
    for row in totals:
        assert records[row["measure_id"]][heading("total_kuah", lang)] == pytest.approx(float(row["amount"]), abs=1e-9)


def test_indicators_keep_baseline_targets_and_final_target(workbooks, warehouse):
    lang = "en"
    sheet = workbooks[lang][pack.sheet_name("indicators", lang)]
    records = {record["indicator_id"]: record for record in table_records(sheet)}
    indicators = rows(warehouse, "SELECT * FROM indicator")
    assert set(records) == {row["indicator_id"] for row in indicators}
    for row in indicators:
        record = records[row["indicator_id"]]
        for key in ("baseline_value", "final_target_value"):
            expected = None if row[key] is None else float(row[key])
            assert record[heading(key, lang)] == expected, (row["indicator_id"], key)
        assert record[heading("source_line", lang)] == row["source_line"]
    targets = rows(warehouse, """SELECT t.indicator_id, t.year, t.target_value FROM indicator_target AS t
                                  JOIN indicator AS i USING (indicator_id) WHERE i.unit_class <> 'yes_no'
                                  AND t.target_value IS NOT NULL""")
    for target in targets:
        label = pack.word("target_year", lang, year=target["year"])
        assert records[target["indicator_id"]][label] == float(target["target_value"])


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_data_issues_in_the_chosen_language(workbooks, warehouse, lang):
    sheet = workbooks[lang][pack.sheet_name("data_issues", lang)]
    records = {record["issue_id"]: record for record in table_records(sheet)}
    issues = rows(warehouse, "SELECT * FROM data_issue")
    assert set(records) == {issue["issue_id"] for issue in issues}
    for issue in issues:
        record = records[issue["issue_id"]]
        assert record[heading("message", lang)] == neutralize(issue[f"message_{lang}"])
        assert record[heading("source_line", lang)] == issue["source_line"]


def test_methodology_lists_themes_classes_denominators_and_document_hashes(workbooks, warehouse):
    lang = "uk"
    records = table_records(workbooks[lang][pack.sheet_name("methodology", lang)])
    codes = {record[heading("code", lang)] for record in records}
    assert {row["theme_id"] for row in rows(warehouse, "SELECT theme_id FROM theme")} <= codes
    assert {row["source_class"] for row in rows(warehouse, "SELECT source_class FROM source_class")} <= codes
    hashes = {record[heading("sha256", lang)] for record in records}
    for community in rows(warehouse, "SELECT * FROM community"):
        assert community["source_sha256"] in hashes
        assert any(record[heading("source", lang)] == community["source_file"] for record in records)
        assert any(record[heading("value", lang)] == community["population"] for record in records)
    sources = {record[heading("source", lang)] for record in records}
    assert "data/reference/README.md" in sources  # the reference sources and caveats


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_money_and_share_columns_have_excel_number_formats(workbooks, lang):
    money = [heading(key, lang) for key in ("programme_total_kuah", "stated_total_kuah")]
    shares = [heading(key, lang) for key in ("own_share", "external_share", "unspecified_share")]
    checks = {
        "summary": {**dict.fromkeys(money, workbook.MONEY_FORMAT), **dict.fromkeys(shares, workbook.SHARE_FORMAT),
                    heading("annual_average_kuah", lang): workbook.MONEY_ROUNDED_FORMAT,
                    heading("per_resident_year", lang): workbook.UAH_FORMAT,
                    heading("population", lang): workbook.COUNT_FORMAT, heading("measure_count", lang): workbook.COUNT_FORMAT},
        "budget_by_theme": {heading("amount_kuah", lang): workbook.MONEY_FORMAT, heading("share", lang): workbook.SHARE_FORMAT},
        "funding_mix": {heading("amount_kuah", lang): workbook.MONEY_FORMAT, heading("share", lang): workbook.SHARE_FORMAT},
        "funding_by_year": {heading("amount_kuah", lang): workbook.MONEY_FORMAT,
                            heading("share_of_year", lang): workbook.SHARE_FORMAT},
        "measures": {heading("total_kuah", lang): workbook.MONEY_FORMAT, heading("own_kuah", lang): workbook.MONEY_FORMAT},
    }
    for key, formats in checks.items():
        sheet = workbooks[lang][pack.sheet_name(key, lang)]
        for label, number_format in formats.items():
            cells = column_cells(sheet, label)
            assert cells and all(cell.number_format == number_format for cell in cells), (key, label)
            assert any(isinstance(cell.value, float | int) for cell in cells), (key, label)
    # Money shows every hryvnia (up to 3 decimals), shares are percent 0-100 with one decimal.
    assert (workbook.MONEY_FORMAT, workbook.MONEY_ROUNDED_FORMAT, workbook.SHARE_FORMAT) == ("#,##0.0##", "#,##0.0", "0.0")
    assert workbook.UAH_FORMAT == "#,##0.0" and workbook.COUNT_FORMAT == "#,##0"


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_no_figure_carries_more_decimals_than_its_format_shows(workbooks, lang):
    """Never a raw float such as 47.208070835067375: every formatted figure is rounded as shown."""
    places = {workbook.MONEY_FORMAT: 3, workbook.MONEY_ROUNDED_FORMAT: 1, workbook.SHARE_FORMAT: 1, workbook.COUNT_FORMAT: 0,
              workbook.INTEGER_FORMAT: 0}
    checked = 0
    for sheet in workbooks[lang].worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float | int) and not isinstance(cell.value, bool):
                    if cell.number_format == "General":  # figures as the document writes them
                        assert round(cell.value, 3) == cell.value, (sheet.title, cell.coordinate, cell.value)
                    if cell.number_format in places:
                        checked += 1
                        assert round(cell.value, places[cell.number_format]) == cell.value, \
                            (sheet.title, cell.coordinate, cell.value, cell.number_format)
    assert checked > 100


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_every_sheet_has_a_frozen_filterable_heading(workbooks, lang):
    for sheet in workbooks[lang].worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        first_column, first_row, last_column, last_row = range_boundaries(sheet.auto_filter.ref)
        assert (first_column, first_row) == (1, 1) and last_row > 1, sheet.title
        assert all(sheet.cell(1, column).value for column in range(first_column, last_column + 1)), sheet.title


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_native_charts_for_themes_and_funding(workbooks, lang):
    book = workbooks[lang]
    themes = book[pack.sheet_name("budget_by_theme", lang)]._charts
    funding = book[pack.sheet_name("funding_mix", lang)]._charts
    assert len(themes) == 1 and themes[0].grouping == "stacked"
    assert len(funding) == 1 and funding[0].grouping == "percentStacked"
    assert len(funding[0].series) == 3
    theme_count = len({record["theme_id"] for record in table_records(book[pack.sheet_name("budget_by_theme", lang)])})
    assert len(themes[0].series) == theme_count
    others = [sheet.title for sheet in book.worksheets if sheet._charts]
    assert sorted(others) == sorted([pack.sheet_name("budget_by_theme", lang), pack.sheet_name("funding_mix", lang)])


def test_chart_data_block_sits_outside_the_filter_range(workbooks):
    """Filtering the table must never hide the rows a chart reads."""
    sheet = workbooks["en"][pack.sheet_name("budget_by_theme", "en")]
    _, _, _, last_row = range_boundaries(sheet.auto_filter.ref)
    reference = sheet._charts[0].series[0].val.numRef.f
    first_data_row = int(reference.split("$")[-3].rstrip(":"))
    assert first_data_row > last_row + 1


def test_workbook_parts_are_valid_xml_and_dates_fixed(workbook_files):
    for data in workbook_files.values():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            for entry in archive.infolist():
                assert entry.date_time == PACK_DATE.timetuple()[:6]
                if entry.filename.endswith((".xml", ".rels")):
                    ElementTree.fromstring(archive.read(entry))
        book = load_workbook(io.BytesIO(data))
        assert book.properties.created == book.properties.modified == PACK_DATE


def test_two_builds_are_byte_identical(db_path, workbook_files):
    assert pack.build_workbook(db_path, None, "uk") == workbook_files["uk"]


def test_formula_like_text_is_neutralised(db_path, opened_warehouse, monkeypatch):
    original = queries.measures

    def measures_with_injection(warehouse, filters, search=""):
        frame = original(warehouse, filters, search).copy()
        frame.loc[frame.index[0], "name_uk"] = INJECTION
        frame.loc[frame.index[0], "task_uk"] = "+1+2"
        frame.loc[frame.index[0], "responsible_uk"] = "@SUM(A1)"
        return frame

    monkeypatch.setattr(queries, "measures", measures_with_injection)
    book = load_workbook(io.BytesIO(pack.build_workbook(db_path, [FIRST], "en")))
    sheet = book[pack.sheet_name("measures", "en")]
    cells = {label: column_cells(sheet, heading(label, "en"))[0] for label in ("measure", "task", "responsible")}
    # String cells never run, so the workbook keeps the text exactly, without a visible apostrophe.
    assert cells["measure"].value == INJECTION
    assert cells["task"].value == "+1+2" and cells["responsible"].value == "@SUM(A1)"
    for cell in cells.values():
        assert cell.data_type == "s" and cell.quotePrefix
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    # The same table as CSV is neutralised where it could run.
    table = pack_tables.measure_table(opened_warehouse, (FIRST,), "en", pack.chart_lookup(opened_warehouse, "en"))
    text = to_csv_bytes(table.frame).decode("utf-8-sig")
    assert "'" + INJECTION.replace('"', '""') in text and "'@SUM(A1)" in text


def test_ordinary_signed_values_carry_no_apostrophe(workbooks, db_path):
    """Values such as "-" or "+20%" are data: neither the workbook nor the CSVs deface them."""
    for book in workbooks.values():
        texts = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                 if isinstance(cell.value, str)]
        assert not [cell.value for cell in texts if cell.value.startswith("'")]  # string cells need none
        assert all(cell.data_type == "s" for cell in texts)
    with pack.open_warehouse(db_path) as warehouse:
        tables = pack_tables.pack_tables(warehouse, pack.resolve_communities(warehouse, None), "uk")
    signed = [value for table in tables for column in table.frame for value in table.frame[column]
              if isinstance(value, str) and value[:1] in "+-"]
    assert signed, "the documents hold signed values such as +20 %"
    for table in tables:
        cells = [cell for row in csv.reader(io.StringIO(to_csv_bytes(table.frame).decode("utf-8-sig")))
                 for cell in row]
        # An apostrophe only ever guards text that could run; the signed values stay as written.
        assert all(could_run(cell[1:]) for cell in cells if cell.startswith("'")), table.key
        assert {value for column in table.frame for value in table.frame[column]
                if isinstance(value, str) and value in signed} <= set(cells), table.key


def test_selection_keeps_only_the_chosen_communities(db_path):
    book = load_workbook(io.BytesIO(pack.build_workbook(db_path, [SECOND, FIRST], "uk")))
    for key in ("summary", "budget_by_theme", "funding_mix", "measures", "data_issues"):
        records = table_records(book[pack.sheet_name(key, "uk")])
        assert {record["community_id"] for record in records} == {FIRST, SECOND}, key


def test_unknown_community_is_a_clear_error(db_path):
    with pytest.raises(ValueError) as error:
        pack.build_workbook(db_path, [FIRST, "atlantis"], "uk")
    message = str(error.value)
    assert "atlantis" in message and all(community in message for community in COMMUNITIES)
    with pytest.raises(ValueError, match="language"):
        pack.build_workbook(db_path, None, "de")


def test_cli_writes_only_the_workbook_for_xlsx(db_path, tmp_path, capfd):
    """Through the old `python -m etl pack`, which names the new command and runs it with the same options."""
    out = tmp_path / "pack.xlsx"
    assert cli(["pack", "--communities", f"{FIRST},{SECOND}", "--lang", "uk", "--out", str(out),
                "--db", str(db_path)]) == 0
    printed = capfd.readouterr()
    assert "python -m hromada pack" in printed.err and f"Wrote {out}" in printed.out
    book = load_workbook(out)
    assert book.sheetnames == SHEET_NAMES["uk"]


def test_a_failing_pack_command_says_why_in_one_line(db_path, tmp_path, capfd):
    from hromada.__main__ import main as pack_command
    assert pack_command(["pack", "--communities", "atlantis", "--out", str(tmp_path / "pack.zip"),
                         "--db", str(db_path), "--no-images"]) == 1
    (line,) = capfd.readouterr().err.strip().splitlines()
    assert line.startswith("error: ") and "atlantis" in line
    assert not (tmp_path / "pack.zip").exists()


def test_another_database_file_is_read_and_the_setting_restored(db_path, tmp_path, warehouse):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(db_path, copy)
    before = os.environ.get("PROGRAMMES_DB")
    book = load_workbook(io.BytesIO(pack.build_workbook(copy, [FIRST], "en")))
    assert os.environ.get("PROGRAMMES_DB") == before
    (record,) = table_records(book[pack.sheet_name("summary", "en")])
    total = rows(warehouse, "SELECT programme_total_kuah FROM mart_community_summary WHERE community_id = ?", [FIRST])
    assert record[heading("programme_total_kuah", "en")] == float(total[0]["programme_total_kuah"])
    with pytest.raises(FileNotFoundError, match="etl build"):
        pack.build_workbook(tmp_path / "missing.duckdb", None, "uk")


def about_rows(book, lang: str) -> list[tuple]:
    sheet = book[t("about_sheet", lang)]
    headings = [cell.value for cell in sheet[1]]
    assert headings == [t("about_item", lang), t("about_value", lang), t("about_file", lang), "SHA-256"]
    return [tuple(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_about_sheet_records_the_view_the_build_and_every_document(workbooks, warehouse, db_path, opened_warehouse,
                                                                  lang):
    book = workbooks[lang]
    assert book.sheetnames[0] == t("about_sheet", lang)
    assert book.active.title == pack.sheet_name("summary", lang)  # it opens on the figures
    records = about_rows(book, lang)
    by_label = {row[0]: row for row in records}
    communities = rows(warehouse, "SELECT * FROM community ORDER BY community_id")
    names = pack.chart_lookup(opened_warehouse, lang)
    assert by_label[t("about_communities", lang)][1] == "; ".join(names.community(row["community_id"])
                                                                   for row in communities)
    assert by_label[t("about_years", lang)][1] == t("about_years_all", lang)
    assert by_label[t("about_themes", lang)][1] == t("about_themes_all", lang)
    assert by_label[t("about_population", lang)][1] == t("denominator_official", lang)
    assert by_label[t("about_align", lang)][1] == t("align_calendar", lang)
    assert by_label[t("about_language", lang)][1] == {"uk": "Українська", "en": "English"}[lang]
    meta = {row["key"]: row["value"] for row in rows(warehouse, "SELECT key, value FROM meta")}
    assert by_label[t("about_inputs", lang)][3] == meta["inputs_sha256"]
    assert by_label[t("about_schema", lang)][1] == meta["schema_version"]
    built = datetime.fromtimestamp(os.stat(db_path).st_mtime_ns / 1e9, tz=UTC)
    assert by_label[t("about_built", lang)][1] == built.strftime("%Y-%m-%d %H:%M:%S")
    documents = {(row[1], row[2], row[3]) for row in records if row[0] == t("about_document", lang)}
    assert documents == {(names.community(row["community_id"]), PurePosixPath(row["source_file"]).name,
                          row["source_sha256"]) for row in communities}


def test_about_sheet_lists_only_the_chosen_communities(db_path, warehouse):
    book = load_workbook(io.BytesIO(pack.build_workbook(db_path, [FIRST], "en")))
    (document,) = [row for row in about_rows(book, "en") if row[0] == t("about_document", "en")]
    (expected,) = rows(warehouse, "SELECT source_sha256 FROM community WHERE community_id = ?", [FIRST])
    assert document[3] == expected["source_sha256"]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_indicator_sheet_names_semantics_and_origin_in_words_not_codes(workbooks, warehouse, lang):
    codes = {value for row in rows(warehouse, "SELECT DISTINCT target_semantics, origin FROM indicator")
             for value in row.values() if value}
    sheet = workbooks[lang][pack.sheet_name("indicators", lang)]
    for key in ("target_semantics", "origin"):
        cells = [cell.value for cell in column_cells(sheet, heading(key, lang))]
        assert cells and all(cells), key
        # Neither the code itself nor a code in brackets ("рівні (cumulative)"); English words may coincide.
        assert not [value for value in cells if value in codes or any(f"({code})" in value for code in codes)], key
