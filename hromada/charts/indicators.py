"""Indicator charts: baseline against target (the dumbbell), yes/no statuses by year, and how many
measures carry a measurable target."""
from __future__ import annotations

import textwrap
from collections import Counter

import pandas as pd
import plotly.graph_objects as go

from etl.formatting import (
    format_points,
    format_ratio,
    format_value,
)
from hromada.charts.common import (
    Lookup,
    _layout,
    _shorten,
)
from hromada.i18n import t

# The dumbbell's rows: a name line holds about NAME_LINE_CHARS characters of 12 px text in a
# phone-wide (390 px) chart; a row is DUMBBELL_ROW_PX for its marks plus NAME_LINE_PX per name line.
NAME_LINE_CHARS = 46
NAME_LINE_PX = 15
DUMBBELL_ROW_PX = 31
# The yes/no grid's row labels: two lines of this many characters under the community's name.
YES_NO_LINE_CHARS = 30
YES_NO_ROW_PX = 50


DIRECTIONS = ("improves", "worsens", "unchanged", None)
DIRECTION_COLOURS = {"improves": "#009E73", "worsens": "#D55E00", "unchanged": "#666666", None: "#999999"}


def direction_name(direction: str | None, lang: str) -> str:
    return {
        "improves": t("chart.improves", lang),
        "worsens": t("chart.worsens", lang),
        "unchanged": t("chart.unchanged", lang),
        None: t("chart.no_baseline", lang),
    }[None if pd.isna(direction) else direction]


def format_change(value, measure: str | None, lang: str, unit: str | None = None) -> str:
    """A target's change in the measure the mart chose: ``+96,0 в. п.``, ``×4,5`` or ``+9 шт.``."""
    if measure is None or pd.isna(measure) or value is None or pd.isna(value):
        return "—"
    if measure == "points":
        return format_points(value, lang=lang)
    if measure == "ratio":
        return format_ratio(value, lang)
    text = format_value(value, lang)
    sign = "+" if float(value) > 0 else ""
    return f"{sign}{text} {unit}".strip() if unit else f"{sign}{text}"


def _with_unit(value, unit: str, lang: str) -> str:
    text = format_value(value, lang)
    if text == "—" or not unit:
        return text
    if unit == "%":
        return f"{text}%" if lang == "en" else f"{text}\u00a0%"
    return f"{text} {unit}"


def indicator_dumbbell(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """Baseline (○) → final target (a reference mark │) per indicator, one row each.

    Colour says whether the target moves the way the indicator's polarity calls good; the row's
    label names the community when several are shown. One line trace and one target trace per
    direction, one baseline trace and one trace of names, however many indicators, so the chart
    stays quick to build and draw (an annotation per name cost about a second in the browser).
    """
    lang = lookup.lang
    finals = frame.drop_duplicates("indicator_id").copy()
    several = finals["community_id"].nunique() > 1
    short = [_shorten(name, 60) for name in finals["name_uk"]]
    labels = [f"{lookup.community(community)} · {label}" if several else label
              for label, community in zip(short, finals["community_id"], strict=True)]
    # One community's near-identical names stay apart by the document line they start on.
    first_line = frame.groupby("indicator_id")["source_line"].min()
    line_word = t("chart.line_word", lang)
    repeated = Counter(labels)
    suffixes = [f" · {line_word} {first_line[indicator]}" if repeated[label] > 1 else ""
                for label, indicator in zip(labels, finals["indicator_id"], strict=True)]
    finals["label"] = [label + suffix for label, suffix in zip(labels, suffixes, strict=True)]
    finals["label_name"] = [name + suffix for name, suffix in zip(finals["name_uk"], suffixes, strict=True)]
    baseline_word, target_word = t("chart.baseline", lang), t("chart.target", lang)
    change_word = t("column.final_change_abs", lang)
    units = ["" if pd.isna(unit) else str(unit) for unit in finals["unit"]]
    finals["baseline_text_shown"] = [_with_unit(value, unit, lang) for value, unit in zip(finals["baseline_value"], units, strict=True)]
    finals["target_shown"] = [_with_unit(value, unit, lang) for value, unit in zip(finals["final_target_value"], units, strict=True)]
    finals["change_shown"] = [format_change(value, measure, lang, unit) for value, measure, unit
                              in zip(finals["final_change"], finals["change_measure"], units, strict=True)]
    finals["year_shown"] = ["" if pd.isna(year) else f" {int(year)}" for year in finals["final_target_year"]]
    # Rows are numbered from the top; each name is drawn just above its row across the full width
    # (one text trace: a tick label would take most of a phone's width and still be cut off).
    finals["row"] = range(len(finals))
    figure = go.Figure()
    for direction in DIRECTIONS:
        rows = finals[finals["direction"].isna() if direction is None else finals["direction"] == direction]
        if rows.empty:
            continue
        colour = DIRECTION_COLOURS[direction]
        line_x, line_y = [], []
        for row, start, end in zip(rows["row"], rows["baseline_value"], rows["final_target_value"], strict=True):
            if pd.notna(start) and pd.notna(end):
                line_x += [float(start), float(end), None]
                line_y += [row, row, None]
        figure.add_trace(go.Scatter(x=line_x, y=line_y, mode="lines", line={"color": colour, "width": 3},
                                    showlegend=False, hoverinfo="skip", legendgroup=str(direction)))
        figure.add_trace(go.Scatter(
            x=[float(value) if pd.notna(value) else None for value in rows["final_target_value"]], y=list(rows["row"]),
            mode="markers", name=direction_name(direction, lang), legendgroup=str(direction),
            marker={"symbol": "line-ns", "size": 20, "color": colour, "line": {"width": 4, "color": colour}},
            customdata=[[label, target, year, change, baseline] for label, target, year, change, baseline in zip(
                rows["label"], rows["target_shown"], rows["year_shown"], rows["change_shown"], rows["baseline_text_shown"], strict=True)],
            hovertemplate="%{customdata[0]}<br>" + baseline_word + ": %{customdata[4]}<br>" + target_word
                          + "%{customdata[2]}: %{customdata[1]}<br>" + change_word + ": %{customdata[3]}<extra></extra>"))
    with_baseline = finals[finals["baseline_value"].notna()]
    figure.add_trace(go.Scatter(
        x=[float(value) for value in with_baseline["baseline_value"]], y=list(with_baseline["row"]), mode="markers",
        name=t("chart.baseline_trace", lang),
        marker={"symbol": "circle-open", "size": 11, "color": "#333333", "line": {"width": 2}},
        customdata=[[label, shown] for label, shown in zip(with_baseline["label"], with_baseline["baseline_text_shown"], strict=True)],
        hovertemplate="%{customdata[0]}<br>" + baseline_word + ": %{customdata[1]}<extra></extra>"))
    values = [float(value) for column in ("baseline_value", "final_target_value")
              for value in finals[column] if pd.notna(value)]
    low, high = min([0.0, *values]), max([1.0, *values])
    left = low - (high - low) * 0.03
    # Each name wrapped to lines a phone-wide chart holds (its community on a line of its own), so
    # no name runs off the right edge; the rows are spaced for the most lines any name takes.
    name_lines = [_name_lines(label, lookup.community(community) if several else None)
                  for label, community in zip(finals["label_name"], finals["community_id"], strict=True)]
    lines = max((len(block) for block in name_lines), default=1)
    pitch = DUMBBELL_ROW_PX + NAME_LINE_PX * lines
    figure.add_trace(go.Scatter(
        x=[left] * len(finals), y=[row - (9 + NAME_LINE_PX * lines / 2) / pitch for row in range(len(finals))],
        text=["\n".join(block) for block in name_lines],
        mode="text", textposition="middle right", textfont={"size": 12, "color": "#333333"}, cliponaxis=False,
        showlegend=False, hoverinfo="skip"))
    figure.update_yaxes(range=[len(finals) - 0.5, -0.8], showticklabels=False, showgrid=False, zeroline=False)
    percent = set(finals["unit_class"]) == {"percent"}
    axis = "%" if percent else t("chart.indicator_units", lang)
    figure.update_xaxes(title_text=axis, range=[left, high + (high - low) * 0.03], showgrid=True, gridcolor="#e5e5e5",
                        tickformat=",", zeroline=False)
    title = t("chart.dumbbell_title", lang)
    figure = _layout(figure, lang=lang, title=title, height=max(320, pitch * len(finals) + 180))
    names = figure.data[-1]  # escaped by _layout like every label; only then do the line breaks become <br>
    names.text = [text.replace("\n", "<br>") for text in names.text]
    return figure


def _name_lines(name: str, community: str | None) -> list[str]:
    wrapped = textwrap.wrap(name, NAME_LINE_CHARS, max_lines=2, placeholder=" …") or [""]
    return [community, *wrapped] if community else wrapped


def yes_no_status(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """Yes/no indicators as statuses by year: a grid of Так / Ні."""
    lang = lookup.lang
    yes, no = t("chart.yes", lang), t("chart.no", lang)
    names = []
    for row in frame.drop_duplicates("indicator_id").itertuples(index=False):
        # The community on a line of its own and the name wrapped to two short lines, so the labels
        # leave a phone-wide chart room for the grid (one 75-character line left it none).
        lines = [lookup.community(row.community_id),
                 *textwrap.wrap(row.name_uk, YES_NO_LINE_CHARS, max_lines=2, placeholder=" …")]
        names.append((row.indicator_id, "\n".join(lines), row.baseline_value))
    years = sorted({int(year) for year in frame["year"].dropna()})
    columns = [t("chart.baseline", lang)] + [str(year) for year in years]
    z, text = [], []
    for indicator_id, _, baseline in names:
        targets = frame[frame["indicator_id"] == indicator_id].set_index("year")["target_value"]
        values = [baseline] + [targets.get(year) for year in years]
        z.append([None if pd.isna(value) else float(value) for value in values])
        text.append(["—" if pd.isna(value) else (yes if float(value) >= 1 else no) for value in values])
    figure = go.Figure(go.Heatmap(
        z=z, x=columns, y=[label for _, label, _ in names], text=text, texttemplate="%{text}",
        colorscale=[[0, "#F4D6C5"], [1, "#B8DDCC"]], zmin=0, zmax=1, showscale=False, xgap=2, ygap=2,
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
    ))
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(side="top", type="category")
    title = t("chart.yes_no_title", lang)
    figure = _layout(figure, lang=lang, title=title, height=max(260, YES_NO_ROW_PX * len(names) + 140), legend=False)
    grid = figure.data[0]  # escaped by _layout like every label; only then do the line breaks become <br>
    grid.y = [label.replace("\n", "<br>") for label in grid.y]
    return figure


def measurable_targets_chart(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """How many measures carry a measurable target, per community."""
    lang = lookup.lang
    names = [lookup.community(community) for community in frame["community_id"]]
    with_target = [int(value) for value in frame["with_target"]]
    without = [int(total) - int(count) for total, count in zip(frame["measure_count"], frame["with_target"], strict=True)]
    figure = go.Figure([
        go.Bar(name=t("chart.with_target", lang), y=names, x=with_target,
               orientation="h", marker_color="#009E73", text=with_target, textposition="inside"),
        go.Bar(name=t("chart.without_target", lang), y=names, x=without,
               orientation="h", marker_color="#BBBBBB", text=without, textposition="inside"),
    ])
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=t("chart.measure_count", lang), dtick=5)
    title = t("chart.measurable_title", lang)
    return _layout(figure, lang=lang, title=title, height=max(280, 55 * len(names) + 150))


