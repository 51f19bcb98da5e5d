"""Make a warehouse with hundreds of communities (copies of the real five) to test speed at scale.

    .venv/bin/python scripts/scale_warehouse.py --copies 60 --out /tmp/scaled.duckdb

Every table that carries a community, measure or indicator id is copied with a suffix on the
ids (``kremenchuk-017``); money and texts stay as they are. For speed tests only: the copies are
not real communities.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import duckdb

KEYED = {
    # table: columns holding ids that must stay unique per copy
    "community": ["community_id"],
    "document_line": ["community_id"],
    "priority": ["community_id"],
    "priority_theme": ["community_id"],
    "measure": ["community_id", "measure_id"],
    "measure_theme": ["measure_id"],
    "funding": ["measure_id"],
    "stated_total": ["community_id", "measure_id"],
    "indicator": ["community_id", "indicator_id", "measure_id"],
    "indicator_target": ["indicator_id"],
    "indicator_family_member": ["indicator_id"],
    "data_issue": ["community_id", "issue_id", "measure_id"],
    "reconciliation": ["community_id", "measure_id"],
    "indicator_theme": ["indicator_id"],
    "mart_budget_by_theme": ["community_id"],
    "mart_budget_by_priority": ["community_id"],
    "mart_funding_mix": ["community_id"],
    "mart_indicator_progress": ["community_id", "indicator_id", "measure_id"],
    "mart_community_summary": ["community_id"],
}


def scale(source: Path, target: Path, copies: int) -> None:
    shutil.copyfile(source, target)
    with duckdb.connect(str(target)) as connection:
        for table, columns in KEYED.items():
            names = [row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall()]
            connection.execute(f"CREATE TEMP TABLE original AS SELECT * FROM {table}")
            for copy in range(1, copies):
                selects = [
                    f"CASE WHEN {name} IS NULL THEN NULL ELSE {name} || '-{copy:03d}' END AS {name}"
                    if name in columns else name for name in names
                ]
                if table in ("community", "mart_community_summary"):
                    selects = [f"name_en || ' {copy:03d}' AS name_en" if name == "name_en" else
                               f"name_uk || ' {copy:03d}' AS name_uk" if name == "name_uk" else
                               f"short_name_uk || ' {copy:03d}' AS short_name_uk" if name == "short_name_uk" else select
                               for name, select in zip(names, selects)]
                if table == "stated_total":
                    selects = [f"stated_total_id + {copy} * 100000 AS stated_total_id" if name == "stated_total_id"
                               else select for name, select in zip(names, selects)]
                connection.execute(f"INSERT INTO {table} SELECT {', '.join(selects)} FROM original")
            connection.execute("DROP TABLE original")
        connection.execute("CHECKPOINT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="data/programmes.duckdb")
    parser.add_argument("--copies", type=int, default=60, help="copies of the five communities (default 60: 300)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    scale(Path(args.source), Path(args.out), args.copies)
    print(f"wrote {args.out} with {args.copies * 5} communities")


if __name__ == "__main__":
    main()
