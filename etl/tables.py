"""Give each cell of a rebuilt row its role (name, year, total, ...) from the manifest's column spec.

Columns are declared as ``left`` roles, read from the row's start, and ``right`` roles, read from
its end. Real rows do not always have the table's width, so three generic rules apply, in order:

1. A short row (merged cells) is padded on the left: its last cells are always the right roles.
2. A long row may only have surplus *empty* cells inside its block of figures, at any position.
   Every way of dropping them is tried; when the ways give different readings, the row's own
   total (the total column equal to the sum of its years) decides, then the columns that rows of
   the same width (one table, as its header counts them) could only drop in one way. A row that
   is still ambiguous keeps its text, has none of its figures read, and is a finding.
3. A row whose figures sit under text columns (cells shifted left) has its block of figures moved
   back so that it starts right after the row's last text cell; the cells it leaves must be empty.

Every realignment is noted on the row so that the data-quality report can say what was done.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from etl.errors import SourceError
from etl.model import Cell, Row
from etl.text import parse_amount, years_in

# Notes left on a realigned row (see etl.programme for the messages shown to users).
SURPLUS_LEFT = "surplus_left"
SURPLUS_RIGHT = "surplus_right"
SHIFTED = "shifted"
SURPLUS_AT = "surplus_at"  # "surplus_at:count:columns", dropped inside the figures (1-based columns)
AMBIGUOUS = "ambiguous"  # "ambiguous:count:reading|reading", no figure read
# Beyond this many ways of dropping surplus cells a row is not worth guessing at: it is ambiguous.
MAX_PLACEMENTS = 500

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


@dataclass(frozen=True)
class Placement:
    dropped: tuple[int, ...]  # positions in the figure block
    cells: tuple[Cell, ...]  # the block once they are dropped

    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text.strip() for cell in self.cells)


def _block(cells: list[Cell], spec: TableSpec) -> tuple[int, int]:
    span_start, span_end = spec.figure_span()
    return len(spec.left) + span_start, len(cells) - (len(spec.right) - span_end)


def placements(cells: list[Cell], spec: TableSpec) -> list[Placement] | None:
    """Every way of dropping a long row's surplus empty cells from its figure block (None: too many)."""
    surplus = len(cells) - spec.width
    block_start, block_end = _block(cells, spec)
    block = cells[block_start:block_end]
    empty = [index for index, cell in enumerate(block) if cell.empty]
    found = []
    for count, dropped in enumerate(combinations(empty, surplus)):
        if count >= MAX_PLACEMENTS:
            return None
        kept = tuple(cell for index, cell in enumerate(block) if index not in dropped)
        found.append(Placement(dropped, kept))
    return found


def _adds_up(placement: Placement, spec: TableSpec) -> bool:
    """The row's own total equals the sum of its years once these cells are dropped."""
    span_start, span_end = spec.figure_span()
    roles = spec.right[span_start:span_end]
    total = [parse_amount(cell.text) for role, cell in zip(roles, placement.cells, strict=True) if role == "total"]
    years = [parse_amount(cell.text) for role, cell in zip(roles, placement.cells, strict=True) if role == "year"]
    if len(total) != 1 or total[0] is None or not any(amount is not None for amount in years):
        return False
    return sum((amount for amount in years if amount is not None), Decimal(0)) == total[0]


SurplusHints = dict[int, set[int]]  # row width -> block positions that rows of that width had to drop


def surplus_hints(rows: Iterable[Row], spec: TableSpec) -> SurplusHints:
    """What the long rows that can be fitted in one way only say about where a table's extra column is."""
    hints: SurplusHints = {}
    for row in rows:
        if len(row.cells) <= spec.width:
            continue
        found = placements(row.cells, spec)
        if found is not None and len(found) == 1:
            hints.setdefault(len(row.cells), set()).update(found[0].dropped)
    return hints


def _distinct(found: list[Placement]) -> list[Placement]:
    return list({placement.texts(): placement for placement in found}.values())


def _choose(found: list[Placement], spec: TableSpec, width: int, hints: SurplusHints) -> list[Placement]:
    """The readings left after the row's total and the table's other rows have had their say."""
    readings = _distinct(found)
    if len(readings) > 1:
        adding_up = [placement for placement in found if _adds_up(placement, spec)]
        if adding_up:
            found = adding_up
            readings = _distinct(found)
    if len(readings) > 1 and hints.get(width):
        hinted = [placement for placement in found if set(placement.dropped) <= hints[width]]
        if hinted:
            readings = _distinct(hinted)
    return readings


def _edge_note(block: list[Cell], chosen: Placement, surplus: int, block_start: int) -> str:
    """left/right when the cells dropped could as well be the block's edge (the older rule's words)."""
    left = tuple(cell.text.strip() for cell in block[surplus:])
    right = tuple(cell.text.strip() for cell in block[:len(block) - surplus])
    at_left, at_right = chosen.texts() == left, chosen.texts() == right
    if at_left and (block[0].empty or not at_right):
        return f"{SURPLUS_LEFT}:{surplus}"
    if at_right:
        return f"{SURPLUS_RIGHT}:{surplus}"
    columns = ",".join(str(block_start + index + 1) for index in chosen.dropped)
    return f"{SURPLUS_AT}:{surplus}:{columns}"


def _drop_surplus(row: Row, cells: list[Cell], spec: TableSpec, path: str, hints: SurplusHints) -> list[Cell]:
    surplus = len(cells) - spec.width
    block_start, block_end = _block(cells, spec)
    block = cells[block_start:block_end]
    found = placements(cells, spec)
    if found is not None and not found:
        raise SourceError(
            path, row.line,
            f"row has {len(row.cells)} cells but the table has {spec.width} columns, "
            "and the extra cells are not empty",
        )
    readings = _choose(found, spec, len(cells), hints) if found else []
    if len(readings) == 1:
        row.notes.append(_edge_note(block, readings[0], surplus, block_start))
        return cells[:block_start] + list(readings[0].cells) + cells[block_end:]
    # Ambiguous: the text columns are certain (they are counted from both ends), the figures are not.
    shown = "|".join(" ; ".join(reading.texts()) for reading in readings[:3]) if readings else "too many"
    row.notes.append(f"{AMBIGUOUS}:{surplus}:{shown}")
    blanks = [_blank(row.line) for _ in range(len(block) - surplus)]
    return cells[:block_start] + blanks + cells[block_end:]


def fit(row: Row, spec: TableSpec, path: str, hints: SurplusHints | None = None) -> FittedRow:
    cells = list(row.cells)
    span_start, span_end = spec.figure_span()
    figure_count = span_end - span_start
    trailing_text = len(spec.right) - span_end

    if len(cells) > spec.width:
        cells = _drop_surplus(row, cells, spec, path, hints or {})

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
