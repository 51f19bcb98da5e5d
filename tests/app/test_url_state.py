"""A view opened from a URL with its filters reproduces itself, and writes the same URL back."""
from __future__ import annotations

from conftest import DATA, PROJECT
from streamlit.testing.v1 import AppTest

from etl.manifest import load_manifest

# Two communities of the manifest, whichever they are: the URL names them by id.
COMMUNITIES = sorted(document.community_id for document in load_manifest(DATA / "sources.toml"))
PAIR = COMMUNITIES[:2]
SHARED = {"lang": "en", "c": ",".join(PAIR), "align": "programme", "years": "1-2", "themes": "skills",
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
    assert state["lang"] == "en" and state["communities"] == PAIR
    assert state["align"] == "programme" and state["years_programme"] == (1, 2)
    assert state["themes"] == ["skills"] and state["denominator"] == "document"
    assert dict(app.query_params) == SHARED


def test_reopening_the_written_url_gives_the_same_view(db_path):
    first = run_with({"c": COMMUNITIES[0], "view": "own", "unit": "share"}, "pages/priorities.py")
    written = dict(first.query_params)
    assert written == {"c": COMMUNITIES[0], "view": "own", "unit": "share"}
    second = run_with(written, "pages/priorities.py")
    assert second.session_state["priorities_mode"] == "own" and second.session_state["priorities_unit"] == "share"
    assert second.session_state["communities"] == [COMMUNITIES[0]]
    first_chart = first.get("plotly_chart")[0].proto.spec
    assert second.get("plotly_chart")[0].proto.spec == first_chart


def test_defaults_leave_the_url_clean(db_path):
    app = run_with({})
    assert dict(app.query_params) == {}


def test_invalid_values_fall_back_to_defaults(db_path):
    assert "atlantis" not in COMMUNITIES
    app = run_with({"lang": "fr", "c": f"atlantis,{COMMUNITIES[0]}", "years": "banana"})
    assert not app.exception
    assert app.session_state["lang"] == "uk"
    assert app.session_state["communities"] == [COMMUNITIES[0]]


# -- one view across pages (issue 11): a menu click keeps every shared filter -----------------

from urllib.parse import parse_qsl  # noqa: E402

from conftest import rows  # noqa: E402

from hromada import state as view_state  # noqa: E402
from hromada.i18n import t  # noqa: E402

MENU_PAGES = ["pages/priorities.py", "pages/funding.py", "pages/indicators.py", "pages/measures.py",
              "pages/compare.py", "pages/quality.py", "pages/methodology.py", "app.py"]


def click_menu(app: AppTest, page: str) -> AppTest:
    """A menu click: the page link's query string becomes the URL, in the same session."""
    links = {link.proto.page: link.proto.query_string for link in app.get("page_link")}
    path = "" if page == "app.py" else page.removeprefix("pages/").removesuffix(".py")
    assert path in links, f"no menu link to {page}: {sorted(links)}"
    app.query_params.clear()
    for key, value in parse_qsl(links[path], keep_blank_values=True):
        app.query_params[key] = value
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def programme_years_covered(warehouse, calendar: tuple[int, int]) -> tuple[int, int]:
    """The programme years that a calendar range covers, counted year by year over every community."""
    covered = [year - row["period_start"] + 1
               for row in rows(warehouse, "SELECT period_start, period_end FROM community")
               for year in range(calendar[0], calendar[1] + 1) if row["period_start"] <= year <= row["period_end"]]
    return min(covered), max(covered)


def test_menu_clicks_keep_every_shared_filter(db_path):
    app = run_with(SHARED)
    for page in MENU_PAGES:
        click_menu(app, page)
        state = app.session_state
        assert state["lang"] == "en" and app.radio(key="lang").value == "en", page
        assert app.title[0].value == t(view_state_page_key(page), "en"), page
        assert app.radio(key="align").value == "programme" and app.slider(key="years_programme").value == (1, 2)
        assert app.multiselect(key="communities").value == PAIR
        assert app.radio(key="denominator").value == "document"
        assert {key: value for key, value in app.query_params.items() if key in view_state.SHARED} == SHARED, page


def view_state_page_key(page: str) -> str:
    from hromada.frame import PAGES
    return next(title for script, title, _icon in PAGES if script == page)


def test_a_page_keeps_its_own_settings_after_a_visit_elsewhere(db_path):
    app = run_with({"lang": "en", "view": "own", "unit": "share"}, "pages/priorities.py")
    click_menu(app, "pages/funding.py")
    assert "view" not in app.query_params
    click_menu(app, "pages/priorities.py")
    assert app.session_state["priorities_mode"] == "own" and app.session_state["priorities_unit"] == "share"
    assert app.query_params["view"] == "own" and app.query_params["lang"] == "en"


def test_switching_the_language_keeps_the_alignment_and_the_range(db_path):
    app = run_with({"align": "programme", "years": "1-2", "pop": "document"}, "pages/funding.py")
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.radio(key="align").value == "programme" and app.slider(key="years_programme").value == (1, 2)
    assert app.radio(key="denominator").value == "document"
    assert dict(app.query_params) == {"lang": "en", "align": "programme", "years": "1-2", "pop": "document"}
    app.radio(key="lang").set_value("uk").run()
    assert app.radio(key="align").value == "programme" and app.slider(key="years_programme").value == (1, 2)


def test_switching_the_alignment_converts_the_year_range(db_path, warehouse):
    bounds = rows(warehouse, """SELECT MIN(period_start) AS first, MAX(period_end) AS last,
                                       MAX(period_end - period_start + 1) AS length FROM community""")[0]
    last_start = rows(warehouse, "SELECT MAX(period_start) AS year FROM community")[0]["year"]
    calendar = (last_start, last_start)  # the first year of the programme that starts last
    app = run_with({"years": f"{calendar[0]}-{calendar[1]}"})
    assert app.slider(key="years_calendar").value == calendar
    app.radio(key="align").set_value("programme").run()
    assert not app.exception
    expected = programme_years_covered(warehouse, calendar)
    assert app.slider(key="years_programme").value == expected
    assert app.query_params["years"] == f"{expected[0]}-{expected[1]}"
    # and back: every calendar year in which some programme is in one of those programme years
    app.radio(key="align").set_value("calendar").run()
    years = [row["period_start"] + k - 1 for row in rows(warehouse, "SELECT period_start, period_end FROM community")
             for k in range(expected[0], expected[1] + 1) if row["period_start"] + k - 1 <= row["period_end"]]
    back = (max(bounds["first"], min(years)), min(bounds["last"], max(years)))
    assert app.slider(key="years_calendar").value == back
    assert calendar[0] >= back[0] and calendar[1] <= back[1], "the converted range lost a year"


def test_the_full_range_stays_full_and_an_uncovered_range_resets():
    bounds = {"first_year": 2023, "last_year": 2028, "programme_years": 3}
    periods = [(2023, 2025), (2026, 2028)]
    assert view_state.convert_years((2023, 2028), "programme", periods, bounds) == (1, 3)
    assert view_state.convert_years((1, 3), "calendar", periods, bounds) == (2023, 2028)
    assert view_state.convert_years((2026, 2026), "programme", periods, bounds) == (1, 1)
    assert view_state.convert_years((1, 1), "calendar", periods, bounds) == (2023, 2026)
    assert view_state.convert_years((2026, 2026), "programme", [(2023, 2025)], bounds) == (1, 3)  # not covered
    assert view_state.convert_years(None, "programme", periods, bounds) == (1, 3)
    assert view_state.convert_years((2024, 2025), "programme", periods, bounds) == (2, 3)
