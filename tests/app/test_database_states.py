"""The app explains a missing or outdated database, builds it, and never shows a traceback."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from conftest import PROJECT
from streamlit.testing.v1 import AppTest


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


def test_failed_build_shows_an_error_not_a_traceback(tmp_path, database_at, monkeypatch, documents):
    database_at(tmp_path / "broken.duckdb")
    import etl.warehouse

    where = f"{Path(next(iter(documents.values())).relative_path).name}:119"  # any document of the manifest

    def fail(*_arguments, **_keywords):
        raise etl.warehouse.CheckFailed(f"data/raw/{where}: '8 63O' is not an amount")

    monkeypatch.setattr(etl.warehouse, "build", fail)
    app = run_app()
    assert not app.exception
    assert any("не вдалося побудувати" in error.value for error in app.error)
    assert any(where in code.value for code in app.code)
    assert not (tmp_path / "broken.duckdb").exists()


def test_app_opens_the_database_read_only(db_path):
    from hromada.app import data as queries
    with pytest.raises(duckdb.Error):
        queries.warehouse().connection.execute("CREATE TABLE written_by_the_app (x INTEGER)")


# -- Every kind of broken file is named for what it is, and repaired by a rebuild ------------

def damaged_copies(db_path):
    """(name, how to damage a copy of the warehouse): files a user could be left with."""
    data = db_path.read_bytes()

    def write(target, content):
        target.write_bytes(content)

    def drop(table):
        def damage(target):
            shutil.copyfile(db_path, target)
            with duckdb.connect(str(target)) as connection:
                kind = connection.execute(
                    "SELECT CASE WHEN EXISTS (SELECT 1 FROM duckdb_views() WHERE view_name = ?) THEN 'VIEW' "
                    "ELSE 'TABLE' END", [table]).fetchone()[0]
                connection.execute(f"DROP {kind} {table}")
        return damage

    return {
        "zero_bytes": ("unreadable", lambda target: write(target, b"")),
        "garbage": ("unreadable", lambda target: write(target, bytes(range(256)) * 64)),
        "truncated_header": ("unreadable", lambda target: write(target, data[:5000])),
        "truncated_half": ("unreadable", lambda target: write(target, data[:len(data) // 2])),
        "mart_missing": ("incomplete", drop("mart_community_summary")),
        "meta_missing": ("incomplete", drop("meta")),
    }


MESSAGES = {  # a phrase of each message, in Ukrainian and in English
    "unreadable": ("пошкоджений", "damaged or unreadable"),
    "incomplete": ("бракує таблиць", "lacks tables"),
}


@pytest.mark.parametrize("lang", ["uk", "en"])
@pytest.mark.parametrize("case", ["zero_bytes", "garbage", "truncated_header", "truncated_half", "mart_missing",
                                  "meta_missing"])
def test_broken_file_is_named_and_rebuilt(case, lang, tmp_path, database_at, db_path):
    from etl.contract import SCHEMA_VERSION
    from hromada.db import database_problem

    expected, damage = damaged_copies(db_path)[case]
    target = database_at(tmp_path / "damaged.duckdb")
    damage(target)
    assert database_problem()[0] == expected
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
    if lang == "en":
        app.query_params["lang"] = "en"
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    phrase = MESSAGES[expected][0 if lang == "uk" else 1]
    shown = [info.value for info in app.info]
    assert any(phrase in text for text in shown), shown
    assert not any("старішою" in text or "older version" in text for text in shown), "not an old schema"
    assert not app.error, [error.value for error in app.error]
    assert any(("побудовано" if lang == "uk" else "was built") in success.value for success in app.success)
    assert app.title[0].value == ("Огляд" if lang == "uk" else "Overview")
    assert database_problem() is None
    with duckdb.connect(str(target), read_only=True) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION


def test_required_tables_are_what_the_etl_creates(db_path, warehouse):
    from hromada.db import required_tables
    present = {name for (name,) in warehouse.execute(
        "SELECT table_name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views() WHERE NOT internal"
    ).fetchall()}
    required = required_tables()
    assert {"meta", "community", "funding", "mart_community_summary", "reconciliation"} <= required
    assert required <= present, required - present


# -- A rebuilt file is read by the running app (the identity of the file, not its path) -----

def replace_with_changed_copy(source, target, community: str, new_total) -> None:
    """What `python -m etl build` does, in small: a changed copy written aside, then os.replace."""
    aside = target.with_name(f".{target.name}.building")
    shutil.copyfile(source, aside)
    with duckdb.connect(str(aside)) as connection:
        connection.execute("UPDATE mart_community_summary SET programme_total_kuah = ? WHERE community_id = ?",
                           [new_total, community])
    os.replace(aside, target)


def test_a_replaced_file_is_read_on_the_next_call(tmp_path, database_at, db_path, warehouse):
    from hromada import db
    from hromada.app import data as queries

    target = database_at(tmp_path / "live.duckdb")
    shutil.copyfile(db_path, target)
    community, total = warehouse.execute(
        "SELECT community_id, programme_total_kuah FROM mart_community_summary ORDER BY community_id LIMIT 1"
    ).fetchone()
    first = queries.community_summary((community,))
    assert first["programme_total_kuah"].iloc[0] == total
    old = queries.warehouse()
    identity = db.file_identity(target)

    # Another plain handle on the old file keeps DuckDB's instance cache for this path alive: a
    # `duckdb.connect(path)` after the rebuild would still read the old, deleted file.
    stale = duckdb.connect(str(target), read_only=True)
    try:
        replace_with_changed_copy(db_path, target, community, total + 1)
        assert db.file_identity(target) != identity
        assert stale.execute("SELECT programme_total_kuah FROM mart_community_summary WHERE community_id = ?",
                             [community]).fetchone()[0] == total, "DuckDB's cache hands back the old file"
        # The same arguments as before (a cached result), and a query never asked before.
        again = queries.community_summary((community,))
        assert again["programme_total_kuah"].iloc[0] == total + 1
        assert queries.community_summary((community,), "document")["programme_total_kuah"].iloc[0] == total + 1
    finally:
        stale.close()
    assert queries.warehouse() is not old
    assert old.closed, "the old file's connection is closed once nobody uses it"


def test_a_query_running_on_the_old_file_finishes(tmp_path, database_at, db_path, warehouse):
    """A session mid-query when the file is replaced keeps its cursor; the file closes after it."""
    from hromada import db

    target = database_at(tmp_path / "busy.duckdb")
    shutil.copyfile(db_path, target)
    old = db.current_warehouse()
    cursor = old._borrow()  # what Warehouse.query holds while a query runs
    community, total = warehouse.execute(
        "SELECT community_id, programme_total_kuah FROM mart_community_summary ORDER BY community_id LIMIT 1"
    ).fetchone()
    replace_with_changed_copy(db_path, target, community, total + 1)
    new = db.current_warehouse()
    assert new is not old and not old.closed
    assert cursor.execute("SELECT programme_total_kuah FROM mart_community_summary WHERE community_id = ?",
                          [community]).fetchone()[0] == total
    with pytest.raises(db.Retired):
        old.query("SELECT 1")
    old._give_back(cursor)
    assert old.closed
    assert new.query("SELECT programme_total_kuah FROM mart_community_summary WHERE community_id = ?",
                     [community]).iloc[0, 0] == total + 1


def test_file_identity_changes_with_the_file_not_the_path(tmp_path, db_path):
    from hromada.db import file_identity

    target = tmp_path / "same.duckdb"
    shutil.copyfile(db_path, target)
    before = file_identity(target)
    assert before == file_identity(target)
    aside = tmp_path / "aside.duckdb"
    shutil.copyfile(target, aside)
    os.utime(aside, ns=(before.modified_ns, before.modified_ns))  # same size, same time: still another file
    os.replace(aside, target)
    assert file_identity(target) != before
    assert file_identity(tmp_path / "absent.duckdb") is None
