"""scripts/scale_warehouse.py on the session's warehouse: copies stay apart from the originals.

The script is the national-scale input of the speed benchmark (issue 14); a schema change that it
does not know must fail it, and a copy that points at an original's ids would make a scaled page
read the wrong rows.
"""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "scripts"))
import scale_warehouse  # noqa: E402

COPIES = 3


def tables(connection) -> dict[str, list[str]]:
    return {table: [row[0] for row in connection.execute(f'DESCRIBE "{table}"').fetchall()]
            for table in scale_warehouse.schema(connection)}


def count(connection, sql: str) -> int:
    return connection.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def scaled(db_path, tmp_path_factory):
    """The command line's own run: ``--copies 3`` of the session's warehouse."""
    target = tmp_path_factory.mktemp("scaled") / "scaled.duckdb"
    subprocess.run([sys.executable, str(PROJECT / "scripts" / "scale_warehouse.py"), "--source", str(db_path),
                    "--copies", str(COPIES), "--out", str(target)], check=True, cwd=PROJECT,
                   capture_output=True, text=True)
    connection = duckdb.connect(str(target), read_only=True)
    yield connection
    connection.close()


def test_every_table_is_known(warehouse):
    scale_warehouse.check_schema(scale_warehouse.schema(warehouse))  # raises SystemExit when not


def test_row_counts_multiply(warehouse, scaled):
    for table in tables(warehouse):
        factor = 1 if table in scale_warehouse.SHARED else COPIES
        assert count(scaled, f'SELECT count(*) FROM "{table}"') == factor * count(
            warehouse, f'SELECT count(*) FROM "{table}"'), table


def test_keys_stay_unique(warehouse, scaled):
    for table, columns in tables(warehouse).items():
        # Whole rows: a copy identical to its original would double a row instead of adding one.
        distinct = f'SELECT count(*) FROM (SELECT DISTINCT * FROM "{table}")'
        factor = 1 if table in scale_warehouse.SHARED else COPIES
        assert count(scaled, distinct) == factor * count(warehouse, distinct), table
        # Every id column unique in the original stays unique.
        for column in scale_warehouse.ID_COLUMNS & set(columns):
            unique = (f'SELECT count(DISTINCT "{column}") = count("{column}") AND count("{column}") > 0 '
                      f'FROM "{table}"')
            if count(warehouse, unique):
                assert count(scaled, unique), f"{table}.{column}"


def test_references_stay_inside_a_copy(scaled):
    for table, columns in tables(scaled).items():
        if "measure_id" in columns and "community_id" in columns and table != "measure":
            assert count(scaled, f'SELECT count(*) FROM "{table}" AS t JOIN measure AS m USING (measure_id) '
                                 'WHERE m.community_id <> t.community_id') == 0, table
            assert count(scaled, f'SELECT count(*) FROM "{table}" WHERE measure_id IS NOT NULL '
                                 'AND measure_id NOT IN (SELECT measure_id FROM measure)') == 0, table
    for table in ("data_issue", "contradiction"):
        assert count(scaled, f'SELECT count(*) FROM "{table}" AS t JOIN data_issue AS r '
                             'ON r.issue_id = t.root_issue_id WHERE r.community_id <> t.community_id') == 0
        assert count(scaled, f'SELECT count(*) FROM "{table}" WHERE root_issue_id IS NOT NULL '
                             'AND root_issue_id NOT IN (SELECT issue_id FROM data_issue)') == 0


def test_mart_sums_reconcile(warehouse, scaled):
    for sql in ("SELECT sum(programme_total_kuah) FROM mart_community_summary",
                "SELECT sum(amount_kuah) FROM mart_budget_by_theme",
                "SELECT sum(population) FROM mart_denominator"):
        assert count(scaled, sql) == COPIES * count(warehouse, sql), sql
    # …and the scaled mart still agrees with the scaled facts it summarises.
    assert count(scaled, "SELECT sum(programme_total_kuah) FROM mart_community_summary") == count(
        scaled, "SELECT sum(amount_kuah) FROM funding")


def test_cut_to_an_exact_number_of_communities(db_path, warehouse, tmp_path):
    base = count(warehouse, "SELECT count(*) FROM community")
    wanted = base + 2  # one whole copy and part of the next
    target = tmp_path / "cut.duckdb"
    assert scale_warehouse.scale(db_path, target, copies=3, communities=wanted) == wanted
    with duckdb.connect(str(target), read_only=True) as connection:
        assert count(connection, "SELECT count(*) FROM community") == wanted
        for table, columns in tables(connection).items():
            for column, owner in (("community_id", "community"), ("measure_id", "measure"),
                                  ("indicator_id", "indicator")):
                if column in columns and table != owner:
                    assert count(connection, f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL '
                                             f'AND "{column}" NOT IN (SELECT "{column}" FROM {owner})') == 0, table
