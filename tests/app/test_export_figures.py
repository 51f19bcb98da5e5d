"""Page downloads as a council member opens them in Excel: figures rounded as the page shows them,
typed as numbers with Excel number formats, shares in percent 0-100, and an "About this file" part
recording the view and the warehouse it came from. Figures are compared with the warehouse."""
from __future__ import annotations

import csv
import io
import os
import re
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath

import pytest
from conftest import rows
from openpyxl import load_workbook

from hromada import pack
from hromada.app import data as queries
from hromada.exports.about import View, about
from hromada.exports.csv import to_csv_bytes
from hromada.exports.figures import KIND_FORMATS, infer_kinds
from hromada.exports.xlsx import to_xlsx_bytes
from hromada.filters import Filters
from hromada.i18n import t


def as_shown(value, places: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def ids(warehouse) -> tuple[str, ...]:
    return tuple(row["community_id"] for row in rows(warehouse, "SELECT community_id FROM community ORDER BY 1"))


@pytest.fixture(scope="module")
def summary(db_path, ids):
    return queries.community_summary(ids, "official")


def files(frame, lang: str, ids, opened_warehouse, view: View | None = None):
    described = about(view or View(lang=lang, communities=list(ids)),
                      pack.data_version(opened_warehouse, ids, lang))
    kinds = infer_kinds(frame)
    return (to_xlsx_bytes(frame, "table", kinds=kinds, about=described), to_csv_bytes(frame, kinds, described),
            described)


def csv_parts(data: bytes) -> tuple[list[list[str]], list[dict]]:
    lines = data.decode("utf-8-sig").splitlines(keepends=True)
    about_lines = [line for line in lines if line.startswith("#")]
    assert lines[:len(about_lines)] == about_lines, "the # lines come first"
    return list(csv.reader(about_lines)), list(csv.DictReader(lines[len(about_lines):]))


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_xlsx_figures_are_numbers_rounded_and_formatted_as_the_page_shows(summary, warehouse, opened_warehouse, ids,
                                                                          lang):
    book = load_workbook(io.BytesIO(files(summary, lang, ids, opened_warehouse)[0]))
    sheet = book["table"]
    assert book.active.title == "table"
    headings = [cell.value for cell in sheet[1]]
    cells = {sheet.cell(row, 1).value: {heading: sheet.cell(row, column) for column, heading in
                                        enumerate(headings, start=1)} for row in range(2, sheet.max_row + 1)}
    marts = rows(warehouse, "SELECT * FROM mart_community_summary")
    assert set(cells) == {mart["community_id"] for mart in marts}
    expected = {  # column -> (warehouse column, decimals as shown, Excel format)
        "programme_total_kuah": ("programme_total_kuah", 3, "#,##0.0##"),
        "stated_total_kuah": ("stated_total_kuah", 3, "#,##0.0##"),
        "annual_average_kuah": ("annual_average_kuah", 1, "#,##0.0"),
        "own_share_pct": ("own_share_pct", 1, "0.0"),
        "external_share_pct": ("external_share_pct", 1, "0.0"),
        "per_resident_year": ("uah_per_resident_year", 1, "#,##0.0"),
        "population": ("population", 0, "#,##0"),
        "measure_count": ("measure_count", 0, "#,##0"),
        "stated_total_line": ("stated_total_line", 0, "0"),
        "period_start": ("period_start", 0, "0"),
    }
    for mart in marts:
        row = cells[mart["community_id"]]
        for column, (source, places, number_format) in expected.items():
            cell, value = row[column], as_shown(mart[source], places)
            if value is None:
                assert cell.value is None, (column, mart["community_id"])
                continue
            assert cell.data_type == "n" and cell.number_format == number_format, (column, cell.number_format)
            assert Decimal(str(cell.value)) == value, (column, mart["community_id"], cell.value)
            if places == 0:
                assert isinstance(cell.value, int), column


def test_no_raw_float_reaches_a_download(db_path, opened_warehouse, ids):
    """Shares and averages the queries compute (47.208070835067375) are written as shown."""
    frames = [queries.budget_by_theme(Filters(ids)), queries.funding_mix(Filters(ids), by_year=True),
              queries.funding_by_class(Filters(ids)), queries.community_summary(ids, "document")]
    long_floats = [value for frame in frames for column in frame for value in frame[column]
                   if isinstance(value, float) and len(repr(value).partition(".")[2]) > 3]
    assert long_floats, "the queries do compute long floats; this test would prove nothing"
    for frame in frames:
        xlsx, data, _ = files(frame, "uk", ids, opened_warehouse)
        sheet = load_workbook(io.BytesIO(xlsx))["table"]
        numbers = [cell for row in sheet.iter_rows(min_row=2) for cell in row
                   if isinstance(cell.value, float) and not isinstance(cell.value, bool)]
        assert numbers and all(cell.number_format in KIND_FORMATS.values() for cell in numbers)
        assert all(round(cell.value, 3) == cell.value for cell in numbers)
        _, records = csv_parts(data)
        assert not [cell for record in records for cell in record.values()
                    if cell and re.fullmatch(r"-?\d+\.\d{4,}", cell)]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_csv_writes_figures_as_shown_with_a_plain_decimal_point(summary, warehouse, opened_warehouse, ids, lang):
    _, records = csv_parts(files(summary, lang, ids, opened_warehouse)[1])
    by_id = {record["community_id"]: record for record in records}
    for mart in rows(warehouse, "SELECT * FROM mart_community_summary"):
        record = by_id[mart["community_id"]]
        assert Decimal(record["programme_total_kuah"]) == mart["programme_total_kuah"]  # every hryvnia
        # A document that names no funding source has no own share: an empty cell, not 0.
        expected_share = "" if mart["own_share_pct"] is None else str(as_shown(mart["own_share_pct"], 1))
        assert record["own_share_pct"] == expected_share
        assert record["per_resident_year"] == str(as_shown(mart["uah_per_resident_year"], 1))
        assert record["population"] == str(mart["population"])
        assert "," not in record["programme_total_kuah"] and " " not in record["programme_total_kuah"]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_about_records_filters_build_time_and_each_document(summary, warehouse, db_path, opened_warehouse, ids, lang):
    communities = rows(warehouse, "SELECT * FROM community ORDER BY community_id")
    lookup = pack.chart_lookup(opened_warehouse, lang)
    chosen = [row for row in communities][:2]
    themes = rows(warehouse, "SELECT * FROM theme ORDER BY sort_order")[:2]
    theme_column = "name_en" if lang == "en" else "name_uk"
    view = View(lang=lang, communities=[lookup.community(row["community_id"]) for row in chosen], align="programme",
                years=(1, 2), themes=[row[theme_column] for row in themes], denominator="document")
    chosen_ids = tuple(row["community_id"] for row in chosen)
    described = about(view, pack.data_version(opened_warehouse, chosen_ids, lang))
    xlsx = to_xlsx_bytes(summary, "table", kinds=infer_kinds(summary), about=described)
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == [t("about_sheet", lang), "table"]
    sheet = book[t("about_sheet", lang)]
    assert [cell.value for cell in sheet[1]] == [t("about_item", lang), t("about_value", lang), t("about_file", lang),
                                                 "SHA-256"]
    records = [tuple("" if value is None else value for value in row)
               for row in sheet.iter_rows(min_row=2, values_only=True)]
    by_label = {row[0]: row for row in records}
    assert by_label[t("about_communities", lang)][1] == "; ".join(view.communities)
    assert by_label[t("about_align", lang)][1] == t("align_programme", lang)
    assert by_label[t("about_years", lang)][1] == "1–2"
    assert by_label[t("about_themes", lang)][1] == "; ".join(view.themes)
    assert by_label[t("about_population", lang)][1] == t("denominator_document", lang)
    meta = {row["key"]: row["value"] for row in rows(warehouse, "SELECT key, value FROM meta")}
    assert by_label[t("about_inputs", lang)][3] == meta["inputs_sha256"]
    built = datetime.fromtimestamp(os.stat(db_path).st_mtime_ns / 1e9, tz=UTC)
    assert by_label[t("about_built", lang)][1] == built.strftime("%Y-%m-%d %H:%M:%S")
    documents = [row[1:] for row in records if row[0] == t("about_document", lang)]
    assert documents == [(lookup.community(row["community_id"]), PurePosixPath(row["source_file"]).name,
                          row["source_sha256"]) for row in chosen]
    # The CSV starts with the same facts, one "#" line each, then the table.
    about_lines, table = csv_parts(to_csv_bytes(summary, infer_kinds(summary), described))
    assert [[cell for cell in line] for line in about_lines] == [
        [f"# {row[0]}", *row[1:]] for row in described.rows]
    assert len(table) == len(summary)


def test_about_keeps_document_text_as_data_in_both_formats(summary, opened_warehouse, ids):
    """A hostile community name neither runs nor breaks the "#" lines."""
    hostile = ['=HYPERLINK("http://example.com","x")', 'Назва, з "лапками"\nі рядком']
    described = about(View(lang="uk", communities=hostile), pack.data_version(opened_warehouse, ids[:1], "uk"))
    data = to_csv_bytes(summary, infer_kinds(summary), described)
    lines, _ = csv_parts(data)
    value = dict((line[0], line[1]) for line in lines)[f"# {t('about_communities', 'uk')}"]
    # One physical line per fact, so a reader can skip the lines that start with "#".
    assert value == "'" + "; ".join(hostile).replace("\n", " ")
    assert len(lines) == len(described.rows)
    book = load_workbook(io.BytesIO(to_xlsx_bytes(summary, "table", kinds=infer_kinds(summary), about=described)))
    cell = book[t("about_sheet", "uk")]["B2"]
    assert cell.value == "; ".join(hostile) and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_measures_and_summary_downloads_carry_headings_not_column_codes(db_path, ids, lang):
    """Ids keep their names for joining; every other heading is words in the file's language."""
    from hromada.ui import for_download
    for frame in (queries.measures(Filters(ids)), queries.community_summary(ids, "official").drop(
            columns=["denominator_source"])):
        headings = dict(zip(frame.columns, for_download(frame, lang).columns, strict=True))
        assert not [column for column, heading in headings.items() if heading == column and not column.endswith("_id")]


def test_about_labels_exist_in_both_languages_and_keep_the_csv_lines_unquoted(opened_warehouse):
    """A "# label" cell needs no CSV quoting (no comma, quote or line end), so every line starts with #."""
    from hromada.i18n import CATALOG
    keys = [key for key in CATALOG["uk"] if key.startswith("about_")]
    assert keys
    for key in keys:
        assert CATALOG["uk"][key] and CATALOG["en"].get(key), key
    for lang in ("uk", "en"):
        described = about(View(lang=lang, communities=[]), pack.data_version(opened_warehouse, (), lang))
        assert not [label for label, *_ in described.rows if any(mark in label for mark in ',"\r\n')]
