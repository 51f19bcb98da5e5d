"""Make a warehouse with hundreds of communities (copies of the real ones) to test speed at scale.

    .venv/bin/python scripts/scale_warehouse.py --communities 1469 --out /tmp/national.duckdb
    .venv/bin/python scripts/scale_warehouse.py --copies 60 --out /tmp/scaled.duckdb

Every table that carries a community, measure, indicator, issue or stated-total id is copied with
a suffix on the ids (``kremenchuk-017``) and community names get the same number, so every copy
can be found in the sidebar; money and texts stay as they are. One INSERT … SELECT per table over
``range(copies)``: the national scale (1 469 communities) takes seconds, not a minute.
With ``--communities N`` the last copy is cut so that exactly N communities remain.
For speed tests only: the copies are not real communities.
"""
from __future__ import annotations

import argparse
import math
import shutil
import sys
import time
from pathlib import Path

import duckdb

# table: columns holding ids that must stay unique per copy (text ids get a suffix).
KEYED = {
    "community": ["community_id"],
    "document_line": ["community_id"],
    "priority": ["community_id"],
    "priority_theme": ["community_id"],
    "measure": ["community_id", "measure_id"],
    "measure_theme": ["measure_id"],
    "funding": ["measure_id"],
    "stated_total": ["community_id", "measure_id", "stated_total_id"],
    "indicator": ["community_id", "indicator_id", "measure_id"],
    "indicator_target": ["indicator_id"],
    "indicator_family_member": ["indicator_id"],
    "indicator_reading": ["indicator_id"],
    "indicator_theme": ["indicator_id"],
    "data_issue": ["community_id", "issue_id", "measure_id", "root_issue_id"],
    "contradiction": ["community_id", "issue_id", "measure_id", "root_issue_id", "cause_issue_id"],
    "reconciliation": ["community_id", "measure_id", "stated_total_id"],
    "mart_budget_by_theme": ["community_id"],
    "mart_budget_by_priority": ["community_id"],
    "mart_funding_mix": ["community_id"],
    "mart_denominator": ["community_id"],
    "mart_indicator_progress": ["community_id", "indicator_id", "measure_id"],
    "mart_community_summary": ["community_id"],
}
# Columns that tie a row to one community; a table holding one of them must be in KEYED.
ID_COLUMNS = {"community_id", "measure_id", "indicator_id", "issue_id", "root_issue_id", "cause_issue_id",
              "stated_total_id"}
NAME_COLUMNS = {"name_uk", "name_en", "short_name_uk", "short_name_en"}  # suffixed in NAMED tables
NAMED = {"community", "mart_community_summary"}
# Tables shared by all communities (themes, families, …): left as they are.
SHARED = {"indicator_family", "meta", "source_class", "theme"}


def schema(connection) -> dict[str, list[tuple[str, str]]]:
    """Base tables of the warehouse and their (column, type)s."""
    tables = [name for (name,) in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_schema = 'main' ORDER BY table_name").fetchall()]
    return {table: [(row[0], row[1]) for row in connection.execute(f'DESCRIBE "{table}"').fetchall()]
            for table in tables}


def check_schema(tables: dict[str, list[tuple[str, str]]]) -> None:
    """Fail loudly when the warehouse has a table or id column this script does not know:
    copying it blindly would leave the copies pointing at the originals."""
    problems = []
    for table, columns in tables.items():
        names = {name for name, _ in columns}
        if table in KEYED:
            missing = sorted(set(KEYED[table]) - names)
            untreated = sorted((names & ID_COLUMNS) - set(KEYED[table]))
            if missing:
                problems.append(f"{table}: KEYED names missing columns {missing}")
            if untreated:
                problems.append(f"{table}: id columns {untreated} are not in KEYED")
        elif names & ID_COLUMNS:
            problems.append(f"{table}: has {sorted(names & ID_COLUMNS)} but is not in KEYED")
        elif table not in SHARED:
            problems.append(f"{table}: unknown table (add it to KEYED or SHARED)")
    problems += [f"{table}: in KEYED but not in the warehouse" for table in sorted(set(KEYED) - set(tables))]
    if problems:
        raise SystemExit("scale_warehouse: the warehouse schema changed:\n  " + "\n  ".join(problems))


def _select(table: str, columns: list[tuple[str, str]], width: int, stride: int) -> str:
    suffix = f"'-' || lpad(c.copy::VARCHAR, {width}, '0')"
    parts = []
    for name, kind in columns:
        column = f't."{name}"'
        if name in KEYED[table] and name == "stated_total_id":
            parts.append(f"{column} + c.copy * {stride}")  # an integer id: offset per copy
        elif name in KEYED[table]:
            parts.append(f"{column} || {suffix}")  # NULL stays NULL
        elif table in NAMED and name in NAME_COLUMNS and kind == "VARCHAR":
            parts.append(f"{column} || ' ' || lpad(c.copy::VARCHAR, {width}, '0')")
        else:
            parts.append(column)
    return ", ".join(parts)


def scale(source: Path, target: Path, copies: int, communities: int | None = None) -> int:
    """Write ``target``: ``copies`` copies of ``source`` (the first is the original), cut to
    ``communities`` when given. Returns the number of communities written."""
    if copies < 1:
        raise SystemExit("scale_warehouse: --copies must be at least 1")
    if target.resolve() == source.resolve():
        raise SystemExit("scale_warehouse: --out must not be the source")
    target.unlink(missing_ok=True)
    Path(str(target) + ".wal").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    with duckdb.connect(str(target)) as connection:
        tables = schema(connection)
        check_schema(tables)
        width = max(3, len(str(copies - 1)))
        top = connection.execute("SELECT max(stated_total_id) FROM stated_total").fetchone()[0] or 0
        stride = 10 ** len(str(top + 1))
        if (top + 1) + (copies - 1) * stride > 2**31 - 1:
            raise SystemExit("scale_warehouse: too many copies for the INTEGER stated_total_id")
        connection.execute("BEGIN")
        connection.execute(f"CREATE TEMP TABLE copies AS SELECT range AS copy FROM range(1, {copies})")
        for table in KEYED:
            connection.execute(f'CREATE TEMP TABLE "original_{table}" AS SELECT * FROM "{table}"')
        for table in KEYED:
            connection.execute(f'INSERT INTO "{table}" SELECT {_select(table, tables[table], width, stride)} '
                               f'FROM "original_{table}" AS t CROSS JOIN copies AS c')
        written = connection.execute("SELECT count(*) FROM community").fetchone()[0]
        if communities is not None and communities < written:
            _cut(connection, tables, communities, width)
            written = communities
        connection.execute("COMMIT")
        connection.execute("CHECKPOINT")
    return written


def _cut(connection, tables: dict[str, list[tuple[str, str]]], communities: int, width: int) -> None:
    """Drop the communities after the first ``communities`` (the originals, then copy by copy),
    with every row that belongs to them, also rows reached only through a measure or indicator."""
    connection.execute(f"""CREATE TEMP TABLE excess AS SELECT community_id FROM (
            SELECT community_id, 0 AS copy FROM original_community
            UNION ALL SELECT t.community_id || '-' || lpad(c.copy::VARCHAR, {width}, '0'), c.copy
            FROM original_community AS t CROSS JOIN copies AS c)
        ORDER BY copy, community_id OFFSET {communities}""")
    connection.execute("CREATE TEMP TABLE excess_measure AS SELECT measure_id FROM measure "
                       "WHERE community_id IN (SELECT community_id FROM excess)")
    connection.execute("CREATE TEMP TABLE excess_indicator AS SELECT indicator_id FROM indicator "
                       "WHERE community_id IN (SELECT community_id FROM excess)")
    for table in KEYED:
        names = {name for name, _ in tables[table]}
        if "community_id" in names:
            where = "community_id IN (SELECT community_id FROM excess)"
        elif "measure_id" in names:
            where = "measure_id IN (SELECT measure_id FROM excess_measure)"
        elif "indicator_id" in names:
            where = "indicator_id IN (SELECT indicator_id FROM excess_indicator)"
        else:
            raise SystemExit(f"scale_warehouse: cannot tell which community a row of {table} belongs to")
        connection.execute(f'DELETE FROM "{table}" WHERE {where}')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="data/programmes.duckdb")
    parser.add_argument("--copies", type=int, default=None,
                        help="copies of the source's communities, the original included (default 60)")
    parser.add_argument("--communities", type=int, default=None,
                        help="exactly this many communities (copies = ceil(N / source communities), last cut)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    source = Path(args.source)
    if not source.is_file():
        sys.exit(f"scale_warehouse: no warehouse at {source} (python -m etl build first)")
    with duckdb.connect(str(source), read_only=True) as connection:
        base = connection.execute("SELECT count(*) FROM community").fetchone()[0]
    if args.communities is not None:
        if args.communities < 1:
            sys.exit("scale_warehouse: --communities must be at least 1")
        copies = max(args.copies or 0, math.ceil(args.communities / base))
    else:
        copies = args.copies or 60
    started = time.perf_counter()
    written = scale(source, Path(args.out), copies, args.communities)
    print(f"wrote {args.out} with {written} communities ({copies} copies of {base}) "
          f"in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
