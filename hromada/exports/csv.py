"""CSV in UTF-8 with a BOM (so Excel shows Cyrillic) and CRLF line ends.

Figures are written rounded as shown with a plain decimal point (``figures.csv_number``). The file
starts with its provenance as lines beginning with ``#`` (label, value, file, SHA-256), then the
heading row: Excel shows them as rows above the table; a program skips the leading lines that begin
with ``#`` (``pandas.read_csv(path, skiprows=n)``; not ``comment="#"``, which would also cut data
holding a ``#``).
"""
from __future__ import annotations

import csv
import io
import re

import pandas as pd

from hromada.exports.about import About
from hromada.exports.figures import converted, csv_number, is_missing, writable
from hromada.exports.formulas import neutralize


def safe_frame(frame: pd.DataFrame, kinds: dict | None = None) -> pd.DataFrame:
    """The frame as a CSV writes it: figures rounded as shown, text that could run neutralised."""
    safe = converted(frame, kinds,
                     figure=lambda value, kind: None if is_missing(value) else neutralize(csv_number(value, kind)),
                     text=lambda value: neutralize(writable(value)),
                     is_text=lambda column: column.dtype == object or pd.api.types.is_string_dtype(column))
    safe.columns = [neutralize(str(column)) for column in safe.columns]
    return safe


def about_lines(about: About) -> list[list[str]]:
    """The CSV's leading rows: "# label" first (a label is interface text, so the line starts with #)."""
    return [[f"# {label}", *(neutralize(_one_line(cell)) for cell in cells)] for label, *cells in about.rows]


def _one_line(text: str) -> str:
    """One physical line per fact: a reader skips the leading lines that start with "#"."""
    return re.sub(r"[\r\n]+", " ", text)


def to_csv_bytes(frame: pd.DataFrame, kinds: dict | None = None, about: About | None = None) -> bytes:
    # CRLF line ends (RFC 4180): the writer then quotes any cell holding a bare CR, which would
    # otherwise end the row in Excel.
    buffer = io.StringIO()
    if about is not None:
        csv.writer(buffer, lineterminator="\r\n").writerows(about_lines(about))
    safe_frame(frame, kinds).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")
