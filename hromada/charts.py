"""Chart builders: pure functions from a DataFrame to a Plotly figure.

They never call Streamlit or the database, so tests (and the PNG export) use them directly.
Every figure carries a title with its units; numbers use Ukrainian separators (``69 683,0``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from hromada.formatting import format_kuah, format_number, format_percent, format_uah, format_value
from hromada.palette import OWNERSHIP_COLOURS, SOURCE_CLASS_COLOURS, STATUS_COLOURS, THEME_COLOURS

FONT = "DejaVu Sans, Arial, sans-serif"
OWNERSHIPS = ("own", "external", "unspecified")


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


def _words(lang: str, uk: str, en: str) -> str:
    return en if lang == "en" else uk


def _layout(figure: go.Figure, title: str, height: int = 420, legend: bool = True) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "y": 0.985, "yref": "container", "yanchor": "top",
               "font": {"size": 17}},
        font={"family": FONT, "size": 13},
        separators=", ",  # decimal comma, space between thousands
        height=height,
        margin={"l": 10, "r": 10, "t": 100 if legend else 70, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "traceorder": "normal"},
        hoverlabel={"font": {"family": FONT}},
    )
    figure.update_xaxes(showgrid=False, automargin=True)
    figure.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#999999", automargin=True)
    return figure


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
    figure.update_yaxes(title_text=_words(lang, "тис. грн", "thousand UAH"), tickformat=",.0f")
    return _layout(figure, _words(lang, "Сума програми, тис. грн", "Programme total, thousand UAH"), legend=False)


def per_resident_chart(summary: pd.DataFrame, lookup: Lookup, denominator_label: str) -> go.Figure:
    """UAH per resident per programme year, with the denominator named in the title."""
    lang = lookup.lang
    frame = summary.sort_values("per_resident_year", ascending=False)
    figure = go.Figure(go.Bar(
        x=[lookup.community(community) for community in frame["community_id"]],
        y=[float(value) for value in frame["per_resident_year"]],
        marker_color=[lookup.community_colours[community] for community in frame["community_id"]],
        text=[format_number(value, 1) for value in frame["per_resident_year"]], textposition="outside",
        cliponaxis=False, customdata=[format_uah(value, lang) for value in frame["per_resident_year"]],
        hovertemplate="%{x}: %{customdata}<extra></extra>", name="",
    ))
    figure.update_yaxes(title_text=_words(lang, "грн на мешканця на рік", "UAH per resident per year"), tickformat=",.0f")
    title = _words(lang, "Гривень на мешканця на рік програми", "UAH per resident per programme year")
    return _layout(figure, f"{title}<br><sup>{denominator_label}</sup>", legend=False)


MEASURE_UNITS = {
    "kuah": ("amount_kuah", "тис. грн", "thousand UAH"),
    "share": ("share_pct", "% програми", "% of the programme"),
    "per_resident": ("per_resident_year", "грн на мешканця на рік", "UAH per resident per year"),
}


def _format_measure(value, measure: str, lang: str) -> str:
    if measure == "kuah":
        return format_kuah(value, lang)
    if measure == "share":
        return format_percent(value)
    return format_uah(value, lang)


def theme_bars(frame: pd.DataFrame, lookup: Lookup, measure: str = "kuah") -> go.Figure:
    """Stacked bars, communities × harmonized themes, in thousand UAH, share or UAH per resident."""
    lang = lookup.lang
    column, unit_uk, unit_en = MEASURE_UNITS[measure]
    figure = go.Figure()
    communities = list(dict.fromkeys(frame["community_id"]))
    names = [lookup.community(community) for community in communities]
    for theme_id, theme_rows in frame.groupby("theme_id", sort=False):
        values = theme_rows.set_index("community_id")[column]
        y = [float(values.get(community)) if community in values.index and pd.notna(values.get(community)) else 0.0
             for community in communities]
        figure.add_trace(go.Bar(
            name=lookup.theme_names.get(theme_id, theme_id), x=names, y=y,
            marker_color=THEME_COLOURS.get(theme_id, "#777777"),
            customdata=[_format_measure(value, measure, lang) for value in y],
            hovertemplate="%{x} · " + lookup.theme_names.get(theme_id, theme_id) + ": %{customdata}<extra></extra>",
        ))
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title_text=_words(lang, unit_uk, unit_en), tickformat=",.0f")
    title = _words(lang, f"Бюджет за темами, {unit_uk}", f"Budget by theme, {unit_en}")
    return _layout(figure, title, height=460)


def priority_bars(frame: pd.DataFrame, lookup: Lookup, measure: str = "kuah") -> go.Figure:
    """Each community's own directions, as written, one bar per direction."""
    lang = lookup.lang
    column, unit_uk, unit_en = MEASURE_UNITS[measure]
    no_direction = _words(lang, "(без напряму)", "(no direction)")
    labels, values, colours, hover = [], [], [], []
    for row in frame.itertuples(index=False):
        name = row.priority_name_uk if isinstance(row.priority_name_uk, str) else no_direction
        code = f"{row.priority_code}. " if isinstance(row.priority_code, str) and not name.startswith(row.priority_code) else ""
        label = f"{lookup.community(row.community_id)} — {code}{name}"
        labels.append(label if len(label) <= 70 else label[:69] + "…")
        value = getattr(row, column)
        values.append(float(value) if pd.notna(value) else 0.0)
        colours.append(lookup.community_colours[row.community_id])
        hover.append(_format_measure(value, measure, lang))
    figure = go.Figure(go.Bar(y=labels, x=values, orientation="h", marker_color=colours, customdata=hover,
                              hovertemplate="%{y}: %{customdata}<extra></extra>", name=""))
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=_words(lang, unit_uk, unit_en), tickformat=",.0f", showgrid=True, gridcolor="#e5e5e5")
    title = _words(lang, f"Бюджет за власними напрямами громад, {unit_uk}", f"Budget by each community's own directions, {unit_en}")
    return _layout(figure, title, height=max(320, 28 * len(labels) + 120), legend=False)


def drilldown_treemap(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """Community → its own direction → measure, sized by thousand UAH."""
    lang = lookup.lang
    no_direction = _words(lang, "(без напряму)", "(no direction)")
    ids, labels, parents, values, colours, hover = [], [], [], [], [], []
    for community, community_rows in frame.groupby("community_id", sort=False):
        total = community_rows["amount_kuah"].sum()
        ids.append(community)
        labels.append(lookup.community(community))
        parents.append("")
        values.append(float(total))
        colours.append(lookup.community_colours[community])
        hover.append(format_kuah(total, lang))
        for direction, direction_rows in community_rows.groupby(community_rows["priority_code"].fillna("-"), sort=False):
            name = direction_rows["priority_name_uk"].iloc[0]
            name = name if isinstance(name, str) else no_direction
            direction_id = f"{community}/{direction}"
            ids.append(direction_id)
            labels.append(name if len(name) <= 60 else name[:59] + "…")
            parents.append(community)
            values.append(float(direction_rows["amount_kuah"].sum()))
            colours.append(lookup.community_colours[community])
            hover.append(format_kuah(direction_rows["amount_kuah"].sum(), lang))
            for measure in direction_rows.itertuples(index=False):
                ids.append(f"{direction_id}/{measure.measure_id}")
                labels.append(measure.measure_name_uk if len(measure.measure_name_uk) <= 60 else measure.measure_name_uk[:59] + "…")
                parents.append(direction_id)
                values.append(float(measure.amount_kuah))
                colours.append(lookup.community_colours[community])
                hover.append(f"{format_kuah(measure.amount_kuah, lang)} · {_words(lang, 'рядок', 'line')} {measure.source_line}")
    figure = go.Figure(go.Treemap(
        ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
        marker={"colors": colours, "line": {"color": "white", "width": 1}}, customdata=hover,
        hovertemplate="%{label}<br>%{customdata}<extra></extra>", texttemplate="%{label}<br>%{customdata}",
        maxdepth=2,
    ))
    title = _words(lang, "Від громади до напряму і заходу, тис. грн", "From community to direction and measure, thousand UAH")
    return _layout(figure, title, height=560, legend=False)


def ownership_bars(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """100 % stacked bars: own, external and unspecified money per community."""
    lang = lookup.lang
    communities = list(dict.fromkeys(frame["community_id"]))
    names = [lookup.community(community) for community in communities]
    figure = go.Figure()
    for ownership in OWNERSHIPS:
        part = frame[frame["ownership"] == ownership].set_index("community_id")
        shares = [float(part.loc[community, "share_pct"]) if community in part.index else 0.0 for community in communities]
        amounts = [part.loc[community, "amount_kuah"] if community in part.index else 0 for community in communities]
        figure.add_trace(go.Bar(
            name=lookup.ownership_names.get(ownership, ownership), y=names, x=shares, orientation="h",
            marker_color=OWNERSHIP_COLOURS[ownership],
            text=[format_percent(share, 0) if share >= 4 else "" for share in shares], textposition="inside",
            customdata=[f"{format_percent(share)} · {format_kuah(amount, lang)}" for share, amount in zip(shares, amounts)],
            hovertemplate="%{y} · " + lookup.ownership_names.get(ownership, ownership) + ": %{customdata}<extra></extra>",
        ))
    figure.update_layout(barmode="stack")
    figure.update_xaxes(range=[0, 100], ticksuffix=" %", title_text=_words(lang, "% коштів програми", "% of the programme's money"))
    figure.update_yaxes(autorange="reversed")
    title = _words(lang, "Власні та зовнішні кошти, % суми програми", "Own and external money, % of the programme total")
    return _layout(figure, title, height=max(300, 60 * len(communities) + 140))


def ownership_by_year(frame: pd.DataFrame, lookup: Lookup, align: str = "calendar") -> go.Figure:
    """100 % stacked bars per community and year."""
    lang = lookup.lang
    year_column = "programme_year" if align == "programme" else "year"
    no_year = _words(lang, "без року", "no year")
    frame = frame.copy()
    frame["label"] = [
        f"{lookup.community(community)} · {no_year if pd.isna(year) else (('рік ' if lang == 'uk' else 'year ') + str(int(year)) if align == 'programme' else int(year))}"
        for community, year in zip(frame["community_id"], frame[year_column])
    ]
    labels = list(dict.fromkeys(frame["label"]))
    figure = go.Figure()
    for ownership in OWNERSHIPS:
        part = frame[frame["ownership"] == ownership].groupby("label").agg(share_pct=("share_pct", "sum"), amount_kuah=("amount_kuah", "sum"))
        shares = [float(part.loc[label, "share_pct"]) if label in part.index else 0.0 for label in labels]
        amounts = [part.loc[label, "amount_kuah"] if label in part.index else 0 for label in labels]
        figure.add_trace(go.Bar(
            name=lookup.ownership_names.get(ownership, ownership), y=labels, x=shares, orientation="h",
            marker_color=OWNERSHIP_COLOURS[ownership],
            customdata=[f"{format_percent(share)} · {format_kuah(amount, lang)}" for share, amount in zip(shares, amounts)],
            hovertemplate="%{y} · " + lookup.ownership_names.get(ownership, ownership) + ": %{customdata}<extra></extra>",
        ))
    figure.update_layout(barmode="stack")
    figure.update_xaxes(range=[0, 100], ticksuffix=" %", title_text=_words(lang, "% коштів року", "% of the year's money"))
    figure.update_yaxes(autorange="reversed")
    title = _words(lang, "Власні та зовнішні кошти за роками, %", "Own and external money by year, %")
    return _layout(figure, title, height=max(320, 26 * len(labels) + 160))


def source_class_bars(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """100 % stacked bars by funding source class."""
    lang = lookup.lang
    communities = list(dict.fromkeys(frame["community_id"]))
    names = [lookup.community(community) for community in communities]
    figure = go.Figure()
    for source_class, part in frame.groupby("source_class", sort=False):
        part = part.set_index("community_id")
        shares = [float(part.loc[community, "share_pct"]) if community in part.index else 0.0 for community in communities]
        amounts = [part.loc[community, "amount_kuah"] if community in part.index else 0 for community in communities]
        name = lookup.source_class_names.get(source_class, source_class)
        figure.add_trace(go.Bar(
            name=name, y=names, x=shares, orientation="h", marker_color=SOURCE_CLASS_COLOURS.get(source_class, "#777777"),
            customdata=[f"{format_percent(share)} · {format_kuah(amount, lang)}" for share, amount in zip(shares, amounts)],
            hovertemplate="%{y} · " + name + ": %{customdata}<extra></extra>",
        ))
    figure.update_layout(barmode="stack")
    figure.update_xaxes(range=[0, 100], ticksuffix=" %", title_text=_words(lang, "% коштів програми", "% of the programme's money"))
    figure.update_yaxes(autorange="reversed")
    title = _words(lang, "Джерела фінансування за класами, %", "Funding sources by class, %")
    return _layout(figure, title, height=max(300, 60 * len(communities) + 160))


def year_totals_chart(frame: pd.DataFrame, lookup: Lookup, align: str = "calendar") -> go.Figure:
    """Money per year, grouped by community."""
    lang = lookup.lang
    year_column = "programme_year" if align == "programme" else "year"
    dated = frame[frame[year_column].notna()]
    figure = go.Figure()
    for community, part in dated.groupby("community_id", sort=False):
        grouped = part.groupby(year_column, as_index=False)["amount_kuah"].sum()
        x = [(_words(lang, "рік ", "year ") + str(int(year))) if align == "programme" else str(int(year))
             for year in grouped[year_column]]
        figure.add_trace(go.Bar(
            name=lookup.community(community), x=x, y=[float(value) for value in grouped["amount_kuah"]],
            marker_color=lookup.community_colours[community],
            text=[format_kuah(value, lang, unit=False) for value in grouped["amount_kuah"]], textposition="outside",
            cliponaxis=False, customdata=[format_kuah(value, lang) for value in grouped["amount_kuah"]],
            hovertemplate=lookup.community(community) + " · %{x}: %{customdata}<extra></extra>",
        ))
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category", categoryorder="category ascending")
    figure.update_yaxes(title_text=_words(lang, "тис. грн", "thousand UAH"), tickformat=",.0f")
    return _layout(figure, _words(lang, "Кошти за роками, тис. грн", "Money by year, thousand UAH"))


def indicator_dumbbell(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """Baseline → final target per indicator (one row each), coloured by community."""
    lang = lookup.lang
    finals = frame.drop_duplicates("indicator_id")
    figure = go.Figure()
    labels = []
    for row in finals.itertuples(index=False):
        name = row.name_uk if len(row.name_uk) <= 45 else row.name_uk[:44] + "…"
        labels.append(f"{lookup.community(row.community_id)}: {name}")
    shown = set()
    for label, row in zip(labels, finals.itertuples(index=False)):
        colour = lookup.community_colours[row.community_id]
        baseline = float(row.baseline_value) if pd.notna(row.baseline_value) else None
        final = float(row.final_target_value) if pd.notna(row.final_target_value) else None
        unit = row.unit or ""
        if baseline is not None and final is not None:
            figure.add_trace(go.Scatter(x=[baseline, final], y=[label, label], mode="lines",
                                        line={"color": colour, "width": 3}, showlegend=False, hoverinfo="skip"))
        if baseline is not None:
            figure.add_trace(go.Scatter(
                x=[baseline], y=[label], mode="markers", name=_words(lang, "базове", "baseline"),
                marker={"symbol": "circle-open", "size": 11, "color": colour, "line": {"width": 2}},
                showlegend=False, customdata=[f"{format_value(row.baseline_value)} {unit}"],
                hovertemplate="%{y}<br>" + _words(lang, "Базове", "Baseline") + ": %{customdata}<extra></extra>"))
        legend = row.community_id not in shown
        shown.add(row.community_id)
        figure.add_trace(go.Scatter(
            x=[final], y=[label], mode="markers", name=lookup.community(row.community_id), legendgroup=row.community_id,
            showlegend=legend, marker={"symbol": "circle", "size": 12, "color": colour},
            customdata=[f"{format_value(row.final_target_value)} {unit}"],
            hovertemplate="%{y}<br>" + _words(lang, "Кінцева ціль", "Final target") + ": %{customdata}<extra></extra>"))
    figure.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=labels)
    figure.update_xaxes(title_text=_words(lang, "значення (одиниці індикатора)", "value (the indicator's units)"),
                        showgrid=True, gridcolor="#e5e5e5", tickformat=",")
    title = _words(lang, "Від базового значення (○) до кінцевої цілі (●)", "From baseline (○) to final target (●)")
    return _layout(figure, title, height=max(320, 30 * len(labels) + 150))


def yes_no_status(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """Yes/no indicators as statuses by year: a grid of Так / Ні."""
    lang = lookup.lang
    yes, no = _words(lang, "Так", "Yes"), _words(lang, "Ні", "No")
    names = []
    for row in frame.drop_duplicates("indicator_id").itertuples(index=False):
        name = row.name_uk if len(row.name_uk) <= 55 else row.name_uk[:54] + "…"
        names.append((row.indicator_id, f"{lookup.community(row.community_id)}: {name}", row.baseline_value))
    years = sorted({int(year) for year in frame["year"].dropna()})
    columns = [_words(lang, "Базове", "Baseline")] + [str(year) for year in years]
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
    title = _words(lang, "Індикатори «так/ні»: статус за роками", "Yes/no indicators: status by year")
    return _layout(figure, title, height=max(260, 34 * len(names) + 140), legend=False)


def measurable_targets_chart(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """How many measures carry a measurable target, per community."""
    lang = lookup.lang
    names = [lookup.community(community) for community in frame["community_id"]]
    with_target = [int(value) for value in frame["with_target"]]
    without = [int(total) - int(count) for total, count in zip(frame["measure_count"], frame["with_target"])]
    figure = go.Figure([
        go.Bar(name=_words(lang, "з вимірюваною ціллю", "with a measurable target"), y=names, x=with_target,
               orientation="h", marker_color="#009E73", text=with_target, textposition="inside"),
        go.Bar(name=_words(lang, "без вимірюваної цілі", "without a measurable target"), y=names, x=without,
               orientation="h", marker_color="#BBBBBB", text=without, textposition="inside"),
    ])
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=_words(lang, "кількість заходів", "number of measures"), dtick=5)
    title = _words(lang, "Заходи з вимірюваною ціллю, кількість", "Measures with a measurable target, count")
    return _layout(figure, title, height=max(280, 55 * len(names) + 150))


def reconciliation_chart(frame: pd.DataFrame, lookup: Lookup) -> go.Figure:
    """Stated totals against what the measures add up to: how many agree, differ or are blank."""
    lang = lookup.lang
    labels = {"agrees": _words(lang, "збігається", "agrees"), "differs": _words(lang, "не збігається", "differs"),
              "blank": _words(lang, "порожньо", "blank")}
    communities = list(dict.fromkeys(frame["community_id"]))
    figure = go.Figure()
    for status in ("agrees", "differs", "blank"):
        counts = [int(((frame["community_id"] == community) & (frame["status"] == status)).sum()) for community in communities]
        figure.add_trace(go.Bar(name=labels[status], y=[lookup.community(community) for community in communities],
                                x=counts, orientation="h", marker_color=STATUS_COLOURS[status], text=counts,
                                textposition="inside"))
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=_words(lang, "кількість підсумків у документі", "number of totals in the document"))
    title = _words(lang, "Підсумки документа проти суми заходів, кількість", "The document's totals against its measures, count")
    return _layout(figure, title, height=max(280, 55 * len(communities) + 150))
