"""Table downloads: CSV in UTF-8 with BOM (so Excel shows Cyrillic) and XLSX.

Cells that begin with = + - @ (or a tab or carriage return) would run as formulas in a
spreadsheet; they are neutralised by a leading apostrophe. Numbers stay numbers.
"""
from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised and decimals turned into floats for writers."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda value: float(value) if isinstance(value, Decimal) else neutralize(value))
    safe.columns = [neutralize(str(column)) for column in safe.columns]
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data", number_formats: dict[str, str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    write_sheet(sheet, frame, number_formats or {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_sheet(sheet, frame: pd.DataFrame, number_formats: dict[str, str] | None = None,
                wrap_columns: set[str] | None = None) -> None:
    """Header row frozen and filterable, text neutralised, sensible widths, wrapped long text."""
    number_formats = number_formats or {}
    safe = safe_frame(frame)
    headers = [str(column) for column in safe.columns]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for record in safe.itertuples(index=False):
        sheet.append([None if is_missing(value) else value for value in record])
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        values = [str(value) for value in safe.iloc[:, index - 1].tolist() if not is_missing(value)]
        longest = max([len(headers[index - 1])] + [len(value) for value in values]) if values else len(headers[index - 1])
        wrap = (wrap_columns and column in wrap_columns) or longest > 60
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
        for cell in sheet[letter][1:]:
            if column in number_formats:
                cell.number_format = number_formats[column]
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def is_missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
