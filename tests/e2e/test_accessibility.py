"""axe-core on every page in both languages. Any serious or critical violation that the app's own
markup causes fails the test, on a laptop (1366 px) and on a phone (390 px); the full results go to
test-results/axe/<page>-<lang>.json and <page>-<lang>-phone.json.

Violations that come from inside Streamlit's own widgets (markup the app cannot change) are listed
in STREAMLIT_OWNED with the reason; a page whose only serious findings are those is an xfail, so
they stay visible in the summary without failing the run.
"""
from __future__ import annotations

import json

import pytest

from .helpers import (
    AXE_RESULTS,
    LANGS,
    PAGES,
    PHONE,
    exceptions,
    open_showcase,
)

pytestmark = pytest.mark.e2e

BLOCKING = ("serious", "critical")

# (rule id, a piece of every offending node's HTML, why it is Streamlit's and not the app's).
STREAMLIT_OWNED: list[tuple[str, str, str]] = []


def owned_by_streamlit(rule: str, node: dict) -> str | None:
    for rule_id, snippet, reason in STREAMLIT_OWNED:
        if rule == rule_id and snippet in node.get("html", ""):
            return reason
    return None


def describe(violation: dict, nodes: list[dict]) -> str:
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']} — {len(nodes)} element(s)"]
    for node in nodes[:8]:
        detail = ""
        data = (node.get("any") or [{}])[0].get("data") or {}
        if isinstance(data, dict) and data.get("contrastRatio"):
            detail = f" [{data.get('fgColor')} on {data.get('bgColor')}: {data.get('contrastRatio')}:1, " \
                     f"needs {data.get('expectedContrastRatio')}]"
        lines.append(f"    {node['html'][:160]}{detail}")
    return "\n".join(lines)


def check(page, name: str) -> None:
    """Run axe on the page as it is drawn; fail on the app's serious findings (see the module doc)."""
    from axe_playwright_python.sync_playwright import Axe

    url = page.url
    assert not exceptions(page), exceptions(page)
    results = Axe().run(page, options=None).response  # None: every result type, in full

    AXE_RESULTS.mkdir(parents=True, exist_ok=True)
    results["e2e_url"] = url
    (AXE_RESULTS / f"{name}.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")

    app_caused, streamlit = [], []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        ours = [node for node in violation["nodes"] if not owned_by_streamlit(violation["id"], node)]
        theirs = [node for node in violation["nodes"] if owned_by_streamlit(violation["id"], node)]
        if ours:
            app_caused.append(describe(violation, ours))
        if theirs:
            reason = owned_by_streamlit(violation["id"], theirs[0])
            streamlit.append(f"{describe(violation, theirs)}\n    why: {reason}")
    assert not app_caused, f"{url}: serious accessibility violations in the app's markup:\n" + "\n".join(app_caused)
    if streamlit:
        pytest.xfail("serious violations inside Streamlit's own widgets only:\n" + "\n".join(streamlit))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", [page.key for page in PAGES])
def test_no_serious_accessibility_violations(key, lang, desktop_view):
    # The page at 1366 px, made as tall as its content, so that axe checks (for example) the
    # contrast of all of it, not only of what fits in the first screen.
    with desktop_view(key, lang) as page:
        check(page, f"{key}-{lang}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", [page.key for page in PAGES])
def test_no_serious_accessibility_violations_on_a_phone(key, lang, base_url, new_context):
    """The phone layout (390 px, sidebar folded away, pinned table columns, wrapped controls) is
    other markup: checked on its own, as tall as its content."""
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    check(open_showcase(context, base_url, key, lang, PHONE["width"]), f"{key}-{lang}-phone")
