"""The system Chromium, which draws the chart images (through Kaleido) and prints the briefs."""
from __future__ import annotations

import os
import shutil


def path() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None
