"""The briefs as PDF: the system Chromium prints them, with the print date fixed."""
from __future__ import annotations

import re

from hromada.exports.archive import PACK_DATE
from hromada.exports.browser import MediaBrowser, media_browser

_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")


def brief_pdf(html_text: str) -> bytes | None:
    """Print a brief to PDF with the system Chromium; None when Chromium is missing or fails."""
    return brief_pdfs({"brief": html_text})["brief"]


def brief_pdfs(briefs: dict[str, str], browser: MediaBrowser | None = None) -> dict[str, bytes | None]:
    """Print several briefs in one Chromium (``browser`` when given); None for a brief it cannot print."""
    if browser is None:
        try:
            with media_browser() as started:
                return brief_pdfs(briefs, started)
        except Exception:  # noqa: BLE001 - no Chromium, or one that does not start: the pack goes without PDFs
            return dict.fromkeys(briefs)
    printed = browser.pdfs(briefs)
    return {key: None if isinstance(pdf, BaseException) else reproducible_pdf(pdf) for key, pdf in printed.items()}


def reproducible_pdf(pdf: bytes) -> bytes:
    """Replace the print time Chromium stamps into a PDF by PACK_DATE (same length, so the
    cross-reference offsets stay valid)."""
    stamp = PACK_DATE.strftime("%Y%m%d%H%M%S").encode()
    return _PDF_DATE.sub(lambda match: b"/" + match.group(1) + b" (D:" + stamp, pdf)
