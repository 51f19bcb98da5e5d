"""Staging: flatten parsed documents into rows for the warehouse tables (one function per table)."""
from __future__ import annotations

from decimal import Decimal

from etl.extract import ParsedDocument
from etl.mappings import AGGREGATE
from etl.programme import Measure, MoneyLine

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
