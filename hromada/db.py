"""The one module that opens the warehouse and runs SQL for the dashboard.

Pages never touch connections: they call functions in ``hromada.queries``, which go through
``query`` here. One read-only DuckDB connection is cached for the whole server; every query takes
its own cursor, because a DuckDB connection must not be shared between Streamlit's session
threads. Results are returned as pandas DataFrames, never as DuckDB relations.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT / "data"
_build_lock = threading.Lock()


def database_path() -> Path:
    return Path(os.environ.get("PROGRAMMES_DB") or DATA_DIR / "programmes.duckdb")


@dataclass(frozen=True)
class DatabaseStatus:
    ok: bool
    built_now: bool = False
    problem: str | None = None  # "missing", "old_schema", "build_failed", "unreadable"
    detail: str | None = None


def schema_version_of(path: Path) -> str | None:
    """The schema version recorded in a database file, or None if it cannot be read."""
    try:
        with duckdb.connect(str(path), read_only=True) as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            return row[0] if row else None
    except duckdb.Error:
        return None


def ensure_database(build_if_needed: bool = True) -> DatabaseStatus:
    """Check the warehouse; build it when it is missing or was built by an older schema."""
    from etl.warehouse import SCHEMA_VERSION, build

    path = database_path()
    problem = None
    if not path.exists():
        problem = "missing"
    elif schema_version_of(path) != SCHEMA_VERSION:
        problem = "old_schema"
    if problem is None:
        return DatabaseStatus(ok=True)
    if not build_if_needed:
        return DatabaseStatus(ok=False, problem=problem)
    with _build_lock:
        if path.exists() and schema_version_of(path) == SCHEMA_VERSION:
            return DatabaseStatus(ok=True)
        try:
            build(path, DATA_DIR)
        except Exception as error:  # shown to the user as a message, never as a traceback
            return DatabaseStatus(ok=False, problem="build_failed", detail=str(error))
    return DatabaseStatus(ok=True, built_now=True, problem=problem)


class Warehouse:
    """A read-only connection; ``query`` takes a fresh cursor per call (thread-safe use)."""

    def __init__(self, path: Path):
        self.path = path
        self.connection = duckdb.connect(str(path), read_only=True)

    def query(self, sql: str, parameters: list | tuple | dict | None = None) -> pd.DataFrame:
        cursor = self.connection.cursor()
        try:
            return cursor.execute(sql, parameters or []).df()
        finally:
            cursor.close()

    def close(self) -> None:
        self.connection.close()
