"""The app explains a missing or outdated database, builds it, and never shows a traceback."""
from __future__ import annotations

import os
import shutil

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import PROJECT


@pytest.fixture()
def database_at(tmp_path, db_path):
    """Point the app at a database path of the test's choosing; restore the shared one afterwards."""
    def choose(path):
        os.environ["PROGRAMMES_DB"] = str(path)
        st.cache_data.clear()
        return path
    yield choose
    os.environ["PROGRAMMES_DB"] = str(db_path)
    st.cache_data.clear()


def run_app() -> AppTest:
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
    app.run()
    return app


def test_missing_database_is_built_with_a_message(tmp_path, database_at):
    target = database_at(tmp_path / "fresh.duckdb")
    app = run_app()
    assert not app.exception
    assert any("ще не побудовано" in info.value for info in app.info)
    assert any("побудовано" in success.value for success in app.success)
    assert target.exists()
    assert app.title[0].value == "Огляд"


def test_old_schema_is_rebuilt_with_a_message(tmp_path, database_at, db_path):
    target = database_at(tmp_path / "old.duckdb")
    shutil.copyfile(db_path, target)
    with duckdb.connect(str(target)) as connection:
        connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    app = run_app()
    assert not app.exception
    assert any("старішою версією" in info.value for info in app.info)
    with duckdb.connect(str(target), read_only=True) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] != "0"


def test_failed_build_shows_an_error_not_a_traceback(tmp_path, database_at, monkeypatch):
    database_at(tmp_path / "broken.duckdb")
    import etl.warehouse

    def fail(*_arguments, **_keywords):
        raise etl.warehouse.CheckFailed("data/raw/kremenchuk_2026-2028.txt:119: '8 63O' is not an amount")

    monkeypatch.setattr(etl.warehouse, "build", fail)
    app = run_app()
    assert not app.exception
    assert any("не вдалося побудувати" in error.value for error in app.error)
    assert any("kremenchuk_2026-2028.txt:119" in code.value for code in app.code)
    assert not (tmp_path / "broken.duckdb").exists()


def test_app_opens_the_database_read_only(db_path):
    from hromada import queries
    with pytest.raises(duckdb.Error):
        queries.warehouse().connection.execute("CREATE TABLE written_by_the_app (x INTEGER)")
