"""Every page renders, headless, with the default filters, one community, none, and in English."""
from __future__ import annotations

import json

import pytest
from conftest import DATA, fixture_rows, open_page, rows
from streamlit.testing.v1 import AppTest

from etl.formatting import format_kuah
from etl.manifest import load_manifest
from etl.text import parse_amount

# The single-community variant opens the first community of the manifest, whichever it is.
FIRST_COMMUNITY = sorted(document.community_id for document in load_manifest(DATA / "sources.toml"))[0]

PAGES = ["app.py", "pages/priorities.py", "pages/funding.py", "pages/indicators.py", "pages/measures.py",
         "pages/compare.py", "pages/quality.py", "pages/methodology.py"]
TITLES = {
    "uk": ["Огляд", "Пріоритети", "Фінансування", "Індикатори", "Заходи", "Порівняння", "Якість даних", "Методологія"],
    "en": ["Overview", "Budget by priority", "Funding mix", "Indicators", "Measures explorer", "Compare",
           "Data quality and sources", "Methodology"],
}
VARIANTS = {
    "default": {},
    "single": {"c": FIRST_COMMUNITY},
    "empty": {"c": ""},
    "english": {"lang": "en"},
}


def page_text(app: AppTest) -> str:
    """Everything a reader sees: markdown, captions, metrics, alerts, and chart labels."""
    parts = [element.value for element in app.markdown] + [element.value for element in app.caption]
    parts += [element.value for element in app.title] + [element.value for element in app.subheader]
    parts += [f"{metric.label} {metric.value}" for metric in app.metric]
    parts += [element.value for element in app.info] + [element.value for element in app.warning]
    parts += [element.value for element in app.success]
    for chart in app.get("plotly_chart"):
        parts.append(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False))
    return "\n".join(str(part) for part in parts)


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("index, page", list(enumerate(PAGES)))
def test_page_renders(index, page, variant, db_path):
    app = open_page(page, VARIANTS[variant])
    assert not app.exception, [error.value for error in app.exception]
    lang = "en" if variant == "english" else "uk"
    assert app.title[0].value == TITLES[lang][index]
    if variant == "empty" and page not in ("pages/compare.py", "pages/methodology.py"):
        assert any("громад" in info.value for info in app.info), "the empty selection says how to widen it"


def test_overview_shows_every_programme_total(db_path, warehouse):
    app = open_page("app.py", {})
    shown = [metric.value for metric in app.metric]
    for total in rows(warehouse, "SELECT programme_total_kuah FROM mart_community_summary"):
        assert format_kuah(total["programme_total_kuah"], unit=False) in shown


def test_funding_page_shows_the_stated_yearly_totals(db_path, documents):
    """The yearly programme totals a document states (and its measures agree with) appear on the page,
    formatted; the community with the most such years is opened."""
    yearly: dict[str, list] = {}
    for row in fixture_rows("stated_totals.csv"):
        if row["scope"] == "programme" and row["source_class"] == "all" and row["programme_year"] and row["status"] == "agrees":
            yearly.setdefault(row["community_id"], []).append(
                parse_amount(row["as_written"]) / documents[row["community_id"]].money_divisor)
    if not yearly:
        pytest.skip("no document states yearly programme totals its measures agree with")
    community = max(sorted(yearly), key=lambda key: len(yearly[key]))
    text = page_text(open_page("pages/funding.py", {"c": community}))
    for amount in yearly[community]:
        assert format_kuah(amount, unit=False) in text


def test_english_overview_uses_english_names(db_path, warehouse):
    app = open_page("app.py", {"lang": "en"})
    names = [element.value for element in app.subheader]
    for community in rows(warehouse, "SELECT name_en, short_name_uk FROM community"):
        assert community["name_en"] in names and community["short_name_uk"] not in names


def test_single_community_shows_only_that_card(db_path, warehouse):
    app = open_page("app.py", {"c": FIRST_COMMUNITY})
    (name,) = rows(warehouse, "SELECT short_name_uk FROM community WHERE community_id = ?", [FIRST_COMMUNITY])
    assert [element.value for element in app.subheader] == [name["short_name_uk"]]


def test_quality_page_lists_the_document_contradictions(db_path, warehouse):
    """The community with the most errors: the page lists exactly its error messages."""
    most = rows(warehouse, """SELECT community_id FROM data_issue WHERE severity = 'error'
                              GROUP BY community_id ORDER BY COUNT(*) DESC, community_id LIMIT 1""")
    if not most:
        pytest.skip("no document contradicts itself")
    community = most[0]["community_id"]
    app = open_page("pages/quality.py", {"c": community, "severity": "error"})
    issues = rows(warehouse, "SELECT message_uk FROM data_issue WHERE community_id = ? AND severity = 'error'", [community])
    shown = app.dataframe[1].value  # the issues table (the first is inside the reconciliation expander)
    assert sorted(shown.iloc[:, 2]) == sorted(row["message_uk"] for row in issues)
