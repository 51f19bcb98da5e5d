"""The comparison layer: themes, crosswalks, marts and fair denominators."""
from __future__ import annotations

import csv
import re
from decimal import Decimal

import pytest
from conftest import DATA, PROJECT, rows, squash

from etl.contract import THEME_IDS
from etl.manifest import load_manifest

COMMUNITIES = sorted(document.community_id for document in load_manifest(DATA / "sources.toml"))


def read_csv(name):
    with (DATA / "mappings" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("community", COMMUNITIES)
def test_budget_by_theme_equals_funding_exactly(community, warehouse):
    themed = rows(warehouse, "SELECT SUM(amount_kuah) AS s FROM mart_budget_by_theme WHERE community_id = ?", [community])
    funded = rows(warehouse, "SELECT SUM(f.amount_kuah) AS s FROM funding f JOIN measure m USING (measure_id) "
                             "WHERE m.community_id = ?", [community])
    assert themed[0]["s"] == funded[0]["s"] and isinstance(themed[0]["s"], Decimal)


def test_funding_mix_shares_sum_to_100_for_every_community_and_year(warehouse):
    groups = rows(warehouse, """SELECT community_id, year, SUM(share_of_year_pct) AS total, SUM(amount_kuah) AS amount
                                FROM mart_funding_mix GROUP BY community_id, year""")
    assert {row["community_id"] for row in groups} == set(COMMUNITIES)
    for group in groups:
        if group["amount"]:
            assert group["total"] == pytest.approx(100, abs=1e-9), group


def test_funding_mix_ownership_follows_source_classes(warehouse):
    classes = {row["source_class"]: row["ownership"] for row in rows(warehouse, "SELECT * FROM source_class")}
    assert classes["community_budget"] == classes["municipal_enterprise"] == "own"
    assert {classes[key] for key in ("state_budget", "oblast_budget", "district_budget", "other")} == {"external"}
    assert classes["unspecified"] == "unspecified"


def test_marts_carry_calendar_and_programme_years(warehouse):
    years = rows(warehouse, """SELECT community_id, MIN(year) AS first, MIN(programme_year) AS first_py, MAX(programme_year) AS last_py
                               FROM mart_budget_by_theme WHERE year IS NOT NULL GROUP BY community_id""")
    starts = {document.community_id: document.period_start for document in load_manifest(DATA / "sources.toml")}
    assert {row["community_id"]: row["first"] for row in years} == {
        community: starts[community] for community in {row["community_id"] for row in years}}
    assert all(row["first_py"] == 1 and row["last_py"] <= 3 for row in years)


def test_uah_per_resident_recomputed_by_hand(warehouse):
    """Each community whose stated programme total agrees with its measures: that total per resident
    and year, by hand from the reference population and the programme's years."""
    with (DATA / "reference" / "communities.csv").open(encoding="utf-8") as handle:
        reference = {row["community_id"]: row for row in csv.DictReader(handle)}
    agreeing = rows(warehouse, """
        SELECT r.community_id, r.amount_kuah FROM reconciliation r
        WHERE r.scope = 'programme' AND r.source_class = 'all' AND r.programme_year IS NULL AND r.status = 'agrees'""")
    if not agreeing:
        pytest.skip("no document states a programme total that agrees with its measures")
    for total in agreeing:
        community = total["community_id"]
        summary = rows(warehouse, "SELECT * FROM mart_community_summary WHERE community_id = ?", [community])[0]
        population = int(reference[community]["population"])
        years = summary["period_end"] - summary["period_start"] + 1
        assert summary["programme_total_kuah"] == total["amount_kuah"], community
        assert summary["uah_per_resident_year"] == pytest.approx(float(total["amount_kuah"]) * 1000 / population / years,
                                                                 rel=1e-12), community
        assert summary["population"] == population
        assert str(summary["population_date"]) == reference[community]["population_date"]


def test_a_document_population_keeps_both_denominators(warehouse, raw_lines):
    """Where the document claims another population than the reference, both denominators are kept."""
    claiming = rows(warehouse, """SELECT * FROM community
                                  WHERE population_document IS NOT NULL AND population_document <> population""")
    if not claiming:
        pytest.skip("no document claims a population other than the reference one")
    for community in claiming:
        claimed_line = raw_lines[community["community_id"]][community["population_document_line"]]
        assert str(community["population_document"]) in re.sub(r"\D", "", claimed_line)
        summary = rows(warehouse, "SELECT * FROM mart_community_summary WHERE community_id = ?",
                       [community["community_id"]])[0]
        assert summary["population"] != summary["population_document"]
        assert summary["uah_per_resident_year_document"] == pytest.approx(
            summary["uah_per_resident_year"] * summary["population"] / summary["population_document"])


def test_summary_counts(warehouse):
    summary = {row["community_id"]: row for row in rows(warehouse, "SELECT * FROM mart_community_summary")}
    for community, row in summary.items():
        measures = rows(warehouse, "SELECT COUNT(*) AS n FROM measure WHERE community_id = ?", [community])[0]["n"]
        funded = rows(warehouse, """SELECT COUNT(*) AS n FROM (SELECT measure_id FROM funding JOIN measure USING (measure_id)
                                    WHERE community_id = ? GROUP BY measure_id HAVING SUM(amount_kuah) > 0)""", [community])[0]["n"]
        issues = rows(warehouse, "SELECT severity, COUNT(*) AS n FROM data_issue WHERE community_id = ? GROUP BY severity", [community])
        assert (row["measure_count"], row["measures_with_money"]) == (measures, funded)
        for issue in issues:
            assert row[f"issues_{issue['severity']}"] == issue["n"]
        shares = [row[key] or 0 for key in ("own_share_pct", "external_share_pct", "unspecified_share_pct")]
        assert sum(shares) == pytest.approx(100)


def test_indicator_progress_levels(warehouse):
    """An indicator whose yearly targets are additions: its levels climb to the final target."""
    increments = rows(warehouse, """SELECT indicator_id FROM mart_indicator_progress WHERE target_semantics = 'increment'
                                    GROUP BY indicator_id HAVING COUNT(*) >= 2 ORDER BY indicator_id""")
    if not increments:
        pytest.skip("no indicator has yearly additions as targets")
    for indicator in increments:
        progress = rows(warehouse, "SELECT * FROM mart_indicator_progress WHERE indicator_id = ? ORDER BY year",
                        [indicator["indicator_id"]])
        assert {row["target_semantics"] for row in progress} == {"increment"}
        assert progress[-1]["level_value"] == progress[-1]["final_target_value"], indicator
        years = [row["programme_year"] for row in progress]
        assert years == sorted(years) and years[0] >= 1
        assert all(row["theme_id"] in THEME_IDS for row in progress)


def test_themes_are_the_seven_with_definitions(warehouse):
    themes = rows(warehouse, "SELECT * FROM theme ORDER BY sort_order")
    assert [row["theme_id"] for row in themes] == list(THEME_IDS)
    for theme in themes:
        assert theme["description_uk"].endswith(".") and theme["description_en"].endswith(".")


def test_measure_crosswalk_is_complete_and_has_no_unknown_ids(warehouse):
    mapped = read_csv("measure_themes.csv")
    stored = {row["measure_id"]: row for row in rows(warehouse, "SELECT measure_id, name_uk FROM measure")}
    assert sorted(row["measure_id"] for row in mapped) == sorted(stored)
    for row in mapped:
        assert row["theme_id"] in THEME_IDS and row["reason"].strip()
        assert squash(row["measure_name_uk"]) == squash(stored[row["measure_id"]]["name_uk"])


def test_priority_crosswalk_is_complete_and_has_no_unknown_ids(warehouse):
    mapped = {(row["community_id"], row["priority_code"]) for row in read_csv("priority_themes.csv")}
    stored = {(row["community_id"], row["priority_code"]) for row in rows(warehouse, "SELECT * FROM priority")}
    assert mapped == stored
    # A measure has no direction only in a document that names none.
    assert rows(warehouse, """SELECT COUNT(*) AS n FROM measure m
                              WHERE m.priority_code IS NULL AND EXISTS (
                                  SELECT 1 FROM priority p WHERE p.community_id = m.community_id)""")[0]["n"] == 0


def test_every_measure_and_priority_has_a_theme_in_the_warehouse(warehouse):
    unthemed = "SELECT COUNT(*) AS n FROM measure LEFT JOIN measure_theme USING (measure_id) WHERE theme_id IS NULL"
    assert rows(warehouse, unthemed)[0]["n"] == 0
    assert rows(warehouse, """SELECT COUNT(*) AS n FROM priority p LEFT JOIN priority_theme t
                              USING (community_id, priority_code) WHERE t.theme_id IS NULL""")[0]["n"] == 0


def test_wifi_family_counts_access_points_not_routers(warehouse):
    members = rows(warehouse, """SELECT i.community_id, i.unit_class, i.name_uk FROM indicator_family_member
                                 JOIN indicator i USING (indicator_id) WHERE family_id = 'wifi_access_points'""")
    assert len({row["community_id"] for row in members}) >= 2
    assert {row["unit_class"] for row in members} == {"count"}
    assert all("wi-fi" in row["name_uk"].lower() and "маршрутизатор" not in row["name_uk"] for row in members)


def test_methodology_is_written_in_both_languages():
    text = (PROJECT / "docs" / "methodology.md").read_text(encoding="utf-8")
    for phrase in ("Теми", "Themes", "власні", "own", "на одного мешканця", "per resident", "рік програми",
                   "programme year", "рівні", "additions", "measure_themes.csv", "16 371", "24 270"):
        assert phrase in text, phrase
