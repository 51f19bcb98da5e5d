"""Give each cell of a rebuilt row its role (name, year, total, ...) from the manifest's column spec.

Columns are declared as ``left`` roles, read from the row's start, and ``right`` roles, read from
its end. Real rows do not always have the table's width, so three generic rules apply, in order:

1. A short row (merged cells) is padded on the left: its last cells are always the right roles.
2. A long row may only have surplus *empty* cells inside its block of figures; they are dropped
   at the block's edge, the left edge when it is empty, otherwise the right edge.
3. A row whose figures sit under text columns (cells shifted left) has its block of figures moved
   back so that it starts right after the row's last text cell; the cells it leaves must be empty.

Every realignment is noted on the row so that the data-quality report can say what was done.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.errors import SourceError
from etl.model import Cell, Row
from etl.text import parse_amount, years_in

# Notes left on a realigned row (see etl.programme for the messages shown to users).
SURPLUS_LEFT = "surplus_left"
SURPLUS_RIGHT = "surplus_right"
SHIFTED = "shifted"

# Roles whose cells hold figures; every other role holds text.
FIGURE_ROLES = frozenset({"year", "total", "baseline", "dynamics"})
# Text roles that may legitimately be a bare number: an item number, or a term such as "2026".
NUMBER_ROLES = frozenset({"number", "term"})
# Every role a column spec may name; "direction" marks a column that is read past, not used.
ROLES = frozenset({"number", "task", "name", "responsible", "term", "source", "label", "result",
                   "direction", "unit"}) | FIGURE_ROLES


@dataclass(frozen=True)
class TableSpec:
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def width(self) -> int:
        return len(self.left) + len(self.right)

    def figure_span(self) -> tuple[int, int]:
        """Start and end (exclusive) of the figure block within ``right``."""
        positions = [index for index, role in enumerate(self.right) if role in FIGURE_ROLES]
        if not positions:
            return len(self.right), len(self.right)
        return positions[0], positions[-1] + 1


@dataclass
class FittedRow:
    row: Row
    roles: dict[str, list[Cell]] = field(default_factory=dict)

    def text(self, role: str) -> str:
        cells = self.roles.get(role) or []
        return " ".join(cell.text.strip() for cell in cells if not cell.empty).strip()

    def cell(self, role: str) -> Cell | None:
        cells = self.roles.get(role) or []
        return cells[0] if cells else None

    @property
    def line(self) -> int:
        return self.row.line



def year_header(fitted: FittedRow) -> list[tuple[int, int]] | None:
    """A row that only labels the year columns ("2026 | 2027 | 2028"): (year, column position from 1)."""
    cells = fitted.roles.get("year", [])
    if not cells or fitted.text("name"):
        return None
    years = [years_in(cell.text) for cell in cells]
    if not all(len(found) == 1 for found in years):
        return None
    return [(found[0], position + 1) for position, found in enumerate(years)]


def _is_figure(cell: Cell) -> bool:
    return parse_amount(cell.text) is not None


def _blank(line: int) -> Cell:
    return Cell(text="", line=line)


def fit(row: Row, spec: TableSpec, path: str) -> FittedRow:
    cells = list(row.cells)
    span_start, span_end = spec.figure_span()
    figure_count = span_end - span_start
    trailing_text = len(spec.right) - span_end

    if len(cells) > spec.width:
        surplus = len(cells) - spec.width
        block_start = len(spec.left) + span_start
        block_end = len(cells) - trailing_text
        block = cells[block_start:block_end]
        from_left = block[0].empty if block else False
        dropped = block[:surplus] if from_left else block[len(block) - surplus:]
        if len(dropped) < surplus or any(not cell.empty for cell in dropped):
            raise SourceError(
                path, row.line,
                f"row has {len(row.cells)} cells but the table has {spec.width} columns, "
                "and the extra cells are not empty",
            )
        block = block[surplus:] if from_left else block[:len(block) - surplus]
        cells = cells[:block_start] + block + cells[block_end:]
        row.notes.append(f"{SURPLUS_LEFT if from_left else SURPLUS_RIGHT}:{surplus}")

    if len(cells) < spec.width:
        cells = [_blank(row.line) for _ in range(spec.width - len(cells))] + cells

    # Figures found under text columns mean the row's cells are shifted left.
    roles = list(spec.left) + list(spec.right)
    shifted_at = next(
        (index for index, (role, cell) in enumerate(zip(roles, cells, strict=True))
         if role not in FIGURE_ROLES and role not in NUMBER_ROLES and _is_figure(cell)),
        None,
    )
    if shifted_at is not None and figure_count:
        text_part = cells[:shifted_at]
        block = cells[shifted_at:shifted_at + figure_count]
        leftover = cells[shifted_at + figure_count:]
        if any(not cell.empty for cell in leftover):
            raise SourceError(path, row.line, "figures are out of place and cannot be realigned")
        rebuilt = text_part + block + [_blank(row.line) for _ in range(trailing_text)]
        if len(rebuilt) > spec.width:
            raise SourceError(path, row.line, "figures are out of place and cannot be realigned")
        cells = [_blank(row.line) for _ in range(spec.width - len(rebuilt))] + rebuilt
        row.notes.append(SHIFTED)

    fitted = FittedRow(row=row)
    for role, cell in zip(roles, cells, strict=True):
        fitted.roles.setdefault(role, []).append(cell)
    return fitted
