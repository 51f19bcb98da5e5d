"""The workshop pack (issue 6): a workbook, CSV tables, chart images and one-page briefs.

Every figure comes from the dashboard's own query functions (``hromada.queries``) in the
dashboard's default view — every year, every theme, the official population — so a pack shows
the same numbers as the dashboard. Builds are reproducible: the workbook, the ZIP entries and the
PDFs carry a fixed date instead of the build time, so the same input gives the same bytes.

``python -m etl pack --communities illintsi,kremenchuk --lang uk --out pack.zip`` builds one.
"""
from __future__ import annotations

import html
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

import pandas as pd
import streamlit as st
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from streamlit import runtime as streamlit_runtime

from hromada.charts import (OWNERSHIPS, Lookup, ownership_bars, per_resident_chart, place_header, source_class_bars,
                            theme_bars, totals_chart, year_totals_chart)
from hromada.db import DATA_DIR, database_path, schema_version_of
from hromada.exports.about import DataVersion, View, about
from hromada.exports.csv import to_csv_bytes
from hromada.exports.figures import KIND_FORMATS, is_missing
from hromada.exports.xlsx import write_about, write_cell, write_sheet
from hromada.filters import LANGUAGES, Filters
from etl.formatting import format_count, format_kuah, format_percent, format_uah, format_value
from hromada.i18n import name_column, t
from hromada.palette import OWNERSHIP_COLOURS, THEME_COLOURS


def quiet_streamlit_logs() -> None:
    """Outside a Streamlit server the cached query functions log "No runtime found" on import and
    on every call; a command-line run does not need that noise."""
    from streamlit import logger as streamlit_logger
    streamlit_logger.set_log_level("error")
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


if not streamlit_runtime.exists():  # never silence the running app's own logs
    quiet_streamlit_logs()

# Imported after the line above: the module logs while it defines its cached functions.
from hromada import queries, ui  # noqa: E402

# One fixed date for every file in a pack (the earliest a ZIP can hold), so builds are reproducible.
PACK_DATE = datetime(1980, 1, 1)

# A pack column's kind -> the dashboard's number kind (hromada.exports.figures): figures are rounded and
# formatted as the pages show them. Money keeps every hryvnia; an annual average is rounded to one
# decimal as the overview shows it; shares are percent 0-100 under a "%" heading, as on the pages.
EXPORT_KINDS = {"money": "kuah", "money_rounded": "kuah_rounded", "share": "percent", "uah": "uah", "count": "count",
                "integer": "integer"}
MONEY_FORMAT = KIND_FORMATS["kuah"]
MONEY_ROUNDED_FORMAT = KIND_FORMATS["kuah_rounded"]
SHARE_FORMAT = KIND_FORMATS["percent"]
UAH_FORMAT = KIND_FORMATS["uah"]
COUNT_FORMAT = KIND_FORMATS["count"]
INTEGER_FORMAT = KIND_FORMATS["integer"]
DATE_FORMATS = {"uk": "dd.mm.yyyy", "en": "yyyy-mm-dd"}
NUMERIC_KINDS = {*EXPORT_KINDS, "value"}

CHART_SIZE = (1600, 900)
BRIEF_LIMITS = {"measures": 5, "indicators": 5, "issues": 4}
BRIEF_TEXT_LIMIT = 95  # characters of a measure or indicator name on the one-page brief

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


def resolve_communities(requested: Sequence[str] | None) -> tuple[str, ...]:
    """The selected ids in the warehouse's order; None means every community."""
    known = list(queries.all_communities()["community_id"])
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
def use_database(db_path: Path | str) -> Iterator[None]:
    """Point the query functions at ``db_path``.

    They read the path from $PROGRAMMES_DB and cache results by argument only, so switching to
    another file must clear their cache (and clear it again when switching back). The app always
    uses its own database, so there nothing is switched or cleared.
    """
    path = Path(db_path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse here; build it with `python -m etl build --db {path}`")
    from etl.warehouse import SCHEMA_VERSION
    if schema_version_of(path) != SCHEMA_VERSION:
        raise ValueError(f"{path} was built by another schema version; rebuild it with `python -m etl build`")
    if path.resolve() == database_path().resolve():
        yield
        return
    previous = os.environ.get("PROGRAMMES_DB")
    os.environ["PROGRAMMES_DB"] = str(path)
    st.cache_data.clear()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PROGRAMMES_DB", None)
        else:
            os.environ["PROGRAMMES_DB"] = previous
        st.cache_data.clear()


def chart_lookup(lang: str) -> Lookup:
    """The names and colours the dashboard's charts use (the same function the pages call)."""
    return ui.lookup(lang)


def default_filters(communities: tuple[str, ...], lang: str) -> Filters:
    """The dashboard's default view: every year, every theme, the official population."""
    return Filters(communities=communities, lang=lang)


# --- tables ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """One sheet of the workbook and one CSV file: labelled columns and their kinds."""
    key: str
    sheet: str
    frame: pd.DataFrame
    kinds: dict[str, str] = field(default_factory=dict)  # column label -> kind

    @property
    def csv_name(self) -> str:
        return self.key.replace("_", "-") + ".csv"


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


def summary_table(ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    official = queries.community_summary(ids, "official")
    by_document = queries.community_summary(ids, "document").set_index("community_id")
    communities = queries.all_communities().set_index("community_id")
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


def theme_table(ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.budget_by_theme(default_filters(ids, lang))
    return make_table("budget_by_theme", {
        "community": [lookup.community(community) for community in frame["community_id"]],
        "theme": [lookup.theme_names.get(theme, theme) for theme in frame["theme_id"]],
        "amount_kuah": _values(frame["amount_kuah"]),
        "share": _percents(frame["share_pct"]),
        "per_resident_theme": _values(frame["per_resident_year"]),
        "community_id": list(frame["community_id"]),
        "theme_id": list(frame["theme_id"]),
    }, lang)


def funding_table(ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.funding_mix(default_filters(ids, lang))
    return make_table("funding_mix", {
        "community": [lookup.community(community) for community in frame["community_id"]],
        "ownership_name": [lookup.ownership_names[ownership] for ownership in frame["ownership"]],
        "amount_kuah": _values(frame["amount_kuah"]),
        "share": _percents(frame["share_pct"]),
        "community_id": list(frame["community_id"]),
        "ownership": list(frame["ownership"]),
    }, lang)


def source_class_table(ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.funding_by_class(default_filters(ids, lang))
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


def funding_year_table(ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.funding_mix(default_filters(ids, lang), by_year=True)
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


def indicator_table(ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    progress = queries.indicator_progress(ids)
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


def _programme_years(ids: tuple[str, ...]) -> list[int]:
    communities = queries.all_communities()
    chosen = communities[communities["community_id"].isin(ids)]
    return list(range(int(chosen["period_start"].min()), int(chosen["period_end"].max()) + 1))


def measure_table(ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    filters = default_filters(ids, lang)
    frame = queries.measures(filters)
    by_year = {}
    for year in _programme_years(ids):
        amounts = queries.measure_amounts(replace(filters, year_from=year, year_to=year))
        by_year[year] = dict(zip(amounts["measure_id"], amounts["amount_kuah"]))
    dated = [sum(float(by_year[year].get(measure, 0)) for year in by_year) for measure in frame["measure_id"]]
    # What the document gives with no year: the measure's total less its dated amounts.
    undated = [None if is_missing(total) or abs(float(total) - amount) < 0.0005 else round(float(total) - amount, 3)
               for total, amount in zip(frame["total_kuah"], dated)]
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


def issue_table(ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    frame = queries.data_issues(ids)
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


def _theme_rows(lang: str) -> list[dict]:
    return [_row("section_theme", lang, code=theme.theme_id, item=getattr(theme, name_column(lang)),
                 description=theme.description_en if lang == "en" else theme.description_uk,
                 source=word("mappings_themes", lang))
            for theme in queries.all_themes().itertuples(index=False)]


def _ownership_rows(lang: str, lookup: Lookup) -> list[dict]:
    """Each ownership with the source classes it covers, then each class with its ownership."""
    classes = list(queries.source_classes().itertuples(index=False))
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


def _denominator_rows(ids: tuple[str, ...], lang: str, lookup: Lookup, population_source: str) -> list[dict]:
    """The official population with its date and source, and the document's own figure where it gives one."""
    communities = queries.all_communities().set_index("community_id")
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


def _document_rows(ids: tuple[str, ...], lang: str, lookup: Lookup) -> list[dict]:
    communities = queries.all_communities().set_index("community_id")
    return [_row("section_document", lang, code=community, item=record["programme_title_uk"],
                 description=f"{lookup.community(community)}: {record['period_start']}–{record['period_end']}",
                 source=record["source_file"], sha256=record["source_sha256"])
            for community, record in ((community, communities.loc[community]) for community in ids)]


def methodology_table(ids: tuple[str, ...], lang: str, lookup: Lookup) -> Table:
    """Definitions, themes, source classes, denominators, reference sources and documents, one row each."""
    references, caveats = reference_sources(DATA_DIR / "reference" / "README.md")
    population_source = next((source for columns, source in references if "population" in columns), "")
    reference = "data/reference/README.md"
    rows = [
        *_definition_rows(lang),
        *_theme_rows(lang),
        *_ownership_rows(lang, lookup),
        *_denominator_rows(ids, lang, lookup, population_source),
        *(_row("section_reference", lang, code=columns, description=source, source=reference)
          for columns, source in references),
        *(_row("section_caveat", lang, description=caveat, source=reference) for caveat in caveats),
        *_document_rows(ids, lang, lookup),
    ]
    keys = ("section", "code", "item", "value", "description", "source", "as_of", "sha256")
    return make_table("methodology", {key: [row.get(key) for row in rows] for key in keys}, lang)


TABLE_BUILDERS = (summary_table, theme_table, funding_table, source_class_table, funding_year_table, indicator_table,
                  measure_table, issue_table, methodology_table)


def pack_tables(ids: tuple[str, ...], lang: str) -> list[Table]:
    lookup = chart_lookup(lang)
    return [builder(ids, lang, lookup) for builder in TABLE_BUILDERS]


# --- workbook -------------------------------------------------------------------------------

def _zip_entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=PACK_DATE.timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


class ReproducibleZip(zipfile.ZipFile):
    """A ZIP whose entries all carry PACK_DATE, so the same content gives the same bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = _zip_entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl streams each worksheet through a temporary file, whose date is the build time.
        self.writestr(arcname or os.path.basename(filename), Path(filename).read_bytes())


def export_kinds(table: Table) -> dict[str, str]:
    """Column label -> the dashboard's number kind, for rounding and Excel formats."""
    return {label: EXPORT_KINDS[kind] for label, kind in table.kinds.items() if kind in EXPORT_KINDS}


def write_table(workbook: Workbook, table: Table, lang: str) -> None:
    sheet = workbook.create_sheet(table.sheet)
    wrap = {label for label, kind in table.kinds.items() if kind == "text"}
    dates = {label: DATE_FORMATS[lang] for label, kind in table.kinds.items() if kind == "date"}
    write_sheet(sheet, table.frame, dates, wrap, kinds=export_kinds(table))
    # Numbers need less room than their headings; the heading row wraps instead.
    for index, label in enumerate(table.frame.columns, start=1):
        if table.kinds[label] in NUMERIC_KINDS | {"date"}:
            sheet.column_dimensions[get_column_letter(index)].width = 15
        elif table.kinds[label] == "text":
            sheet.column_dimensions[get_column_letter(index)].width = 60


def _chart_data(sheet, title: str, corner: str, categories: list[str], series: dict[str, list[float]]) -> int:
    """Write a category × series block two rows below the table; return its heading row.

    Charts need one column per series; the table above stays long so that it can be filtered.
    The block sits below the table, outside its filter range, so filtering never hides it.
    """
    title_row = sheet.max_row + 3
    write_cell(sheet, title_row, 1, title).font = Font(bold=True)
    heading_row = title_row + 1
    for column, label in enumerate([corner, *series], start=1):
        write_cell(sheet, heading_row, column, label).font = Font(bold=True)
    for offset, category in enumerate(categories, start=1):
        write_cell(sheet, heading_row + offset, 1, category)
        for column, values in enumerate(series.values(), start=2):
            cell = sheet.cell(heading_row + offset, column, values[offset - 1])
            cell.number_format = MONEY_FORMAT
    return heading_row


def _bar_chart(sheet, heading_row: int, categories: int, colours: list[str], title: str, *,
               horizontal: bool, percent: bool, value_title: str) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "percentStacked" if percent else "stacked"
    chart.overlap = 100
    chart.title = title
    data = Reference(sheet, min_col=2, max_col=1 + len(colours), min_row=heading_row, max_row=heading_row + categories)
    chart.add_data(data, titles_from_data=True)
    # Community names are text: a string reference (set_categories would declare them numbers).
    names = Reference(sheet, min_col=1, min_row=heading_row + 1, max_row=heading_row + categories)
    for series, colour in zip(chart.series, colours):
        series.cat = AxDataSource(strRef=StrRef(f=str(names)))
        series.graphicalProperties.solidFill = colour.lstrip("#")
        series.graphicalProperties.line.solidFill = colour.lstrip("#")
    chart.y_axis.title = value_title
    chart.y_axis.number_format = "0%" if percent else "#,##0"
    # openpyxl 3.1 leaves axes without an explicit delete flag, which Excel reads as hidden.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first community on top, as on the dashboard
    chart.legend.position = "b"
    chart.width, chart.height = 22, 12
    return chart


def add_stacked_chart(workbook: Workbook, table: Table, lang: str, lookup: Lookup, part_key: str,
                      names: dict[str, str], colours: dict[str, str], titles: tuple[str, str], *, percent: bool) -> None:
    """A stacked bar chart of amount_kuah, communities × parts (themes or ownership), right of the table."""
    sheet = workbook[table.sheet]
    community_column, part_column, amount_column = (column_label(key, lang) for key in ("community_id", part_key,
                                                                                         "amount_kuah"))
    frame = table.frame
    communities = list(dict.fromkeys(frame[community_column]))
    if not communities:
        return
    parts = [part for part in names if part in set(frame[part_column])]
    amounts = dict(zip(zip(frame[community_column], frame[part_column]), frame[amount_column]))
    series = {names[part]: [float(amounts.get((community, part)) or 0) for community in communities] for part in parts}
    data_title, chart_title = titles
    heading_row = _chart_data(sheet, word(data_title, lang), column_label("community", lang),
                              [lookup.community(community) for community in communities], series)
    chart = _bar_chart(sheet, heading_row, len(communities), [colours.get(part, "#777777") for part in parts],
                       word(chart_title, lang), horizontal=percent, percent=percent,
                       value_title="%" if percent else word("thousand_uah", lang))
    sheet.add_chart(chart, f"{get_column_letter(len(frame.columns) + 2)}2")


def workbook_bytes(tables: list[Table], lang: str, lookup: Lookup, ids: tuple[str, ...]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        write_table(workbook, table, lang)
    write_about(workbook, pack_about(ids, lang))
    workbook.active = 1  # "About this file" is the first tab; the workbook opens on the summary
    by_key = {table.key: table for table in tables}
    add_stacked_chart(workbook, by_key["budget_by_theme"], lang, lookup, "theme_id", lookup.theme_names, THEME_COLOURS,
                      ("chart_data_themes", "chart_themes"), percent=False)
    add_stacked_chart(workbook, by_key["funding_mix"], lang, lookup, "ownership", lookup.ownership_names,
                      OWNERSHIP_COLOURS, ("chart_data_funding", "chart_funding"), percent=True)
    properties = workbook.properties
    properties.creator = "hromada-benchmark"
    properties.title = t("app_title", lang)
    properties.created = properties.modified = PACK_DATE
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time into the properties.
    ExcelWriter(workbook, ReproducibleZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buffer.getvalue()


def build_workbook(db_path: Path | str, communities: list[str] | None, lang: str) -> bytes:
    """The .xlsx: one sheet per table, native charts for themes and funding, fixed dates."""
    check_language(lang)
    with use_database(db_path):
        ids = resolve_communities(communities)
        return workbook_bytes(pack_tables(ids, lang), lang, chart_lookup(lang), ids)


# --- chart images -----------------------------------------------------------------------------

_images_lock = threading.Lock()


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@contextmanager
def image_session() -> Iterator[None]:
    """One Kaleido browser for a batch of images: starting Chromium costs ~2 s, an image ~0.2 s.
    Kaleido's browser is process-wide, so two app sessions take turns rather than stop each other's."""
    browser = chromium_path()
    if browser is None:
        raise RuntimeError("Chromium was not found (looked at $BROWSER_PATH, chromium on PATH and /usr/bin/chromium); "
                           "install Debian's chromium package or build the pack without images")
    os.environ.setdefault("BROWSER_PATH", browser)
    import kaleido
    with _images_lock:
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)  # MathJax would come from a CDN
        try:
            yield
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def figure_png(figure, width: int, height: int, scale: float = 1) -> bytes:
    with warnings.catch_warnings():
        # Plotly passes its defaults along; a running Kaleido server ignores them and says so.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return place_header(figure, height).to_image(format="png", width=width, height=height, scale=scale)


def chart_figures(ids: tuple[str, ...], lang: str) -> dict[str, object]:
    """The dashboard's figures for a selection, by file name."""
    filters = default_filters(ids, lang)
    lookup = chart_lookup(lang)
    summary = queries.community_summary(ids, "official")
    denominator = t("denominator_short", lang, source=t("denominator_official", lang))
    return {
        "budget-by-theme.png": theme_bars(queries.budget_by_theme(filters), lookup, "kuah"),
        "funding-mix.png": ownership_bars(queries.funding_mix(filters), lookup),
        "funding-by-source-class.png": source_class_bars(queries.funding_by_class(filters), lookup),
        "money-by-year.png": year_totals_chart(queries.year_totals(filters), lookup),
        "programme-totals.png": totals_chart(summary, lookup),
        "uah-per-resident.png": per_resident_chart(summary, lookup, denominator),
    }


def chart_images(db_path: Path | str, communities: list[str] | None, lang: str, width: int = CHART_SIZE[0],
                 height: int = CHART_SIZE[1], scale: float = 1) -> dict[str, bytes]:
    """PNGs of the dashboard's charts for the selection (Kaleido through the system Chromium)."""
    check_language(lang)
    with use_database(db_path):
        ids = resolve_communities(communities)
        return render_images(chart_figures(ids, lang), width, height, scale)


def render_images(figures: dict[str, object], width: int = CHART_SIZE[0], height: int = CHART_SIZE[1],
                  scale: float = 1) -> dict[str, bytes]:
    with image_session():
        return {name: figure_png(figure, width, height, scale) for name, figure in figures.items()}


# --- one-page brief -----------------------------------------------------------------------------

BRIEF: dict[str, tuple[str, str]] = {
    "kicker": ("Програма інформатизації · коротко", "Informatization programme · brief"),
    "period": ("Програма на {start}–{end} роки", "Programme for {start}–{end}"),
    "total": ("Сума програми", "Programme total"),
    "stated_same": ("Збігається з підсумком документа (рядок {line})", "Matches the document's own total (line {line})"),
    "stated_differs": ("Документ пише {stated} (рядок {line})", "The document states {stated} (line {line})"),
    "stated_none": ("Документ не наводить загального підсумку", "The document states no overall total"),
    "per_resident": ("Грн на мешканця на рік", "UAH per resident per year"),
    "denominator": ("на {population} осіб — Держстат, наявне населення на {date}",
                    "for {population} residents — state statistics, present population on {date}"),
    "document_rate": ("за населенням з документа ({population}, рядок {line}) — {rate}",
                      "with the document's population ({population}, line {line}): {rate}"),
    "own_share": ("Власні кошти", "Own money"),
    "other_shares": ("зовнішні {external}, не визначено {unspecified}",
                     "external {external}, unspecified {unspecified}"),
    "counts": ("Заходи та індикатори", "Measures and indicators"),
    "counts_value": ("{measures} / {indicators}", "{measures} / {indicators}"),
    "counts_note": ("заходів (із сумами: {funded}) / індикаторів; проблеми даних: помилок {error}, попереджень "
                    "{warning}, приміток {info}",
                    "measures (with money: {funded}) / indicators; data issues: errors {error}, warnings {warning}, "
                    "notes {info}"),
    "themes": ("Бюджет за темами", "Budget by theme"),
    "funding": ("Власні та зовнішні кошти", "Own and external money"),
    "top_measures": ("Найбільші заходи за сумою", "Largest measures by money"),
    "indicators": ("Амбіції індикаторів: базове → кінцева ціль", "Indicator ambitions: baseline → final target"),
    "issues": ("Проблеми даних", "Data issues"),
    "measure": ("Захід", "Measure"),
    "theme": ("Тема", "Theme"),
    "amount": ("тис. грн", "thousand UAH"),
    "line": ("Рядок", "Line"),
    "indicator": ("Індикатор", "Indicator"),
    "ambition": ("Базове → ціль", "Baseline → target"),
    "no_indicators": ("Документ не має індикаторів і кількісних очікуваних результатів.",
                      "The document has no indicators and no quantified expected results."),
    "no_issues": ("Перевірки не знайшли проблем.", "The checks found no issues."),
    "no_money": ("Документ не дає заходам грошових сум.", "The document gives its measures no money."),
    "more": ("і ще {count} — у робочій книзі, аркуш «{sheet}».", "and {count} more in the workbook, sheet “{sheet}”."),
    "yes": ("Так", "Yes"),
    "no": ("Ні", "No"),
    "footer": ("Цифри — з бази hromada-benchmark тими самими запитами, що й на панелі (усі роки, усі теми, населення "
               "за Держстатом). «Рядок» — номер рядка в тексті документа {file} (SHA-256 {sha}).",
               "Figures come from the hromada-benchmark warehouse through the dashboard's own queries (every year, "
               "every theme, the official population). “Line” is the line number in the document text {file} "
               "(SHA-256 {sha})."),
}

BRIEF_CSS = """
@page { size: A4; margin: 12mm 13mm 12mm 13mm; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #1f1f1f; line-height: 1.25; }
body { margin: 0; }
@media screen { body { max-width: 186mm; margin: 8mm auto; } }
header { border-bottom: 0.5mm solid #0072B2; padding-bottom: 1.5mm; margin-bottom: 2.5mm; }
.kicker { margin: 0; color: #555; font-size: 7.5pt; text-transform: uppercase; letter-spacing: 0.04em; }
h1 { font-size: 15pt; margin: 0.5mm 0 0.5mm; }
.meta { margin: 0; color: #444; }
h2 { font-size: 9.5pt; margin: 3mm 0 1mm; padding-bottom: 0.5mm; border-bottom: 0.3mm solid #ccc; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; }
.figure { border: 0.3mm solid #d0d0d0; border-radius: 1mm; padding: 1.5mm 2mm; }
.figure .label { display: block; color: #555; font-size: 7.5pt; }
.figure .value { display: block; font-size: 12.5pt; font-weight: bold; margin: 0.5mm 0; white-space: nowrap; }
.figure .note { display: block; color: #444; font-size: 7pt; }
.charts { display: grid; grid-template-columns: 3fr 2fr; gap: 5mm; margin-top: 1mm; }
figure { margin: 0; }
figcaption { font-weight: bold; font-size: 9pt; margin: 2mm 0 1mm; }
svg { width: 100%; height: auto; display: block; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 0.6mm 1mm; border-bottom: 0.2mm solid #e3e3e3; }
th { font-size: 7.5pt; color: #555; font-weight: normal; }
td.number, th.number { text-align: right; white-space: nowrap; }
ul { margin: 0; padding-left: 4mm; }
li { margin-bottom: 0.6mm; }
.severity { font-weight: bold; }
.more { color: #555; margin: 0.8mm 0 0; }
footer { margin-top: 3mm; padding-top: 1mm; border-top: 0.3mm solid #ccc; color: #555; font-size: 6.8pt; }
section, tr, li, figure { break-inside: avoid; }
"""


def brief_word(key: str, lang: str, **values) -> str:
    return _pick(BRIEF, key, lang, **values)


def _escape(value) -> str:
    return html.escape("" if is_missing(value) else str(value))


def _shorten(text, limit: int = BRIEF_TEXT_LIMIT) -> str:
    text = "" if is_missing(text) else " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def svg_bars(rows: list[tuple[str, float, str, str]], label: str) -> str:
    """Horizontal bars, one per row (label, value, colour, value text): a printable inline SVG."""
    width, row_height, longest_bar = 420, 21, 240
    largest = max([value for _, value, _, _ in rows] + [0]) or 1
    parts = [f'<svg viewBox="0 0 {width} {row_height * len(rows) + 2}" role="img" aria-label="{_escape(label)}">']
    for index, (name, value, colour, text) in enumerate(rows):
        top = index * row_height
        bar = value / largest * longest_bar if value > 0 else 0
        parts.append(f'<text x="0" y="{top + 9}" font-size="9.5" fill="#1f1f1f">{_escape(name)}</text>')
        parts.append(f'<rect x="0" y="{top + 11}" width="{bar:.1f}" height="8" fill="{_escape(colour)}"/>')
        parts.append(f'<text x="{bar + 4:.1f}" y="{top + 18.5}" font-size="9" fill="#333">{_escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_stack(parts: list[tuple[str, float, str, str]], label: str) -> str:
    """One 100 % bar split into parts (label, share 0-100, colour, text) with a legend below."""
    width, bar_height, legend_row = 300, 18, 17
    height = bar_height + 8 + legend_row * len(parts)
    svg = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{_escape(label)}">']
    left = 0.0
    for _, share, colour, _ in parts:
        size = max(share, 0) / 100 * width
        svg.append(f'<rect x="{left:.1f}" y="0" width="{size:.1f}" height="{bar_height}" fill="{_escape(colour)}"/>')
        left += size
    for index, (name, _, colour, text) in enumerate(parts):
        top = bar_height + 8 + index * legend_row
        svg.append(f'<rect x="0" y="{top}" width="10" height="10" fill="{_escape(colour)}"/>')
        svg.append(f'<text x="15" y="{top + 9}" font-size="9.5" fill="#1f1f1f">{_escape(name)}: {_escape(text)}</text>')
    svg.append("</svg>")
    return "".join(svg)


def _figure_box(label: str, value: str, note: str) -> str:
    return (f'<div class="figure"><span class="label">{_escape(label)}</span><span class="value">{_escape(value)}</span>'
            f'<span class="note">{_escape(note)}</span></div>')


def _stated_note(row, lang: str) -> str:
    """The document's own total beside the computed one, as the overview cards say it."""
    if is_missing(row["stated_total_kuah"]):
        return brief_word("stated_none", lang)
    if float(row["stated_total_kuah"]) == float(row["programme_total_kuah"]):
        return brief_word("stated_same", lang, line=int(row["stated_total_line"]))
    return brief_word("stated_differs", lang, stated=format_kuah(row["stated_total_kuah"], lang),
                      line=int(row["stated_total_line"]))


def _denominator_note(row, document_row, record, lang: str) -> str:
    """Which population the per-resident figure divides by, and the document's own figure if it has one."""
    note = brief_word("denominator", lang, population=format_count(row["denominator_population"], lang),
                      date=pd.Timestamp(row["population_date"]).strftime("%d.%m.%Y"))
    if document_row["denominator_source"] != "document":
        return note
    document_rate = brief_word("document_rate", lang, population=format_count(document_row["denominator_population"], lang),
                               line=int(record["population_document_line"]),
                               rate=format_uah(document_row["per_resident_year"], lang))
    return f"{note}; {document_rate}"


def _key_figures(row, document_row, record, lang: str) -> str:
    funded = bool(row["programme_total_kuah"])
    own_share = format_percent(row["own_share_pct"], lang=lang) if funded else "—"
    other_shares = brief_word("other_shares", lang, external=format_percent(row["external_share_pct"], lang=lang),
                              unspecified=format_percent(row["unspecified_share_pct"], lang=lang)) if funded else ""
    counts = brief_word("counts_value", lang, measures=row["measure_count"], indicators=row["indicator_count"])
    counts_note = brief_word("counts_note", lang, funded=row["measures_with_money"], error=row["issues_error"],
                             warning=row["issues_warning"], info=row["issues_info"])
    return "".join([
        '<section class="figures">',
        _figure_box(brief_word("total", lang), format_kuah(row["programme_total_kuah"], lang), _stated_note(row, lang)),
        _figure_box(brief_word("per_resident", lang), format_uah(row["per_resident_year"], lang),
                    _denominator_note(row, document_row, record, lang)),
        _figure_box(brief_word("own_share", lang), own_share, other_shares),
        _figure_box(brief_word("counts", lang), counts, counts_note),
        "</section>",
    ])


def _charts_section(themes: pd.DataFrame, mix: pd.DataFrame, lookup: Lookup, lang: str) -> str:
    if themes.empty:
        return f'<p>{_escape(brief_word("no_money", lang))}</p>'
    theme_rows = [(lookup.theme_names.get(row.theme_id, row.theme_id), float(row.amount_kuah),
                   THEME_COLOURS.get(row.theme_id, "#777777"),
                   f"{format_kuah(row.amount_kuah, lang)} · {format_percent(row.share_pct, lang=lang)}")
                  for row in themes.itertuples(index=False)]
    mix = mix.set_index("ownership")
    stack = []
    for ownership in OWNERSHIPS:
        share = float(mix.loc[ownership, "share_pct"]) if ownership in mix.index else 0.0
        amount = mix.loc[ownership, "amount_kuah"] if ownership in mix.index else 0
        stack.append((lookup.ownership_names[ownership], share, OWNERSHIP_COLOURS[ownership],
                      f"{format_percent(share, lang=lang)} · {format_kuah(amount, lang)}"))
    themes_title, funding_title = brief_word("themes", lang), brief_word("funding", lang)
    return "".join([
        '<section class="charts">',
        f"<figure><figcaption>{_escape(themes_title)}, {_escape(brief_word('amount', lang))}</figcaption>"
        f"{svg_bars(theme_rows, themes_title)}</figure>",
        f"<figure><figcaption>{_escape(funding_title)}, %</figcaption>{svg_stack(stack, funding_title)}</figure>",
        "</section>",
    ])


def _more(count: int, sheet_key: str, lang: str) -> str:
    if count <= 0:
        return ""
    return f'<p class="more">{_escape(brief_word("more", lang, count=count, sheet=sheet_name(sheet_key, lang)))}</p>'


def _measures_section(amounts: pd.DataFrame, lookup: Lookup, lang: str) -> str:
    limit = BRIEF_LIMITS["measures"]
    top = amounts.sort_values(["amount_kuah", "source_line"], ascending=[False, True], kind="stable").head(limit)
    rows = "".join(
        f"<tr><td>{_escape(_shorten(row.measure_name_uk))}</td>"
        f"<td>{_escape(lookup.theme_names.get(row.theme_id, row.theme_id))}</td>"
        f'<td class="number">{_escape(format_kuah(row.amount_kuah, lang, unit=False))}</td>'
        f'<td class="number">{_escape(row.source_line)}</td></tr>'
        for row in top.itertuples(index=False))
    heading = (f'<tr><th>{_escape(brief_word("measure", lang))}</th><th>{_escape(brief_word("theme", lang))}</th>'
               f'<th class="number">{_escape(brief_word("amount", lang))}</th>'
               f'<th class="number">{_escape(brief_word("line", lang))}</th></tr>')
    body = f"<table>{heading}{rows}</table>" if rows else f'<p>{_escape(brief_word("no_money", lang))}</p>'
    return (f'<section><h2>{_escape(brief_word("top_measures", lang))}</h2>{body}'
            f'{_more(len(amounts) - len(top), "measures", lang)}</section>')


def _indicator_value(value, unit_class: str, lang: str) -> str:
    if is_missing(value):
        return "—"
    if unit_class == "yes_no":
        return brief_word("yes" if float(value) >= 1 else "no", lang)
    return format_value(value, lang)


def _indicators_section(progress: pd.DataFrame, lang: str) -> str:
    indicators = progress.drop_duplicates("indicator_id")
    limit = BRIEF_LIMITS["indicators"]
    shown = indicators.head(limit)
    rows = []
    for row in shown.itertuples(index=False):
        unit = "" if row.unit_class == "yes_no" or is_missing(row.unit) else f" {row.unit}"
        ambition = (f"{_indicator_value(row.baseline_value, row.unit_class, lang)} → "
                    f"{_indicator_value(row.final_target_value, row.unit_class, lang)}{unit}")
        rows.append(f"<tr><td>{_escape(_shorten(row.name_uk))}</td><td class=\"number\">{_escape(ambition)}</td>"
                    f'<td class="number">{_escape(row.source_line)}</td></tr>')
    heading = (f'<tr><th>{_escape(brief_word("indicator", lang))}</th>'
               f'<th class="number">{_escape(brief_word("ambition", lang))}</th>'
               f'<th class="number">{_escape(brief_word("line", lang))}</th></tr>')
    body = f"<table>{heading}{''.join(rows)}</table>" if rows else f'<p>{_escape(brief_word("no_indicators", lang))}</p>'
    return (f'<section><h2>{_escape(brief_word("indicators", lang))}</h2>{body}'
            f'{_more(len(indicators) - len(shown), "indicators", lang)}</section>')


def _issues_section(issues: pd.DataFrame, lang: str) -> str:
    limit = BRIEF_LIMITS["issues"]
    shown = issues.head(limit)  # the query lists errors first, then warnings, then notes
    message = "message_en" if lang == "en" else "message_uk"
    line = brief_word("line", lang).lower()
    items = "".join(
        f'<li><span class="severity">{_escape(t(f"severity_{row.severity}", lang))}</span> · '
        f"{_escape(_shorten(getattr(row, message), 2 * BRIEF_TEXT_LIMIT))} "
        f"({_escape(line)} {_escape('—' if is_missing(row.source_line) else row.source_line)})</li>"
        for row in shown.itertuples(index=False))
    body = f"<ul>{items}</ul>" if items else f'<p>{_escape(brief_word("no_issues", lang))}</p>'
    return (f'<section><h2>{_escape(brief_word("issues", lang))}</h2>{body}'
            f'{_more(len(issues) - len(shown), "data_issues", lang)}</section>')


def brief_html(community_id: str, lang: str) -> str:
    """The brief for one community from the current database (see ``community_brief_html``)."""
    lookup = chart_lookup(lang)
    ids = (community_id,)
    filters = default_filters(ids, lang)
    row = queries.community_summary(ids, "official").iloc[0]
    document_row = queries.community_summary(ids, "document").iloc[0]
    record = queries.all_communities().set_index("community_id").loc[community_id]
    title = row[name_column(lang)]
    programme_title = _shorten(record["programme_title_uk"], 2 * BRIEF_TEXT_LIMIT)
    meta = " · ".join([str(row["oblast_en" if lang == "en" else "oblast_uk"]),
                       brief_word("period", lang, start=row["period_start"], end=row["period_end"])])
    footer = brief_word("footer", lang, file=record["source_file"], sha=record["source_sha256"])
    return "".join([
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{_escape(title)} — {_escape(brief_word('kicker', lang))}</title>\n",
        f"<style>{BRIEF_CSS}</style>\n</head>\n<body>\n",
        f'<header><p class="kicker">{_escape(brief_word("kicker", lang))}</p><h1>{_escape(title)}</h1>',
        f'<p class="meta">{_escape(meta)}</p><p class="meta">{_escape(programme_title)}</p></header>\n',
        _key_figures(row, document_row, record, lang), "\n",
        _charts_section(queries.budget_by_theme(filters), queries.funding_mix(filters), lookup, lang), "\n",
        _measures_section(queries.measure_amounts(filters), lookup, lang), "\n",
        _indicators_section(queries.indicator_progress(ids), lang), "\n",
        _issues_section(queries.data_issues(ids), lang), "\n",
        f"<footer>{_escape(footer)}</footer>\n</body>\n</html>\n",
    ])


def community_brief_html(db_path: Path | str, community_id: str, lang: str) -> str:
    """A one-page A4 brief: key figures, theme and funding charts (inline SVG), the largest
    measures, indicator ambitions and data issues, each with its source line. No external requests."""
    check_language(lang)
    with use_database(db_path):
        (community,) = resolve_communities([community_id])
        return brief_html(community, lang)


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")


def brief_pdf(html_text: str, timeout: float = 60) -> bytes | None:
    """Print a brief to PDF with the system Chromium; None when Chromium is missing or fails."""
    browser = chromium_path()
    if browser is None:
        return None
    with tempfile.TemporaryDirectory(prefix="hromada-brief-") as folder:
        page = Path(folder) / "brief.html"
        output = Path(folder) / "brief.pdf"
        page.write_text(html_text, encoding="utf-8")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                   # Tagged PDFs name their elements by DOM node numbers, which vary from print to print;
                   # the HTML brief beside each PDF is the accessible version.
                   "--disable-pdf-tagging",
                   f"--user-data-dir={Path(folder) / 'profile'}", f"--print-to-pdf={output}", page.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if not output.exists() or output.stat().st_size == 0:
            return None
        return reproducible_pdf(output.read_bytes())


def reproducible_pdf(pdf: bytes) -> bytes:
    """Replace the print time Chromium stamps into a PDF by PACK_DATE (same length, so the
    cross-reference offsets stay valid)."""
    stamp = PACK_DATE.strftime("%Y%m%d%H%M%S").encode()
    return _PDF_DATE.sub(lambda match: b"/" + match.group(1) + b" (D:" + stamp, pdf)


def brief_pdfs(briefs: dict[str, str]) -> dict[str, bytes | None]:
    """Print several briefs at once: each Chromium run is mostly start-up time."""
    workers = max(1, min(len(briefs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(briefs, pool.map(brief_pdf, briefs.values())))


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


def warehouse_meta() -> dict[str, str]:
    frame = queries.run("SELECT key, value FROM meta WHERE key IN (?, ?)", ["inputs_sha256", "schema_version"])
    return dict(zip(frame["key"], frame["value"]))


def data_version(ids: Sequence[str], lang: str) -> DataVersion:
    """The warehouse a file is made from: its build time (when the file was written: the build
    moves a finished file into place), its inputs hash and the chosen communities' documents."""
    meta = warehouse_meta()
    names = chart_lookup(lang)
    documents = queries.sources()
    chosen = documents[documents["community_id"].isin(list(ids))] if len(ids) else documents
    identity = queries.warehouse().identity
    built_at = datetime.fromtimestamp(identity.modified_ns / 1e9 if identity else 0, tz=timezone.utc)
    return DataVersion(
        built_at=built_at, inputs_sha256=meta.get("inputs_sha256", "—"), schema_version=meta.get("schema_version", "—"),
        documents=[(names.community(row.community_id), PurePosixPath(row.source_file).name, row.source_sha256)
                   for row in chosen.itertuples(index=False)])


def pack_about(ids: tuple[str, ...], lang: str):
    """The pack's view is the dashboard's default one for the chosen communities."""
    lookup = chart_lookup(lang)
    view = View(lang=lang, communities=[lookup.community(community) for community in ids])
    return about(view, data_version(ids, lang))


def pack_readme(ids: tuple[str, ...], lang: str, tables: list[Table], images: bool, pdfs: bool,
                missing_images: str | None) -> bytes:
    lookup = chart_lookup(lang)
    meta = warehouse_meta()
    summary = queries.community_summary(ids, "official")
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
        lines.append("- " + readme_word("charts", lang, size=f"{CHART_SIZE[0]}×{CHART_SIZE[1]}"))
    lines.append("- " + readme_word("briefs", lang))
    if pdfs:
        lines.append("- " + readme_word("pdfs", lang))
    if missing_images:
        lines.append("- " + readme_word("no_charts", lang, reason=missing_images))
    lines += ["", readme_word("origin", lang, population_date=population_dates, about=t("about_sheet", lang)), "", readme_word("units", lang), "",
              readme_word("inputs", lang, digest=meta.get("inputs_sha256", "—"), schema=meta.get("schema_version", "—"),
                          sheet=sheet_name("methodology", lang)), ""]
    return "\r\n".join(lines).encode("utf-8")  # CRLF: Windows Notepad shows the lines


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with ReproducibleZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def workbook_name(lang: str) -> str:
    return f"hromada-benchmark-{lang}.xlsx"


def build_pack(db_path: Path | str, communities: list[str] | None, lang: str, with_images: bool = True) -> bytes:
    """The ZIP: README.txt, the workbook, one CSV per table, chart PNGs, and a brief per community
    (HTML, and PDF when Chromium can print it). Without images no browser is started at all."""
    check_language(lang)
    with use_database(db_path):
        ids = resolve_communities(communities)
        lookup = chart_lookup(lang)
        tables = pack_tables(ids, lang)
        briefs = {community: brief_html(community, lang) for community in ids}
        images: dict[str, bytes] = {}
        pdfs: dict[str, bytes] = {}
        missing_images = None
        if not with_images:
            missing_images = readme_word("not_requested", lang)
        elif chromium_path() is None:
            missing_images = readme_word("no_chromium", lang)
        else:
            # Printing waits mostly on Chromium starting up, so it runs beside the chart export.
            with ThreadPoolExecutor(max_workers=1) as printer:
                printing = printer.submit(brief_pdfs, briefs)
                images = render_images(chart_figures(ids, lang))
                pdfs = {community: pdf for community, pdf in printing.result().items() if pdf is not None}
        entries = {"README.txt": pack_readme(ids, lang, tables, images=bool(images), pdfs=bool(pdfs),
                                             missing_images=missing_images),
                   workbook_name(lang): workbook_bytes(tables, lang, lookup, ids)}
        described = pack_about(ids, lang)
        entries.update({f"tables/{table.csv_name}": to_csv_bytes(table.frame, export_kinds(table), described)
                        for table in tables})
        entries.update({f"charts/{name}": image for name, image in images.items()})
        for community, text in briefs.items():
            entries[f"briefs/{community}-{lang}.html"] = text.encode("utf-8")
            if community in pdfs:
                entries[f"briefs/{community}-{lang}.pdf"] = pdfs[community]
        return zip_bytes(entries)


def build_pack_file(db_path: Path, out: Path, communities: list[str] | None, lang: str,
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
