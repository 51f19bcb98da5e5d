"""Shared by every chart builder: the Lookup of names and colours, the layout every figure gets
(title, legend, fonts, separators), and escaping document text for Plotly labels.

They never call Streamlit or the database, so tests (and the PNG export) use them directly.
Every figure carries a title with its units; numbers follow the interface language (``69 683,0`` or ``69,683.0``).
Names come from the documents, so every string a trace shows is made Plotly plain text when the
figure is laid out (``_plain_labels``); hover templates take names from the trace (``%{x}``,
``%{fullData.name}``, ``%{customdata}``), never by pasting them into the template.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from etl.contract import OWNERSHIPS
from hromada.i18n import name_column, short_name_column, t
from hromada.palette import community_colours
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



def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"



def year_label(year, align: str, lang: str) -> str:
    """A year as the charts name it: ``2026``, or ``рік 1`` when programmes are aligned by their year."""
    if pd.isna(year):
        return t("no_year", lang)
    return f"{t('chart.year_word', lang)} {int(year)}" if align == "programme" else str(int(year))


