"""hromada-benchmark: the entry point (`streamlit run app.py`) and the Огляд / Overview page.

One card per community and a comparison of totals and money per resident. The other pages live
in pages/; every page, this one included, runs inside the shared frame (hromada.frame).
"""
import streamlit as st

from etl.formatting import format_count, format_kuah, format_percent, format_uah
from hromada import findings, pack, state, ui
from hromada.app import data as queries
from hromada.charts import per_resident_chart, totals_chart
from hromada.db import database_path
from hromada.frame import run_page
from hromada.i18n import name_column, short_name_column, t
from hromada.safe_text import md

MAX_CARDS = 12


def card(row, lang: str) -> None:
    with st.container(border=True):
        st.subheader(md(row[short_name_column(lang)]))
        st.caption(f"{md(row[name_column(lang)])} · {md(row['oblast_en' if lang == 'en' else 'oblast_uk'])} · "
                   f"{t('card_period', lang, start=row['period_start'], end=row['period_end'])}")
        st.metric(t("card_total", lang), format_kuah(row["programme_total_kuah"], lang, unit=False))
        if row["stated_total_kuah"] is None or row["stated_total_kuah"] != row["stated_total_kuah"]:
            st.caption(t("card_no_stated", lang))
        # Markdown, not a caption: a caption's faded text would leave its line link below 4.5:1 contrast.
        elif row["stated_total_kuah"] == row["programme_total_kuah"]:
            st.markdown(t("card_stated_same", lang, link=ui.source_link(row["community_id"], row["stated_total_line"], lang)))
        else:
            st.markdown(t("card_stated", lang, stated=format_kuah(row["stated_total_kuah"], lang),
                          link=ui.source_link(row["community_id"], row["stated_total_line"], lang)))
        per_resident, own = st.columns(2)
        source = t(f"source_{row['denominator_source']}_short", lang)
        per_resident.metric(t("card_per_resident", lang), format_uah(row["per_resident_year"], lang, unit=False),
                            help=t("card_per_resident_help", lang,
                                   population=format_count(row["denominator_population"], lang), source=source))
        # Unknown, not zero, where the document names no funding source (own_share_pct is NULL then).
        own.metric(t("card_own_share", lang), format_percent(row["own_share_pct"], lang=lang))
        if not row["sources_stated"]:
            own.caption(t("own_unknown_help", lang))
        st.write(t("card_counts", lang, measures=row["measure_count"], funded=row["measures_with_money"],
                   indicators=row["indicator_count"]))
        st.caption(t("card_issues_causes", lang, contradictions=findings.card_summary(row, lang),
                     warning=row["issues_warning"], info=row["issues_info"]))
        st.page_link("pages/quality.py", icon=":material/report:", label=t("card_issues_link", lang),
                     help=t("card_issues_help", lang), query_params=state.link_params(c=row["community_id"]))


@st.cache_data(ttl=3600, show_spinner=False, max_entries=8)
def _pack(communities: tuple[str, ...], lang: str, workbook_only: bool) -> bytes:
    if workbook_only:
        return pack.build_workbook(database_path(), list(communities), lang)
    return pack.build_pack(database_path(), list(communities), lang)


def workshop_pack(filters) -> None:
    """The same pack as `python -m hromada pack`, for the selected communities; built only when clicked."""
    lang, communities = filters.lang, filters.communities
    name = "-".join(communities) if len(communities) <= 3 else f"{len(communities)}-communities"
    st.markdown(f"**{t('pack_heading', lang)}**")
    zip_column, xlsx_column = st.columns(2)
    zip_column.download_button(f"⬇ {t('pack_zip', lang)}", lambda: _pack(communities, lang, False),
                               file_name=f"hromada-pack-{name}-{lang}.zip", mime="application/zip",
                               help=t("pack_zip_help", lang), key="pack-zip", width="stretch", on_click="ignore")
    xlsx_column.download_button(f"⬇ {t('pack_xlsx', lang)}", lambda: _pack(communities, lang, True),
                                file_name=f"hromada-pack-{name}-{lang}.xlsx", help=t("pack_xlsx_help", lang),
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                key="pack-xlsx", width="stretch", on_click="ignore")
    st.caption(t("pack_note", lang))


def render(filters) -> None:
    lang = filters.lang
    ui.header("page_overview", lang, t("overview_intro", lang))
    if ui.needs_communities(filters):
        return
    summary = queries.community_summary(filters.communities, filters.denominator)
    if ui.empty(summary, lang):
        return
    st.header(t("communities", lang))
    if len(summary) <= MAX_CARDS:
        for start in range(0, len(summary), 3):
            columns = st.columns(3)
            for column, (_, row) in zip(columns, summary.iloc[start:start + 3].iterrows(), strict=False):  # the last row may be short
                with column:
                    card(row, lang)
    else:
        # Hundreds of cards would bury the comparison; the sortable table below says the same.
        st.info(t("too_many_cards", lang, count=len(summary), limit=MAX_CARDS), icon=":material/view_list:")

    workshop_pack(filters)
    lookup = ui.lookup(lang)
    table = summary[["community_id", name_column(lang), "period_start", "period_end", "programme_total_kuah",
                     "stated_total_kuah", "annual_average_kuah", "denominator_population", "per_resident_year",
                     "own_share_pct", "external_share_pct", "unspecified_share_pct", "measure_count",
                     "measures_with_money", "indicator_count", "issues_error", "issues_warning", "issues_info"]]
    formats = {"programme_total_kuah": "kuah", "stated_total_kuah": "kuah", "annual_average_kuah": "kuah_rounded",
               "per_resident_year": "uah", "own_share_pct": "percent", "external_share_pct": "percent",
               "unspecified_share_pct": "percent", "denominator_population": "count"}
    left, right = st.columns(2)
    with left:
        ui.chart_block(totals_chart(summary, lookup), t("cap_totals", lang), table, "programme-totals", lang,
                       key="totals", formats=formats, table_open=len(summary) > MAX_CARDS)
    with right:
        denominator = ui.denominator_note(filters)
        ui.chart_block(per_resident_chart(summary, lookup, ui.denominator_label(filters)),
                       t("cap_per_resident", lang, denominator=denominator),
                       table, "uah-per-resident", lang, key="per-resident", formats=formats)


run_page("page_overview", render)
