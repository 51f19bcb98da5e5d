"""Downloads: Excel shows Cyrillic, formula-like text never runs, and ordinary values stay as written."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook

from hromada.exports.csv import to_csv_bytes
from hromada.exports.formulas import could_run, neutralize
from hromada.exports.xlsx import to_xlsx_bytes

# Text a spreadsheet would run: a function call, a DDE command, a cell reference, a formula.
RUNNABLE = ['=HYPERLINK("http://example.com","x")', "@SUM(A1)", "-cmd|' /C calc'!A0", "+A1*2", "=1+1",
            "\t=1+1", "\r@SUM(A1)", "-SUM(1;2)", "+1:1", "- підтримка"]
# Values the documents really hold (the pack's indicator and measure tables): data, not formulas.
ORDINARY = ["-", "+20%", "-5", "+1,2%", "+ (2023, 2024, 2025)", "+380", "-1+2", "Звичайний текст", "5 %", "—"]

HOSTILE = pd.DataFrame({
    "Назва": [RUNNABLE[0], "+380", "-1+2", "@SUM(A1)", "Звичайний текст"],
    "Сума, тис. грн": [Decimal("69683.0"), Decimal("1.5"), Decimal("-2"), None, Decimal("0")],
})


def test_neutralize():
    assert neutralize("=1+1") == "'=1+1"
    assert neutralize("Кременчук") == "Кременчук"
    assert neutralize(-1) == -1


@pytest.mark.parametrize("text", RUNNABLE)
def test_runnable_text_is_neutralised_in_csv(text):
    assert could_run(text)
    assert neutralize(text) == "'" + text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_values_stay_as_written_in_csv(text):
    assert not could_run(text)
    assert neutralize(text) == text


def test_csv_has_bom_and_neutralised_cells():
    data = to_csv_bytes(HOSTILE)
    assert data.startswith("\ufeff".encode("utf-8"))
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text
    assert "\n=HYPERLINK" not in text
    assert "69683.0" in text and "Звичайний текст" in text


def test_csv_keeps_ordinary_values_untouched():
    frame = pd.DataFrame({"value": ORDINARY + RUNNABLE})
    cells = [row[0] for row in csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig")))][1:]
    assert cells[:len(ORDINARY)] == ORDINARY
    assert all(cell == "'" + text for cell, text in zip(cells[len(ORDINARY):], RUNNABLE, strict=True))


def test_xlsx_keeps_numbers_and_neutralises_text():
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(HOSTILE, "Заходи"))).active
    assert sheet.title == "Заходи"
    # A string cell is never evaluated: the text is kept exactly, with no visible apostrophe.
    assert sheet["A2"].value == RUNNABLE[0] and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["B2"].value == 69683.0 and sheet["B2"].data_type == "n"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_xlsx_writes_every_text_as_a_string_cell_without_apostrophes():
    frame = pd.DataFrame({"value": ORDINARY + RUNNABLE, "=header": range(len(ORDINARY + RUNNABLE))})
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    assert sheet["B1"].value == "=header" and sheet["B1"].data_type == "s"
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # openpyxl reads back "\r" as "\n" (XML normalises line ends); the cell is still text.
    assert [cell.value.replace("\n", "\r") if cell.value.startswith("\n") else cell.value
            for cell in cells] == ORDINARY + RUNNABLE
    assert all(cell.data_type == "s" for cell in cells)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
