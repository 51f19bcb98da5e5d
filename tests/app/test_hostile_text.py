"""Document text is shown as text: never as Markdown, HTML, TeX or a Streamlit directive.

A warehouse is built from a copy of data/ in which one document's measure, direction, indicator
and programme title carry Markdown links and images, HTML tags, ``$x$`` and ``:red[r]``
(tests/hostile.py). Every page (AppTest), every chart builder and the pack's brief must show
them literally: escaped for Markdown in Streamlit, as entities in Plotly and in the brief's HTML.
"""
from __future__ import annotations

import html
import inspect
import json
import re

import pytest
from conftest import DATA, dashboard_reads, open_page
from google.protobuf.message import Message
from hostile import OUTSIDE, PAYLOAD, build_hostile_warehouse
from streamlit.testing.v1 import AppTest

from hromada import charts, pack
from hromada.app import data as queries
from hromada.frame import PAGES
from hromada.palette import community_colours
from hromada.safe_text import md, plain, without_joiners

# The payload's pieces as written: any of them in a Markdown body would be interpreted.
RAW_PIECES = ["<b>b</b>", "<i>i</i>", "$x$", ":red[r]", "**bold**", "[link](https://example.org)",
              "![img](https://example.org/t.png)"]
# What Plotly would interpret (it reads HTML and TeX, not Markdown).
RAW_FOR_PLOTLY = ["<b>b</b>", "<i>i</i>", "$x$"]
# Elements that draw their strings as plain text (option lists, code, tables) or are checked on their own.
PLAIN_ELEMENTS = {"selectbox", "multiselect", "code", "arrow_data_frame", "plotly_chart", "text_input"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return build_hostile_warehouse(DATA, tmp_path_factory.mktemp("hostile"))


@pytest.fixture()
def hostile_db(hostile):
    """The query functions read the hostile warehouse for the test (the session's one afterwards)."""
    with dashboard_reads(hostile.db_path):
        yield hostile


def test_md_escapes_every_markdown_construct_streamlit_knows():
    for text in [PAYLOAD, ":material/home: :streamlit: :smile: https://example.org www.example.org a@example.org",
                 "a -- b -> c <- d >= e <= f ~= g", "# h\n- item\n1. one\n> quote\n| a | b |", "&lt; &#36; \\"]:
        escaped = md(text)
        unescaped = re.sub(r"\\(.)", r"\1", without_joiners(escaped))
        assert unescaped == text  # the reader sees exactly the text
        assert not re.search(r"(?<!\\)[!\"#$%&'()*+,\-./:;<=>?@\[\]^_`{|}~]", escaped.replace("\\\\", ""))
    # What Streamlit's text-node transforms see (escapes resolved) holds none of their patterns.
    escaped = md("see https://example.org, www.example.org or a@example.org :smile: :material_home: :streamlit: -> x")
    resolved = escaped.replace("\\", "")
    for pattern in ("https://", "www.", "@example", ":smile:", ":material_home:", ":streamlit:", "->"):
        assert pattern not in resolved, pattern


def test_plain_escapes_what_plotly_reads():
    assert plain("<b>b</b> & $x$") == "&lt;b&gt;b&lt;/b&gt; &amp; &#36;x&#36;"
    assert plain(None) == ""


def _strings(message: Message):
    """Every string field of a protobuf message, nested messages included."""
    for _field, value in message.ListFields():
        repeated = not isinstance(value, (str, bytes, Message)) and hasattr(value, "__iter__")
        values = value if repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, str):
                yield item


def _elements(node):
    proto = getattr(node, "proto", None)
    if proto is not None and isinstance(proto, Message):
        yield node
    for child in getattr(node, "children", {}).values():
        yield from _elements(child)


def _open(page: str, params: dict[str, str]) -> AppTest:
    app = open_page(page, params)
    assert not app.exception, [error.value for error in app.exception]
    return app


def _views(hostile):
    """Each page with the hostile community, plus the views that show the poisoned names."""
    others = [community for community in queries.all_communities()["community_id"] if community != hostile.community_id]
    base = {"c": hostile.community_id}
    extra = {
        "pages/measures.py": [{"measure": hostile.measure_id}, {"measure": hostile.measure_id, "lang": "en"}],
        "pages/priorities.py": [{"view": "own"}, {"view": "themes"}],
        "pages/compare.py": [{"cmp": ",".join([hostile.community_id, *others[:1]])}],
        "pages/quality.py": [{"doc": hostile.community_id, "severity": "error,warning,info"}],
        "pages/indicators.py": [{"units": "percent"}, {"units": "count"}],
    }
    for script, _title, _icon in PAGES:
        for params in extra.get(script, [{}]):
            yield script, {**base, **params}


def test_no_page_interprets_document_text(hostile_db):
    hostile = hostile_db
    shown_in_markdown = shown_in_charts = 0
    for script, params in _views(hostile):
        app = _open(script, params)
        for element in _elements(app._tree):
            kind = getattr(element, "type", "")
            if kind in PLAIN_ELEMENTS:
                continue
            # st.html reads no Markdown or TeX: only its tags could be interpreted.
            pieces = [piece for piece in RAW_PIECES if piece.startswith("<")] if kind == "html" else RAW_PIECES
            for text in _strings(element.proto):
                assert not [piece for piece in pieces if piece in text], (script, params, kind, text[:300])
                if md(PAYLOAD) in text:
                    shown_in_markdown += 1
        for chart in app.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            for text in _chart_strings(spec["data"]):
                assert not [piece for piece in RAW_FOR_PLOTLY if piece in text], (script, params, text[:300])
                shown_in_charts += plain("<b>b</b> <i>i</i> $x$") in text
        if script == "pages/measures.py":
            # The measure's own heading: the whole name, escaped, and nothing else.
            assert md(hostile.names["measure"]) in [header.value for header in [*app.header, *app.subheader]], params
    assert shown_in_markdown, "the measure's heading shows the payload, escaped"
    assert shown_in_charts, "the direction, measure and indicator charts show the payload as plain text"


def _chart_strings(data, key: str = ""):
    """The strings a figure's traces show (templates excluded: they are ours and never hold data)."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name not in ("hovertemplate", "texttemplate"):
                yield from _chart_strings(value, name)
    elif isinstance(data, list):
        for item in data:
            yield from _chart_strings(item, key)
    elif isinstance(data, str):
        yield data


def _templates(data):
    if isinstance(data, dict):
        for name, value in data.items():
            if name in ("hovertemplate", "texttemplate"):
                yield from (value if isinstance(value, list) else [value])
            else:
                yield from _templates(value)
    elif isinstance(data, list):
        for item in data:
            yield from _templates(item)


def _figures(lookup: charts.Lookup):
    ids = tuple(queries.all_communities()["community_id"])
    filters = pack.default_filters(ids, "uk")
    summary = queries.community_summary(ids, "official")
    progress = queries.indicator_progress(ids)
    return {
        "totals_chart": charts.totals_chart(summary, lookup),
        "per_resident_chart": charts.per_resident_chart(summary, lookup, "denominator"),
        "theme_bars": charts.theme_bars(queries.budget_by_theme(filters), lookup, "share"),
        "priority_bars": charts.priority_bars(queries.budget_by_priority(filters), lookup),
        "drilldown_treemap": charts.drilldown_treemap(queries.measure_amounts(filters), lookup),
        "ownership_bars": charts.ownership_bars(queries.funding_mix(filters), lookup),
        "ownership_by_year": charts.ownership_by_year(queries.funding_mix(filters, by_year=True), lookup),
        "source_class_bars": charts.source_class_bars(queries.funding_by_class(filters), lookup),
        "year_totals_chart": charts.year_totals_chart(queries.year_totals(filters), lookup),
        "indicator_dumbbell": charts.indicator_dumbbell(progress[progress["unit_class"] != "yes_no"], lookup),
        "yes_no_status": charts.yes_no_status(progress[progress["unit_class"] == "yes_no"], lookup),
        "measurable_targets_chart": charts.measurable_targets_chart(queries.measurable_targets(ids), lookup),
        "reconciliation_chart": charts.reconciliation_chart(queries.reconciliation(ids), lookup),
        "own_external_per_resident": charts.own_external_per_resident(summary, lookup, "denominator"),
    }


def _builders() -> set[str]:
    """The public functions of hromada.charts that make a figure from data."""
    return {name for name, function in vars(charts).items()
            if inspect.isfunction(function) and not name.startswith("_")
            and function.__annotations__.get("return") == "go.Figure"
            and next(iter(inspect.signature(function).parameters)) != "figure"}


def test_every_chart_builder_shows_names_as_plain_text(hostile_db):
    """Community, theme, ownership and source names poisoned too, so every builder meets the payload."""
    communities = queries.all_communities()
    themes = queries.all_themes()
    classes = queries.source_classes()
    lookup = charts.Lookup(
        lang="uk",
        community_names={community: f"{PAYLOAD} {name}" for community, name in
                         zip(communities["community_id"], communities["short_name_uk"], strict=True)},
        community_colours=community_colours(list(communities["community_id"])),
        theme_names={theme: f"{PAYLOAD} {name}" for theme, name in zip(themes["theme_id"], themes["name_uk"], strict=True)},
        ownership_names={key: f"{PAYLOAD} {key}" for key in charts.OWNERSHIPS},
        source_class_names={key: f"{PAYLOAD} {name}" for key, name in zip(classes["source_class"], classes["name_uk"], strict=True)},
    )
    figures = _figures(lookup)
    assert set(figures) == _builders(), "every chart builder is checked (a new one needs a case here)"
    for name, figure in figures.items():
        spec = figure.to_plotly_json()
        texts = list(_chart_strings(spec["data"]))
        assert texts, name
        for text in texts:
            assert not [piece for piece in RAW_FOR_PLOTLY if piece in text], (name, text[:200])
        assert any(plain("<b>b</b>") in text for text in texts), f"{name}: the poisoned names are drawn"
        # Hover and text templates never carry data: a name there would be read as a template.
        for template in _templates(spec["data"]):
            assert OUTSIDE not in template and "&lt;" not in template and "<b>b" not in template, (name, template)
        layout = json.dumps(spec["layout"], ensure_ascii=False)
        assert not [piece for piece in RAW_FOR_PLOTLY if piece in layout], name


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_brief_escapes_document_text(hostile, lang):
    text = pack.community_brief_html(hostile.db_path, hostile.community_id, lang)
    for piece in ("<b>b</b>", "<i>i</i>"):
        assert piece not in text
        assert html.escape(piece) in text  # the title and the measure show it, literally
    assert not re.search(r"<(?:img|a|link|script|iframe)\b", text, re.IGNORECASE)
    assert not re.search(r"<[^>]*" + re.escape(OUTSIDE), text), "no tag may point to the outside host"
