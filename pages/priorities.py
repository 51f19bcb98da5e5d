"""Пріоритети / Budget by priority: themes or own directions, and a drill-down to measures."""
from urllib.parse import urlencode

import streamlit as st

from hromada import state, ui
from hromada.app import data as queries
from hromada.charts import drilldown_treemap, priority_bars, theme_bars
from hromada.frame import run_page
from hromada.i18n import t
from hromada.safe_text import md

MODES = ("themes", "own")
UNITS = ("kuah", "share", "per_resident")


def render(filters) -> None:
    lang = filters.lang
    ui.header("page_priorities", lang, t("priorities_intro", lang))
    if ui.needs_communities(filters):
        return
    state.bind_choice("priorities_mode", "view", MODES, "themes")
    state.bind_choice("priorities_unit", "unit", UNITS, "kuah")
    left, right = st.columns(2)
    left.segmented_control(t("view_mode", lang), MODES, key="priorities_mode", required=True,
                           format_func=lambda mode: t(f"view_{mode}", lang))
    right.segmented_control(t("unit", lang), UNITS, key="priorities_unit", required=True,
                            format_func=lambda unit: t(f"unit_{unit}", lang))
    mode, unit = st.session_state["priorities_mode"], st.session_state["priorities_unit"]
    lookup = ui.lookup(lang)
    undated = t("undated_note", lang)
    value_formats = {"amount_kuah": "kuah", "share_pct": "percent", "per_resident_year": "uah"}

    if mode == "themes":
        frame = queries.budget_by_theme(filters)
        if not ui.empty(frame, lang):
            data = lookup.named(frame, theme=True)[
                ["community", "theme", "amount_kuah", "share_pct", "per_resident_year", "community_id", "theme_id"]]
            figure = theme_bars(frame, lookup, unit)
            st.caption(t("bar_pick", lang))
            event = ui.chart_block(figure, t("cap_theme_bars", lang, denominator=ui.denominator_note(filters),
                                             undated=undated),
                                   data, "budget-by-theme", lang, key="themes", formats=value_formats, table_open=True,
                                   selectable=True)
            clicked = clicked_bar(event, figure)
            if clicked:
                community, theme = clicked
                # A Markdown link opens a new tab with that view (this one stays as it is); a page link
                # that changes the filters loses the race between the new path and the rewritten query.
                label = t("drill_measures_link", lang, theme=md(lookup.theme_names.get(theme, "")),
                          community=md(lookup.community(community)))
                st.markdown(f":material/table_rows: [{label}](measures?{urlencode(state.link_params(c=community, themes=theme))})")
    else:
        frame = queries.budget_by_priority(filters)
        if not ui.empty(frame, lang):
            data = lookup.named(frame)[
                ["community", "priority_code", "priority_name_uk", "amount_kuah", "share_pct", "per_resident_year",
                 "priority_line", "community_id"]]
            ui.chart_block(priority_bars(frame, lookup, unit), t("cap_priority_bars", lang, undated=undated),
                           data, "budget-by-own-direction", lang, key="own", formats=value_formats, table_open=True)

    st.header(t("drilldown", lang))
    measures = queries.measure_amounts(filters)
    if not ui.empty(measures, lang):
        data = lookup.named(measures, theme=True)[
            ["community", "priority_name_uk", "measure_name_uk", "theme", "amount_kuah", "source_line", "measure_id",
             "community_id"]]
        st.caption(t("drill_pick", lang))
        event = ui.chart_block(drilldown_treemap(measures, lookup), t("cap_treemap", lang), data,
                               "measures-by-direction", lang, key="treemap", formats={"amount_kuah": "kuah"},
                               selectable=True)
        ids = list(measures["measure_id"])
        state.bind_choice("priorities_measure", "measure", ["", *ids], "")
        picked = clicked_measure(event, ids)
        if picked:
            st.session_state["priorities_measure"] = picked
        if st.session_state["priorities_measure"]:
            with st.container(border=True):
                ui.measure_detail(st.session_state["priorities_measure"], lang, key="drill-measure")


def clicked_measure(event, ids: list[str]) -> str | None:
    """The measure of a clicked treemap leaf (its id ends with the measure id), if any."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        leaf = str(point.get("id", "")).rsplit("/", 1)[-1]
        if leaf in ids:
            return leaf
    return None



def clicked_bar(event, figure) -> tuple[str, str] | None:
    """(community, theme) of a clicked theme bar, read from the figure's own trace ids and meta."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        curve, index = point.get("curve_number"), point.get("point_index", point.get("point_number"))
        if curve is None or index is None or curve >= len(figure.data):
            continue
        trace = figure.data[curve]
        if trace.ids is not None and index < len(trace.ids) and trace.meta:
            return trace.ids[index], trace.meta
    return None


run_page("page_priorities", render)
