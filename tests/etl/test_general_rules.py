"""The fitting rules made general: inline figures with thousands separators, and a surplus empty
cell at any position of a table row, on small made-up rows (the expected readings follow from the
text written here)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from etl.errors import SourceError
from etl.manifest import Document, Section
from etl.mappings import NonMonetaryPhrases, SourceMapping
from etl.model import Cell, Row
from etl.programme import MoneyReader, TasksResult, note_realignment
from etl.statements import inline_readings, parse_statement
from etl.tables import AMBIGUOUS, SURPLUS_AT, SURPLUS_LEFT, TableSpec, fit, surplus_hints

SPEC = TableSpec(left=("number", "name", "result"), right=("year", "year", "year", "total", "responsible", "source"))


def row(*values, line=7):
    return Row(cells=[Cell(text=value, line=line) for value in values], line=line)


def figures(fitted):
    return [cell.text for cell in fitted.roles["year"]], fitted.text("total")


def test_a_surplus_cell_between_the_years_and_the_total_is_dropped_there():
    fitted = fit(row("1", "Назва", "Р", "100,0", "200,0", "300,0", "", "600,0", "Відділ", "Бюджет"), SPEC, "doc")
    assert figures(fitted) == (["100,0", "200,0", "300,0"], "600,0")
    assert fitted.row.notes == [f"{SURPLUS_AT}:1:7"]
    assert (fitted.text("responsible"), fitted.text("source")) == ("Відділ", "Бюджет")


def test_the_rows_own_total_decides_between_placements():
    # Dropping the second cell leaves the total blank; dropping the last makes 100 + 200 + 0 = 300.
    fitted = fit(row("1", "Назва", "Р", "100,0", "", "200,0", "300,0", "", "Відділ", "Бюджет"), SPEC, "doc")
    assert figures(fitted) == (["100,0", "", "200,0"], "300,0")


def test_rows_of_the_same_table_decide_where_its_extra_column_is():
    forced = row("1", "А", "Р", "", "500,0", "1000,0", "1000,0", "2 500,0", "Відділ", "Бюджет", line=1)
    # Alone, this row reads 300 in the second or the third year: the table's other row says which.
    open_question = row("2", "Б", "Р", "", "", "300,0", "", "300,0", "Відділ", "Бюджет", line=2)
    hints = surplus_hints([forced, open_question], SPEC)
    assert hints == {10: {0}}
    assert figures(fit(open_question, SPEC, "doc", hints)) == (["", "300,0", ""], "300,0")


def test_a_row_that_stays_ambiguous_reads_no_figure_and_is_a_finding():
    ambiguous = row("2", "Б", "Р", "", "", "300,0", "", "300,0", "Відділ", "Бюджет")
    fitted = fit(ambiguous, SPEC, "doc")
    assert figures(fitted) == (["", "", ""], "")
    assert fitted.text("name") == "Б" and fitted.text("source") == "Бюджет"
    assert fitted.row.notes[0].startswith(f"{AMBIGUOUS}:1:")
    result = TasksResult()
    note_realignment(ambiguous, result)
    [finding] = result.findings
    assert (finding.check_id, finding.severity, finding.line) == ("row_ambiguous", "error", 7)
    assert "300,0" in finding.message_en and "300,0" in finding.message_uk


def test_an_empty_block_is_the_same_reading_whichever_cell_is_dropped():
    fitted = fit(row("1", "А", "Р", "", "", "", "", "30,0", "Відділ", "Бюджет"), SPEC, "doc")
    assert figures(fitted) == (["", "", ""], "30,0")
    assert fitted.row.notes == [f"{SURPLUS_LEFT}:1"]


def test_surplus_cells_holding_text_are_still_refused():
    with pytest.raises(SourceError, match="extra cells are not empty"):
        fit(row("1", "А", "Р", "1", "2", "3", "4", "5", "Відділ", "Бюджет"), SPEC, "doc")


@pytest.mark.parametrize("text, count, expected", [
    ("18 655,0 7 735,0 5 460,0 5 460,0", 4, [["18 655,0", "7 735,0", "5 460,0", "5 460,0"]]),
    ("27745 10275 8245 9225", 4, [["27745", "10275", "8245", "9225"]]),
    # A space can be a thousands separator or a gap; so can a no-break space.
    ("1\u00a0200,5 200,5 500 500", 4, [["1", "200,5", "200,5", "500 500"], ["1 200,5", "200,5", "500", "500"]]),
    ("1 2", 4, []),
])
def test_inline_figures_are_read_every_way_they_can_be(text, count, expected):
    assert inline_readings(text, count) == expected


def _document(tmp_path: Path) -> Document:
    return Document(community_id="x", path=tmp_path / "x.txt", relative_path="raw/x.txt", sha256="", origin="",
                    layout="wrapped_tsv", period_start=2026, period_end=2028, money_unit="thousand_uah",
                    title_pattern=None, sections=())


def _passport(tmp_path, total_text):
    document = _document(tmp_path)
    section = Section(kind="passport", start=None, end=None,
                      spec=TableSpec(left=("number", "label"), right=("total",)))
    sources = SourceMapping(path=Path("funding_sources.csv"), classes={"джерела фінансування": "all"})
    money = MoneyReader(document, NonMonetaryPhrases({}))
    result = TasksResult()
    parse_statement(document, section, [row("10", "Джерела фінансування", total_text, line=24)], sources, money,
                    result)
    return result


def test_a_passport_row_with_thousands_separators_is_read(tmp_path):
    result = _passport(tmp_path, "Всього 2026 рік 2027 рік 2028 рік 18 655,0 7 735,0 5 460,0 5 460,0")
    [line] = result.groups[0].lines
    assert line.total.amount == Decimal("18655.0")
    assert [(year, money.amount) for year, _, money in line.years] == [
        (2026, Decimal("7735.0")), (2027, Decimal("5460.0")), (2028, Decimal("5460.0"))]


def test_a_passport_row_read_two_ways_that_both_add_up_is_a_finding(tmp_path):
    # 100 = 0 + 100 + 0 and 100 = 100 + 0 + 0: which year holds the 100 the text cannot say.
    result = _passport(tmp_path, "Всього 2026 рік 2027 рік 2028 рік 100 000 100 000 000")
    assert not result.groups
    [finding] = result.findings
    assert (finding.check_id, finding.severity, finding.line) == ("row_ambiguous", "error", 24)


def test_a_passport_row_that_adds_up_one_way_only_is_read_that_way(tmp_path):
    result = _passport(tmp_path, "Всього 2026 рік 2027 рік 2028 рік 1 200 300 400 500")
    [line] = result.groups[0].lines
    assert line.total.amount == Decimal(1200)
    assert [money.amount for _, _, money in line.years] == [Decimal(300), Decimal(400), Decimal(500)]
