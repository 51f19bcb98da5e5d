"""Small pure helpers for reading Ukrainian programme text."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from etl.errors import SourceError

_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"</?p>")
# Figures use a space (regular or no-break) as the thousands separator and a comma as the decimal mark.
_AMOUNT = re.compile(r"^(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[,.](?P<fraction>\d+))?$")
# The look-behind starts a match only at the first space of a run, so a long run costs one pass.
_UNIT_SUFFIX = re.compile(r"(?<!\s)\s*+(тис\.?\s*грн\.?|грн\.?)\s*+$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


# Far above any line of a published programme; it bounds what the manifest's own patterns scan.
MAX_LINE_LENGTH = 20_000


def decode_utf8(data: bytes, path: str | Path) -> str:
    """UTF-8 text without a leading BOM (Windows editors add one); a bad byte is named by its line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        raise SourceError(path, line, f"not valid UTF-8: byte 0x{data[error.start]:02x} at column {column}; "
                                      "save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def text_lines(text: str, path: str | Path) -> list[str]:
    """Lines split at LF; a CR before it (Windows line ends) is dropped. Over-long lines are refused."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_LENGTH:
            raise SourceError(path, number, f"line is {len(line)} characters long; a programme line may have "
                                            f"at most {MAX_LINE_LENGTH} (is this a text export of the document?)")
    return lines


def clean_cell(text: str) -> str:
    """Drop stray ``<p>`` tags and collapse whitespace, keeping the words as written."""
    return _SPACES.sub(" ", _TAGS.sub("", text)).strip()


def normalize_label(text: str) -> str:
    """Key used to look a label up in a mapping file: lower case, single spaces."""
    return clean_cell(text).lower()


def compact(text: str) -> str:
    """Lower case with every space removed, for matching phrases broken by stray spaces."""
    return _SPACES.sub("", clean_cell(text)).lower()


def parse_amount(text: str) -> Decimal | None:
    """Read a money figure such as ``8 632``, ``2400,00`` or ``400 000грн.``.

    Returns None when the text is not a figure; the caller decides whether that is an error.
    """
    value = _UNIT_SUFFIX.sub("", clean_cell(text))
    match = _AMOUNT.match(value)
    if not match:
        return None
    digits = re.sub(r"\D", "", match["number"])
    fraction = match["fraction"] or ""
    try:
        return Decimal(f"{digits}.{fraction}" if fraction else digits)
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None


def years_in(text: str) -> list[int]:
    """All four-digit years 2000-2099 mentioned in a text, in order."""
    return [int(year) for year in _YEAR.findall(text or "")]


def term_years(text: str) -> tuple[int | None, int | None]:
    """First and last year of a term such as ``2026-2028``, ``2027`` or ``I квартал 2026 року``."""
    years = years_in(text)
    if not years:
        return None, None
    return min(years), max(years)
