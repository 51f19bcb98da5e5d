"""The source viewer's markup: the document's lines as the document lays them out, one row per
line, a table row's cells in their own columns (tab-separated or ``| a | b |`` pipe rows).

Pure: text in, HTML out. Every piece of document text is HTML-escaped; the page shows it with
``st.html`` (not iframed, sanitised by Streamlit as well).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

STYLE = (Path(__file__).resolve().parent / "templates" / "source_viewer.css").read_text(encoding="utf-8")
_PIPE_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")  # a Markdown table's |---|---| rule


def cells(text: str) -> list[str]:
    """A line's cells as the document separates them: tabs, or the pipes of a Markdown table row.
    A line with neither is one cell."""
    stripped = text.rstrip("\r\n")
    if "\t" in stripped:
        return [cell.strip() for cell in stripped.split("\t")]
    if stripped.startswith("|") and stripped.rstrip().endswith("|") and not _PIPE_RULE.match(stripped):
        return [cell.strip() for cell in stripped.strip().strip("|").split("|")]
    return [stripped]


def viewer_html(lines: list[tuple[int, str]], cited: set[int], line_word: str, caption: str) -> str:
    """A table of ``(line number, text)``; cited lines marked ▶ and shaded. ``line_word`` heads the
    number column, ``caption`` says which document this is (both already in the reader's language)."""
    split = [(number, cells(text)) for number, text in lines]
    width = max((len(row) for _, row in split), default=1)
    body = []
    for number, row in split:
        mark = number in cited
        tds = [f'<td class="cell">{html.escape(cell)}</td>' for cell in row[:-1]]
        span = width - len(row) + 1
        tds.append(f'<td class="cell" colspan="{span}">{html.escape(row[-1]) if row else ""}</td>')
        body.append(f'<tr class="{"cited" if mark else ""}" data-line="{number}">'
                    f'<th scope="row" class="number">{"▶ " if mark else ""}{number}</th>{"".join(tds)}</tr>')
    # The caption sits above the scrolling region, so on a phone it stays in view while a wide table scrolls.
    return (f"<style>{STYLE}</style>"
            f'<p class="hromada-source-caption">{html.escape(caption)}</p>'
            f'<div class="hromada-source" role="region" aria-label="{html.escape(caption)}" tabindex="0">'
            f'<table>'
            f'<thead><tr><th scope="col" class="number">{html.escape(line_word)}</th>'
            f'<th scope="col" colspan="{width}"></th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')
