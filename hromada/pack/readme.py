"""The pack's README.txt: what is inside and where the figures come from.
"""
from __future__ import annotations

import pandas as pd

from hromada import queries
from hromada.db import Warehouse
from hromada.exports import images as chart_png
from hromada.exports.workbook import Table
from hromada.i18n import t
from hromada.pack.provenance import warehouse_meta
from hromada.pack.selection import chart_lookup
from hromada.pack.text import readme_word, sheet_name


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
