"""How long each page takes to draw in the browser on a warm server: from navigation start until
the script run has finished and the first chart has drawn a mark (the title, for pages without a
chart). The view is the one the screenshots show (every community; the measures explorer and the
quality page with their source viewer open). Three samples per page and language, each in a fresh
browser context; recorded in
test-results/timings.json and summarised at the end of the run. Nothing is asserted about speed.
"""
from __future__ import annotations

import statistics

import pytest

from .helpers import DESKTOP, LANGS, PAGE, PAGES, SCRIPT_DONE, SHOWCASE, VISITED, exceptions, open_view, page_url

pytestmark = pytest.mark.e2e

SAMPLES = 3


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", [page.key for page in PAGES])
def test_render_time(key, lang, base_url, chromium, timings):
    app_page = PAGE[key]
    url = page_url(base_url, app_page, SHOWCASE.get(key), lang)
    runs = SAMPLES if url in VISITED else SAMPLES + 1  # the first visit of a view fills the server's caches
    drawn, script = [], []
    for run in range(runs):
        context = chromium.new_context(viewport=DESKTOP)
        context.add_init_script(SCRIPT_DONE)
        try:
            page, seconds = open_view(context, url, need_chart=app_page.has_chart, settled=False)
            assert not exceptions(page), exceptions(page)
            script_done = page.evaluate("() => window.__e2eScriptDone")
        finally:
            context.close()
        if run >= runs - SAMPLES:
            drawn.append(seconds)
            if script_done is not None:
                script.append(script_done / 1000.0)
    timings[(key, lang)] = {"drawn": drawn, "script": script}
    print(f"{key:<12} {lang} median {statistics.median(drawn):.2f} s  samples "
          + ", ".join(f"{sample:.2f}" for sample in drawn))
