"""Порівняння / Compare: two to five communities side by side."""
from dataclasses import replace

import pandas as pd
import streamlit as st

from etl.formatting import format_count, format_kuah, format_percent, format_uah
from hromada import state, ui
from hromada.app import data as queries
from hromada.charts import indicator_dumbbell, own_external_per_resident, ownership_bars, theme_bars
from hromada.frame import run_page
from hromada.i18n import t
from hromada.safe_text import md

COMPARE_MAX = 5  # communities side by side; a longer ?cmp= is cut to the first five
# Key-figure columns: on a phone the figure's name stays pinned on the left and the communities
# scroll beside it; on a laptop all five fit. Streamlit unpins a pinned column wider than 60 % of
# the table, so the name stays under that on a phone (~356 px).
METRIC_WIDTH_PX = 200
COMMUNITY_WIDTH_PX = 140
ROW_PX = 35  # Streamlit's row height: the table is made tall enough to need no inner scrolling


def population_source(row, denominator: str, lang: str) -> str:
    """Where a community's per-resident denominator comes from; with "as the document states"
    chosen, a document that states no population says so instead of quietly using the official one."""
    if row.denominator_source == "document":
        return t("population_from_document", lang, line=int(row.denominator_line))
    return t("population_not_stated" if denominator == "document" else "population_from_official", lang)


def population_notes(summary: pd.DataFrame, lookup, denominator: str, lang: str) -> list[str]:
    """With "as the document states" chosen: which documents state a population (and where), and
    which state none and keep the official figure."""
    if denominator != "document":
        return []
    stated = summary[summary["denominator_source"] == "document"]
    notes = [t("compare_population_document", lang, name=lookup.community(row.community_id),
               population=format_count(row.denominator_population, lang), line=int(row.denominator_line))
             for row in stated.itertuples()]
    fallback = [lookup.community(community) for community in
                summary.loc[summary["denominator_source"] != "document", "community_id"]]
    if fallback:
        notes.append(t("compare_population_fallback", lang, names=", ".join(fallback)))
    return notes


def key_figures(summary: pd.DataFrame, lookup, lang: str, denominator: str = "official") -> pd.DataFrame:
    """One row per figure, one column per community, formatted as the cards show them."""
    rows = {
        "metric_period": [f"{a}–{b}" for a, b in zip(summary["period_start"], summary["period_end"], strict=True)],
        "metric_total": [format_kuah(v, lang, unit=False) for v in summary["programme_total_kuah"]],
        "metric_annual": [format_kuah(v, lang, unit=False, exact=False) for v in summary["annual_average_kuah"]],
        "metric_per_resident": [format_uah(v, lang, unit=False) for v in summary["per_resident_year"]],
        "metric_own_per_resident": [format_uah(v, lang, unit=False) for v in summary["own_per_resident_year"]],
        "metric_external_per_resident": [format_uah(v, lang, unit=False) for v in summary["external_per_resident_year"]],
        "metric_population": [format_count(v, lang) for v in summary["denominator_population"]],
        "metric_population_source": [population_source(row, denominator, lang) for row in summary.itertuples()],
        "metric_own": [format_percent(v, lang=lang) for v in summary["own_share_pct"]],
        "metric_external": [format_percent(v, lang=lang) for v in summary["external_share_pct"]],
        "metric_unspecified": [format_percent(v, lang=lang) for v in summary["unspecified_share_pct"]],
        "metric_measures": [f"{a} ({b})" for a, b in zip(summary["measure_count"], summary["measures_with_money"], strict=True)],
        "metric_indicators": [str(v) for v in summary["indicator_count"]],
        "metric_issues": [f"{a} / {b}" for a, b in zip(summary["issues_error"], summary["issues_warning"], strict=True)],
    }
    names = [lookup.community(c) for c in summary["community_id"]]
    return pd.DataFrame([[t(key, lang), *values] for key, values in rows.items()],
                        columns=[t("compare_metric", lang), *names])


def render(filters) -> None:
    lang = filters.lang
    ui.header("page_compare", lang, t("compare_intro", lang))
    names = ui.community_names(lang)
    ids = sorted(names, key=lambda community: names[community])
    state.bind_list("compare_communities", "cmp", ids, list(filters.communities[:COMPARE_MAX]) or ids[:2],
                    limit=COMPARE_MAX)
    st.multiselect(t("compare_pick", lang), ids, key="compare_communities", max_selections=COMPARE_MAX,
                   format_func=lambda community: names[community])
    chosen = tuple(community for community in ids if community in st.session_state["compare_communities"])
    if not 2 <= len(chosen) <= COMPARE_MAX:
        st.info(t("compare_need_two", lang), icon=":material/group_add:")
        return
    lookup = ui.lookup(lang)
    view = replace(filters, communities=chosen)

    st.header(t("compare_key_figures", lang))
    summary = queries.community_summary(chosen, filters.denominator)
    figures = key_figures(summary, lookup, lang, filters.denominator)
    metric = t("compare_metric", lang)
    widths = {metric: METRIC_WIDTH_PX, **{name: COMMUNITY_WIDTH_PX for name in figures.columns[1:]}}
    ui.table(figures, height=ROW_PX * (len(figures) + 1) + 3, pinned=(metric,), widths=widths, key="compare-figures")
    st.caption(ui.denominator_note(filters))
    for note in population_notes(summary, lookup, filters.denominator, lang):
        st.caption(md(note))
    ui.downloads(figures, "compare-key-figures", lang, key="figures")

    st.header(t("compare_per_resident", lang))
    money = lookup.named(summary)[["community", "own_per_resident_year", "external_per_resident_year",
                                   "denominator_population", "community_id"]]
    ui.chart_block(own_external_per_resident(summary, lookup, ui.denominator_label(filters)),
                   t("cap_compare_per_resident", lang, denominator=ui.denominator_note(filters)),
                   money, "compare-per-resident", lang, key="per-resident",
                   formats={"own_per_resident_year": "uah", "external_per_resident_year": "uah",
                            "denominator_population": "count"})

    left, right = st.columns(2)
    with left:
        themes = queries.budget_by_theme(view)
        if not ui.empty(themes, lang):
            data = lookup.named(themes, theme=True)
            ui.chart_block(theme_bars(themes, lookup, "share"), t("cap_compare_themes", lang, undated=t("undated_note", lang)),
                           data[["community", "theme", "amount_kuah", "share_pct"]], "compare-themes", lang, key="themes",
                           formats={"amount_kuah": "kuah", "share_pct": "percent"})
    with right:
        mix = queries.funding_mix(view)
        if not ui.empty(mix, lang):
            data = lookup.named(mix, ownership=True)
            ui.chart_block(ownership_bars(mix, lookup), t("cap_ownership", lang, undated=t("undated_note", lang)),
                           data[["community", "ownership_name", "amount_kuah", "share_pct"]], "compare-funding", lang,
                           key="mix", formats={"amount_kuah": "kuah", "share_pct": "percent"})

    st.header(t("compare_families", lang))
    progress = queries.indicator_progress(chosen)
    shared = progress[progress["family_id"].notna()]
    shared = shared[shared.groupby("family_id")["community_id"].transform("nunique") >= 2]
    if shared.empty:
        st.info(t("compare_no_families", lang), icon=":material/info:")
        return
    family_column = "family_name_en" if lang == "en" else "family_name_uk"
    families = list(shared.groupby("family_id", sort=True))
    for start in range(0, len(families), 2):
        for column, (family_id, rows) in zip(st.columns(2), families[start:start + 2], strict=False):  # the last row may be short
            with column:
                st.markdown(f"**{md(rows[family_column].iloc[0])}**")
                finals = lookup.named(rows.drop_duplicates("indicator_id"))
                ui.chart_block(indicator_dumbbell(rows, lookup), t("cap_compare_families", lang),
                               finals[["community", "name_uk", "unit", "baseline_value", "final_target_value", "source_line"]],
                               f"family-{family_id}", lang, key=f"family-{family_id}",
                               formats={"baseline_value": "value", "final_target_value": "value"})


run_page("page_compare", render)
