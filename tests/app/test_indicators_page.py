"""The Indicators page, headless: change in points or as a ratio, target years, and empty states that say why."""
from __future__ import annotations

import json

import pytest
from conftest import open_page, rows

from hromada.charts import format_change
from hromada.i18n import short_name_column, t

LANGS = ["uk", "en"]


def short_name(warehouse, community: str, lang: str) -> str:
    column = short_name_column(lang)  # the name the page uses for a community
    return rows(warehouse, f"SELECT {column} AS name FROM community WHERE community_id = ?", [community])[0]["name"]


def chart_json(app) -> str:
    return "\n".join(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False) for chart in app.get("plotly_chart"))


def open_with_chart_table(params: dict):
    """The page with the dumbbell's data table opened, as a click on its expander does."""
    app = open_page("pages/indicators.py", params)
    app.session_state["dumbbell-table"] = True
    app.run()
    assert not app.exception, [error.value for error in app.exception]
    return app


def community_with(warehouse, measure: str) -> str:
    found = rows(warehouse, """SELECT community_id, COUNT(DISTINCT indicator_id) AS n FROM mart_indicator_progress
                               WHERE change_measure = ? GROUP BY community_id ORDER BY n DESC, community_id LIMIT 1""",
                 [measure])
    assert found, f"some document has an indicator whose change is a {measure}"
    return found[0]["community_id"]


def finals(warehouse, community: str, unit_class: str) -> list[dict]:
    return rows(warehouse, """SELECT DISTINCT indicator_id, unit, change_measure, final_change, final_target_year
                              FROM mart_indicator_progress WHERE community_id = ? AND unit_class = ?""",
                [community, unit_class])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("measure, unit_class", [("points", "percent"), ("ratio", "count"), ("absolute", "count")])
def test_change_is_shown_in_its_measure_in_table_and_hover(warehouse, lang, measure, unit_class):
    community = community_with(warehouse, measure)
    app = open_with_chart_table({"c": community, "lang": lang, "units": unit_class})
    table = app.dataframe[0].value
    expected = finals(warehouse, community, unit_class)
    changes = {row["indicator_id"]: format_change(row["final_change"], row["change_measure"], lang, row["unit"])
               for row in expected}
    assert dict(zip(table["indicator_id"], table["final_change_text"], strict=True)) == changes
    years = {row["indicator_id"]: str(row["final_target_year"]) for row in expected}
    assert dict(zip(table["indicator_id"], table["final_target_year"], strict=True)) == years
    drawn = chart_json(app)
    shown = [row for row in expected if row["change_measure"] == measure]
    assert shown and all(changes[row["indicator_id"]] in drawn for row in shown)


@pytest.mark.parametrize("lang", LANGS)
def test_percentages_never_show_a_relative_change(warehouse, lang):
    community = community_with(warehouse, "points")
    app = open_with_chart_table({"c": community, "lang": lang, "units": "percent"})
    table = app.dataframe[0].value
    assert all(text.endswith("в. п." if lang == "uk" else "pp") for text in table["final_change_text"] if text != "—")
    assert "final_change_pct" not in table.columns


@pytest.mark.parametrize("lang", LANGS)
def test_a_community_without_indicators_is_named_not_told_to_widen_the_years(warehouse, lang):
    silent = [row["community_id"] for row in rows(
        warehouse, "SELECT community_id FROM mart_community_summary WHERE indicator_count = 0 ORDER BY community_id")]
    if not silent:
        pytest.skip("every document states indicators")
    app = open_page("pages/indicators.py", {"c": silent[0], "lang": lang})
    assert not app.exception, [error.value for error in app.exception]
    infos = [info.value for info in app.info]
    assert t("no_indicators_one", lang, community=short_name(warehouse, silent[0], lang)) in infos
    assert t("empty_filtered", lang) not in infos


@pytest.mark.parametrize("lang", LANGS)
def test_a_silent_community_is_named_beside_one_with_indicators(warehouse, lang):
    counts = rows(warehouse, "SELECT community_id, indicator_count FROM mart_community_summary ORDER BY community_id")
    silent = [row["community_id"] for row in counts if row["indicator_count"] == 0]
    speaking = [row["community_id"] for row in counts if row["indicator_count"] > 0]
    if not silent or not speaking:
        pytest.skip("needs one community with indicators and one without")
    app = open_page("pages/indicators.py", {"c": f"{silent[0]},{speaking[0]}", "lang": lang})
    assert not app.exception, [error.value for error in app.exception]
    assert t("no_indicators_one", lang, community=short_name(warehouse, silent[0], lang)) in [info.value for info in app.info]
    assert app.get("plotly_chart"), "the other community's indicators are still drawn"


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_tables_show_words_not_codes(warehouse, lang):
    community = community_with(warehouse, "points")
    app = open_with_chart_table({"c": community, "lang": lang, "units": "percent"})
    cells = {str(value) for frame in app.dataframe
             for column in frame.value.columns if not column.endswith("_id") and frame.value[column].dtype == object
             for value in frame.value[column]}
    codes = {"cumulative", "increment", "appendix", "expected_result", "share", "completion", "higher_is_better",
             "improves", "worsens", "unchanged", "points", "ratio", "None", "nan"}
    assert not cells & codes


@pytest.mark.parametrize("lang", LANGS)
def test_choosing_a_family_shows_it_in_its_own_units(warehouse, lang):
    # A family of counts picked while the page shows percentages: its chart, not an empty page.
    found = rows(warehouse, """SELECT f.family_id, ANY_VALUE(i.unit_class) AS unit_class,
                                      string_agg(DISTINCT i.community_id, ',' ORDER BY i.community_id) AS communities
                               FROM indicator_family f JOIN indicator_family_member USING (family_id)
                               JOIN indicator i USING (indicator_id)
                               GROUP BY ALL HAVING ANY_VALUE(i.unit_class) = 'count' ORDER BY f.family_id LIMIT 1""")
    if not found:
        pytest.skip("no family of counts")
    family = found[0]
    app = open_page("pages/indicators.py", {"c": family["communities"], "lang": lang, "units": "percent"})
    app.selectbox(key="indicators_family").select(family["family_id"]).run()
    assert not app.exception, [error.value for error in app.exception]
    assert app.session_state["indicators_units"] == "count"
    members = rows(warehouse, "SELECT indicator_id FROM indicator_family_member WHERE family_id = ?", [family["family_id"]])
    app.session_state["dumbbell-table"] = True
    app.run()
    table = app.dataframe[0].value
    assert set(table["indicator_id"]) == {row["indicator_id"] for row in members}
