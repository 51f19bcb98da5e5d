"""The workshop workbook: one sheet per table with its number formats, native Excel charts, and
fixed dates so the same tables give the same bytes. The tables come ready (``Table``); this module
knows nothing of queries.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from hromada.exports.about import About
from hromada.exports.archive import PACK_DATE, ReproducibleZip
from hromada.exports.figures import KIND_FORMATS
from hromada.exports.xlsx import write_about, write_cell, write_sheet

# A pack column's kind -> the dashboard's number kind (``figures``): figures are rounded and
# formatted as the pages show them. Money keeps every hryvnia; an annual average is rounded to one
# decimal as the overview shows it; shares are percent 0-100 under a "%" heading, as on the pages.
EXPORT_KINDS = {"money": "kuah", "money_rounded": "kuah_rounded", "share": "percent", "uah": "uah", "count": "count",
                "integer": "integer"}
MONEY_FORMAT = KIND_FORMATS["kuah"]
MONEY_ROUNDED_FORMAT = KIND_FORMATS["kuah_rounded"]
SHARE_FORMAT = KIND_FORMATS["percent"]
UAH_FORMAT = KIND_FORMATS["uah"]
COUNT_FORMAT = KIND_FORMATS["count"]
INTEGER_FORMAT = KIND_FORMATS["integer"]
DATE_FORMATS = {"uk": "dd.mm.yyyy", "en": "yyyy-mm-dd"}
NUMERIC_KINDS = {*EXPORT_KINDS, "value"}


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook and one CSV file: labelled columns and their kinds."""
    key: str
    sheet: str
    frame: pd.DataFrame
    kinds: dict[str, str] = field(default_factory=dict)  # column label -> kind

    @property
    def csv_name(self) -> str:
        return self.key.replace("_", "-") + ".csv"



def export_kinds(table: Table) -> dict[str, str]:
    """Column label -> the dashboard's number kind, for rounding and Excel formats."""
    return {label: EXPORT_KINDS[kind] for label, kind in table.kinds.items() if kind in EXPORT_KINDS}



def write_table(workbook: Workbook, table: Table, lang: str) -> None:
    sheet = workbook.create_sheet(table.sheet)
    wrap = {label for label, kind in table.kinds.items() if kind == "text"}
    dates = {label: DATE_FORMATS[lang] for label, kind in table.kinds.items() if kind == "date"}
    write_sheet(sheet, table.frame, dates, wrap, kinds=export_kinds(table))
    # Numbers need less room than their headings; the heading row wraps instead.
    for index, label in enumerate(table.frame.columns, start=1):
        if table.kinds[label] in NUMERIC_KINDS | {"date"}:
            sheet.column_dimensions[get_column_letter(index)].width = 15
        elif table.kinds[label] == "text":
            sheet.column_dimensions[get_column_letter(index)].width = 60



def _chart_data(sheet, title: str, corner: str, categories: list[str], series: dict[str, list[float]]) -> int:
    """Write a category × series block two rows below the table; return its heading row.

    Charts need one column per series; the table above stays long so that it can be filtered.
    The block sits below the table, outside its filter range, so filtering never hides it.
    """
    title_row = sheet.max_row + 3
    write_cell(sheet, title_row, 1, title).font = Font(bold=True)
    heading_row = title_row + 1
    for column, label in enumerate([corner, *series], start=1):
        write_cell(sheet, heading_row, column, label).font = Font(bold=True)
    for offset, category in enumerate(categories, start=1):
        write_cell(sheet, heading_row + offset, 1, category)
        for column, values in enumerate(series.values(), start=2):
            cell = sheet.cell(heading_row + offset, column, values[offset - 1])
            cell.number_format = MONEY_FORMAT
    return heading_row



def _bar_chart(sheet, heading_row: int, categories: int, colours: list[str], title: str, *,
               horizontal: bool, percent: bool, value_title: str) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "percentStacked" if percent else "stacked"
    chart.overlap = 100
    chart.title = title
    data = Reference(sheet, min_col=2, max_col=1 + len(colours), min_row=heading_row, max_row=heading_row + categories)
    chart.add_data(data, titles_from_data=True)
    # Community names are text: a string reference (set_categories would declare them numbers).
    names = Reference(sheet, min_col=1, min_row=heading_row + 1, max_row=heading_row + categories)
    for series, colour in zip(chart.series, colours, strict=True):
        series.cat = AxDataSource(strRef=StrRef(f=str(names)))
        series.graphicalProperties.solidFill = colour.lstrip("#")
        series.graphicalProperties.line.solidFill = colour.lstrip("#")
    chart.y_axis.title = value_title
    chart.y_axis.number_format = "0%" if percent else "#,##0"
    # openpyxl 3.1 leaves axes without an explicit delete flag, which Excel reads as hidden.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first community on top, as on the dashboard
    chart.legend.position = "b"
    chart.width, chart.height = 22, 12
    return chart


@dataclass(frozen=True)
class StackedChart:
    """A native stacked bar chart of a table's amounts, communities × parts (themes or ownership)."""
    table_key: str
    community_column: str  # headings of the table's columns it reads
    part_column: str
    amount_column: str
    parts: dict[str, str]  # part id -> name, in the chart's order
    colours: dict[str, str]  # part id -> colour
    community_names: dict[str, str]
    corner: str  # the heading above the community names in the chart's data block
    data_title: str
    title: str
    value_title: str
    percent: bool


def add_stacked_chart(workbook: Workbook, table: Table, spec: StackedChart) -> None:
    """The chart right of the table, its data in a block below it."""
    sheet = workbook[table.sheet]
    frame = table.frame
    communities = list(dict.fromkeys(frame[spec.community_column]))
    if not communities:
        return
    parts = [part for part in spec.parts if part in set(frame[spec.part_column])]
    amounts = dict(zip(zip(frame[spec.community_column], frame[spec.part_column], strict=True), frame[spec.amount_column], strict=True))
    series = {spec.parts[part]: [float(amounts.get((community, part)) or 0) for community in communities]
              for part in parts}
    heading_row = _chart_data(sheet, spec.data_title, spec.corner,
                              [spec.community_names.get(community, community) for community in communities], series)
    chart = _bar_chart(sheet, heading_row, len(communities), [spec.colours.get(part, "#777777") for part in parts],
                       spec.title, horizontal=spec.percent, percent=spec.percent, value_title=spec.value_title)
    sheet.add_chart(chart, f"{get_column_letter(len(frame.columns) + 2)}2")


def workbook_bytes(tables: list[Table], lang: str, about: About, charts: list[StackedChart], title: str) -> bytes:
    """The .xlsx: "About this file" first, one sheet per table, the native charts, fixed dates."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        write_table(workbook, table, lang)
    write_about(workbook, about)
    workbook.active = 1  # "About this file" is the first tab; the workbook opens on the first table
    by_key = {table.key: table for table in tables}
    for spec in charts:
        add_stacked_chart(workbook, by_key[spec.table_key], spec)
    properties = workbook.properties
    properties.creator = "hromada-benchmark"
    properties.title = title
    properties.created = properties.modified = PACK_DATE
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time into the properties.
    ExcelWriter(workbook, ReproducibleZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buffer.getvalue()
