"""The one-page community brief: Ukrainian figures, no external requests, escaped text, one A4 page."""
from __future__ import annotations

import re

import pytest
from conftest import rows
from pack_helpers import A4_POINTS, COMMUNITIES, FIRST, needs_chromium, pdf_page_size, pdf_pages

from etl.formatting import format_count, format_kuah, format_percent, format_uah
from hromada import pack, queries
from hromada.exports import pdf as pdf_print
from hromada.exports.brief import brief_word, escape

# Anything that would make a browser fetch something: script or frame sources, stylesheets, images, CSS urls.
LOADS_RESOURCE = re.compile(r"""(?:src|href|srcset|data|poster|action)\s*=\s*["']?\s*(?:https?:)?//"""
                            r"""|url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)


@pytest.fixture(scope="module")
def briefs(db_path) -> dict[tuple[str, str], str]:
    return {(community, lang): pack.community_brief_html(db_path, community, lang)
            for community in COMMUNITIES for lang in ("uk", "en")}


@pytest.mark.parametrize("community", COMMUNITIES)
def test_brief_shows_the_key_figures_the_ukrainian_way(briefs, warehouse, community):
    summary = rows(warehouse, "SELECT * FROM mart_community_summary WHERE community_id = ?", [community])[0]
    html_text = briefs[(community, "uk")]
    assert format_kuah(summary["programme_total_kuah"], "uk") in html_text
    assert format_kuah(summary["programme_total_kuah"], "en") in briefs[(community, "en")]
    assert format_uah(summary["uah_per_resident_year"], "uk") in html_text
    assert format_count(summary["population"]) in html_text  # the denominator, with its date
    assert summary["population_date"].strftime("%d.%m.%Y") in html_text
    assert format_percent(summary["own_share_pct"]) in html_text
    assert f"{summary['measure_count']} / {summary['indicator_count']}" in html_text


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_brief_footer_names_the_document_file_and_its_hash_but_no_project_path(briefs, warehouse, lang):
    for community in rows(warehouse, "SELECT community_id, source_file, source_sha256 FROM community"):
        footer = re.search(r"<footer>(.*?)</footer>", briefs[(community["community_id"], lang)], re.S).group(1)
        name = community["source_file"].rsplit("/", 1)[-1]
        assert name in footer and community["source_sha256"] in footer
        assert community["source_file"] == name or community["source_file"] not in footer


def test_brief_names_the_documents_population_where_it_differs(briefs, warehouse):
    summary = rows(warehouse, "SELECT * FROM mart_community_summary WHERE population_document IS NOT NULL")
    assert summary, "the data has a community whose document states its own population"
    for row in summary:
        html_text = briefs[(row["community_id"], "uk")]
        assert format_count(row["population_document"]) in html_text
        assert format_uah(row["uah_per_resident_year_document"], "uk") in html_text


def test_brief_lists_the_largest_measure_with_its_source_line(briefs, warehouse):
    for community in COMMUNITIES:
        top = rows(warehouse, """
            SELECT m.name_uk, m.source_line, SUM(f.amount_kuah) AS amount
            FROM funding AS f JOIN measure AS m USING (measure_id)
            WHERE m.community_id = ? GROUP BY ALL HAVING SUM(f.amount_kuah) > 0
            ORDER BY amount DESC, m.source_line LIMIT 1""", [community])
        if not top:
            continue
        html_text = briefs[(community, "uk")]
        assert format_kuah(top[0]["amount"], "uk", unit=False) in html_text, community
        assert f'<td class="number">{top[0]["source_line"]}</td>' in html_text, community


def test_brief_lists_data_issues_with_their_lines(briefs, warehouse):
    for community in COMMUNITIES:
        first = rows(warehouse, """SELECT * FROM data_issue WHERE community_id = ?
                                   ORDER BY CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, source_line
                                   LIMIT 1""", [community])
        if not first:
            continue
        html_text = briefs[(community, "en")]
        assert escape(first[0]["message_en"][:60]) in html_text, community
        assert f"(line {first[0]['source_line']})" in html_text, community


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_brief_loads_nothing_from_outside(briefs, lang):
    for community in COMMUNITIES:
        html_text = briefs[(community, lang)]
        assert "@page" in html_text and "size: A4" in html_text
        assert "<script" not in html_text.lower()
        assert "<link" not in html_text.lower() and "<img" not in html_text.lower()
        assert not LOADS_RESOURCE.search(html_text), LOADS_RESOURCE.search(html_text)
        assert "<svg" in html_text or escape(brief_word("no_money", lang)) in html_text, community


def test_brief_escapes_text_from_the_database(db_path, monkeypatch):
    hostile = '<script>alert("x")</script> & <img src=http://example.com/x.png>'
    original = queries.measure_amounts

    def amounts_with_markup(warehouse, filters):
        frame = original(warehouse, filters).copy()
        top = frame["amount_kuah"].idxmax()
        frame.loc[top, "measure_name_uk"] = hostile
        return frame

    monkeypatch.setattr(queries, "measure_amounts", amounts_with_markup)
    html_text = pack.community_brief_html(db_path, FIRST, "uk")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=http://example.com/x.png&gt;" in html_text
    assert "<script" not in html_text and "<img" not in html_text


def test_unknown_community_for_a_brief(db_path):
    with pytest.raises(ValueError, match="atlantis"):
        pack.community_brief_html(db_path, "atlantis", "uk")


@needs_chromium
def test_english_briefs_print_to_one_a4_page(briefs):
    """The Ukrainian ones are printed and checked with the full pack (test_pack_zip)."""
    pdfs = pdf_print.brief_pdfs({community: briefs[(community, "en")] for community in COMMUNITIES})
    for community, pdf in pdfs.items():
        assert pdf is not None and pdf.startswith(b"%PDF"), community
        assert pdf_pages(pdf) == 1, f"{community}: {pdf_pages(pdf)} pages"
        assert pdf_page_size(pdf) == pytest.approx(A4_POINTS, abs=1.5), community


def test_reproducible_pdf_fixes_the_print_time():
    printed = b"%PDF-1.4\n<</CreationDate (D:20261122051324+00'00') /ModDate (D:20261122051901+00'00')>>\n"
    fixed = pdf_print.reproducible_pdf(printed)
    assert len(fixed) == len(printed)  # offsets in the cross-reference table stay valid
    assert fixed.count(b"(D:19800101000000+00'00')") == 2
