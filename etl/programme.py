"""Turn the fitted rows of a document's task sections into priorities, measures and stated totals
(passport and resource tables: etl/statements.py).

Everything here is generic: what differs between documents (column roles, heading patterns,
money unit) comes from the manifest. Rows are classified in a fixed order:

1. total rows (``total_pattern`` / ``subtotal_pattern``), so that a blank "ВСЬОГО" is kept;
2. one-cell headings: a priority direction, a year heading, or prose that is skipped;
3. header rows (``header_pattern``), the row that labels the year columns, and rows that only
   number the columns ("1 | 2 | 3 ...");
4. a row whose first text is a funding source continues the measure or total above it;
5. a row with figures but no text at all is the programme total (an unlabelled closing row);
6. a row with a name is a measure.
Anything else that holds figures is an error, so no amount is ever dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from etl.errors import SourceError
from etl.layouts import PARSERS
from etl.limits import money_limit
from etl.manifest import Document, Section
from etl.mappings import AGGREGATE, NonMonetaryPhrases, SourceMapping, UnknownSource
from etl.messages import phrase, render
from etl.model import Cell, Row
from etl.tables import (
    AMBIGUOUS,
    SHIFTED,
    SURPLUS_AT,
    SURPLUS_LEFT,
    FittedRow,
    TableSpec,
    fit,
    surplus_hints,
    year_header,
)
from etl.text import clean_cell, parse_amount, term_years

THOUSANDTHS = Decimal("0.001")
# An item number has a few digits per level ("4.2."); longer runs of digits are not numbering.
_ITEM_NUMBER = re.compile(r"^(\d{1,9}(?:\.\d{1,9})*)\.?(?:\s|$)")


@dataclass
class Money:
    kind: str  # "amount", "blank" or "non_monetary"
    amount: Decimal | None
    text: str
    line: int


@dataclass
class MoneyLine:
    label: str
    source_class: str | None  # a source class, "all" for a line that totals every source
    total: Money | None
    years: list[tuple[int, int, Money]]  # (year as labelled, programme year, reading)
    line: int

    def readings(self) -> list[Money]:
        return ([self.total] if self.total else []) + [money for _, _, money in self.years]

    @property
    def has_amount(self) -> bool:
        return any(money.kind == "amount" for money in self.readings())

    @property
    def all_blank(self) -> bool:
        return all(money.kind == "blank" for money in self.readings())


@dataclass
class Priority:
    code: str
    name: str
    level: int
    parent_code: str | None
    line: int


@dataclass
class Measure:
    community_id: str
    sequence: int
    priority_code: str | None
    task: str | None
    name: str
    responsible: str | None
    term: str | None
    item_number: str | None
    expected_result: str | None
    line: int
    result_line: int | None = None
    lines: list[MoneyLine] = field(default_factory=list)
    source_label: str | None = None
    non_monetary: list[tuple[str, int | None]] = field(default_factory=list)  # (text, year)

    @property
    def measure_id(self) -> str:
        return f"{self.community_id}-m{self.sequence:03d}"

    @property
    def term_span(self) -> tuple[int | None, int | None]:
        return term_years(self.term or "")

    def note_non_monetary_cells(self) -> None:
        """Record "В межах кошторисних призначень", "-", "+" cells; they create no funding."""
        for line in self.lines:
            if line.total and line.total.kind == "non_monetary":
                self.non_monetary.append((line.total.text, None))
            for year, _, money in line.years:
                if money.kind == "non_monetary":
                    self.non_monetary.append((money.text, year))


@dataclass
class StatedGroup:
    scope: str  # passport, programme, priority, resources
    label: str
    priority_code: str | None
    line: int
    lines: list[MoneyLine] = field(default_factory=list)


@dataclass
class Finding:
    """A remark made while reading, kept for the data_issue table."""
    check_id: str
    severity: str
    line: int
    message_uk: str
    message_en: str


@dataclass
class TasksResult:
    priorities: list[Priority] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    groups: list[StatedGroup] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def section_bounds(document: Document, lines: list[str], section: Section) -> tuple[int, int]:
    """0-based [start, end) of a section, found by its start and end patterns (or by etl/inference.py)."""
    if section.bounds is not None:
        return section.bounds
    start = next((index for index, text in enumerate(lines) if section.start.search(text)), None)
    if start is None:
        raise SourceError(document.relative_path, None,
                          f"{section.kind} section not found: no line matches {section.start.pattern!r}")
    end = len(lines)
    if section.end is not None:
        end_index = next((index for index in range(start + 1, len(lines)) if section.end.search(lines[index])), None)
        if end_index is None:
            raise SourceError(document.relative_path, start + 1,
                              f"{section.kind} section has no end: no line matches {section.end.pattern!r}"
                              " (is the file truncated?)")
        end = end_index
    return start, end


def section_rows(document: Document, lines: list[str], section: Section) -> list[Row]:
    start, end = section_bounds(document, lines, section)
    return PARSERS[document.layout](lines, start, end, section.options)


class MoneyReader:
    """Reads a document's money cells; keeps the running sum so that no total can overflow later."""

    def __init__(self, document: Document, phrases: NonMonetaryPhrases):
        self.document = document
        self.phrases = phrases
        self.limit = money_limit()
        self.read_so_far = Decimal(0)

    def read(self, cell: Cell | None, column: str) -> Money:
        if cell is None or cell.empty:
            return Money("blank", None, "", cell.line if cell else 0)
        text = clean_cell(cell.text)
        if self.phrases.match(text):
            return Money("non_monetary", None, text, cell.line)
        amount = parse_amount(text)
        if amount is None:
            raise SourceError(self.document.relative_path, cell.line,
                              f"{text!r} is not an amount (column {column}); expected a figure such as "
                              "1 500,0, or a phrase listed in data/mappings/non_monetary.csv")
        converted = amount / self.document.money_divisor
        if converted >= self.limit:
            raise SourceError(self.document.relative_path, cell.line,
                              f"{text!r} is more than the warehouse can hold: amounts must stay below "
                              f"{self.limit:,.0f} thousand UAH (the DECIMAL columns of etl/sql/schema.sql)")
        converted = converted.quantize(THOUSANDTHS)
        self.read_so_far += converted
        if self.read_so_far >= self.limit:
            raise SourceError(self.document.relative_path, cell.line,
                              f"with {text!r} the document's amounts add up to more than the warehouse's "
                              f"totals can hold ({self.limit:,.0f} thousand UAH)")
        return Money("amount", converted, text, cell.line)

    def line(self, fitted: FittedRow, year_labels: list[tuple[int, int]], label: str,
             source_class: str | None) -> MoneyLine:
        year_cells = fitted.roles.get("year", [])
        if year_cells and len(year_cells) != len(year_labels):
            raise SourceError(self.document.relative_path, fitted.line,
                              "the table's year columns are not known here (no header row with years)")
        total_cell = fitted.roles.get("total")
        return MoneyLine(
            label=label,
            source_class=source_class,
            total=self.read(total_cell[0], "total") if total_cell else None,
            years=[(year, programme_year, self.read(cell, str(year)))
                   for (year, programme_year), cell in zip(year_labels, year_cells, strict=True)],
            line=fitted.line,
        )


def note_realignment(row: Row, result: TasksResult, only_ambiguous: bool = False) -> None:
    """Tell users where a row's cells were moved to fit the table (see etl.tables)."""
    for note in row.notes:
        kind, _, rest = note.partition(":")
        count, _, detail = rest.partition(":")
        if kind == AMBIGUOUS:
            readings = phrase("too_many") if detail == "too many" else detail.replace("|", " / ")
            result.findings.append(Finding("row_ambiguous", "error", row.line,
                                           *render("row_ambiguous", "cells", count=count, readings=readings)))
            continue
        if only_ambiguous:
            continue
        if kind == SHIFTED:
            how = phrase("cells_shifted")
        elif kind == SURPLUS_AT:
            how = phrase("cells_surplus_at", count=count, cells=detail)
        else:
            how = phrase("cells_surplus", count=count, edge=phrase("edge_left" if kind == SURPLUS_LEFT else "edge_right"))
        result.findings.append(Finding("row_realigned", "info", row.line, *render("row_realigned", how=how)))


def _left_texts(fitted: FittedRow, spec: TableSpec) -> list[tuple[str, Cell]]:
    texts = []
    for role in dict.fromkeys(spec.left):
        for cell in fitted.roles.get(role, []):
            if not cell.empty:
                texts.append((role, cell))
    return texts


def is_column_numbering(row: Row) -> bool:
    values = [clean_cell(cell.text) for cell in row.non_empty()]
    return len(values) >= 3 and values == [str(number) for number in range(1, len(values) + 1)]


def _item_number(number_text: str, name: str) -> str | None:
    for text in (number_text, name):
        match = _ITEM_NUMBER.match(clean_cell(text or ""))
        if match:
            return match.group(1)
    return None


def parse_tasks(document: Document, section: Section, rows: list[Row], sources: SourceMapping,
                money: MoneyReader, result: TasksResult, first_sequence: int) -> None:
    path = document.relative_path
    spec = section.spec
    total_spec = TableSpec(left=spec.left, right=tuple(section.option("total_right", spec.right)))
    header = re.compile(section.option("header_pattern", r"^$"))
    subtotal = re.compile(section.option("subtotal_pattern", r"^$"), re.IGNORECASE)
    programme_total = re.compile(section.option("total_pattern", r"^$"), re.IGNORECASE)
    year_heading = section.option("year_heading")
    year_heading = re.compile(year_heading) if year_heading else None
    priority_patterns = [re.compile(pattern) for pattern in section.option("priority_patterns", [])]
    source_when_absent = section.option("source_when_absent")
    hints = surplus_hints(rows, spec)

    year_labels: list[tuple[int, int]] | None = None
    open_priorities: dict[int, Priority] = {}
    seen_priorities = {priority.code: priority for priority in result.priorities}  # one document may have several task sections
    ordinal = 0
    task: str | None = None
    context: Measure | StatedGroup | None = None
    sequence = first_sequence

    def current_priority() -> str | None:
        return open_priorities[max(open_priorities)].code if open_priorities else None

    for row in rows:
        cells = row.non_empty()
        if not cells:
            continue
        first = clean_cell(cells[0].text)

        # 1. Totals, before headings: a blank "ВСЬОГО" has a single non-empty cell.
        is_subtotal = bool(subtotal.search(first))
        if is_subtotal or programme_total.search(first):
            row_spec = spec if is_subtotal else total_spec
            fitted = fit(row, row_spec, path, hints if row_spec == spec else None)
            note_realignment(row, result)
            labels = _left_texts(fitted, spec)
            after_label = [cell for _, cell in labels[1:]]
            source_label = next((clean_cell(cell.text) for cell in after_label
                                 if sources.lookup(cell.text)), "")
            source_class = sources.lookup(source_label) if source_label else AGGREGATE
            group = StatedGroup(
                scope="priority" if is_subtotal else "programme",
                label=first,
                priority_code=current_priority() if is_subtotal else None,
                line=row.line,
            )
            group.lines.append(money.line(fitted, year_labels or [], source_label or first, source_class))
            result.groups.append(group)
            context = group
            continue

        # 2. One-cell headings.
        if len(cells) == 1 and parse_amount(first) is None and not sources.lookup(first):
            context = None
            if year_heading and (match := year_heading.search(first)):
                year = int(match["year"])
                year_labels = [(year, year - document.period_start + 1)]
                continue
            for level, pattern in enumerate(priority_patterns, start=1):
                match = pattern.match(first)
                if not match:
                    continue
                if level == 1:
                    ordinal += 1
                code = match.groupdict().get("code") or str(ordinal)
                if (earlier := seen_priorities.get(code)) is not None:
                    raise SourceError(path, cells[0].line,
                                      f"direction {code} is listed twice: at line {earlier.line} "
                                      f"({earlier.name[:60]!r}) and here")
                parent = open_priorities.get(level - 1)
                priority = Priority(code=code, name=clean_cell(match["name"]), level=level,
                                    parent_code=parent.code if parent else None, line=cells[0].line)
                for deeper in [key for key in open_priorities if key >= level]:
                    del open_priorities[deeper]
                open_priorities[level] = priority
                seen_priorities[code] = priority
                result.priorities.append(priority)
                task = None
                break
            continue

        # 3. Header rows.
        if header.search(first) or is_column_numbering(row):
            continue
        fitted = fit(row, spec, path, hints)
        labels_found = year_header(fitted)
        if labels_found is not None:
            year_labels = labels_found
            continue
        note_realignment(row, result)

        left = _left_texts(fitted, spec)
        first_left = clean_cell(left[0][1].text) if left else ""

        # 4. A funding source continuing the measure or total above.
        if context is not None and first_left and sources.lookup(first_left):
            context.lines.append(money.line(fitted, year_labels or [], first_left, sources.lookup(first_left)))
            continue

        # 5. Figures with no text at all: an unlabelled closing total.
        text_roles = [role for role in dict.fromkeys(spec.left + spec.right)
                      if role not in {"year", "total", "result"}]
        if not any(fitted.text(role) for role in text_roles):
            line = money.line(fitted, year_labels or [], "", AGGREGATE)
            if line.has_amount:
                group = StatedGroup(scope="programme", label="", priority_code=None, line=row.line)
                group.lines.append(line)
                result.groups.append(group)
                context = group
            continue

        # 6. A measure.
        name = fitted.text("name")
        if not name:
            line = money.line(fitted, year_labels or [], "", None)
            label = fitted.text("source") or (first_left if context is not None else "")
            if line.has_amount and label:
                # A row of figures labelled only in the source column (or under a measure or total)
                # names a funding source.
                raise UnknownSource(path, row.line, f"funding source {label!r} is not in "
                                    f"{sources.path.as_posix()}; add it there with its source class", label)
            if line.has_amount:
                raise SourceError(path, row.line, "row has figures but no measure name or total label")
            continue
        if fitted.text("task"):
            task = fitted.text("task")
        result_cell = fitted.cell("result")
        measure = Measure(
            community_id=document.community_id,
            sequence=sequence,
            priority_code=current_priority(),
            task=task,
            name=name,
            responsible=fitted.text("responsible") or None,
            term=fitted.text("term") or None,
            item_number=_item_number(fitted.text("number"), name),
            expected_result=fitted.text("result") or None,
            line=(fitted.cell("name") or row.cells[0]).line,
            result_line=result_cell.line if result_cell and fitted.text("result") else None,
        )
        sequence += 1
        source_text = fitted.text("source")
        if source_text and money.phrases.match(source_text):
            measure.non_monetary.append((clean_cell(source_text), None))
            source_class = None
        elif source_text:
            source_cell = fitted.cell("source")
            source_class = sources.require(source_text, path, source_cell.line if source_cell else row.line)
        else:
            source_class = source_when_absent
        measure.source_label = clean_cell(source_text) if source_text else None
        line = money.line(fitted, year_labels or [], measure.source_label or "", source_class)
        if line.has_amount and source_class is None:
            raise SourceError(path, row.line, "measure has amounts but names no funding source")
        measure.lines.append(line)
        result.measures.append(measure)
        context = measure
