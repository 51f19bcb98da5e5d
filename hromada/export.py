"""Table downloads: CSV in UTF-8 with BOM (so Excel shows Cyrillic) and XLSX.

Formula-like text never runs, and ordinary text is never defaced:

* XLSX: every text cell is written as a string cell (``t="inlineStr"``), which Excel and
  LibreOffice never evaluate, so no apostrophe is needed; text that begins like a formula also
  gets the invisible *quote prefix* style, so editing the cell later keeps it text.
* CSV has no cell types: a spreadsheet evaluates a cell that begins with = + - @ (OWASP, "CSV
  injection"). Only text that could run gets a leading apostrophe (``neutralize``); values such as
  ``-``, ``+20%`` or ``-5`` stay as written. Numbers stay numbers in both formats.
"""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@")
# Rule: after leading tabs/CR/spaces, = or @ always runs; + or - runs unless only digits, spaces and
# . , % ( ) + - / – — follow, because a literal without a letter, | ! : $ " or [ can call no function,
# DDE link, cell or name (e.g. "=HYPERLINK(...)", "-cmd|'/C calc'!A0", "+A1" get the apostrophe).
_LITERAL_TAIL = re.compile(r"[\d\s.,%()+\-/\u2013\u2014]*")


def could_run(text: str) -> bool:
    """Whether a spreadsheet opening this text from a CSV cell would evaluate it as a formula."""
    stripped = text.lstrip(" \t\r\n")
    if not stripped.startswith(FORMULA_PREFIXES):
        return False
    return stripped[0] in "=@" or not _LITERAL_TAIL.fullmatch(stripped[1:])


def neutralize(value):
    """CSV: text that could run as a formula gets a leading apostrophe; everything else is kept."""
    if isinstance(value, str) and could_run(value):
        return "'" + value
    return value


def _plain_values(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with decimals turned into floats for the writers."""
    plain = frame.copy()
    for column in plain.columns:
        if plain[column].dtype == object:
            plain[column] = plain[column].map(lambda value: float(value) if isinstance(value, Decimal) else value)
    return plain


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a CSV writes it: decimals as floats, text that could run neutralised."""
    safe = _plain_values(frame)
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralize)
    safe.columns = [neutralize(str(column)) for column in safe.columns]
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # CRLF line ends (RFC 4180): the writer then quotes any cell holding a bare CR, which would
    # otherwise end the row in Excel.
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data", number_formats: dict[str, str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    write_sheet(sheet, frame, number_formats or {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
                wrap_columns: set[str] | None = None) -> None:
    """Header row frozen and filterable, text as string cells, sensible widths, wrapped long text."""
    number_formats = number_formats or {}
    plain = _plain_values(frame)
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
