"""Bad input fails loudly with file:line, and never damages the previous database."""
from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import DATA, FIXTURES, PROJECT, rows

from etl.errors import SourceError
from etl.limits import money_limit
from etl.manifest import MONEY_UNITS, load_manifest
from etl.programme import section_bounds
from etl.warehouse import build

# An amount alone in its cell line, with a thousands space: a Word table's money cell.
LONE_AMOUNT = re.compile(r"^\t\d{1,3}(?: \d{3})+$")


@dataclass(frozen=True)
class Specimen:
    """The document these tests break, chosen by what it holds, not by its community."""
    community_id: str
    relative: str  # the path under data/, as the manifest gives it
    name: str  # the file name every message must quote
    amount_line: int  # a line that is one money cell
    source_line: int  # a line that is one funding-source cell with a mapped phrase
    source_text: str


@pytest.fixture(scope="session")
def specimen(warehouse, documents) -> Specimen:
    """The first document (by community id) with a lone money cell the warehouse read and a
    funding-source cell of a mapped phrase in a measure's row (the first such cell after the first
    measure starts)."""
    with (DATA / "mappings" / "funding_sources.csv").open(encoding="utf-8", newline="") as handle:
        phrases = {row["label_uk"] for row in csv.DictReader(handle) if row["source_class"] != "all"}
    for community, document in sorted(documents.items()):
        lines = document.read_lines()
        read = {row["source_line"] for row in rows(warehouse, "SELECT f.source_line FROM funding f JOIN measure m "
                                                              "USING (measure_id) WHERE m.community_id = ?", [community])}
        amounts = [number for number in sorted(read) if LONE_AMOUNT.match(lines[number - 1])]
        first_measure = rows(warehouse, "SELECT MIN(source_line) AS line FROM measure WHERE community_id = ?",
                             [community])[0]["line"] or len(lines)
        sources = [number for number, text in enumerate(lines, 1)
                   if number > first_measure and text.startswith("\t") and text[1:] in phrases]
        if amounts and sources:
            return Specimen(community, document.relative_path, Path(document.relative_path).name, amounts[0],
                            sources[0], lines[sources[0] - 1])
    pytest.skip("no document has a lone money cell and a mapped source cell")


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*"))
    return target


def rewrite(data: Path, relative: str, change, update_hash: bool = True) -> None:
    """Change a raw document; optionally record its new hash so only the change itself is tested."""
    path = data / relative
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    if update_hash:
        manifest = data / "sources.toml"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        text = manifest.read_text(encoding="utf-8")
        block = text.index(f'file = "{relative}"')
        start = text.index('sha256 = "', block) + len('sha256 = "')
        manifest.write_text(text[:start] + digest + text[start + 64:], encoding="utf-8")


def run_cli(data: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "--data", str(data), "build", "--db", str(db)],
                          cwd=PROJECT, capture_output=True, text=True)


@pytest.fixture()
def previous_db(tmp_path, data_copy) -> Path:
    db = tmp_path / "previous.duckdb"
    build(db, data_copy)
    return db


def assert_untouched(db: Path, digest: str) -> None:
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    with duckdb.connect(str(db), read_only=True) as connection:
        assert rows(connection, "SELECT COUNT(*) AS n FROM measure")[0]["n"] > 0
    assert not list(db.parent.glob(f".{db.name}.building-*")), "the temporary file must be cleaned up"


def test_wrong_hash_is_refused(data_copy, previous_db, specimen):
    before = hashlib.sha256(previous_db.read_bytes()).hexdigest()
    rewrite(data_copy, specimen.relative, lambda text: text.replace("а", "о", 1), update_hash=False)
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert specimen.name in result.stderr and "SHA-256" in result.stderr
    assert_untouched(previous_db, before)


def test_truncated_file_names_file_and_line(data_copy, previous_db, warehouse):
    """The file cut a few lines into a section that must reach its end line."""
    # A section's end pattern is what tells a cut file from a short one; the inferred entry of a
    # document ends its task list where the next section or the file does, so the hand-written form
    # (which gives that pattern) is the one tested here.
    explicit = FIXTURES / "sources_explicit.toml"
    if not explicit.exists():
        pytest.skip("no hand-written manifest among these fixtures")
    shutil.copy(explicit, data_copy / "sources.toml")
    documents = load_manifest(data_copy / "sources.toml")
    if {document.community_id for document in documents} != {document.community_id
                                                             for document in load_manifest(DATA / "sources.toml")}:
        pytest.skip("the hand-written manifest covers other documents than this data directory")
    titles = {row["community_id"]: row["programme_title_line"]
              for row in rows(warehouse, "SELECT community_id, programme_title_line FROM community")}
    # Cut inside a section that starts after the title, so the first thing missing is the section's end.
    cuts = [(document, start) for document in sorted(documents, key=lambda document: document.community_id)
            for section in document.sections if section.end is not None
            if (start := section_bounds(document, document.read_lines(), section)[0] + 1)
            > (titles.get(document.community_id) or 0)]
    if not cuts:
        pytest.skip("no hand-written section with an end line starts after its document's title")
    document, start = cuts[0]
    before = hashlib.sha256(previous_db.read_bytes()).hexdigest()
    rewrite(data_copy, document.relative_path, lambda text: "\n".join(text.split("\n")[:start + 2]))
    with pytest.raises(SourceError) as caught:
        build(previous_db, data_copy)
    assert caught.value.path.endswith(Path(document.relative_path).name) and caught.value.line
    assert "truncated" in str(caught.value)
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert re.search(rf"{re.escape(Path(document.relative_path).name)}:\d+: ", result.stderr)
    assert_untouched(previous_db, before)


def test_non_numeric_amount_names_file_and_line(data_copy, previous_db, specimen, raw_lines):
    """A money cell whose last digit became the letter O."""
    before = hashlib.sha256(previous_db.read_bytes()).hexdigest()
    line = specimen.amount_line
    broken = raw_lines[specimen.community_id][line][:-1] + "O"

    def break_amount(text: str) -> str:
        lines = text.split("\n")
        lines[line - 1] = broken
        return "\n".join(lines)

    rewrite(data_copy, specimen.relative, break_amount)
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert f"{specimen.name}:{line}: {broken.strip()!r} is not an amount" in result.stderr
    assert_untouched(previous_db, before)


def test_unknown_funding_source_names_the_mapping_file(data_copy, previous_db, specimen):
    def rename_source(text: str) -> str:
        lines = text.split("\n")
        assert lines[specimen.source_line - 1] == specimen.source_text
        lines[specimen.source_line - 1] = "\tКП «Новий»"
        return "\n".join(lines)

    rewrite(data_copy, specimen.relative, rename_source)
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert "funding_sources.csv" in result.stderr and "КП «Новий»" in result.stderr


def test_measure_missing_from_crosswalk_fails_naming_the_file(data_copy, previous_db, warehouse):
    (measure,) = rows(warehouse, "SELECT measure_id FROM measure ORDER BY community_id DESC, measure_id DESC LIMIT 1")
    path = data_copy / "mappings" / "measure_themes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(f"{measure['measure_id']},")), encoding="utf-8")
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert "measure_themes.csv" in result.stderr and measure["measure_id"] in result.stderr


def test_unknown_measure_in_crosswalk_fails(data_copy, previous_db, community_ids):
    community = community_ids[-1]
    path = data_copy / "mappings" / "measure_themes.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{community}-m999,{community},Невідомий захід,governance,test\n")
    result = run_cli(data_copy, previous_db)
    assert result.returncode != 0
    assert re.search(rf"measure_themes\.csv:\d+: unknown measure_id '{community}-m999'", result.stderr)


def test_cli_prints_a_summary_per_community(data_copy, tmp_path, community_ids):
    result = run_cli(data_copy, tmp_path / "fresh.duckdb")
    assert result.returncode == 0, result.stderr
    printed = {line.split()[0] for line in result.stdout.splitlines() if line.split()}
    assert set(community_ids) <= printed
    assert re.search(r"Built .* in \d+\.\d+ s", result.stdout)


def test_database_path_comes_from_the_environment(data_copy, tmp_path):
    target = tmp_path / "from-env.duckdb"
    result = subprocess.run([sys.executable, "-m", "etl", "--data", str(data_copy), "build"], cwd=PROJECT,
                            capture_output=True, text=True, env={**__import__("os").environ, "PROGRAMMES_DB": str(target)})
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_two_builds_give_identical_tables(data_copy, tmp_path):
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    build(first, data_copy)
    build(second, data_copy)
    with duckdb.connect(str(first), read_only=True) as a, duckdb.connect(str(second), read_only=True) as b:
        tables = [row[0] for row in a.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        assert tables == [row[0] for row in b.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        for table in tables:
            query = f"SELECT * FROM {table} ORDER BY ALL"
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table


# --- Reliability: typed errors for any input, output failures, killed builds ---------------------

def assert_one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_invalid_utf8_names_file_and_line(data_copy, previous_db, raw_lines, specimen):
    before = hashlib.sha256(previous_db.read_bytes()).hexdigest()
    line = len(raw_lines[specimen.community_id]) // 2
    path = data_copy / specimen.relative
    manifest = data_copy / "sources.toml"
    # The hash is read before the file changes: an entry that leaves keys out is read from its file.
    old = next(document.sha256 for document in load_manifest(manifest) if document.relative_path == specimen.relative)
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = lines[line - 1][:3] + b"\xff\xfe" + lines[line - 1][3:]
    path.write_bytes(b"\n".join(lines))
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, hashlib.sha256(path.read_bytes()).hexdigest()),
                        encoding="utf-8")
    message = assert_one_line_error(run_cli(data_copy, previous_db))
    assert re.search(rf"{re.escape(specimen.name)}:{line}: not valid UTF-8: byte 0xff", message), message
    assert_untouched(previous_db, before)


def test_bom_and_crlf_build_the_same_tables(data_copy, tmp_path):
    plain, windows = tmp_path / "plain.duckdb", tmp_path / "windows.duckdb"
    build(plain, data_copy)
    for document in load_manifest(data_copy / "sources.toml"):
        rewrite(data_copy, document.relative_path, lambda text: "\ufeff" + text.replace("\n", "\r\n"))
    build(windows, data_copy)
    with duckdb.connect(str(plain), read_only=True) as a, duckdb.connect(str(windows), read_only=True) as b:
        for table in ("document_line", "measure", "funding", "stated_total", "indicator", "data_issue"):
            query = f"SELECT * FROM {table} ORDER BY ALL"
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table


@pytest.mark.parametrize("scale", [1, 10**6])
def test_amount_too_large_for_the_warehouse_names_file_and_line(data_copy, previous_db, warehouse, scale):
    """Just over the limit the schema's DECIMAL columns set, and far over it."""
    before = hashlib.sha256(previous_db.read_bytes()).hexdigest()
    funding = rows(warehouse, "SELECT c.source_file, c.money_unit, f.source_line, f.stated_text FROM funding AS f "
                              "JOIN measure AS m USING (measure_id) JOIN community AS c USING (community_id) "
                              "WHERE f.stated_text ~ '^[0-9]+$' ORDER BY ALL LIMIT 1")[0]
    relative = funding["source_file"].removeprefix("data/")
    stated_limit = money_limit() * MONEY_UNITS[funding["money_unit"]] * scale
    zeros = len(str(int(stated_limit))) - len(funding["stated_text"])

    def enlarge(text: str) -> str:
        lines = text.split("\n")
        lines[funding["source_line"] - 1] = lines[funding["source_line"] - 1].replace(
            funding["stated_text"], funding["stated_text"] + "0" * zeros, 1)
        return "\n".join(lines)

    rewrite(data_copy, relative, enlarge)
    message = assert_one_line_error(run_cli(data_copy, previous_db))
    assert f"{Path(relative).name}:{funding['source_line']}: " in message and "more than the warehouse" in message
    assert_untouched(previous_db, before)


def test_repeated_direction_names_both_lines(data_copy, warehouse):
    """Give a document's second direction the heading of its first; codes taken from the text collide."""
    named_twice = 0
    for community in [row["community_id"] for row in rows(warehouse, "SELECT community_id FROM community")]:
        priorities = rows(warehouse, "SELECT source_line FROM priority WHERE community_id = ? AND level = 1 "
                                     "ORDER BY source_line", [community])
        if len(priorities) < 2:
            continue
        relative = rows(warehouse, "SELECT source_file FROM community WHERE community_id = ?",
                        [community])[0]["source_file"].removeprefix("data/")
        first, second = priorities[0]["source_line"], priorities[1]["source_line"]
        original = (data_copy / relative).read_text(encoding="utf-8")

        def repeat_heading(text: str, first: int = first, second: int = second) -> str:
            lines = text.split("\n")
            lines[second - 1] = lines[first - 1]
            return "\n".join(lines)

        rewrite(data_copy, relative, repeat_heading)
        try:
            build(data_copy.parent / f"{community}.duckdb", data_copy)
        except SourceError as error:
            if "listed twice" in error.message:
                assert error.path.endswith(Path(relative).name) and error.line == second
                assert f"line {first}" in error.message
                named_twice += 1
        finally:
            rewrite(data_copy, relative, lambda _, original=original: original)
    assert named_twice, "no document numbers its directions in the text"


def _no_traceback_build(data: Path, db: Path, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "--data", str(data), "build", "--db", str(db)],
                          cwd=PROJECT, capture_output=True, text=True, preexec_fn=preexec)


def test_disk_full_prints_the_path_and_the_reason(data_copy, previous_db):
    """A file-size limit makes every write past it fail as a full disk would (EFBIG instead of ENOSPC)."""
    import resource
    import signal
    before = hashlib.sha256(previous_db.read_bytes()).hexdigest()

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))

    message = assert_one_line_error(_no_traceback_build(data_copy, previous_db, small_disk))
    assert message == f"error: {previous_db}: File too large", message
    assert_untouched(previous_db, before)


def test_unwritable_target_prints_the_path_and_the_reason(data_copy, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database directory should be")
    message = assert_one_line_error(_no_traceback_build(data_copy, blocker / "programmes.duckdb"))
    assert str(blocker) in message and message.rstrip().endswith(("File exists", "Not a directory")), message


def _pid_of_a_finished_process() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_stale_temporary_files_of_dead_builds_are_removed_live_ones_kept(data_copy, tmp_path):
    db = tmp_path / "programmes.duckdb"
    dead = _pid_of_a_finished_process()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        stale = [tmp_path / f".{db.name}.building-{dead}", tmp_path / f".{db.name}.building-{dead}.wal"]
        running = [tmp_path / f".{db.name}.building-{live.pid}", tmp_path / f".{db.name}.building-{live.pid}.wal"]
        for path in stale + running:
            path.write_bytes(b"left by a build")
        build(db, data_copy)
        assert not any(path.exists() for path in stale)
        assert all(path.exists() for path in running), "a live build's files must never be removed"
    finally:
        live.kill()
        live.wait()


def _temporaries(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.building-*"))


def _intact(db: Path, digest: str) -> bool:
    """Byte-identical to the previous database, or (killed after the swap) a complete new one."""
    if hashlib.sha256(db.read_bytes()).hexdigest() == digest:
        return True
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() is not None


# The last kill comes right as the temporary file appears, so the good build has one to remove
# (each killed build already removed those of the ones killed before it).
@pytest.mark.parametrize("delays", [(0.8, 0.4, 0.2, 0.08, 0.02, 0.0)])
def test_killed_builds_keep_the_previous_database_and_leave_nothing_after_a_good_build(data_copy, previous_db,
                                                                                        delays):
    import signal
    import time
    killed_mid_build = 0
    for delay in delays:
        digest = hashlib.sha256(previous_db.read_bytes()).hexdigest()
        process = subprocess.Popen([sys.executable, "-m", "etl", "--data", str(data_copy), "build", "--db",
                                    str(previous_db)], cwd=PROJECT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        temporary = previous_db.with_name(f".{previous_db.name}.building-{process.pid}")
        deadline = time.monotonic() + 60
        while not temporary.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if temporary.exists():
            killed_mid_build += 1
        assert _intact(previous_db, digest), f"killed {delay} s into writing, the database is damaged"
    assert killed_mid_build, "no kill landed while the new database was being written"
    assert _temporaries(previous_db), "the killed builds should have left their temporary files"
    build(previous_db, data_copy)
    assert _temporaries(previous_db) == []
    with duckdb.connect(str(previous_db), read_only=True) as connection:
        assert rows(connection, "SELECT COUNT(*) AS n FROM measure")[0]["n"] > 0
