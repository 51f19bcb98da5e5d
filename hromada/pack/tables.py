"""The pack's tables, one per sheet, from the dashboard's queries in its default view.
"""
from __future__ import annotations

from dataclasses import replace

from hromada import queries
from hromada.charts import (
    Lookup,
)
from hromada.db import Warehouse
from hromada.exports.figures import is_missing
from hromada.exports.workbook import Table
from hromada.i18n import name_column, t
from hromada.pack.cells import dates, integers, make_table, percents, plain_values
from hromada.pack.methodology import methodology_table
from hromada.pack.selection import chart_lookup, default_filters
from hromada.pack.text import word


def summary_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    official = queries.community_summary(warehouse, ids, "official")
    by_document = queries.community_summary(warehouse, ids, "document").set_index("community_id")
    communities = queries.all_communities(warehouse).set_index("community_id")
    order = list(official["community_id"])
    document_rate = [by_document.loc[community, "per_resident_year"]
                     if by_document.loc[community, "denominator_source"] == "document" else None for community in order]
    return make_table("summary", {
        "community_id": order,
        "community": [lookup.community(community) for community in order],
        "full_name": plain_values(official[name_column(lang)]),
        "oblast": plain_values(official["oblast_en" if lang == "en" else "oblast_uk"]),
        "period_start": integers(official["period_start"]),
        "period_end": integers(official["period_end"]),
        "programme_total_kuah": plain_values(official["programme_total_kuah"]),
        "stated_total_kuah": plain_values(official["stated_total_kuah"]),
        "stated_total_line": integers(official["stated_total_line"]),
        "annual_average_kuah": plain_values(official["annual_average_kuah"]),
        "population": integers(official["population"]),
        "population_date": dates(official["population_date"]),
        "per_resident_year": plain_values(official["per_resident_year"]),
        "population_document": integers(official["population_document"]),
        "population_document_line": integers(communities.loc[order, "population_document_line"]),
        "per_resident_year_document": plain_values(document_rate),
        "own_share": percents(official["own_share_pct"]),
        "external_share": percents(official["external_share_pct"]),
        "unspecified_share": percents(official["unspecified_share_pct"]),
        "measure_count": integers(official["measure_count"]),
        "measures_with_money": integers(official["measures_with_money"]),
        "indicator_count": integers(official["indicator_count"]),
        "issues_error": integers(official["issues_error"]),
        "issues_warning": integers(official["issues_warning"]),
        "issues_info": integers(official["issues_info"]),
    }, lang)


def _share_columns(frame, lookup: Lookup, named: dict[str, list], ids: tuple[str, ...], share: str = "share",
                   after_share: dict[str, list] | None = None) -> dict[str, list]:
    """A money-and-share table's columns: the community, what the row is (``named``), its amount and
    share, then the ids to join on."""
    return {
        "community": [lookup.community(community) for community in frame["community_id"]],
        **named,
        "amount_kuah": plain_values(frame["amount_kuah"]),
        share: percents(frame["share_pct"]),
        **(after_share or {}),
        **{column: list(frame[column]) for column in ids},
    }


def _ownership_names(frame, lookup: Lookup) -> list[str]:
    return [lookup.ownership_names[ownership] for ownership in frame["ownership"]]


def theme_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.budget_by_theme(warehouse, default_filters(ids, lang))
    return make_table("budget_by_theme", _share_columns(
        frame, lookup, {"theme": [lookup.theme_names.get(theme, theme) for theme in frame["theme_id"]]},
        ("community_id", "theme_id"), after_share={"per_resident_theme": plain_values(frame["per_resident_year"])}), lang)


def funding_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.funding_mix(warehouse, default_filters(ids, lang))
    return make_table("funding_mix", _share_columns(
        frame, lookup, {"ownership_name": _ownership_names(frame, lookup)}, ("community_id", "ownership")), lang)


def source_class_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.funding_by_class(warehouse, default_filters(ids, lang))
    named = {"source_class_name": [lookup.source_class_names.get(name, name) for name in frame["source_class"]],
             "ownership_name": _ownership_names(frame, lookup)}
    return make_table("funding_by_source_class", _share_columns(
        frame, lookup, named, ("community_id", "source_class", "ownership")), lang)


def funding_year_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.funding_mix(warehouse, default_filters(ids, lang), by_year=True)
    named = {"year": [t("no_year", lang) if is_missing(year) else int(year) for year in frame["year"]],
             "programme_year": integers(frame["programme_year"]),
             "ownership_name": _ownership_names(frame, lookup)}
    return make_table("funding_by_year", _share_columns(
        frame, lookup, named, ("community_id", "ownership"), share="share_of_year"), lang)


def _target_cell(row) -> object:
    """A year's target as a number, or as the document writes it for yes/no indicators."""
    if row.unit_class == "yes_no" or is_missing(row.target_value):
        return None if is_missing(row.target_text) else row.target_text
    return float(row.target_value)


def indicator_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    progress = queries.indicator_progress(warehouse, ids)
    years = sorted({int(year) for year in progress["year"].dropna()})
    targets = {(row.indicator_id, int(row.year)): _target_cell(row) for row in progress.itertuples(index=False)}
    indicators = progress.drop_duplicates("indicator_id")
    family = "family_name_en" if lang == "en" else "family_name_uk"
    columns = {
        "community": [lookup.community(community) for community in indicators["community_id"]],
        "indicator": plain_values(indicators["name_uk"]),
        "unit": plain_values(indicators["unit"]),
        "baseline_value": plain_values(indicators["baseline_value"]),
        "baseline_text": plain_values(indicators["baseline_text"]),
    }
    extra = {}
    for year in years:
        columns[f"target_{year}"] = [targets.get((indicator, year)) for indicator in indicators["indicator_id"]]
        extra[f"target_{year}"] = (word("target_year", lang, year=year), "value")
    columns.update({
        "final_target_value": plain_values(indicators["final_target_value"]),
        "target_semantics": [word(value, lang) for value in indicators["target_semantics"]],
        "dynamics_text": plain_values(indicators["dynamics_text"]),
        "origin": [t(f"origin_{value}", lang) for value in indicators["origin"]],
        "theme": [lookup.theme_names.get(theme, theme) for theme in indicators["theme_id"]],
        "family": plain_values(indicators[family]),
        "source_line": integers(indicators["source_line"]),
        "indicator_id": list(indicators["indicator_id"]),
        "community_id": list(indicators["community_id"]),
    })
    return make_table("indicators", columns, lang, extra)


def _programme_years(warehouse: Warehouse, ids: tuple[str, ...]) -> list[int]:
    communities = queries.all_communities(warehouse)
    chosen = communities[communities["community_id"].isin(ids)]
    return list(range(int(chosen["period_start"].min()), int(chosen["period_end"].max()) + 1))


def measure_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    filters = default_filters(ids, lang)
    frame = queries.measures(warehouse, filters)
    by_year = {}
    for year in _programme_years(warehouse, ids):
        amounts = queries.measure_amounts(warehouse, replace(filters, year_from=year, year_to=year))
        by_year[year] = dict(zip(amounts["measure_id"], amounts["amount_kuah"], strict=True))
    dated = [sum(float(by_year[year].get(measure, 0)) for year in by_year) for measure in frame["measure_id"]]
    # What the document gives with no year: the measure's total less its dated amounts.
    undated = [None if is_missing(total) or abs(float(total) - amount) < 0.0005 else round(float(total) - amount, 3)
               for total, amount in zip(frame["total_kuah"], dated, strict=True)]
    columns = {
        "community": [lookup.community(community) for community in frame["community_id"]],
        "item_number": plain_values(frame["item_number"]),
        "priority_code": plain_values(frame["priority_code"]),
        "direction": plain_values(frame["priority_name_uk"]),
        "theme": [lookup.theme_names.get(theme, theme) for theme in frame["theme_id"]],
        "measure": plain_values(frame["name_uk"]),
        "task": plain_values(frame["task_uk"]),
        "term": plain_values(frame["term_uk"]),
        "funded_years": plain_values(frame["funded_years"]),
    }
    extra = {}
    for year, amounts in by_year.items():
        columns[f"kuah_{year}"] = [amounts.get(measure) for measure in frame["measure_id"]]
        extra[f"kuah_{year}"] = (word("year_money", lang, year=year), "money")
    if any(value is not None for value in undated):
        columns["no_year_kuah"] = undated
    columns.update({
        "total_kuah": plain_values(frame["total_kuah"]),
        "own_kuah": plain_values(frame["own_kuah"]),
        "external_kuah": plain_values(frame["external_kuah"]),
        "unspecified_kuah": plain_values(frame["unspecified_kuah"]),
        "funding_sources": plain_values(frame["funding_sources_uk"]),
        "non_monetary": plain_values(frame["non_monetary_uk"]),
        "expected_result": plain_values(frame["expected_result_uk"]),
        "responsible": plain_values(frame["responsible_uk"]),
        "source_line": integers(frame["source_line"]),
        "measure_id": list(frame["measure_id"]),
        "community_id": list(frame["community_id"]),
    })
    return make_table("measures", columns, lang, extra)


def issue_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.data_issues(warehouse, ids)
    return make_table("data_issues", {
        "community": [lookup.community(community) for community in frame["community_id"]],
        "severity": [t(f"severity_{severity}", lang) for severity in frame["severity"]],
        "message": plain_values(frame["message_en" if lang == "en" else "message_uk"]),
        "stated": plain_values(frame["stated"]),
        "computed": plain_values(frame["computed"]),
        "source_line": integers(frame["source_line"]),
        "check_id": plain_values(frame["check_id"]),
        "measure_id": plain_values(frame["measure_id"]),
        "priority_code": plain_values(frame["priority_code"]),
        "year": integers(frame["year"]),
        "issue_id": list(frame["issue_id"]),
        "community_id": list(frame["community_id"]),
    }, lang)


TABLE_BUILDERS = (summary_table, theme_table, funding_table, source_class_table, funding_year_table, indicator_table,
                  measure_table, issue_table, methodology_table)


def pack_tables(warehouse: Warehouse, ids: tuple[str, ...], lang: str) -> list[Table]:
    lookup = chart_lookup(warehouse, lang)
    return [builder(warehouse, ids, lang, lookup) for builder in TABLE_BUILDERS]
