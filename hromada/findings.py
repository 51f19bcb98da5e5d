"""Contradictions as every page shows them: per community, each root cause with its consequences under it.

Фінансування, Якість даних and the overview cards all read ``queries.contradictions`` (the warehouse's
table ``contradiction``), so no page can give an all-clear that another page contradicts.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.formatting import format_count
from hromada import ui
from hromada.app import data as queries
from hromada.i18n import has_text, plural, t
from hromada.safe_text import md

FORMATS = {"stated": "kuah", "computed": "kuah", "difference": "kuah"}


def counted(key: str, count: int, lang: str) -> str:
    """``1 першопричина``, ``2 першопричини``, ``5 першопричин``: the language's plural form (CLDR)."""
    return plural(key, int(count), lang, n=format_count(count, lang))


def counts(roots: int, consequences: int, lang: str) -> str:
    return f"{counted('causes', roots, lang)}, {counted('consequences', consequences, lang)}"


def card_summary(row, lang: str) -> str:
    """The overview card's words for a community's contradictions (a mart_community_summary row)."""
    if row["contradiction_roots"]:
        return counts(row["contradiction_roots"], row["contradiction_consequences"], lang)
    if not row["stated_totals_checked"]:
        return t("card_nothing_compared", lang)
    return t("card_no_contradictions", lang)


def scope_name(scope, lang: str) -> str:
    key = f"scope_{scope}"
    return t(key if has_text(key) else "scope_programme", lang)


def check_name(check_id: str, lang: str) -> str:
    key = f"check_{check_id}"
    return t(key if has_text(key) else "check_other", lang)


def layout_name(layout: str, lang: str) -> str:
    key = f"layout_{layout}"
    return t(key if has_text(key) else "layout_other", lang)


def _message(row, lang: str) -> str:
    return md(row.message_en if lang == "en" else row.message_uk)


def root_text(row, lang: str) -> str:
    return t("contradiction_root", lang, line=ui.source_link(row.community_id, row.source_line, lang),
             message=_message(row, lang))


def consequence_text(row, lang: str) -> str:
    return t("contradiction_consequence", lang, line=ui.source_link(row.community_id, row.source_line, lang),
             message=_message(row, lang))


def show(communities: tuple[str, ...], lookup, lang: str, key: str) -> pd.DataFrame:
    """Per community: its root causes, each with what follows from it, or why there is nothing to show.
    Returns the contradictions drawn, for a page's download."""
    frame = queries.contradictions(communities)
    coverage = queries.contradiction_coverage(communities)
    for community in coverage.itertuples(index=False):
        name = md(lookup.community(community.community_id))
        rows = frame[frame["community_id"] == community.community_id]
        if rows.empty:
            if community.stated_totals_checked:
                st.success(t("no_contradictions", lang, community=name,
                             count=format_count(community.stated_totals_checked, lang)), icon=":material/check_circle:")
            else:
                st.info(t("nothing_to_compare", lang, community=name), icon=":material/help:")
            continue
        with st.container(border=True):
            st.warning(t("contradiction_counts", lang, community=name,
                         roots=counted("causes", community.contradiction_roots, lang),
                         consequences=counted("consequences", community.contradiction_consequences, lang)),
                       icon=":material/warning:")
            for cause, group in rows.groupby("cause_issue_id", sort=False):
                root = next(group[group["root_issue_id"].isna()].itertuples(index=False))
                st.markdown(root_text(root, lang))
                consequences = group[group["root_issue_id"].notna()]
                if consequences.empty:
                    continue
                label = t("consequences_of", lang, consequences=counted("consequences", len(consequences), lang))
                with st.expander(label, key=f"{key}-{cause}"):
                    st.markdown("\n".join(f"- {consequence_text(row, lang)}"
                                          for row in consequences.itertuples(index=False)))
    return frame


def download_frame(frame: pd.DataFrame, lookup, lang: str) -> pd.DataFrame:
    """The contradictions as words and numbers (no codes), each naming the line of its root cause."""
    lines = dict(zip(frame["issue_id"], frame["source_line"], strict=True))
    return pd.DataFrame({
        "community": [lookup.community(community) for community in frame["community_id"]],
        "scope": [scope_name(scope, lang) for scope in frame["scope"]],
        t("col_check", lang): [check_name(check, lang) for check in frame["check_id"]],
        t("col_message", lang): frame["message_en" if lang == "en" else "message_uk"],
        "stated": frame["stated"], "computed": frame["computed"], "difference": frame["difference"],
        "source_line": frame["source_line"],
        t("col_cause", lang): [t("cause_self", lang) if pd.isna(root) else t("cause_line", lang, line=int(lines[root]))
                               for root in frame["root_issue_id"]],
    })


def show_table(frame: pd.DataFrame, lookup, lang: str, key: str) -> None:
    if frame.empty:
        return
    config = {"stated": t("col_stated", lang), "computed": t("col_computed", lang),
              "difference": t("col_difference", lang)}
    plain = download_frame(frame, lookup, lang).assign(community_id=frame["community_id"].to_numpy())
    ui.table(ui.with_source_links(plain, config, lang), FORMATS, lang=lang, column_config=config)
    ui.downloads(plain, "contradictions", lang, key=key)  # the line as a number, not the page's link
