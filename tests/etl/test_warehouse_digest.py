"""The warehouse's contents, table by table, against the digest of the last reviewed build
(``tests/fixtures/warehouse_digest.json``): a refactoring that moves code must leave every row
as it was. A change that is meant to change the rows updates the digest, and the diff of that
file in review says which tables moved:

    .venv/bin/python tests/etl/test_warehouse_digest.py --db data/programmes.duckdb --write
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import duckdb
import pytest

DIGEST_FILE = "warehouse_digest.json"
# Facts about the build, not its contents: the hash over the input files changes with any byte of
# them (a manifest comment included), while the rows it produced may not.
VOLATILE = {("meta", "inputs_sha256")}


def digest(connection: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Per table: its columns with their types, its row count and a SHA-256 over its sorted rows."""
    tables = [row[0] for row in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name").fetchall()]
    result = {}
    for table in tables:
        columns = connection.execute(f'DESCRIBE "{table}"').fetchall()
        rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
        names = [column[0] for column in columns]
        if table == "meta":
            rows = [row for row in rows if (table, row[0]) not in VOLATILE]
        text = sorted(json.dumps([None if value is None else str(value) for value in row], ensure_ascii=False)
                      for row in rows)
        result[table] = {"columns": [f"{name} {column[1]}" for name, column in zip(names, columns, strict=True)],
                         "rows": len(text), "sha256": hashlib.sha256("\n".join(text).encode()).hexdigest()}
    return result


def test_the_warehouse_holds_what_the_reviewed_build_held(warehouse):
    from conftest import FIXTURES

    path = FIXTURES / DIGEST_FILE
    if not path.exists():
        pytest.skip(f"no {DIGEST_FILE} among these fixtures (a copied data directory has its own rows)")
    expected = json.loads(path.read_text(encoding="utf-8"))
    found = digest(warehouse)
    moved = sorted(table for table in expected.keys() | found.keys() if expected.get(table) != found.get(table))
    assert not moved, (f"these tables differ from {path.name}: {', '.join(moved)}; if the change is meant, "
                       f"rewrite it with: python tests/etl/test_warehouse_digest.py --db <built warehouse> --write")


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the digest of a built warehouse.")
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--write", action="store_true", help="write tests/fixtures/warehouse_digest.json")
    options = parser.parse_args()
    connection = duckdb.connect(str(options.db), read_only=True)
    text = json.dumps(digest(connection), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if options.write:
        (Path(__file__).resolve().parents[1] / "fixtures" / DIGEST_FILE).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
