"""Read one document end to end: facts from its text, its sections, its indicators."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.errors import SourceError
from etl.indicators import Indicator, indicators_from_results, parse_indicator_table
from etl.manifest import Document
from etl.mappings import NonMonetaryPhrases, SourceMapping
from etl.programme import (
    Finding,
    MoneyReader,
    TasksResult,
    parse_tasks,
    section_rows,
)
from etl.statements import parse_statement
from etl.text import clean_cell, years_in

_KATOTTG = re.compile(r"\bUA\d{17}\b")
# Linear on any line: the text before the colon stops where the phrase starts again (the match from
# there reads the same number), and possessive runs never hand characters back.
_POPULATION = re.compile(
    r"Чисельність\s++населення(?:(?!Чисельність\s+населення)[^:\n])*+:\s*+\**+\s*+"
    r"(?P<number>\d(?:[ \u00a0]*+\d)++)\s*+\**+\s*+осіб",
    re.IGNORECASE,
)
# population_document is an INTEGER column (etl/sql/schema.sql).
_MAX_POPULATION = 2**31 - 1


@dataclass
class Fact:
    value: str
    line: int


@dataclass
class ParsedDocument:
    document: Document
    lines: list[str]
    title: Fact
    katottg: Fact | None
    population_claim: Fact | None
    tasks: TasksResult
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.tasks.findings


def find_fact(lines: list[str], pattern: re.Pattern, group: str | int = 0) -> Fact | None:
    for index, text in enumerate(lines):
        match = pattern.search(text)
        if match:
            return Fact(value=clean_cell(match.group(group)), line=index + 1)
    return None


def read_title(document: Document, lines: list[str]) -> Fact:
    title = find_fact(lines, document.title_pattern, 1)
    if title is None:
        raise SourceError(document.relative_path, None,
                          "programme title not found; check title_pattern in data/sources.toml")
    years = years_in(title.value)
    if not years or (min(years), max(years)) != (document.period_start, document.period_end):
        raise SourceError(document.relative_path, title.line,
                          f"the title names the period {title.value!r}, but data/sources.toml says "
                          f"{document.period_start}-{document.period_end}")
    return title


def read_population(document: Document, lines: list[str]) -> Fact | None:
    population = find_fact(lines, _POPULATION, "number")
    if population is None:
        return None
    digits = re.sub(r"\D", "", population.value)
    if len(digits) > len(str(_MAX_POPULATION)) or int(digits) > _MAX_POPULATION:
        raise SourceError(document.relative_path, population.line,
                          f"population {population.value!r} is not a plausible number of residents")
    return Fact(digits, population.line)


def parse_document(document: Document, sources: SourceMapping, phrases: NonMonetaryPhrases) -> ParsedDocument:
    lines = document.read_lines()
    title = read_title(document, lines)
    parsed = ParsedDocument(
        document=document, lines=lines, title=title,
        katottg=find_fact(lines, _KATOTTG),
        population_claim=read_population(document, lines),
        tasks=TasksResult(),
    )
    money = MoneyReader(document, phrases)
    indicator_sections = []
    for section in document.sections:
        rows = section_rows(document, lines, section)
        if section.kind == "tasks":
            parse_tasks(document, section, rows, sources, money, parsed.tasks,
                        first_sequence=len(parsed.tasks.measures) + 1)
        elif section.kind in {"passport", "resources"}:
            parse_statement(document, section, rows, sources, money, parsed.tasks)
        else:
            indicator_sections.append((section, rows))
    if not parsed.tasks.measures:
        raise SourceError(document.relative_path, None,
                          "no measures found in the task appendix (is the file truncated?)")
    for measure in parsed.tasks.measures:
        measure.note_non_monetary_cells()
    measures_by_item = {measure.item_number: measure.measure_id
                        for measure in parsed.tasks.measures if measure.item_number}
    priority_codes = {priority.code for priority in parsed.tasks.priorities}
    for section, rows in indicator_sections:
        parsed.indicators += parse_indicator_table(
            document, section, rows, document.years, len(parsed.indicators) + 1,
            measures_by_item, priority_codes,
        )
    if not indicator_sections:
        parsed.indicators = indicators_from_results(document, parsed.tasks.measures, 1)
    return parsed

