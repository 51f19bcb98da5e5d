"""Each contradiction a document contains is reported, with both figures and the line."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from conftest import fixture_rows, rows, squash

from etl.formatting import format_kuah

REVIEWED = fixture_rows("data_issues.csv")


def _as_key(row) -> tuple:
    def number(value):
        return None if value in (None, "") else Decimal(str(value)).normalize()
    return (row["community_id"], row["check_id"], row["severity"], int(row["line"]),
            number(row["stated"]), number(row["computed"]))


def test_data_issues_match_the_reviewed_list(warehouse):
    expected = Counter(_as_key(row) for row in REVIEWED)
    found = Counter(_as_key({**row, "line": row["source_line"]}) for row in rows(
        warehouse, "SELECT community_id, check_id, severity, source_line, stated, computed FROM data_issue"))
    assert found - expected == Counter(), "unexpected findings"
    assert expected - found == Counter(), "findings that are no longer reported"


def test_every_self_contradicting_document_has_errors(warehouse):
    reviewed = {row["community_id"] for row in REVIEWED if row["severity"] == "error"}
    with_errors = {row["community_id"] for row in rows(
        warehouse, "SELECT DISTINCT community_id FROM data_issue WHERE severity = 'error'")}
    contradicting = {row["community_id"] for row in rows(warehouse, "SELECT DISTINCT community_id FROM contradiction")}
    assert reviewed and with_errors == reviewed == contradicting


def test_arithmetic_findings_quote_the_figure_on_their_line(warehouse, raw_lines):
    findings = rows(warehouse, """
        SELECT d.community_id, d.source_line, d.stated, s.stated_text
        FROM data_issue AS d
        LEFT JOIN stated_total AS s
          ON s.community_id = d.community_id AND s.source_line = d.source_line AND s.amount_kuah = d.stated
        WHERE d.check_id IN ('row_total_vs_years', 'total_vs_sources', 'priority_total_vs_measures',
                             'programme_total_vs_measures', 'passport_vs_appendix')""")
    assert findings
    for finding in findings:
        assert finding["stated_text"], f"no stated total behind {finding}"
        assert squash(finding["stated_text"]) in squash(raw_lines[finding["community_id"]][finding["source_line"]])


def test_row_total_slips_quote_both_figures(warehouse):
    """A row whose total is not the sum of its years (e.g. 14 + 18 + 18 written as 49) states both."""
    reviewed = [row for row in REVIEWED if row["check_id"] == "row_total_vs_years"]
    if not reviewed:
        pytest.skip("no reviewed document has a row whose total differs from its years")
    for expected in reviewed:
        issue = rows(warehouse, "SELECT * FROM data_issue WHERE community_id = ? AND check_id = 'row_total_vs_years' "
                                "AND source_line = ?", [expected["community_id"], int(expected["line"])])[0]
        assert (issue["stated"], issue["computed"]) == (Decimal(expected["stated"]), Decimal(expected["computed"]))
        for figure in (issue["stated"], issue["computed"]):
            assert format_kuah(figure) in issue["message_uk"] and format_kuah(figure, "en") in issue["message_en"]


def test_messages_exist_in_both_languages(warehouse):
    for issue in rows(warehouse, "SELECT message_uk, message_en FROM data_issue"):
        assert issue["message_uk"].strip() and issue["message_en"].strip()
        assert issue["message_uk"] != issue["message_en"]


def test_a_gap_of_money_without_year_is_explained(warehouse):
    """Where a yearly total exceeds its measures by exactly the money the document gives no year,
    the finding says so."""
    explained = rows(warehouse, """
        WITH no_year AS (SELECT m.community_id, SUM(f.amount_kuah) AS amount FROM funding f
                         JOIN measure m USING (measure_id) WHERE f.year IS NULL GROUP BY ALL)
        SELECT d.* FROM data_issue d JOIN no_year USING (community_id)
        WHERE d.check_id IN ('programme_total_vs_measures', 'priority_total_vs_measures') AND d.year IS NOT NULL
          AND d.stated - d.computed = no_year.amount""")
    if not explained:
        pytest.skip("no document's total differs from its measures by the money it gives no year")
    for issue in explained:
        assert "без року" in issue["message_uk"] and "with no year" in issue["message_en"], issue


def test_katottg_mismatch_names_the_centre_code(warehouse):
    reviewed = sorted(row["community_id"] for row in REVIEWED if row["check_id"] == "katottg_mismatch")
    issues = rows(warehouse, "SELECT * FROM data_issue WHERE check_id = 'katottg_mismatch' ORDER BY community_id")
    assert [row["community_id"] for row in issues] == reviewed
    quoting_the_centre = rows(warehouse, "SELECT * FROM community WHERE katottg_document = centre_katottg")
    if not quoting_the_centre:
        pytest.skip("no passport quotes its centre's KATOTTG code instead of the community's")
    for community in quoting_the_centre:
        issue = next(row for row in issues if row["community_id"] == community["community_id"])
        assert community["katottg_document"] != community["katottg"]
        assert community["katottg_document"] in issue["message_uk"] and community["katottg"] in issue["message_uk"]
