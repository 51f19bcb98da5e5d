"""Build the DuckDB warehouse: stage, load, reconcile, build marts, test, then swap atomically.

The new database is written to a temporary file beside the target. Only when every step and
every test has passed does ``os.replace`` move it into place, so a failed run leaves the
previous database untouched. A killed run leaves its temporary file behind; the next build
removes those of processes that no longer run.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from etl import checks
from etl.contract import SCHEMA_VERSION
from etl.errors import CheckFailed, OutputError
from etl.loading import insert, locator
from etl.manifest import Document
from etl.staging import Paths, Staged, stage

SQL_DIR = Path(__file__).parent / "sql"
ISSUE_COLUMNS = ("community_id", "check_id", "severity", "message_uk", "message_en", "stated", "computed",
                 "source_line", "measure_id", "priority_code", "year", "scope")


def run_script(connection: duckdb.DuckDBPyConnection, name: str) -> None:
    connection.execute((SQL_DIR / name).read_text(encoding="utf-8"))


def data_tests(connection: duckdb.DuckDBPyConnection) -> list[tuple[str | None, str]]:
    """Run etl/sql/tests.sql; return (first community concerned, description) of each failing test."""
    failures = []
    text = (SQL_DIR / "tests.sql").read_text(encoding="utf-8")
    for block in text.split("-- test: ")[1:]:
        title, _, query = block.partition("\n")
        rows = connection.execute(query).fetchall()
        if rows:
            sample = ", ".join(str(row[1]) for row in rows[:5])
            community = next((row[0] for row in rows if row[0] is not None), None)
            failures.append((community, f"{title.strip()}: {len(rows)} row(s), e.g. {sample}"))
    return failures


def collect_issues(staged: Staged, connection: duckdb.DuckDBPyConnection) -> list[dict]:
    funding_by_community: dict[str, list[dict]] = {}
    measure_community = {row["measure_id"]: row["community_id"] for row in staged.tables["measure"]}
    for row in staged.tables["funding"]:
        funding_by_community.setdefault(measure_community[row["measure_id"]], []).append(row)
    names = {row["source_class"]: (row["name_uk"].lower(), row["name_en"].lower())
             for row in staged.tables["source_class"]}
    no_year: dict[str, Decimal] = {}
    for community, rows in funding_by_community.items():
        no_year[community] = sum((row["amount_kuah"] for row in rows if row["year"] is None), Decimal(0))
    cursor = connection.execute(
        "SELECT r.*, c.period_start FROM reconciliation AS r JOIN community AS c USING (community_id) "
        "WHERE scope <> 'measure' ORDER BY community_id, source_line, programme_year NULLS FIRST"
    )
    columns = [column[0] for column in cursor.description]
    reconciled = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    issues: list[checks.Issue] = []
    for parsed in staged.parsed:
        community = parsed.document.community_id
        has_term = any("term" in section.spec.left + section.spec.right
                       for section in parsed.document.sections if section.kind == "tasks")
        issues += checks.arithmetic_checks(parsed)
        issues += checks.reconciliation_issues(
            [row for row in reconciled if row["community_id"] == community], no_year, names)
        issues += checks.completeness_checks(parsed, funding_by_community.get(community, []), has_term)
        issues += checks.indicator_checks(parsed)
        issues += checks.reference_checks(parsed, staged.reference[community])
        issues += checks.numbering_checks(parsed)
        issues += checks.finding_issues(parsed)
    rows = []
    counters: dict[tuple[str, str], int] = {}
    for issue in issues:
        key = (issue.community_id, issue.check_id)
        counters[key] = counters.get(key, 0) + 1
        row = {column: getattr(issue, column) for column in ISSUE_COLUMNS}
        row["issue_id"] = f"{issue.community_id}-{issue.check_id}-{counters[key]:02d}"
        row["contradiction"] = checks.is_contradiction(issue)
        rows.append(row)
    for row, root in zip(rows, checks.root_causes(issues), strict=True):
        row["root_issue_id"] = None if root is None else rows[root]["issue_id"]
    return rows


def inputs_digest(paths: Paths, documents: list[Document]) -> str:
    """One hash over every input, so a database says exactly what it was built from."""
    digest = hashlib.sha256()
    files = [paths.manifest, paths.reference, *sorted(paths.mappings.glob("*.csv"))]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for document in documents:
        digest.update(document.sha256.encode())
    return digest.hexdigest()


@dataclass
class BuildReport:
    db_path: Path
    summary: list[dict]


CORE_TABLES = ("source_class", "community", "document_line", "priority", "measure", "funding", "stated_total",
               "indicator", "indicator_target", "theme", "priority_theme", "measure_theme", "indicator_family",
               "indicator_family_member", "indicator_reading")


def load(connection: duckdb.DuckDBPyConnection, staged: Staged, paths: Paths, documents: list[Document]) -> list[dict]:
    """Create and fill every table of an empty database, run its tests; return the community summary."""
    locate = locator(staged)
    run_script(connection, "schema.sql")
    for table in CORE_TABLES:
        insert(connection, table, staged.tables.get(table, []), locate)
    run_script(connection, "reconciliation.sql")
    insert(connection, "data_issue", collect_issues(staged, connection), locate)
    run_script(connection, "marts.sql")
    insert(connection, "meta", [
        {"key": "schema_version", "value": SCHEMA_VERSION},
        {"key": "inputs_sha256", "value": inputs_digest(paths, documents)},
    ])
    failures = data_tests(connection)
    if failures:
        files: dict[str | None, str] = {document.community_id: document.relative_path for document in documents}
        raise CheckFailed(files.get(failures[0][0], ""), None,
                          "warehouse tests failed:\n  " + "\n  ".join(text for _, text in failures))
    cursor = connection.execute("""
        SELECT community_id, measure_count, measures_with_money, programme_total_kuah,
               stated_total_kuah, indicator_count, issues_error, issues_warning, issues_info
        FROM mart_community_summary ORDER BY community_id""")
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


_TEMPORARY = re.compile(r"\.building-(\d+)(?:\.wal)?$")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def remove_stale_temporaries(db_path: Path) -> list[Path]:
    """Delete the temporary files of builds whose process is gone (killed, crashed, power cut).

    A live build's files are kept, whoever runs it; so are this process's own (the caller's).
    """
    removed = []
    for path in db_path.parent.glob(f".{db_path.name}.building-*"):
        match = _TEMPORARY.search(path.name)
        if not match or int(match[1]) == os.getpid() or _running(int(match[1])):
            continue
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:  # another build removed it first
            pass
        except OSError:  # a read-only directory: the build itself will report it
            pass
    return removed


# What DuckDB raises when the disk or the filesystem refuses a write (a failed commit included).
_WRITE_ERRORS = (duckdb.IOException, duckdb.TransactionException, duckdb.OutOfMemoryException,
                 duckdb.PermissionException)


def _reason(error: BaseException) -> str:
    """The operating system's words for an OSError or a DuckDB I/O error ("No space left on device")."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text.rsplit(": ", 1)[-1] if ": " in text else text


def build(db_path: Path, data_dir: Path) -> BuildReport:
    paths = Paths(Path(data_dir))
    staged, documents = stage(paths)

    db_path = Path(db_path)
    temporary = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
    leftovers = (temporary, Path(f"{temporary}.wal"))
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(db_path)
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        connection = duckdb.connect(str(temporary))
        try:
            summary = load(connection, staged, paths, documents)
            connection.execute("CHECKPOINT")
        finally:
            connection.close()
        os.replace(temporary, db_path)
    except (OSError, *_WRITE_ERRORS) as error:
        raise OutputError(db_path, _reason(error)) from error
    finally:
        for leftover in leftovers:
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
    return BuildReport(db_path=db_path, summary=summary)
