"""Build the DuckDB warehouse: stage, load, reconcile, build marts, test, then swap atomically.

The new database is written to a temporary file beside the target. Only when every step and
every test has passed does ``os.replace`` move it into place, so a failed run leaves the
previous database untouched. A killed run leaves its temporary file behind; the next build
removes those of processes that no longer run.
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

from etl import checks, staging
from etl.errors import CheckFailed, OutputError
from etl.extract import ParsedDocument, parse_document
from etl.indicators import check_families, load_readings
from etl.manifest import Document, load_manifest
from etl.mappings import SOURCE_CLASSES, load_non_monetary, load_source_mapping
from etl.themes import load_crosswalks

SCHEMA_VERSION = "6"
SQL_DIR = Path(__file__).parent / "sql"
ISSUE_COLUMNS = ("community_id", "check_id", "severity", "message_uk", "message_en", "stated", "computed",
                 "source_line", "measure_id", "priority_code", "year", "scope")


@dataclass
class Paths:
    data: Path

    @property
    def manifest(self) -> Path:
        return self.data / "sources.toml"

    @property
    def mappings(self) -> Path:
        return self.data / "mappings"

    @property
    def reference(self) -> Path:
        return self.data / "reference" / "communities.csv"


@dataclass
class Staged:
    """Rows for every core table, in a stable order."""
    tables: dict[str, list[dict]] = field(default_factory=dict)
    parsed: list[ParsedDocument] = field(default_factory=list)
    reference: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, table: str, rows: list[dict]) -> None:
        self.tables.setdefault(table, []).extend(rows)


def load_reference(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["community_id"]: row for row in csv.DictReader(handle)}


def stage(paths: Paths, reuse: dict | None = None) -> tuple[Staged, list[Document]]:
    """Read every input into table rows.

    ``reuse`` maps (community, SHA-256) to a document already parsed from those very bytes, for
    callers that stage many times, such as the fuzz harness (parsing is deterministic).
    """
    documents = load_manifest(paths.manifest)
    reference = load_reference(paths.reference)
    sources = load_source_mapping(paths.mappings / "funding_sources.csv")
    phrases = load_non_monetary(paths.mappings / "non_monetary.csv")
    staged = Staged(reference=reference)
    staged.add("source_class", [
        {"source_class": key, "name_uk": name_uk, "name_en": name_en, "ownership": ownership, "sort_order": order}
        for order, (key, name_uk, name_en, ownership) in enumerate(SOURCE_CLASSES, start=1)
    ])
    for document in documents:
        if document.community_id not in reference:
            raise CheckFailed(paths.reference, None, f"no reference row for community {document.community_id!r}")
        parsed = (reuse or {}).get((document.community_id, document.sha256))
        if parsed is None:
            parsed = parse_document(document, sources, phrases)
        staged.parsed.append(parsed)
        staged.add("community", [staging.community_row(parsed, reference[document.community_id])])
        staged.add("document_line", [
            {"community_id": document.community_id, "line_number": number, "text": text}
            for number, text in enumerate(parsed.lines, start=1)
        ])
        staged.add("priority", staging.priority_rows(parsed))
        staged.add("measure", staging.measure_rows(parsed))
        staged.add("funding", staging.funding_rows(parsed))
        staged.add("stated_total", staging.stated_total_rows(parsed))
        indicators, targets = staging.indicator_rows(parsed)
        staged.add("indicator", indicators)
        staged.add("indicator_target", targets)
    for number, row in enumerate(staged.tables["stated_total"], start=1):
        row["stated_total_id"] = number
    crosswalks = load_crosswalks(paths.mappings, staged.tables["measure"], staged.tables["priority"],
                                 staged.tables["indicator"])
    staged.add("theme", crosswalks.themes)
    staged.add("priority_theme", crosswalks.priority_themes)
    staged.add("measure_theme", crosswalks.measure_themes)
    staged.add("indicator_family", crosswalks.families)
    staged.add("indicator_family_member", crosswalks.family_members)
    readings = load_readings(paths.mappings, staged.tables["indicator"])
    check_families(paths.mappings, staged.tables["indicator"], readings)
    staged.add("indicator_reading", readings)
    return staged, documents


_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


_INTEGER_RANGES = {"INTEGER": (-2**31, 2**31 - 1), "BIGINT": (-2**63, 2**63 - 1)}
Locate = Callable[[dict], tuple[str, int | None]]


def _problem(value, duckdb_type: str, nullable: bool) -> str | None:
    """Why the value cannot go into a column of this type, or None."""
    if value is None:
        return None if nullable else "is empty"
    decimal = _DECIMAL.match(duckdb_type)
    if decimal:
        precision, scale = int(decimal[1]), int(decimal[2])
        if Decimal(value).copy_abs() >= Decimal(10) ** (precision - scale) - Decimal(5).scaleb(-scale - 1):
            return f"is {value}, too large for {duckdb_type}"
    elif duckdb_type in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[duckdb_type]
        if not low <= value <= high:
            return f"is {value}, outside the range of {duckdb_type}"
    return None


def check_rows(table: str, columns: list[tuple], rows: list[dict], locate: Locate) -> None:
    """Refuse, at the row's source line, what the table would refuse (NULL, overflow, a repeated key).

    The parser checks its figures when it reads them; this is the last guard, so that no input can
    end in a raw DuckDB or Arrow error.
    """
    key = [name for name, _, _, constraint, *_ in columns if constraint == "PRI"]
    first_at: dict[tuple, dict] = {}
    for row in rows:
        for name, duckdb_type, nullable, *_ in columns:
            if name in row and (problem := _problem(row[name], duckdb_type, nullable == "YES")):
                path, line = locate(row)
                raise CheckFailed(path, line, f"{table}.{name} {problem}")
        if key:
            values = tuple(row.get(name) for name in key)
            if values in first_at:
                path, line = locate(row)
                earlier = locate(first_at[values])[1]
                raise CheckFailed(path, line, f"{table}: {', '.join(map(str, values))} occurs twice "
                                              f"(first at line {earlier})")
            first_at[values] = row


def insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[dict],
           locate: Locate = lambda row: ("", None)) -> None:
    """Insert rows in one statement, each column a list parameter cast to the column's own type.

    Decimals travel as text, so they stay exact. Not through Arrow: pyarrow's array() imports pandas
    on its first call, a third of the build's time.
    """
    if not rows:
        return
    columns = connection.execute(f"DESCRIBE {table}").fetchall()
    check_rows(table, [column for column in columns if column[0] in rows[0]], rows, locate)
    selected, parameters = [], []
    for name, duckdb_type, *_ in columns:
        if name not in rows[0]:
            continue
        values = [row.get(name) for row in rows]
        decimal = _DECIMAL.match(duckdb_type)
        if decimal:
            scale = Decimal(1).scaleb(-int(decimal[2]))
            values = [None if value is None else str(Decimal(value).quantize(scale)) for value in values]
        parameters.append(values)
        selected.append(f'unnest(${len(parameters)}::{"VARCHAR" if decimal else duckdb_type}[])::{duckdb_type} '
                        f'AS "{name}"')
    connection.execute(f"INSERT INTO {table} BY NAME SELECT {', '.join(selected)}", parameters)


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


def locator(staged: Staged) -> Locate:
    """Where a staged row comes from: its document and line, found through its community."""
    files = {parsed.document.community_id: parsed.document.relative_path for parsed in staged.parsed}
    measures = {row["measure_id"]: row["community_id"] for row in staged.tables.get("measure", [])}
    indicators = {row["indicator_id"]: row for row in staged.tables.get("indicator", [])}

    def locate(row: dict) -> tuple[str, int | None]:
        indicator = indicators.get(row.get("indicator_id"), {})
        community = row.get("community_id") or measures.get(row.get("measure_id")) or indicator.get("community_id")
        line = row.get("source_line") or row.get("line_number") or indicator.get("source_line")
        return files.get(community, ""), line
    return locate


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
        files = {document.community_id: document.relative_path for document in documents}
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
