"""The layers' import rules (issue 12), read from the source with ``ast`` and checked at run time.

etl is the producer and knows nothing of its consumer; the query layer, charts, exports and the
pack are plain Python that a command line or a test can import without Streamlit; pages reach the
warehouse only through the app layer.
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

ETL_FORBIDDEN = ("hromada", "streamlit", "plotly", "openpyxl")
# The modules a command line or a test imports without a running app.
PLAIN_MODULES = ("hromada/queries.py", "hromada/db.py", "hromada/warehouse.py",
                 "hromada/i18n.py", "hromada/__main__.py")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, place: Path | None = None) -> set[str]:
    """Every module a file imports, anywhere in it (inside functions too), relative ones resolved
    from the file's place in the project (``place``, when the file is read from elsewhere)."""
    place = place or path
    package = module_name(place).split(".")
    if place.name != "__init__.py":
        package = package[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)  # `from hromada import queries`
    return names


def offending(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imported(path)
                  if any(name == prefix or name.startswith(prefix + ".") for prefix in forbidden))


def files(*patterns: str) -> list[Path]:
    found = sorted({path for pattern in patterns for path in PROJECT.glob(pattern)})
    assert found, f"no file matches {patterns}: the rule would check nothing"
    return found


def test_the_import_reader_finds_what_a_file_imports(tmp_path):
    """The rules below are only as good as this reader: absolute, from-, relative and nested imports."""
    assert module_name(PROJECT / "etl" / "layouts" / "__init__.py") == "etl.layouts"
    probe = tmp_path / "probe.py"
    probe.write_text("import streamlit as st\nfrom hromada import queries\n"
                     "def later():\n    import plotly.graph_objects\n", encoding="utf-8")
    names = imported(probe, PROJECT / "etl" / "probe.py")
    assert {"streamlit", "hromada", "hromada.queries", "plotly.graph_objects"} <= names
    assert offending_at(probe, "etl/probe.py", ETL_FORBIDDEN) == ["hromada", "hromada.queries", "plotly.graph_objects",
                                                                 "streamlit"]
    relative = tmp_path / "relative.py"
    relative.write_text("from . import charts\nfrom .exports import csv\n", encoding="utf-8")
    assert {"hromada.charts", "hromada.exports.csv"} <= imported(relative, PROJECT / "hromada" / "relative.py")


def offending_at(path: Path, place: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imported(path, PROJECT / place)
                  if any(name == prefix or name.startswith(prefix + ".") for prefix in forbidden))


@pytest.mark.parametrize("path", files("etl/**/*.py"), ids=lambda path: str(path.relative_to(PROJECT)))
def test_etl_imports_nothing_of_its_consumer(path):
    assert not offending(path, ETL_FORBIDDEN), f"{path.relative_to(PROJECT)} imports {offending(path, ETL_FORBIDDEN)}"


@pytest.mark.parametrize("path", files("pages/*.py", "app.py", "hromada/ui.py", "hromada/findings.py"),
                         ids=lambda path: str(path.relative_to(PROJECT)))
def test_pages_never_touch_duckdb(path):
    wrong = offending(path, ("duckdb", "hromada.queries", "hromada.db.Warehouse", "hromada.warehouse"))
    assert not wrong, f"{path.relative_to(PROJECT)} imports {wrong}: pages go through hromada.app"


# What the consumer may read of the producer: the shared contract and number formats everywhere;
# besides them, the one build call and the SQL scripts' place (which tables a file must hold),
# and the command lines' shared error handler.
ETL_FOR_HROMADA = ("etl.contract", "etl.formatting")
ETL_EXCEPTIONS = {"hromada/db.py": ("etl.warehouse",), "hromada/warehouse.py": ("etl.warehouse",),
                  "hromada/__main__.py": ("etl.errors",)}


@pytest.mark.parametrize("path", files("hromada/**/*.py", "pages/*.py", "app.py"),
                         ids=lambda path: str(path.relative_to(PROJECT)))
def test_the_consumer_reads_only_the_contract_of_the_producer(path):
    place = str(path.relative_to(PROJECT))
    allowed = ETL_FOR_HROMADA + ETL_EXCEPTIONS.get(place, ())
    wrong = sorted(name for name in imported(path) if name.startswith("etl.")
                   and not any(name == prefix or name.startswith(prefix + ".") for prefix in allowed))
    assert not wrong, f"{place} imports {wrong}: share it through etl/contract.py"


def public_functions(path: Path) -> set[str]:
    return {node.name for node in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}


def test_every_query_has_its_cached_wrapper_under_the_same_name():
    """A page calls ``queries.X`` from the app layer; a query added without its wrapper is unreachable."""
    wrapped = {}
    for node in ast.parse((PROJECT / "hromada" / "app" / "data.py").read_text(encoding="utf-8")).body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", None) == "cached"):
            (target,) = node.targets
            (argument,) = node.value.args
            wrapped[target.id] = argument.attr
    assert wrapped and all(name == query for name, query in wrapped.items())
    # ``meta`` is the pack's (build facts for its README); the dashboard shows none of it.
    assert set(wrapped) == public_functions(PROJECT / "hromada" / "queries.py") - {"meta"}


@pytest.mark.parametrize("path", [PROJECT / name for name in PLAIN_MODULES if (PROJECT / name).exists()]
                         + files("hromada/charts/*.py", "hromada/exports/*.py", "hromada/pack/*.py"),
                         ids=lambda path: str(path.relative_to(PROJECT)))
def test_plain_modules_never_import_streamlit(path):
    wrong = offending(path, ("streamlit", "hromada.app", "hromada.ui", "hromada.findings", "hromada.frame",
                             "hromada.state"))
    assert not wrong, f"{path.relative_to(PROJECT)} imports {wrong}"


def loaded_modules(*arguments: str) -> tuple[set[str], subprocess.CompletedProcess]:
    """The modules Python imports for a command, as ``-X importtime`` lists them."""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
    result = subprocess.run([sys.executable, "-X", "importtime", *arguments], cwd=PROJECT, env=environment,
                            capture_output=True, text=True, timeout=120)
    modules = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    return modules, result


def test_the_build_command_loads_no_streamlit():
    modules, result = loaded_modules("-m", "etl", "build", "--help")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "etl.__main__" in modules or "etl" in modules  # the listing is read, not empty
    assert not {name for name in modules if name.split(".")[0] in ("streamlit", "hromada")}


def test_the_pack_command_loads_no_streamlit():
    modules, result = loaded_modules("-c", "import hromada.__main__, hromada.pack")
    assert result.returncode == 0, result.stderr[-2000:]
    assert {"hromada.pack", "hromada.queries", "plotly"} <= modules  # the pack's own imports are listed
    assert not {name for name in modules if name.split(".")[0] == "streamlit"}
