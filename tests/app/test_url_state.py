"""A view opened from a URL with its filters reproduces itself, and writes the same URL back."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from conftest import PROJECT

SHARED = {"lang": "en", "c": "kremenchuk,tetiiv", "align": "programme", "years": "1-2", "themes": "skills",
          "pop": "document"}


def run_with(params: dict, page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page:
        for key, value in params.items():
            app.query_params[key] = value
        app.switch_page(page).run()
    return app


def test_shared_filters_round_trip(db_path):
    app = run_with(SHARED)
    assert not app.exception
    state = app.session_state
    assert state["lang"] == "en" and state["communities"] == ["kremenchuk", "tetiiv"]
    assert state["align"] == "programme" and state["years_programme"] == (1, 2)
    assert state["themes"] == ["skills"] and state["denominator"] == "document"
    assert dict(app.query_params) == SHARED


def test_reopening_the_written_url_gives_the_same_view(db_path):
    first = run_with({"c": "illintsi", "view": "own", "unit": "share"}, "pages/priorities.py")
    written = dict(first.query_params)
    assert written == {"c": "illintsi", "view": "own", "unit": "share"}
    second = run_with(written, "pages/priorities.py")
    assert second.session_state["priorities_mode"] == "own" and second.session_state["priorities_unit"] == "share"
    assert second.session_state["communities"] == ["illintsi"]
    first_chart = first.get("plotly_chart")[0].proto.spec
    assert second.get("plotly_chart")[0].proto.spec == first_chart


def test_defaults_leave_the_url_clean(db_path):
    app = run_with({})
    assert dict(app.query_params) == {}


def test_invalid_values_fall_back_to_defaults(db_path):
    app = run_with({"lang": "fr", "c": "atlantis,kremenchuk", "years": "banana"})
    assert not app.exception
    assert app.session_state["lang"] == "uk"
    assert app.session_state["communities"] == ["kremenchuk"]
