"""A warehouse whose document text is hostile: Markdown, HTML, LaTeX and Streamlit directives.

Shared by tests/app/test_hostile_text.py and tests/e2e/test_offline.py. The data directory is
copied; in one document a measure's name, its direction's name, an indicator's name and the
programme title get ``PAYLOAD`` written into the raw text (the lines are found by searching for
the text the normal warehouse holds, at the line it cites), the document's SHA-256 in the copied
manifest is updated, the theme and family mappings are renamed to match, and the copy is built.
The build must read the payload back exactly: the test fails if the document no longer parses.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.manifest import load_manifest
from etl.text import clean_cell, normalize_label
from etl.warehouse import build

# HTML and TeX first: charts shorten long names, and these are what Plotly would interpret.
PAYLOAD = ("<b>b</b> <i>i</i> $x$ :red[r] **bold** [link](https://example.org) "
           "![img](https://example.org/t.png)")
OUTSIDE = "example.org"  # the host no page, chart or brief may link to or load from
SEARCH_LINES = 6  # a cell can start a few lines below the line its row is cited at


@dataclass(frozen=True)
class Hostile:
    db_path: Path
    community_id: str
    measure_id: str
    priority_code: str
    indicator_id: str
    names: dict[str, str]  # kind -> the hostile text as the warehouse holds it


def _rows(connection, sql: str, parameters=None) -> list[dict]:
    cursor = connection.execute(sql, parameters or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _choose(db: Path) -> dict:
    """The measure with money and a direction that most findings cite (then the largest), in its
    community, and that community's first numeric indicator (the brief and the chart show it)."""
    with duckdb.connect(str(db), read_only=True) as connection:
        measure = _rows(connection, """
            WITH money AS (SELECT measure_id, SUM(amount_kuah) AS amount FROM funding GROUP BY measure_id
                           HAVING SUM(amount_kuah) > 0),
                 findings AS (SELECT measure_id, COUNT(*) AS findings FROM data_issue GROUP BY measure_id)
            SELECT m.community_id, m.measure_id, m.priority_code, m.name_uk, m.source_line,
                   p.name_uk AS priority_name_uk, p.source_line AS priority_line,
                   c.programme_title_uk, c.programme_title_line
            FROM measure AS m
            JOIN money USING (measure_id)
            LEFT JOIN findings USING (measure_id)
            JOIN priority AS p ON p.community_id = m.community_id AND p.priority_code = m.priority_code
            JOIN community AS c ON c.community_id = m.community_id
            WHERE c.programme_title_line IS NOT NULL AND EXISTS (
                SELECT 1 FROM indicator AS i WHERE i.community_id = m.community_id AND i.unit_class <> 'yes_no')
            ORDER BY COALESCE(findings.findings, 0) DESC, money.amount DESC, m.measure_id
            LIMIT 1""")[0]
        indicator = _rows(connection, """
            SELECT indicator_id, name_uk, source_line FROM indicator
            WHERE community_id = ? AND unit_class <> 'yes_no' ORDER BY source_line, indicator_id LIMIT 1""",
                          [measure["community_id"]])[0]
    return {**measure, "indicator": indicator}


def _poisoned(name: str) -> str:
    """The name with the payload after its first word (a leading item number stays in front)."""
    first, _, rest = clean_cell(name).partition(" ")
    return clean_cell(f"{first} {PAYLOAD} {rest}")


def _insert_after_first_word(lines: list[str], line: int, name: str, what: str) -> None:
    """Write the payload into the raw text after the name's first word, on the cited line or just below."""
    words = clean_cell(name).split(" ")
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words[:2]))
    for index in range(line - 1, min(line - 1 + SEARCH_LINES, len(lines))):
        match = pattern.search(lines[index])
        if match:
            cut = match.start() + len(words[0])
            lines[index] = f"{lines[index][:cut]} {PAYLOAD}{lines[index][cut:]}"
            return
    raise AssertionError(f"the {what} {name[:60]!r} is not written near line {line} of the document")


def _rename_in_mapping(path: Path, key_columns: dict[str, str], name_column: str, old: str, new: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, records = reader.fieldnames, list(reader)
    for record in records:
        if all(record[column] == value for column, value in key_columns.items()):
            assert normalize_label(record[name_column]) == normalize_label(old), (path.name, record)
            record[name_column] = new
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def _manifest_block(text: str, relative: str) -> tuple[int, int]:
    start = text.index(f'file = "{relative}"')
    following = text.find("[[document]]", start)
    return start, following if following != -1 else len(text)


def build_hostile_warehouse(data: Path, folder: Path) -> Hostile:
    """Copy ``data`` into ``folder``, poison one document and build ``folder/hostile.duckdb``."""
    folder.mkdir(parents=True, exist_ok=True)
    plain_db = folder / "plain.duckdb"
    build(plain_db, data)
    chosen = _choose(plain_db)
    community = chosen["community_id"]
    copy = folder / "data"
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*"))
    document = next(item for item in load_manifest(copy / "sources.toml") if item.community_id == community)
    lines = document.read_lines()

    # The title: the payload before its last word; the copied manifest then looks for the new title.
    title_index = chosen["programme_title_line"] - 1
    match = document.title_pattern.search(lines[title_index])
    assert match, "the programme title is on the line the warehouse cites"
    start, end = match.span(1)
    group = lines[title_index][start:end]
    cut = group.rstrip().rfind(" ")
    new_group = f"{group[:cut]} {PAYLOAD}{group[cut:]}"
    lines[title_index] = lines[title_index][:start] + new_group + lines[title_index][end:]
    title_pattern = "^" + re.escape(lines[title_index][:start]) + "(" + re.escape(new_group) + ")"

    _insert_after_first_word(lines, chosen["source_line"], chosen["name_uk"], "measure")
    _insert_after_first_word(lines, chosen["priority_line"], chosen["priority_name_uk"], "direction")
    indicator = chosen["indicator"]
    _insert_after_first_word(lines, indicator["source_line"], indicator["name_uk"], "indicator")

    raw = copy / document.relative_path
    original = raw.read_bytes()
    newline = "\r\n" if b"\r\n" in original else "\n"
    raw.write_bytes((newline.join(lines) + (newline if original.endswith(b"\n") else "")).encode("utf-8"))
    manifest_path = copy / "sources.toml"
    manifest = manifest_path.read_text(encoding="utf-8")
    block_start, block_end = _manifest_block(manifest, document.relative_path)
    block = manifest[block_start:block_end]
    block = re.sub(r'sha256 = "[0-9a-f]{64}"', f'sha256 = "{hashlib.sha256(raw.read_bytes()).hexdigest()}"', block,
                   count=1)
    # A TOML basic string: json.dumps escapes the backslashes and quotes the same way. An entry that
    # leaves the title to inference is given one by hand (a key given by hand wins).
    pattern_line = "title_pattern = " + json.dumps(title_pattern, ensure_ascii=False)
    if re.search(r"(?m)^title_pattern = ", block):
        block = re.sub(r"(?m)^title_pattern = .*$", lambda _: pattern_line, block, count=1)
    else:
        block = re.sub(r'(?m)^(sha256 = "[0-9a-f]{64}")$', lambda match: match[1] + "\n" + pattern_line, block, count=1)
    manifest_path.write_text(manifest[:block_start] + block + manifest[block_end:], encoding="utf-8")

    names = {"measure": _poisoned(chosen["name_uk"]), "direction": _poisoned(chosen["priority_name_uk"]),
             "indicator": _poisoned(indicator["name_uk"]), "title": clean_cell(new_group)}
    mappings = copy / "mappings"
    _rename_in_mapping(mappings / "measure_themes.csv", {"measure_id": chosen["measure_id"]}, "measure_name_uk",
                       chosen["name_uk"], names["measure"])
    _rename_in_mapping(mappings / "priority_themes.csv", {"community_id": community,
                                                          "priority_code": chosen["priority_code"]},
                       "priority_name_uk", chosen["priority_name_uk"], names["direction"])
    _rename_in_mapping(mappings / "indicator_families.csv", {"indicator_id": indicator["indicator_id"]},
                       "indicator_name_uk", indicator["name_uk"], names["indicator"])
    _rename_in_mapping(mappings / "indicator_polarity.csv", {"indicator_id": indicator["indicator_id"]},
                       "indicator_name_uk", indicator["name_uk"], names["indicator"])

    db_path = folder / "hostile.duckdb"
    build(db_path, copy)
    with duckdb.connect(str(db_path), read_only=True) as connection:
        stored = {
            "measure": _rows(connection, "SELECT name_uk FROM measure WHERE measure_id = ?", [chosen["measure_id"]]),
            "direction": _rows(connection, "SELECT name_uk FROM priority WHERE community_id = ? AND priority_code = ?",
                               [community, chosen["priority_code"]]),
            "indicator": _rows(connection, "SELECT name_uk FROM indicator WHERE indicator_id = ?",
                               [indicator["indicator_id"]]),
            "title": _rows(connection, "SELECT programme_title_uk AS name_uk FROM community WHERE community_id = ?",
                           [community]),
        }
    for kind, found in stored.items():
        assert found and PAYLOAD in found[0]["name_uk"], (kind, found)
        assert normalize_label(found[0]["name_uk"]) == normalize_label(names[kind]), (kind, found)
    return Hostile(db_path=db_path, community_id=community, measure_id=chosen["measure_id"],
                   priority_code=chosen["priority_code"], indicator_id=indicator["indicator_id"],
                   names={kind: found[0]["name_uk"] for kind, found in stored.items()})
