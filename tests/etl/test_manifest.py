"""The manifest is typed: a misspelt option, a wrong type, an unknown kind or schema is refused by name.

Each case mutates the hand-written form of the seeds' entries (tests/fixtures/sources_explicit.toml;
data/sources.toml leaves those keys to etl/inference.py) in tmp_path; which document and line are
hit is read from that text, so adding a community changes nothing here.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from conftest import DATA, PROJECT

from etl.errors import SourceError
from etl.manifest import KIND_OPTIONS, LAYOUT_OPTIONS, SCHEMA_VERSION, SECTION_KEYS, SECTION_KINDS, YEAR, load_manifest

# The five entries written out by hand: every key an entry may give, so every one can be misspelt.
EXPLICIT = PROJECT / "tests" / "fixtures" / "sources_explicit.toml"
SEED = EXPLICIT.read_text(encoding="utf-8")
LINES = SEED.split("\n")
DECLARED_OPTIONS = {key: kind for table in (*KIND_OPTIONS.values(), *LAYOUT_OPTIONS.values())
                    for key, kind in table.items()}
_ASSIGNMENT = re.compile(r"^\s*(\w+)\s*=")


def owner(index: int) -> str:
    """The community whose [[document]] holds line ``index`` (0-based) of the seed manifest."""
    for line in reversed(LINES[:index + 1]):
        found = re.match(r"""^\s*community_id\s*=\s*["'](.+)["']""", line)
        if found:
            return found.group(1)
    raise AssertionError(f"line {index + 1} is outside every [[document]]")


def option_lines() -> list[tuple[int, str]]:
    """(0-based index, key) of the first single-line assignment of each declared section option."""
    found: dict[str, int] = {}
    for index, line in enumerate(LINES):
        match = _ASSIGNMENT.match(line)
        if match and match.group(1) in DECLARED_OPTIONS and match.group(1) not in found:
            try:
                tomllib.loads(line.strip())
            except tomllib.TOMLDecodeError:
                continue  # an array written over several lines
            found[match.group(1)] = index
    return sorted((index, key) for key, index in found.items())


def first_line(pattern: str) -> int:
    return next(index for index, line in enumerate(LINES) if re.match(pattern, line))


def refused(tmp_path: Path, lines: list[str]) -> SourceError:
    manifest = tmp_path / "sources.toml"
    manifest.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_manifest(manifest)
    assert caught.value.path == str(manifest), caught.value
    return caught.value


def replaced(index: int, line: str) -> list[str]:
    return LINES[:index] + [line] + LINES[index + 1:]


def test_the_seed_manifest_loads_with_every_option_declared():
    documents = load_manifest(EXPLICIT)
    assert [document.community_id for document in documents] == [
        entry["community_id"] for entry in tomllib.loads(SEED)["document"]]
    used = {key for document in documents for section in document.sections for key in section.options}
    assert used and used <= set(DECLARED_OPTIONS)


def test_the_declared_options_are_exactly_those_the_code_reads():
    read = set()
    for path in (PROJECT / "etl").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"""\.option\(\s*["'](\w+)["']""", text))
        read |= set(re.findall(r"""\boptions\.get\(\s*["'](\w+)["']""", text))
    assert read == set(DECLARED_OPTIONS)


@pytest.mark.parametrize(("index", "key"), option_lines(), ids=lambda value: str(value))
def test_a_misspelt_option_is_refused_with_the_nearest_name(tmp_path, index, key):
    typo = key[:-2] + key[-1]  # "new_row_pattern" -> "new_row_patten"
    error = refused(tmp_path, replaced(index, LINES[index].replace(key, typo, 1)))
    assert error.line == index + 1
    assert f"document {owner(index)}" in error.message
    assert f"unknown key {typo!r}" in error.message
    assert f"did you mean {key!r}?" in error.message


@pytest.mark.parametrize(("index", "key"), option_lines(), ids=lambda value: str(value))
def test_an_option_of_the_wrong_type_is_refused(tmp_path, index, key):
    # The first TOML value this option's type refuses: a number, a flag, a string or a list.
    wrong = next(value for value in ("7", "true", '"7"', '["7"]')
                 if not DECLARED_OPTIONS[key].accepts(tomllib.loads(f"v = {value}")["v"]))
    indent = LINES[index][:len(LINES[index]) - len(LINES[index].lstrip())]
    error = refused(tmp_path, replaced(index, f"{indent}{key} = {wrong}"))
    assert error.line == index + 1
    assert f"document {owner(index)}" in error.message
    assert f"{key!r} must be {DECLARED_OPTIONS[key].described}" in error.message


def test_a_document_key_of_the_wrong_type_is_refused(tmp_path):
    index = first_line(r"^period_start\s*=")
    year = tomllib.loads(LINES[index])["period_start"]
    error = refused(tmp_path, replaced(index, f'period_start = "{year}"'))
    assert error.line == index + 1
    assert f"document {owner(index)}" in error.message
    assert f"'period_start' must be {YEAR.described}" in error.message


def test_a_misspelt_document_key_is_refused(tmp_path):
    index = first_line(r"^origin\s*=")
    error = refused(tmp_path, replaced(index, LINES[index].replace("origin", "orgin", 1)))
    assert error.line == index + 1
    assert f"document {owner(index)}" in error.message
    assert "unknown key 'orgin' (did you mean 'origin'?)" in error.message


def test_an_unknown_top_level_key_is_refused(tmp_path):
    index = first_line(r"^schema\s*=")
    error = refused(tmp_path, LINES[:index + 1] + ["schemas = 1"] + LINES[index + 1:])
    assert error.line == index + 2
    assert "unknown key 'schemas' (did you mean 'schema'?)" in error.message


def test_an_option_read_by_another_kind_is_refused_and_says_where_it_belongs(tmp_path):
    tasks_only = sorted(set(KIND_OPTIONS["tasks"]) - {key for kind, options in KIND_OPTIONS.items()
                                                      if kind != "tasks" for key in options}
                        - {key for options in LAYOUT_OPTIONS.values() for key in options})
    other = first_line(r"^\s*kind\s*=\s*[\"'](passport|resources|indicators)[\"']")
    error = refused(tmp_path, LINES[:other + 1] + [f"  {tasks_only[0]} = 'x'"] + LINES[other + 1:])
    assert error.line == other + 2
    assert f"document {owner(other)}" in error.message
    assert f"{tasks_only[0]!r} is read only by tasks sections" in error.message


def test_an_unknown_section_kind_is_refused_with_the_nearest_kind(tmp_path):
    index = first_line(r"^\s*kind\s*=")
    kind = tomllib.loads(LINES[index].strip())["kind"]
    error = refused(tmp_path, replaced(index, LINES[index].replace(kind, kind[:-1], 1)))
    assert error.line == index + 1
    assert f"document {owner(index)}, section 1" in error.message
    assert f"'kind': {kind[:-1]!r} is not a known section kind (did you mean {kind!r}?)" in error.message
    assert all(known in error.message for known in SECTION_KINDS)


def test_an_unknown_column_role_is_refused(tmp_path):
    index = first_line(r"^\s*right\s*=")
    role = tomllib.loads(LINES[index].strip())["right"][0]
    error = refused(tmp_path, replaced(index, LINES[index].replace(f'"{role}"', f'"{role}x"', 1)))
    assert error.line == index + 1
    assert f"document {owner(index)}" in error.message
    assert f"'right': '{role}x' is not a known column role (did you mean {role!r}?)" in error.message


def test_a_missing_schema_is_refused_naming_the_supported_version(tmp_path):
    index = first_line(r"^schema\s*=")
    error = refused(tmp_path, LINES[:index] + LINES[index + 1:])
    assert f"no 'schema' key; this build reads schema = {SCHEMA_VERSION}" in error.message


@pytest.mark.parametrize("written", [str(SCHEMA_VERSION + 1), f'"{SCHEMA_VERSION}"', "true"])
def test_an_unsupported_schema_is_refused_naming_the_supported_version(tmp_path, written):
    index = first_line(r"^schema\s*=")
    error = refused(tmp_path, replaced(index, f"schema = {written}"))
    assert error.line == index + 1
    assert f"is not supported; this build reads schema = {SCHEMA_VERSION}" in error.message


def test_section_keys_are_not_passed_on_as_options():
    for document in load_manifest(DATA / "sources.toml"):
        for section in document.sections:
            assert not set(section.options) & set(SECTION_KEYS), document.community_id
