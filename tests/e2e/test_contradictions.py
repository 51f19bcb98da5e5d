"""Contradictions with a root cause (one omission and the totals it breaks) are on Фінансування,
reached by clicking the menu (issue 11, problem 3):
the root cause first, its consequences under it, counted in words, and no all-clear for that document.
Expected values come from the warehouse and hromada.i18n."""
from __future__ import annotations

import re

import pytest

from etl.formatting import format_count
from hromada.i18n import plural, t

from .helpers import (
    DESKTOP,
    LANGS,
    PAGE,
    PHONE,
    SCREENSHOTS,
    community_name,
    eventually,
    exceptions,
    fetch,
    main_text,
    open_view,
    page_url,
    squash,
    wait_idle,
    wait_ready,
)

pytestmark = pytest.mark.e2e

SIDEBAR = '[data-testid="stSidebar"]'


def _counted(key: str, count: int, lang: str) -> str:
    return plural(key, count, lang, n=format_count(count, lang))


def _click_menu(page, title: str) -> None:
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    folded = bool(expand.count()) and expand.first.is_visible()
    if folded:  # the phone layout starts with the sidebar folded
        expand.first.click()
    link = page.locator(f'{SIDEBAR} [data-testid="stPageLink-NavLink"]').filter(
        has=page.locator('[data-testid="stMarkdownContainer"]', has_text=re.compile(f"^{re.escape(title)}$")))
    assert link.count() == 1, f"no single menu link {title!r}"
    link.click()
    eventually(lambda: _assert_title(page, title), timeout=60)
    wait_ready(page, need_chart=True)
    wait_idle(page)
    collapse = page.locator('[data-testid="stSidebarCollapseButton"] button, button[data-testid="stSidebarCollapseButton"]')
    if folded:  # fold it again on the phone, as a reader would to read the page
        collapse.first.click(force=True)
        eventually(lambda: _assert_folded(page))


def _assert_folded(page) -> None:
    assert page.locator(SIDEBAR).get_attribute("aria-expanded") != "true"
    assert page.locator(SIDEBAR).get_attribute("data-collapsed") == "true"


def _assert_title(page, title: str) -> None:
    assert [squash(text) for text in page.locator('[data-testid="stMain"] h1').all_inner_texts()] == [title]


@pytest.mark.parametrize("lang", LANGS)
def test_root_cause_and_consequences_on_funding_by_clicking(base_url, new_context, db, lang):
    # The document whose one root cause has the most consequences.
    root = fetch(db, "SELECT * FROM contradiction ORDER BY consequence_count DESC, issue_id LIMIT 1")[0]
    community = root["community_id"]
    summary = fetch(db, "SELECT * FROM mart_community_summary WHERE community_id = ?", [community])[0]
    consequences = fetch(db, "SELECT * FROM contradiction WHERE root_issue_id = ? ORDER BY source_line",
                         [root["issue_id"]])
    message = "message_en" if lang == "en" else "message_uk"
    name = community_name(db, community, lang)

    for viewport, label in ((DESKTOP, "1366"), (PHONE, "390")):
        context = new_context(viewport=viewport)
        page, _ = open_view(context, page_url(base_url, PAGE["overview"], {"c": community}, lang=lang), need_chart=True)
        _click_menu(page, PAGE["funding"].title(lang))
        assert not exceptions(page), exceptions(page)
        text = squash(main_text(page))
        counts = (f"{name}: {_counted('causes', summary['contradiction_roots'], lang)}, "
                  f"{_counted('consequences', summary['contradiction_consequences'], lang)}.")
        assert squash(counts) in text
        assert squash(root[message]) in text
        all_clear = t("no_contradictions", lang, community=name, count="\0").split("\0")[0].replace("**", "")
        assert squash(all_clear) not in text
        # The consequences open under their root cause.
        under = t("consequences_of", lang, consequences=_counted("consequences", len(consequences), lang))
        page.locator('[data-testid="stExpander"] summary').filter(has_text=under).first.click()
        eventually(lambda page=page: all(squash(row[message]) in squash(main_text(page)) for row in consequences), timeout=20)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator('[data-testid="stMain"] h2').filter(has_text=t("contradictions", lang)).first.evaluate(
            "node => node.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(SCREENSHOTS / f"funding-contradictions-{lang}-{label}.png"))
