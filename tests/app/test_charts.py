"""Chart builders are pure functions of DataFrames: check traces, values and stable colours."""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import rows

from etl.formatting import format_kuah
from hromada.charts import (
    DIRECTION_COLOURS,
    NAME_LINE_CHARS,
    Lookup,
    drilldown_treemap,
    format_change,
    indicator_dumbbell,
    ownership_bars,
    per_resident_chart,
    theme_bars,
    totals_chart,
    year_totals_chart,
)
from hromada.filters import Filters
from hromada.palette import OKABE_ITO, THEME_COLOURS, community_colours


@pytest.fixture(scope="module")
def lookup(queries):
    communities = queries.all_communities()
    themes = queries.all_themes()
    return Lookup(lang="uk", community_names=dict(zip(communities["community_id"], communities["short_name_uk"], strict=True)),
                  community_colours=community_colours(communities["community_id"]),
                  theme_names=dict(zip(themes["theme_id"], themes["name_uk"], strict=True)),
                  ownership_names={"own": "Власні", "external": "Зовнішні", "unspecified": "Не визначено"})


def test_community_colours_do_not_depend_on_the_selection(community_ids):
    full = community_colours(community_ids)
    assert community_colours(list(reversed(community_ids))) == full
    assert [full[community] for community in sorted(community_ids)][:len(OKABE_ITO)] == OKABE_ITO[:len(community_ids)]
    assert len(set(full.values())) == len(community_ids)
    many = community_colours([f"community-{number:03d}" for number in range(300)])
    assert len(many) == 300


def test_totals_chart_values_and_colours(queries, lookup, warehouse, community_ids):
    summary = queries.community_summary(community_ids)
    figure = totals_chart(summary, lookup)
    assert len(figure.data) == 1
    bar = figure.data[0]
    expected = {row["short_name_uk"]: row["programme_total_kuah"] for row in rows(
        warehouse, "SELECT c.short_name_uk, s.programme_total_kuah FROM mart_community_summary s JOIN community c USING (community_id)")}
    assert dict(zip(bar.x, bar.y, strict=True)) == {name: float(value) for name, value in expected.items()}
    assert list(bar.text)[0] == format_kuah(max(expected.values()), unit=False)  # largest first
    by_name = {lookup.community(c): lookup.community_colours[c] for c in community_ids}
    assert list(bar.marker.color) == [by_name[name] for name in bar.x]
    assert "тис. грн" in figure.layout.title.text
    assert figure.layout.separators == ", "


def test_one_community_keeps_its_colour_when_alone(queries, lookup, community_ids):
    for community in community_ids:
        alone = totals_chart(queries.community_summary((community,)), lookup)
        assert alone.data[0].marker.color == (lookup.community_colours[community],)


def test_theme_bars_add_up_to_the_programme(queries, lookup, warehouse, community_ids):
    frame = queries.budget_by_theme(Filters(communities=community_ids))
    figure = theme_bars(frame, lookup, "kuah")
    assert {trace.name for trace in figure.data} == {lookup.theme_names[t] for t in frame["theme_id"].unique()}
    for trace in figure.data:
        theme = next(key for key, name in lookup.theme_names.items() if name == trace.name)
        assert trace.marker.color == THEME_COLOURS[theme]
    totals = {row["short_name_uk"]: float(row["programme_total_kuah"]) for row in rows(
        warehouse, "SELECT c.short_name_uk, s.programme_total_kuah FROM mart_community_summary s JOIN community c USING (community_id)")}
    stacked = pd.DataFrame([dict(zip(trace.x, trace.y, strict=True)) for trace in figure.data]).sum()
    for name, total in totals.items():
        assert stacked[name] == pytest.approx(total)


def test_share_view_stacks_to_100_percent(queries, lookup, community_ids):
    figure = theme_bars(queries.budget_by_theme(Filters(communities=community_ids)), lookup, "share")
    stacked = pd.DataFrame([dict(zip(trace.x, trace.y, strict=True)) for trace in figure.data]).sum()
    assert all(value == pytest.approx(100) for value in stacked)
    assert "%" in figure.layout.title.text


def test_ownership_bars_are_100_percent_each(queries, lookup, community_ids):
    figure = ownership_bars(queries.funding_mix(Filters(communities=community_ids)), lookup)
    stacked = pd.DataFrame([dict(zip(trace.y, trace.x, strict=True)) for trace in figure.data]).sum()
    assert all(value == pytest.approx(100) for value in stacked)
    assert [trace.name for trace in figure.data] == ["Власні", "Зовнішні", "Не визначено"]


def test_per_resident_chart_names_its_denominator(queries, lookup, community_ids):
    figure = per_resident_chart(queries.community_summary(community_ids), lookup, "Знаменник: Держстат")
    assert [annotation.text for annotation in figure.layout.annotations] == ["Знаменник: Держстат"]
    assert len(figure.layout.title.text) <= 40 and "<br>" not in figure.layout.title.text


def test_year_totals_for_programme_years(queries, lookup, warehouse):
    """Programmes of different calendar years side by side, by the year of each programme."""
    periods = rows(warehouse, """SELECT community_id, period_start, period_end FROM community c
                                 WHERE EXISTS (SELECT 1 FROM funding f JOIN measure m USING (measure_id)
                                               WHERE m.community_id = c.community_id AND f.year IS NOT NULL)
                                 ORDER BY period_start, community_id""")
    if len({row["period_start"] for row in periods}) < 2:
        pytest.skip("every programme with yearly money starts in the same year")
    chosen = (periods[0], periods[-1])
    frame = queries.year_totals(Filters(communities=tuple(row["community_id"] for row in chosen), align="programme"))
    figure = year_totals_chart(frame, lookup, "programme")
    assert {trace.name for trace in figure.data} == {lookup.community_names[row["community_id"]] for row in chosen}
    longest = max(row["period_end"] - row["period_start"] + 1 for row in chosen)
    assert set().union(*(set(trace.x) for trace in figure.data)) <= {f"рік {year}" for year in range(1, longest + 1)}
    assert "рік 1" in set(figure.data[0].x)


def test_treemap_sizes_add_up(queries, lookup, community_ids):
    for community in community_ids:
        frame = queries.measure_amounts(Filters(communities=(community,)))
        if frame.empty:
            continue
        figure = drilldown_treemap(frame, lookup)
        values = dict(zip(figure.data[0].ids, figure.data[0].values, strict=True))
        assert values[community] == pytest.approx(float(frame["amount_kuah"].sum()))


def targets_of(figure):
    """(row, x) of every target mark drawn, over the target traces of all directions."""
    return [(y, x) for trace in figure.data if trace.mode == "markers" and trace.marker.symbol == "line-ns"
            for y, x in zip(trace.y, trace.x, strict=True)]


def test_dumbbell_plots_baseline_and_final(queries, lookup, warehouse, community_ids):
    family = rows(warehouse, "SELECT family_id FROM indicator_family ORDER BY family_id LIMIT 1")[0]["family_id"]
    frame = queries.indicator_progress(community_ids, (), family)
    figure = indicator_dumbbell(frame, lookup)
    expected = rows(warehouse, """SELECT i.final_target_value FROM indicator i JOIN indicator_family_member m USING (indicator_id)
                                  WHERE m.family_id = ?""", [family])
    assert sorted(x for _, x in targets_of(figure)) == sorted(float(row["final_target_value"]) for row in expected)
    # a line and a target trace per direction present, one baseline trace, one trace of names
    directions = {value for value in frame["direction"] if isinstance(value, str)} | (
        {None} if frame["direction"].isna().any() else set())
    assert len(figure.data) == 2 * len(directions) + 2


def test_dumbbell_keeps_one_row_per_indicator(queries, lookup, warehouse, community_ids):
    """Labels are short but never share a row or a name."""
    frame = queries.indicator_progress(community_ids, (), None)
    figure = indicator_dumbbell(frame, lookup)
    names = next(trace for trace in figure.data if trace.mode == "text")
    count = frame["indicator_id"].nunique()
    assert len(set(names.text)) == len(names.text) == count
    assert sorted(row for row, _ in targets_of(figure)) == list(range(count))
    # the final target drawn on a row belongs to the indicator named on that row
    by_row = dict(zip(frame.drop_duplicates("indicator_id")["indicator_id"], range(count), strict=True))
    finals = rows(warehouse, "SELECT indicator_id, final_target_value FROM indicator WHERE final_target_value IS NOT NULL")
    drawn = dict(targets_of(figure))
    for record in finals:
        if record["indicator_id"] in by_row:
            assert drawn[by_row[record["indicator_id"]]] == float(record["final_target_value"])


def indicator_frame(**columns) -> pd.DataFrame:
    """Rows as mart_indicator_progress gives them, one year each."""
    count = len(columns["indicator_id"])
    defaults = {"community_id": ["a"] * count, "unit": ["%"] * count, "unit_class": ["percent"] * count,
                "source_line": list(range(1, count + 1)), "final_target_year": [2028] * count,
                "change_measure": ["points"] * count}
    return pd.DataFrame({**defaults, **columns})


PURE_LOOKUP = Lookup(lang="uk", community_names={"a": "Громада А", "b": "Громада Б"},
                     community_colours={"a": "#0072B2", "b": "#E69F00"})


def test_dumbbell_colours_targets_by_direction_not_community():
    frame = indicator_frame(indicator_id=["up", "down", "flat"], name_uk=["Зростає", "Падає", "Стоїть"],
                            community_id=["a", "a", "b"], baseline_value=[4.0, 50.0, 7.0],
                            final_target_value=[100.0, 20.0, 7.0], final_change=[96.0, -30.0, 0.0],
                            direction=["improves", "worsens", "unchanged"])
    figure = indicator_dumbbell(frame, PURE_LOOKUP)
    targets = {trace.name: (trace.marker.color, list(trace.y)) for trace in figure.data if trace.marker.symbol == "line-ns"}
    assert targets == {"ціль у кращий бік": (DIRECTION_COLOURS["improves"], [0]),
                       "ціль у гірший бік": (DIRECTION_COLOURS["worsens"], [1]),
                       "ціль без зміни": (DIRECTION_COLOURS["unchanged"], [2])}
    names = next(trace for trace in figure.data if trace.mode == "text")
    assert list(names.text) == ["Громада А<br>Зростає", "Громада А<br>Падає", "Громада Б<br>Стоїть"]


def test_dumbbell_names_wrap_to_what_a_phone_wide_chart_holds():
    long_name = "Частка " + "документів, переведених у цифрову форму, " * 4
    frame = indicator_frame(indicator_id=["long", "short"], name_uk=[long_name, "Частка <b>&"],
                            baseline_value=[1.0, 2.0], final_target_value=[3.0, 4.0], final_change=[2.0, 2.0],
                            direction=["improves", "improves"])
    names = next(trace for trace in indicator_dumbbell(frame, PURE_LOOKUP).data if trace.mode == "text")
    first, second = (text.split("<br>") for text in names.text)
    assert len(first) == 2 and all(len(line) <= NAME_LINE_CHARS for line in first)
    assert first[0].startswith("Частка документів") and first[1].endswith("…")
    assert second == ["Частка &lt;b&gt;&amp;"]  # document text stays text; only the break is markup


@pytest.mark.parametrize("lang, points, target", [("uk", "+96,0\u00a0в. п.", "Ціль 2028: 100\u00a0%"),
                                                  ("en", "+96.0\u00a0pp", "Target 2028: 100%")])
def test_dumbbell_hover_shows_points_and_target_year(lang, points, target):
    frame = indicator_frame(indicator_id=["x"], name_uk=["Частка"], baseline_value=[4.0], final_target_value=[100.0],
                            final_change=[96.0], direction=["improves"])
    figure = indicator_dumbbell(frame, Lookup(lang=lang, community_names={"a": "A"}, community_colours={"a": "#000"}))
    trace = next(trace for trace in figure.data if trace.marker.symbol == "line-ns")
    label, shown, year, change, _ = trace.customdata[0]
    hover = trace.hovertemplate.replace("%{customdata[1]}", shown).replace("%{customdata[2]}", year).replace(
        "%{customdata[3]}", change)
    assert points in hover and target in hover
    assert "2\u00a0400" not in hover and "2,400" not in hover


@pytest.mark.parametrize("value, measure, lang, unit, text", [
    (96, "points", "uk", "%", "+96,0\u00a0в. п."),
    (-1.5, "points", "en", "%", "-1.5\u00a0pp"),
    (4.5, "ratio", "uk", "шт.", "×4,5"),
    (9, "absolute", "uk", "Шт.", "+9 Шт."),
    (None, None, "uk", "од.", "—"),
])
def test_format_change_uses_the_marts_measure(value, measure, lang, unit, text):
    assert format_change(value, measure, lang, unit) == text


def test_dumbbell_without_baseline_draws_only_the_target():
    frame = indicator_frame(indicator_id=["x"], name_uk=["Камери"], unit=["од."], unit_class=["count"],
                            baseline_value=[None], final_target_value=[4.0], final_change=[None],
                            change_measure=[None], direction=[None])
    figure = indicator_dumbbell(frame, PURE_LOOKUP)
    assert targets_of(figure) == [(0, 4.0)]
    baseline = next(trace for trace in figure.data if trace.marker.symbol == "circle-open")
    assert list(baseline.x) == []
    assert next(trace.name for trace in figure.data if trace.marker.symbol == "line-ns") == "без базового значення"


def test_yes_no_labels_wrap_to_what_a_phone_wide_chart_holds():
    from hromada.charts import yes_no_status
    long_name = "Розроблено і затверджено " + "план реагування на кіберінциденти в органах місцевого самоврядування " * 2
    frame = pd.DataFrame({"indicator_id": ["long", "long", "short"], "community_id": ["a", "a", "b"],
                          "name_uk": [long_name, long_name, "Так <b>&"], "baseline_value": [0.0, 0.0, 1.0],
                          "year": [2026, 2027, 2026], "target_value": [1.0, 1.0, 1.0]})
    grid = yes_no_status(frame, PURE_LOOKUP).data[0]
    first, second = (label.split("<br>") for label in grid.y)
    assert first[0] == "Громада А" and len(first) == 3
    assert all(len(line) <= 30 for line in first[1:]) and first[-1].endswith("…")
    assert second == ["Громада Б", "Так &lt;b&gt;&amp;"]  # document text stays text; only the break is markup
