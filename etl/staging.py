"""Staging: read every input (manifest, documents, reference facts, mappings) and flatten it into
rows for the warehouse tables (one function per table; ``stage`` gathers them all)."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from etl.contract import SOURCE_CLASSES
from etl.errors import CheckFailed
from etl.extract import ParsedDocument, parse_document
from etl.indicators import check_families, load_readings
from etl.manifest import Document, load_manifest
from etl.mappings import AGGREGATE, load_non_monetary, load_source_mapping
from etl.programme import Measure, MoneyLine
from etl.themes import load_crosswalks

# "Іллінецька міська територіальна громада" -> "Іллінецька МТГ": the usual short form.
_COMMUNITY_KINDS = {"міська": "МТГ", "сільська": "СТГ", "селищна": "СелТГ"}


def short_name_uk(name_uk: str) -> str:
    words = name_uk.split()
    if len(words) >= 4 and words[-2:] == ["територіальна", "громада"] and words[-3] in _COMMUNITY_KINDS:
        return " ".join(words[:-3] + [_COMMUNITY_KINDS[words[-3]]])
    return name_uk


def community_row(parsed: ParsedDocument, reference: dict[str, str]) -> dict:
    document = parsed.document
    return {
        "community_id": document.community_id,
        "name_uk": reference["name_uk"],
        "name_en": reference["name_en"],
        "short_name_uk": short_name_uk(reference["name_uk"]),
        "oblast_uk": reference["oblast_uk"],
        "oblast_en": reference["oblast_en"],
        "katottg": reference["katottg"],
        "centre_katottg": reference["centre_katottg"],
        "programme_title_uk": parsed.title.value,
        "programme_title_line": parsed.title.line,
        "period_start": document.period_start,
        "period_end": document.period_end,
        "population": int(reference["population"]),
        "population_date": reference["population_date"],
        "population_document": int(parsed.population_claim.value) if parsed.population_claim else None,
        "population_document_line": parsed.population_claim.line if parsed.population_claim else None,
        "area_km2": Decimal(reference["area_km2"]),
        "katottg_document": parsed.katottg.value if parsed.katottg else None,
        "katottg_document_line": parsed.katottg.line if parsed.katottg else None,
        "money_unit": document.money_unit,
        "layout": document.layout,
        "source_file": f"data/{document.relative_path}",
        "source_sha256": document.sha256,
        "source_origin": document.origin,
    }


def priority_rows(parsed: ParsedDocument) -> list[dict]:
    return [{
        "community_id": parsed.document.community_id,
        "priority_code": priority.code,
        "name_uk": priority.name,
        "level": priority.level,
        "parent_code": priority.parent_code,
        "source_line": priority.line,
    } for priority in parsed.tasks.priorities]


def non_monetary_summary(measure: Measure) -> str | None:
    """"В межах кошторисних призначень", "+ (2023, 2024)", ... as one readable note."""
    years_by_text: dict[str, list[int]] = {}
    for text, year in measure.non_monetary:
        years_by_text.setdefault(text, [])
        if year is not None and year not in years_by_text[text]:
            years_by_text[text].append(year)
    parts = []
    for text, years in years_by_text.items():
        parts.append(f"{text} ({', '.join(map(str, years))})" if years and text == "+" else text)
    return "; ".join(parts) or None


def measure_rows(parsed: ParsedDocument) -> list[dict]:
    rows = []
    for measure in parsed.tasks.measures:
        start, end = measure.term_span
        rows.append({
            "measure_id": measure.measure_id,
            "community_id": measure.community_id,
            "priority_code": measure.priority_code,
            "item_number": measure.item_number,
            "task_uk": measure.task,
            "name_uk": measure.name,
            "responsible_uk": measure.responsible,
            "term_uk": measure.term,
            "term_start": start,
            "term_end": end,
            "funding_sources_uk": measure.source_label,
            "non_monetary_uk": non_monetary_summary(measure),
            "expected_result_uk": measure.expected_result,
            "expected_result_line": measure.result_line,
            "source_line": measure.line,
        })
    return rows


def funding_lines(measure: Measure) -> list[tuple[MoneyLine, str]]:
    """The lines that carry the measure's money, with the class each amount is booked to.

    Source rows when the document splits the money by source; otherwise the measure's own line.
    A total that is split by no source at all is booked as ``unspecified``.
    """
    by_source = [(line, line.source_class) for line in measure.lines
                 if line.source_class is not None and line.source_class != AGGREGATE and line.has_amount]
    if by_source:
        return by_source
    return [(line, "unspecified") for line in measure.lines
            if line.source_class == AGGREGATE and line.has_amount]


def funding_rows(parsed: ParsedDocument) -> list[dict]:
    document = parsed.document
    rows = []
    for measure in parsed.tasks.measures:
        for line, source_class in funding_lines(measure):
            dated = [(year, programme_year, money) for year, programme_year, money in line.years
                     if money.kind == "amount"]
            for year, _, money in dated:
                rows.append({
                    "measure_id": measure.measure_id, "year": year,
                    "programme_year": year - document.period_start + 1,
                    "source_class": source_class, "amount_kuah": money.amount,
                    "stated_text": money.text, "source_line": money.line,
                })
            total = line.total
            if not dated and total and total.kind == "amount" and total.amount != 0:
                rows.append({
                    "measure_id": measure.measure_id, "year": None, "programme_year": None,
                    "source_class": source_class, "amount_kuah": total.amount,
                    "stated_text": total.text, "source_line": total.line,
                })
    return rows


def _stated(community_id: str, scope: str, priority_code, measure_id, line: MoneyLine, label: str) -> list[dict]:
    """One stated_total row per figure on a line: its total, and each year."""
    cells = ([(None, None, line.total)] if line.total else []) + list(line.years)
    rows = []
    for year, programme_year, money in cells:
        if money.kind == "non_monetary":
            continue
        if money.kind == "blank" and (scope == "measure" or line.source_class != AGGREGATE):
            continue
        rows.append({
            "community_id": community_id, "scope": scope, "priority_code": priority_code,
            "measure_id": measure_id, "year": year, "programme_year": programme_year,
            "source_class": line.source_class, "amount_kuah": money.amount,
            "stated_text": money.text or None, "label_uk": label,
            "source_line": money.line or line.line,
        })
    return rows


def stated_total_rows(parsed: ParsedDocument) -> list[dict]:
    community = parsed.document.community_id
    rows = []
    for measure in parsed.tasks.measures:
        for line in measure.lines:
            if line.source_class is None:
                continue
            # A measure's own total column, and every figure of a line that totals all sources.
            if line.source_class == AGGREGATE:
                rows += _stated(community, "measure", measure.priority_code, measure.measure_id, line, line.label)
            elif line.total is not None and line.total.kind == "amount" and any(
                money.kind == "amount" for _, _, money in line.years
            ):
                total_only = MoneyLine(line.label, line.source_class, line.total, [], line.line)
                rows += _stated(community, "measure", measure.priority_code, measure.measure_id,
                                total_only, line.label)
    for group in parsed.tasks.groups:
        for line in group.lines:
            rows += _stated(community, group.scope, group.priority_code, None, line, line.label or group.label)
    return rows


def indicator_rows(parsed: ParsedDocument) -> tuple[list[dict], list[dict]]:
    indicators, targets = [], []
    for indicator in parsed.indicators:
        indicators.append({
            "indicator_id": indicator.indicator_id,
            "community_id": indicator.community_id,
            "priority_code": indicator.priority_code,
            "measure_id": indicator.measure_id,
            "item_number": indicator.item_number,
            "name_uk": indicator.name,
            "unit": indicator.unit,
            "unit_class": indicator.unit_class,
            "baseline_value": indicator.baseline_value,
            "baseline_text": indicator.baseline_text,
            "final_target_value": indicator.final_value,
            "target_semantics": indicator.semantics,
            "dynamics_text": indicator.dynamics_text,
            "origin": indicator.origin,
            "context_uk": indicator.context,
            "source_line": indicator.line,
        })
        for target in indicator.targets:
            targets.append({
                "indicator_id": indicator.indicator_id,
                "year": target.year,
                "target_value": target.value,
                "target_text": target.text,
            })
    return indicators, targets


@dataclass
class Paths:
    data: Path

    @property
    def manifest(self) -> Path:
        return self.data / "sources.toml"

    @property
    def mappings(self) -> Path:
        return self.data / "mappings"

    @property
    def reference(self) -> Path:
        return self.data / "reference" / "communities.csv"


@dataclass
class Staged:
    """Rows for every core table, in a stable order."""
    tables: dict[str, list[dict]] = field(default_factory=dict)
    parsed: list[ParsedDocument] = field(default_factory=list)
    reference: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, table: str, rows: list[dict]) -> None:
        self.tables.setdefault(table, []).extend(rows)


def load_reference(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["community_id"]: row for row in csv.DictReader(handle)}


def stage(paths: Paths, reuse: dict | None = None) -> tuple[Staged, list[Document]]:
    """Read every input into table rows.

    ``reuse`` maps (community, SHA-256) to a document already parsed from those very bytes, for
    callers that stage many times, such as the fuzz harness (parsing is deterministic).
    """
    documents = load_manifest(paths.manifest)
    reference = load_reference(paths.reference)
    sources = load_source_mapping(paths.mappings / "funding_sources.csv")
    phrases = load_non_monetary(paths.mappings / "non_monetary.csv")
    staged = Staged(reference=reference)
    staged.add("source_class", [
        {"source_class": key, "name_uk": name_uk, "name_en": name_en, "ownership": ownership, "sort_order": order}
        for order, (key, name_uk, name_en, ownership) in enumerate(SOURCE_CLASSES, start=1)
    ])
    for document in documents:
        if document.community_id not in reference:
            raise CheckFailed(paths.reference, None, f"no reference row for community {document.community_id!r}")
        parsed = (reuse or {}).get((document.community_id, document.sha256))
        if parsed is None:
            parsed = parse_document(document, sources, phrases)
        staged.parsed.append(parsed)
        staged.add("community", [community_row(parsed, reference[document.community_id])])
        staged.add("document_line", [
            {"community_id": document.community_id, "line_number": number, "text": text}
            for number, text in enumerate(parsed.lines, start=1)
        ])
        staged.add("priority", priority_rows(parsed))
        staged.add("measure", measure_rows(parsed))
        staged.add("funding", funding_rows(parsed))
        staged.add("stated_total", stated_total_rows(parsed))
        indicators, targets = indicator_rows(parsed)
        staged.add("indicator", indicators)
        staged.add("indicator_target", targets)
    for number, row in enumerate(staged.tables["stated_total"], start=1):
        row["stated_total_id"] = number
    crosswalks = load_crosswalks(paths.mappings, staged.tables["measure"], staged.tables["priority"],
                                 staged.tables["indicator"])
    staged.add("theme", crosswalks.themes)
    staged.add("priority_theme", crosswalks.priority_themes)
    staged.add("measure_theme", crosswalks.measure_themes)
    staged.add("indicator_family", crosswalks.families)
    staged.add("indicator_family_member", crosswalks.family_members)
    readings = load_readings(paths.mappings, staged.tables["indicator"])
    check_families(paths.mappings, staged.tables["indicator"], readings)
    staged.add("indicator_reading", readings)
    return staged, documents
