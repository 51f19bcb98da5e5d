"""Passport and resource tables: rows whose label is a funding source, with figures per year.

A passport may put a header and its figures in one cell ("Всього 2026 рік 2027 рік 2028 рік
18 655,0 7 735,0 …"); a space there both separates thousands and figures, so every reading is tried
and the row's own total decides; a row still ambiguous is a finding, not a guess.
"""
from __future__ import annotations

import re
from decimal import Decimal

from etl.errors import SourceError
from etl.manifest import Document, Section
from etl.mappings import SourceMapping, UnknownSource
from etl.messages import render
from etl.model import Cell, Row
from etl.programme import (
    Finding,
    MoneyLine,
    MoneyReader,
    StatedGroup,
    TasksResult,
    is_column_numbering,
    note_realignment,
)
from etl.tables import MAX_PLACEMENTS, fit, surplus_hints, year_header
from etl.text import clean_cell, parse_amount, years_in

_MAX_GROUPS = 6  # space-separated digit groups in one inline figure
# "Всього 2026 рік 2027 рік 2028 рік 27745 10275 8245 9225": a header and its figures in one cell.
# The years are one atomic group: "2026 2026 ..." cannot be re-split between years and figures,
# which took exponential time.
_INLINE_FIGURES = re.compile(
    r"^Всього\s++(?P<years>(?>(?:20\d\d\s*+(?:рік|р\.)?\s*+)+))(?P<figures>[\d\s,.]+)$", re.IGNORECASE
)


def parse_statement(document: Document, section: Section, rows: list[Row], sources: SourceMapping,
                    money: MoneyReader, result: TasksResult) -> None:
    """Passport and resource tables: rows whose label is a funding source in the mapping file."""
    path = document.relative_path
    group = StatedGroup(scope=section.kind, label=section.kind, priority_code=None,
                        line=rows[0].line if rows else 0)
    year_labels: list[tuple[int, int]] = []
    hints = surplus_hints(rows, section.spec)
    for row in rows:
        if not row.non_empty() or is_column_numbering(row):
            continue
        fitted = fit(row, section.spec, path, hints)
        note_realignment(row, result, only_ambiguous=True)
        found = year_header(fitted)
        if found is not None:
            year_labels = found
            continue
        label = fitted.text("label")
        source_class = sources.lookup(label) if label else None
        total_cell = fitted.cell("total")
        inline = _INLINE_FIGURES.match(clean_cell(total_cell.text)) if total_cell else None
        if source_class is None:
            figures = [cell for role in ("total", "year") for cell in fitted.roles.get(role, [])
                       if parse_amount(cell.text) is not None]
            if figures or inline:
                raise UnknownSource(path, row.line,
                                    f"row {label!r} holds figures but its label is not in "
                                    "data/mappings/funding_sources.csv; add it there with its source class", label)
            continue
        if inline and total_cell is not None:
            inline_line = _inline_line(document, money, inline, total_cell, label, source_class, result)
            if inline_line is not None:
                group.lines.append(inline_line)
            continue
        line = money.line(fitted, year_labels, label, source_class)
        label_cell = fitted.cell("label")  # holds text: the label named a funding source
        if label_cell is not None:
            line.line = label_cell.line  # point at the label, not at an empty leading cell
        group.lines.append(line)
    if group.lines:
        group.line = group.lines[0].line
        result.groups.append(group)


def inline_readings(text: str, count: int) -> list[list[str]]:
    """Every way of reading ``text`` as ``count`` figures («18 655,0 7 735,0 …» or «27745 10275 …»).

    A space is both the thousands separator and the gap between figures, so a figure is one or
    more space-separated groups that together read as an amount.
    """
    tokens = text.split()
    # ends[i]: where a figure starting at token i may end (a longer run of groups that does not read
    # as an amount cannot be extended into one; six groups are beyond any amount the warehouse holds).
    ends: list[list[int]] = []
    for start in range(len(tokens)):
        ends.append([])
        for end in range(start + 1, min(len(tokens), start + _MAX_GROUPS) + 1):
            if parse_amount(" ".join(tokens[start:end])) is None:
                break
            ends[start].append(end)
    # able[i][k]: tokens from i on can be read as exactly k figures; only such branches are walked,
    # so the work is bounded by the readings found, not by every way of splitting the tokens.
    able = [[False] * (count + 1) for _ in range(len(tokens) + 1)]
    able[len(tokens)][0] = True
    for start in range(len(tokens) - 1, -1, -1):
        for left in range(1, count + 1):
            able[start][left] = any(able[end][left - 1] for end in ends[start])
    if not able[0][count]:
        return []
    readings: list[list[str]] = []

    def walk(start: int, taken: list[str]) -> None:
        if len(readings) > MAX_PLACEMENTS:
            return
        if start == len(tokens):
            readings.append(list(taken))
            return
        for end in ends[start]:
            if able[end][count - len(taken) - 1]:
                walk(end, [*taken, " ".join(tokens[start:end])])

    walk(0, [])
    return readings


def _inline_line(document: Document, money: MoneyReader, match: re.Match, cell: Cell, label: str,
                 source_class: str, result: TasksResult) -> MoneyLine | None:
    years = years_in(match["years"])
    readings = inline_readings(match["figures"], len(years) + 1)
    if len(readings) > 1:
        adding_up = [reading for reading in readings
                     if parse_amount(reading[0]) == sum((parse_amount(figure) or 0 for figure in reading[1:]), Decimal(0))]
        readings = adding_up or readings
        # Readings that differ only in how a figure is written ("000" or "0") are one reading.
        readings = list({tuple(parse_amount(figure) for figure in reading): reading for reading in readings}.values())
    if not readings:
        raise SourceError(document.relative_path, cell.line,
                          f"expected {len(years) + 1} figures after the header (total and one per year), "
                          f"but {match['figures'].strip()!r} cannot be read so")
    if len(readings) > 1:
        shown = " / ".join(" ; ".join(reading) for reading in readings[:3])
        result.findings.append(Finding("row_ambiguous", "error", cell.line,
                                       *render("row_ambiguous", "inline", readings=shown)))
        return None
    figures = readings[0]
    readings_read = [money.read(Cell(text=figure, line=cell.line), "total") for figure in figures]
    return MoneyLine(
        label=label, source_class=source_class, total=readings_read[0],
        years=[(year, position + 1, reading)
               for position, (year, reading) in enumerate(zip(years, readings_read[1:], strict=True))],
        line=cell.line,
    )
