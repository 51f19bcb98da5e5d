"""The dashboard's warehouse file: where it is, which ``Warehouse`` is open on it now, and
building it when it cannot be used.

Pages never touch connections: they call the cached wrappers in ``hromada.app.data``, which hand
the current ``Warehouse`` (``hromada.warehouse``) to the plain functions in ``hromada.queries``
(the pack hands them the ``Warehouse`` of the file it was given).

``current_warehouse`` compares the file's identity on every call and opens the new file when it
changed (``python -m etl build`` replaces it atomically); the previous ``Warehouse`` is retired.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.contract import warehouse_path

# Read through this module by the app, the pack and tests since before hromada.warehouse existed.
from hromada.warehouse import (  # noqa: F401
    INCOMPLETE,
    MISSING,
    OLD_SCHEMA,
    PROBLEMS,
    UNREADABLE,
    DatabaseProblem,
    FileIdentity,
    Retired,
    Warehouse,
    file_identity,
    required_tables,
    schema_version_of,
)

PROJECT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT / "data"
_build_lock = threading.Lock()


def database_path() -> Path:
    return warehouse_path(DATA_DIR)


@dataclass(frozen=True)
class DatabaseStatus:
    ok: bool
    built_now: bool = False
    problem: str | None = None  # one of PROBLEMS, or "build_failed"
    detail: str | None = None


_registry = threading.Lock()
_current: Warehouse | None = None
_unusable: tuple[FileIdentity, str, str] | None = None  # the last file found unusable, and why


def current_warehouse(check: bool = True) -> Warehouse:
    """The open warehouse for the file now at ``database_path()``.

    With ``check`` the file's identity is compared first (one ``stat``); a new file is opened and
    checked, and the previous one retired. Without it, the latest opened warehouse is returned as
    long as the path is the same. Raises DatabaseProblem when the file cannot be used.
    """
    global _current, _unusable
    path = database_path()
    with _registry:
        if not check and _current is not None and _current.path == path:
            return _current
        for _attempt in range(3):
            identity = file_identity(path)
            if identity is None:
                raise DatabaseProblem(MISSING)
            if _current is not None and _current.identity == identity:
                return _current
            if _unusable is not None and _unusable[0] == identity:
                raise DatabaseProblem(_unusable[1], _unusable[2])
            candidate: Warehouse | None
            problem: tuple[str, str] | None
            try:
                candidate = Warehouse(path, identity)
            except duckdb.Error as error:
                problem = (UNREADABLE, type(error).__name__)
                candidate = None
            else:
                problem = candidate.problem()
            if file_identity(path) != identity:  # replaced while it was being opened: again
                if candidate is not None:
                    candidate.retire()
                continue
            if problem is not None:
                if candidate is not None:
                    candidate.retire()
                _unusable = (identity, *problem)
                raise DatabaseProblem(*problem)
            if candidate is None:  # a file that would not open has its problem, raised above
                raise DatabaseProblem(UNREADABLE)
            previous, _current = _current, candidate
            if previous is not None:
                previous.retire()
            return candidate
        raise DatabaseProblem(UNREADABLE, "the file kept changing while it was opened")


def forget_warehouse() -> None:
    """Retire the open warehouse (tests; a server shutting down)."""
    global _current, _unusable
    with _registry:
        if _current is not None:
            _current.retire()
        _current, _unusable = None, None


def database_problem() -> tuple[str, str] | None:
    """What is wrong with the warehouse file now, as (problem, detail), or None when it is usable."""
    try:
        current_warehouse()
    except DatabaseProblem as error:
        return error.problem, error.detail
    return None


def _without_project_paths(text: str) -> str:
    """Build errors name files relative to the project, never by their place on the server."""
    return text.replace(str(PROJECT) + os.sep, "").replace(str(PROJECT), ".")


def ensure_database(build_if_needed: bool = True) -> DatabaseStatus:
    """Check the warehouse; build it when it is missing, unreadable, incomplete or of an old schema.

    Rebuilding over a damaged file is safe: it is a build output, and the build replaces it
    atomically only once the new one has passed its tests.
    """
    from etl.warehouse import build

    found = database_problem()
    if found is None:
        return DatabaseStatus(ok=True)
    problem = found[0]
    if not build_if_needed:
        return DatabaseStatus(ok=False, problem=problem)
    with _build_lock:
        if database_problem() is None:  # another session built it meanwhile
            return DatabaseStatus(ok=True, built_now=True, problem=problem)
        try:
            build(database_path(), DATA_DIR)
        except Exception as error:  # shown to the user as a message, never as a traceback
            return DatabaseStatus(ok=False, problem="build_failed", detail=_without_project_paths(str(error)))
    found = database_problem()
    if found is not None:
        return DatabaseStatus(ok=False, problem="build_failed", detail=found[0])
    return DatabaseStatus(ok=True, built_now=True, problem=problem)
