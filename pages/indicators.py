"""Індикатори / Indicators: baseline → target, yes/no statuses, families, measurable targets."""
import pandas as pd
import streamlit as st

from hromada import state, ui
from hromada.app import data as queries
from hromada.charts import (
    direction_name,
    format_change,
    indicator_dumbbell,
    measurable_targets_chart,
    yes_no_status,
)
from hromada.frame import run_page
from hromada.i18n import name_column, t
from hromada.safe_text import md

UNIT_CLASSES = ("percent", "count")
MAX_CHART_ROWS = 80  # more rows than this make an unreadable chart; the table keeps them all


def _words(frame: pd.DataFrame, column: str, prefix: str, lang: str) -> list[str]:
    """A code column as interface words (``increment`` → «прирости»); a missing value as —."""
    return ["—" if pd.isna(value) else t(f"{prefix}_{value}", lang) for value in frame[column]]


def without_indicators(communities: tuple[str, ...], lookup) -> list[str]:
    """Names of the chosen communities whose programmes state no indicator at all."""
    counts = queries.indicator_counts(communities)
    return [lookup.community(community) for community, count in zip(counts["community_id"], counts["indicator_count"], strict=True)
            if count == 0]


def render(filters) -> None:
    lang = filters.lang
    ui.header("page_indicators", lang, t("indicators_intro", lang))
    if ui.needs_communities(filters):
        return
    families = queries.indicator_families()
    family_names = dict(zip(families["family_id"], families[name_column(lang)], strict=True))
    family_units = dict(zip(families["family_id"], families["unit_class"], strict=True))
    options = ["", *family_names]
    state.bind_choice("indicators_family", "family", options, "")
    state.bind_choice("indicators_units", "units", UNIT_CLASSES, "percent")

    def show_family_units() -> None:
        # A family holds one unit class: picking it shows its chart, not an empty one in other units.
        unit = family_units.get(st.session_state["indicators_family"])
        if unit in UNIT_CLASSES:
            st.session_state["indicators_units"] = unit

    left, right = st.columns([2, 1])
    left.selectbox(t("family", lang), options, key="indicators_family", help=t("family_help", lang),
                   format_func=lambda family: family_names.get(family, t("family_all", lang)),
                   on_change=show_family_units)
    right.segmented_control(t("unit_class", lang), UNIT_CLASSES, key="indicators_units", required=True,
                            format_func=lambda unit: t(f"unit_class_{unit}", lang))
    family = st.session_state["indicators_family"] or None
    units = st.session_state["indicators_units"]
    lookup = ui.lookup(lang)

    # Say by name which communities state no indicators: no filter could show them any.
    silent = without_indicators(filters.communities, lookup)
    if silent:
        message = (t("no_indicators_one", lang, community=md(silent[0])) if len(silent) == 1 else
                   t("no_indicators_many", lang, communities=md(", ".join(silent))))
        st.info(message, icon=":material/info:")
    progress = queries.indicator_progress(filters.communities, filters.themes, family)
    if family:
        st.info(t("family_compare", lang, family=md(family_names[family])), icon=":material/join_inner:")
    if progress.empty:
        if len(silent) < len(filters.communities):
            st.info(t("indicators_filtered_out", lang), icon=":material/filter_alt:")
    else:
        _indicator_charts(progress, units, lookup, lang)

    measurable = queries.measurable_targets(filters.communities)
    data = lookup.named(measurable)
    ui.chart_block(measurable_targets_chart(measurable, lookup), t("cap_measurable", lang),
                   data[["community", "measure_count", "with_target", "with_appendix_indicator",
                         "direction_level_indicators"]],
                   "measures-with-targets", lang, key="measurable")

    if not progress.empty:
        with st.expander(t("indicator_table", lang)):
            table = lookup.named(progress, theme=True).assign(
                semantics_name=_words(progress, "target_semantics", "semantics", lang),
                origin_name=_words(progress, "origin", "origin", lang))[
                ["community", "name_uk", "unit", "baseline_value", "year", "target_value", "level_value",
                 "final_target_value", "semantics_name", "dynamics_text", "origin_name", "theme", "source_line",
                 "indicator_id"]]
            ui.table(table, {"baseline_value": "value", "target_value": "value", "level_value": "value",
                             "final_target_value": "value"}, lang=lang)
            ui.downloads(table, "indicators", lang, key="indicator-table")


def _indicator_charts(progress: pd.DataFrame, units: str, lookup, lang: str) -> None:
    numeric = progress[progress["unit_class"] == units]
    if numeric.empty:
        present = [unit for unit in UNIT_CLASSES if unit != units and (progress["unit_class"] == unit).any()]
        if present:
            st.info(t("no_indicators_in_units", lang, unit=t(f"unit_class_{units}", lang),
                      other=t(f"unit_class_{present[0]}", lang)), icon=":material/straighten:")
    else:
        finals = numeric.drop_duplicates("indicator_id")
        table = lookup.named(finals).assign(
            final_change_text=[format_change(value, measure, lang, None if pd.isna(unit) else unit) for value, measure, unit
                               in zip(finals["final_change"], finals["change_measure"], finals["unit"], strict=True)],
            direction_name=[direction_name(direction, lang) for direction in finals["direction"]],
            polarity_name=_words(finals, "polarity", "polarity", lang),
            quantity_name=_words(finals, "quantity", "quantity", lang),
            final_target_year=["—" if pd.isna(year) else str(int(year)) for year in finals["final_target_year"]],
        )[["community", "name_uk", "unit", "quantity_name", "baseline_value", "final_target_value", "final_target_year",
           "final_change_text", "polarity_name", "direction_name", "source_line", "indicator_id"]]
        shown_ids = list(dict.fromkeys(numeric["indicator_id"]))[:MAX_CHART_ROWS]
        if len(shown_ids) < numeric["indicator_id"].nunique():
            st.info(t("too_many_indicators", lang, shown=len(shown_ids), total=numeric["indicator_id"].nunique()),
                    icon=":material/filter_alt:")
        numeric = numeric[numeric["indicator_id"].isin(shown_ids)]
        ui.chart_block(indicator_dumbbell(numeric, lookup),
                       t("cap_dumbbell", lang, unit=t(f"unit_class_{units}", lang)), table, f"indicators-{units}", lang,
                       key="dumbbell", formats={"baseline_value": "value", "final_target_value": "value"})

    yes_no = progress[progress["unit_class"] == "yes_no"]
    if yes_no.empty:
        st.caption(t("no_yes_no", lang))
    else:
        statuses = lookup.named(yes_no)[
            ["community", "name_uk", "baseline_text", "year", "target_text", "source_line", "indicator_id"]]
        ui.chart_block(yes_no_status(yes_no, lookup), t("cap_yes_no", lang), statuses, "yes-no-indicators", lang,
                       key="yes-no")


run_page("page_indicators", render)
