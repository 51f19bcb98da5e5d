"""The three layout parsers and the column fitting, on small made-up tables."""
from __future__ import annotations

from decimal import Decimal

import pytest

from etl.errors import SourceError
from etl.layouts import flat_cells, pipe_table, wrapped_tsv
from etl.model import Cell, Row
from etl.tables import SHIFTED, SURPLUS_LEFT, SURPLUS_RIGHT, TableSpec, fit
from etl.text import parse_amount, term_years


def texts(rows):
    return [[cell.text for cell in row.cells] for row in rows]


def test_flat_cells_rows_end_at_blank_lines_and_join_continuations():
    lines = ["\tНазва", "\tСума,", "тис. грн", "", "\tA", "\t1 500", ""]
    rows = flat_cells.parse(lines, 0, len(lines), {})
    assert texts(rows) == [["Назва", "Сума,\nтис. грн"], ["A", "1 500"]]
    assert [row.line for row in rows] == [1, 5]


def test_flat_cells_keeps_paragraph_breaks_inside_cells_when_asked():
    # A blank line after "Захід" (too few cells) and one before "Результат" (no tab follows) stay inside.
    lines = ["\tЗавдання", "\tЗахід", "", "\t2026-2028", "\tДжерело", "\t100", "", "Результат", "",
             "\tНаступний", "\tрядок", "\t", "\t", "\t"]
    rows = flat_cells.parse(lines, 0, len(lines), {"multi_paragraph_cells": True, "min_row_cells": 5})
    assert texts(rows) == [["Завдання", "Захід", "2026-2028", "Джерело", "100\nРезультат"],
                           ["Наступний", "рядок", "", "", ""]]


def test_flat_cells_prose_above_a_table_is_its_own_row():
    lines = ["Заходи Програми у 2026 році", "\t№", "\tЗміст"]
    assert texts(flat_cells.parse(lines, 0, len(lines), {})) == [["Заходи Програми у 2026 році"], ["№", "Зміст"]]


def test_pipe_table_skips_separators_and_prose():
    lines = ["Текст", "| № | Назва | Сума |", "|---|---|---|", "| 1 | Сайт | 5,0 |"]
    rows = pipe_table.parse(lines, 0, len(lines), {})
    assert texts(rows) == [["№", "Назва", "Сума"], ["1", "Сайт", "5,0"]]
    assert rows[1].line == 4


def test_wrapped_tsv_merges_continuations_and_moves_shifted_fragments():
    lines = [
        "2.8. Придбання ПЗ для\tВідділ\t2026\t200",
        "",
        "\tробочих місць\t\t",           # lands on the empty-looking second cell: stays in column 1
        "<p>3.1. Новий рядок</p>\tВідділ\t2026-\t100",
        "",
        "\t\t2028\t",
        "\t\tпродовження",
    ]
    rows = wrapped_tsv.parse(lines, 0, len(lines), {})
    assert texts(rows)[0] == ["2.8. Придбання ПЗ для", "Відділ робочих місць", "2026", "200"]
    assert texts(rows)[1] == ["3.1. Новий рядок", "Відділ", "2026-2028", "100"]
    assert len(rows) == 3  # the last line follows no blank line, so it is a row of its own


def test_wrapped_tsv_fragment_on_an_empty_cell_moves_right():
    lines = ["\t\t5.8. Продовження\t%\t0", "", "\tсистеми бази даних"]
    rows = wrapped_tsv.parse(lines, 0, len(lines), {})
    assert texts(rows) == [["", "", "5.8. Продовження системи бази даних", "%", "0"]]


def test_wrapped_tsv_line_with_an_item_number_starts_a_new_row():
    lines = ["4\tНапрям\t4.1. Перший\t%", "", "\tпродовження напряму\t4.2. Другий\t%"]
    assert len(wrapped_tsv.parse(lines, 0, len(lines), {})) == 2


SPEC = TableSpec(left=("number", "name", "result"), right=("year", "year", "year", "total", "responsible", "source"))


def row(*values):
    return Row(cells=[Cell(text=value, line=7) for value in values], line=7)


def test_fit_short_row_is_padded_on_the_left():
    spec = TableSpec(("number", "name"), ("total", "responsible", "source"))
    fitted = fit(row("Назва", "30,0", "Відділ", "Місцевий бюджет"), spec, "doc")
    assert fitted.text("name") == "Назва" and fitted.text("total") == "30,0"


@pytest.mark.parametrize("cells, years, total, note", [
    (["1", "Назва", "Результат", "", "500,0", "1000,0", "1000,0", "2 500,0", "Відділ", "Бюджет"],
     ["500,0", "1000,0", "1000,0"], "2 500,0", SURPLUS_LEFT),
    (["1", "Назва", "Результат", "+", "+", "+", "", "", "Відділ", "Бюджет"], ["+", "+", "+"], "", SURPLUS_RIGHT),
])
def test_fit_drops_surplus_empty_cells_at_the_edge(cells, years, total, note):
    fitted = fit(row(*cells), SPEC, "doc")
    assert [cell.text for cell in fitted.roles["year"]] == years
    assert fitted.text("total") == total
    assert fitted.row.notes[0].startswith(note)


def test_fit_refuses_surplus_cells_that_hold_text():
    with pytest.raises(SourceError, match="doc:7: row has 11 cells"):
        fit(row("1", "Назва", "Результат", "x", "1", "2", "3", "4", "y", "Відділ", "Бюджет"), SPEC, "doc")


def test_fit_moves_shifted_figures_back_under_their_columns():
    spec = TableSpec(left=("task", "name", "responsible", "term", "source"), right=("total", "year", "year", "year", "result"))
    fitted = fit(row("Всього за напрямом 3", "Загальний обсяг", "4450,0", "800,0", "1900,0", "1750,0", "", "", "", ""), spec, "doc")
    assert fitted.text("total") == "4450,0"
    assert [cell.text for cell in fitted.roles["year"]] == ["800,0", "1900,0", "1750,0"]
    assert SHIFTED in fitted.row.notes


@pytest.mark.parametrize("text, expected", [
    ("8\u00a0632", Decimal(8632)), ("2400,00", Decimal("2400.00")), ("20 000,0", Decimal("20000.0")),
    ("400 000грн.", Decimal(400000)), ("31 130,0 тис. грн.", Decimal("31130.0")), ("<p>1000</p>", Decimal(1000)),
    ("В межах кошторисних призначень", None), ("-", None), ("8 63O", None), ("1.", None),
])
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2026-2028", (2026, 2028)), ("2026 – 2028", (2026, 2028)), ("I квартал 2026 року", (2026, 2026)), ("", (None, None)),
])
def test_term_years(text, expected):
    assert term_years(text) == expected
