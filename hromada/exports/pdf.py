"""The briefs as PDF: the system Chromium prints them, with the print date fixed."""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hromada.exports import chromium
from hromada.exports.archive import PACK_DATE

_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")


def brief_pdf(html_text: str, timeout: float = 60) -> bytes | None:
    """Print a brief to PDF with the system Chromium; None when Chromium is missing or fails."""
    browser = chromium.path()
    if browser is None:
        return None
    with tempfile.TemporaryDirectory(prefix="hromada-brief-") as folder:
        page = Path(folder) / "brief.html"
        output = Path(folder) / "brief.pdf"
        page.write_text(html_text, encoding="utf-8")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                   # Tagged PDFs name their elements by DOM node numbers, which vary from print to print;
                   # the HTML brief beside each PDF is the accessible version.
                   "--disable-pdf-tagging",
                   f"--user-data-dir={Path(folder) / 'profile'}", f"--print-to-pdf={output}", page.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if not output.exists() or output.stat().st_size == 0:
            return None
        return reproducible_pdf(output.read_bytes())



def reproducible_pdf(pdf: bytes) -> bytes:
    """Replace the print time Chromium stamps into a PDF by PACK_DATE (same length, so the
    cross-reference offsets stay valid)."""
    stamp = PACK_DATE.strftime("%Y%m%d%H%M%S").encode()
    return _PDF_DATE.sub(lambda match: b"/" + match.group(1) + b" (D:" + stamp, pdf)



def brief_pdfs(briefs: dict[str, str]) -> dict[str, bytes | None]:
    """Print several briefs at once: each Chromium run is mostly start-up time."""
    workers = max(1, min(len(briefs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(briefs, pool.map(brief_pdf, briefs.values()), strict=True))
