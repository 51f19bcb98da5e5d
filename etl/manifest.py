"""Read ``data/sources.toml`` and check each raw document against its recorded SHA-256."""
from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from etl.errors import SourceError
from etl.inference import infer_entry
from etl.tables import ROLES, TableSpec
from etl.text import decode_utf8, text_lines

# The manifest format this build reads; a file written for another one is refused, not guessed at.
SCHEMA_VERSION = 1
LAYOUTS = {"flat_cells", "pipe_table", "wrapped_tsv"}
SECTION_KINDS = {"passport", "tasks", "indicators", "resources"}
MONEY_UNITS = {"thousand_uah": 1, "uah": 1000}


@dataclass(frozen=True)
class OptionType:
    described: str  # completes "must be ...", so the error says what to write
    accepts: Callable[[object], bool]


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_list_of_text(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


TEXT = OptionType("a string", _is_text)
# Patterns are compiled by the parsers; here they are only typed, then compiled once to name the key.
PATTERN = OptionType("a regular expression (a string)", _is_text)
PATTERNS = OptionType("a list of regular expressions (strings)", _is_list_of_text)
ROLE_LIST = OptionType("a list of column roles (strings)", _is_list_of_text)
FLAG = OptionType("true or false", lambda value: isinstance(value, bool))
# bool is an int in Python; `true` is not a count.
COUNT = OptionType("a whole number of 1 or more",
                   lambda value: isinstance(value, int) and not isinstance(value, bool) and value >= 1)
YEAR = OptionType("a year (a whole number)",
                  lambda value: isinstance(value, int) and not isinstance(value, bool))

# Keys of a [[document]]: required ones first, then the optional origin and its sections.
DOCUMENT_REQUIRED = {"community_id": TEXT, "file": TEXT, "sha256": TEXT}
# What the document states about itself: an entry that leaves one out has it read from the text by
# etl/inference.py (the same rules `python -m etl add` applies); an entry that gives it is taken as written.
DOCUMENT_INFERRED = {"layout": TEXT, "period_start": YEAR, "period_end": YEAR, "money_unit": TEXT,
                     "title_pattern": PATTERN}
DOCUMENT_OPTIONAL = {"origin": TEXT, **DOCUMENT_INFERRED}
# Keys every section has: where it starts and ends, and its column spec (etl/tables.py).
SECTION_KEYS = {"kind": TEXT, "start": PATTERN, "end": PATTERN, "left": ROLE_LIST, "right": ROLE_LIST}
# Options each section kind's interpreter reads (etl/programme.py, etl/indicators.py).
KIND_OPTIONS: dict[str, dict[str, OptionType]] = {
    "passport": {},
    "resources": {},
    "tasks": {"header_pattern": PATTERN, "subtotal_pattern": PATTERN, "total_pattern": PATTERN,
              "year_heading": PATTERN, "priority_patterns": PATTERNS, "source_when_absent": TEXT,
              "total_right": ROLE_LIST},
    "indicators": {"header_pattern": PATTERN},
}
# Options each layout parser reads (etl/layouts/), for a section of any kind.
LAYOUT_OPTIONS: dict[str, dict[str, OptionType]] = {
    "flat_cells": {"multi_paragraph_cells": FLAG, "min_row_cells": COUNT},
    "pipe_table": {},
    "wrapped_tsv": {"new_row_pattern": PATTERN, "total_pattern": PATTERN},
}


@dataclass(frozen=True)
class Section:
    kind: str
    start: re.Pattern
    end: re.Pattern | None
    spec: TableSpec
    options: dict = field(default_factory=dict)
    # 0-based [start, end) lines, when the section was found by etl/inference.py rather than by patterns
    bounds: tuple[int, int] | None = None

    def option(self, key: str, default=None):
        return self.options.get(key, default)


@dataclass(frozen=True)
class Document:
    community_id: str
    path: Path
    relative_path: str  # as written in the manifest, relative to data/
    sha256: str
    origin: str
    layout: str
    period_start: int
    period_end: int
    money_unit: str
    title_pattern: re.Pattern
    sections: tuple[Section, ...]
    inferred: tuple[str, ...] = ()  # the keys read from the text, not from the manifest

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start, self.period_end + 1))

    @property
    def money_divisor(self) -> int:
        """What a stated figure is divided by to give thousand UAH."""
        return MONEY_UNITS[self.money_unit]

    def read_lines(self) -> list[str]:
        """The document's lines, from the very bytes whose SHA-256 was checked (one read)."""
        return text_lines(decode_utf8(verified_bytes(self), self.relative_path), self.relative_path)


class _Checker:
    """Checks one manifest's text against the declared keys; errors name file, document and key."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()

    def fail(self, message: str, community: str | None = None, section: int | None = None,
             key: str | None = None) -> NoReturn:
        where = [f"document {community}"] if community else []
        if section is not None:
            where.append(f"section {section}")
        prefix = ", ".join(where)
        raise SourceError(self.path, self._line_of(community, section, key),
                          f"{prefix}: {message}" if prefix else message)

    def _line_of(self, community: str | None, section: int | None, key: str | None) -> int | None:
        """Best effort: the line of ``key`` in the table ([[document]] or its n-th section) it belongs to."""
        if key is None:
            return None
        headers = [number for number, line in enumerate(self.lines) if line.strip().startswith("[[")]
        block_start = -1  # the top level: before the first table header
        if community:
            opening = re.compile(rf"""^\s*community_id\s*=\s*["']{re.escape(community)}["']\s*(#.*)?$""")
            found = next((number for number, line in enumerate(self.lines) if opening.match(line)), None)
            if found is None:
                return None
            block_start = max((number for number in headers if number < found), default=-1)
            if section is not None:
                later = [number for number in headers if number > block_start]
                own = []
                for number in later:
                    if self.lines[number].strip().startswith("[[document]]"):
                        break
                    own.append(number)
                if len(own) < section:
                    return None
                block_start = own[section - 1]
        block_end = next((number for number in headers if number > block_start), len(self.lines))
        assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
        return next((number + 1 for number in range(block_start + 1, block_end)
                     if assignment.match(self.lines[number])), None)

    def keys(self, table: dict, accepted: dict[str, OptionType], community: str | None = None,
             section: int | None = None, elsewhere: dict[str, str] | None = None) -> None:
        """Refuse a key that is not declared (with the nearest declared one), or a value of the wrong type."""
        for key, value in table.items():
            if key not in accepted:
                near = difflib.get_close_matches(key, list(accepted), n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                if not near and elsewhere and key in elsewhere:
                    hint = f" ({key!r} is read only {elsewhere[key]})"
                self.fail(f"unknown key {key!r}{hint}; accepted here: {', '.join(sorted(accepted))}",
                          community, section, key)
            if not accepted[key].accepts(value):
                self.fail(f"{key!r} must be {accepted[key].described}, not {value!r}", community, section, key)

    def choice(self, value: str, choices, key: str, what: str, community: str | None,
               section: int | None = None) -> None:
        if value in choices:
            return
        near = difflib.get_close_matches(value, list(choices), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        self.fail(f"{key!r}: {value!r} is not a known {what}{hint}; one of: {', '.join(sorted(choices))}",
                  community, section, key)

    def roles(self, roles: list[str], key: str, community: str, section: int) -> tuple[str, ...]:
        for role in roles:
            self.choice(role, ROLES, key, "column role", community, section)
        return tuple(roles)

    def pattern(self, pattern: str, key: str, community: str | None, section: int | None = None) -> re.Pattern:
        try:
            return re.compile(pattern)
        except re.error as error:
            self.fail(f"{key}: bad regular expression {pattern!r}: {error}", community, section, key)


def _elsewhere(kind: str, layout: str) -> dict[str, str]:
    """Options a section of another kind or layout reads, to say where a misplaced one belongs."""
    found: dict[str, str] = {}
    for other, options in KIND_OPTIONS.items():
        for key in options:
            if other != kind:
                found.setdefault(key, f"by {other} sections")
    for other, options in LAYOUT_OPTIONS.items():
        for key in options:
            if other != layout:
                found.setdefault(key, f"in {other} documents")
    return found


def load_manifest(manifest_path: Path) -> list[Document]:
    manifest_path = Path(manifest_path)
    text = decode_utf8(manifest_path.read_bytes(), manifest_path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourceError(manifest_path, getattr(error, "lineno", None), f"not valid TOML: {error}") from error
    check = _Checker(manifest_path, text)
    schema = data.get("schema")
    if "schema" not in data:
        check.fail(f"no 'schema' key; this build reads schema = {SCHEMA_VERSION}")
    if schema != SCHEMA_VERSION or isinstance(schema, bool):
        check.fail(f"schema = {schema!r} is not supported; this build reads schema = {SCHEMA_VERSION}",
                   key="schema")
    entries = data.get("document", [])
    top_level = {"schema": YEAR, "document": OptionType("an array of tables [[document]]",
                                                        lambda value: isinstance(value, list))}
    check.keys(data, top_level)
    base = manifest_path.parent
    documents = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            check.fail(f"document {position} is not a table; write it as [[document]]", key="document")
        raw_id = entry.get("community_id")
        community = raw_id if isinstance(raw_id, str) and raw_id else f"#{position}"
        missing = [key for key in DOCUMENT_REQUIRED if key not in entry]
        if missing:
            check.fail(f"missing {', '.join(missing)}", community)
        declared = {**DOCUMENT_REQUIRED, **DOCUMENT_OPTIONAL,
                    "section": OptionType("an array of tables [[document.section]]",
                                          lambda value: isinstance(value, list))}
        check.keys(entry, declared, community)
        inferred, bounds = {}, []
        if any(key not in entry for key in (*DOCUMENT_INFERRED, "section")):
            lines = text_lines(decode_utf8(_checked_bytes(base / entry["file"], entry["sha256"]), entry["file"]),
                               entry["file"])
            found = infer_entry(lines, entry["file"])
            inferred = {key: value for key, value in found.entry.items() if key not in entry}
            bounds = found.bounds if "section" in inferred else []
            entry = {**entry, **inferred}
        if community in seen:
            check.fail("listed twice", community, key="community_id")
        seen.add(community)
        check.choice(entry["layout"], LAYOUTS, "layout", "layout", community)
        check.choice(entry["money_unit"], MONEY_UNITS, "money_unit", "money unit", community)
        layout = entry["layout"]
        sections = []
        for number, raw in enumerate(entry.get("section", []), start=1):
            if not isinstance(raw, dict):
                check.fail("is not a table; write it as [[document.section]]", community, number, "section")
            for key in ("kind", "start"):
                if key not in raw:
                    check.fail(f"missing {key}", community, number)
            kind = raw["kind"]
            if not isinstance(kind, str):
                check.fail(f"'kind' must be {TEXT.described}, not {kind!r}", community, number, "kind")
            check.choice(kind, SECTION_KINDS, "kind", "section kind", community, number)
            accepted = {**SECTION_KEYS, **KIND_OPTIONS[kind], **LAYOUT_OPTIONS[layout]}
            check.keys(raw, accepted, community, number, _elsewhere(kind, layout))
            options = {key: value for key, value in raw.items() if key not in SECTION_KEYS}
            for key, value in options.items():
                patterns = [value] if accepted[key] is PATTERN else value if accepted[key] is PATTERNS else []
                for pattern in patterns:
                    check.pattern(pattern, key, community, number)
                if accepted[key] is ROLE_LIST:
                    check.roles(value, key, community, number)
            sections.append(Section(
                kind=kind,
                start=check.pattern(raw["start"], "start", community, number),
                end=check.pattern(raw["end"], "end", community, number) if raw.get("end") else None,
                spec=TableSpec(left=check.roles(raw.get("left", []), "left", community, number),
                               right=check.roles(raw.get("right", []), "right", community, number)),
                options=options,
                bounds=bounds[number - 1] if bounds else None,
            ))
        document = Document(
            community_id=community,
            path=base / entry["file"],
            relative_path=entry["file"],
            sha256=entry["sha256"].lower(),
            origin=entry.get("origin", ""),
            layout=layout,
            period_start=entry["period_start"],
            period_end=entry["period_end"],
            money_unit=entry["money_unit"],
            title_pattern=check.pattern(entry["title_pattern"], "title_pattern", community),
            sections=tuple(sections),
            inferred=tuple(inferred),
        )
        documents.append(document)
    if not documents:
        raise SourceError(manifest_path, None, "lists no documents")
    return documents


def verified_bytes(document: Document) -> bytes:
    """The raw document, refused unless its SHA-256 is the one the manifest records."""
    return _checked_bytes(document.path, document.sha256)


def _checked_bytes(path: Path, sha256: str) -> bytes:
    if not path.is_file():
        raise SourceError(path, None, "raw document is missing")
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256.lower():
        raise SourceError(
            path, None,
            f"SHA-256 is {actual}, but data/sources.toml records {sha256.lower()}; "
            "the raw document changed. Restore the published text, or review the change and "
            "update the manifest.",
        )
    return data
