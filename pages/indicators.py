"""Індикатори / Indicators: baseline → target, yes/no statuses, families, measurable targets."""
import streamlit as st

from hromada import queries, state, ui
from hromada.frame import run_page
from hromada.charts import indicator_dumbbell, measurable_targets_chart, yes_no_status
from hromada.i18n import name_column, t
from hromada.safe_text import md

UNIT_CLASSES = ("percent", "count")
MAX_CHART_ROWS = 80  # more rows than this make an unreadable chart; the table keeps them all


def render(filters) -> None:
    lang = filters.lang
    ui.header("page_indicators", lang, t("indicators_intro", lang))
    if ui.needs_communities(filters):
        return
    families = queries.indicator_families()
    family_names = dict(zip(families["family_id"], families[name_column(lang)]))
    options = ["", *family_names]
    state.bind_choice("indicators_family", "family", options, "")
    state.bind_choice("indicators_units", "units", UNIT_CLASSES, "percent")
    left, right = st.columns([2, 1])
    left.selectbox(t("family", lang), options, key="indicators_family", help=t("family_help", lang),
                   format_func=lambda family: family_names.get(family, t("family_all", lang)))
    right.segmented_control(t("unit_class", lang), UNIT_CLASSES, key="indicators_units", required=True,
                            format_func=lambda unit: t(f"unit_class_{unit}", lang))
    family = st.session_state["indicators_family"] or None
    units = st.session_state["indicators_units"]
    lookup = ui.lookup(lang)

    progress = queries.indicator_progress(filters.communities, filters.themes, family)
    if family:
        st.info(t("family_compare", lang, family=md(family_names[family])), icon=":material/join_inner:")
    if ui.empty(progress, lang):
        return
    numeric = progress[progress["unit_class"] == units]
    finals = lookup.named(numeric.drop_duplicates("indicator_id"))[
        ["community", "name_uk", "unit", "baseline_value", "final_target_value", "final_change_abs", "final_change_pct",
         "target_semantics", "origin", "family_id", "source_line", "indicator_id"]]
    if not ui.empty(numeric, lang):
        shown_ids = list(dict.fromkeys(numeric["indicator_id"]))[:MAX_CHART_ROWS]
        if len(shown_ids) < numeric["indicator_id"].nunique():
            st.info(t("too_many_indicators", lang, shown=len(shown_ids), total=numeric["indicator_id"].nunique()),
                    icon=":material/filter_alt:")
        numeric = numeric[numeric["indicator_id"].isin(shown_ids)]
        ui.chart_block(indicator_dumbbell(numeric, lookup),
                       t("cap_dumbbell", lang, unit=t(f"unit_class_{units}", lang)), finals, f"indicators-{units}", lang,
                       key="dumbbell", formats={"baseline_value": "value", "final_target_value": "value",
                                                "final_change_abs": "value", "final_change_pct": "percent"})

    yes_no = progress[progress["unit_class"] == "yes_no"]
    if yes_no.empty:
        st.caption(t("no_yes_no", lang))
    else:
        statuses = lookup.named(yes_no)[
            ["community", "name_uk", "baseline_text", "year", "target_text", "source_line", "indicator_id"]]
        ui.chart_block(yes_no_status(yes_no, lookup), t("cap_yes_no", lang), statuses, "yes-no-indicators", lang,
                       key="yes-no")

    measurable = queries.measurable_targets(filters.communities)
    data = lookup.named(measurable)
    ui.chart_block(measurable_targets_chart(measurable, lookup), t("cap_measurable", lang),
                   data[["community", "measure_count", "with_target", "with_appendix_indicator",
                         "direction_level_indicators"]],
                   "measures-with-targets", lang, key="measurable")

    with st.expander(t("indicator_table", lang)):
        table = lookup.named(progress)[
            ["community", "name_uk", "unit", "baseline_value", "year", "target_value", "level_value",
             "final_target_value", "target_semantics", "dynamics_text", "origin", "theme_id", "family_id",
             "source_line", "indicator_id"]]
        ui.table(table, {"baseline_value": "value", "target_value": "value", "level_value": "value",
                         "final_target_value": "value"})
        ui.downloads(table, "indicators", lang, key="indicator-table")


run_page("page_indicators", render)
