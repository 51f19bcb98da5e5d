"""Money charts: programme totals, per resident, budget by theme and direction, the drill-down
treemap, funding mix by ownership, source class and year, and the reconciliation of stated totals."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from etl.contract import OWNERSHIPS
from etl.formatting import (
    format_kuah,
    format_number,
    format_percent,
    format_uah,
)
from hromada.charts.common import (
    Lookup,
    _layout,
    _shorten,
    year_label,
)
from hromada.i18n import t
from hromada.palette import OWNERSHIP_COLOURS, SOURCE_CLASS_COLOURS, STATUS_COLOURS, THEME_COLOURS, text_colour_on


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

