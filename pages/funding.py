"""Фінансування / Funding mix: own, external and unspecified money, by year and by source class."""
from dataclasses import replace

import streamlit as st

from hromada import queries, ui
from hromada.frame import run_page
from hromada.charts import ownership_bars, ownership_by_year, source_class_bars, year_totals_chart
from etl.formatting import format_kuah, format_percent
from hromada.i18n import t
from hromada.safe_text import md

FORMATS = {"amount_kuah": "kuah", "share_pct": "percent", "stated_kuah": "kuah", "computed_kuah": "kuah",
           "difference_kuah": "kuah"}


def claims(filters, lookup) -> None:
    """Passports and resource appendices that claim a split by source the measures do not show."""
    lang = filters.lang
    st.header(t("passport_claims", lang))
    frame = queries.passport_split_claims(filters.communities)
    if frame.empty:
        st.success(t("no_claims", lang), icon=":material/check_circle:")
        return
    # The passport speaks of the whole programme, so compare with every year of the measures.
    classes = queries.funding_by_class(replace(filters, year_from=None, year_to=None))
    for community, rows in frame.groupby("community_id", sort=False):
        lines = []
        for row in rows[rows["year"].isna()].itertuples(index=False):
            lines.append(t("passport_claim", lang, community=md(lookup.community(community)),
                           where=t(f"scope_{row.scope}", lang), line=row.source_line,
                           stated=format_kuah(row.stated_kuah, lang),
                           source=md(lookup.source_class_names.get(row.source_class, row.source_class)),
                           computed=format_kuah(row.computed_kuah, lang)))
        parts = classes[classes["community_id"] == community]
        split = "; ".join(f"{md(lookup.source_class_names.get(part.source_class, part.source_class))} — "
                          f"{format_kuah(part.amount_kuah, lang)} ({format_percent(part.share_pct, lang=lang)})"
                          for part in parts.itertuples(index=False))
        st.warning("\n\n".join(lines + [t("passport_claim_split", lang, split=split)]), icon=":material/warning:")
    data = lookup.named(frame)
    ui.table(data[["community", "scope", "source_class", "year", "stated_kuah", "computed_kuah", "difference_kuah",
                   "source_line"]], FORMATS)
    ui.downloads(data, "passport-claims", lang, key="claims")


def by_year(filters, lookup) -> None:
    lang = filters.lang
    yearly = queries.funding_mix(filters, by_year=True)
    data = lookup.named(yearly, ownership=True)
    ui.chart_block(ownership_by_year(yearly, lookup, filters.align), t("cap_ownership_by_year", lang),
                   data[["community", "year", "programme_year", "ownership_name", "amount_kuah", "share_pct"]],
                   "funding-mix-by-year", lang, key="mix-year", formats=FORMATS)
    totals = queries.year_totals(filters)
    data = lookup.named(totals)
    ui.chart_block(year_totals_chart(totals, lookup, filters.align), t("cap_year_totals", lang),
                   data[["community", "year", "programme_year", "amount_kuah"]], "money-by-year", lang,
                   key="year-totals", formats=FORMATS, table_open=True)


def by_class(filters, lookup) -> None:
    lang = filters.lang
    classes = queries.funding_by_class(filters)
    data = lookup.named(classes, ownership=True, source=True)
    ui.chart_block(source_class_bars(classes, lookup), t("cap_source_classes", lang),
                   data[["community", "source", "ownership_name", "amount_kuah", "share_pct", "source_class"]],
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
    data = lookup.named(mix, ownership=True)
    ui.chart_block(ownership_bars(mix, lookup), t("cap_ownership", lang, undated=undated),
                   data[["community", "ownership_name", "amount_kuah", "share_pct", "community_id", "ownership"]],
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
