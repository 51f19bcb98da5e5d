"""Whatever a URL carries, every page opens with the default view for a value it cannot use.

Two parts: property tests of the parsers in hromada.state (hypothesis), and every page run
headless (AppTest) with every query parameter the app reads set to the same hostile value at
once, then the values testers reproduced one by one. Expected values are read from the
warehouse, never written down here.
"""
from __future__ import annotations

import logging
import string

import pytest
from conftest import PROJECT, open_page, rows
from streamlit.testing.v1 import AppTest

from hromada import state
from hromada.frame import PAGES as FRAME_PAGES

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - listed in the test extra
    given = None

PAGES = [script for script, _title, _icon in FRAME_PAGES]

# Every query parameter the app reads (grep st.query_params / state.bind_ in hromada/ and pages/).
SHARED = ("lang", "c", "align", "years", "themes", "pop")
LOCAL = ("view", "unit", "family", "units", "q", "measure", "cmp", "severity", "doc", "line", "last", "around")
PARAMETERS = SHARED + LOCAL
LISTS = ("c", "themes", "cmp", "severity")  # "" is an explicit empty selection for these

HOSTILE = {
    "superscript_range": "²-3",  # "²".isdigit() is true, int("²") fails
    "superscript": "²",
    "arabic_digits": "٣-٤",
    "huge_number": "9" * 5000 + "-1",  # int() refuses more than 4300 digits
    "long": "x" * 10_000,
    "ascii": "%';--<script>\\x00",
    "unicode": "Київ 😀\u202e\u0000",
    "reversed_range": "2028-2026-1",
    "empty": "",
}


# -- the parsers ------------------------------------------------------------------------------

needs_hypothesis = pytest.mark.skipif(given is None, reason="property tests need hypothesis (test extra)")
OPTIONS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
if given is not None:
    text = st.one_of(st.none(), st.text(max_size=60),
                     st.text(alphabet="0123456789-,²³¹٣٤۵\u0660 ", max_size=30),
                     st.builds(lambda digits: digits * 700, st.sampled_from(["9", "12-", "1-"])))
    bounds = st.tuples(st.integers(-5, 3000), st.integers(0, 50)).map(lambda pair: (pair[0], pair[0] + pair[1]))

    @needs_hypothesis
    @settings(max_examples=400, deadline=None)
    @given(text, bounds)
    def test_range_is_always_inside_the_bounds(raw, limits):
        low, high = limits
        first, last = state.parse_range(raw, low, high)
        assert low <= first <= last <= high

    @needs_hypothesis
    @settings(max_examples=300, deadline=None)
    @given(st.integers(0, 10 ** 9 - 1), st.integers(0, 10 ** 9 - 1), bounds)
    def test_a_written_range_reads_back(first, last, limits):
        low, high = limits
        result = state.parse_range(f"{first}-{last}", low, high)
        a, b = sorted((first, last))
        if b < low or a > high:
            assert result == (low, high)
        else:
            assert result == (max(a, low), min(b, high))

    @needs_hypothesis
    @settings(max_examples=400, deadline=None)
    @given(text, bounds, st.integers())
    def test_integer_is_ascii_digits_clamped_or_the_default(raw, limits, default):
        low, high = limits
        value = state.parse_int(raw, low, high, default)
        plain = isinstance(raw, str) and raw.strip() != "" and all(c in string.digits for c in raw.strip()) \
            and len(raw.strip()) <= state.MAX_DIGITS
        if plain:
            assert value == max(low, min(int(raw.strip()), high))
        else:
            assert value == default

    @needs_hypothesis
    @settings(max_examples=400, deadline=None)
    @given(st.one_of(text, st.lists(st.sampled_from(OPTIONS + ["", "x", "alpha "]), max_size=12).map(",".join)),
           st.lists(st.sampled_from(OPTIONS), max_size=3, unique=True), st.one_of(st.none(), st.integers(1, 5)))
    def test_list_is_known_items_once_within_the_limit(raw, default, limit):
        value = state.parse_list(raw, OPTIONS, default, limit)
        assert len(value) == len(set(value))
        assert set(value) <= set(OPTIONS)
        if limit is not None:
            assert len(value) <= limit
        if isinstance(raw, str) and raw and set(raw.split(",")) & set(OPTIONS) and len(raw) <= state.MAX_LIST:
            wanted = list(dict.fromkeys(item for item in raw.split(",") if item in OPTIONS))
            assert value == (wanted[:limit] if limit else wanted)
        elif raw == "":
            assert value == []
        else:
            assert value == (list(default)[:limit] if limit else list(default))

    @needs_hypothesis
    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(OPTIONS), max_size=6, unique=True))
    def test_list_round_trips_through_its_url_form(items):
        assert state.parse_list(",".join(sorted(items)), OPTIONS, ["zeta"]) == (sorted(items) if items else [])

    @needs_hypothesis
    @settings(max_examples=300, deadline=None)
    @given(text)
    def test_choice_and_text_never_fail(raw):
        assert state.parse_choice(raw, OPTIONS, "beta") == (raw if raw in OPTIONS else "beta")
        searched = state.parse_text(raw)
        assert len(searched) <= state.MAX_VALUE
        assert not any(ord(character) < 32 or 127 <= ord(character) < 160 for character in searched)


def test_parsers_on_the_reported_values():
    assert state.parse_range("²-3", 2026, 2028) == (2026, 2028)
    assert state.parse_range("9" * 5000, 2026, 2028) == (2026, 2028)
    assert state.parse_range("9" * 5000 + "-1", 1, 3) == (1, 3)
    assert state.parse_range("2027-2026", 2026, 2028) == (2026, 2027)
    assert state.parse_range("2026-2027", 1, 3) == (1, 3), "calendar years read as programme years"
    assert state.parse_range("0-2", 1, 3) == (1, 2)
    assert state.parse_int("²", 1, 500, 1) == 1 and state.parse_int("٣", 1, 500, 1) == 1
    assert state.parse_int("9" * 5000, 1, 500, 1) == 1
    assert state.parse_int("447", 1, 500, 1) == 447 and state.parse_int("9999", 1, 500, 1) == 500
    five = OPTIONS[:5]
    assert state.parse_list(",".join(five + five), OPTIONS, [], limit=5) == five
    assert state.parse_list(",".join(OPTIONS), OPTIONS, [], limit=5) == OPTIONS[:5]
    assert state.parse_list("nowhere", OPTIONS, ["beta"]) == ["beta"]
    assert state.parse_list("", OPTIONS, ["beta"]) == []
    assert state.parse_text("x" * 10_000) == ""


# -- every page, every parameter ----------------------------------------------------------------

@pytest.fixture(scope="module")
def expected_defaults(warehouse):
    """The default of every bound session key, from the warehouse."""
    names = {row["community_id"]: row["short_name_uk"]
             for row in rows(warehouse, "SELECT community_id, short_name_uk FROM community")}
    ids = sorted(names, key=names.get)
    bounds = rows(warehouse, """SELECT MIN(period_start) AS low, MAX(period_end) AS high,
                                       MAX(period_end - period_start + 1) AS years FROM community""")[0]
    return {
        "lang": "uk", "communities": ids, "align": "calendar", "years_calendar": (bounds["low"], bounds["high"]),
        "years_programme": (1, bounds["years"]),
        "themes": [], "denominator": "official",
        "priorities_mode": "themes", "priorities_unit": "kuah",
        "indicators_family": "", "indicators_units": "percent",
        "measures_search": "", "measures_selected": "",
        "compare_communities": ids[:5],
        "quality_severity": ["error", "warning"], "quality_document": ids[0], "quality_line": "1",
        "priorities_measure": "", "source_document": ids[0], "source_line": "1", "source_last": "",
        "source_context": "3",
    }, ids


# Bound session key -> its query parameter, to know which values "" empties.
URL_KEY = {"lang": "lang", "communities": "c", "align": "align", "years_calendar": "years", "themes": "themes",
           "denominator": "pop", "priorities_mode": "view", "priorities_unit": "unit", "indicators_family": "family",
           "indicators_units": "units", "measures_search": "q", "measures_selected": "measure",
           "compare_communities": "cmp", "quality_severity": "severity", "quality_document": "doc",
           "quality_line": "line", "priorities_measure": "measure", "source_document": "doc", "source_line": "line",
           "source_last": "last", "source_context": "around"}


def shown_text(app: AppTest) -> str:
    parts = [element.value for kind in ("markdown", "caption", "title", "header", "info", "warning", "error",
                                        "success", "code") for element in getattr(app, kind)]
    return "\n".join(str(part) for part in parts)


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [error.value for error in app.exception]
    assert not app.error, [error.value for error in app.error]


def bound_keys(app: AppTest) -> set[str]:
    return set(app.session_state["_url_bindings"]) if "_url_bindings" in app.session_state else set()


@pytest.mark.parametrize("value", list(HOSTILE), ids=list(HOSTILE))
@pytest.mark.parametrize("page", PAGES)
def test_every_parameter_hostile_at_once(page, value, db_path, expected_defaults):
    defaults, ids = expected_defaults
    raw = HOSTILE[value]
    app = open_page(page, {key: raw for key in PARAMETERS})
    assert_clean(app)
    assert app.title, "the page was drawn"
    bound = bound_keys(app)
    assert {"lang", "communities", "align", "themes", "denominator"} <= bound
    for key in bound:
        wanted = defaults[key]
        if raw == "" and URL_KEY[key] in LISTS:
            wanted = []
        if key == "measures_search":
            wanted = raw.replace("\u0000", "") if len(raw) <= state.MAX_VALUE else ""
        if key == "compare_communities" and raw == "":
            wanted = []
        if key in ("quality_document", "source_document") and raw == "":
            wanted = sorted(ids)[0]  # no community chosen: the first document (by id)
        assert app.session_state[key] == wanted, (key, app.session_state[key])
    # The URL is rewritten to the view: nothing is left of the hostile values but what is valid.
    written = dict(app.query_params)
    for url_key, written_value in written.items():
        assert url_key in PARAMETERS, written
        if url_key == "q":
            assert written_value == app.session_state["measures_search"]
        else:
            assert raw == "" and url_key in LISTS and written_value == "", written


REPORTED = [  # (page, query string) as testers reported them
    ("app.py", {"years": "²-3"}),
    ("app.py", {"years": "²-3", "align": "programme"}),
    ("pages/funding.py", {"years": "²-3"}),
    ("app.py", {"years": "1" * 5000 + "-2027"}),
    ("pages/quality.py", {"line": "²"}),
    ("pages/quality.py", {"line": "9" * 5000}),
]


@pytest.mark.parametrize("page, params", REPORTED, ids=[f"{p}-{'-'.join(q)}" for p, q in REPORTED])
def test_reported_values_open_the_default_view(page, params, db_path, expected_defaults):
    defaults, _ids = expected_defaults
    app = open_page(page, params)
    assert_clean(app)
    if "years" in params:
        key = "years_programme" if params.get("align") == "programme" else "years_calendar"
        assert app.session_state[key] == defaults[key]
        assert "years" not in app.query_params
    if "line" in params:
        assert app.session_state["quality_line"] == "1" and "line" not in app.query_params
    # The session is not poisoned: the next page, and a rerun, open too.
    app.switch_page("pages/priorities.py" if page != "pages/priorities.py" else "app.py").run()
    assert_clean(app)
    app.run()
    assert_clean(app)


def test_compare_with_the_five_ids_twice(db_path, expected_defaults):
    """Repeated ids used to exceed max_selections=5. One community in ?c= makes the default
    comparison just that one, so the five read from ?cmp= are told apart from a fallback."""
    _defaults, ids = expected_defaults
    five = list(reversed(ids))[:5]
    app = open_page("pages/compare.py", {"c": ids[0], "cmp": ",".join(five + five)})
    assert_clean(app)
    assert app.session_state["compare_communities"] == five
    assert app.query_params["cmp"] == ",".join(sorted(five))
    app = open_page("pages/compare.py", {"c": ids[0], "cmp": ",".join(ids + ids + ids)})
    assert_clean(app)
    assert app.session_state["compare_communities"] == ids[:5]


@pytest.mark.parametrize("param, key", [("c", "communities"), ("themes", "themes"), ("severity", "quality_severity")])
def test_repeated_items_count_once(param, key, db_path, warehouse, expected_defaults):
    _defaults, ids = expected_defaults
    options = {"c": ids, "themes": [row["theme_id"] for row in rows(warehouse, "SELECT theme_id FROM theme")],
               "severity": ["error", "warning", "info"]}[param]
    two = options[-2:]  # for severity, not the default pair
    app = open_page("pages/quality.py", {param: ",".join(two + two + list(reversed(two)))})
    assert_clean(app)
    assert sorted(app.session_state[key]) == sorted(two)
    assert app.query_params[param] == ",".join(sorted(two))


# -- a failure inside a page is a message, not a traceback ---------------------------------------

SECRET = "/srv/secret/programmes.duckdb"


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.mark.parametrize("lang", ["uk", "en"])
@pytest.mark.parametrize("where", ["sidebar", "page"])
def test_an_unexpected_error_is_a_friendly_message(where, lang, db_path, monkeypatch):
    from hromada import ui
    from hromada.app import data as queries

    def broken(*_arguments, **_keywords):
        raise RuntimeError(f"IO Error: could not read {SECRET}")

    if where == "sidebar":
        monkeypatch.setattr(queries, "year_bounds", broken)
    else:
        monkeypatch.setattr(ui, "lookup", broken)
    records = _Records()
    logger = logging.getLogger("hromada.frame")
    logger.addHandler(records)
    try:
        app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
        app.query_params["lang"] = lang
        app.run()
    finally:
        logger.removeHandler(records)
    assert not app.exception, [error.value for error in app.exception]
    assert len(app.error) == 1
    message = app.error[0].value
    assert ("Оновіть сторінку" if lang == "uk" else "Reload the page") in message
    assert SECRET not in shown_text(app) and "Traceback" not in shown_text(app) and "RuntimeError" not in shown_text(app)
    reset = [link for link in app.get("page_link")
             if link.proto.label == ("Відкрити сторінку без фільтрів" if lang == "uk" else "Open the page without filters")]
    assert reset, "a way back to the default view"
    assert [record for record in records.records if record.exc_info and SECRET in str(record.exc_info[1])], \
        "the real error goes to the server log"


def test_streamlit_control_flow_passes_through(db_path, monkeypatch):
    """st.stop and st.rerun raise BaseExceptions the page's error box must not swallow."""
    import streamlit

    from hromada import ui

    original = ui.header

    def stopping(page_key, lang, intro=None):
        original(page_key, lang, intro)
        streamlit.session_state["header_runs"] = streamlit.session_state.get("header_runs", 0) + 1
        if streamlit.session_state["header_runs"] == 1:
            streamlit.rerun()
        streamlit.stop()

    monkeypatch.setattr(ui, "header", stopping)
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception and not app.error
    assert app.session_state["header_runs"] == 2, "st.rerun reran the script"
    assert not app.metric, "st.stop stopped it before the cards"
