"""The whole pack: contents, CSV tables, fixed dates, reproducibility and build time."""
from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import pytest
import streamlit as st
from conftest import rows
from openpyxl import load_workbook
from pack_helpers import A4_POINTS, COMMUNITIES, FIRST, HAS_CHROMIUM, SECOND, needs_chromium, pdf_page_size, pdf_pages

from hromada import pack
from hromada.__main__ import main as cli
from hromada.exports import browser as media
from hromada.exports import chromium
from hromada.exports import images as chart_png
from hromada.exports import pdf as pdf_print
from hromada.exports.archive import PACK_DATE
from hromada.exports.formulas import could_run
from hromada.i18n import t

TIME_LIMIT_SECONDS = 30


@pytest.fixture(scope="module")
def full_pack(db_path) -> bytes:
    """All five communities with images, timed from cold query caches."""
    st.cache_data.clear()
    started = time.perf_counter()
    data = pack.build_pack(db_path, None, "uk", with_images=True)
    elapsed = time.perf_counter() - started
    print(f"\nfull pack for {len(COMMUNITIES)} communities (images: {HAS_CHROMIUM}) built in {elapsed:.1f} s")
    assert elapsed < TIME_LIMIT_SECONDS
    return data


@pytest.fixture(scope="module")
def archive(full_pack) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(full_pack))


def test_full_pack_builds_within_the_time_limit(full_pack):
    assert zipfile.is_zipfile(io.BytesIO(full_pack))


def test_pack_holds_workbook_tables_images_and_briefs(archive):
    names = set(archive.namelist())
    assert archive.namelist()[0] == "README.txt"
    assert "hromada-benchmark-uk.xlsx" in names
    assert {f"tables/{key.replace('_', '-')}.csv" for key in pack.SHEETS} <= names
    assert {f"briefs/{community}-uk.html" for community in COMMUNITIES} <= names
    if HAS_CHROMIUM:
        assert {"charts/budget-by-theme.png", "charts/funding-mix.png", "charts/programme-totals.png",
                "charts/uah-per-resident.png"} <= names
        assert {f"briefs/{community}-uk.pdf" for community in COMMUNITIES} <= names
    book = load_workbook(io.BytesIO(archive.read("hromada-benchmark-uk.xlsx")))
    assert book.sheetnames[:2] == [t("about_sheet", "uk"), pack.sheet_name("summary", "uk")]


def test_readme_says_what_is_inside_and_where_figures_come_from(archive, warehouse):
    text = archive.read("README.txt").decode("utf-8")
    for part in ("hromada-benchmark-uk.xlsx", "tables/", "briefs/", t("about_sheet", "uk")):
        assert part in text
    # A council member reads the README: no database table is named in it.
    tables = [row["table_name"] for row in rows(warehouse, "SELECT table_name FROM information_schema.tables")]
    assert tables and not [table for table in tables if re.search(rf"\b{re.escape(table)}\b", text)]
    digest = rows(warehouse, "SELECT value FROM meta WHERE key = 'inputs_sha256'")[0]["value"]
    assert digest in text
    assert ("charts/" in text) == HAS_CHROMIUM


def test_every_entry_has_the_fixed_date(archive):
    assert all(entry.date_time == PACK_DATE.timetuple()[:6] for entry in archive.infolist())


def csv_parts(raw: bytes) -> tuple[list[list[str]], list[dict]]:
    """The leading "#" lines and the table's records."""
    lines = raw.decode("utf-8-sig").splitlines(keepends=True)
    about = [line for line in lines if line.startswith("#")]
    assert lines[:len(about)] == about, "the # lines come first"
    return list(csv.reader(about)), list(csv.DictReader(lines[len(about):]))


def test_csv_tables_are_utf8_with_bom_and_match_the_mart(archive, warehouse):
    raw = archive.read("tables/summary.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    about, records = csv_parts(raw)
    records = {row["community_id"]: row for row in records}
    total = pack.column_label("programme_total_kuah", "uk")
    share = pack.column_label("own_share", "uk")
    marts = rows(warehouse, "SELECT community_id, programme_total_kuah, own_share_pct FROM mart_community_summary")
    for mart in marts:
        # Money exact to the hryvnia, shares in percent to one decimal, a plain decimal point.
        record = records[mart["community_id"]]
        assert Decimal(record[total]) == mart["programme_total_kuah"]
        if mart["own_share_pct"] is None:  # no funding source named: unknown, an empty cell
            assert record[share] == ""
            continue
        assert Decimal(record[share]) == Decimal(str(mart["own_share_pct"])).quantize(Decimal("0.1"), ROUND_HALF_UP)
    documents = {row[3] for row in about if row[0] == f"# {t('about_document', 'uk')}"}
    assert documents == {row["source_sha256"] for row in rows(warehouse, "SELECT source_sha256 FROM community")}
    # Every table carries the same lines.
    for name in archive.namelist():
        if name.startswith("tables/"):
            assert csv_parts(archive.read(name))[0] == about, name


def test_csv_neutralises_only_what_could_run(archive):
    """Some documents write "-" for "no amount" or "+20%" for a target: data a spreadsheet cannot run,
    so the CSV keeps it as written; a cell that could run (none in these documents) gets an apostrophe."""
    text = archive.read("tables/measures.csv").decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row if not cell.startswith("# ")]
    assert not any(could_run(cell) for cell in cells)
    assert all(could_run(cell[1:]) for cell in cells if cell.startswith("'"))
    assert "-" in cells  # the data does hold such cells, unchanged


@needs_chromium
def test_pdf_briefs_are_single_a4_pages(archive):
    for community in COMMUNITIES:
        pdf = archive.read(f"briefs/{community}-uk.pdf")
        assert pdf.startswith(b"%PDF"), community
        assert pdf_pages(pdf) == 1, f"{community}: {pdf_pages(pdf)} pages"
        assert pdf_page_size(pdf) == pytest.approx(A4_POINTS, abs=1.5), community


@needs_chromium
def test_pdf_is_reproducible(archive):
    """Printing the same brief again gives the same bytes: the print date is fixed."""
    html_text = archive.read(f"briefs/{FIRST}-uk.html").decode("utf-8")
    again = pdf_print.brief_pdf(html_text)
    assert again == archive.read(f"briefs/{FIRST}-uk.pdf")
    assert b"/CreationDate (D:19800101000000" in again


def test_pack_without_images_is_reproducible_and_starts_no_browser(db_path, monkeypatch):
    def no_browser(*args, **kwargs):
        raise AssertionError("a pack without images must not start Chromium")

    monkeypatch.setattr(chart_png, "image_session", no_browser)
    monkeypatch.setattr(pdf_print, "brief_pdf", no_browser)
    monkeypatch.setattr(media.MediaBrowser, "__init__", no_browser)
    first = pack.build_pack(db_path, [SECOND, FIRST], "en", with_images=False)
    second = pack.build_pack(db_path, [FIRST, SECOND], "en", with_images=False)
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert not any(name.endswith((".png", ".pdf")) for name in names)
    assert {f"briefs/{FIRST}-en.html", f"briefs/{SECOND}-en.html"} <= set(names)


def test_cli_writes_the_zip(db_path, tmp_path):
    out = tmp_path / "packs" / "pack.zip"
    assert cli(["pack", "--communities", f"{FIRST},{SECOND}", "--lang", "en", "--out", str(out), "--db", str(db_path),
                "--no-images"]) == 0
    with zipfile.ZipFile(out) as written:
        assert "hromada-benchmark-en.xlsx" in written.namelist()
    assert not list(out.parent.glob(".*partial"))


def test_pack_without_chromium_says_so(db_path, monkeypatch):
    monkeypatch.setattr(chromium, "path", lambda: None)
    archive = zipfile.ZipFile(io.BytesIO(pack.build_pack(db_path, [FIRST], "en", with_images=True)))
    assert not any(name.endswith((".png", ".pdf")) for name in archive.namelist())
    assert "Chromium was not found" in archive.read("README.txt").decode("utf-8")
