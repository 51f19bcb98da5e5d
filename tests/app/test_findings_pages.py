"""Фінансування and Якість даних read one definition of a contradiction, grouped by root cause, and say
"unknown" where a document names no funding source. Expectations come from the warehouse."""
from __future__ import annotations

import json
import re

import pytest
from babel import Locale
from conftest import open_page, rows

from etl.formatting import format_count
from hromada.findings import counted
from hromada.safe_text import md

LANGS = ("uk", "en")
PLURALS = {  # what a reader expects to read, by CLDR plural form
    "uk": {"causes": {"one": "першопричина", "few": "першопричини", "many": "першопричин", "other": "першопричини"},
           "consequences": {"one": "наслідок", "few": "наслідки", "many": "наслідків", "other": "наслідку"}},
    "en": {"causes": {"one": "root cause", "other": "root causes"},
           "consequences": {"one": "consequence", "other": "consequences"}},
}
CODES = ("programme_total_vs_measures", "total_vs_sources", "row_total_vs_years", "community_budget", "passport_vs",
         "(passport)", "(resources)", "(programme)", "(priority)", "(appendix)", "flat_cells",
         "pipe_table", "wrapped_tsv", "data/raw")
# Codes that are also English words: wrong only as a whole cell or text.
WHOLE_CODES = ("appendix", "passport", "resources", "programme", "priority", "measure", "own", "external", "unspecified",
               "all", "blank", "differs", "agrees", "None", "nan", "NaN", "<NA>")


def _texts(app) -> list[str]:
    """What a reader sees as text: markdown, alerts, captions, metrics, expander labels."""
    parts = [element.value for kind in ("markdown", "caption", "warning", "success", "info", "error")
             for element in getattr(app, kind)]
    parts += [f"{metric.label} {metric.value}" for metric in app.metric]
    parts += [expander.label for expander in app.expander]
    return parts


def _shown(app, contradictions: list[dict], lang: str) -> set[str]:
    text = "\n".join(_texts(app))
    message = "message_en" if lang == "en" else "message_uk"
    return {row["issue_id"] for row in contradictions if md(row[message]) in text}


def _names(warehouse, lang: str) -> dict[str, str]:
    column = "name_en" if lang == "en" else "short_name_uk"
    return {row["community_id"]: row[column] for row in rows(warehouse, f"SELECT community_id, {column} FROM community")}


def _counted(kind: str, count: int, lang: str) -> str:
    form = Locale.parse("uk_UA" if lang == "uk" else "en_GB").plural_form(count)
    return f"{format_count(count, lang)} {PLURALS[lang][kind][form]}"


@pytest.fixture(scope="module")
def pages(db_path):
    """Both pages in both languages, every community selected (the default view)."""
    return {(page, lang): open_page(page, {"lang": lang}) for page in ("pages/funding.py", "pages/quality.py")
            for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_both_pages_show_the_same_contradictions(pages, warehouse, lang):
    contradictions = rows(warehouse, "SELECT * FROM contradiction")
    funding, quality = pages[("pages/funding.py", lang)], pages[("pages/quality.py", lang)]
    assert not funding.exception and not quality.exception
    for community in {row["community_id"] for row in rows(warehouse, "SELECT community_id FROM community")}:
        own = [row for row in contradictions if row["community_id"] == community]
        assert _shown(funding, own, lang) == _shown(quality, own, lang) == {row["issue_id"] for row in own}, community


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["pages/funding.py", "pages/quality.py"])
def test_no_all_clear_where_a_document_contradicts_itself(pages, warehouse, page, lang):
    names = _names(warehouse, lang)
    contradicting = {row["community_id"] for row in rows(warehouse, "SELECT DISTINCT community_id FROM contradiction")}
    assert contradicting
    successes = [element.value for element in pages[(page, lang)].success]
    for community in contradicting:
        assert not any(md(names[community]) in success for success in successes), (community, successes)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["pages/funding.py", "pages/quality.py"])
def test_counts_say_root_causes_and_consequences(pages, warehouse, page, lang):
    names = _names(warehouse, lang)
    text = "\n".join(_texts(pages[(page, lang)]))
    for summary in rows(warehouse, "SELECT * FROM mart_community_summary WHERE contradiction_roots > 0"):
        expected = (f"**{md(names[summary['community_id']])}**: {_counted('causes', summary['contradiction_roots'], lang)}, "
                    f"{_counted('consequences', summary['contradiction_consequences'], lang)}.")
        assert expected in text


@pytest.mark.parametrize("lang", LANGS)
def test_each_root_lists_its_consequences_under_it(pages, warehouse, lang):
    """Under each root cause's expander, exactly its consequences, each with its line."""
    app = pages[("pages/quality.py", lang)]
    message = "message_en" if lang == "en" else "message_uk"
    for root in rows(warehouse, "SELECT * FROM contradiction WHERE consequence_count > 0"):
        consequences = rows(warehouse, "SELECT * FROM contradiction WHERE root_issue_id = ?", [root["issue_id"]])
        under = [expander for expander in app.expander
                 if all(md(row[message]) in "\n".join(m.value for m in expander.markdown) for row in consequences)]
        assert under, root["issue_id"]
        listed = "\n".join(m.value for m in under[0].markdown)
        assert listed.count("\n- ") + 1 == len(consequences)
        word = "line" if lang == "en" else "рядок"
        for row in consequences:
            # The line is a link that opens the document at that line.
            link = rf"\[{word} {row['source_line']}\]\(source\?[^)]*\bline={row['source_line']}\b[^)]*\): "
            assert re.search(link + re.escape(md(row[message])), listed), row["issue_id"]


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_shares_are_unknown(db_path, warehouse, lang):
    """A community whose document names no funding source shows no own share, on Фінансування and on its
    overview card, and says why."""
    unknown = [row["community_id"] for row in rows(warehouse, "SELECT community_id FROM mart_community_summary "
                                                                "WHERE NOT sources_stated")]
    assert unknown, "the documents include one that names no source"
    names = _names(warehouse, lang)
    for community in unknown:
        funding = open_page("pages/funding.py", {"c": community, "lang": lang})
        infos = [element.value for element in funding.info]
        assert any(md(names[community]) in info and "—" in info for info in infos)
        for chart in funding.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            if "Own and external" in json.dumps(spec) or "Власні та зовнішні" in json.dumps(spec, ensure_ascii=False):
                assert all(names[community] not in trace.get("y", []) for trace in spec["data"])
        card = open_page("app.py", {"c": community, "lang": lang})
        own = [metric for metric in card.metric if metric.label in ("Власні кошти", "Own funding")]
        assert [metric.value for metric in own] == ["—"]
        assert not re.search(r"\b0[.,]0\s?%", "\n".join(_texts(card)))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["pages/funding.py", "pages/quality.py"])
def test_no_internal_codes_on_the_page(pages, page, lang):
    app = pages[(page, lang)]
    seen = _texts(app)
    for frame in app.dataframe:
        data = frame.value
        shown = [column for column in data.columns if not str(column).endswith("_id")]
        seen += [str(column) for column in shown]
        for column in shown:
            seen += [cell for cell in data[column] if isinstance(cell, str)]
    text = "\n".join(seen)
    for code in CODES:
        assert code not in text, code
    assert not set(WHOLE_CODES) & {part.strip() for part in seen}


@pytest.mark.parametrize("count, uk, en", [(1, "1 наслідок", "1 consequence"), (3, "3 наслідки", "3 consequences"),
                                           (15, "15 наслідків", "15 consequences"), (21, "21 наслідок", "21 consequences"),
                                           (0, "0 наслідків", "0 consequences")])
def test_consequences_are_counted_with_plural_forms(count, uk, en):
    assert (counted("consequences", count, "uk"), counted("consequences", count, "en")) == (uk, en)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["pages/funding.py", "pages/quality.py"])
def test_finding_downloads_hold_words_and_line_numbers(warehouse, monkeypatch, page, lang):
    """The files a user downloads say what the page says: line numbers, not the page's links, and
    severities, checks and scopes as words."""
    from hromada import ui

    downloaded: dict[str, object] = {}
    real = ui.downloads
    monkeypatch.setattr(ui, "downloads", lambda frame, name, *args, **kwargs: (
        downloaded.setdefault(name, frame.copy()), real(frame, name, *args, **kwargs))[1])
    issues = rows(warehouse, "SELECT community_id, source_line FROM data_issue WHERE contradiction ORDER BY community_id")
    if not issues:
        pytest.skip("no document contradicts itself")
    app = open_page(page, {"c": issues[0]["community_id"], "lang": lang, "severity": "error,warning,info"})
    assert not app.exception, [error.value for error in app.exception]
    assert downloaded, "the page offers its findings for download"
    expected_lines = {row["source_line"] for row in issues if row["community_id"] == issues[0]["community_id"]}
    findings = {name: frame for name, frame in downloaded.items()
                if name in ("contradictions", "data-issues") or name.startswith("reconciliation-")}
    assert findings, list(downloaded)
    for name, frame in findings.items():
        line_columns = [column for column in frame.columns if "line" in str(column).lower() or "рядок" in str(column).lower()]
        assert line_columns, name
        for column in line_columns:
            values = {int(value) for value in frame[column].dropna()}
            assert values, (name, column)
            assert expected_lines & values, (name, column, values)
        text_cells = {str(value) for column in frame.columns if not str(column).endswith("_id")
                      for value in frame[column] if isinstance(value, str)}
        assert not any("source?" in cell for cell in text_cells), name
        assert not text_cells & set(CODES), name
        assert not text_cells & {"error", "warning", "info", "programme", "priority"} - (
            {"error", "warning", "info"} if lang == "en" else set()), name
