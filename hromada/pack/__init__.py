"""The workshop pack (issue 6): a workbook, CSV tables, chart images and one-page briefs.

Every figure comes from the dashboard's own query functions (``hromada.queries``) in the
dashboard's default view — every year, every theme, the official population — so a pack shows
the same numbers as the dashboard. Builds are reproducible: the workbook, the ZIP entries and the
PDFs carry a fixed date instead of the build time, so the same input gives the same bytes.

``python -m hromada pack --communities illintsi,kremenchuk --lang uk --out pack.zip`` builds one.

This package gathers the figures, one job a module: ``selection`` (language, communities, the
warehouse opened for the build), ``text`` (sheet names and headings from the catalog), ``cells``
and ``tables`` (the sheets), ``methodology`` (its sheet), ``provenance`` (build facts),
``readme`` (README.txt) and ``build`` (the files put together). The files themselves are written
by ``hromada.exports``: ``xlsx`` and ``csv``, ``brief`` (the page, from ``brief.html`` and
``brief.css``), ``workbook`` (sheets and native charts), ``pdf`` and ``images`` (through the
system Chromium) and ``archive`` (reproducible ZIPs).
"""
from __future__ import annotations

from hromada.pack.build import (
    build_pack,
    build_pack_file,
    build_workbook,
    chart_images,
    community_brief_html,
)
from hromada.pack.provenance import data_version
from hromada.pack.selection import chart_lookup, default_filters, open_warehouse, resolve_communities
from hromada.pack.text import SHEETS, column_label, sheet_name, word

__all__ = ["SHEETS", "build_pack", "build_pack_file", "build_workbook", "chart_images", "chart_lookup", "column_label",
           "community_brief_html", "data_version", "default_filters", "open_warehouse", "resolve_communities",
           "sheet_name", "word"]
