"""Заходи / Measures explorer: every measure, searchable, with the raw lines it came from."""
import streamlit as st

from hromada import state, ui
from hromada.app import data as queries
from hromada.frame import run_page
from hromada.i18n import t

MONEY = {"total_kuah": "kuah", "own_kuah": "kuah", "external_kuah": "kuah", "unspecified_kuah": "kuah",
         "amount_kuah": "kuah"}
# Long document text gets a bounded width (the full text shows on hover and in the detail below),
# so it cannot push the money columns off a laptop screen. The pinned name stays under 60 % of a
# phone's table (~356 px): Streamlit unpins wider pinned columns.
MEASURE_COLUMN_WIDTHS: dict[str, ui.ColumnWidth] = {
    "name_uk": 200, "total_kuah": 130, "own_kuah": 130, "external_kuah": 130, "unspecified_kuah": 130, "community": 150,
    "priority_name_uk": "medium", "funding_sources_uk": "medium", "non_monetary_uk": "medium", "expected_result_uk": "medium"}


def _select_row() -> None:
    """A row picked in the table becomes the measure shown below (and in the URL)."""
    selection = st.session_state.get("measures_table", {}).get("selection", {}).get("rows", [])
    visible = st.session_state.get("_measures_visible", [])
    if selection and selection[0] < len(visible):
        st.session_state["measures_selected"] = visible[selection[0]]


def render(filters) -> None:
    lang = filters.lang
    ui.header("page_measures", lang, t("measures_intro", lang))
    if ui.needs_communities(filters):
        return
    state.bind_text("measures_search", "q")
    st.text_input(t("search", lang), key="measures_search", icon=":material/search:")
    frame = queries.measures(filters, st.session_state["measures_search"])
    lookup = ui.lookup(lang)
    st.caption(t("measures_found", lang, count=len(frame)))
    if ui.empty(frame, lang):
        return
    links: dict = {}
    shown = ui.with_source_links(lookup.named(frame, theme=True).assign(source=frame["source_line"]), links, lang,
                                 line_column="source")
    # The measure's name first and pinned, its money right after it: on a laptop the money is on
    # screen without scrolling, on a phone every other column scrolls beside the name.
    columns = {"name_uk": t("col_name", lang), "total_kuah": t("col_total", lang), "own_kuah": t("col_own", lang),
               "external_kuah": t("col_external", lang), "unspecified_kuah": t("col_unspecified", lang),
               "community": t("col_community", lang), "funded_years": t("col_years", lang),
               "priority_name_uk": t("col_direction", lang), "theme": t("col_theme", lang), "term_uk": t("col_term", lang),
               "funding_sources_uk": t("col_sources", lang), "non_monetary_uk": t("col_non_monetary", lang),
               "expected_result_uk": t("col_result", lang), "source": t("col_source", lang)}
    table = shown[list(columns) + ["measure_id"]]
    st.session_state["_measures_visible"] = list(table["measure_id"])
    ui.table(table, MONEY, height=460, key="measures_table", on_select=_select_row, selection_mode="single-row",
             column_config={**{key: st.column_config.Column(label) for key, label in columns.items()},
                            "source": st.column_config.LinkColumn(columns["source"], display_text=r"line=([0-9]+)",
                                                                  help=t("source_link_help", lang))},
             pinned=("name_uk",), widths=MEASURE_COLUMN_WIDTHS)
    ui.downloads(frame, "measures", lang, key="measures")

    ids = list(frame["measure_id"])
    names = dict(zip(frame["measure_id"], [f"{name[:90]} — {lookup.community(c)}" for name, c in
                                           zip(frame["name_uk"], frame["community_id"], strict=True)], strict=True))
    state.bind_choice("measures_selected", "measure", ["", *ids], "")
    st.selectbox(t("selected_measure", lang), ["", *ids], key="measures_selected",
                 format_func=lambda measure: names.get(measure, t("no_measure", lang)))
    if st.session_state["measures_selected"]:
        ui.measure_detail(st.session_state["measures_selected"], lang)


run_page("page_measures", render)
