"""Run pytest against a copy of data/ with a sixth community (a seed's programme under a new id).

    .venv/bin/python scripts/with_sixth_community.py -m "not e2e"                 # the fast suite
    .venv/bin/python scripts/with_sixth_community.py tests/etl/test_marts.py -q   # some modules
    .venv/bin/python scripts/with_sixth_community.py --seed tetiiv tests/etl -q   # copy another seed

The copy (tests/sixth.py) goes to a temporary directory; pytest then reads it through
HROMADA_TEST_DATA and HROMADA_TEST_FIXTURES (tests/conftest.py). Arguments other than ``--seed`` go
to pytest; its exit code is this script's.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]

from sixth import add_sixth_community  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", help="the community whose programme is copied (default: the most reviewed findings)")
    args, pytest_args = parser.parse_known_args(argv)
    with tempfile.TemporaryDirectory(prefix="sixth-") as folder:
        sixth = add_sixth_community(PROJECT / "data", PROJECT / "tests" / "fixtures", Path(folder), args.seed)
        print(f"sixth community {sixth.community_id!r} (a copy of {sixth.seed!r}) in {sixth.data}", flush=True)
        environment = {**os.environ, "HROMADA_TEST_DATA": str(sixth.data), "HROMADA_TEST_FIXTURES": str(sixth.fixtures)}
        return subprocess.call([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *pytest_args],
                               cwd=PROJECT, env=environment)


if __name__ == "__main__":
    sys.exit(main())
