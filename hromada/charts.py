"""Chart builders: pure functions from a DataFrame to a Plotly figure.

They never call Streamlit or the database, so tests (and the PNG export) use them directly.
Every figure carries a title with its units; numbers follow the interface language (``69 683,0`` or ``69,683.0``).
Names come from the documents, so every string a trace shows is made Plotly plain text when the
figure is laid out (``_plain_labels``); hover templates take names from the trace (``%{x}``,
``%{fullData.name}``, ``%{customdata}``), never by pasting them into the template.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from etl.contract import OWNERSHIPS
from etl.formatting import (
    format_kuah,
    format_number,
    format_percent,
    format_points,
    format_ratio,
    format_uah,
    format_value,
)
from hromada.i18n import name_column, short_name_column, t
from hromada.palette import OWNERSHIP_COLOURS, SOURCE_CLASS_COLOURS, STATUS_COLOURS, THEME_COLOURS, community_colours, text_colour_on
from hromada.safe_text import plain

SEPARATORS = {"uk": ", ", "en": ".,"}  # Plotly: decimal mark, then thousands separator
FONT = "DejaVu Sans, Arial, sans-serif"
# The title starts below the band where the browser shows Plotly's mode bar, which would
# otherwise cover its end on a phone.
TITLE_TOP_PX = 30
LEGEND_TOP_PX = 60  # under the one-line, 16 px title


@dataclass(frozen=True)
class Lookup:
    """Names and colours the charts need, in one language."""
    lang: str
    community_names: dict[str, str]
    community_colours: dict[str, str]
    theme_names: dict[str, str] = field(default_factory=dict)
    ownership_names: dict[str, str] = field(default_factory=dict)
    source_class_names: dict[str, str] = field(default_factory=dict)

    def community(self, community_id: str) -> str:
        return self.community_names.get(community_id, community_id)

    def named(self, frame: pd.DataFrame, theme: bool = False, ownership: bool = False,
              source: bool = False) -> pd.DataFrame:
        """The frame with readable names beside its ids, for tables and downloads: ``community``,
        and where asked ``theme``, ``ownership_name`` and ``source`` (the funding source class)."""
        names = {"community": [self.community(community) for community in frame["community_id"]]}
        if theme:
            names["theme"] = [self.theme_names[key] for key in frame["theme_id"]]
        if ownership:
            names["ownership_name"] = [self.ownership_names[key] for key in frame["ownership"]]
        if source:
            names["source"] = [self.source_class_names[key] for key in frame["source_class"]]
        return frame.assign(**names)


def make_lookup(lang: str, communities: pd.DataFrame, themes: pd.DataFrame, classes: pd.DataFrame) -> Lookup:
    """The names and colours for ``lang`` from the warehouse's community, theme and source-class rows
    (the dashboard and the pack both build their Lookup here, so they name things alike)."""
    names = dict(zip(communities["community_id"], communities[short_name_column(lang)], strict=True))
    return Lookup(
        lang=lang,
        community_names=names,
        community_colours=community_colours(list(names)),
        theme_names=dict(zip(themes["theme_id"], themes[name_column(lang)], strict=True)),
        ownership_names={key: t(f"ownership_{key}", lang) for key in OWNERSHIPS},
        source_class_names=dict(zip(classes["source_class"], classes[name_column(lang)], strict=True)),
    )


def _layout(figure: go.Figure, title: str, lang: str, height: int = 420, legend: bool = True,
            subtitle: str | None = None) -> go.Figure:
    """Shared look. Titles stay on one line of at most ~40 characters, which fits a phone-width
    chart (Plotly never wraps a title); a subtitle goes in a smaller line just above the plot."""
    if subtitle:
        figure.add_annotation(text=subtitle, xref="paper", yref="paper", x=0, y=1, xanchor="left",
                              yanchor="bottom", yshift=6, showarrow=False, font={"size": 12, "color": "#444444"})
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "yref": "container", "yanchor": "top",
               "font": {"size": 16}},
        font={"family": FONT, "size": 13},
        separators=SEPARATORS[lang],  # Plotly's own tick labels follow the interface language
        height=height,
        margin={"l": 10, "r": 10, "t": 120 if subtitle else 86, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=legend,
        legend={"orientation": "h", "yref": "container", "yanchor": "top", "xanchor": "left", "x": 0,
                "traceorder": "normal"},
        hoverlabel={"font": {"family": FONT}},
    )
    place_header(figure, height)
    _plain_labels(figure)
    figure.update_xaxes(showgrid=False, automargin=True)
    figure.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#999999", automargin=True)
    return figure


# The trace properties that carry text a reader sees: legend names, category labels (ticks), bar,
# heatmap and treemap text, and the values hover templates insert.
# The dumbbell's rows: a name line holds about NAME_LINE_CHARS characters of 12 px text in a
# phone-wide (390 px) chart; a row is DUMBBELL_ROW_PX for its marks plus NAME_LINE_PX per name line.
NAME_LINE_CHARS = 46
NAME_LINE_PX = 15
DUMBBELL_ROW_PX = 31
TEXT_PROPERTIES = ("name", "x", "y", "text", "labels", "customdata", "hovertext")


def _plain(value):
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if getattr(value, "dtype", None) is not None and value.dtype == object:  # a NumPy array of objects
        return [_plain(item) for item in value.tolist()]
    return value


def _plain_labels(figure: go.Figure) -> None:
    """Plotly reads HTML (``<b>``, ``<a href>``, ``<br>``, entities) in every label: document text
    must show as written, so each string in the traces' text properties is escaped, once."""
    for trace in figure.data:
        for name in TEXT_PROPERTIES:
            if name in trace and trace[name] is not None:
                trace[name] = _plain(trace[name])


def place_header(figure: go.Figure, height: int) -> go.Figure:
    """Put the title and, under it, the legend at fixed pixel offsets from the top of the figure
    (Plotly takes fractions of the height, so a tall chart would otherwise drop its title onto the
    legend). Anchored to the container, the legend pushes the plot down as it wraps onto more
    lines in a narrow column instead of growing up over the title. Call again when the figure is
    drawn at another height (the PNG export)."""
    return figure.update_layout(title_y=1 - TITLE_TOP_PX / height, legend_y=1 - LEGEND_TOP_PX / height)


def totals_chart(summary: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """Programme total per community, thousand UAH."""
    lang = lookup.lang
    frame = summary.sort_values("programme_total_kuah", ascending=False)
    names = [lookup.community(community) for community in frame["community_id"]]
    labels = [format_kuah(value, lang, unit=False) for value in frame["programme_total_kuah"]]
    figure = go.Figure(go.Bar(
        x=names, y=[float(value) for value in frame["programme_total_kuah"]],
        marker_color=[lookup.community_colours[community] for community in frame["community_id"]],
        text=labels, textposition="outside", cliponaxis=False,
        customdata=[format_kuah(value, lang) for value in frame["programme_total_kuah"]],
        hovertemplate="%{x}: %{customdata}<extra></extra>", name="",
    ))
    figure.update_yaxes(title_text=t("unit_kuah", lang), tickformat=",.0f")
    return _layout(figure, lang=lang, title=t("card_total", lang), legend=False)


def per_resident_chart(summary: pd.DataFrame, lookup: Lookup, denominator_label: str) -> go.Figure:
    """UAH per resident per programme year, with the denominator named in the title."""
    lang = lookup.lang
    frame = summary.sort_values("per_resident_year", ascending=False)
    figure = go.Figure(go.Bar(
        x=[lookup.community(community) for community in frame["community_id"]],
        y=[float(value) for value in frame["per_resident_year"]],
        marker_color=[lookup.community_colours[community] for community in frame["community_id"]],
        text=[format_number(value, 1, lang=lang) for value in frame["per_resident_year"]], textposition="outside",
        cliponaxis=False, customdata=[format_uah(value, lang) for value in frame["per_resident_year"]],
        hovertemplate="%{x}: %{customdata}<extra></extra>", name="",
    ))
    figure.update_yaxes(title_text=t("per_resident", lang), tickformat=",.0f")
    title = t("chart.per_resident_title", lang)
    return _layout(figure, lang=lang, title=title, legend=False, subtitle=denominator_label)


MEASURE_UNITS = {
    "kuah": ("amount_kuah", "unit_kuah"),
    "share": ("share_pct", "unit_share"),
    "per_resident": ("per_resident_year", "chart.unit_per_resident"),
}


def _format_measure(value, measure: str, lang: str) -> str:
    if measure == "kuah":
        return format_kuah(value, lang)
    if measure == "share":
        return format_percent(value, lang=lang)
    return format_uah(value, lang)


def theme_bars(frame: pd.DataFrame, lookup: Lookup, measure: str = "kuah") -> go.Figure:
    """Stacked bars, communities × harmonized themes, in thousand UAH, share or UAH per resident."""
    lang = lookup.lang
    column, unit_key = MEASURE_UNITS[measure]
    figure = go.Figure()
    communities = list(dict.fromkeys(frame["community_id"]))
    names = [lookup.community(community) for community in communities]
    # Themes in their fixed order (Lookup.theme_names follows theme.sort_order), on every chart.
    order = {theme: position for position, theme in enumerate(lookup.theme_names)}
    groups = sorted(frame.groupby("theme_id", sort=False), key=lambda group: order.get(group[0], len(order)))
    for theme_id, theme_rows in groups:
        values = theme_rows.set_index("community_id")[column]
        y = [float(values.get(community)) if community in values.index and pd.notna(values.get(community)) else 0.0
             for community in communities]
        figure.add_trace(go.Bar(
            name=lookup.theme_names.get(theme_id, theme_id), x=names, y=y,
            marker_color=THEME_COLOURS.get(theme_id, "#777777"),
            # Not shown: which community and theme a clicked bar is (the page opens their measures).
            ids=communities, meta=theme_id,
            customdata=[_format_measure(value, measure, lang) for value in y],
            hovertemplate="%{x} · %{fullData.name}: %{customdata}<extra></extra>",
        ))
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title_text=t(unit_key, lang), tickformat=",.0f")
    title = t("chart.theme_bars_title", lang, unit=t(unit_key, lang))
    return _layout(figure, lang=lang, title=title, height=460)


def priority_bars(frame: pd.DataFrame, lookup: Lookup, measure: str = "kuah") -> go.Figure:
    """Each community's own directions, as written, one bar per direction."""
    lang = lookup.lang
    column, unit_key = MEASURE_UNITS[measure]
    no_direction = t("chart.no_direction", lang)
    labels, values, colours, hover = [], [], [], []
    for row in frame.itertuples(index=False):
        name = row.priority_name_uk if isinstance(row.priority_name_uk, str) else no_direction
        code = f"{row.priority_code}. " if isinstance(row.priority_code, str) and not name.startswith(row.priority_code) else ""
        label = f"{lookup.community(row.community_id)} — {code}{name}"
        labels.append(_shorten(label, 70))
        value = getattr(row, column)
        values.append(float(value) if pd.notna(value) else 0.0)
        colours.append(lookup.community_colours[row.community_id])
        hover.append(_format_measure(value, measure, lang))
    figure = go.Figure(go.Bar(y=labels, x=values, orientation="h", marker_color=colours, customdata=hover,
                              hovertemplate="%{y}: %{customdata}<extra></extra>", name=""))
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=t(unit_key, lang), tickformat=",.0f", showgrid=True, gridcolor="#e5e5e5")
    title = t("chart.priority_bars_title", lang, unit=t(unit_key, lang))
    return _layout(figure, lang=lang, title=title, height=max(320, 28 * len(labels) + 120), legend=False)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def drilldown_treemap(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """Community → its own direction → measure, sized by thousand UAH."""
    lang = lookup.lang
    line_word = t("chart.line_word", lang)
    measures = frame.assign(
        direction=frame["priority_code"].fillna("-"),
        direction_name=frame["priority_name_uk"].fillna(t("chart.no_direction", lang)),
        amount=frame["amount_kuah"].astype(float),
    )
    measures["direction_id"] = measures["community_id"] + "/" + measures["direction"]
    communities = measures.groupby("community_id", sort=False, as_index=False)["amount"].sum()
    directions = measures.groupby(["community_id", "direction_id"], sort=False, as_index=False).agg(
        name=("direction_name", "first"), amount=("amount", "sum"))
    ids = list(communities["community_id"]) + list(directions["direction_id"]) + list(
        measures["direction_id"] + "/" + measures["measure_id"])
    labels = ([lookup.community(community) for community in communities["community_id"]]
              + [_shorten(name) for name in directions["name"]] + [_shorten(name) for name in measures["measure_name_uk"]])
    parents = [""] * len(communities) + list(directions["community_id"]) + list(measures["direction_id"])
    values = list(communities["amount"]) + list(directions["amount"]) + list(measures["amount"])
    colours = [lookup.community_colours[community] for community in
               list(communities["community_id"]) + list(directions["community_id"]) + list(measures["community_id"])]
    hover = ([format_kuah(value, lang) for value in communities["amount"]]
             + [format_kuah(value, lang) for value in directions["amount"]]
             + [f"{format_kuah(amount, lang)} · {line_word} {line}"
                for amount, line in zip(measures["amount_kuah"], measures["source_line"], strict=True)])
    figure = go.Figure(go.Treemap(
        ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
        marker={"colors": colours, "line": {"color": "white", "width": 1}}, customdata=hover,
        # Plotly's automatic label colour can be grey on a light tile; pick the readable one.
        textfont={"color": [text_colour_on(colour) for colour in colours]},
        hovertemplate="%{label}<br>%{customdata}<extra></extra>", texttemplate="%{label}<br>%{customdata}",
        maxdepth=2,
    ))
    title = t("chart.treemap_title", lang)
    return _layout(figure, lang=lang, title=title, height=560, legend=False)


def year_label(year, align: str, lang: str) -> str:
    """A year as the charts name it: ``2026``, or ``рік 1`` when programmes are aligned by their year."""
    if pd.isna(year):
        return t("no_year", lang)
    return f"{t('chart.year_word', lang)} {int(year)}" if align == "programme" else str(int(year))


def _share_bars(frame: pd.DataFrame, lookup: Lookup, rows: list[str], series_column: str, series: list[str],
                names: dict[str, str], colours: dict[str, str], axis_key: str, label_inside: bool = False
                ) -> go.Figure:
    """Horizontal 100 % stacked bars, one bar per row label (``frame["label"]``), one trace per series
    (ownership or source class)."""
    lang = lookup.lang
    shares = frame.pivot_table(index="label", columns=series_column, values="share_pct", aggfunc="sum", sort=False)
    amounts = frame.assign(amount=frame["amount_kuah"].astype(float)).pivot_table(
        index="label", columns=series_column, values="amount", aggfunc="sum", sort=False)
    figure = go.Figure()
    for key in series:
        share = shares.reindex(rows)[key].fillna(0.0).astype(float) if key in shares else pd.Series(0.0, index=rows)
        amount = amounts.reindex(rows)[key].fillna(0) if key in amounts else pd.Series(0, index=rows)
        name = names.get(key, key)
        figure.add_trace(go.Bar(
            name=name, y=rows, x=list(share), orientation="h", marker_color=colours.get(key, "#777777"),
            text=[format_percent(value, 0, lang=lang) if value >= 4 else "" for value in share] if label_inside else None,
            textposition="inside" if label_inside else None,
            customdata=[f"{format_percent(value, lang=lang)} · {format_kuah(money, lang)}"
                        for value, money in zip(share, amount, strict=True)],
            hovertemplate="%{y} · %{fullData.name}: %{customdata}<extra></extra>",
        ))
    figure.update_layout(barmode="stack")
    figure.update_xaxes(range=[0, 100], ticksuffix="%" if lang == "en" else "\u00a0%", title_text=t(axis_key, lang))
    figure.update_yaxes(autorange="reversed")
    return figure


def ownership_bars(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """100 % stacked bars: own, external and unspecified money per community."""
    frame = frame.assign(label=[lookup.community(community) for community in frame["community_id"]])
    rows = list(dict.fromkeys(frame["label"]))
    figure = _share_bars(frame, lookup, rows, "ownership", list(OWNERSHIPS), lookup.ownership_names,
                         OWNERSHIP_COLOURS, "chart.programme_money_axis", label_inside=True)
    title = t("chart.ownership_title", lookup.lang)
    return _layout(figure, lang=lookup.lang, title=title, height=max(300, 60 * len(rows) + 140))


def ownership_by_year(frame: pd.DataFrame, lookup: Lookup, align: str = "calendar") -> go.Figure:
    """100 % stacked bars per community and year."""
    lang = lookup.lang
    year_column = "programme_year" if align == "programme" else "year"
    frame = frame.assign(label=[f"{lookup.community(community)} · {year_label(year, align, lang)}"
                                for community, year in zip(frame["community_id"], frame[year_column], strict=True)])
    rows = list(dict.fromkeys(frame["label"]))
    figure = _share_bars(frame, lookup, rows, "ownership", list(OWNERSHIPS), lookup.ownership_names,
                         OWNERSHIP_COLOURS, "chart.year_money_axis")
    title = t("chart.ownership_by_year_title", lang)
    return _layout(figure, lang=lang, title=title, height=max(320, 26 * len(rows) + 160))


def source_class_bars(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """100 % stacked bars by funding source class."""
    frame = frame.assign(label=[lookup.community(community) for community in frame["community_id"]])
    rows = list(dict.fromkeys(frame["label"]))
    figure = _share_bars(frame, lookup, rows, "source_class", list(dict.fromkeys(frame["source_class"])),
                         lookup.source_class_names, SOURCE_CLASS_COLOURS, "chart.programme_money_axis")
    title = t("chart.source_classes_title", lookup.lang)
    return _layout(figure, lang=lookup.lang, title=title, height=max(300, 60 * len(rows) + 160))


def year_totals_chart(frame: pd.DataFrame, lookup: Lookup, align: str = "calendar") -> go.Figure:
    """Money per year, grouped by community; one row per community and year (queries.year_totals)."""
    lang = lookup.lang
    year_column = "programme_year" if align == "programme" else "year"
    dated = frame[frame[year_column].notna()]
    figure = go.Figure()
    for community, part in dated.groupby("community_id", sort=False):
        figure.add_trace(go.Bar(
            name=lookup.community(community), x=[year_label(year, align, lang) for year in part[year_column]],
            y=[float(value) for value in part["amount_kuah"]],
            marker_color=lookup.community_colours[community],
            text=[format_kuah(value, lang, unit=False) for value in part["amount_kuah"]], textposition="outside",
            cliponaxis=False, customdata=[format_kuah(value, lang) for value in part["amount_kuah"]],
            hovertemplate="%{fullData.name} · %{x}: %{customdata}<extra></extra>",
        ))
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category", categoryorder="category ascending")
    figure.update_yaxes(title_text=t("unit_kuah", lang), tickformat=",.0f")
    return _layout(figure, lang=lang, title=t("chart.year_totals_title", lang))


# Whether a target moves the way its reviewed polarity calls good (mart_indicator_progress.direction).
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
    finals["label"] = [f"{label} · {line_word} {first_line[indicator]}" if labels.count(label) > 1 else label
                       for label, indicator in zip(labels, finals["indicator_id"], strict=True)]
    finals["label_name"] = [f"{name} · {line_word} {first_line[indicator]}" if labels.count(label) > 1 else name
                            for name, label, indicator in zip(finals["name_uk"], labels, finals["indicator_id"], strict=True)]
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
        name = _shorten(row.name_uk, 55)
        names.append((row.indicator_id, f"{lookup.community(row.community_id)}: {name}", row.baseline_value))
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
    return _layout(figure, lang=lang, title=title, height=max(260, 34 * len(names) + 140), legend=False)


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


def reconciliation_chart(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """Stated totals against what the measures add up to: how many agree, differ or are blank."""
    lang = lookup.lang
    labels = {"agrees": t("status_agrees", lang), "differs": t("status_differs", lang),
              "blank": t("status_blank", lang)}
    communities = list(dict.fromkeys(frame["community_id"]))
    figure = go.Figure()
    for status in ("agrees", "differs", "blank"):
        counts = [int(((frame["community_id"] == community) & (frame["status"] == status)).sum()) for community in communities]
        figure.add_trace(go.Bar(name=labels[status], y=[lookup.community(community) for community in communities],
                                x=counts, orientation="h", marker_color=STATUS_COLOURS[status], text=counts,
                                textposition="inside"))
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=t("chart.total_count", lang))
    title = t("chart.reconciliation_title", lang)
    return _layout(figure, lang=lang, title=title, height=max(280, 55 * len(communities) + 150))


def own_external_per_resident(summary: pd.DataFrame, lookup: Lookup, denominator_label: str) -> go.Figure:
    """Own and external money per resident per programme year, UAH, a pair of bars per community
    (``own_per_resident_year``, ``external_per_resident_year`` of ``queries.community_summary``).
    Communities along the bottom, as in ``per_resident_chart``, so the plot keeps the full width
    of a phone. A community whose amounts name no source gets no bars but the words "no source
    stated": its split is unknown, not zero."""
    lang = lookup.lang
    names = [lookup.community(community) for community in summary["community_id"]]
    columns = {"own": "own_per_resident_year", "external": "external_per_resident_year"}
    figure = go.Figure()
    for ownership, column in columns.items():
        values = [None if pd.isna(value) else float(value) for value in summary[column]]
        figure.add_trace(go.Bar(
            name=lookup.ownership_names.get(ownership, ownership), x=names, y=values,
            marker_color=OWNERSHIP_COLOURS[ownership],
            text=[format_number(value, 1, lang=lang) if value is not None else "" for value in values],
            textposition="outside", cliponaxis=False,
            customdata=[format_uah(value, lang) for value in values],
            hovertemplate="%{x} · %{fullData.name}: %{customdata}<extra></extra>",
        ))
    unknown = summary[columns["own"]].isna() & summary[columns["external"]].isna()
    # By position on the category axis: the names themselves are escaped when the figure is laid out.
    for position in [index for index, missing in enumerate(unknown) if missing]:
        figure.add_annotation(text=t("chart.no_source", lang), x=position, y=0,
                              xref="x", yref="y", yanchor="bottom", textangle=-90, showarrow=False,
                              font={"color": "#444444"})
    highest = max([float(value) for column in columns.values() for value in summary[column].dropna()] or [1.0])
    figure.update_layout(barmode="group", legend={"xref": "container"})
    # Headroom above the tallest bar for its label.
    figure.update_yaxes(title_text=t("per_resident", lang),
                        tickformat=",.0f", range=[0, highest * 1.15])
    title = t("chart.compare_per_resident_title", lang)
    return _layout(figure, lang=lang, title=title, height=460, subtitle=denominator_label)
