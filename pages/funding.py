"""Фінансування / Funding mix: own, external and unspecified money, by year and by source class."""
from dataclasses import replace

import streamlit as st

from etl.formatting import format_kuah, format_percent
from hromada import findings, ui
from hromada.app import data as queries
from hromada.charts import ownership_bars, ownership_by_year, source_class_bars, year_label, year_totals_chart
from hromada.frame import run_page
from hromada.i18n import t
from hromada.safe_text import md

FORMATS = {"amount_kuah": "kuah", "share_pct": "percent"}


def claims(filters, lookup) -> None:
    """Where a document contradicts itself: the same contradictions, grouped the same way, as Якість даних."""
    lang = filters.lang
    st.header(t("contradictions", lang))
    st.caption(t("cap_contradictions", lang, other=t("page_quality", lang)))
    frame = findings.show(filters.communities, lookup, lang, key="funding-contradictions")
    if frame.empty:
        return
    # The split the measures show, beside what the document claims (the whole programme, every year).
    classes = queries.funding_by_class(replace(filters, year_from=None, year_to=None))
    for community in dict.fromkeys(frame["community_id"]):
        parts = classes[classes["community_id"] == community]
        split = "; ".join(f"{md(lookup.source_class_names.get(part.source_class, t('all_sources', lang)))} — "
                          f"{format_kuah(part.amount_kuah, lang)} ({format_percent(part.share_pct, lang=lang)})"
                          for part in parts.itertuples(index=False))
        st.markdown(f"**{md(lookup.community(community))}**: {t('passport_claim_split', lang, split=split)}")
    findings.show_table(frame, lookup, lang, key="claims")


def known_shares(frame, lookup, lang: str, say: bool = False):
    """Rows whose shares mean something: money attributed to at least one named source. With ``say``,
    each community left out is named with the reason."""
    unknown = frame.loc[~frame["sources_known"].astype(bool), "community_id"]
    if say:
        for community in dict.fromkeys(unknown):
            if not frame.loc[frame["community_id"] == community, "sources_known"].any():
                st.info(t("own_unknown", lang, community=md(lookup.community(community))), icon=":material/help:")
    return frame[frame["sources_known"].astype(bool)]


def _years_in_words(data, lang: str):
    """Year columns as the charts name them: amounts with no year say so instead of an empty cell."""
    return data.assign(year=[year_label(year, "calendar", lang) for year in data["year"]],
                       programme_year=[year_label(year, "programme", lang) for year in data["programme_year"]])


def by_year(filters, lookup) -> None:
    lang = filters.lang
    yearly = known_shares(queries.funding_mix(filters, by_year=True), lookup, lang)
    if yearly.empty:
        st.info(t("ownership_none_known", lang), icon=":material/help:")
    else:
        data = _years_in_words(lookup.named(yearly, ownership=True), lang)
        ui.chart_block(ownership_by_year(yearly, lookup, filters.align), t("cap_ownership_by_year", lang),
                       data[["community", "year", "programme_year", "ownership_name", "amount_kuah", "share_pct"]],
                       "funding-mix-by-year", lang, key="mix-year", formats=FORMATS)
    totals = queries.year_totals(filters)
    data = _years_in_words(lookup.named(totals), lang)
    ui.chart_block(year_totals_chart(totals, lookup, filters.align), t("cap_year_totals", lang),
                   data[["community", "year", "programme_year", "amount_kuah"]], "money-by-year", lang,
                   key="year-totals", formats=FORMATS, table_open=True)


def by_class(filters, lookup) -> None:
    lang = filters.lang
    classes = queries.funding_by_class(filters)
    data = lookup.named(classes, ownership=True, source=True)
    ui.chart_block(source_class_bars(classes, lookup), t("cap_source_classes", lang),
                   data[["community", "source", "ownership_name", "amount_kuah", "share_pct"]],
                   "funding-by-source-class", lang, key="classes", formats=FORMATS)


def render(filters) -> None:
    lang = filters.lang
    ui.header("page_funding", lang, t("funding_intro", lang))
    if ui.needs_communities(filters):
        return
    lookup = ui.lookup(lang)
    undated = t("undated_note", lang)
    mix = queries.funding_mix(filters)
    if ui.empty(mix, lang):
        return
    known = known_shares(mix, lookup, lang, say=True)
    if not known.empty:  # else each community has just been named with the reason
        data = lookup.named(known, ownership=True)
        ui.chart_block(ownership_bars(known, lookup), t("cap_ownership", lang, undated=undated),
                       data[["community", "ownership_name", "amount_kuah", "share_pct"]],
                       "funding-mix", lang, key="mix", formats=FORMATS)

    # Only the open tab's charts are built and sent to the browser.
    by_year_tab, by_class_tab = st.tabs([t("by_year", lang), t("by_class", lang)], key="funding_tab",
                                        on_change="rerun")
    if by_year_tab.open:
        with by_year_tab:
            by_year(filters, lookup)
    if by_class_tab.open:
        with by_class_tab:
            by_class(filters, lookup)
    claims(filters, lookup)


run_page("page_funding", render)
