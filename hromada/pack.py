"""The workshop pack (issue 6): a workbook, CSV tables, chart images and one-page briefs.

Every figure comes from the dashboard's own query functions (``hromada.queries``) in the
dashboard's default view — every year, every theme, the official population — so a pack shows
the same numbers as the dashboard. Builds are reproducible: the workbook, the ZIP entries and the
PDFs carry a fixed date instead of the build time, so the same input gives the same bytes.

``python -m hromada pack --communities illintsi,kremenchuk --lang uk --out pack.zip`` builds one.

This module gathers the figures (queries, tables, the README); the files themselves are written by
``hromada.exports``: ``xlsx`` and ``csv``, ``brief`` (the page, from ``brief.html`` and ``brief.css``),
``workbook`` (sheets and native charts), ``pdf`` and ``images`` (through the system Chromium) and
``archive`` (reproducible ZIPs).
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pandas as pd

from hromada import queries
from hromada.charts import (
    OWNERSHIPS,
    Lookup,
    make_lookup,
    ownership_bars,
    per_resident_chart,
    source_class_bars,
    theme_bars,
    totals_chart,
    year_totals_chart,
)
from hromada.db import DATA_DIR, Warehouse, schema_version_of
from hromada.exports import archive, brief, chromium
from hromada.exports import images as chart_png
from hromada.exports import pdf as pdf_print
from hromada.exports.about import DataVersion, View, about
from hromada.exports.browser import media_browser
from hromada.exports.csv import to_csv_bytes
from hromada.exports.figures import is_missing
from hromada.exports.workbook import StackedChart, Table, export_kinds, workbook_bytes
from hromada.filters import LANGUAGES, Filters
from hromada.i18n import name_column, t
from hromada.palette import OWNERSHIP_COLOURS, THEME_COLOURS

SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("Зведення", "Summary"),
    "budget_by_theme": ("Бюджет за темами", "Budget by theme"),
    "funding_mix": ("Фінансування", "Funding mix"),
    "funding_by_source_class": ("Фінансування за джерелами", "Funding by source class"),
    "funding_by_year": ("Фінансування за роками", "Funding by year"),
    "indicators": ("Індикатори", "Indicators"),
    "measures": ("Заходи", "Measures"),
    "data_issues": ("Якість даних", "Data issues"),
    "methodology": ("Методологія і джерела", "Methodology and sources"),
}

# Column key -> (Ukrainian heading, English heading, kind). The kind picks the Excel number format;
# "text" columns wrap. Ids keep their names in both languages, as in the dashboard's downloads.
COLUMNS: dict[str, tuple[str, str, str]] = {
    "community_id": ("community_id", "community_id", "id"),
    "theme_id": ("theme_id", "theme_id", "id"),
    "measure_id": ("measure_id", "measure_id", "id"),
    "indicator_id": ("indicator_id", "indicator_id", "id"),
    "issue_id": ("issue_id", "issue_id", "id"),
    "ownership": ("ownership", "ownership", "id"),
    "source_class": ("source_class", "source_class", "id"),
    "community": ("Громада", "Community", "name"),
    "full_name": ("Повна назва", "Full name", "name"),
    "oblast": ("Область", "Oblast", "name"),
    "period_start": ("Початок програми", "Programme start", "integer"),
    "period_end": ("Кінець програми", "Programme end", "integer"),
    "programme_total_kuah": ("Сума програми (сума заходів), тис. грн", "Programme total (sum of measures), thousand UAH",
                             "money"),
    "stated_total_kuah": ("Підсумок у документі, тис. грн", "Document's own total, thousand UAH", "money"),
    "stated_total_line": ("Рядок підсумку в документі", "Line of the document's total", "integer"),
    "annual_average_kuah": ("У середньому на рік, тис. грн", "Annual average, thousand UAH", "money_rounded"),
    "population": ("Населення (Держстат)", "Population (state statistics)", "count"),
    "population_date": ("Населення на дату", "Population as of", "date"),
    "per_resident_year": ("Грн на мешканця на рік (Держстат)", "UAH per resident per year (state statistics)", "uah"),
    "population_document": ("Населення за документом", "Population the document states", "count"),
    "population_document_line": ("Рядок населення в документі", "Line of the document's population", "integer"),
    "per_resident_year_document": ("Грн на мешканця на рік (населення за документом)",
                                   "UAH per resident per year (the document's population)", "uah"),
    "own_share": ("Власні кошти, %", "Own money, %", "share"),
    "external_share": ("Зовнішні кошти, %", "External money, %", "share"),
    "unspecified_share": ("Не визначено, %", "Unspecified, %", "share"),
    "measure_count": ("Заходів", "Measures", "count"),
    "measures_with_money": ("Заходів із сумами", "Measures with money", "count"),
    "indicator_count": ("Індикаторів", "Indicators", "count"),
    "issues_error": ("Проблем даних: помилок", "Data issues: errors", "count"),
    "issues_warning": ("Проблем даних: попереджень", "Data issues: warnings", "count"),
    "issues_info": ("Проблем даних: приміток", "Data issues: notes", "count"),
    "theme": ("Тема", "Theme", "name"),
    "amount_kuah": ("Сума, тис. грн", "Amount, thousand UAH", "money"),
    "share": ("Частка в сумі громади, %", "Share of the community's total, %", "share"),
    "share_of_year": ("Частка в сумі громади за рік, %", "Share of the community's year, %", "share"),
    "per_resident_theme": ("Грн на мешканця на рік (Держстат)", "UAH per resident per year (state statistics)", "uah"),
    "ownership_name": ("Власність коштів", "Ownership", "name"),
    "source_class_name": ("Клас джерела", "Source class", "name"),
    "year": ("Рік", "Year", "integer"),
    "programme_year": ("Рік програми", "Programme year", "integer"),
    "indicator": ("Індикатор (як у документі)", "Indicator (as written, Ukrainian)", "text"),
    "unit": ("Одиниця", "Unit", "name"),
    "baseline_value": ("Базове значення", "Baseline", "value"),
    "baseline_text": ("Базове (як у документі)", "Baseline (as written)", "name"),
    "final_target_value": ("Кінцева ціль", "Final target", "value"),
    "target_semantics": ("Значення за роками — це", "Yearly values are", "name"),
    "dynamics_text": ("Динаміка (як у документі)", "Dynamics (as written)", "name"),
    "origin": ("Звідки індикатор", "Origin", "name"),
    "family": ("Сім’я індикаторів", "Indicator family", "name"),
    "source_line": ("Рядок джерела", "Source line", "integer"),
    "item_number": ("№ у документі", "No. in the document", "name"),
    "priority_code": ("Код напряму", "Direction code", "name"),
    "direction": ("Напрям (як у документі)", "Direction (as written, Ukrainian)", "text"),
    "measure": ("Захід (як у документі)", "Measure (as written, Ukrainian)", "text"),
    "task": ("Завдання", "Task (Ukrainian)", "text"),
    "responsible": ("Виконавці", "Responsible (Ukrainian)", "text"),
    "term": ("Строк", "Term (as written)", "name"),
    "funded_years": ("Роки з сумами", "Years with money", "name"),
    "no_year_kuah": ("Без року, тис. грн", "No year, thousand UAH", "money"),
    "total_kuah": ("Усього, тис. грн", "Total, thousand UAH", "money"),
    "own_kuah": ("Власні, тис. грн", "Own, thousand UAH", "money"),
    "external_kuah": ("Зовнішні, тис. грн", "External, thousand UAH", "money"),
    "unspecified_kuah": ("Не визначено, тис. грн", "Unspecified, thousand UAH", "money"),
    "funding_sources": ("Джерела (як у документі)", "Sources (as written, Ukrainian)", "text"),
    "non_monetary": ("Без суми (як у документі)", "Without an amount (as written)", "name"),
    "expected_result": ("Очікуваний результат", "Expected result (Ukrainian)", "text"),
    "severity": ("Важливість", "Severity", "name"),
    "message": ("Що не так", "What is wrong", "text"),
    "stated": ("Документ пише", "The document states", "value"),
    "computed": ("Пораховано", "Computed", "value"),
    "check_id": ("Перевірка (код)", "Check (code)", "name"),
    "section": ("Розділ", "Section", "name"),
    "code": ("Код", "Code", "name"),
    "item": ("Назва", "Name", "text"),
    "value": ("Значення", "Value", "count"),
    "description": ("Опис", "Description", "text"),
    "source": ("Джерело", "Source", "text"),
    "as_of": ("Дата", "Date", "date"),
    "sha256": ("SHA-256", "SHA-256", "name"),
}

WORDS: dict[str, tuple[str, str]] = {
    "no_year": ("без року", "no year"),
    "target_year": ("Ціль {year}", "Target {year}"),
    "year_money": ("{year}, тис. грн", "{year}, thousand UAH"),
    "cumulative": ("рівні на кінець року", "levels at year end"),
    "increment": ("прирости за рік", "additions in the year"),
    "appendix": ("додаток індикаторів", "indicator appendix"),
    "expected_result": ("очікуваний результат заходу", "a measure's expected result"),
    "chart_data_themes": ("Дані графіка: тис. грн за темами", "Chart data: thousand UAH by theme"),
    "chart_data_funding": ("Дані графіка: тис. грн за власністю коштів", "Chart data: thousand UAH by ownership"),
    "chart_themes": ("Бюджет за темами, тис. грн", "Budget by theme, thousand UAH"),
    "chart_funding": ("Власні та зовнішні кошти, % суми програми", "Own and external money, % of the programme total"),
    "thousand_uah": ("тис. грн", "thousand UAH"),
    "section_theme": ("Тема", "Theme"),
    "section_source_class": ("Клас джерела", "Funding source class"),
    "section_ownership": ("Власність коштів", "Ownership of money"),
    "section_denominator": ("Знаменник на мешканця", "Per-resident denominator"),
    "section_definition": ("Визначення", "Definition"),
    "section_reference": ("Довідкове джерело", "Reference source"),
    "section_caveat": ("Застереження", "Caveat"),
    "section_document": ("Документ програми", "Programme document"),
    "ownership_classes": ("Класи джерел: {classes}", "Source classes: {classes}"),
    "class_ownership": ("Власність: {ownership}", "Ownership: {ownership}"),
    "official_population": ("Наявне населення (Держстат)", "Present population (state statistics)"),
    "document_population": ("Населення, як його вказує документ програми", "Population as the programme document states it"),
    "document_line": ("{file}, рядок {line}", "{file}, line {line}"),
    "mappings_themes": ("data/mappings/themes.csv; тема кожного заходу — data/mappings/measure_themes.csv",
                        "data/mappings/themes.csv; each measure's theme — data/mappings/measure_themes.csv"),
    "mappings_sources": ("data/mappings/funding_sources.csv", "data/mappings/funding_sources.csv"),
    "def_total": ("Сума програми — сума всіх грошових клітинок заходів, а не підсумок, який пише "
                  "документ; підсумок документа показано поруч.",
                  "A programme's total is the sum of its measures' money cells, not the total the "
                  "document prints; the document's total is shown beside it."),
    "def_money": ("Гроші — у тисячах гривень, точно до гривні; суми без року входять лише до загальної суми.",
                  "Money is in thousand UAH, exact to the hryvnia; amounts with no year count only in the overall total."),
    "def_share": ("Частки — у відсотках від 0 до 100, як на панелі, з одним знаком після коми.",
                  "Shares are percentages from 0 to 100, as on the dashboard, to one decimal."),
    "def_per_resident": ("Грн на мешканця на рік = сума програми × 1000 / населення / кількість років програми.",
                         "UAH per resident per year = programme total × 1000 / population / programme years."),
    "def_theme": ("Бюджет за темами використовує тему заходу, а не напряму, в якому захід стоїть.",
                  "Budget by theme uses the measure's theme, not the theme of the direction it sits in."),
    "docs_methodology": ("docs/methodology.md", "docs/methodology.md"),
    "manifest": ("data/sources.toml", "data/sources.toml"),
}


def _pick(table: dict[str, tuple], key: str, lang: str, **values) -> str:
    """The text for ``lang`` from a table of (Ukrainian, English, …) entries, filled in."""
    text = table[key][1 if lang == "en" else 0]
    return text.format(**values) if values else text


def word(key: str, lang: str, **values) -> str:
    return _pick(WORDS, key, lang, **values)


def column_label(key: str, lang: str) -> str:
    return _pick(COLUMNS, key, lang)


def sheet_name(key: str, lang: str) -> str:
    return _pick(SHEETS, key, lang)


# --- selection and database -------------------------------------------------------------------

def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    return lang


def resolve_communities(warehouse: Warehouse, requested: Sequence[str] | None) -> tuple[str, ...]:
    """The selected ids in the warehouse's order; None means every community."""
    known = list(queries.all_communities(warehouse)["community_id"])
    if requested is None:
        return tuple(known)
    wanted = [str(item).strip() for item in requested if str(item).strip()]
    if not wanted:
        raise ValueError(f"no community selected; known: {', '.join(known)}")
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise ValueError(f"unknown community id(s): {', '.join(unknown)}; known: {', '.join(known)}")
    chosen = set(wanted)
    return tuple(community for community in known if community in chosen)


@contextmanager
def open_warehouse(source: Path | str | Warehouse) -> Iterator[Warehouse]:
    """The warehouse the pack reads: the handle given, or the file at a path, checked and opened
    read-only for this build (and closed after it)."""
    if isinstance(source, Warehouse):
        yield source
        return
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse here; build it with `python -m etl build --db {path}`")
    from etl.warehouse import SCHEMA_VERSION
    if schema_version_of(path) != SCHEMA_VERSION:
        raise ValueError(f"{path} was built by another schema version; rebuild it with `python -m etl build`")
    warehouse = Warehouse(path)
    try:
        yield warehouse
    finally:
        warehouse.retire()


def chart_lookup(warehouse: Warehouse, lang: str) -> Lookup:
    """The names and colours the dashboard's charts use (built as the pages build theirs)."""
    return make_lookup(lang, queries.all_communities(warehouse), queries.all_themes(warehouse),
                       queries.source_classes(warehouse))


def default_filters(communities: tuple[str, ...], lang: str) -> Filters:
    """The dashboard's default view: every year, every theme, the official population."""
    return Filters(communities=communities, lang=lang)


# --- tables ---------------------------------------------------------------------------------

def make_table(key: str, columns: dict[str, list], lang: str, extra: dict[str, tuple[str, str]] | None = None) -> Table:
    """A Table from column key -> values; ``extra`` names columns made at run time (label, kind)."""
    extra = extra or {}
    labels, kinds = {}, {}
    for column in columns:
        label, kind = extra[column] if column in extra else (column_label(column, lang), COLUMNS[column][2])
        labels[column] = label
        kinds[label] = kind
    frame = pd.DataFrame({labels[column]: _column(values, kinds[labels[column]]) for column, values in columns.items()})
    return Table(key=key, sheet=sheet_name(key, lang), frame=frame, kinds=kinds)


def _column(values: list, kind: str):
    """Whole numbers with gaps stay whole (nullable Int64): line 2215 must not become 2215.0 in a CSV."""
    present = [value for value in values if not is_missing(value)]
    if kind in {"integer", "count"} and present and all(isinstance(value, int) for value in present):
        return pd.array(values, dtype="Int64")
    return values


def _values(series) -> list:
    """Plain Python values with None for anything missing (pandas NA, NaN, NaT)."""
    return [None if is_missing(value) else value for value in series]


def _percents(percentages) -> list:
    """Percent figures (0-100) as the queries give them and the pages show them."""
    return [None if is_missing(value) else value for value in percentages]


def _dates(values) -> list:
    return [None if is_missing(value) else pd.Timestamp(value).date() for value in values]


def _integers(values) -> list:
    return [None if is_missing(value) else int(value) for value in values]


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
        "full_name": _values(official[name_column(lang)]),
        "oblast": _values(official["oblast_en" if lang == "en" else "oblast_uk"]),
        "period_start": _integers(official["period_start"]),
        "period_end": _integers(official["period_end"]),
        "programme_total_kuah": _values(official["programme_total_kuah"]),
        "stated_total_kuah": _values(official["stated_total_kuah"]),
        "stated_total_line": _integers(official["stated_total_line"]),
        "annual_average_kuah": _values(official["annual_average_kuah"]),
        "population": _integers(official["population"]),
        "population_date": _dates(official["population_date"]),
        "per_resident_year": _values(official["per_resident_year"]),
        "population_document": _integers(official["population_document"]),
        "population_document_line": _integers(communities.loc[order, "population_document_line"]),
        "per_resident_year_document": _values(document_rate),
        "own_share": _percents(official["own_share_pct"]),
        "external_share": _percents(official["external_share_pct"]),
        "unspecified_share": _percents(official["unspecified_share_pct"]),
        "measure_count": _integers(official["measure_count"]),
        "measures_with_money": _integers(official["measures_with_money"]),
        "indicator_count": _integers(official["indicator_count"]),
        "issues_error": _integers(official["issues_error"]),
        "issues_warning": _integers(official["issues_warning"]),
        "issues_info": _integers(official["issues_info"]),
    }, lang)


def theme_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.budget_by_theme(warehouse, default_filters(ids, lang))
    return make_table("budget_by_theme", {
        "community": [lookup.community(community) for community in frame["community_id"]],
        "theme": [lookup.theme_names.get(theme, theme) for theme in frame["theme_id"]],
        "amount_kuah": _values(frame["amount_kuah"]),
        "share": _percents(frame["share_pct"]),
        "per_resident_theme": _values(frame["per_resident_year"]),
        "community_id": list(frame["community_id"]),
        "theme_id": list(frame["theme_id"]),
    }, lang)


def funding_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.funding_mix(warehouse, default_filters(ids, lang))
    return make_table("funding_mix", {
        "community": [lookup.community(community) for community in frame["community_id"]],
        "ownership_name": [lookup.ownership_names[ownership] for ownership in frame["ownership"]],
        "amount_kuah": _values(frame["amount_kuah"]),
        "share": _percents(frame["share_pct"]),
        "community_id": list(frame["community_id"]),
        "ownership": list(frame["ownership"]),
    }, lang)


def source_class_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.funding_by_class(warehouse, default_filters(ids, lang))
    return make_table("funding_by_source_class", {
        "community": [lookup.community(community) for community in frame["community_id"]],
        "source_class_name": [lookup.source_class_names.get(name, name) for name in frame["source_class"]],
        "ownership_name": [lookup.ownership_names[ownership] for ownership in frame["ownership"]],
        "amount_kuah": _values(frame["amount_kuah"]),
        "share": _percents(frame["share_pct"]),
        "community_id": list(frame["community_id"]),
        "source_class": list(frame["source_class"]),
        "ownership": list(frame["ownership"]),
    }, lang)


def funding_year_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.funding_mix(warehouse, default_filters(ids, lang), by_year=True)
    return make_table("funding_by_year", {
        "community": [lookup.community(community) for community in frame["community_id"]],
        "year": [word("no_year", lang) if is_missing(year) else int(year) for year in frame["year"]],
        "programme_year": _integers(frame["programme_year"]),
        "ownership_name": [lookup.ownership_names[ownership] for ownership in frame["ownership"]],
        "amount_kuah": _values(frame["amount_kuah"]),
        "share_of_year": _percents(frame["share_pct"]),
        "community_id": list(frame["community_id"]),
        "ownership": list(frame["ownership"]),
    }, lang)


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
        "indicator": _values(indicators["name_uk"]),
        "unit": _values(indicators["unit"]),
        "baseline_value": _values(indicators["baseline_value"]),
        "baseline_text": _values(indicators["baseline_text"]),
    }
    extra = {}
    for year in years:
        columns[f"target_{year}"] = [targets.get((indicator, year)) for indicator in indicators["indicator_id"]]
        extra[f"target_{year}"] = (word("target_year", lang, year=year), "value")
    columns.update({
        "final_target_value": _values(indicators["final_target_value"]),
        "target_semantics": [word(value, lang) for value in indicators["target_semantics"]],
        "dynamics_text": _values(indicators["dynamics_text"]),
        "origin": [word(value, lang) for value in indicators["origin"]],
        "theme": [lookup.theme_names.get(theme, theme) for theme in indicators["theme_id"]],
        "family": _values(indicators[family]),
        "source_line": _integers(indicators["source_line"]),
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
        "item_number": _values(frame["item_number"]),
        "priority_code": _values(frame["priority_code"]),
        "direction": _values(frame["priority_name_uk"]),
        "theme": [lookup.theme_names.get(theme, theme) for theme in frame["theme_id"]],
        "measure": _values(frame["name_uk"]),
        "task": _values(frame["task_uk"]),
        "term": _values(frame["term_uk"]),
        "funded_years": _values(frame["funded_years"]),
    }
    extra = {}
    for year, amounts in by_year.items():
        columns[f"kuah_{year}"] = [amounts.get(measure) for measure in frame["measure_id"]]
        extra[f"kuah_{year}"] = (word("year_money", lang, year=year), "money")
    if any(value is not None for value in undated):
        columns["no_year_kuah"] = undated
    columns.update({
        "total_kuah": _values(frame["total_kuah"]),
        "own_kuah": _values(frame["own_kuah"]),
        "external_kuah": _values(frame["external_kuah"]),
        "unspecified_kuah": _values(frame["unspecified_kuah"]),
        "funding_sources": _values(frame["funding_sources_uk"]),
        "non_monetary": _values(frame["non_monetary_uk"]),
        "expected_result": _values(frame["expected_result_uk"]),
        "responsible": _values(frame["responsible_uk"]),
        "source_line": _integers(frame["source_line"]),
        "measure_id": list(frame["measure_id"]),
        "community_id": list(frame["community_id"]),
    })
    return make_table("measures", columns, lang, extra)


def issue_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.data_issues(warehouse, ids)
    return make_table("data_issues", {
        "community": [lookup.community(community) for community in frame["community_id"]],
        "severity": [t(f"severity_{severity}", lang) for severity in frame["severity"]],
        "message": _values(frame["message_en" if lang == "en" else "message_uk"]),
        "stated": _values(frame["stated"]),
        "computed": _values(frame["computed"]),
        "source_line": _integers(frame["source_line"]),
        "check_id": _values(frame["check_id"]),
        "measure_id": _values(frame["measure_id"]),
        "priority_code": _values(frame["priority_code"]),
        "year": _integers(frame["year"]),
        "issue_id": list(frame["issue_id"]),
        "community_id": list(frame["community_id"]),
    }, lang)


def reference_sources(readme: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(columns, source) rows of the table in data/reference/README.md, and its caveats."""
    if not readme.exists():
        return [], []
    rows, caveats, in_caveats = [], [], False
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and not set(cells[0]) <= set("-: ") and cells[0] != "column":
            rows.append((cells[0], cells[1]))
        elif line.lower().startswith("caveats"):
            in_caveats = True
        elif in_caveats and line.startswith("- "):
            caveats.append(line[2:].strip())
        elif in_caveats and line.startswith("  ") and caveats:
            caveats[-1] += " " + line.strip()
    return rows, caveats


def _row(section: str, lang: str, **values) -> dict:
    return {"section": word(section, lang), **values}


def _definition_rows(lang: str) -> list[dict]:
    return [_row("section_definition", lang, description=word(key, lang), source=word("docs_methodology", lang))
            for key in ("def_total", "def_money", "def_share", "def_per_resident", "def_theme")]


def _theme_rows(warehouse: Warehouse, lang: str) -> list[dict]:
    return [_row("section_theme", lang, code=theme.theme_id, item=getattr(theme, name_column(lang)),
                 description=theme.description_en if lang == "en" else theme.description_uk,
                 source=word("mappings_themes", lang))
            for theme in queries.all_themes(warehouse).itertuples(index=False)]


def _ownership_rows(warehouse: Warehouse, lang: str, lookup: Lookup) -> list[dict]:
    """Each ownership with the source classes it covers, then each class with its ownership."""
    classes = list(queries.source_classes(warehouse).itertuples(index=False))
    source = word("mappings_sources", lang)
    rows = []
    for ownership in OWNERSHIPS:
        names = "; ".join(getattr(row, name_column(lang)) for row in classes if row.ownership == ownership)
        rows.append(_row("section_ownership", lang, code=ownership, item=lookup.ownership_names[ownership],
                         description=word("ownership_classes", lang, classes=names), source=source))
    for row in classes:
        rows.append(_row("section_source_class", lang, code=row.source_class, item=getattr(row, name_column(lang)),
                         description=word("class_ownership", lang, ownership=lookup.ownership_names[row.ownership]),
                         source=source))
    return rows


def _denominator_rows(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup, population_source: str) -> list[dict]:
    """The official population with its date and source, and the document's own figure where it gives one."""
    communities = queries.all_communities(warehouse).set_index("community_id")
    rows = []
    for community in ids:
        record = communities.loc[community]
        name = lookup.community(community)
        rows.append(_row("section_denominator", lang, code=community, item=f"{name}: {word('official_population', lang)}",
                         value=int(record["population"]), description=population_source,
                         source="data/reference/communities.csv", as_of=_dates([record["population_date"]])[0]))
        if not is_missing(record["population_document"]):
            where = word("document_line", lang, file=record["source_file"], line=int(record["population_document_line"]))
            rows.append(_row("section_denominator", lang, code=community,
                             item=f"{name}: {word('document_population', lang)}",
                             value=int(record["population_document"]), source=where))
    return rows


def _document_rows(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> list[dict]:
    communities = queries.all_communities(warehouse).set_index("community_id")
    return [_row("section_document", lang, code=community, item=record["programme_title_uk"],
                 description=f"{lookup.community(community)}: {record['period_start']}–{record['period_end']}",
                 source=record["source_file"], sha256=record["source_sha256"])
            for community, record in ((community, communities.loc[community]) for community in ids)]


def methodology_table(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    """Definitions, themes, source classes, denominators, reference sources and documents, one row each."""
    references, caveats = reference_sources(DATA_DIR / "reference" / "README.md")
    population_source = next((source for columns, source in references if "population" in columns), "")
    reference = "data/reference/README.md"
    rows = [
        *_definition_rows(lang),
        *_theme_rows(warehouse, lang),
        *_ownership_rows(warehouse, lang, lookup),
        *_denominator_rows(warehouse, ids, lang, lookup, population_source),
        *(_row("section_reference", lang, code=columns, description=source, source=reference)
          for columns, source in references),
        *(_row("section_caveat", lang, description=caveat, source=reference) for caveat in caveats),
        *_document_rows(warehouse, ids, lang, lookup),
    ]
    keys = ("section", "code", "item", "value", "description", "source", "as_of", "sha256")
    return make_table("methodology", {key: [row.get(key) for row in rows] for key in keys}, lang)


TABLE_BUILDERS = (summary_table, theme_table, funding_table, source_class_table, funding_year_table, indicator_table,
                  measure_table, issue_table, methodology_table)


def pack_tables(warehouse: Warehouse, ids: tuple[str, ...], lang: str) -> list[Table]:
    lookup = chart_lookup(warehouse, lang)
    return [builder(warehouse, ids, lang, lookup) for builder in TABLE_BUILDERS]


# --- workbook -------------------------------------------------------------------------------

def workbook_charts(warehouse: Warehouse, lang: str) -> list[StackedChart]:
    """Budget by theme (thousand UAH) and own/external money (% of the total), as native charts."""
    lookup = chart_lookup(warehouse, lang)
    heading = {key: column_label(key, lang) for key in ("community_id", "theme_id", "ownership", "amount_kuah")}
    common = {"community_column": heading["community_id"], "amount_column": heading["amount_kuah"],
              "community_names": lookup.community_names, "corner": column_label("community", lang)}
    return [
        StackedChart(table_key="budget_by_theme", part_column=heading["theme_id"], parts=lookup.theme_names,
                     colours=THEME_COLOURS, data_title=word("chart_data_themes", lang), title=word("chart_themes", lang),
                     value_title=word("thousand_uah", lang), percent=False, **common),
        StackedChart(table_key="funding_mix", part_column=heading["ownership"], parts=lookup.ownership_names,
                     colours=OWNERSHIP_COLOURS, data_title=word("chart_data_funding", lang),
                     title=word("chart_funding", lang), value_title="%", percent=True, **common),
    ]


def pack_workbook(warehouse: Warehouse, tables: list[Table], ids: tuple[str, ...], lang: str) -> bytes:
    return workbook_bytes(tables, lang, pack_about(warehouse, ids, lang), workbook_charts(warehouse, lang), t("app_title", lang))


def build_workbook(db_path: Path | str | Warehouse, communities: list[str] | None, lang: str) -> bytes:
    """The .xlsx: one sheet per table, native charts for themes and funding, fixed dates."""
    check_language(lang)
    with open_warehouse(db_path) as warehouse:
        ids = resolve_communities(warehouse, communities)
        return pack_workbook(warehouse, pack_tables(warehouse, ids, lang), ids, lang)


# --- chart images -----------------------------------------------------------------------------

def chart_figures(warehouse: Warehouse, ids: tuple[str, ...], lang: str) -> dict[str, object]:
    """The dashboard's figures for a selection, by file name."""
    filters = default_filters(ids, lang)
    lookup = chart_lookup(warehouse, lang)
    summary = queries.community_summary(warehouse, ids, "official")
    denominator = t("denominator_short", lang, source=t("denominator_official", lang))
    return {
        "budget-by-theme.png": theme_bars(queries.budget_by_theme(warehouse, filters), lookup, "kuah"),
        "funding-mix.png": ownership_bars(queries.funding_mix(warehouse, filters), lookup),
        "funding-by-source-class.png": source_class_bars(queries.funding_by_class(warehouse, filters), lookup),
        "money-by-year.png": year_totals_chart(queries.year_totals(warehouse, filters), lookup),
        "programme-totals.png": totals_chart(summary, lookup),
        "uah-per-resident.png": per_resident_chart(summary, lookup, denominator),
    }


def chart_images(db_path: Path | str | Warehouse, communities: list[str] | None, lang: str, width: int = chart_png.CHART_SIZE[0],
                 height: int = chart_png.CHART_SIZE[1], scale: float = 1) -> dict[str, bytes]:
    """PNGs of the dashboard's charts for the selection (Kaleido through the system Chromium)."""
    check_language(lang)
    with open_warehouse(db_path) as warehouse:
        ids = resolve_communities(warehouse, communities)
        return chart_png.render_images(chart_figures(warehouse, ids, lang), width, height, scale)


# --- one-page brief -----------------------------------------------------------------------------

def brief_html(warehouse: Warehouse, community_id: str, lang: str) -> str:
    """The brief for one community from the current database (see ``community_brief_html``)."""
    ids = (community_id,)
    filters = default_filters(ids, lang)
    return brief.render(
        lang, chart_lookup(warehouse, lang), summary=queries.community_summary(warehouse, ids, "official").iloc[0],
        document_summary=queries.community_summary(warehouse, ids, "document").iloc[0],
        record=queries.all_communities(warehouse).set_index("community_id").loc[community_id],
        themes=queries.budget_by_theme(warehouse, filters), mix=queries.funding_mix(warehouse, filters),
        amounts=queries.measure_amounts(warehouse, filters), progress=queries.indicator_progress(warehouse, ids),
        issues=queries.data_issues(warehouse, ids),
        more_sheets={key: sheet_name(key, lang) for key in ("measures", "indicators", "data_issues")})


def community_brief_html(db_path: Path | str | Warehouse, community_id: str, lang: str) -> str:
    """A one-page A4 brief: key figures, theme and funding charts (inline SVG), the largest
    measures, indicator ambitions and data issues, each with its source line. No external requests."""
    check_language(lang)
    with open_warehouse(db_path) as warehouse:
        (community,) = resolve_communities(warehouse, [community_id])
        return brief_html(warehouse, community, lang)


# --- the pack -------------------------------------------------------------------------------------

README_TEXT: dict[str, tuple[str, str]] = {
    "title": ("Пакет для семінару — hromada-benchmark", "Workshop pack — hromada-benchmark"),
    "selection": ("Громади: {names}. Мова: українська.", "Communities: {names}. Language: English."),
    "contents": ("Що всередині:", "What is inside:"),
    "workbook": ("{name} — робоча книга Excel: аркуші {sheets}; на аркушах «{themes}» і «{funding}» — "
                 "графіки Excel, які можна змінювати.",
                 "{name} — Excel workbook: sheets {sheets}; the sheets “{themes}” and “{funding}” carry native "
                 "Excel charts you can restyle."),
    "tables": ("tables/*.csv — ті самі таблиці в CSV (UTF-8 з BOM, відкривається в Excel).",
               "tables/*.csv — the same tables as CSV (UTF-8 with BOM, opens in Excel)."),
    "charts": ("charts/*.png — графіки панелі ({size} пікселів), ті самі кольори й формат чисел.",
               "charts/*.png — the dashboard's charts ({size} pixels), same colours and number format."),
    "no_charts": ("Графіків PNG і PDF немає: {reason}", "No PNG charts and no PDFs: {reason}"),
    "no_chromium": ("Chromium не знайдено.", "Chromium was not found."),
    "not_requested": ("пакет зібрано без зображень.", "the pack was built without images."),
    "briefs": ("briefs/*.html — одна сторінка A4 на громаду (відкрийте в браузері й надрукуйте).",
               "briefs/*.html — one A4 page per community (open in a browser and print)."),
    "pdfs": ("briefs/*.pdf — ті самі сторінки в PDF.", "briefs/*.pdf — the same pages as PDF."),
    "origin": ("Звідки цифри: з бази, яку збирають із текстів програм, тими самими запитами, що й панель, у вигляді "
               "за замовчуванням: усі роки, усі теми, населення за Держстатом на {population_date}. Кожен рядок "
               "таблиць має номер рядка документа, з якого його прочитано. Аркуш «{about}» записує вибір громад, "
               "мову, час побудови бази та SHA-256 кожного документа; кожен CSV починається тими самими рядками «#».",
               "Where the figures come from: the warehouse built from the programme texts, through the dashboard's own "
               "queries in its default view: every year, every theme, the official population on {population_date}. "
               "Every row carries the line of the document it was read from. The sheet “{about}” records the chosen "
               "communities, the language, the warehouse's build time and each document's SHA-256; every CSV starts "
               "with the same lines, marked “#”."),
    "units": ("Гроші — у тисячах гривень, точно до гривні. Частки — у відсотках від 0 до 100, як на панелі.",
              "Money is in thousand UAH, exact to the hryvnia. Shares are percentages from 0 to 100, as on the dashboard."),
    "inputs": ("Базу побудовано з вхідних даних із SHA-256 {digest} (схема {schema}); SHA-256 кожного документа — "
               "на аркуші «{sheet}».",
               "The warehouse was built from inputs with SHA-256 {digest} (schema {schema}); each document's SHA-256 "
               "is on the sheet “{sheet}”."),
}


def readme_word(key: str, lang: str, **values) -> str:
    return _pick(README_TEXT, key, lang, **values)


def warehouse_meta(warehouse: Warehouse) -> dict[str, str]:
    return queries.meta(warehouse, ("inputs_sha256", "schema_version"))


def data_version(warehouse: Warehouse, ids: Sequence[str], lang: str) -> DataVersion:
    """The warehouse a file is made from: its build time (when the file was written: the build
    moves a finished file into place), its inputs hash and the chosen communities' documents."""
    meta = warehouse_meta(warehouse)
    names = chart_lookup(warehouse, lang)
    documents = queries.sources(warehouse)
    chosen = documents[documents["community_id"].isin(list(ids))] if len(ids) else documents
    identity = warehouse.identity
    built_at = datetime.fromtimestamp(identity.modified_ns / 1e9 if identity else 0, tz=UTC)
    return DataVersion(
        built_at=built_at, inputs_sha256=meta.get("inputs_sha256", "—"), schema_version=meta.get("schema_version", "—"),
        documents=[(names.community(row.community_id), PurePosixPath(row.source_file).name, row.source_sha256)
                   for row in chosen.itertuples(index=False)])


def pack_about(warehouse: Warehouse, ids: tuple[str, ...], lang: str):
    """The pack's view is the dashboard's default one for the chosen communities."""
    lookup = chart_lookup(warehouse, lang)
    view = View(lang=lang, communities=[lookup.community(community) for community in ids])
    return about(view, data_version(warehouse, ids, lang))


def pack_readme(warehouse: Warehouse, ids: tuple[str, ...], lang: str, tables: list[Table], images: bool, pdfs: bool,
                missing_images: str | None) -> bytes:
    lookup = chart_lookup(warehouse, lang)
    meta = warehouse_meta(warehouse)
    summary = queries.community_summary(warehouse, ids, "official")
    population_dates = ", ".join(sorted({pd.Timestamp(value).strftime("%d.%m.%Y") for value in summary["population_date"]}))
    lines = [
        readme_word("title", lang), "",
        readme_word("selection", lang, names=", ".join(lookup.community(community) for community in ids)), "",
        readme_word("contents", lang),
        "- " + readme_word("workbook", lang, name=workbook_name(lang), sheets=", ".join(table.sheet for table in tables),
                           themes=sheet_name("budget_by_theme", lang), funding=sheet_name("funding_mix", lang)),
        "- " + readme_word("tables", lang),
    ]
    if images:
        lines.append("- " + readme_word("charts", lang, size="×".join(map(str, chart_png.CHART_SIZE))))
    lines.append("- " + readme_word("briefs", lang))
    if pdfs:
        lines.append("- " + readme_word("pdfs", lang))
    if missing_images:
        lines.append("- " + readme_word("no_charts", lang, reason=missing_images))
    lines += ["", readme_word("origin", lang, population_date=population_dates, about=t("about_sheet", lang)), "",
              readme_word("units", lang), "",
              readme_word("inputs", lang, digest=meta.get("inputs_sha256", "—"), schema=meta.get("schema_version", "—"),
                          sheet=sheet_name("methodology", lang)), ""]
    return "\r\n".join(lines).encode("utf-8")  # CRLF: Windows Notepad shows the lines


def workbook_name(lang: str) -> str:
    return f"hromada-benchmark-{lang}.xlsx"


def build_pack(db_path: Path | str | Warehouse, communities: list[str] | None, lang: str, with_images: bool = True) -> bytes:
    """The ZIP: README.txt, the workbook, one CSV per table, chart PNGs, and a brief per community
    (HTML, and PDF when Chromium can print it). Without images no browser is started at all."""
    check_language(lang)
    with open_warehouse(db_path) as warehouse:
        ids = resolve_communities(warehouse, communities)
        tables = pack_tables(warehouse, ids, lang)
        briefs = {community: brief_html(warehouse, community, lang) for community in ids}
        images: dict[str, bytes] = {}
        pdfs: dict[str, bytes] = {}
        missing_images = None
        if not with_images:
            missing_images = readme_word("not_requested", lang)
        elif chromium.path() is None:
            missing_images = readme_word("no_chromium", lang)
        else:
            with media_browser() as browser:  # one Chromium draws the charts and prints the briefs
                images = chart_png.render_images(chart_figures(warehouse, ids, lang), browser=browser)
                pdfs = {community: pdf for community, pdf in pdf_print.brief_pdfs(briefs, browser).items()
                        if pdf is not None}
        entries = {"README.txt": pack_readme(warehouse, ids, lang, tables, images=bool(images), pdfs=bool(pdfs),
                                             missing_images=missing_images),
                   workbook_name(lang): pack_workbook(warehouse, tables, ids, lang)}
        described = pack_about(warehouse, ids, lang)
        entries.update({f"tables/{table.csv_name}": to_csv_bytes(table.frame, export_kinds(table), described)
                        for table in tables})
        entries.update({f"charts/{name}": image for name, image in images.items()})
        for community, text in briefs.items():
            entries[f"briefs/{community}-{lang}.html"] = text.encode("utf-8")
            if community in pdfs:
                entries[f"briefs/{community}-{lang}.pdf"] = pdfs[community]
        return archive.zip_bytes(entries)


def build_pack_file(db_path: Path | str | Warehouse, out: Path, communities: list[str] | None, lang: str,
                    with_images: bool = True) -> Path:
    """Write the ZIP to ``out``, or only the workbook when ``out`` ends with .xlsx."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        data = build_workbook(db_path, communities, lang)
    else:
        data = build_pack(db_path, communities, lang, with_images=with_images)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, out)  # a reader never sees half a file
    return out
