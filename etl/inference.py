"""What a programme document says about its own structure, read by one set of rules for every document.

``infer_entry`` returns the keys of a ``[[document]]`` entry (etl/manifest.py) that the text itself
states: the layout family, the period and title, the money unit, and the sections with their column
roles and row patterns. The rules below are the wording of the Mintsyfra template and of councils'
programmes; nothing here names a community. The manifest fills the keys an entry leaves out from
here, and ``python -m etl add`` writes only what these rules cannot find.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl.errors import SourceError
from etl.layouts import PARSERS
from etl.model import Row
from etl.text import clean_cell, parse_amount, years_in

# The title as councils write it; where the text defines it ("… роки (далі – Програма)"), that one.
TITLE = r"(?i)((?:місцева\s+)?програм[аи]\s+інформатизації.*?20\d\d\s*[-–]\s*20\d\d\s+рок(?:и|ів))"
_TITLE = re.compile(TITLE)
_DEFINED = re.compile(r"^\s*\(далі")

# Where each section starts (the first line that matches) and what may end it.
SECTION_STARTS = {
    "passport": r"(?i)^\s*(?:[IІ1]\.\s*)?паспорт\b",
    "resources": r"(?i)^\s*(?:додаток\s+\d+\.\s*)?ресурсне\s+забезпечення",
    "tasks": r"(?i)^\s*(?:перелік\s+завдань|каталог\s+проєктів|каталог\s+проектів)",
    "indicators": r"(?i)^\s*перелік\s+індикаторів",
}
YEAR_APPENDIX = r"(?:Заходи|Завдання)\s+Програми\s+(?:у|на)\s+(?P<year>20\d\d)\s+р(?:оці|ік)"
# Possessive runs (\s*+) keep every pattern here linear on any line (tests/etl/test_regex_worst_cases.py).
PASSPORT_END = r"(?i)^\s*+(?:[IІ]{2}|2)?\.?\s*+загальні\s+положення"
# A signature under a table, or the next appendix, ends the section above it.
SECTION_END = r"^\s*(?:Керуючий\s+справами|Секретар\s+(?:міської|сільської|селищної)\s+ради|Начальник\s+відділу|Додаток\s+\d)"

SUBTOTAL = r"(?i)^(?:всього|усього|разом)\s+за\s+(?:напрямом|пріоритетом|завданням)"
# "Всього за програмою" where the document has it; else a bare "Всього:" (then a bare "Всього" heading
# over the year columns is a heading, not a total, in a document that says "за програмою").
TOTAL_NAMED = r"(?i)^(?:всього|усього|разом)\s+за\s+програмою"
TOTAL = r"(?i)^(?:всього|усього|разом)\s*:?$"
# Direction headings, one list per level: the first of a level that the document uses is taken.
PRIORITY_LEVELS = [
    [r"^Пріоритет(?:ний\s++напрям(?:ок)?)?\s*+(?P<code>\d+)?\s*+\.?\s*+«(?P<name>[^»]+)»\s*$",
     r"^Пріоритет(?:ний\s++напрям(?:ок)?)?\s*+(?P<code>\d+)?\s*+\.\s*+(?P<name>.+)$",
     r"^(?P<code>\d+)\.\s+(?P<name>.+)$"],
    [r"^(?P<code>\d+\.\d+)\.\s*(?P<name>.+)$"],
]
# Passport rows open with a bare item number ("1", "10.").
PASSPORT_NEW_ROW = r"^\d+(?:\.\d+)*\.?(?:\s|$)"

# Column headings, checked in this order: the first role whose words a heading holds.
COLUMN_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("number", ("№", "з/п")),
    ("direction", ("напрям",)),
    ("name", ("індикатор",)),
    ("unit", ("одиниц",)),
    ("baseline", ("базов",)),
    ("dynamics", ("динамік",)),
    ("responsible", ("виконавц", "відповідальн")),
    ("term", ("строк", "термін")),
    ("source", ("джерел",)),
    ("result", ("результат", "показники ефективності")),
    ("name", ("проєкт", "проект", "заход")),
    ("task", ("завдан",)),
    ("name", ("назва", "зміст", "найменування")),
    ("total", ("всього", "разом", "бюджет", "вартість")),
    ("money", ("обсяг", "фінансування", "період", "етапи", "цільові значення")),
]
_RANGE = re.compile(r"^20\d\d\s*[-–]\s*20\d\d$")


@dataclass
class Found:
    """What ``infer_entry`` read, with the lines a report can point at."""
    entry: dict
    bounds: list[tuple[int, int]]  # each section's 0-based [start, end) lines, in entry["section"] order
    title: str
    title_line: int
    unplaced: list[str]


def layout_of(lines: list[str]) -> str:
    """The layout family whose marks most lines carry: ``| a | b |``, a leading tab, or inner tabs."""
    pipes = sum(line.lstrip().startswith("|") for line in lines)
    leading = sum(line.startswith("\t") for line in lines)
    inner = sum("\t" in line.lstrip("\t") for line in lines)
    counts = {"pipe_table": pipes, "flat_cells": leading, "wrapped_tsv": inner}
    return max(counts, key=lambda key: counts[key])


def find_title(lines: list[str]) -> tuple[str, int] | None:
    first = None
    for number, line in enumerate(lines, start=1):
        for match in _TITLE.finditer(line):
            if _DEFINED.match(line[match.end():]):
                return clean_cell(match[1]), number
            first = first or (clean_cell(match[1]), number)
    return first


def title_pattern(lines: list[str], title: str, line: int) -> str:
    """A pattern whose first match (the build reads the first) is the title found on ``line``."""
    words = r"\s+".join(re.escape(word) for word in title.split())
    pattern = f"({words})"
    compiled = re.compile(pattern)
    if next((number for number, text in enumerate(lines, start=1) if compiled.search(text)), line) != line:
        pattern += r"(?=\s*\(далі)"
    return pattern


def _first(lines: list[str], pattern: str, start: int = 0) -> int | None:
    compiled = re.compile(pattern)
    return next((index for index in range(start, len(lines)) if compiled.search(lines[index])), None)


def _section_start(lines: list[str], layout: str, kind: str, pattern: str) -> int | None:
    """The first line matching the section's wording that a table follows (a table of contents does not)."""
    compiled = re.compile(pattern)
    any_start = [re.compile(other) for other_kind, other in SECTION_STARTS.items() if other_kind != kind]
    for index, line in enumerate(lines):
        if not compiled.search(line):
            continue
        # A table of contents lists the next heading before any table comes.
        window = next((later for later in range(index + 1, min(len(lines), index + 60))
                       if any(other.search(lines[later]) for other in any_start)), min(len(lines), index + 60))
        rows = PARSERS[layout](lines, index, window, {})
        if kind == "passport":
            if sum(len(row.non_empty()) >= 2 for row in rows) >= 3:
                return index
        elif column_roles(rows, kind) is not None or column_roles(
                PARSERS[layout](lines, index, window, {"multi_paragraph_cells": True}),
                kind) is not None:
            return index
    return None


def _paragraph_start(lines: list[str], pattern: str, start: int) -> int | None:
    """The first line matching ``pattern`` after a blank line: a signature, not a cell that reads alike."""
    compiled = re.compile(pattern)
    return next((index for index in range(start, len(lines))
                 if not lines[index - 1].strip() and compiled.search(lines[index])), None)


def _role(heading: str) -> str | None:
    text = clean_cell(heading).lower()
    if not text:
        return None
    if _RANGE.match(text):
        return "total"
    if len(years_in(text)) == 1 and re.fullmatch(r"20\d\d(?:\s*р(?:ік|\.)?)?", text):
        return "year"
    return next((role for role, words in COLUMN_WORDS if any(word in text for word in words)), None)


def _is_year_row(row: Row, skip: int = 0) -> bool:
    roles = [_role(cell.text) for cell in row.non_empty()[skip:]]
    return bool(roles) and roles.count("year") >= 1 and all(role in {"year", "total"} for role in roles)


def _is_heading_row(row: Row) -> bool:
    return sum(_role(cell.text) is not None for cell in row.cells) >= 3 and not _is_year_row(row)


def _heading_row(rows: list[Row]) -> Row:
    """The row ``column_roles`` read its headings from (it found one, so there is one)."""
    return next(row for row in rows if _is_heading_row(row))


def column_roles(rows: list[Row], kind: str) -> tuple[list[str], int] | None:
    """Roles of a table's columns from its heading row and the row under it that names the years.

    Returns the roles and the number of headings, or None when no heading row is found.
    """
    for position, row in enumerate(rows):
        headings = [cell.text for cell in row.cells]
        if not _is_heading_row(row):
            continue
        roles = [_role(text) for text in headings]
        below = next((other for other in rows[position + 1:position + 3] if _is_year_row(other)), None)
        if kind == "resources":
            roles[0] = "label"
        if below is None:
            return [role if role != "money" else "year" for role in roles if role], len(headings)
        grid = [_role(cell.text) for cell in below.cells]
        # Cells the year row leaves empty take the headings above them, counted from either end.
        first_figure = next(index for index, role in enumerate(grid) if role)
        last_figure = max(index for index, role in enumerate(grid) if role)
        named = [role for role in roles if role]
        left = [role for role in named[:first_figure]]
        right = [role for role in named[len(named) - (len(grid) - 1 - last_figure):]] if last_figure < len(grid) - 1 else []
        middle = grid[first_figure:last_figure + 1]
        # A heading with no year under it, next to the years, is the total ("Приблизний бюджет").
        money_headings = [role for role in named[first_figure:len(named) - len(right)] if role != "money"]
        filled = [role or (money_headings.pop(0) if money_headings else "total") for role in middle]
        return [*left, *filled, *right], len(headings)
    return None


def split_roles(roles: list[str]) -> tuple[list[str], list[str]]:
    """``left`` up to the first year or total column, ``right`` from there (etl/tables.py)."""
    at = next((index for index, role in enumerate(roles) if role in {"year", "total"}), len(roles))
    return roles[:at], roles[at:]


def _broken(rows: list[Row], widths: set[int]) -> int:
    return sum(1 for row in rows if row.non_empty() and len(row.cells) not in widths)


def _money_unit(lines: list[str]) -> str:
    text = " ".join(lines).lower()
    if re.search(r"тис\.?\s*грн", text):
        return "thousand_uah"
    return "uah" if re.search(r"\d\s*грн", text) else "thousand_uah"


def _priority_patterns(rows: list[Row]) -> list[str]:
    headings = [clean_cell(row.non_empty()[0].text) for row in rows if len(row.non_empty()) == 1]
    chosen = []
    for level in PRIORITY_LEVELS:
        found = next((pattern for pattern in level if any(re.match(pattern, text) for text in headings)), None)
        if found is None:
            break
        chosen.append(found)
    return chosen


def _total_right(rows: list[Row], right: list[str | None] | list[str], years: int) -> list[str | None] | None:
    """Where the closing total row has one figure more than the table's year columns, which one is the total."""
    if "total" in right:
        return None
    for row in rows:
        cells = row.non_empty()
        if not cells or not any(re.match(pattern, clean_cell(cells[0].text)) for pattern in (TOTAL, TOTAL_NAMED)):
            continue
        read = [parse_amount(cell.text) for cell in cells[1:]]
        amounts = [amount for amount in read if amount is not None]
        if len(read) != years + 1 or len(amounts) != len(read):
            continue
        last_is_figure = parse_amount(row.cells[-1].text) is not None
        trailing = list(right[right.index("year") + years:]) if "year" in right and not last_is_figure else []
        if amounts[0] == sum(amounts[1:]):
            return ["total", *["year"] * years, *trailing]
        if amounts[-1] == sum(amounts[:-1]):
            return [*["year"] * years, "total", *trailing]
    return None


def infer_entry(lines: list[str], path: str) -> Found:
    layout = layout_of(lines)
    title = find_title(lines)
    if title is None:
        raise SourceError(path, None, "no programme title found (a line such as «Програма інформатизації … "
                                      "на 2026-2028 роки»); give title_pattern in data/sources.toml")
    years = years_in(title[0])
    entry: dict = {"layout": layout, "period_start": min(years), "period_end": max(years),
                   "title_pattern": title_pattern(lines, *title), "section": []}
    year_count = max(years) - min(years) + 1
    starts = {kind: _section_start(lines, layout, kind, pattern) for kind, pattern in SECTION_STARTS.items()}
    appendix = _first(lines, YEAR_APPENDIX)
    if starts["tasks"] is None and appendix is not None:
        starts["tasks"] = appendix
    unplaced = [f"{kind}: no section (no line matches {SECTION_STARTS[kind]!r} above a table)"
                for kind, line in starts.items() if line is None]
    if starts["tasks"] is None:
        raise SourceError(path, None, "no task list found (a heading such as «Перелік завдань …», «Каталог "
                                      "проєктів …» or «Заходи Програми у 2026 році»)")
    ordered = sorted((line, kind) for kind, line in starts.items() if line is not None)
    money_lines: list[str] = []
    bounds: list[tuple[int, int]] = []
    for position, (start, kind) in enumerate(ordered):
        later = [line for line, _ in ordered[position + 1:]]
        if kind == "passport":
            end_pattern = PASSPORT_END
        elif kind == "tasks" and appendix is not None:
            end_pattern = None  # per-year appendices follow one another to the end
        else:
            end_pattern = SECTION_END
        end = _paragraph_start(lines, end_pattern, start + 1) if end_pattern else None
        stop = min([line for line in (end, *later[:1]) if line is not None], default=len(lines))
        options: dict = {"new_row_pattern": PASSPORT_NEW_ROW} if layout == "wrapped_tsv" and kind == "passport" else {}
        section: dict = {"kind": kind, "start": SECTION_STARTS[kind] if start != appendix else YEAR_APPENDIX}
        if stop < len(lines):
            section["end"] = end_pattern if stop == end else SECTION_STARTS[ordered[position + 1][1]]
        rows = PARSERS[layout](lines, start, stop, options)
        if layout == "flat_cells" and kind == "tasks":
            # Word kept blank lines inside cells when reading them so leaves fewer broken rows (rows of
            # neither one cell nor the table's width) under the same headings.
            plain = column_roles(rows, kind)
            if plain is not None:
                joined_options = {"multi_paragraph_cells": True, "min_row_cells": plain[1]}
                joined_rows = PARSERS[layout](lines, start, stop, joined_options)
                widths = {1, plain[1], len(plain[0])}
                if (column_roles(joined_rows, kind) == plain
                        and _broken(joined_rows, widths) < _broken(rows, widths)):
                    options, rows = joined_options, joined_rows
        found_roles = column_roles(rows, kind)
        if kind == "passport":
            year_row = next((row for row in rows if _is_year_row(row, skip=2)), None)
            right = [_role(cell.text) for cell in year_row.non_empty()[2:]] if year_row else ["total"]
            left = ["number", "label"]
        elif found_roles is None:
            unplaced.append(f"{kind} (line {start + 1}): no heading row names its columns")
            continue
        else:
            left, right = split_roles(found_roles[0])
        section.update({"left": left, "right": right})
        section.update(options)
        if kind == "tasks":
            money_lines = lines[start:stop]
            header_row = _heading_row(rows)
            section["header_pattern"] = "^" + re.escape(clean_cell(header_row.cells[0].text)) + "$"
            if any(re.match(SUBTOTAL, clean_cell(row.non_empty()[0].text)) for row in rows if row.non_empty()):
                section["subtotal_pattern"] = SUBTOTAL
            firsts = [clean_cell(row.non_empty()[0].text) for row in rows if row.non_empty()]
            section["total_pattern"] = TOTAL_NAMED if any(re.match(TOTAL_NAMED, text) for text in firsts) else TOTAL
            if (patterns := _priority_patterns(rows)):
                section["priority_patterns"] = patterns
            if appendix is not None:
                section["year_heading"] = YEAR_APPENDIX
            if "source" not in left + right:
                section["source_when_absent"] = "unspecified"
            if (total_right := _total_right(rows, right, year_count)) is not None:
                section["total_right"] = total_right
        if kind == "indicators":
            header_row = _heading_row(rows)
            heading = clean_cell(header_row.cells[0].text)
            # A title running into the heading ("… на 2026 - 2028 роки № з/п"): anchor on the heading's end.
            section["header_pattern"] = (re.escape(heading[heading.rindex("№"):]) + "$" if "№" in heading
                                         else "^" + re.escape(heading) + "$")
        entry["section"].append(section)
        bounds.append((start, stop))
    entry["money_unit"] = _money_unit(money_lines)
    return Found(entry=entry, bounds=bounds, title=title[0], title_line=title[1], unplaced=unplaced)
