"""Findings grouped by root cause: one omission, its consequences listed under it."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from conftest import fixture_rows, rows, squash

from etl.checks import CONTRADICTION_CHECKS, Issue, is_contradiction, root_causes


def _number(value):
    return None if value in (None, "") else Decimal(str(value)).normalize()


def test_every_finding_names_the_root_line_the_fixture_reviewed(warehouse):
    expected = Counter((row["community_id"], row["check_id"], int(row["line"]), _number(row["stated"]),
                        _number(row["computed"]), int(row["root_line"]) if row["root_line"] else None)
                       for row in fixture_rows("data_issues.csv"))
    found = Counter((row["community_id"], row["check_id"], row["source_line"], _number(row["stated"]),
                     _number(row["computed"]), row["root_line"]) for row in rows(warehouse, """
        SELECT d.community_id, d.check_id, d.source_line, d.stated, d.computed, root.source_line AS root_line
        FROM data_issue AS d LEFT JOIN data_issue AS root ON root.issue_id = d.root_issue_id"""))
    assert found - expected == Counter(), "findings linked otherwise than reviewed"
    assert expected - found == Counter(), "reviewed links no longer made"


def test_a_root_with_consequences_is_a_stated_figure_on_its_line(warehouse, raw_lines):
    """Each root the pages show first quotes a figure its document line holds, and its consequences
    differ by the same amount in the same column or break that difference down by year."""
    roots = rows(warehouse, """
        SELECT r.*, s.stated_text FROM contradiction AS r
        JOIN stated_total AS s ON s.community_id = r.community_id AND s.source_line = r.source_line
             AND s.amount_kuah = r.stated
        WHERE r.consequence_count > 0""")
    assert roots
    for root in roots:
        assert squash(root["stated_text"]) in squash(raw_lines[root["community_id"]][root["source_line"]])
        consequences = rows(warehouse, "SELECT * FROM contradiction WHERE root_issue_id = ?", [root["issue_id"]])
        assert len(consequences) == root["consequence_count"]
        for consequence in consequences:
            assert consequence["community_id"] == root["community_id"]
            same_amount = abs(consequence["difference"]) == abs(root["difference"])
            assert same_amount or (consequence["year"] is not None and abs(consequence["difference"]) < abs(root["difference"]))


def test_summary_counts_roots_and_consequences(warehouse):
    for summary in rows(warehouse, "SELECT * FROM mart_community_summary"):
        counted = rows(warehouse, """SELECT COUNT(*) FILTER (WHERE root_issue_id IS NULL) AS roots,
                                            COUNT(*) FILTER (WHERE root_issue_id IS NOT NULL) AS consequences
                                     FROM contradiction WHERE community_id = ?""", [summary["community_id"]])[0]
        assert (summary["contradiction_roots"], summary["contradiction_consequences"]) == (
            counted["roots"], counted["consequences"])


def test_contradictions_are_exactly_the_comparing_checks(warehouse):
    kinds = {row["check_id"] for row in rows(warehouse, "SELECT DISTINCT check_id FROM contradiction")}
    assert kinds and kinds <= set(CONTRADICTION_CHECKS)
    others = rows(warehouse, "SELECT * FROM data_issue WHERE NOT contradiction AND list_contains(?, check_id)",
                  [list(CONTRADICTION_CHECKS)])
    assert others == []


def _issue(check, scope, stated, computed, line, *, community="a", measure=None, priority=None, year=None,
           row_key=None, severity="error"):
    return Issue(community, check, severity, "повідомлення", "message", Decimal(stated) if stated is not None else None,
                 Decimal(computed) if computed is not None else None, line, measure, priority, year,
                 scope=scope, programme_year=None if year is None else year - 2023, row_key=row_key or ("row", line))


def test_grouping_rule_on_a_synthetic_document():
    programme_row = ("stated", "programme", None, None, "all", "Усього")
    uneven_row = ("stated", "programme", None, None, "community_budget", "бюджет громади")
    issues = [
        _issue("row_total_vs_years", "measure", 48, 50, 10, measure="a-m1", priority="1"),            # 0: the slip
        _issue("priority_total_vs_measures", "priority", 98, 100, 20, priority="1"),                  # 1
        _issue("priority_total_vs_measures", "priority", 298, 300, 30, priority="2"),                 # 2: other direction
        _issue("row_total_vs_years", "measure", 17, 20, 25, measure="a-m2", priority="2"),            # 3: its own slip
        _issue("programme_total_vs_measures", "programme", 900, 902, 40),                             # 4
        _issue("programme_total_vs_measures", "programme", 900, 902, 40, row_key=programme_row),     # 5
        _issue("programme_total_vs_measures", "programme", 395, 400, 50, row_key=programme_row),     # 6: total column
        _issue("programme_total_vs_measures", "programme", 98, 100, 51, year=2024, row_key=programme_row),
        _issue("programme_total_vs_measures", "programme", 97, 100, 52, year=2025, row_key=programme_row),
        _issue("programme_total_vs_measures", "programme", 395, 400, 60, row_key=uneven_row),         # 9
        _issue("programme_total_vs_measures", "programme", 96, 100, 60, year=2024, row_key=uneven_row),
        _issue("programme_total_vs_measures", "programme", 100, 100, 61),                             # 11: agrees
        _issue("row_total_vs_years", "measure", 48, 50, 10, community="b", measure="b-m1", priority="1"),
        _issue("money_without_year", "measure", 30, None, 70, severity="warning"),
    ]
    assert root_causes(issues) == [
        None, 0, None, None, 0, 0,
        None, 6, 6,        # the years of a row break its total down: they add up to its difference
        6, None,           # same amount on another programme total; a year that does not add up stands alone
        None, None, None,  # no difference, another community, not a contradiction
    ]
    # Direction 2's total (2 short) does not include measure 1 of direction 1; its own measure is 3 short.
    assert [is_contradiction(issue) for issue in issues[11:]] == [False, True, False]
