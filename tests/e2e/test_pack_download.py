"""The Overview's workshop-pack buttons deliver exactly what `python -m hromada pack` writes."""
from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from hromada.i18n import t

from .helpers import DOWNLOADS, PAGE, PROJECT, open_view, page_url, settle, wait_idle

pytestmark = pytest.mark.e2e

def cli_pack(db_path, out, lang: str, communities: str) -> bytes:
    command = [sys.executable, "-m", "hromada", "pack", "--communities", communities, "--lang", lang,
               "--out", str(out), "--db", str(db_path)]
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.mark.parametrize("kind, label_key, suffix", [("xlsx", "pack_xlsx", ".xlsx"), ("zip", "pack_zip", ".zip")])
def test_pack_button_matches_the_command_line(kind, label_key, suffix, base_url, new_context, db_path, tmp_path,
                                              chosen_views):
    lang = "en"
    communities = ",".join(chosen_views.pair)
    page, _ = open_view(new_context(), page_url(base_url, PAGE["overview"], {"c": communities}, lang=lang),
                        need_chart=True)
    settle(page)
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text=t(label_key, lang)).first
    with page.expect_download(timeout=180_000) as download_info:
        button.click()
    download = download_info.value
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    delivered = DOWNLOADS / f"pack-button-{lang}{suffix}"
    download.save_as(delivered)
    wait_idle(page)
    assert download.suggested_filename.endswith(f"-{lang}{suffix}")

    expected = cli_pack(db_path, tmp_path / f"cli{suffix}", lang, communities)
    assert hashlib.sha256(delivered.read_bytes()).hexdigest() == hashlib.sha256(expected).hexdigest(), \
        "the app's pack differs from the command line's"
