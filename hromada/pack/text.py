"""The pack's words: sheet names, column headings with their kinds, generated headings and the
README, all from the interface catalog (hromada/locale), so a heading the pages already use is
written once."""
from __future__ import annotations

from hromada.i18n import t

# Sheet key -> catalog key; three sheets are named as their dashboard page.
SHEETS: dict[str, str] = {
    "summary": "sheet.summary",
    "budget_by_theme": "sheet.budget_by_theme",
    "funding_mix": "page_funding",
    "funding_by_source_class": "sheet.funding_by_source_class",
    "funding_by_year": "sheet.funding_by_year",
    "indicators": "page_indicators",
    "measures": "measures",
    "data_issues": "sheet.data_issues",
    "methodology": "sheet.methodology",
}

# Column key -> (catalog key of its heading, kind). The kind picks the Excel number format; "text"
# columns wrap. Ids (no heading) keep their names in both languages, as in the dashboard's downloads.
COLUMNS: dict[str, tuple[str | None, str]] = {
    "community_id": (None, "id"),
    "theme_id": (None, "id"),
    "measure_id": (None, "id"),
    "indicator_id": (None, "id"),
    "issue_id": (None, "id"),
    "ownership": (None, "id"),
    "source_class": (None, "id"),
    "community": ("community", "name"),
    "full_name": ("pack_column.full_name", "name"),
    "oblast": ("pack_column.oblast", "name"),
    "period_start": ("pack_column.period_start", "integer"),
    "period_end": ("pack_column.period_end", "integer"),
    "programme_total_kuah": ("pack_column.programme_total_kuah", "money"),
    "stated_total_kuah": ("pack_column.stated_total_kuah", "money"),
    "stated_total_line": ("column.stated_total_line", "integer"),
    "annual_average_kuah": ("metric_annual", "money_rounded"),
    "population": ("column.population", "count"),
    "population_date": ("column.population_date", "date"),
    "per_resident_year": ("column.uah_per_resident_year", "uah"),
    "population_document": ("column.population_document", "count"),
    "population_document_line": ("pack_column.population_document_line", "integer"),
    "per_resident_year_document": ("column.uah_per_resident_year_document", "uah"),
    "own_share": ("metric_own", "share"),
    "external_share": ("metric_external", "share"),
    "unspecified_share": ("metric_unspecified", "share"),
    "measure_count": ("column.measure_count", "count"),
    "measures_with_money": ("column.measures_with_money", "count"),
    "indicator_count": ("metric_indicators", "count"),
    "issues_error": ("pack_column.issues_error", "count"),
    "issues_warning": ("pack_column.issues_warning", "count"),
    "issues_info": ("pack_column.issues_info", "count"),
    "theme": ("theme", "name"),
    "amount_kuah": ("amount_kuah", "money"),
    "share": ("pack_column.share", "share"),
    "share_of_year": ("pack_column.share_of_year", "share"),
    "per_resident_theme": ("column.uah_per_resident_year", "uah"),
    "ownership_name": ("column.ownership_name", "name"),
    "source_class_name": ("pack_column.source_class_name", "name"),
    "year": ("year", "integer"),
    "programme_year": ("column.programme_year", "integer"),
    "indicator": ("pack_column.indicator", "text"),
    "unit": ("column.unit", "name"),
    "baseline_value": ("column.baseline_value", "value"),
    "baseline_text": ("column.baseline_text", "name"),
    "final_target_value": ("column.final_target_value", "value"),
    "target_semantics": ("pack_column.target_semantics", "name"),
    "dynamics_text": ("column.dynamics_text", "name"),
    "origin": ("column.origin_name", "name"),
    "family": ("family", "name"),
    "source_line": ("source_line", "integer"),
    "item_number": ("column.item_number", "name"),
    "priority_code": ("column.priority_code", "name"),
    "direction": ("column.priority_name_uk", "text"),
    "measure": ("pack_column.measure", "text"),
    "task": ("column.task_uk", "text"),
    "responsible": ("column.responsible_uk", "text"),
    "term": ("column.term_uk", "name"),
    "funded_years": ("col_years", "name"),
    "no_year_kuah": ("pack_column.no_year_kuah", "money"),
    "total_kuah": ("col_total", "money"),
    "own_kuah": ("col_own", "money"),
    "external_kuah": ("col_external", "money"),
    "unspecified_kuah": ("col_unspecified", "money"),
    "funding_sources": ("column.funding_sources_uk", "text"),
    "non_monetary": ("pack_column.non_monetary", "name"),
    "expected_result": ("column.expected_result_uk", "text"),
    "severity": ("severity", "name"),
    "message": ("col_message", "text"),
    "stated": ("column.stated", "value"),
    "computed": ("column.computed", "value"),
    "check_id": ("pack_column.check_id", "name"),
    "section": ("pack_column.section", "name"),
    "code": ("pack_column.code", "name"),
    "item": ("pack_column.item", "text"),
    "value": ("about_value", "count"),
    "description": ("pack_column.description", "text"),
    "source": ("col_source", "text"),
    "as_of": ("pack_column.as_of", "date"),
    "sha256": ("column.source_sha256", "name"),
}


def word(key: str, lang: str, **values) -> str:
    return t(f"pack.{key}", lang, **values)


def readme_word(key: str, lang: str, **values) -> str:
    return t(f"readme.{key}", lang, **values)


def column_label(key: str, lang: str) -> str:
    heading = COLUMNS[key][0]
    return key if heading is None else t(heading, lang)


def sheet_name(key: str, lang: str) -> str:
    return t(SHEETS[key], lang)
