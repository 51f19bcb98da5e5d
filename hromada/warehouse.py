"""One warehouse file, opened read-only: ``Warehouse`` runs SQL on it and returns pandas
DataFrames (never DuckDB relations), and says what keeps the file from being read.

A running dashboard must follow ``python -m etl build``, which replaces the file atomically
(temporary file + ``os.replace``). ``duckdb.connect(path)`` hands back the database instance
already open for that *path*; after ``os.replace`` that instance still reads the old, deleted file.
The warehouse is therefore opened as its own instance, ``ATTACH``-ed read-only to an in-memory
connection, which never consults that cache. A file is known by its ``FileIdentity`` (device,
inode, size, modification time), since a path says nothing about which file is behind it.

Every query borrows a cursor (its own DuckDB connection to the same instance, since one
connection must not be shared between Streamlit's session threads at the same time) and gives it
back to a small pool afterwards. A retired ``Warehouse`` takes no new queries; queries already
running on it finish, and its connection is closed when the last of them gives its cursor back.
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

# What can be wrong with the warehouse file, in the order they are checked.
MISSING = "missing"  # no file at the path
UNREADABLE = "unreadable"  # not a DuckDB file, truncated, damaged, or not readable at all
INCOMPLETE = "incomplete"  # a DuckDB file, but a table or view the dashboard reads is missing
OLD_SCHEMA = "old_schema"  # built by another version of the ETL (schema_version differs)
PROBLEMS = (MISSING, UNREADABLE, INCOMPLETE, OLD_SCHEMA)


class FileIdentity(NamedTuple):
    """Which file is behind a path: a rebuild (a new file moved into place) changes it."""
    path: str
    device: int
    inode: int
    size: int
    modified_ns: int


def file_identity(path: Path | str) -> FileIdentity | None:
    """The identity of the file at ``path`` now, or None if there is no regular file there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return FileIdentity(str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


class DatabaseProblem(Exception):
    """The warehouse cannot be used as it is; ``problem`` is one of PROBLEMS."""

    def __init__(self, problem: str, detail: str = ""):
        super().__init__(f"{problem}: {detail}" if detail else problem)
        self.problem = problem
        self.detail = detail


class Retired(Exception):
    """The warehouse was replaced by a newer file and closed; ask for the current one."""


def required_tables() -> frozenset[str]:
    """Every table and view the ETL creates (read from its SQL scripts, so the list cannot drift)."""
    from etl.warehouse import SQL_DIR

    names: set[str] = set()
    for script in sorted(Path(SQL_DIR).glob("*.sql")):
        if script.name == "tests.sql":
            continue
        text = re.sub(r"--[^\n]*", "", script.read_text(encoding="utf-8"))
        names.update(name.lower() for name in re.findall(
            r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?"
            r"\"?([A-Za-z_][A-Za-z0-9_]*)\"?", text, flags=re.IGNORECASE))
    return frozenset(names)


def _attach(path: Path) -> duckdb.DuckDBPyConnection:
    """A new DuckDB instance (in memory) with the file attached read-only as its default catalog."""
    connection = duckdb.connect(":memory:")
    try:
        literal = str(path).replace("'", "''")
        connection.execute(f"ATTACH '{literal}' AS warehouse (READ_ONLY)")
        connection.execute("USE warehouse")
    except BaseException:
        connection.close()
        raise
    return connection


class Warehouse:
    """One warehouse file, opened read-only; ``query`` borrows a pooled cursor per call."""

    def __init__(self, path: Path | str, identity: FileIdentity | None = None):
        self.path = Path(path)
        self.identity = identity or file_identity(self.path)
        self.connection = _attach(self.path)
        self._guard = threading.Lock()
        self._idle: list[duckdb.DuckDBPyConnection] = []
        self._users = 0
        self._retired = False
        self._closed = False

    # -- checks ---------------------------------------------------------------------------

    def problem(self) -> tuple[str, str] | None:
        """What keeps the dashboard from reading this file, as (problem, detail), or None.

        Every table is read in full once: a truncated file often still has its catalog, and only
        reading the data finds the missing blocks (DuckDB checks each block's checksum).
        """
        from etl.contract import SCHEMA_VERSION

        try:
            present = {name.lower() for (name,) in self.query(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'warehouse' "
                "UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = 'warehouse'"
            ).itertuples(index=False)}
            for table in sorted(present):
                self.query(f'SELECT COUNT(*), MAX(hash(t)) FROM "{table}" AS t')
            version = None
            if "meta" in present:
                rows = self.query("SELECT value FROM meta WHERE key = 'schema_version'")
                version = rows.iloc[0, 0] if len(rows) else None
        except duckdb.Error as error:
            return UNREADABLE, type(error).__name__
        if version is not None and version != SCHEMA_VERSION:
            return OLD_SCHEMA, f"schema version {version}, expected {SCHEMA_VERSION}"
        missing = sorted(required_tables() - present)
        if missing or version is None:
            return INCOMPLETE, ", ".join(missing) or "schema_version"
        return None

    # -- queries --------------------------------------------------------------------------

    def _borrow(self) -> duckdb.DuckDBPyConnection:
        with self._guard:
            if self._retired:
                raise Retired(str(self.path))
            self._users += 1
            cursor = self._idle.pop() if self._idle else None
        if cursor is None:
            try:
                cursor = self.connection.cursor()
                cursor.execute("USE warehouse")
            except BaseException:
                self._give_back(None)
                raise
        return cursor

    def _give_back(self, cursor: duckdb.DuckDBPyConnection | None) -> None:
        with self._guard:
            self._users -= 1
            if cursor is not None:
                if self._retired:
                    cursor.close()
                else:
                    self._idle.append(cursor)
            if self._retired and self._users == 0:
                self._close()

    def query(self, sql: str, parameters: list | tuple | dict | None = None) -> pd.DataFrame:
        cursor = self._borrow()
        try:
            frame = cursor.execute(sql, parameters or []).df()
        except BaseException:
            cursor.close()  # a cursor that failed mid-query is not reused
            self._give_back(None)
            raise
        self._give_back(cursor)
        return frame

    # -- lifetime -------------------------------------------------------------------------

    def _close(self) -> None:  # with self._guard held
        if not self._closed:
            self._closed = True
            for cursor in self._idle:
                cursor.close()
            self._idle.clear()
            self.connection.close()

    def retire(self) -> None:
        """No new queries; close the file once the queries running now have finished."""
        with self._guard:
            self._retired = True
            if self._users == 0:
                self._close()

    close = retire

    @property
    def closed(self) -> bool:
        return self._closed


def schema_version_of(path: Path) -> str | None:
    """The schema version recorded in a database file, or None if it cannot be read."""
    try:
        warehouse = Warehouse(path)
    except duckdb.Error:
        return None
    try:
        rows = warehouse.query("SELECT value FROM meta WHERE key = 'schema_version'")
        return rows.iloc[0, 0] if len(rows) else None
    except duckdb.Error:
        return None
    finally:
        warehouse.retire()
