"""XLSX: a frozen, filterable heading row, text as string cells, figures as number cells rounded
as shown with their Excel number format, and an "About this file" sheet first.
"""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from hromada.exports.about import About
from hromada.exports.figures import KIND_FORMATS, converted, is_missing, shown, writable
from hromada.exports.formulas import FORMULA_PREFIXES


def _plain_values(frame: pd.DataFrame, kinds: dict | None = None) -> pd.DataFrame:
    """A copy with figures rounded as shown and decimals turned into floats for the writers."""
    return converted(frame, kinds, figure=lambda value, kind: writable(shown(value, kind)), text=writable,
                     is_text=lambda column: column.dtype == object)


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data", number_formats: dict[str, str] | None = None,
                  kinds: dict | None = None, about: About | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    write_sheet(sheet, frame, number_formats or {}, kinds=kinds)
    if about is not None:
        write_about(workbook, about)
        workbook.active = 1  # "About" is the first tab; the workbook opens on the data
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_about(workbook: Workbook, about: About) -> None:
    """The first sheet: what the figures are, which view and which data produced them."""
    sheet = workbook.create_sheet(about.sheet[:31], 0)
    frame = pd.DataFrame(list(about.rows), columns=list(about.headings))
    write_sheet(sheet, frame)
    for letter, width in zip("ABCD", (34, 60, 40, 68), strict=True):
        sheet.column_dimensions[letter].width = width


def write_cell(sheet, row: int, column: int, value):
    """One cell; text is always a string cell, never a formula (openpyxl reads "=..." as one)."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.lstrip(" \t\r\n").startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    else:
        cell.value = None if is_missing(value) else value
    return cell


def write_sheet(sheet, frame: pd.DataFrame, number_formats: dict[str, str] | None = None,
                wrap_columns: set[str] | None = None, kinds: dict | None = None) -> None:
    """Header row frozen and filterable, text as string cells, figures rounded as shown with their
    Excel number format (``kinds``; ``number_formats`` adds formats such as dates), wrapped long text."""
    kinds = kinds or {}
    number_formats = {**{column: KIND_FORMATS[kind] for column, kind in kinds.items() if kind in KIND_FORMATS},
                      **(number_formats or {})}
    plain = _plain_values(frame, kinds)
    headers = [str(column) for column in plain.columns]
    for index, header in enumerate(headers, start=1):
        cell = write_cell(sheet, 1, index, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row, record in enumerate(plain.itertuples(index=False), start=2):
        for index, value in enumerate(record, start=1):
            write_cell(sheet, row, index, value)
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        values = [str(value) for value in plain.iloc[:, index - 1].tolist() if not is_missing(value)]
        longest = max([len(headers[index - 1])] + [len(value) for value in values]) if values else len(headers[index - 1])
        wrap = (wrap_columns and column in wrap_columns) or longest > 60
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
        for cell in sheet[letter][1:]:
            if column in number_formats and not isinstance(cell.value, str):
                cell.number_format = number_formats[column]
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
