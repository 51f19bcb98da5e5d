"""The formula guard: formula-like text never runs, and ordinary text is never defaced.

* XLSX: every text cell is written as a string cell, which Excel and LibreOffice never evaluate,
  so no apostrophe is needed; text that begins like a formula also gets the invisible *quote
  prefix* style, so editing the cell later keeps it text (``xlsx.write_cell``).
* CSV has no cell types: a spreadsheet evaluates a cell that begins with = + - @ (OWASP, "CSV
  injection"). Only text that could run gets a leading apostrophe (``neutralize``); values such as
  ``-``, ``+20%`` or ``-5`` stay as written. Numbers stay numbers in both formats.
"""
from __future__ import annotations

import re

FORMULA_PREFIXES = ("=", "+", "-", "@")
# Rule: after leading tabs/CR/spaces, = or @ always runs; + or - runs unless only digits, spaces and
# . , % ( ) + - / – — follow, because a literal without a letter, | ! : $ " or [ can call no function,
# DDE link, cell or name (e.g. "=HYPERLINK(...)", "-cmd|'/C calc'!A0", "+A1" get the apostrophe).
_LITERAL_TAIL = re.compile(r"[\d\s.,%()+\-/\u2013\u2014]*")


def could_run(text: str) -> bool:
    """Whether a spreadsheet opening this text from a CSV cell would evaluate it as a formula."""
    stripped = text.lstrip(" \t\r\n")
    if not stripped.startswith(FORMULA_PREFIXES):
        return False
    return stripped[0] in "=@" or not _LITERAL_TAIL.fullmatch(stripped[1:])


def neutralize(value):
    """CSV: text that could run as a formula gets a leading apostrophe; everything else is kept."""
    if isinstance(value, str) and could_run(value):
        return "'" + value
    return value
