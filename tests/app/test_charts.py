"""Chart builders are pure functions of DataFrames: check traces, values and stable colours."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from conftest import rows
from hromada.charts import (
    Lookup, drilldown_treemap, indicator_dumbbell, ownership_bars, per_resident_chart, theme_bars, totals_chart,
    year_totals_chart,
)
from hromada.filters import Filters
from etl.formatting import format_kuah
from hromada.palette import OKABE_ITO, THEME_COLOURS, community_colours

ALL = ("illintsi", "kremenchuk", "starokostiantyniv", "tetiiv", "yakushyntsi")


@pytest.fixture(scope="module")
def queries(db_path):
    os.environ["PROGRAMMES_DB"] = str(db_path)
    from hromada import queries as module
    module.st.cache_data.clear()
    return module


@pytest.fixture(scope="module")
def lookup(queries):
    communities = queries.all_communities()
    themes = queries.all_themes()
    return Lookup(lang="uk", community_names=dict(zip(communities["community_id"], communities["short_name_uk"])),
                  community_colours=community_colours(communities["community_id"]),
                  theme_names=dict(zip(themes["theme_id"], themes["name_uk"])),
                  ownership_names={"own": "Власні", "external": "Зовнішні", "unspecified": "Не визначено"})


def test_community_colours_do_not_depend_on_the_selection():
    full = community_colours(ALL)
    assert community_colours(list(reversed(ALL))) == full
    assert full["kremenchuk"] == OKABE_ITO[1]
    assert len(set(full.values())) == len(ALL)
    many = community_colours([f"community-{number:03d}" for number in range(300)])
    assert len(many) == 300


def test_totals_chart_values_and_colours(queries, lookup, warehouse):
    summary = queries.community_summary(ALL)
    figure = totals_chart(summary, lookup)
    assert len(figure.data) == 1
    bar = figure.data[0]
    expected = {row["short_name_uk"]: row["programme_total_kuah"] for row in rows(
        warehouse, "SELECT c.short_name_uk, s.programme_total_kuah FROM mart_community_summary s JOIN community c USING (community_id)")}
    assert dict(zip(bar.x, bar.y)) == {name: float(value) for name, value in expected.items()}
    assert list(bar.text)[0] == format_kuah(max(expected.values()), unit=False)  # largest first
    by_name = {lookup.community(c): lookup.community_colours[c] for c in ALL}
    assert list(bar.marker.color) == [by_name[name] for name in bar.x]
    assert "тис. грн" in figure.layout.title.text
    assert figure.layout.separators == ", "


def test_one_community_keeps_its_colour_when_alone(queries, lookup):
    alone = totals_chart(queries.community_summary(("tetiiv",)), lookup)
    assert alone.data[0].marker.color == (lookup.community_colours["tetiiv"],)


def test_theme_bars_add_up_to_the_programme(queries, lookup, warehouse):
    frame = queries.budget_by_theme(Filters(communities=ALL))
    figure = theme_bars(frame, lookup, "kuah")
    assert {trace.name for trace in figure.data} == {lookup.theme_names[t] for t in frame["theme_id"].unique()}
    for trace in figure.data:
        theme = next(key for key, name in lookup.theme_names.items() if name == trace.name)
        assert trace.marker.color == THEME_COLOURS[theme]
    totals = {row["short_name_uk"]: float(row["programme_total_kuah"]) for row in rows(
        warehouse, "SELECT c.short_name_uk, s.programme_total_kuah FROM mart_community_summary s JOIN community c USING (community_id)")}
    stacked = pd.DataFrame([dict(zip(trace.x, trace.y)) for trace in figure.data]).sum()
    for name, total in totals.items():
        assert stacked[name] == pytest.approx(total)


def test_share_view_stacks_to_100_percent(queries, lookup):
    figure = theme_bars(queries.budget_by_theme(Filters(communities=ALL)), lookup, "share")
    stacked = pd.DataFrame([dict(zip(trace.x, trace.y)) for trace in figure.data]).sum()
    assert all(value == pytest.approx(100) for value in stacked)
    assert "%" in figure.layout.title.text


def test_ownership_bars_are_100_percent_each(queries, lookup):
    figure = ownership_bars(queries.funding_mix(Filters(communities=ALL)), lookup)
    stacked = pd.DataFrame([dict(zip(trace.y, trace.x)) for trace in figure.data]).sum()
    assert all(value == pytest.approx(100) for value in stacked)
    assert [trace.name for trace in figure.data] == ["Власні", "Зовнішні", "Не визначено"]


def test_per_resident_chart_names_its_denominator(queries, lookup):
    figure = per_resident_chart(queries.community_summary(ALL), lookup, "Знаменник: Держстат")
    assert [annotation.text for annotation in figure.layout.annotations] == ["Знаменник: Держстат"]
    assert len(figure.layout.title.text) <= 40 and "<br>" not in figure.layout.title.text


def test_year_totals_for_programme_years(queries, lookup):
    frame = queries.year_totals(Filters(communities=("yakushyntsi", "kremenchuk"), align="programme"))
    figure = year_totals_chart(frame, lookup, "programme")
    assert {trace.name for trace in figure.data} == {"Якушинецька СТГ", "Кременчуцька МТГ"}
    assert set(figure.data[0].x) == {"рік 1", "рік 2", "рік 3"}


def test_treemap_sizes_add_up(queries, lookup):
    frame = queries.measure_amounts(Filters(communities=("illintsi",)))
    figure = drilldown_treemap(frame, lookup)
    values = dict(zip(figure.data[0].ids, figure.data[0].values))
    assert values["illintsi"] == pytest.approx(float(frame["amount_kuah"].sum()))


def test_dumbbell_plots_baseline_and_final(queries, lookup, warehouse):
    frame = queries.indicator_progress(ALL, (), "cyber_hygiene_training")
    figure = indicator_dumbbell(frame, lookup)
    finals = [x for trace in figure.data if trace.mode == "markers" and trace.marker.symbol == "circle" for x in trace.x]
    expected = rows(warehouse, """SELECT i.final_target_value FROM indicator i JOIN indicator_family_member m USING (indicator_id)
                                  WHERE m.family_id = 'cyber_hygiene_training'""")
    assert sorted(finals) == sorted(float(row["final_target_value"]) for row in expected)
    # lines, baselines and finals per community, plus one trace of names
    assert len(figure.data) == 3 * len({row["community_id"] for row in frame.to_dict("records")}) + 1


def test_dumbbell_keeps_one_row_per_indicator(queries, lookup, warehouse):
    """Labels are short (the colour names the community) but never share a row or a name."""
    frame = queries.indicator_progress(ALL, (), None)
    figure = indicator_dumbbell(frame, lookup)
    names = next(trace for trace in figure.data if trace.mode == "text")
    count = frame["indicator_id"].nunique()
    assert len(set(names.text)) == len(names.text) == count
    rows_used = [y for trace in figure.data if trace.mode == "markers" and trace.marker.symbol == "circle" for y in trace.y]
    assert sorted(rows_used) == list(range(count))
    # the final target drawn on a row belongs to the indicator named on that row
    by_row = dict(zip(frame.drop_duplicates("indicator_id")["indicator_id"], range(count)))
    finals = rows(warehouse, "SELECT indicator_id, final_target_value FROM indicator WHERE final_target_value IS NOT NULL")
    drawn = {row: x for trace in figure.data if trace.mode == "markers" and trace.marker.symbol == "circle"
             for row, x in zip(trace.y, trace.x)}
    for record in finals:
        if record["indicator_id"] in by_row:
            assert drawn[by_row[record["indicator_id"]]] == float(record["final_target_value"])
