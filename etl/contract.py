"""What the warehouse promises its readers: the values and orders that the ETL writes and the
dashboard, the pack and the checks read. Both sides import them from here, never copy them.

The SQL scripts repeat some of these lists in CHECK constraints (``etl/sql/schema.sql``);
``tests/etl/test_contract.py`` holds those to this module.
"""
from __future__ import annotations

import os
from pathlib import Path

# Where the warehouse file is, for the build and the dashboard alike: $PROGRAMMES_DB, else this
# file name in the data directory.
DATABASE_ENV = "PROGRAMMES_DB"
DATABASE_FILE = "programmes.duckdb"


def warehouse_path(data_dir: Path) -> Path:
    return Path(os.environ.get(DATABASE_ENV) or Path(data_dir) / DATABASE_FILE)


# Raised whenever a table or column changes, so that a dashboard refuses a file of another build.
SCHEMA_VERSION = "6"

SOURCE_CLASSES = (
    # (source_class, name_uk, name_en, ownership)
    ("state_budget", "Державний бюджет", "State budget", "external"),
    ("oblast_budget", "Обласний бюджет", "Oblast budget", "external"),
    ("district_budget", "Районний бюджет", "District (raion) budget", "external"),
    ("community_budget", "Бюджет громади", "Community budget", "own"),
    ("municipal_enterprise", "Комунальні підприємства громади", "Community's municipal enterprises", "own"),
    ("other", "Інші джерела (гранти, інвестори тощо)", "Other sources (grants, investors, etc.)", "external"),
    ("unspecified", "Кілька джерел без розподілу", "Several sources, not split", "unspecified"),
)
SOURCE_CLASS_IDS = tuple(source_class for source_class, *_ in SOURCE_CLASSES)

# Whose money a source class is, in the order tables and charts show them.
OWNERSHIPS = ("own", "external", "unspecified")

# A finding's severity, most serious first (the order lists and filters show them in).
SEVERITIES = ("error", "warning", "info")

# The harmonized themes in their display order (data/mappings/themes.csv must list exactly these).
THEME_IDS = ("economy", "skills", "infrastructure", "public_services", "governance", "cybersecurity", "edemocracy")
