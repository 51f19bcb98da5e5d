"""Shared page furniture: the sidebar filters, chart blocks with caption, table and downloads,
empty states and the source viewer. Pages call these; they never run SQL themselves.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.formatting import format_kuah, format_number, format_percent, format_uah, format_value
from hromada import state
from hromada.app import data as queries
from hromada.charts import Lookup, make_lookup, place_header
from hromada.exports.about import View, about
from hromada.exports.csv import to_csv_bytes
from hromada.exports.figures import infer_kinds
from hromada.exports.xlsx import to_xlsx_bytes
from hromada.filters import ALIGNMENTS, DENOMINATORS, LANGUAGES, Filters
from hromada.i18n import column_label, name_column, short_name_column, t
from hromada.safe_text import md
from hromada.source_view import viewer_html

if TYPE_CHECKING:
    from streamlit.elements.lib.column_types import ColumnConfig  # st.column_config does not export it

# A table column's width: pixels, or one of Streamlit's named sizes.
ColumnWidth = int | Literal["small", "medium", "large"]


class ColumnSettings(TypedDict, total=False):
    """What ``table`` adds to a column's config."""
    width: ColumnWidth
    pinned: bool


# A legend of this many entries fits the chart's own header band even on a phone; each
# further entry adds a line there.
LEGEND_LINES_FREE = 1
LEGEND_LINE_PX = 22
DEFAULT_CHART_PX = 450  # Plotly's height when a figure sets none
STYLED_ROWS = 1000  # tables up to this size get Ukrainian number formats server-side
# Download, zoom and reset only: the full mode bar covers a chart's title on a phone.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "toImageButtonOptions": {"format": "png", "scale": 2},
                 "modeBarButtonsToRemove": ["pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d"]}


def language() -> str:
    """The interface language, known before the navigation menu is drawn."""
    state.bind_choice("lang", "lang", LANGUAGES, "uk")
    return st.session_state["lang"]


def sidebar() -> Filters:
    """Draw the shared filters in the sidebar and return them; their values live in the URL."""
    lang = st.session_state["lang"]
    names = community_names(lang)
    ids = sorted(names, key=lambda community: names[community])
    bounds = queries.year_bounds()
    themes = theme_names(lang)

    state.bind_list("communities", "c", ids, ids)
    align_before = state.previous("align")
    state.bind_choice("align", "align", ALIGNMENTS, "calendar")
    _carry_years_over(align_before, st.session_state["align"], bounds)
    state.bind_list("themes", "themes", list(themes), [])
    state.bind_choice("denominator", "pop", DENOMINATORS, "official")

    with st.sidebar:
        st.radio(t("language", lang), LANGUAGES, key="lang", horizontal=True,
                 format_func=lambda code: t(f"language_{code}", code))
        st.multiselect(t("communities", lang), ids, key="communities", format_func=lambda community: names[community],
                       placeholder=t("communities", lang))
        st.radio(t("align", lang), ALIGNMENTS, key="align", help=t("align_help", lang),
                 format_func=lambda value: t(f"align_{value}", lang))
        if st.session_state["align"] == "programme":
            state.bind_range("years_programme", "years", 1, bounds["programme_years"])
            low, high = 1, bounds["programme_years"]
            st.slider(t("programme_year_range", lang), low, high, key="years_programme")
            year_from, year_to = st.session_state["years_programme"]
        else:
            state.bind_range("years_calendar", "years", bounds["first_year"], bounds["last_year"])
            low, high = bounds["first_year"], bounds["last_year"]
            st.slider(t("year_range", lang), low, high, key="years_calendar")
            year_from, year_to = st.session_state["years_calendar"]
        st.multiselect(t("themes", lang), list(themes), key="themes", format_func=lambda theme: themes[theme],
                       help=t("themes_help", lang), placeholder=t("themes_help", lang))
        st.radio(t("denominator", lang), DENOMINATORS, key="denominator",
                 format_func=lambda value: t(f"denominator_{value}", lang))
        st.caption(t("share_link", lang))

    full_range = (year_from, year_to) == (low, high)
    selected = [community for community in ids if community in st.session_state["communities"]]
    return Filters(
        communities=tuple(selected), lang=lang, align=st.session_state["align"],
        year_from=None if full_range else year_from, year_to=None if full_range else year_to,
        themes=tuple(st.session_state["themes"]), denominator=st.session_state["denominator"],
    )


def _carry_years_over(before: str | None, align: str, bounds: dict) -> None:
    """The alignment was just switched: the year range is converted to the other scale
    (``state.convert_years``, over the chosen communities' programme periods, or all when none is
    chosen) instead of the new slider showing whatever it last held."""
    if before is None or before == align or state.applying():
        return
    source, target = (("years_calendar", "years_programme") if align == "programme"
                      else ("years_programme", "years_calendar"))
    communities = queries.all_communities()
    chosen = communities[communities["community_id"].isin(st.session_state["communities"])]
    rows = chosen if not chosen.empty else communities
    periods = [(int(start), int(end)) for start, end in zip(rows["period_start"], rows["period_end"], strict=True)]
    st.session_state[target] = state.convert_years(state.current(source), align, periods, bounds)


def lookup(lang: str) -> Lookup:
    return make_lookup(lang, queries.all_communities(), queries.all_themes(), queries.source_classes())


def header(page_key: str, lang: str, intro: str | None = None) -> None:
    st.title(t(page_key, lang))
    if intro:
        st.markdown(intro)


def needs_communities(filters: Filters) -> bool:
    """Show the empty-selection message and return True when no community is chosen."""
    if not filters.communities:
        st.info(t("empty_selection", filters.lang), icon=":material/filter_alt_off:")
        return True
    return False


def empty(frame: pd.DataFrame, lang: str) -> bool:
    if frame is None or frame.empty:
        st.info(t("empty_filtered", lang), icon=":material/filter_alt:")
        return True
    return False


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "table"


def downloads(frame: pd.DataFrame, name: str, lang: str, key: str, formats: dict[str, str] | None = None) -> None:
    """CSV (UTF-8 with BOM) and XLSX of a table: figures rounded and formatted as shown (``formats``
    as for ``table``, else told by the column names), formula-like text neutralised, and the view's
    filters, the warehouse's build time and its documents' SHA-256 recorded (hromada/exports/)."""
    from hromada.pack import data_version  # here: hromada.pack imports this module

    kinds = {**infer_kinds(frame), **{column: kind for column, kind in (formats or {}).items() if column in frame}}
    labelled = for_download(frame, lang)
    kinds = {label: kinds[column] for column, label in zip(frame.columns, labelled.columns, strict=True) if column in kinds}
    # The view as the sidebar holds it (URL-bound keys), read now: the file is made later, on click.
    names, themes = community_names(lang), theme_names(lang)
    chosen = sorted((community for community in st.session_state.get("communities", []) if community in names),
                    key=lambda community: names[community])
    align = st.session_state.get("align", "calendar")
    years = st.session_state.get("years_programme" if align == "programme" else "years_calendar")
    bounds = queries.year_bounds()
    full_range = (1, bounds["programme_years"]) if align == "programme" else (bounds["first_year"], bounds["last_year"])
    view = View(lang=lang, communities=[names[community] for community in chosen], align=align,
                years=None if not years or tuple(years) == full_range else (int(years[0]), int(years[1])),
                themes=[themes[theme] for theme in st.session_state.get("themes", []) if theme in themes],
                denominator=st.session_state.get("denominator", "official"))
    left, right, _ = st.columns([1, 1, 6])
    # Files are made only when a button is clicked, so drawing a page stays fast.
    # on_click="ignore": a download needs no rerun (and a rerun can swallow the download).
    left.download_button(f"⬇ {t('download_csv', lang)}",
                         lambda: to_csv_bytes(labelled, kinds, about(view, data_version(queries.warehouse(), chosen, lang))),
                         file_name=f"{name}.csv", mime="text/csv", key=f"{key}-csv", help=t("download_label", lang),
                         width="stretch", on_click="ignore")
    right.download_button(f"⬇ {t('download_xlsx', lang)}",
                          lambda: to_xlsx_bytes(labelled, sheet_name=name[:31], kinds=kinds,
                                                about=about(view, data_version(queries.warehouse(), chosen, lang))),
                          file_name=f"{name}.xlsx", key=f"{key}-xlsx", help=t("download_label", lang),
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch",
                          on_click="ignore")


def styled(frame: pd.DataFrame, formats: dict[str, str], lang: str = "uk"):
    """A Styler showing numbers in the interface language's format while the column keeps its numeric value."""
    formatters = {
        "kuah": lambda value: format_kuah(value, lang, unit=False),
        "kuah_rounded": lambda value: format_kuah(value, lang, unit=False, exact=False),
        "percent": lambda value: format_percent(value, lang=lang),
        "uah": lambda value: format_uah(value, lang, unit=False),
        "count": lambda value: format_number(value, 0, lang=lang),
        "value": lambda value: format_value(value, lang),
    }
    formatted = {column: formatters[kind] for column, kind in formats.items() if column in frame}
    others = [column for column in frame.columns if column not in formatted]
    # A missing text shows as a dash, never as "None".
    return frame.style.format(formatted, na_rep="—").format(na_rep="—", subset=others)


def table(frame: pd.DataFrame, formats: dict[str, str] | None = None, height: int | Literal["auto"] = "auto",
          column_config: dict | None = None, key: str | None = None, lang: str | None = None,
          pinned: tuple[str, ...] = (), widths: Mapping[str, ColumnWidth] | None = None, **options):
    """A table with Ukrainian number formats and headings in the interface language; ids are hidden.

    ``pinned`` columns stay on the left while the others scroll sideways, so a row keeps its name
    on a phone; ``widths`` (px or "small"/"medium"/"large") stop one long text column from taking
    the whole screen and pushing the rest out of reach.
    """
    lang = lang or st.session_state.get("lang", "uk")
    config: dict[str, str | ColumnConfig] = {column: column_label(column, lang) for column in frame.columns}
    visible = [column for column in frame.columns if not str(column).endswith("_id")] or list(frame.columns)
    if len(frame) <= STYLED_ROWS:
        data = styled(frame, formats or {}, lang)
    else:
        # Styling thousands of rows in Python is slow; let the browser format them in its locale.
        text = [column for column in frame.columns if frame[column].dtype == object and column not in (formats or {})]
        data = frame.assign(**{column: frame[column].fillna("—") for column in text})
        for column in formats or {}:
            if column in frame:
                config[column] = st.column_config.NumberColumn(column_label(column, lang), format="localized")
    config.update(column_config or {})
    for column, width in (widths or {}).items():
        config[column] = _with(config.get(column, column_label(column, lang)), width=width)
    for column in pinned:
        config[column] = _with(config.get(column, column_label(column, lang)), pinned=True)
    options.setdefault("placeholder", "—")  # an empty cell, not the word "None"
    return st.dataframe(data, hide_index=True, width="stretch", height=height,
                        column_config=config, column_order=visible, key=key, **options)


def _with(entry: str | ColumnConfig, **settings: Unpack[ColumnSettings]) -> ColumnConfig:
    """A column's config (a plain label or a ``st.column_config`` entry) with settings added."""
    if isinstance(entry, str):
        return st.column_config.Column(entry, **settings)
    return {**entry, **settings}


def for_download(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Headings in the interface language; id columns keep their names for joining."""
    return frame.rename(columns={column: column_label(column, lang) for column in frame.columns
                                 if not str(column).endswith("_id")})


def room_for_legend(figure: go.Figure) -> go.Figure:
    """The figure made taller by what its legend takes on a phone, where a horizontal legend wraps
    to about one entry per line: the plot keeps a readable height below it instead of shrinking
    to a strip (a seven-theme legend left the bars ~120 px at 390 px wide)."""
    if figure.layout.showlegend is False:
        return figure
    entries = {trace.name for trace in figure.data if trace.showlegend is not False and trace.name}
    extra = LEGEND_LINE_PX * max(0, len(entries) - LEGEND_LINES_FREE)
    if not extra:
        return figure
    height = (figure.layout.height or DEFAULT_CHART_PX) + extra
    return place_header(figure.update_layout(height=height), height)


def chart_block(figure: go.Figure, caption: str, data: pd.DataFrame, name: str, lang: str, key: str,
                formats: dict[str, str] | None = None, table_open: bool = False, selectable: bool = False):
    """A chart, its plain-language caption, its data as a table, and the downloads. With
    ``selectable`` a click on the chart reruns the page and the selection is returned."""
    shown, chart_key = room_for_legend(figure), f"{key}-chart"
    event = None  # Streamlit returns the selection only from a selectable chart
    if selectable:
        event = st.plotly_chart(shown, width="stretch", config=PLOTLY_CONFIG, key=chart_key,
                                on_select="rerun", selection_mode="points")
    else:
        st.plotly_chart(shown, width="stretch", config=PLOTLY_CONFIG, key=chart_key)
    st.caption(caption)
    # The table is sent to the browser only once the expander is opened: a page stays light.
    expander = st.expander(t("table_of_chart", lang), expanded=table_open, key=f"{key}-table", on_change="rerun")
    if expander.open:
        with expander:
            # The table shows line numbers as links to the document; the downloads keep the numbers.
            config: dict = {}
            table(with_source_links(data, config, lang), formats, lang=lang, column_config=config)
            downloads(data, _slug(name), lang, key)
    return event


def source_href(community: str, line: int, last_line: int | None = None) -> str:
    """A link to the source document at a line (or a span), keeping the view's shared filters.
    Relative, so it works under any base path."""
    params = state.link_params(doc=community, line=str(int(line)),
                               last=str(int(last_line)) if last_line and last_line != line else None)
    return f"source?{urlencode(params)}"


def source_link(community: str, line, lang: str, last_line: int | None = None) -> str:
    """Markdown: "рядок 2215" as a link that opens the document at that line; "—" for no line."""
    if line is None or pd.isna(line):
        return "—"
    return f"[{t('line_n', lang, line=int(line))}]({source_href(community, int(line), last_line)})"


def with_source_links(frame: pd.DataFrame, config: dict, lang: str, line_column: str = "source_line") -> pd.DataFrame:
    """The frame with its line column as links to the source document (for ``table``), or as it is
    when the frame says no community. The downloads keep the plain line number."""
    if line_column not in frame or "community_id" not in frame:
        return frame
    links = [source_href(community, int(line)) if pd.notna(line) else None
             for community, line in zip(frame["community_id"], frame[line_column], strict=True)]
    config[line_column] = st.column_config.LinkColumn(column_label(line_column, lang), display_text=r"line=([0-9]+)",
                                                      help=t("source_link_help", lang))
    return frame.assign(**{line_column: links})


def source_viewer(community: str, line: int, lang: str, context: int = 4, last_line: int | None = None,
                  key: str = "source") -> None:
    """The raw document lines around a line (or a span), as the document lays them out, the cited
    lines marked and shaded."""
    first = max(1, line - context)
    last = (last_line or line) + context
    lines = queries.document_lines(community, first, last)
    documents = queries.sources().set_index("community_id")
    caption = ""
    if community in documents.index:
        document = documents.loc[community]
        caption = t("source_caption", lang, title=document["programme_title_uk"], first=first,
                    last=min(last, int(lines["line_number"].max()) if not lines.empty else last),
                    sha=document["source_sha256"])
    cited = set(range(line, (last_line or line) + 1))
    with st.container(key=key):
        st.html(viewer_html(list(zip(lines["line_number"], lines["text"], strict=True)), cited, t("line", lang), caption))


def measure_detail(measure_id: str, lang: str, key: str = "measure") -> None:
    """One measure: its money by year and source, its findings and the lines it was read from."""
    record = queries.measure_record(measure_id)
    if record.empty:
        return
    measure = record.iloc[0]
    community = measure["community_id"]
    st.subheader(md(measure["name_uk"]))
    parts = [md(lookup(lang).community(community)), md(measure["priority_name_uk"]) if measure["priority_name_uk"] else None,
             source_link(community, measure["source_line"], lang, int(measure["last_line"]))]
    st.markdown(" · ".join(part for part in parts if part))
    money = queries.measure_funding(measure_id)
    if money.empty:
        st.info(t("measure_no_money", lang, note=md(measure["non_monetary_uk"] or t("not_stated", lang))))
    else:
        st.markdown(f"**{t('measure_money', lang)}**")
        names = lookup(lang).source_class_names
        config: dict = {}
        shown = with_source_links(money.assign(community_id=community,
                                               source=[names[c] for c in money["source_class"]]), config, lang)
        table(shown[["year", "source", "amount_kuah", "stated_text", "source_line", "community_id"]],
              {"amount_kuah": "kuah"}, column_config=config, key=f"{key}-money", lang=lang)
    for issue in queries.measure_issues(measure_id).itertuples(index=False):
        message = issue.message_en if lang == "en" else issue.message_uk
        (st.error if issue.severity == "error" else st.warning if issue.severity == "warning" else st.info)(
            f"{md(message)} ({source_link(community, issue.source_line, lang)})", icon=":material/report:")
    source_viewer(community, int(measure["source_line"]), lang, context=3, last_line=int(measure["last_line"]),
                  key=f"{key}-source")


def denominator_label(filters: Filters) -> str:
    """Short form for a chart subtitle: "Знаменник: Держстат, 1.01.2022"."""
    return t("denominator_short", filters.lang, source=t(f"denominator_{filters.denominator}", filters.lang))


def denominator_note(filters: Filters) -> str:
    return t("denominator_note", filters.lang, source=t(f"denominator_{filters.denominator}_note", filters.lang))


def theme_names(lang: str) -> dict[str, str]:
    themes = queries.all_themes()
    return dict(zip(themes["theme_id"], themes[name_column(lang)], strict=True))


def community_names(lang: str) -> dict[str, str]:
    communities = queries.all_communities()
    return dict(zip(communities["community_id"], communities[short_name_column(lang)], strict=True))
