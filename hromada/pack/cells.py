"""Query columns as a pack table: each heading in the file's language, each value as its kind needs.
"""
from __future__ import annotations

import pandas as pd

from hromada.exports.figures import is_missing
from hromada.exports.workbook import Table
from hromada.pack.text import COLUMNS, column_label, sheet_name


def make_table(key: str, columns: dict[str, list], lang: str, extra: dict[str, tuple[str, str]] | None = None) -> Table:
    """A Table from column key -> values; ``extra`` names columns made at run time (label, kind)."""
    extra = extra or {}
    labels, kinds = {}, {}
    for column in columns:
        label, kind = extra[column] if column in extra else (column_label(column, lang), COLUMNS[column][1])
        labels[column] = label
        kinds[label] = kind
    frame = pd.DataFrame({labels[column]: _column(values, kinds[labels[column]]) for column, values in columns.items()})
    return Table(key=key, sheet=sheet_name(key, lang), frame=frame, kinds=kinds)


def _column(values: list, kind: str):
    """Whole numbers with gaps stay whole (nullable Int64): line 2215 must not become 2215.0 in a CSV."""
    present = [value for value in values if not is_missing(value)]
    if kind in {"integer", "count"} and present and all(isinstance(value, int) for value in present):
        return pd.array(values, dtype="Int64")
    return values


def plain_values(series) -> list:
    """Plain Python values with None for anything missing (pandas NA, NaN, NaT)."""
    return [None if is_missing(value) else value for value in series]


def percents(percentages) -> list:
    """Percent figures (0-100) as the queries give them and the pages show them."""
    return [None if is_missing(value) else value for value in percentages]


def dates(values) -> list:
    return [None if is_missing(value) else pd.Timestamp(value).date() for value in values]


def integers(values) -> list:
    return [None if is_missing(value) else int(value) for value in values]
