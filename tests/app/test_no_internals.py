"""No page shows an internal code, an id, ``None`` or a file path, in either language.

Every page is opened (AppTest) in both languages with every community, plus the views that show
more (a measure's detail, the own directions, every severity). What is scanned is what the browser
would show: every string of every element (labels, bodies, captions, options, help), the visible
cells of every table (as displayed, link columns aside: their URL is not shown), and the strings of
every chart's traces and layout.

The codes come from the warehouse itself (ids, classes, check ids, scopes, semantics), so a new
community or a new check is covered without editing this file. English words that are also codes
(``own``, ``error``) are only looked for on Ukrainian pages; on English pages only unmistakable
identifiers (with ``_``, ``-`` or a digit, or a community id). Методологія may name files and
commands (it is where contributors learn to edit the mappings) and codes only as ``code``.
"""
from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest
from conftest import open_page
from google.protobuf.message import Message

from hromada.frame import PAGES

LANGS = ("uk", "en")
METHODOLOGY = "pages/methodology.py"
MISSING = re.compile(r"(?<![\w-])(None|nan|NaN|NaT|<NA>)(?![\w-])")
PATH = re.compile(r"(?<![\w/])(?:data|etl|hromada|pages|tests|docs)/[\w./-]+|\b[\w-]+\.(?:csv|toml|py|duckdb|sql)\b"
                  r"|python -m")
CODE_SPAN = re.compile(r"`[^`]*`")

CODE_COLUMNS = {
    "community": ["community_id", "layout", "money_unit"],
    "measure": ["measure_id"],
    "indicator": ["indicator_id", "unit_class", "target_semantics", "origin"],
    "theme": ["theme_id"],
    "indicator_family": ["family_id"],
    "source_class": ["source_class", "ownership"],
    "data_issue": ["check_id", "issue_id", "severity"],
    "stated_total": ["scope"],
}


@pytest.fixture(scope="module")
def codes(warehouse) -> set[str]:
    found = set()
    for table, columns in CODE_COLUMNS.items():
        for column in columns:
            found |= {row[0] for row in warehouse.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall()
                      if row[0]}
    return found


def _strings(message: Message):
    for _field, value in message.ListFields():
        repeated = not isinstance(value, (str, bytes, Message)) and hasattr(value, "__iter__")
        for item in value if repeated else [value]:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, str):
                yield item


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _table_cells(proto) -> list[str]:
    """The cells a table shows: display values of its visible, non-link columns, and its headings."""
    data = proto.arrow_data
    raw = data.styler.display_values if data.HasField("styler") and data.styler.display_values else data.data
    frame = pa.ipc.open_stream(raw).read_all().to_pandas()
    config = json.loads(proto.columns or "{}")
    links = {name for name, column in config.items() if column.get("type_config", {}).get("type") == "link"}
    visible = list(proto.column_order) or list(frame.columns)
    cells = [str(column.get("label", "")) for name, column in config.items() if name in visible]
    for column in visible:
        if column in frame and column not in links:
            cells += [value for value in frame[column].tolist() if isinstance(value, str)]
            cells += ["None" for value in frame[column].tolist() if value is None and frame[column].dtype == object]
    return cells


def _chart_strings(spec) -> list[str]:
    found = []

    def visit(value, key=""):
        if isinstance(value, dict):
            for name, item in value.items():
                if name not in ("hovertemplate", "texttemplate", "ids", "parents", "meta", "uid", "legendgroup"):
                    visit(item, name)
        elif isinstance(value, list):
            for item in value:
                visit(item, key)
        elif isinstance(value, str) and key in ("text", "name", "x", "y", "labels", "customdata", "hovertext",
                                                  "title", "title_text"):
            found.append(value)

    visit(spec["data"])
    layout = spec.get("layout", {})
    visit({"title": json.dumps(layout.get("title", ""), ensure_ascii=False)})
    visit({"text": [annotation.get("text", "") for annotation in layout.get("annotations", [])]})
    return found


def page_texts(app) -> list[str]:
    texts = []
    for node in _walk(app._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message):
            continue
        if kind in ("dataframe", "arrow_data_frame"):
            texts += _table_cells(proto)
        elif kind == "plotly_chart":
            texts += _chart_strings(json.loads(proto.spec))
        elif kind in ("page_link",):
            texts.append(proto.label)
        else:
            # Query strings and widget ids are the app's plumbing, not text on the screen.
            texts += [text for text in _strings(proto) if not text.startswith(("$$ID", "{", ":material/"))
                      and text != getattr(proto, "id", None) and text != getattr(proto, "form_id", None)]
    return texts


def views():
    extra = {"pages/measures.py": [{}, {"measure": "first"}], "pages/priorities.py": [{}, {"view": "own"}],
             "pages/quality.py": [{"severity": "error,warning,info"}], "pages/indicators.py": [{}, {"units": "count"}]}
    for script, _title, _icon in PAGES:
        for params in extra.get(script, [{}]):
            for lang in LANGS:
                yield script, lang, params


@pytest.mark.parametrize("script, lang, params", list(views()),
                         ids=[f"{s.split('/')[-1][:-3]}-{lang}-{'-'.join(p) or 'default'}" for s, lang, p in views()])
def test_no_code_id_none_or_path_on_screen(db_path, warehouse, codes, script, lang, params):
    if params.get("measure") == "first":
        params = {"measure": warehouse.execute("SELECT MIN(measure_id) FROM measure").fetchone()[0]}
    app = open_page(script, {"lang": lang, **params})
    assert not app.exception, [error.value for error in app.exception]
    if lang == "uk":
        wanted = codes
    else:
        communities = {row[0] for row in warehouse.execute("SELECT community_id FROM community").fetchall()}
        wanted = {code for code in codes if re.search(r"[_\-0-9]", code)} | communities
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, wanted), key=len, reverse=True)) + r")(?![\w-])")
    problems = []
    for text in page_texts(app):
        shown = CODE_SPAN.sub("", text) if script == METHODOLOGY else text
        # A link's target is not on the screen; its text is.
        shown = re.sub(r"\]\([^)]*\)", "]", shown)
        for found in MISSING.findall(shown) + pattern.findall(shown):
            problems.append((found, text[:160]))
        if script != METHODOLOGY:
            problems += [(found, text[:160]) for found in PATH.findall(shown)]
    assert not problems, problems[:15]
