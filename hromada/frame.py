"""The frame around every page: page setup, the warehouse check, navigation and shared filters.

The app uses Streamlit's ``pages/`` directory and nothing else (no ``st.navigation``): mixing the
two makes a cold deep link (a first request straight to ``/funding``) run the page without the
frame. Every page therefore calls ``run_page``, so the frame is there however the page is opened.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger

from hromada import state, ui
from hromada.db import DatabaseStatus, ensure_database
from hromada.filters import Filters
from hromada.i18n import t

_LOGGER = get_logger(__name__)

# A file of our own, served by Streamlit: a ":material/..:" page icon makes the browser fetch the
# favicon from fonts.gstatic.com, and the dashboard must work offline. (The menu icons below are
# drawn with the Material Symbols font Streamlit ships in its static files: no request leaves.)
PAGE_ICON = str(Path(__file__).resolve().parent / "static" / "favicon.png")

# (script, title key, icon); the overview is the entry point, app.py.
PAGES = [
    ("app.py", "page_overview", ":material/dashboard:"),
    ("pages/priorities.py", "page_priorities", ":material/stacked_bar_chart:"),
    ("pages/funding.py", "page_funding", ":material/account_balance:"),
    ("pages/indicators.py", "page_indicators", ":material/flag:"),
    ("pages/measures.py", "page_measures", ":material/table_rows:"),
    ("pages/compare.py", "page_compare", ":material/compare_arrows:"),
    ("pages/quality.py", "page_quality", ":material/fact_check:"),
    ("pages/source.py", "page_source", ":material/description:"),
    ("pages/methodology.py", "page_methodology", ":material/menu_book:"),
]


# The app's only CSS. Segmented controls (Показник / Measure) wrap onto a second line on a phone
# instead of scrolling their last option out of sight behind the edge.
PAGE_CSS = """<style>
[data-testid="stButtonGroup"] [role="radiogroup"] { flex-wrap: wrap; row-gap: 0.25rem; }
/* Streamlit's link blue is below 4.5:1 contrast on white; a darker blue reads. */
[data-testid="stMarkdownContainer"] a { color: #0b57d0; }
</style>"""


# The message shown while a damaged or outdated warehouse is rebuilt, per problem (hromada.db).
PROBLEM_TEXT: dict[str | None, str] = {"missing": "db_missing", "unreadable": "db_unreadable",
                                       "incomplete": "db_incomplete", "old_schema": "db_old"}


def _prepare_database(lang: str) -> DatabaseStatus:
    status = ensure_database(build_if_needed=False)
    if status.ok:
        return status
    st.info(t(PROBLEM_TEXT.get(status.problem, "db_unreadable"), lang), icon=":material/database:")
    with st.spinner(t("building_db", lang)):
        status = ensure_database()
    if status.ok:
        st.cache_data.clear()
        st.success(t("db_built", lang))
    return status


def navigation(lang: str, menu=None) -> None:
    """Our own menu, so page names follow the interface language (Streamlit's shows file names).

    Every link carries the view in its query string (``state.menu_params``): the shared filters
    and the target page's own settings, so the address bar after a click, a link opened in a new
    tab and a link copied from the menu all reproduce the view. It is drawn into ``menu`` (a
    sidebar container made before the filters) once the page has run, so the links hold this
    run's values.
    """
    with menu if menu is not None else st.sidebar:
        for script, title, icon in PAGES:
            st.page_link(script, label=t(title, lang), icon=icon, query_params=state.menu_params(title))


def _script_of(page_key: str) -> str:
    return next((script for script, title, _icon in PAGES if title == page_key), PAGES[0][0])


def page_failed(page_key: str, lang: str) -> None:
    """What a reader sees instead of a traceback: what happened and what to do, no internals.

    The reset link opens the page with ``?apply=1`` and nothing else: every filter of the view is
    read from that URL, i.e. set to its default (see hromada.state).
    """
    st.error(t("page_failed", lang), icon=":material/error:")
    st.page_link(_script_of(page_key), label=t("page_failed_reset", lang), icon=":material/restart_alt:",
                 query_params={state.APPLY: "1"})


def run_page(page_key: str, render: Callable[[Filters], None]) -> None:
    """Set up the page, draw the frame, run ``render(filters)``, then write the view into the URL.

    An unexpected error is logged with its traceback on the server and shown as a short message
    in the interface language. Streamlit's own control flow (st.rerun, st.stop, st.switch_page)
    raises ScriptControlException, a BaseException, and passes through untouched.
    """
    state.start_run(page_key)
    lang = ui.language()
    st.set_page_config(page_title=f"{t(page_key, lang)} · {t('app_title', lang)}",
                       page_icon=PAGE_ICON, layout="wide")
    st.html(PAGE_CSS)
    try:
        status = _prepare_database(lang)
        if not status.ok:
            st.error(t("db_failed", lang), icon=":material/error:")
            st.code(status.detail or "", language=None)
            return
        with st.sidebar:
            menu = st.container()
            st.divider()
        try:
            filters = ui.sidebar()
            render(filters)
        finally:
            # Also after a page returns early or fails, so the menu and the URL match the view.
            navigation(st.session_state.get("lang", lang), menu)
            state.write_url()
    except Exception:  # noqa: BLE001 - the one place that turns any failure into a message
        _LOGGER.exception("page %s failed (query string: %.500s)", page_key, st.query_params.to_dict())
        page_failed(page_key, lang)
