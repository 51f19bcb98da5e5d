"""Adding a community leaves the suite green: the etl tests and the chart tests, run on a copy of
data/ with a sixth community (tests/sixth.py), pass there as they pass on the seeds."""
from __future__ import annotations

import os
import subprocess
import sys

import duckdb
from conftest import DATA, FIXTURES, PROJECT, rows
from sixth import add_sixth_community

# The modules that assert per community; the app and pack modules take longer and run on demand:
# scripts/with_sixth_community.py -m "not e2e".
MODULES = ["tests/etl/test_data_issues.py", "tests/etl/test_marts.py", "tests/etl/test_stated_totals.py",
           "tests/etl/test_indicators.py", "tests/etl/test_root_causes.py", "tests/etl/test_provenance.py",
           "tests/app/test_charts.py"]


def test_the_suite_passes_with_a_sixth_community(tmp_path, documents):
    sixth = add_sixth_community(DATA, FIXTURES, tmp_path)
    with duckdb.connect(str(sixth.db_path), read_only=True) as connection:
        stored = {row["community_id"] for row in rows(connection, "SELECT community_id FROM community")}
        copied = {(row["community_id"] == sixth.community_id, row["n"]) for row in rows(connection, """
            SELECT community_id, COUNT(*) AS n FROM funding JOIN measure USING (measure_id)
            WHERE community_id IN (?, ?) GROUP BY community_id""", [sixth.seed, sixth.community_id])}
    assert stored == set(documents) | {sixth.community_id}
    assert len(copied) == 2 and len({n for _, n in copied}) == 1, "the copy holds the seed's funding rows"
    environment = {**os.environ, "HROMADA_TEST_DATA": str(sixth.data), "HROMADA_TEST_FIXTURES": str(sixth.fixtures)}
    environment.pop("PROGRAMMES_DB", None)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *MODULES], cwd=PROJECT,
                            env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1] and " skipped" not in result.stdout.splitlines()[-1]
