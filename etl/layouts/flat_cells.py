"""Word tables flattened to one cell per line.

Each cell starts on a line that begins with a tab. A line without a leading tab continues the
previous cell (Word paragraphs inside a cell); a text line that opens a row is prose outside
the table and stays a row of its own. A blank line ends the row.

Where the manifest sets ``multi_paragraph_cells``, Word also kept blank lines *inside* cells. Then
a blank line ends the row only when the next text line starts a new cell (has a tab) and the row
already has ``min_row_cells`` cells; a one-cell row, such as a heading, always ends.
"""
from __future__ import annotations

from etl.model import Cell, Row


def _next_text_index(lines: list[str], index: int, end: int) -> int:
    for position in range(index, end):
        if lines[position].startswith("\t") or lines[position].strip():
            return position
    return end


def parse(lines: list[str], start: int, end: int, options: dict) -> list[Row]:
    """Rebuild rows from ``lines[start:end]`` (0-based slice, line numbers reported 1-based)."""
    paragraphs_in_cells = bool(options.get("multi_paragraph_cells", False))
    min_row_cells = int(options.get("min_row_cells", 1))
    rows: list[Row] = []
    cells: list[Cell] = []
    next_text = start  # found by the last look-ahead; the lines up to it are blank, so it is reused

    def close_row() -> None:
        if cells:
            rows.append(Row(cells=list(cells), line=cells[0].line))
            cells.clear()

    for index in range(start, end):
        raw = lines[index].rstrip("\r\n")
        number = index + 1
        if raw.startswith("\t"):
            if not paragraphs_in_cells and len(cells) == 1 and not lines[cells[0].line - 1].startswith("\t"):
                close_row()  # prose such as an appendix heading, directly above the table
            cells.append(Cell(text=raw[1:].replace("\t", " "), line=number))
        elif raw.strip():
            if cells:
                previous = cells[-1]
                joined = f"{previous.text}\n{raw}" if previous.text.strip() else raw
                cells[-1] = Cell(text=joined, line=previous.line if previous.text.strip() else number)
            else:
                cells.append(Cell(text=raw, line=number))
        elif not paragraphs_in_cells:
            close_row()
        else:
            if next_text <= index:
                next_text = _next_text_index(lines, index + 1, end)
            upcoming = lines[next_text] if next_text < end else None
            starts_new_cell = upcoming is None or upcoming.startswith("\t")
            if starts_new_cell and (len(cells) == 1 or len(cells) >= min_row_cells):
                close_row()
    close_row()
    return rows
