"""Downloads: Excel shows Cyrillic, and formula-like text never runs."""
from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
from openpyxl import load_workbook

from hromada.export import neutralize, to_csv_bytes, to_xlsx_bytes

HOSTILE = pd.DataFrame({
    "Назва": ['=HYPERLINK("http://example.com","x")', "+380", "-1+2", "@SUM(A1)", "Звичайний текст"],
    "Сума, тис. грн": [Decimal("69683.0"), Decimal("1.5"), Decimal("-2"), None, Decimal("0")],
})


def test_neutralize():
    assert neutralize("=1+1") == "'=1+1"
    assert neutralize("Кременчук") == "Кременчук"
    assert neutralize(-1) == -1


def test_csv_has_bom_and_neutralised_cells():
    data = to_csv_bytes(HOSTILE)
    assert data.startswith("\ufeff".encode("utf-8"))
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+380" in text and "'@SUM" in text
    assert "\n=HYPERLINK" not in text
    assert "69683.0" in text and "Звичайний текст" in text


def test_xlsx_keeps_numbers_and_neutralises_text():
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(HOSTILE, "Заходи"))).active
    assert sheet.title == "Заходи"
    assert sheet["A2"].value.startswith("'=") and sheet["A2"].data_type != "f"
    assert sheet["B2"].value == 69683.0 and sheet["B2"].data_type == "n"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
