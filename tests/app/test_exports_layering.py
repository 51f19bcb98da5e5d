"""hromada/exports/ writes files from frames it is given: no Streamlit, no queries, no page code."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXPORTS = Path(__file__).resolve().parents[2] / "hromada" / "exports"
FORBIDDEN = ("streamlit", "plotly", "duckdb", "hromada.queries", "hromada.db", "hromada.warehouse", "hromada.ui", "hromada.pack")
# The PNG export draws Plotly figures (Kaleido in the shared browser): only these may read Plotly.
DRAWS_FIGURES = {"images.py": {"plotly"}, "browser.py": {"plotly"}}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(EXPORTS.glob("*.py")), ids=lambda path: path.name)
def test_an_export_module_imports_no_streamlit_and_no_query(path):
    forbidden = [prefix for prefix in FORBIDDEN if prefix not in DRAWS_FIGURES.get(path.name, set())]
    wrong = {name for name in imported(path) for prefix in forbidden if name == prefix or name.startswith(prefix + ".")}
    assert not wrong, f"{path.name} imports {sorted(wrong)}"


def test_the_package_has_one_module_per_format():
    assert {"csv.py", "xlsx.py"} <= {path.name for path in EXPORTS.glob("*.py")}
