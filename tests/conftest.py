"""Shared fixtures: one warehouse built from data/raw for the whole session."""
from __future__ import annotations

import csv
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from etl.manifest import load_manifest  # noqa: E402
from etl.warehouse import build  # noqa: E402

# The data directory and the reviewed fixtures the suite checks; another pair (e.g. with a sixth
# community added, tests/sixth.py) can be given, so no test may assume which communities exist.
DATA = Path(os.environ.get("HROMADA_TEST_DATA") or PROJECT / "data")
FIXTURES = Path(os.environ.get("HROMADA_TEST_FIXTURES") or PROJECT / "tests" / "fixtures")


def fixture_rows(name: str) -> list[dict]:
    """The rows of a reviewed fixture CSV (``tests/fixtures/<name>``, or the directory given instead)."""
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def db_path(tmp_path_factory) -> Path:
    """A warehouse built once per test session, outside the project's data directory."""
    path = tmp_path_factory.mktemp("warehouse") / "programmes.duckdb"
    build(path, DATA)
    os.environ["PROGRAMMES_DB"] = str(path)
    return path


@pytest.fixture(scope="module")
def queries(db_path):
    """The dashboard's cached query layer on the session's warehouse, its caches emptied."""
    os.environ["PROGRAMMES_DB"] = str(db_path)
    from hromada.app import data as module
    module.st.cache_data.clear()
    return module


@pytest.fixture(scope="session")
def warehouse(db_path):
    connection = duckdb.connect(str(db_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def opened_warehouse(db_path):
    """The plain query layer's handle on the session's warehouse (``hromada.warehouse.Warehouse``)."""
    from hromada.warehouse import Warehouse

    handle = Warehouse(db_path)
    yield handle
    handle.retire()


@contextmanager
def dashboard_reads(path: Path):
    """The dashboard (its app layer and pages) reads the warehouse at ``path`` inside the block.

    The app finds its file through $PROGRAMMES_DB; results cached for the previous file are cleared
    on the way in and out, so neither file's answers are served for the other.
    """
    import streamlit as st

    previous = os.environ.get("PROGRAMMES_DB")
    os.environ["PROGRAMMES_DB"] = str(path)
    st.cache_data.clear()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PROGRAMMES_DB", None)
        else:
            os.environ["PROGRAMMES_DB"] = previous
        st.cache_data.clear()


@pytest.fixture(scope="session")
def documents():
    return {document.community_id: document for document in load_manifest(DATA / "sources.toml")}


@pytest.fixture(scope="session")
def community_ids(documents) -> tuple[str, ...]:
    """Every community the manifest lists, sorted: the communities the warehouse holds."""
    return tuple(sorted(documents))


@pytest.fixture(scope="session")
def raw_lines(documents):
    """raw_lines[community][line_number] -> the text of that line as published."""
    return {community: [""] + document.read_lines() for community, document in documents.items()}


def rows(connection, sql: str, parameters=None) -> list[dict]:
    cursor = connection.execute(sql, parameters or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def squash(text: str) -> str:
    """Compare text regardless of tags, tabs and kinds of spaces."""
    return re.sub(r"\s+", " ", re.sub(r"</?p>", "", text or "")).strip()


def open_page(page: str, params: dict[str, str]):
    """Open a page through AppTest as a deep link does: the first run with the URL, then the page."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page != "app.py":
        # The first run wrote the overview's URL; a deep link to the page carries the page's own keys.
        for key, value in params.items():
            app.query_params[key] = value
        app.switch_page(page).run()
    return app
