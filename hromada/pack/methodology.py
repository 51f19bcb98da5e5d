"""The methodology sheet: definitions, themes, source classes, denominators, reference sources and
documents, one row each, with where each comes from.
"""
from __future__ import annotations

from pathlib import Path

from hromada import queries
from hromada.charts import (
    OWNERSHIPS,
    Lookup,
)
from hromada.db import DATA_DIR, Warehouse
from hromada.exports.figures import is_missing
from hromada.exports.workbook import Table
from hromada.i18n import name_column, t
from hromada.pack.cells import dates, make_table
from hromada.pack.text import word


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
    """A methodology row; ``section`` is the catalog key of its section's name."""
    return {"section": t(section, lang), **values}


def _definition_rows(lang: str) -> list[dict]:
    return [_row("pack.section_definition", lang, description=word(key, lang), source=word("docs_methodology", lang))
            for key in ("def_total", "def_money", "def_share", "def_per_resident", "def_theme")]


def _theme_rows(warehouse: Warehouse, lang: str) -> list[dict]:
    return [_row("theme", lang, code=theme.theme_id, item=getattr(theme, name_column(lang)),
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
        rows.append(_row("pack.section_ownership", lang, code=ownership, item=lookup.ownership_names[ownership],
                         description=word("ownership_classes", lang, classes=names), source=source))
    for row in classes:
        rows.append(_row("pack.section_source_class", lang, code=row.source_class, item=getattr(row, name_column(lang)),
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
        rows.append(_row("pack.section_denominator", lang, code=community, item=f"{name}: {word('official_population', lang)}",
                         value=int(record["population"]), description=population_source,
                         source="data/reference/communities.csv", as_of=dates([record["population_date"]])[0]))
        if not is_missing(record["population_document"]):
            where = word("document_line", lang, file=record["source_file"], line=int(record["population_document_line"]))
            rows.append(_row("pack.section_denominator", lang, code=community,
                             item=f"{name}: {word('document_population', lang)}",
                             value=int(record["population_document"]), source=where))
    return rows


def _document_rows(warehouse: Warehouse, ids: tuple[str, ...], lang: str, lookup: Lookup) -> list[dict]:
    communities = queries.all_communities(warehouse).set_index("community_id")
    return [_row("about_document", lang, code=community, item=record["programme_title_uk"],
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
        *(_row("pack.section_reference", lang, code=columns, description=source, source=reference)
          for columns, source in references),
        *(_row("pack.section_caveat", lang, description=caveat, source=reference) for caveat in caveats),
        *_document_rows(warehouse, ids, lang, lookup),
    ]
    keys = ("section", "code", "item", "value", "description", "source", "as_of", "sha256")
    return make_table("methodology", {key: [row.get(key) for row in rows] for key in keys}, lang)
