"""The grid every layout parser produces: rows of cells that remember their source line."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    text: str
    line: int  # 1-based line where the cell starts in the raw document

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass
class Row:
    cells: list[Cell]
    line: int  # line of the row's first cell
    notes: list[str] = field(default_factory=list)  # how the row was realigned, if it was

    def non_empty(self) -> list[Cell]:
        return [cell for cell in self.cells if not cell.empty]
