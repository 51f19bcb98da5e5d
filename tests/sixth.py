"""A data directory with a sixth community: one seed's programme copied under a new id, name and KATOTTG.

Shared by tests/test_sixth_community.py and scripts/with_sixth_community.py. The data and fixture
directories are copied; the seed's document is copied to a new file whose KATOTTG codes are the new
community's, its ``[[document]]`` entry is repeated with the new id, file and SHA-256 (as
tests/hostile.py rewrites the manifest), its reference row, reviewed mapping rows and reviewed fixture
rows are repeated under the new id, and the copy is built. The suite then runs against it with
``HROMADA_TEST_DATA`` and ``HROMADA_TEST_FIXTURES`` (tests/conftest.py): a test that assumes which
communities exist fails there.
"""
from __future__ import annotations

import csv
import hashlib
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from etl.manifest import load_manifest
from etl.warehouse import build

NEW_ID = "shostivka"
NEW_NAME_EN = "Shostivka"
NEW_STEM = "Шостівська"  # replaces the first word of the seed's name: «Шостівська міська територіальна громада»


@dataclass(frozen=True)
class Sixth:
    data: Path
    fixtures: Path
    db_path: Path
    seed: str
    community_id: str


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], records: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def _repeat_rows(path: Path, belongs, renamed) -> int:
    """Append a renamed copy of every row that belongs to the seed; returns how many."""
    fields, records = _read(path)
    copies = [renamed(dict(record)) for record in records if belongs(record)]
    _write(path, fields, records + copies)
    return len(copies)


def _new_code(code: str) -> str:
    """Another well-formed KATOTTG code (UA and 17 digits) that no real community has: oblast 99."""
    return "UA99" + code[4:] if code else code


def choose_seed(fixtures: Path) -> str:
    """The seed with the most reviewed findings: its copy repeats the most the suite checks."""
    _, findings = _read(fixtures / "data_issues.csv")
    return Counter(row["community_id"] for row in findings).most_common(1)[0][0]


def add_sixth_community(data: Path, fixtures: Path, folder: Path, seed: str | None = None) -> Sixth:
    """Copy ``data`` and ``fixtures`` into ``folder`` with a sixth community, and build its warehouse."""
    seed = seed or choose_seed(fixtures)
    folder.mkdir(parents=True, exist_ok=True)
    copy, fixture_copy = folder / "data", folder / "fixtures"
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*"))
    # The warehouse digest is of the project's own build: a copy with another community has other rows.
    shutil.copytree(fixtures, fixture_copy, ignore=shutil.ignore_patterns("warehouse_digest.json"))
    documents = {document.community_id: document for document in load_manifest(copy / "sources.toml")}
    assert NEW_ID not in documents, f"{NEW_ID} is already a community"
    document = documents[seed]

    fields, reference = _read(copy / "reference" / "communities.csv")
    (seed_row,) = [row for row in reference if row["community_id"] == seed]
    codes = {seed_row["katottg"]: _new_code(seed_row["katottg"]),
             seed_row["centre_katottg"]: _new_code(seed_row["centre_katottg"])}
    assert not {code for code in codes.values()} & {row["katottg"] for row in reference}
    new_row = {**seed_row, "community_id": NEW_ID, "name_en": NEW_NAME_EN,
               "name_uk": " ".join([NEW_STEM, *seed_row["name_uk"].split()[1:]]),
               "katottg": codes[seed_row["katottg"]], "centre_katottg": codes[seed_row["centre_katottg"]],
               "centre_uk": "м. Шостівка", "centre_en": f"{NEW_NAME_EN} (city)",
               "osm_relation": "", "wikidata": ""}
    _write(copy / "reference" / "communities.csv", fields, reference + [new_row])

    # The document, byte for byte but for the KATOTTG codes it quotes (so the check compares like with like).
    original = (copy / document.relative_path).read_bytes()
    text = original.decode("utf-8")
    for old, new in codes.items():
        text = text.replace(old, new)
    relative = str(Path(document.relative_path).with_name(Path(document.relative_path).name.replace(seed, NEW_ID, 1)))
    assert relative != document.relative_path, "the seed's file name carries its id"
    (copy / relative).write_bytes(text.encode("utf-8"))
    digest = hashlib.sha256((copy / relative).read_bytes()).hexdigest()

    manifest_path = copy / "sources.toml"
    manifest = manifest_path.read_text(encoding="utf-8")
    start = manifest.rindex("[[document]]", 0, manifest.index(f'community_id = "{seed}"'))
    following = manifest.find("[[document]]", start + 1)
    block = manifest[start:following if following != -1 else len(manifest)].rstrip() + "\n"
    block = block.replace(f'community_id = "{seed}"', f'community_id = "{NEW_ID}"', 1)
    block = block.replace(f'file = "{document.relative_path}"', f'file = "{relative}"', 1)
    block = re.sub(r'sha256 = "[0-9a-f]{64}"', f'sha256 = "{digest}"', block, count=1)
    manifest_path.write_text(manifest.rstrip() + "\n\n" + block, encoding="utf-8")

    prefix = f"{seed}-"

    def new_id(value: str) -> str:
        return NEW_ID + "-" + value.removeprefix(prefix) if value.startswith(prefix) else value

    def rename(record: dict) -> dict:
        for key in ("community_id", "measure_id", "indicator_id"):
            if key in record:
                record[key] = NEW_ID if key == "community_id" else new_id(record[key])
        return record

    mappings = copy / "mappings"
    for name in ("measure_themes.csv", "priority_themes.csv"):
        _repeat_rows(mappings / name, lambda record: record["community_id"] == seed, rename)
    for name in ("indicator_families.csv", "indicator_polarity.csv"):
        _repeat_rows(mappings / name, lambda record: record["indicator_id"].startswith(prefix), rename)
    for name in ("data_issues.csv", "stated_totals.csv"):
        _repeat_rows(fixture_copy / name, lambda record: record["community_id"] == seed, rename)

    db_path = folder / "sixth.duckdb"
    build(db_path, copy)
    return Sixth(data=copy, fixtures=fixture_copy, db_path=db_path, seed=seed, community_id=NEW_ID)
