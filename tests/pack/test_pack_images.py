"""PNG export of the dashboard's charts through Kaleido and the system Chromium."""
from __future__ import annotations

import io

import pytest
from pack_helpers import FIRST, SECOND, needs_chromium, png_size

from hromada import pack
from hromada.exports import chromium
from hromada.exports import pdf as pdf_print
from hromada.palette import THEME_COLOURS


@needs_chromium
def test_png_export_has_the_requested_size_and_content(db_path):
    images = pack.chart_images(db_path, [FIRST, SECOND], "uk", width=800, height=450, scale=2)
    assert {"budget-by-theme.png", "funding-mix.png", "programme-totals.png", "uah-per-resident.png"} <= set(images)
    image_module = pytest.importorskip("PIL.Image")
    for name, data in images.items():
        assert png_size(data) == (1600, 900), name  # the requested size in layout pixels × scale
        assert len(data) > 10_000, name
        picture = image_module.open(io.BytesIO(data)).convert("RGB")
        colours = picture.getcolors(maxcolors=1_000_000)
        assert colours is None or len(colours) > 20, f"{name} looks blank"
    # The dashboard's palette: the theme chart carries the theme colours.
    theme_picture = image_module.open(io.BytesIO(images["budget-by-theme.png"])).convert("RGB")
    colours = {colour for _, colour in theme_picture.getcolors(maxcolors=1_000_000)}
    infrastructure = tuple(int(THEME_COLOURS["infrastructure"][index:index + 2], 16) for index in (1, 3, 5))
    assert infrastructure in colours


def test_images_need_chromium(db_path, monkeypatch):
    monkeypatch.setattr(chromium, "path", lambda: None)
    with pytest.raises(RuntimeError, match="Chromium"):
        pack.chart_images(db_path, [FIRST], "uk")
    assert pdf_print.brief_pdf("<p>x</p>") is None
