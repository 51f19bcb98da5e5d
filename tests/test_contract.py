"""The contract (``etl/contract.py``) is the one list of shared values: the SQL constraints, the
built warehouse and the dashboard's colours all hold exactly its values."""
from __future__ import annotations

import re

import pytest
from conftest import PROJECT

from etl import contract
from hromada import palette

SCHEMA = (PROJECT / "etl" / "sql" / "schema.sql").read_text(encoding="utf-8")


def allowed_values(column: str) -> tuple[str, ...]:
    """The values a ``CHECK (column IN (...))`` constraint of schema.sql admits, in its order."""
    match = re.search(rf"\b{column}\s+VARCHAR[^,]*CHECK\s*\(\s*{column}\s+IN\s*\(([^)]*)\)", SCHEMA)
    assert match, f"schema.sql has no CHECK constraint on {column}"
    return tuple(re.findall(r"'([^']*)'", match[1]))


@pytest.mark.parametrize(("column", "values"), [("ownership", contract.OWNERSHIPS), ("severity", contract.SEVERITIES)])
def test_the_schema_admits_exactly_the_contract_values(column, values):
    assert allowed_values(column) == values


def test_every_source_class_has_an_ownership_of_the_contract():
    assert {ownership for *_, ownership in contract.SOURCE_CLASSES} == set(contract.OWNERSHIPS)
    assert len(set(contract.SOURCE_CLASS_IDS)) == len(contract.SOURCE_CLASS_IDS)


def test_the_warehouse_holds_the_contract_in_its_order(warehouse):
    classes = warehouse.execute("SELECT source_class, ownership FROM source_class ORDER BY sort_order").fetchall()
    assert classes == [(key, ownership) for key, *_, ownership in contract.SOURCE_CLASSES]
    themes = warehouse.execute("SELECT theme_id FROM theme ORDER BY sort_order").fetchall()
    assert [theme for (theme,) in themes] == list(contract.THEME_IDS)
    version = warehouse.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == (contract.SCHEMA_VERSION,)
    severities = {severity for (severity,) in warehouse.execute("SELECT DISTINCT severity FROM data_issue").fetchall()}
    assert severities and severities <= set(contract.SEVERITIES)


def test_every_contract_value_has_its_colour():
    assert set(palette.THEME_COLOURS) == set(contract.THEME_IDS)
    assert set(palette.OWNERSHIP_COLOURS) == set(contract.OWNERSHIPS)
    assert set(palette.SOURCE_CLASS_COLOURS) == set(contract.SOURCE_CLASS_IDS)
