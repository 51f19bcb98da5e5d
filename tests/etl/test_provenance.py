"""Every figure and name leads back to the raw line it came from."""
from __future__ import annotations

import subprocess
import sys

from conftest import DATA, PROJECT, fixture_rows, rows, squash


def test_every_funding_row_quotes_its_line(warehouse, raw_lines):
    funding = rows(warehouse, "SELECT m.community_id, f.stated_text, f.source_line FROM funding f JOIN measure m USING (measure_id)")
    assert len(funding) > 100
    for row in funding:
        assert squash(row["stated_text"]) in squash(raw_lines[row["community_id"]][row["source_line"]])


def test_every_stated_total_quotes_its_line(warehouse, raw_lines):
    for row in rows(warehouse, "SELECT community_id, stated_text, source_line FROM stated_total WHERE stated_text IS NOT NULL"):
        assert squash(row["stated_text"]) in squash(raw_lines[row["community_id"]][row["source_line"]])


def test_every_measure_name_starts_on_its_line(warehouse, raw_lines):
    for row in rows(warehouse, "SELECT community_id, name_uk, source_line FROM measure"):
        opening = " ".join(squash(row["name_uk"]).split()[:3])
        assert opening in squash(raw_lines[row["community_id"]][row["source_line"]]), row


def test_every_indicator_name_starts_on_its_line(warehouse, raw_lines):
    for row in rows(warehouse, "SELECT community_id, name_uk, source_line FROM indicator"):
        words = squash(row["name_uk"]).split()[:3]
        assert " ".join(words) in squash(raw_lines[row["community_id"]][row["source_line"]]), row


def test_every_priority_name_is_on_its_line(warehouse, raw_lines):
    for row in rows(warehouse, "SELECT community_id, name_uk, source_line FROM priority"):
        assert squash(row["name_uk"]) in squash(raw_lines[row["community_id"]][row["source_line"]])


def test_no_row_lacks_a_source_line(warehouse):
    for table in ("measure", "funding", "stated_total", "indicator", "priority"):
        assert rows(warehouse, f"SELECT COUNT(*) AS n FROM {table} WHERE source_line IS NULL")[0]["n"] == 0


def test_show_source_prints_the_lines_around_a_line(raw_lines, documents):
    """The first finding the fixture reviews: its line, marked, between two lines either side."""
    finding = fixture_rows("data_issues.csv")[0]
    community, line = finding["community_id"], int(finding["line"])
    assert 3 <= line <= len(raw_lines[community]) - 3, "the reviewed line has two lines either side"
    result = subprocess.run([sys.executable, "-m", "etl", "--data", str(DATA), "show-source", community, str(line),
                             "--context", "2"], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert f"data/{documents[community].relative_path}" in result.stdout
    marked = [text for text in result.stdout.splitlines() if text.startswith(">")]
    assert len(marked) == 1 and str(line) in marked[0] and squash(raw_lines[community][line]) in squash(marked[0])
    assert len(result.stdout.splitlines()) == 1 + 5


def test_show_source_refuses_a_line_past_the_end(raw_lines):
    community = sorted(raw_lines)[0]
    past = len(raw_lines[community]) + 1
    result = subprocess.run([sys.executable, "-m", "etl", "--data", str(DATA), "show-source", community, str(past)],
                            cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode != 0 and "does not exist" in result.stderr
