"""Every total a document states is read from its line, and its agreement is pinned.

The fixture ``stated_totals.csv`` names the line and the figure as it is written there; the test
checks the figure really is on that line, that the warehouse read it, and whether the measures
add up to it (``agrees``) or not (``differs``, which must also raise a data issue).
"""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import rows, squash

from etl.text import parse_amount

FIXTURE = Path(__file__).parent.parent / "fixtures" / "stated_totals.csv"
EXPECTED = list(csv.DictReader(FIXTURE.open(encoding="utf-8")))


def _key(row) -> str:
    return f"{row['community_id']}:{row['line']}:{row['source_class']}:{row['programme_year'] or 'total'}"


@pytest.mark.parametrize("expected", EXPECTED, ids=_key)
def test_stated_total_is_read_from_its_line(expected, warehouse, raw_lines, documents):
    community = expected["community_id"]
    line = int(expected["line"])
    assert squash(expected["as_written"]) in squash(raw_lines[community][line]), \
        "the fixture's figure must be on the line it names"
    found = rows(warehouse, """
        SELECT amount_kuah, status, computed_kuah, year FROM reconciliation
        WHERE community_id = ? AND source_line = ? AND source_class = ? AND scope = ?
          AND programme_year IS NOT DISTINCT FROM ?""",
        [community, line, expected["source_class"], expected["scope"],
         int(expected["programme_year"]) if expected["programme_year"] else None])
    assert len(found) == 1
    stated = parse_amount(expected["as_written"]) / documents[community].money_divisor
    assert found[0]["amount_kuah"] == stated
    assert found[0]["status"] == expected["status"]
    if expected["year_as_labelled"]:
        assert found[0]["year"] == int(expected["year_as_labelled"])
    if expected["status"] == "agrees":
        assert found[0]["computed_kuah"] == stated


def test_fixture_covers_every_non_blank_stated_total(warehouse):
    """New totals in a document must be pinned here too (scopes above the measure)."""
    stored = rows(warehouse, "SELECT COUNT(*) AS n FROM reconciliation WHERE scope <> 'measure' AND status <> 'blank'")
    assert stored[0]["n"] == len(EXPECTED)


@pytest.mark.parametrize("community, line, expected_figures", [
    # The issue's examples, as the lines of the documents write them.
    ("kremenchuk", 488, ["26 911"]), ("kremenchuk", 489, ["21 526"]), ("kremenchuk", 490, ["21 246"]),
    ("kremenchuk", 505, ["6 819"]),
    ("starokostiantyniv", 256, ["10275", "8245", "9225"]),
    ("tetiiv", 345, ["630 000"]), ("tetiiv", 399, ["170 000"]),
    ("yakushyntsi", 736, ["1930,0", "25230,0", "3970,0"]),
])
def test_issue_examples_are_stated_totals(community, line, expected_figures, warehouse, raw_lines, documents):
    stored = {row["amount_kuah"] for row in rows(
        warehouse, "SELECT amount_kuah FROM stated_total WHERE community_id = ? AND source_line = ?", [community, line])}
    for figure in expected_figures:
        assert squash(figure) in squash(raw_lines[community][line])
        assert parse_amount(figure) / documents[community].money_divisor in stored


def test_illintsi_direction_subtotals_agree_with_their_measures(warehouse):
    subtotals = rows(warehouse, """
        SELECT priority_code, amount_kuah, computed_kuah, status FROM reconciliation
        WHERE community_id = 'illintsi' AND scope = 'priority' AND source_class = 'all' AND year IS NULL
        ORDER BY priority_code""")
    assert [row["priority_code"] for row in subtotals] == ["1", "2", "3", "4"]
    assert all(row["status"] == "agrees" for row in subtotals)
    assert sum(row["amount_kuah"] for row in subtotals) == rows(
        warehouse, "SELECT SUM(f.amount_kuah) AS s FROM funding f JOIN measure m USING (measure_id) "
                   "WHERE m.community_id = 'illintsi'")[0]["s"]


def test_tetiiv_amounts_are_converted_from_hryvnias(warehouse, raw_lines):
    funding = rows(warehouse, """
        SELECT f.amount_kuah, f.stated_text, f.source_line FROM funding f JOIN measure m USING (measure_id)
        WHERE m.community_id = 'tetiiv' ORDER BY f.source_line""")
    assert funding, "Tetiiv has funded measures"
    for row in funding:
        assert "грн" in raw_lines["tetiiv"][row["source_line"]]
        assert row["amount_kuah"] * 1000 == parse_amount(row["stated_text"])
    assert all(isinstance(row["amount_kuah"], Decimal) for row in funding)
