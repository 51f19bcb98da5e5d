"""The source document page: a figure's line link opens the document at that line, and the
viewer shows a row's cells as the document lays them out (nothing lost, nothing interpreted)."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from conftest import open_page, rows

from hromada.source_view import cells, viewer_html


def test_cells_keep_every_character_of_a_line(raw_lines):
    """Tab rows split into their cells, pipe rows into theirs; joined back, the text is the line's."""
    for community, lines in raw_lines.items():
        for text in lines[1:]:
            split = cells(text)
            if "\t" in text:
                assert "\t".join(split) == "\t".join(cell.strip() for cell in text.rstrip("\r\n").split("\t"))
            elif len(split) > 1:
                assert text.strip().startswith("|") and all("|" not in cell for cell in split), (community, text)
            else:
                assert split == [text.rstrip("\r\n")]


def test_a_pipe_table_row_is_cells_and_its_rule_is_a_line():
    assert cells("| 1 | Ініціатор | Виконком |") == ["1", "Ініціатор", "Виконком"]
    assert cells("|-----|--|--|") == ["|-----|--|--|"]


def test_viewer_escapes_document_text_and_marks_the_cited_line():
    markup = viewer_html([(7, "a\t<b>x</b>"), (8, "plain")], {8}, "Рядок", "«T» & co")
    assert "<b>x</b>" not in markup and html.escape("<b>x</b>") in markup
    assert re.search(r'<tr class="cited" data-line="8"><th scope="row" class="number">▶ 8</th>', markup)
    assert 'colspan="2">plain' in markup  # a one-cell line spans the row's columns


def _html_of(app) -> str:
    return "\n".join(element.proto.body for element in app.get("html"))


def test_a_stated_total_link_opens_its_line(db_path, warehouse, raw_lines):
    """From the overview card's link to the document page at the stated line, its text on screen."""
    total = rows(warehouse, """SELECT community_id, source_line FROM stated_total
                               WHERE scope = 'programme' ORDER BY community_id LIMIT 1""")[0]
    community, line = total["community_id"], total["source_line"]
    app = open_page("app.py", {"c": community})
    links = [link for element in [*app.caption, *app.markdown] for link in re.findall(r"\]\((source\?[^)]+)\)", element.value)]
    assert links, "the card links its stated total to the document"
    query = parse_qs(urlsplit(links[0]).query)
    assert query["doc"] == [community] and query["line"] == [str(line)]
    page = open_page("pages/source.py", {key: value[0] for key, value in query.items()})
    assert not page.exception
    shown = _html_of(page)
    assert f'<tr class="cited" data-line="{line}">' in shown
    for cell in cells(raw_lines[community][line]):
        assert html.escape(cell) in shown
