"""``python -m etl add``: leave one seed out, add it back from its raw file, and get the same rows.

For each document in data/sources.toml (read from the manifest, never listed here), a copy of data/
loses its entry, its reference row and every mapping row only it uses; ``etl add --yes`` then gets
the facts no document states from that removed reference row, and the new build must hold exactly
the community's rows of the full build.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import tomllib
from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main
from etl.extract import parse_document
from etl.manifest import load_manifest
from etl.mappings import SourceMapping, load_non_monetary, load_source_mapping
from etl.text import normalize_label
from etl.warehouse import build

DATA = Path(__file__).resolve().parents[2] / "data"
SEEDS = [document.community_id for document in load_manifest(DATA / "sources.toml")]

# The community's rows of each table, without the ids a build numbers across communities.
COMPARED = {
    "community": "SELECT * FROM {db}.community WHERE community_id = $1",
    "priority": "SELECT * FROM {db}.priority WHERE community_id = $1",
    "measure": "SELECT * FROM {db}.measure WHERE community_id = $1",
    "funding": "SELECT f.* FROM {db}.funding AS f JOIN {db}.measure AS m USING (measure_id) WHERE m.community_id = $1",
    "stated_total": "SELECT * EXCLUDE (stated_total_id) FROM {db}.stated_total WHERE community_id = $1",
    "indicator": "SELECT * FROM {db}.indicator WHERE community_id = $1",
    "indicator_target": "SELECT t.* FROM {db}.indicator_target AS t JOIN {db}.indicator AS i USING (indicator_id) "
                        "WHERE i.community_id = $1",
    "data_issue": "SELECT * EXCLUDE (issue_id, root_issue_id) FROM {db}.data_issue WHERE community_id = $1",
}


class RecordingSources(SourceMapping):
    """The funding phrases a document's parse looks up and finds."""

    def __init__(self, mapping: SourceMapping):
        super().__init__(path=mapping.path, classes=mapping.classes)
        self.used: set[str] = set()

    def lookup(self, label: str) -> str | None:
        found = super().lookup(label)
        if found is not None:
            self.used.add(normalize_label(label))
        return found


def used_phrases() -> dict[str, set[str]]:
    phrases = load_non_monetary(DATA / "mappings" / "non_monetary.csv")
    used = {}
    for document in load_manifest(DATA / "sources.toml"):
        sources = RecordingSources(load_source_mapping(DATA / "mappings" / "funding_sources.csv"))
        parse_document(document, sources, phrases)
        used[document.community_id] = sources.used
    return used


def drop_rows(path: Path, unwanted) -> int:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    kept = [row for row in rows if not unwanted(row)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    path.write_text(out.getvalue(), encoding="utf-8")
    return len(rows) - len(kept)


def leave_out(community_id: str, work: Path, full_db: Path) -> tuple[dict, dict, Path]:
    """A copy of data/ without the community; returns its manifest entry, reference row and raw file."""
    shutil.copytree(DATA, work, ignore=shutil.ignore_patterns("*.duckdb", "*.duckdb.*"))
    manifest = work / "sources.toml"
    text = manifest.read_text(encoding="utf-8")
    entry = next(item for item in tomllib.loads(text)["document"] if item["community_id"] == community_id)
    blocks = re.split(r"(?m)^(?=\[\[document\]\]\s*$)", text)
    own = rf"""(?m)^\s*community_id\s*=\s*["']{re.escape(community_id)}["']"""
    manifest.write_text("".join(block for block in blocks if not re.search(own, block)), encoding="utf-8")
    with (work / "reference" / "communities.csv").open(encoding="utf-8", newline="") as handle:
        reference = next(row for row in csv.DictReader(handle) if row["community_id"] == community_id)
    assert drop_rows(work / "reference" / "communities.csv", lambda row: row["community_id"] == community_id) == 1

    with duckdb.connect(str(full_db), read_only=True) as connection:
        indicators = {row[0] for row in connection.execute(
            "SELECT indicator_id FROM indicator WHERE community_id = ?", [community_id]).fetchall()}
    mappings = work / "mappings"
    drop_rows(mappings / "measure_themes.csv", lambda row: row["community_id"] == community_id)
    drop_rows(mappings / "priority_themes.csv", lambda row: row["community_id"] == community_id)
    drop_rows(mappings / "indicator_polarity.csv", lambda row: row["indicator_id"] in indicators)
    drop_rows(mappings / "indicator_families.csv", lambda row: row["indicator_id"] in indicators)
    used = used_phrases()
    others = set().union(*(phrases for other, phrases in used.items() if other != community_id))
    only_here = used[community_id] - others
    drop_rows(mappings / "funding_sources.csv", lambda row: normalize_label(row["label_uk"]) in only_here)

    raw = work.parent / "incoming" / Path(entry["file"]).name
    raw.parent.mkdir()
    shutil.move(work / entry["file"], raw)
    return entry, reference, raw


def rows(connection, table: str, db: str, community_id: str) -> list[tuple]:
    return sorted(connection.execute(COMPARED[table].format(db=db), [community_id]).fetchall(), key=repr)


@pytest.mark.parametrize("community_id", SEEDS)
def test_leave_one_out_reproduces_the_rows(community_id, db_path, tmp_path, capsys):
    work = tmp_path / "data"
    entry, reference, raw = leave_out(community_id, work, db_path)
    # What no document states comes from the removed reference row and entry, as a person would give it.
    code = main(["--data", str(work), "add", str(raw), "--id", community_id,
                 "--population", reference["population"], "--population-date", reference["population_date"],
                 "--area-km2", reference["area_km2"], "--name-en", reference["name_en"],
                 "--centre-uk", reference["centre_uk"], "--centre-en", reference["centre_en"],
                 "--origin", entry.get("origin", raw.name), "--yes"])
    report = capsys.readouterr()
    assert code == 0, report.err
    assert f"{entry['file']}:" in report.out  # the report points at lines of the copied file
    added = (work / entry["file"]).read_bytes()
    assert hashlib.sha256(added).hexdigest() == entry["sha256"]
    new_entry = next(item for item in tomllib.loads((work / "sources.toml").read_text(encoding="utf-8"))["document"]
                     if item["community_id"] == community_id)
    assert set(new_entry) == {"community_id", "file", "sha256", "origin"}

    rebuilt = tmp_path / "rebuilt.duckdb"
    build(rebuilt, work)
    connection = duckdb.connect()
    connection.execute(f"ATTACH '{db_path}' AS full_build (READ_ONLY)")
    connection.execute(f"ATTACH '{rebuilt}' AS added (READ_ONLY)")
    for table in COMPARED:
        expected = rows(connection, table, "full_build", community_id)
        if table in {"community", "measure"}:
            assert expected, f"{table}: the full build has no rows for {community_id} to compare"
        assert rows(connection, table, "added", community_id) == expected, table
    connection.close()


def test_dry_run_writes_nothing(tmp_path, db_path, capsys):
    community_id = SEEDS[0]
    work = tmp_path / "data"
    entry, reference, raw = leave_out(community_id, work, db_path)
    before = {path: path.read_bytes() for path in work.rglob("*") if path.is_file()}
    code = main(["--data", str(work), "add", str(raw), "--dry-run"])
    report = capsys.readouterr()
    assert code == 0, report.err
    assert "dry run: nothing written" in report.out
    assert "--population" in report.out  # what is still needed before writing
    assert {path: path.read_bytes() for path in work.rglob("*") if path.is_file()} == before


def test_a_document_already_listed_is_refused_in_one_line(capsys):
    document = load_manifest(DATA / "sources.toml")[0]
    code = main(["--data", str(DATA), "add", str(document.path), "--dry-run"])
    error = capsys.readouterr().err
    assert code == 1
    assert error.startswith("error: ") and error.count("\n") == 1 and "Traceback" not in error
    assert "already listed" in error


def test_a_file_that_is_no_programme_is_a_typed_error(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("Протокол засідання\nПрисутні: 5\n", encoding="utf-8")
    assert main(["--data", str(DATA), "add", str(path), "--dry-run"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"error: {path}") and "title" in error
