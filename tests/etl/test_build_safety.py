"""Bad input fails loudly with file:line, and never damages the previous database."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import DATA, PROJECT, rows
from etl.errors import SourceError
from etl.warehouse import build

DOCUMENT = "raw/kremenchuk_2026-2028.txt"


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*"))
    return target


def rewrite(data: Path, relative: str, change, update_hash: bool = True) -> None:
    """Change a raw document; optionally record its new hash so only the change itself is tested."""
    path = data / relative
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    if update_hash:
        manifest = data / "sources.toml"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        text = manifest.read_text(encoding="utf-8")
        block = text.index(f'file = "{relative}"')
        start = text.index('sha256 = "', block) + len('sha256 = "')
        manifest.write_text(text[:start] + digest + text[start + 64:], encoding="utf-8")


def run_cli(data: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "--data", str(data), "build", "--db", str(db)],
                          cwd=PROJECT, capture_output=True, text=True)


@pytest.fixture()
def previous_db(tmp_path, data_copy) -> Path:
    db = tmp_path / "previous.duckdb"
    build(db, data_copy)
    return db


def assert_untouched(db: Path, digest: str) -> None:
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    with duckdb.connect(str(db), read_only=True) as connection:
        assert rows(connection, "SELECT COUNT(*) AS n FROM measure")[0]["n"] > 0
    assert not list(db.parent.glob(f".{db.name}.building-*")), "the temporary file must be cleaned up"


def test_wrong_hash_is_refused(data_copy, previous_db):
    before = hashlib.sha256(previous_db.read_bytes()).hexdigest()
    rewrite(data_copy, DOCUMENT, lambda text: text.replace("Кременчуцької", "Кременчуцькой", 1), update_hash=False)
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert "kremenchuk_2026-2028.txt" in result.stderr and "SHA-256" in result.stderr
    assert_untouched(previous_db, before)


def test_truncated_file_names_file_and_line(data_copy, previous_db):
    before = hashlib.sha256(previous_db.read_bytes()).hexdigest()
    rewrite(data_copy, DOCUMENT, lambda text: "\n".join(text.split("\n")[:300]))
    with pytest.raises(SourceError) as caught:
        build(previous_db, data_copy)
    assert caught.value.path.endswith("kremenchuk_2026-2028.txt") and caught.value.line
    assert "truncated" in str(caught.value)
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert re.search(r"kremenchuk_2026-2028\.txt:\d+: ", result.stderr)
    assert_untouched(previous_db, before)


def test_non_numeric_amount_names_file_and_line(data_copy, previous_db, raw_lines):
    before = hashlib.sha256(previous_db.read_bytes()).hexdigest()
    amount = re.compile(r"^\t8\s632$")
    line = next(number for number, text in enumerate(raw_lines["kremenchuk"]) if amount.match(text))

    def break_amount(text: str) -> str:
        lines = text.split("\n")
        lines[line - 1] = "\t8 63O"
        return "\n".join(lines)

    rewrite(data_copy, DOCUMENT, break_amount)
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert f"kremenchuk_2026-2028.txt:{line}: '8 63O' is not an amount" in result.stderr
    assert_untouched(previous_db, before)


def test_unknown_funding_source_names_the_mapping_file(data_copy, previous_db):
    rewrite(data_copy, DOCUMENT, lambda text: text.replace("\tКП «Міськоформ-лення»\n", "\tКП «Новий»\n", 1))
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert "funding_sources.csv" in result.stderr and "КП «Новий»" in result.stderr


def test_measure_missing_from_crosswalk_fails_naming_the_file(data_copy, previous_db):
    path = data_copy / "mappings" / "measure_themes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("tetiiv-m004,")), encoding="utf-8")
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert "measure_themes.csv" in result.stderr and "tetiiv-m004" in result.stderr


def test_unknown_measure_in_crosswalk_fails(data_copy, previous_db):
    path = data_copy / "mappings" / "measure_themes.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("tetiiv-m999,tetiiv,Невідомий захід,governance,test\n")
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert re.search(r"measure_themes\.csv:\d+: unknown measure_id 'tetiiv-m999'", result.stderr)


def test_cli_prints_a_summary_per_community(data_copy, tmp_path):
    result = run_cli(data_copy, tmp_path / "fresh.duckdb")
    assert result.returncode == 0, result.stderr
    for community in ("illintsi", "kremenchuk", "tetiiv", "starokostiantyniv", "yakushyntsi"):
        assert community in result.stdout
    assert re.search(r"Built .* in \d+\.\d+ s", result.stdout)


def test_database_path_comes_from_the_environment(data_copy, tmp_path):
    target = tmp_path / "from-env.duckdb"
    result = subprocess.run([sys.executable, "-m", "etl", "--data", str(data_copy), "build"], cwd=PROJECT,
                            capture_output=True, text=True, env={**__import__("os").environ, "PROGRAMMES_DB": str(target)})
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_two_builds_give_identical_tables(data_copy, tmp_path):
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    build(first, data_copy)
    build(second, data_copy)
    with duckdb.connect(str(first), read_only=True) as a, duckdb.connect(str(second), read_only=True) as b:
        tables = [row[0] for row in a.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        assert tables == [row[0] for row in b.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        for table in tables:
            query = f"SELECT * FROM {table} ORDER BY ALL"
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table
