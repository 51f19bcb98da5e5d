"""One Chromium for a batch of chart PNGs and brief PDFs.

Kaleido 1.x drives the system Chromium over the DevTools protocol; the same browser prints the briefs
with ``Page.printToPDF``, so a pack starts one browser (~2 s) instead of one per brief plus Kaleido's.
The browser runs on its own event loop in a thread, so callers stay synchronous, Streamlit's script
thread included.
"""
from __future__ import annotations

import asyncio
import base64
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hromada.exports import chromium

PAGE_LOAD_SECONDS = 30
# What ``chromium --headless --print-to-pdf --no-pdf-header-footer --disable-pdf-tagging`` prints:
# the brief's own @page size and margins, its backgrounds, no header or footer, no tags (tagged PDFs
# name their elements by DOM node numbers, which vary from print to print; the HTML brief beside each
# PDF is the accessible version).
PRINT_OPTIONS = {"displayHeaderFooter": False, "printBackground": True, "preferCSSPageSize": True,
                 "generateTaggedPDF": False}


class MediaBrowser:
    """A started Kaleido browser; ``pngs`` and ``pdfs`` may be called from any thread, one at a time."""

    def __init__(self, browser_path: str) -> None:
        import kaleido
        from plotly.io import defaults

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="media-browser", daemon=True)
        self._thread.start()
        self._folder = tempfile.TemporaryDirectory(prefix="hromada-print-")
        self._topojson = defaults.topojson
        # MathJax would come from a CDN; the rest as plotly's to_image passes it, so PNGs match it.
        options = {name: value for name, value in (("plotlyjs", defaults.plotlyjs), ("headers", defaults.headers))
                   if value}
        self._kaleido = kaleido.Kaleido(n=1, mathjax=False, path=browser_path, **options)
        # Chromium starts while the caller builds its figures; the first drawing waits for it.
        self._opening = asyncio.run_coroutine_threadsafe(self._kaleido.open(), self._loop)
        self._printed = 0

    def _run(self, coroutine, timeout: float | None = None):
        try:
            self._opening.result()
        except BaseException:
            coroutine.close()  # never scheduled
            raise
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def pngs(self, figure_dicts: dict[str, dict], width: int, height: int, scale: float) -> dict[str, bytes]:
        """The figures as plotly's ``to_image(format="png")`` would draw them."""
        opts = {"format": "png", "width": width, "height": height, "scale": scale}

        async def draw_all() -> list[bytes]:  # Kaleido's one tab draws them in turn
            return [await self._kaleido.calc_fig(figure, opts=opts, topojson=self._topojson)
                    for figure in figure_dicts.values()]

        return dict(zip(figure_dicts, self._run(draw_all()), strict=True))

    def pdfs(self, pages: dict[str, str]) -> dict[str, bytes | Exception]:
        """The pages printed as Chromium's ``--print-to-pdf`` prints them (print time not yet fixed),
        each in its own tab, all at once; a page that fails gives its exception."""
        urls = {}
        for key, html_text in pages.items():
            self._printed += 1
            page = Path(self._folder.name) / f"page-{self._printed}.html"
            page.write_text(html_text, encoding="utf-8")
            urls[key] = page.as_uri()

        async def print_all() -> list[bytes | BaseException]:
            return await asyncio.gather(*(self._print(url) for url in urls.values()), return_exceptions=True)

        return dict(zip(urls, self._run(print_all(), timeout=PAGE_LOAD_SECONDS * 2), strict=True))

    async def _print(self, url: str) -> bytes:
        tab = await self._kaleido.create_tab("about:blank")
        try:
            await tab.send_command("Page.enable")
            loaded = tab.subscribe_once("Page.loadEventFired")
            await tab.send_command("Page.navigate", params={"url": url})
            await asyncio.wait_for(loaded, PAGE_LOAD_SECONDS)
            response = await tab.send_command("Page.printToPDF", params=PRINT_OPTIONS)
            if "error" in response:
                raise RuntimeError(f"Chromium could not print the brief: {response['error']}")
            return base64.b64decode(response["result"]["data"])
        finally:
            await self._kaleido.close_tab(tab)

    def close(self) -> None:
        try:
            try:  # let a start in progress finish: stopping it halfway could leave a Chromium behind
                self._opening.result(PAGE_LOAD_SECONDS)
            except Exception:  # noqa: BLE001 - it failed to start; the caller has had that error
                pass
            asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop).result(PAGE_LOAD_SECONDS)
        finally:
            self._stop_loop()
            self._folder.cleanup()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(PAGE_LOAD_SECONDS)
        if not self._thread.is_alive():
            self._loop.close()


@contextmanager
def media_browser() -> Iterator[MediaBrowser]:
    """One browser for the block; RuntimeError when Chromium is missing."""
    browser = chromium.path()
    if browser is None:
        raise RuntimeError("Chromium was not found (looked at $BROWSER_PATH, chromium on PATH and /usr/bin/chromium); "
                           "install Debian's chromium package or build the pack without images")
    os.environ.setdefault("BROWSER_PATH", browser)
    session = MediaBrowser(browser)
    try:
        yield session
    finally:
        session.close()
