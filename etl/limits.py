"""How large a figure the warehouse can hold, read from the column types in ``etl/sql/schema.sql``.

Figures are checked when they are read, so that an absurd amount is reported at its line instead
of failing as an overflow deep inside Arrow or DuckDB.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

SCHEMA = Path(__file__).parent / "sql" / "schema.sql"
_TABLE = re.compile(r"CREATE TABLE (\w+) \((.*?)\n\);", re.DOTALL)
_DECIMAL_COLUMN = re.compile(r"^\s*(\w+) DECIMAL\((\d+),\s*(\d+)\)", re.MULTILINE)


@cache
def decimal_types() -> dict[tuple[str, str], tuple[int, int]]:
    """(table, column) -> (precision, scale) of every DECIMAL column of the schema."""
    types = {}
    for table, body in _TABLE.findall(SCHEMA.read_text(encoding="utf-8")):
        for column, precision, scale in _DECIMAL_COLUMN.findall(body):
            types[(table, column)] = (int(precision), int(scale))
    return types


def capacity(table: str, column: str) -> Decimal:
    """The smallest magnitude the column cannot hold: 10^(precision - scale)."""
    precision, scale = decimal_types()[(table, column)]
    return Decimal(10) ** (precision - scale)


def money_limit() -> Decimal:
    """Amounts, and every total of a document's amounts, must stay below this (thousand UAH).

    Amounts land in funding and stated_total; their sums and differences in data_issue. (The marts
    widen to DECIMAL(38) before they multiply, so they need no more room.)
    """
    return min(capacity(*column) for column in (
        ("funding", "amount_kuah"), ("stated_total", "amount_kuah"),
        ("data_issue", "stated"), ("data_issue", "computed"),
    ))


def indicator_limit() -> Decimal:
    """Indicator values, and the changes and totals computed from them, must stay below this."""
    return min(capacity(*column) for column in (
        ("indicator", "baseline_value"), ("indicator", "final_target_value"),
        ("indicator_target", "target_value"), ("data_issue", "stated"), ("data_issue", "computed"),
    ))
