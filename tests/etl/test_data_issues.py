"""Each contradiction a document contains is reported, with both figures and the line."""
from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

from conftest import rows, squash

FIXTURE = Path(__file__).parent.parent / "fixtures" / "data_issues.csv"


def _as_key(row) -> tuple:
    def number(value):
        return None if value in (None, "") else Decimal(str(value)).normalize()
    return (row["community_id"], row["check_id"], row["severity"], int(row["line"]),
            number(row["stated"]), number(row["computed"]))


def test_data_issues_match_the_reviewed_list(warehouse):
    expected = Counter(_as_key(row) for row in csv.DictReader(FIXTURE.open(encoding="utf-8")))
    found = Counter(_as_key({**row, "line": row["source_line"]}) for row in rows(
        warehouse, "SELECT community_id, check_id, severity, source_line, stated, computed FROM data_issue"))
    assert found - expected == Counter(), "unexpected findings"
    assert expected - found == Counter(), "findings that are no longer reported"


def test_every_self_contradicting_document_has_errors(warehouse):
    reviewed = {row["community_id"] for row in csv.DictReader(FIXTURE.open(encoding="utf-8"))
                if row["severity"] == "error"}
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


def test_kremenchuk_row_total_slip(warehouse):
    """The document's own example: 14 + 18 + 18 is 50, but the row says 49."""
    issue = rows(warehouse, "SELECT * FROM data_issue WHERE community_id = 'kremenchuk' AND check_id = 'row_total_vs_years' "
                            "ORDER BY source_line LIMIT 1")[0]
    assert (issue["stated"], issue["computed"]) == (Decimal(49), Decimal(50))
    assert "49,0" in issue["message_uk"] and "50.0" in issue["message_en"]


def test_messages_exist_in_both_languages(warehouse):
    for issue in rows(warehouse, "SELECT message_uk, message_en FROM data_issue"):
        assert issue["message_uk"].strip() and issue["message_en"].strip()
        assert issue["message_uk"] != issue["message_en"]


def test_yakushyntsi_gap_is_explained_by_amounts_without_year(warehouse):
    issue = rows(warehouse, """SELECT * FROM data_issue WHERE community_id = 'yakushyntsi'
                               AND check_id = 'programme_total_vs_measures' AND source_line = 797""")[0]
    no_year = rows(warehouse, """SELECT SUM(f.amount_kuah) AS s FROM funding f JOIN measure m USING (measure_id)
                                 WHERE m.community_id = 'yakushyntsi' AND f.year IS NULL""")[0]["s"]
    assert issue["stated"] - issue["computed"] == no_year
    assert "без року" in issue["message_uk"]


def test_katottg_mismatch_names_the_centre_code(warehouse):
    issue = rows(warehouse, "SELECT * FROM data_issue WHERE check_id = 'katottg_mismatch'")
    assert [row["community_id"] for row in issue] == ["starokostiantyniv"]
    community = rows(warehouse, "SELECT * FROM community WHERE community_id = 'starokostiantyniv'")[0]
    assert community["katottg_document"] == community["centre_katottg"] != community["katottg"]
    assert community["katottg_document"] in issue[0]["message_uk"]
