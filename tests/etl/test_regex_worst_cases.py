"""Every pattern applied to document text runs in (near) linear time on adversarial input.

Each pattern is run with search, match, findall and split on 10 000-character strings built by
repeating fragments that make backtracking engines stumble (runs of spaces, digits, years,
separators, repeated prefixes of the pattern itself), each ending in a character that spoils the
match. One run must take well under a second; the slowest pattern before this suite took 91 s
on 150 characters. Time is the process's CPU time: on a shared machine the wall clock
(time.perf_counter, shown in messages) also counts the waits for a core.
"""
from __future__ import annotations

import re
import time

import pytest
from conftest import DATA

from etl import extract, indicators, inference, programme, reference, statements, text
from etl.layouts import pipe_table, wrapped_tsv
from etl.manifest import load_manifest

LENGTH = 10_000
LIMIT_SECONDS = 1.0
FRAGMENTS = [
    " ", "\t", "\n", " \n", "\u00a0", "1", "9", "1 ", "1\u00a0", "11 ", ",1", ".1", "1,", "1.", "1.1", "20", "2026",
    "2026 ", "2026 рік ", "2026 р. ", "*", ":", "|", "-", "--", "|--", "--|", "| ", "<p>", "%", "+", "та ", " та",
    " і ", ", ", "не менше ", "тис ", "грн ", "тис. грн ", "«", "»", "UA1", "осіб ", "Всього ", "року ",
]
ENDINGS = ["x", "\x00", "", ":", "»", " осіб", "\n"]


def code_patterns() -> dict[str, re.Pattern]:
    """The patterns the ETL code applies to document text (cells, lines, expected results)."""
    return {
        "text._SPACES": text._SPACES, "text._TAGS": text._TAGS, "text._AMOUNT": text._AMOUNT,
        "text._UNIT_SUFFIX": text._UNIT_SUFFIX, "text._YEAR": text._YEAR,
        "extract._KATOTTG": extract._KATOTTG, "extract._POPULATION": extract._POPULATION,
        "programme._ITEM_NUMBER": programme._ITEM_NUMBER, "statements._INLINE_FIGURES": statements._INLINE_FIGURES,
        "indicators._DYNAMICS": indicators._DYNAMICS, "indicators._ITEM": indicators._ITEM,
        "indicators._QUANTITY": indicators._QUANTITY, "indicators._PER_YEAR": indicators._PER_YEAR,
        "indicators._CLAUSE_BREAK": indicators._CLAUSE_BREAK, "indicators._WEAK_BREAK": indicators._WEAK_BREAK,
        "pipe_table._SEPARATOR": pipe_table._SEPARATOR,
        "wrapped_tsv.DEFAULT_NEW_ROW": re.compile(wrapped_tsv.DEFAULT_NEW_ROW),
        "reference._NAMED": reference._NAMED,
        **inference_patterns(),
    }


def inference_patterns() -> dict[str, re.Pattern]:
    """The rules of etl/inference.py, whichever documents use them."""
    found = {f"inference.SECTION_STARTS {kind}": re.compile(pattern)
             for kind, pattern in inference.SECTION_STARTS.items()}
    for name in ("TITLE", "YEAR_APPENDIX", "PASSPORT_END", "SECTION_END", "SUBTOTAL", "TOTAL", "TOTAL_NAMED",
                 "PASSPORT_NEW_ROW"):
        found[f"inference.{name}"] = re.compile(getattr(inference, name))
    for level, patterns in enumerate(inference.PRIORITY_LEVELS, start=1):
        for number, pattern in enumerate(patterns, start=1):
            found[f"inference.PRIORITY_LEVELS {level}.{number}"] = re.compile(pattern)
    return found


def manifest_patterns() -> dict[str, re.Pattern]:
    """Every pattern data/sources.toml gives, compiled as the ETL compiles it."""
    found: dict[str, re.Pattern] = {}
    for document in load_manifest(DATA / "sources.toml"):
        where = document.community_id
        found[f"{where} title_pattern"] = document.title_pattern
        for number, section in enumerate(document.sections, start=1):
            found[f"{where} section {number} start"] = section.start
            if section.end is not None:
                found[f"{where} section {number} end"] = section.end
            for key in ("header_pattern", "subtotal_pattern", "total_pattern", "year_heading", "new_row_pattern"):
                if section.option(key):
                    found[f"{where} section {number} {key}"] = re.compile(section.option(key), re.IGNORECASE)
            for level, pattern in enumerate(section.option("priority_patterns", []), start=1):
                found[f"{where} section {number} priority {level}"] = re.compile(pattern)
    return found


def literal_prefix(pattern: str) -> str:
    """The words a pattern starts with ("Всього", "Чисельність населення"), to repeat as bait."""
    body = re.sub(r"^\^|^\(\?[a-zA-Z]+\)|\\s[*+]|\(\?P<\w+>|[()^]", " ", pattern)
    words = re.match(r"[\s\w«»№/.,–-]*", body.replace("\\.", "."))
    return " ".join(words.group(0).split()) if words else ""


def adversarial(pattern: re.Pattern) -> list[str]:
    prefix = literal_prefix(pattern.pattern)
    fragments = FRAGMENTS + ([prefix + " ", prefix + " 1 ", prefix + " 2026 "] if prefix else [])
    cases = []
    for fragment in fragments:
        for head in ("", prefix + " ", prefix + ": ") if prefix else ("",):
            for ending in ENDINGS:
                body = fragment * ((LENGTH - len(head) - len(ending)) // len(fragment))
                cases.append(head + body + ending)
    return cases


def slowest(pattern: re.Pattern) -> tuple[float, str]:
    """(CPU seconds, description with wall-clock seconds) of the slowest adversarial case."""
    worst = (0.0, "")
    for case in adversarial(pattern):
        cpu, wall = time.process_time(), time.perf_counter()
        pattern.search(case)
        pattern.match(case)
        pattern.findall(case)
        pattern.split(case)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        worst = max(worst, (cpu, f"{case[:40]!r}…{case[-10:]!r} ({wall:.2f} s wall clock)"))
    return worst


ALL = {**code_patterns(), **manifest_patterns()}


@pytest.mark.parametrize("name", sorted(ALL))
def test_pattern_is_fast_on_adversarial_input(name):
    elapsed, case = slowest(ALL[name])
    assert elapsed < LIMIT_SECONDS, f"{name} took {elapsed:.2f} s of CPU on {case}"


@pytest.mark.parametrize("repeat", [10, 25, 2_000])
def test_inline_total_cell_of_repeated_years(repeat):
    """The reported case: "Всього 2026 2026 … x" doubled its time with each year."""
    cell = "Всього " + "2026 " * repeat + "x"
    started = time.process_time()
    assert statements._INLINE_FIGURES.match(cell) is None
    assert time.process_time() - started < LIMIT_SECONDS


def test_inline_total_cell_is_still_read():
    match = statements._INLINE_FIGURES.match("Всього 2026 рік 2027 рік 2028 рік 27745 10275 8245 9225")
    assert match and text.years_in(match["years"]) == [2026, 2027, 2028]
    assert match["figures"].split() == ["27745", "10275", "8245", "9225"]


def test_population_on_a_long_line_is_linear():
    number = "1 " * (LENGTH // 2)
    for line in ("Чисельність населення: " + number + "x", "Чисельність населення " * (LENGTH // 22) + ": 5 осіб",
                 "Чисельність населення:" + " " * LENGTH + "x"):
        started = time.process_time()
        extract._POPULATION.search(line)
        assert time.process_time() - started < LIMIT_SECONDS


def test_population_reads_the_same_number():
    match = extract._POPULATION.search("Чисельність населення громади: **24 270 осіб**.")
    assert match and match["number"] == "24 270"
    repeated = extract._POPULATION.search("Чисельність населення (Чисельність населення громади): 1 200 осіб")
    assert repeated and repeated["number"] == "1 200"


def test_clause_breaks_keep_their_clauses():
    parts = [part for part in indicators._CLAUSE_BREAK.split("4 камери та 6 точок; 2 сервери, 3 ПК") if part.strip()]
    assert parts == ["4 камери", "6 точок", " 2 сервери", "3 ПК"]


def test_unit_suffix_is_still_removed():
    assert text.parse_amount("400 000грн.") == text.parse_amount("400 000") == 400000
    assert text.parse_amount("1 500,0 тис. грн") is not None
