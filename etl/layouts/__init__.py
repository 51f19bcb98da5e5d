"""One parser per physical layout. Each turns a slice of raw lines into rows of cells.

A layout parser knows nothing about programmes: it only rebuilds the table grid. The meaning of
the columns comes from the manifest (``data/sources.toml``) and is applied in ``etl.tables``.
"""
from __future__ import annotations

from collections.abc import Callable

from etl.layouts import flat_cells, pipe_table, wrapped_tsv
from etl.model import Row

LayoutParser = Callable[[list[str], int, int, dict], list[Row]]

PARSERS: dict[str, LayoutParser] = {
    "flat_cells": flat_cells.parse,
    "pipe_table": pipe_table.parse,
    "wrapped_tsv": wrapped_tsv.parse,
}
