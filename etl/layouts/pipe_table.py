"""Markdown pipe tables: ``| a | b |`` rows, ``|---|`` separator lines, prose in between."""
from __future__ import annotations

import re

from etl.model import Cell, Row

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _split(raw: str) -> list[str]:
    body = raw.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [part.strip() for part in body.split("|")]


def parse(lines: list[str], start: int, end: int, options: dict) -> list[Row]:
    rows: list[Row] = []
    for index in range(start, end):
        raw = lines[index].rstrip("\r\n")
        if not raw.lstrip().startswith("|") or _SEPARATOR.match(raw.strip()):
            continue
        number = index + 1
        rows.append(Row(cells=[Cell(text=text, line=number) for text in _split(raw)], line=number))
    return rows
