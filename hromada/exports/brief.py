"""The one-page A4 brief of a community, from the frames the pack's queries give.

The page's skeleton is ``brief.html`` (a ``string.Template``) and its style ``brief.css``; this
module fills them: key figures, theme and funding charts as inline SVG, the largest measures,
indicator ambitions and data issues, each with its source line. Nothing is fetched from outside.
"""
from __future__ import annotations

import html
from pathlib import Path, PurePosixPath
from string import Template

import pandas as pd

from etl.contract import OWNERSHIPS
from etl.formatting import format_count, format_kuah, format_percent, format_uah, format_value
from hromada.charts import Lookup
from hromada.exports.figures import is_missing
from hromada.i18n import name_column, t
from hromada.palette import OWNERSHIP_COLOURS, THEME_COLOURS

HERE = Path(__file__).resolve().parent
BRIEF_CSS = (HERE / "brief.css").read_text(encoding="utf-8")
BRIEF_PAGE = Template((HERE / "brief.html").read_text(encoding="utf-8"))
BRIEF_LIMITS = {"measures": 5, "indicators": 5, "issues": 4}
BRIEF_TEXT_LIMIT = 95  # characters of a measure or indicator name on the one-page brief


def brief_word(key: str, lang: str, **values) -> str:
    """The brief's own words ([brief] in hromada/locale); shared ones are read by their page key."""
    return t(f"brief.{key}", lang, **values)


def escape(value) -> str:
    return html.escape("" if is_missing(value) else str(value))


def _shorten(text, limit: int = BRIEF_TEXT_LIMIT) -> str:
    text = "" if is_missing(text) else " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"



def svg_bars(rows: list[tuple[str, float, str, str]], label: str) -> str:
    """Horizontal bars, one per row (label, value, colour, value text): a printable inline SVG."""
    width, row_height, longest_bar = 420, 21, 240
    largest = max([value for _, value, _, _ in rows] + [0]) or 1
    parts = [f'<svg viewBox="0 0 {width} {row_height * len(rows) + 2}" role="img" aria-label="{escape(label)}">']
    for index, (name, value, colour, text) in enumerate(rows):
        top = index * row_height
        bar = value / largest * longest_bar if value > 0 else 0
        parts.append(f'<text x="0" y="{top + 9}" font-size="9.5" fill="#1f1f1f">{escape(name)}</text>')
        parts.append(f'<rect x="0" y="{top + 11}" width="{bar:.1f}" height="8" fill="{escape(colour)}"/>')
        parts.append(f'<text x="{bar + 4:.1f}" y="{top + 18.5}" font-size="9" fill="#333">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)



def svg_stack(parts: list[tuple[str, float, str, str]], label: str) -> str:
    """One 100 % bar split into parts (label, share 0-100, colour, text) with a legend below."""
    width, bar_height, legend_row = 300, 18, 17
    height = bar_height + 8 + legend_row * len(parts)
    svg = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">']
    left = 0.0
    for _, share, colour, _ in parts:
        size = max(share, 0) / 100 * width
        svg.append(f'<rect x="{left:.1f}" y="0" width="{size:.1f}" height="{bar_height}" fill="{escape(colour)}"/>')
        left += size
    for index, (name, _, colour, text) in enumerate(parts):
        top = bar_height + 8 + index * legend_row
        svg.append(f'<rect x="0" y="{top}" width="10" height="10" fill="{escape(colour)}"/>')
        svg.append(f'<text x="15" y="{top + 9}" font-size="9.5" fill="#1f1f1f">{escape(name)}: {escape(text)}</text>')
    svg.append("</svg>")
    return "".join(svg)



def _figure_box(label: str, value: str, note: str) -> str:
    return (f'<div class="figure"><span class="label">{escape(label)}</span><span class="value">{escape(value)}</span>'
            f'<span class="note">{escape(note)}</span></div>')



def _stated_note(row, lang: str) -> str:
    """The document's own total beside the computed one, as the overview cards say it."""
    if is_missing(row["stated_total_kuah"]):
        return t("card_no_stated", lang)
    if float(row["stated_total_kuah"]) == float(row["programme_total_kuah"]):
        return brief_word("stated_same", lang, line=int(row["stated_total_line"]))
    return brief_word("stated_differs", lang, stated=format_kuah(row["stated_total_kuah"], lang),
                      line=int(row["stated_total_line"]))



def _denominator_note(row, document_row, record, lang: str) -> str:
    """Which population the per-resident figure divides by, and the document's own figure if it has one."""
    note = brief_word("denominator", lang, population=format_count(row["denominator_population"], lang),
                      date=pd.Timestamp(row["population_date"]).strftime("%d.%m.%Y"))
    if document_row["denominator_source"] != "document":
        return note
    document_rate = brief_word("document_rate", lang, population=format_count(document_row["denominator_population"], lang),
                               line=int(record["population_document_line"]),
                               rate=format_uah(document_row["per_resident_year"], lang))
    return f"{note}; {document_rate}"



def _key_figures(row, document_row, record, lang: str) -> str:
    funded = bool(row["programme_total_kuah"])
    own_share = format_percent(row["own_share_pct"], lang=lang) if funded else "—"
    other_shares = brief_word("other_shares", lang, external=format_percent(row["external_share_pct"], lang=lang),
                              unspecified=format_percent(row["unspecified_share_pct"], lang=lang)) if funded else ""
    counts = brief_word("counts_value", lang, measures=row["measure_count"], indicators=row["indicator_count"])
    counts_note = brief_word("counts_note", lang, funded=row["measures_with_money"], error=row["issues_error"],
                             warning=row["issues_warning"], info=row["issues_info"])
    return "".join([
        '<section class="figures">',
        _figure_box(brief_word("total", lang), format_kuah(row["programme_total_kuah"], lang), _stated_note(row, lang)),
        _figure_box(t("column.per_resident_year", lang), format_uah(row["per_resident_year"], lang),
                    _denominator_note(row, document_row, record, lang)),
        _figure_box(brief_word("own_share", lang), own_share, other_shares),
        _figure_box(brief_word("counts", lang), counts, counts_note),
        "</section>",
    ])



def _charts_section(themes: pd.DataFrame, mix: pd.DataFrame, lookup: Lookup, lang: str) -> str:
    if themes.empty:
        return f'<p>{escape(brief_word("no_money", lang))}</p>'
    theme_rows = [(lookup.theme_names.get(row.theme_id, row.theme_id), float(row.amount_kuah),
                   THEME_COLOURS.get(row.theme_id, "#777777"),
                   f"{format_kuah(row.amount_kuah, lang)} · {format_percent(row.share_pct, lang=lang)}")
                  for row in themes.itertuples(index=False)]
    mix = mix.set_index("ownership")
    stack = []
    for ownership in OWNERSHIPS:
        share = float(mix.loc[ownership, "share_pct"]) if ownership in mix.index else 0.0
        amount = mix.loc[ownership, "amount_kuah"] if ownership in mix.index else 0
        stack.append((lookup.ownership_names[ownership], share, OWNERSHIP_COLOURS[ownership],
                      f"{format_percent(share, lang=lang)} · {format_kuah(amount, lang)}"))
    themes_title, funding_title = t("sheet.budget_by_theme", lang), brief_word("funding", lang)
    return "".join([
        '<section class="charts">',
        f"<figure><figcaption>{escape(themes_title)}, {escape(t('unit_kuah', lang))}</figcaption>"
        f"{svg_bars(theme_rows, themes_title)}</figure>",
        f"<figure><figcaption>{escape(funding_title)}, %</figcaption>{svg_stack(stack, funding_title)}</figure>",
        "</section>",
    ])



def _more(count: int, sheet: str, lang: str) -> str:
    """Where the rest is: the workbook sheet named ``sheet``."""
    if count <= 0:
        return ""
    return f'<p class="more">{escape(brief_word("more", lang, count=count, sheet=sheet))}</p>'



def _cell(text, number: bool = False, tag: str = "td") -> str:
    return f'<{tag} class="number">{escape(text)}</{tag}>' if number else f"<{tag}>{escape(text)}</{tag}>"


def _table_section(title: str, heading: list[tuple[str, bool]], rows: list[list[tuple[object, bool]]],
                   empty: str, hidden: int, more_sheet: str, lang: str) -> str:
    """A titled table of (text, is a number) cells, a line saying it is empty, and where the rest is."""
    head = "<tr>" + "".join(_cell(text, number, "th") for text, number in heading) + "</tr>"
    body_rows = "".join("<tr>" + "".join(_cell(text, number) for text, number in row) + "</tr>" for row in rows)
    body = f"<table>{head}{body_rows}</table>" if rows else f"<p>{escape(empty)}</p>"
    return f"<section><h2>{escape(title)}</h2>{body}{_more(hidden, more_sheet, lang)}</section>"


def _measures_section(amounts: pd.DataFrame, lookup: Lookup, lang: str, more_sheet: str) -> str:
    limit = BRIEF_LIMITS["measures"]
    top = amounts.sort_values(["amount_kuah", "source_line"], ascending=[False, True], kind="stable").head(limit)
    rows: list[list[tuple[object, bool]]] = [
        [(_shorten(row.measure_name_uk), False), (lookup.theme_names.get(row.theme_id, row.theme_id), False),
         (format_kuah(row.amount_kuah, lang, unit=False), True), (row.source_line, True)]
        for row in top.itertuples(index=False)]
    heading = [(t("col_name", lang), False), (t("theme", lang), False), (t("unit_kuah", lang), True), (t("line", lang), True)]
    return _table_section(brief_word("top_measures", lang), heading, rows, brief_word("no_money", lang),
                          len(amounts) - len(top), more_sheet, lang)



def _indicator_value(value, unit_class: str, lang: str) -> str:
    if is_missing(value):
        return "—"
    if unit_class == "yes_no":
        return t("chart.yes" if float(value) >= 1 else "chart.no", lang)
    return format_value(value, lang)



def _indicators_section(progress: pd.DataFrame, lang: str, more_sheet: str) -> str:
    indicators = progress.drop_duplicates("indicator_id")
    limit = BRIEF_LIMITS["indicators"]
    shown = indicators.head(limit)
    rows: list[list[tuple[object, bool]]] = []
    for row in shown.itertuples(index=False):
        unit = "" if row.unit_class == "yes_no" or is_missing(row.unit) else f" {row.unit}"
        ambition = (f"{_indicator_value(row.baseline_value, row.unit_class, lang)} → "
                    f"{_indicator_value(row.final_target_value, row.unit_class, lang)}{unit}")
        rows.append([(_shorten(row.name_uk), False), (ambition, True), (row.source_line, True)])
    heading = [(brief_word("indicator", lang), False), (brief_word("ambition", lang), True), (t("line", lang), True)]
    return _table_section(brief_word("indicators", lang), heading, rows, brief_word("no_indicators", lang),
                          len(indicators) - len(shown), more_sheet, lang)



def _issues_section(issues: pd.DataFrame, lang: str, more_sheet: str) -> str:
    limit = BRIEF_LIMITS["issues"]
    shown = issues.head(limit)  # the query lists errors first, then warnings, then notes
    message = "message_en" if lang == "en" else "message_uk"
    line = t("line", lang).lower()
    items = "".join(
        f'<li><span class="severity">{escape(t(f"severity_{row.severity}", lang))}</span> · '
        f"{escape(_shorten(getattr(row, message), 2 * BRIEF_TEXT_LIMIT))} "
        f"({escape(line)} {escape('—' if is_missing(row.source_line) else row.source_line)})</li>"
        for row in shown.itertuples(index=False))
    body = f"<ul>{items}</ul>" if items else f'<p>{escape(brief_word("no_issues", lang))}</p>'
    return (f'<section><h2>{escape(t("issues", lang))}</h2>{body}'
            f'{_more(len(issues) - len(shown), more_sheet, lang)}</section>')



def render(lang: str, lookup: Lookup, summary, document_summary, record, themes: pd.DataFrame, mix: pd.DataFrame,
           amounts: pd.DataFrame, progress: pd.DataFrame, issues: pd.DataFrame, more_sheets: dict[str, str]) -> str:
    """The brief's HTML. ``summary``/``document_summary`` are the community's summary rows with the
    official and the document's population, ``record`` its community row; ``more_sheets`` names the
    workbook sheets (measures, indicators, data_issues) that hold what the page leaves out."""
    title = summary[name_column(lang)]
    meta = " · ".join([str(summary["oblast_en" if lang == "en" else "oblast_uk"]),
                       t("card_period", lang, start=summary["period_start"], end=summary["period_end"])])
    return BRIEF_PAGE.substitute(
        lang=lang, css=BRIEF_CSS, title=escape(title), kicker=escape(brief_word("kicker", lang)), meta=escape(meta),
        programme=escape(_shorten(record["programme_title_uk"], 2 * BRIEF_TEXT_LIMIT)),
        key_figures=_key_figures(summary, document_summary, record, lang),
        charts=_charts_section(themes, mix, lookup, lang),
        measures=_measures_section(amounts, lookup, lang, more_sheets["measures"]),
        indicators=_indicators_section(progress, lang, more_sheets["indicators"]),
        issues=_issues_section(issues, lang, more_sheets["data_issues"]),
        # The file's name, not its path in the project: the page is for council members.
        footer=escape(brief_word("footer", lang, file=PurePosixPath(record["source_file"]).name,
                                 sha=record["source_sha256"])))
