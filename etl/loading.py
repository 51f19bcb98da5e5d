"""Loading staged rows into the warehouse's tables: one statement per table with each column cast to
its own type, so decimals stay exact, after refusing at its source line any row the table itself
would refuse."""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import duckdb

from etl.errors import CheckFailed
from etl.staging import Staged

_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


_INTEGER_RANGES = {"INTEGER": (-2**31, 2**31 - 1), "BIGINT": (-2**63, 2**63 - 1)}
Locate = Callable[[dict], tuple[str, int | None]]


def _problem(value, duckdb_type: str, nullable: bool) -> str | None:
    """Why the value cannot go into a column of this type, or None."""
    if value is None:
        return None if nullable else "is empty"
    decimal = _DECIMAL.match(duckdb_type)
    if decimal:
        precision, scale = int(decimal[1]), int(decimal[2])
        if Decimal(value).copy_abs() >= Decimal(10) ** (precision - scale) - Decimal(5).scaleb(-scale - 1):
            return f"is {value}, too large for {duckdb_type}"
    elif duckdb_type in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[duckdb_type]
        if not low <= value <= high:
            return f"is {value}, outside the range of {duckdb_type}"
    return None


def check_rows(table: str, columns: list[tuple], rows: list[dict], locate: Locate) -> None:
    """Refuse, at the row's source line, what the table would refuse (NULL, overflow, a repeated key).

    The parser checks its figures when it reads them; this is the last guard, so that no input can
    end in a raw DuckDB or Arrow error.
    """
    key = [name for name, _, _, constraint, *_ in columns if constraint == "PRI"]
    first_at: dict[tuple, dict] = {}
    for row in rows:
        for name, duckdb_type, nullable, *_ in columns:
            if name in row and (problem := _problem(row[name], duckdb_type, nullable == "YES")):
                path, line = locate(row)
                raise CheckFailed(path, line, f"{table}.{name} {problem}")
        if key:
            values = tuple(row.get(name) for name in key)
            if values in first_at:
                path, line = locate(row)
                earlier = locate(first_at[values])[1]
                raise CheckFailed(path, line, f"{table}: {', '.join(map(str, values))} occurs twice "
                                              f"(first at line {earlier})")
            first_at[values] = row


def insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[dict],
           locate: Locate = lambda row: ("", None)) -> None:
    """Insert rows in one statement, each column a list parameter cast to the column's own type.

    Decimals travel as text, so they stay exact. Not through Arrow: pyarrow's array() imports pandas
    on its first call, a third of the build's time.
    """
    if not rows:
        return
    columns = connection.execute(f"DESCRIBE {table}").fetchall()
    check_rows(table, [column for column in columns if column[0] in rows[0]], rows, locate)
    selected, parameters = [], []
    for name, duckdb_type, *_ in columns:
        if name not in rows[0]:
            continue
        values = [row.get(name) for row in rows]
        decimal = _DECIMAL.match(duckdb_type)
        if decimal:
            scale = Decimal(1).scaleb(-int(decimal[2]))
            values = [None if value is None else str(Decimal(value).quantize(scale)) for value in values]
        parameters.append(values)
        selected.append(f'unnest(${len(parameters)}::{"VARCHAR" if decimal else duckdb_type}[])::{duckdb_type} '
                        f'AS "{name}"')
    connection.execute(f"INSERT INTO {table} BY NAME SELECT {', '.join(selected)}", parameters)




def locator(staged: Staged) -> Locate:
    """Where a staged row comes from: its document and line, found through its community."""
    # A row whose community cannot be found has no file (None looks up "").
    files: dict[str | None, str] = {parsed.document.community_id: parsed.document.relative_path for parsed in staged.parsed}
    measures = {row["measure_id"]: row["community_id"] for row in staged.tables.get("measure", [])}
    indicators = {row["indicator_id"]: row for row in staged.tables.get("indicator", [])}

    def locate(row: dict) -> tuple[str, int | None]:
        indicator = indicators.get(row.get("indicator_id"), {})
        community = row.get("community_id") or measures.get(row.get("measure_id")) or indicator.get("community_id")
        line = row.get("source_line") or row.get("line_number") or indicator.get("source_line")
        return files.get(community, ""), line
    return locate
