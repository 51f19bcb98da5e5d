"""The files of a pack put together: the workbook, the chart images, the briefs and the ZIP.
"""
from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from hromada import queries
from hromada.charts import (
    ownership_bars,
    per_resident_chart,
    source_class_bars,
    theme_bars,
    totals_chart,
    year_totals_chart,
)
from hromada.db import Warehouse
from hromada.exports import archive, brief, chromium
from hromada.exports import images as chart_png
from hromada.exports import pdf as pdf_print
from hromada.exports.browser import media_browser
from hromada.exports.csv import to_csv_bytes
from hromada.exports.workbook import StackedChart, Table, export_kinds, workbook_bytes
from hromada.i18n import t
from hromada.pack.provenance import pack_about
from hromada.pack.readme import pack_readme, workbook_name
from hromada.pack.selection import chart_lookup, check_language, default_filters, open_warehouse, resolve_communities
from hromada.pack.tables import pack_tables
from hromada.pack.text import column_label, readme_word, sheet_name, word
from hromada.palette import OWNERSHIP_COLOURS, THEME_COLOURS


def workbook_charts(warehouse: Warehouse, lang: str) -> list[StackedChart]:
    """Budget by theme (thousand UAH) and own/external money (% of the total), as native charts."""
    lookup = chart_lookup(warehouse, lang)
    heading = {key: column_label(key, lang) for key in ("community_id", "theme_id", "ownership", "amount_kuah")}
    chart = partial(StackedChart, community_column=heading["community_id"], amount_column=heading["amount_kuah"],
                    community_names=lookup.community_names, corner=column_label("community", lang))
    return [
        chart(table_key="budget_by_theme", part_column=heading["theme_id"], parts=lookup.theme_names,
              colours=THEME_COLOURS, data_title=word("chart_data_themes", lang), title=word("chart_themes", lang),
              value_title=t("unit_kuah", lang), percent=False),
        chart(table_key="funding_mix", part_column=heading["ownership"], parts=lookup.ownership_names,
              colours=OWNERSHIP_COLOURS, data_title=word("chart_data_funding", lang),
              title=word("chart_funding", lang), value_title="%", percent=True),
    ]


def pack_workbook(warehouse: Warehouse, tables: list[Table], ids: tuple[str, ...], lang: str) -> bytes:
    return workbook_bytes(tables, lang, pack_about(warehouse, ids, lang), workbook_charts(warehouse, lang), t("app_title", lang))


def build_workbook(db_path: Path | str | Warehouse, communities: list[str] | None, lang: str) -> bytes:
    """The .xlsx: one sheet per table, native charts for themes and funding, fixed dates."""
    check_language(lang)
    with open_warehouse(db_path) as warehouse:
        ids = resolve_communities(warehouse, communities)
        return pack_workbook(warehouse, pack_tables(warehouse, ids, lang), ids, lang)


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
