"""Mapping files that people review (``data/mappings/*.csv``).

The build never guesses: a label that no mapping file knows stops the build with a message
that names the file to edit.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from etl.contract import SOURCE_CLASS_IDS
from etl.errors import SourceError
from etl.text import clean_cell, compact, decode_utf8, normalize_label

AGGREGATE = "all"
# A mapping row a person has not reviewed yet: its reason (or note) starts so, or its optional
# `review` column says so. `python -m etl add` writes proposals; the build reads them like any row.
PROPOSED = "proposed"
REVIEW_VALUES = ("", PROPOSED, "reviewed")

# Words of a funding phrase, checked in order; a phrase naming several budgets is "several sources".
SOURCE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (AGGREGATE, ("загальний обсяг", "всього", "усього", "обсяг ресурсів", "джерела та обсяги", "обсяги фінансування")),
    ("municipal_enterprise", ("комунальн", "кп ", "кп«", "підприємств")),
    ("state_budget", ("державн",)),
    ("oblast_budget", ("обласн",)),
    ("district_budget", ("районн",)),
    ("community_budget", ("місцев", "громади", "міськ", "сільськ", "селищн")),
    ("other", ("грант", "інвестор", "інші", "інших", "міжнародн", "донор", "позабюджетн")),
]


class UnknownSource(SourceError):
    """A funding phrase that funding_sources.csv does not list (``label`` as the document writes it)."""

    def __init__(self, path: str, line: int | None, message: str, label: str):
        super().__init__(path, line, message)
        self.label = label


def propose_source_class(label: str) -> tuple[str, str]:
    """(source class, reason) for a phrase no mapping row lists, from the words it uses."""
    text = normalize_label(label)
    found = [source_class for source_class, words in SOURCE_WORDS if any(word in text for word in words)]
    if found and found[0] == AGGREGATE:
        return AGGREGATE, "names the total of every source"
    found = [source_class for source_class in found if source_class != AGGREGATE]
    if "municipal_enterprise" in found:
        # "бюджет КП «Міськ…»": the community's enterprise, whatever else its name says.
        found = [source_class for source_class in found if source_class != "community_budget"]
    if len(found) > 1:
        return "unspecified", f"names several sources ({', '.join(found)}) without splitting the amount"
    if found:
        return found[0], f"the words name {found[0]}"
    return "unspecified", "no known word; review"


def is_proposal(row: dict[str, str]) -> bool:
    text = row.get("reason") or row.get("note") or ""
    return row.get("review") == PROPOSED or text.startswith(f"{PROPOSED}:")


def reviewed_subject(path: Path, row: dict[str, str], known: dict[str, dict], id_column: str, name_column: str,
                     kind: str, seen) -> dict:
    """What a reviewed mapping row is about (a measure, an indicator), from ``known`` by its id.

    An unknown id, a row repeated (``seen`` holds the ids read so far) and a subject the document
    has since renamed fail at the row's line: a person reviewed it for the old wording.
    """
    line, key = int(row["_line"]), row[id_column]
    subject = known.get(key)
    if subject is None:
        raise SourceError(path, line, f"unknown {id_column} {key!r}")
    if key in seen:
        raise SourceError(path, line, f"{kind} {key} is listed twice")
    if normalize_label(row[name_column]) != normalize_label(subject["name_uk"]):
        raise SourceError(path, line, f"{kind} {key} is now named {subject['name_uk'][:80]!r}; "
                                      "the document changed, so review this row")
    return subject


def read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a mapping CSV; each row remembers its line for error messages."""
    if not path.is_file():
        raise SourceError(path, None, "mapping file is missing")
    with io.StringIO(decode_utf8(path.read_bytes(), path), newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(path, 1, f"missing column(s): {', '.join(missing)}")
        rows = []
        for row in reader:
            row = {key: (value or "").strip() for key, value in row.items() if key is not None}
            row["_line"] = str(reader.line_num)
            if row.get("review", "") not in REVIEW_VALUES:
                raise SourceError(path, reader.line_num, f"review must be empty, {PROPOSED!r} or 'reviewed', "
                                                         f"not {row['review']!r}")
            rows.append(row)
        return rows


@dataclass
class SourceMapping:
    path: Path
    classes: dict[str, str]  # normalized label -> source class or "all"

    def lookup(self, label: str) -> str | None:
        return self.classes.get(normalize_label(label))

    def require(self, label: str, document_path: str, line: int) -> str:
        found = self.lookup(label)
        if found is None:
            raise UnknownSource(
                document_path, line,
                f"funding source {label!r} is not in {self.path.as_posix()}; add it there with "
                "its source class (`python -m etl add` proposes one)", clean_cell(label),
            )
        return found


def load_source_mapping(path: Path) -> SourceMapping:
    classes: dict[str, str] = {}
    for row in read_csv(path, ("label_uk", "source_class")):
        source_class = row["source_class"]
        if source_class not in SOURCE_CLASS_IDS + (AGGREGATE,):
            raise SourceError(path, int(row["_line"]), f"unknown source class {source_class!r}")
        key = normalize_label(row["label_uk"])
        if key in classes:
            raise SourceError(path, int(row["_line"]), f"label {row['label_uk']!r} is listed twice")
        classes[key] = source_class
    return SourceMapping(path=path, classes=classes)


@dataclass
class NonMonetaryPhrases:
    phrases: dict[str, str]  # compact form -> text as listed

    def match(self, text: str) -> bool:
        return compact(text) in self.phrases


def load_non_monetary(path: Path) -> NonMonetaryPhrases:
    return NonMonetaryPhrases({compact(row["text_uk"]): row["text_uk"]
                               for row in read_csv(path, ("text_uk",))})
