"""Read ``data/sources.toml`` and check each raw document against its recorded SHA-256."""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import SourceError
from etl.tables import TableSpec
from etl.text import decode_utf8, text_lines

LAYOUTS = {"flat_cells", "pipe_table", "wrapped_tsv"}
SECTION_KINDS = {"passport", "tasks", "indicators", "resources"}
MONEY_UNITS = {"thousand_uah": 1, "uah": 1000}


@dataclass(frozen=True)
class Section:
    kind: str
    start: re.Pattern
    end: re.Pattern | None
    spec: TableSpec
    options: dict = field(default_factory=dict)

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


def _compile(manifest: Path, where: str, pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise SourceError(manifest, None, f"{where}: bad regular expression {pattern!r}: {error}") from error


def load_manifest(manifest_path: Path) -> list[Document]:
    manifest_path = Path(manifest_path)
    try:
        data = tomllib.loads(decode_utf8(manifest_path.read_bytes(), manifest_path))
    except tomllib.TOMLDecodeError as error:
        raise SourceError(manifest_path, getattr(error, "lineno", None), f"not valid TOML: {error}") from error
    base = manifest_path.parent
    documents = []
    seen: set[str] = set()
    for entry in data.get("document", []):
        community = entry.get("community_id", "?")
        where = f"document {community}"
        missing = [key for key in ("community_id", "file", "sha256", "layout", "period_start",
                                   "period_end", "money_unit", "title_pattern") if key not in entry]
        if missing:
            raise SourceError(manifest_path, None, f"{where}: missing {', '.join(missing)}")
        if community in seen:
            raise SourceError(manifest_path, None, f"{where}: listed twice")
        seen.add(community)
        if entry["layout"] not in LAYOUTS:
            raise SourceError(manifest_path, None, f"{where}: unknown layout {entry['layout']!r}")
        if entry["money_unit"] not in MONEY_UNITS:
            raise SourceError(manifest_path, None, f"{where}: unknown money_unit {entry['money_unit']!r}")
        sections = []
        for raw in entry.get("section", []):
            kind = raw.get("kind")
            if kind not in SECTION_KINDS:
                raise SourceError(manifest_path, None, f"{where}: unknown section kind {kind!r}")
            options = {key: value for key, value in raw.items()
                       if key not in {"kind", "start", "end", "left", "right"}}
            sections.append(Section(
                kind=kind,
                start=_compile(manifest_path, where, raw["start"]),
                end=_compile(manifest_path, where, raw["end"]) if raw.get("end") else None,
                spec=TableSpec(left=tuple(raw.get("left", [])), right=tuple(raw.get("right", []))),
                options=options,
            ))
        document = Document(
            community_id=community,
            path=base / entry["file"],
            relative_path=entry["file"],
            sha256=entry["sha256"].lower(),
            origin=entry.get("origin", ""),
            layout=entry["layout"],
            period_start=int(entry["period_start"]),
            period_end=int(entry["period_end"]),
            money_unit=entry["money_unit"],
            title_pattern=_compile(manifest_path, where, entry["title_pattern"]),
            sections=tuple(sections),
        )
        documents.append(document)
    if not documents:
        raise SourceError(manifest_path, None, "lists no documents")
    return documents


def verified_bytes(document: Document) -> bytes:
    """The raw document, refused unless its SHA-256 is the one the manifest records."""
    if not document.path.is_file():
        raise SourceError(document.path, None, "raw document is missing")
    data = document.path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != document.sha256:
        raise SourceError(
            document.path, None,
            f"SHA-256 is {actual}, but data/sources.toml records {document.sha256}; "
            "the raw document changed. Restore the published text, or review the change and "
            "update the manifest.",
        )
    return data
