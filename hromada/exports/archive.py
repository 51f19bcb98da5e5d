"""ZIP files (and XLSX, which are ZIPs) that give the same bytes for the same content."""
from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime
from pathlib import Path

# One fixed date for every file in a pack (the earliest a ZIP can hold), so builds are reproducible.
PACK_DATE = datetime(1980, 1, 1)


def _zip_entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=PACK_DATE.timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry



class ReproducibleZip(zipfile.ZipFile):
    """A ZIP whose entries all carry PACK_DATE, so the same content gives the same bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = _zip_entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl streams each worksheet through a temporary file, whose date is the build time.
        self.writestr(arcname or os.path.basename(filename), Path(filename).read_bytes())



def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with ReproducibleZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()
