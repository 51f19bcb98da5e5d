"""Every total a document states is read from its line, and its agreement is pinned.

The fixture ``stated_totals.csv`` names the line and the figure as it is written there; the test
checks the figure really is on that line, that the warehouse read it, and whether the measures
add up to it (``agrees``) or not (``differs``, which must also raise a data issue).
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from conftest import fixture_rows, rows, squash

from etl.text import parse_amount

EXPECTED = fixture_rows("stated_totals.csv")


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


def _figures_by_line() -> dict[tuple[str, int], list[str]]:
    figures = defaultdict(list)
    for row in EXPECTED:
        figures[(row["community_id"], int(row["line"]))].append(row["as_written"])
    return figures


@pytest.mark.parametrize("community, line, expected_figures",
                         [(community, line, figures) for (community, line), figures in _figures_by_line().items()],
                         ids=lambda value: str(value) if not isinstance(value, list) else "")
def test_every_figure_on_a_line_is_a_stated_total(community, line, expected_figures, warehouse, raw_lines, documents):
    """A line holding several totals (a year per column) gives each of them, as written there."""
    stored = {row["amount_kuah"] for row in rows(
        warehouse, "SELECT amount_kuah FROM stated_total WHERE community_id = ? AND source_line = ?", [community, line])}
    for figure in expected_figures:
        assert squash(figure) in squash(raw_lines[community][line])
        assert parse_amount(figure) / documents[community].money_divisor in stored


def test_direction_subtotals_agree_with_their_measures(warehouse):
    """Where every direction's stated subtotal agrees with its measures, they add up to the programme's money."""
    by_community = defaultdict(list)
    for row in EXPECTED:
        if row["scope"] == "priority" and row["source_class"] == "all" and not row["programme_year"]:
            by_community[row["community_id"]].append(row)
    checked = 0
    for community, subtotals in by_community.items():
        codes = {row["priority_code"] for row in rows(warehouse, "SELECT priority_code FROM priority WHERE community_id = ?",
                                                       [community])}
        if {row["priority_code"] for row in subtotals} != codes or any(row["status"] != "agrees" for row in subtotals):
            continue
        stored = rows(warehouse, """
            SELECT priority_code, amount_kuah, computed_kuah, status FROM reconciliation
            WHERE community_id = ? AND scope = 'priority' AND source_class = 'all' AND year IS NULL""", [community])
        assert {row["priority_code"] for row in stored} == codes
        assert all(row["status"] == "agrees" and row["amount_kuah"] == row["computed_kuah"] for row in stored)
        assert sum(row["amount_kuah"] for row in stored) == rows(
            warehouse, "SELECT SUM(f.amount_kuah) AS s FROM funding f JOIN measure m USING (measure_id) "
                       "WHERE m.community_id = ?", [community])[0]["s"]
        checked += 1
    if not checked:
        pytest.skip("no document states an agreeing subtotal for every direction")


def test_amounts_in_hryvnias_are_converted(warehouse, raw_lines, documents):
    in_hryvnias = [community for community, document in documents.items() if document.money_divisor != 1]
    if not in_hryvnias:
        pytest.skip("no document states its money in hryvnias")
    for community in in_hryvnias:
        funding = rows(warehouse, """
            SELECT f.amount_kuah, f.stated_text, f.source_line FROM funding f JOIN measure m USING (measure_id)
            WHERE m.community_id = ? ORDER BY f.source_line""", [community])
        assert funding, f"{community} has funded measures"
        for row in funding:
            assert "грн" in raw_lines[community][row["source_line"]]
            assert row["amount_kuah"] * documents[community].money_divisor == parse_amount(row["stated_text"])
        assert all(isinstance(row["amount_kuah"], Decimal) for row in funding)
