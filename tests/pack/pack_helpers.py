"""Shared by the pack tests: the community ids, the Chromium skip marker and PDF/PNG readers."""
from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from conftest import DATA

from etl.manifest import load_manifest

# Every community of the manifest, sorted; tests that need one or two take the first ones, whichever they are.
COMMUNITIES = sorted(document.community_id for document in load_manifest(DATA / "sources.toml"))
FIRST, SECOND = COMMUNITIES[0], COMMUNITIES[1]
HAS_CHROMIUM = Path("/usr/bin/chromium").exists()
needs_chromium = pytest.mark.skipif(
    not HAS_CHROMIUM, reason="/usr/bin/chromium is missing: PNG export and PDF printing need Debian's chromium package")
A4_POINTS = (595.3, 841.9)


def pdf_pages(pdf: bytes) -> int:
    return int(re.search(rb"/Type /Pages\b[^>]*?/Count (\d+)", pdf).group(1))


def pdf_page_size(pdf: bytes) -> tuple[float, float]:
    return tuple(float(value) for value in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])
