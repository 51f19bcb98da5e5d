"""A reader's journey through the menu keeps the view (issue 11): the language, the alignment, the
year range and the population choice survive every menu click, the URL after the clicks opens the
same view in a fresh browser, and switching the language keeps the rest.

Everything is done by clicking, as a reader does; expected values come from the warehouse and the
interface texts (hromada.i18n), never written down here.
"""
from __future__ import annotations

import re

import pytest

from hromada.i18n import t

from .helpers import (
    PAGE,
    PAGES,
    arm_rerun,
    chart_data,
    chart_text,
    eventually,
    exceptions,
    fetch,
    open_view,
    page_url,
    query_of,
    settle,
    squash,
    wait_for_query,
    wait_idle,
    wait_ready,
    wait_rerun,
)

pytestmark = pytest.mark.e2e

SIDEBAR = '[data-testid="stSidebar"]'
LANGUAGE_NAMES = {"uk": "Українська", "en": "English"}


def no_exception(page) -> None:
    assert not exceptions(page), exceptions(page)


def heading(page) -> list[str]:
    return [squash(text) for text in page.locator('[data-testid="stMain"] h1').all_inner_texts()]


def click_menu(page, app_page, lang: str) -> None:
    """Click the page's link in our sidebar menu and wait until that page has drawn."""
    label = app_page.title(lang)
    link = page.locator(f'{SIDEBAR} [data-testid="stPageLink-NavLink"]').filter(
        has=page.locator('[data-testid="stMarkdownContainer"]', has_text=re.compile(f"^{re.escape(label)}$")))
    assert link.count() == 1, f"no single menu link {label!r}"
    link.click()
    eventually(lambda: _assert_heading(page, label), timeout=60)
    wait_ready(page, need_chart=app_page.has_chart)
    wait_idle(page)
    no_exception(page)


def _assert_heading(page, title: str) -> None:
    assert heading(page) == [title]
    assert page.url.split("?")[0].rstrip("/").endswith(PAGE_PATHS[title].rstrip("/")), page.url


PAGE_PATHS = {app_page.title(lang): app_page.path for app_page in PAGES for lang in ("uk", "en")}


def radio(page, group_key: str, option_text: str, lang: str):
    return page.locator(SIDEBAR).get_by_role("radiogroup", name=t(group_key, lang)).get_by_role(
        "radio", name=option_text, exact=True)


def checked_option(page, group_key: str, options: dict[str, str], lang: str) -> list[str]:
    """The values whose radio is checked in a sidebar radio group (``options``: value -> label)."""
    return [value for value, text in options.items() if radio(page, group_key, text, lang).is_checked()]


def slider_values(page) -> list[int]:
    thumbs = page.locator(f'{SIDEBAR} [data-testid="stSlider"] input[type="range"]')
    return [int(thumb.input_value()) for thumb in thumbs.all()]


def click_radio(page, group_key: str, option_text: str, lang: str, need_chart: bool = True) -> None:
    arm_rerun(page)
    radio(page, group_key, option_text, lang).click(force=True)  # baseweb hides the input under its label
    wait_rerun(page, need_chart=need_chart)
    settle(page)


def alignment_options(lang):
    return {value: t(f"align_{value}", lang) for value in ("calendar", "programme")}


def population_options(lang):
    return {value: t(f"denominator_{value}", lang) for value in ("official", "document")}


def programme_length(db) -> int:
    return fetch(db, "SELECT MAX(period_end - period_start + 1) AS years FROM community")[0]["years"]


def set_programme_view(page, db, lang: str) -> tuple[int, int]:
    """Programme years, the last programme year left out of the range, the document's population."""
    click_radio(page, "align", t("align_programme", lang), lang)
    length = programme_length(db)
    assert length >= 2, "the warehouse has no programme longer than a year: nothing to narrow"
    assert slider_values(page) == [1, length]
    arm_rerun(page)
    upper = page.locator(f'{SIDEBAR} [data-testid="stSlider"] input[type="range"]').nth(1)
    upper.focus()
    upper.press("ArrowLeft")
    wait_rerun(page, need_chart=True)
    wait_for_query(page, lambda query: query.get("years") == f"1-{length - 1}")
    click_radio(page, "denominator", t("denominator_document", lang), lang)
    wait_for_query(page, lambda query: query.get("pop") == "document")
    return 1, length - 1


def assert_programme_view(page, years: tuple[int, int], lang: str, where: str) -> None:
    assert checked_option(page, "align", alignment_options(lang), lang) == ["programme"], where
    assert slider_values(page) == list(years), where
    assert checked_option(page, "denominator", population_options(lang), lang) == ["document"], where
    assert checked_option(page, "language", LANGUAGE_NAMES, lang) == [lang], where
    query = query_of(page.url)
    expected = {"align": "programme", "years": f"{years[0]}-{years[1]}", "pop": "document"}
    if lang != "uk":
        expected["lang"] = lang
    assert {key: query.get(key) for key in expected} == expected, f"{where}: {page.url}"


# (a) -----------------------------------------------------------------------------------------

def test_every_menu_click_stays_english(base_url, new_context):
    page, _ = open_view(new_context(), page_url(base_url, PAGE["overview"], lang="en"), need_chart=True)
    for app_page in (*PAGES[1:], PAGES[0]):
        click_menu(page, app_page, "en")
        where = f"after clicking {app_page.key}"
        assert heading(page) == [app_page.title("en")], where
        assert checked_option(page, "language", LANGUAGE_NAMES, "en") == ["en"], where
        assert query_of(page.url).get("lang") == "en", f"{where}: {page.url}"


# (b) and (c) ---------------------------------------------------------------------------------

def test_settings_survive_three_clicks_and_the_link_reproduces_the_view(base_url, new_context, db):
    lang = "en"
    page, _ = open_view(new_context(), page_url(base_url, PAGE["overview"], lang=lang), need_chart=True)
    years = set_programme_view(page, db, lang)
    assert_programme_view(page, years, lang, "before any click")

    for key in ("funding", "indicators", "compare"):
        click_menu(page, PAGE[key], lang)
        assert_programme_view(page, years, lang, f"after clicking {key}")

    link = page.url
    sidebar_state = (slider_values(page), checked_option(page, "align", alignment_options(lang), lang),
                     checked_option(page, "denominator", population_options(lang), lang))
    figures, first_text = chart_data(page), chart_text(page)
    assert figures and first_text, "the compare page drew no chart"

    reopened, _ = open_view(new_context(), link, need_chart=True)
    no_exception(reopened)
    assert heading(reopened) == [PAGE["compare"].title(lang)]
    assert query_of(reopened.url) == query_of(link)
    assert (slider_values(reopened), checked_option(reopened, "align", alignment_options(lang), lang),
            checked_option(reopened, "denominator", population_options(lang), lang)) == sidebar_state
    assert_programme_view(reopened, years, lang, "in a fresh browser")
    assert chart_data(reopened)[0] == figures[0]
    assert chart_text(reopened) == first_text


# (d) -----------------------------------------------------------------------------------------

def test_switching_the_language_keeps_the_alignment_and_the_range(base_url, new_context, db):
    page, _ = open_view(new_context(), page_url(base_url, PAGE["funding"]), need_chart=True)
    years = set_programme_view(page, db, "uk")
    assert_programme_view(page, years, "uk", "in Ukrainian")

    click_radio(page, "language", LANGUAGE_NAMES["en"], "uk")
    eventually(lambda: _assert_heading(page, PAGE["funding"].title("en")))
    wait_for_query(page, lambda query: query.get("lang") == "en")
    settle(page)
    no_exception(page)
    assert_programme_view(page, years, "en", "after switching to English")

    click_radio(page, "language", LANGUAGE_NAMES["uk"], "en")
    eventually(lambda: _assert_heading(page, PAGE["funding"].title("uk")))
    wait_for_query(page, lambda query: "lang" not in query)
    settle(page)
    assert_programme_view(page, years, "uk", "after switching back to Ukrainian")
