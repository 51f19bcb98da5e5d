"""PNGs of the dashboard's charts through Kaleido and the system Chromium."""
from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from hromada.charts import place_header
from hromada.exports import chromium
from hromada.exports.browser import MediaBrowser

CHART_SIZE = (1600, 900)
_images_lock = threading.Lock()


@contextmanager
def image_session() -> Iterator[None]:
    """One Kaleido browser for a batch of images: starting Chromium costs ~2 s, an image ~0.2 s.
    Kaleido's browser is process-wide, so two app sessions take turns rather than stop each other's."""
    browser = chromium.path()
    if browser is None:
        raise RuntimeError("Chromium was not found (looked at $BROWSER_PATH, chromium on PATH and /usr/bin/chromium); "
                           "install Debian's chromium package or build the pack without images")
    os.environ.setdefault("BROWSER_PATH", browser)
    import kaleido
    with _images_lock:
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)  # MathJax would come from a CDN
        try:
            yield
        finally:
            kaleido.stop_sync_server(silence_warnings=True)



def export_figure(figure, height: int):
    """The figure as it is drawn to a file. One fixed template: importing Streamlit changes Plotly's
    default one, so the same figure would otherwise print differently in the dashboard's process
    and on the command line."""
    return place_header(figure, height).update_layout(template="plotly_white")


def figure_png(figure, width: int, height: int, scale: float = 1) -> bytes:
    with warnings.catch_warnings():
        # Plotly passes its defaults along; a running Kaleido server ignores them and says so.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return export_figure(figure, height).to_image(format="png", width=width, height=height, scale=scale)



def render_images(figures: dict[str, object], width: int = CHART_SIZE[0], height: int = CHART_SIZE[1],
                  scale: float = 1, browser: MediaBrowser | None = None) -> dict[str, bytes]:
    """PNGs of the figures, drawn by ``browser`` when given (the pack's one Chromium, the same bytes)."""
    if browser is not None:
        return browser.pngs({name: export_figure(figure, height).to_dict() for name, figure in figures.items()},
                            width, height, scale)
    with image_session():
        return {name: figure_png(figure, width, height, scale) for name, figure in figures.items()}
