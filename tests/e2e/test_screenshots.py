"""Full-page screenshots of every page, in both languages, on a laptop (1366×768) and a phone
(390×844), saved as test-results/screenshots/<page>-<lang>-<width>.png for people to look at;
and, what a screenshot would show, every chart title fits inside its chart.
"""
from __future__ import annotations

import contextlib

import pytest

from .helpers import (
    LANGS,
    PAGES,
    PHONE,
    SCREENSHOTS,
    chart_titles_outside,
    exceptions,
    open_showcase,
)

pytestmark = pytest.mark.e2e


@contextlib.contextmanager
def phone_view(key: str, lang: str, base_url: str, new_context):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield open_showcase(context, base_url, key, lang, PHONE["width"])


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", [page.key for page in PAGES])
def test_full_page_screenshot(key, lang, device, base_url, new_context, desktop_view):
    view = desktop_view(key, lang) if device == "desktop" else phone_view(key, lang, base_url, new_context)
    with view as page:
        assert not exceptions(page), exceptions(page)
        width = page.viewport_size["width"]
        height = page.viewport_size["height"]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{key}-{lang}-{width}.png"
        page.screenshot(path=path, full_page=True)

        assert path.stat().st_size > 5_000
        content = page.evaluate("""() => document.querySelector('[data-testid="stMain"]').scrollHeight""")
        assert content <= height, f"the shot ({height} px) is shorter than the page ({content} px)"
        # What the shot shows: every chart title inside its chart (Plotly does not wrap titles).
        cut = chart_titles_outside(page)
        assert not cut, f"{path.name}: chart titles cut off at {width} px: {cut}"
