"""Small pure helpers for reading Ukrainian programme text."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"</?p>")
# Figures use a space (regular or no-break) as the thousands separator and a comma as the decimal mark.
_AMOUNT = re.compile(r"^(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[,.](?P<fraction>\d+))?$")
_UNIT_SUFFIX = re.compile(r"\s*(тис\.?\s*грн\.?|грн\.?)\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


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
