"""Cumulative or increment: the documented rule, on the patterns the documents use."""
from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import rows

from etl.indicators import Indicator, Target, _quantities, decide_semantics


def indicator(unit, baseline, targets, dynamics):
    return Indicator(community_id="x", sequence=1, priority_code=None, measure_id=None, name="i", unit=unit,
                     baseline_value=None if baseline is None else Decimal(baseline), baseline_text=None,
                     targets=[Target(2026 + position, Decimal(value), value) for position, value in enumerate(targets)],
                     dynamics_text=dynamics, origin="appendix", line=1)


@pytest.mark.parametrize("unit, baseline, targets, dynamics, semantics, final", [
    ("%", "19", ["25", "30", "40"], "+20%", "cumulative", "40"),     # dynamics fits neither: levels rise
    ("%", "0", ["33", "33", "34"], "100", "increment", "100"),       # the yearly shares add up to 100
    ("%", "90", ["10", "0", "0"], "100", "increment", "100"),        # baseline plus additions
    ("%", "0", ["0", "0", "100"], "100", "cumulative", "100"),
    ("Шт.", "0", ["3", "3", "3"], "9", "increment", "9"),
    ("Шт.", "0", ["0", "1", "0"], "100", "increment", "1"),          # falls back: additions
    ("Од.", "832", ["832", "832", "832"], "100%", "cumulative", "832"),  # unsigned % of a count: final/baseline
    ("Так/ні", "0", ["0", "0", "1"], "+100%", "cumulative", "1"),
    ("%", "3.47", ["4", "4.5", "5"], "+1,5%", "cumulative", "5"),    # +1,53 rounds to the written +1,5
])
def test_semantics_rule(unit, baseline, targets, dynamics, semantics, final):
    item = indicator(unit, baseline, targets, dynamics)
    decide_semantics(item)
    assert (item.semantics, item.final_value) == (semantics, Decimal(final))


def test_quantities_in_expected_results():
    assert [value for _, value in _quantities("Придбано 1 генератор та 50 блоків безперебійного живлення 600 Вт")] == [1, 50]
    assert [value for _, value in _quantities("Проведено інвентаризацію до 2024 року")] == []
    assert [value for _, value in _quantities("Проведення консультацій не рідше 1 разу на квартал")] == []
    assert [value for _, value in _quantities("покращення мобільного зв'язку 4 G.")] == []


def test_per_year_results_become_increments(warehouse, raw_lines):
    """An expected result done "every year" (щороку) is the same addition in each year of its measure."""
    items = rows(warehouse, """SELECT i.* FROM indicator i JOIN measure m USING (measure_id)
                               WHERE i.origin = 'expected_result' AND i.name_uk LIKE '%щороку%'""")
    if not items:
        pytest.skip("no expected result is stated per year")
    for item in items:
        assert item["baseline_value"] is None and item["target_semantics"] == "increment", item
        targets = rows(warehouse, "SELECT year, target_value FROM indicator_target WHERE indicator_id = ? ORDER BY year",
                       [item["indicator_id"]])
        years = [row["year"] for row in targets]
        assert len(years) > 1 and years == list(range(years[0], years[0] + len(years))), item
        per_year = targets[0]["target_value"]
        assert {row["target_value"] for row in targets} == {per_year}
        assert str(int(per_year)) in raw_lines[item["community_id"]][item["source_line"]]
        assert item["final_target_value"] == per_year * len(targets)


def test_yes_no_values_keep_their_text(warehouse, raw_lines):
    for row in rows(warehouse, """SELECT i.source_line, i.baseline_text, i.baseline_value, t.target_text, t.target_value
                                  FROM indicator i JOIN indicator_target t USING (indicator_id) WHERE unit_class = 'yes_no'"""):
        assert row["baseline_value"] == (1 if row["baseline_text"].lower() == "так" else 0)
        assert row["target_value"] == (1 if row["target_text"].lower() == "так" else 0)


def test_numbered_appendix_indicators_are_complete(warehouse):
    """Where an indicator appendix numbers its lines as the task list does, every measure's number
    became an indicator linked to that measure."""
    numbered = [row["community_id"] for row in rows(warehouse, """
        SELECT community_id FROM indicator WHERE origin = 'appendix' GROUP BY community_id
        HAVING COUNT(item_number) = COUNT(*) ORDER BY community_id""")]
    if not numbered:
        pytest.skip("no indicator appendix numbers its lines")
    for community in numbered:
        stored = rows(warehouse, "SELECT item_number, measure_id FROM indicator WHERE community_id = ?", [community])
        measures = rows(warehouse, "SELECT item_number, measure_id FROM measure WHERE community_id = ?", [community])
        assert {row["item_number"] for row in stored} == {row["item_number"] for row in measures}, community
        assert all(row["measure_id"] for row in stored), community
