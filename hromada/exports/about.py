"""Where a file's figures come from: the view's filters, the warehouse's build and its documents.

An XLSX carries it as its first sheet (``xlsx.write_about``), a CSV as its leading ``#`` lines
(``csv.about_lines``).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from hromada.i18n import t


@dataclass(frozen=True)
class About:
    """Where a file's figures come from: the view's filters, the warehouse build and its documents.

    ``rows`` are (label, value, file, SHA-256); the label is interface text, the rest may be empty."""
    sheet: str
    headings: tuple[str, str, str, str]
    rows: tuple[tuple[str, str, str, str], ...]


@dataclass(frozen=True)
class View:
    """The filters a file was made under, by name (as the sidebar shows them)."""
    lang: str
    communities: Sequence[str]
    align: str = "calendar"
    years: tuple[int, int] | None = None  # None: every year, amounts with no year included
    themes: Sequence[str] = ()  # empty: every theme
    denominator: str = "official"


@dataclass(frozen=True)
class DataVersion:
    """Which warehouse: when it was built, the hash over its inputs, and each source document."""
    built_at: datetime
    inputs_sha256: str
    schema_version: str
    documents: Sequence[tuple[str, str, str]]  # (community name, file name, SHA-256)


def about(view: View, version: DataVersion) -> About:
    """The facts in the view's language, one row each; the documents last, one row per document."""
    lang = view.lang
    if view.years is None:
        years = t("about_years_all", lang)
    else:
        years = f"{view.years[0]}–{view.years[1]}" if view.years[0] != view.years[1] else str(view.years[0])
    built = version.built_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    rows = [
        (t("about_communities", lang), "; ".join(view.communities) or t("about_communities_none", lang), "", ""),
        (t("about_align", lang), t(f"align_{view.align}", lang), "", ""),
        (t("about_years", lang), years, "", ""),
        (t("about_themes", lang), "; ".join(view.themes) or t("about_themes_all", lang), "", ""),
        (t("about_population", lang), t(f"denominator_{view.denominator}", lang), "", ""),
        (t("about_language", lang), t(f"language_{lang}", lang), "", ""),
        (t("about_units", lang), t("about_units_text", lang), "", ""),
        (t("about_built", lang), built, "", ""),
        (t("about_schema", lang), version.schema_version, "", ""),
        (t("about_inputs", lang), "", "", version.inputs_sha256),
        *((t("about_document", lang), name, file, sha) for name, file, sha in version.documents),
    ]
    return About(sheet=t("about_sheet", lang),
                 headings=(t("about_item", lang), t("about_value", lang), t("about_file", lang), "SHA-256"),
                 rows=tuple(rows))
