"""Tab-separated rows whose long cells wrap onto continuation lines, sometimes in ``<p>`` tags.

Each line is a row. A line that follows a blank line continues the row above, cell by cell,
unless one of its cells opens with an item number such as ``4.2.`` (``new_row_pattern``) or its
first cell matches ``total_pattern``: those start a new row. A continuation fragment that falls
on an empty cell of the row above moves right to the nearest filled cell (the line was shifted).
"""
from __future__ import annotations

import re

from etl.model import Cell, Row
from etl.text import clean_cell

DEFAULT_NEW_ROW = r"^\d+(?:\.\d+)*\.?\s"


def _join(head: str, tail: str) -> str:
    if not head:
        return tail
    if not tail:
        return head
    # A term split as "2026-" / "2028" must read "2026-2028", not "2026- 2028".
    return f"{head}{tail}" if head.endswith("-") else f"{head} {tail}"


def parse(lines: list[str], start: int, end: int, options: dict) -> list[Row]:
    new_row = re.compile(options.get("new_row_pattern", DEFAULT_NEW_ROW))
    total = re.compile(options.get("total_pattern", r"^Всього"), re.IGNORECASE)
    rows: list[Row] = []
    after_blank = False
    for index in range(start, end):
        raw = lines[index].rstrip("\r\n")
        number = index + 1
        if not raw.strip():
            after_blank = True
            continue
        cells = [Cell(text=clean_cell(part), line=number) for part in raw.split("\t")]
        opens_row = any(new_row.match(cell.text) for cell in cells) or total.match(cells[0].text)
        if after_blank and rows and not opens_row:
            previous = rows[-1]
            # nearest[i]: the first filled cell at or after i (computed once per line, so a row of
            # many cells stays linear; joining only fills cells right of every later fragment).
            nearest = [len(previous.cells)] * (len(previous.cells) + 1)
            for index in range(len(previous.cells) - 1, -1, -1):
                nearest[index] = index if not previous.cells[index].empty else nearest[index + 1]
            for position, cell in enumerate(cells):
                if cell.empty:
                    continue
                # Continuation lines are sometimes shifted left by a cell: a fragment that lands
                # on an empty cell belongs to the nearest filled cell on its right.
                if position < len(previous.cells) and nearest[position] < len(previous.cells):
                    position = nearest[position]
                if position < len(previous.cells):
                    old = previous.cells[position]
                    previous.cells[position] = Cell(
                        text=_join(old.text, cell.text), line=old.line if not old.empty else number
                    )
                else:
                    previous.cells.append(cell)
        else:
            rows.append(Row(cells=cells, line=number))
        after_blank = False
    return rows
