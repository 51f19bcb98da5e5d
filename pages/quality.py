"""Якість даних / Data quality and sources: stated versus computed, findings, and the raw documents."""
import pandas as pd
import streamlit as st

from etl.contract import SEVERITIES
from hromada import findings, state, ui
from hromada.app import data as queries
from hromada.charts import reconciliation_chart, year_label
from hromada.frame import run_page
from hromada.i18n import t
from hromada.safe_text import md

MAX_EXPANDERS = 12  # one table per community stops being readable (or quick) beyond this


def highlight_differences(frame: pd.DataFrame, status: pd.Series):
    styler = ui.styled(frame, {"stated": "kuah", "computed": "kuah", "difference": "kuah"})
    colours = {"differs": "background-color: #FBE3D6", "blank": "background-color: #EEEEEE"}
    return styler.apply(lambda row: [colours.get(status.loc[row.name], "")] * len(row), axis=1)


def reconciliation_section(filters, lookup) -> None:
    lang = filters.lang
    st.header(t("reconciliation", lang))
    frame = queries.reconciliation(filters.communities)
    if ui.empty(frame, lang):
        return
    st.plotly_chart(reconciliation_chart(frame, lookup), width="stretch", config=ui.PLOTLY_CONFIG, key="reconciliation-chart")
    st.caption(t("cap_reconciliation", lang))
    groups = list(frame.groupby("community_id", sort=False))
    if len(groups) > MAX_EXPANDERS:
        st.info(t("only_differences", lang, count=len(groups), limit=MAX_EXPANDERS), icon=":material/filter_alt:")
        groups = [(community, rows) for community, rows in groups if (rows["status"] == "differs").any()][:MAX_EXPANDERS]
        ui.downloads(frame, "reconciliation", lang, key="reconciliation-all")
    for community, rows in groups:
        differs = int((rows["status"] == "differs").sum())
        label = f"{md(lookup.community(community))} — {t('status_differs', lang)}: {differs} / {len(rows)}"
        expander = st.expander(label, expanded=differs > 0 and len(filters.communities) == 1,
                               key=f"reconciliation-{community}-open", on_change="rerun")
        if not expander.open:
            continue
        with expander:
            shown = pd.DataFrame({
                # The row as the document labels it, then which part of the document it is in, in words.
                t("col_scope", lang): [f"{row.label_uk} ({findings.scope_name(row.scope, lang)})" if row.label_uk
                                       else findings.scope_name(row.scope, lang).capitalize() for row in rows.itertuples()],
                t("col_class", lang): [lookup.source_class_names.get(c, t("all_sources", lang)) for c in rows["source_class"]],
                t("year", lang): [year_label(year, "calendar", lang) if pd.notna(year) else t("total_column", lang)
                                  for year in rows["year"]],
                "stated": rows["stated_kuah"].to_numpy(), "computed": rows["computed_kuah"].to_numpy(),
                "difference": rows["difference_kuah"].to_numpy(),
                t("col_status", lang): [t(f"status_{s}", lang) for s in rows["status"]],
                t("source_line", lang): rows["source_line"].to_numpy(),
            })
            readable = shown.copy()  # the download keeps the line as a number
            shown[t("source_line", lang)] = [ui.source_href(community, int(line)) if pd.notna(line) else None
                                             for line in rows["source_line"]]
            status = pd.Series(rows["status"].to_numpy(), index=shown.index)
            st.dataframe(highlight_differences(shown, status), hide_index=True, width="stretch",
                         column_config={"stated": t("col_stated", lang), "computed": t("col_computed", lang),
                                        "difference": t("col_difference", lang),
                                        t("source_line", lang): st.column_config.LinkColumn(
                                            t("source_line", lang), display_text=r"line=([0-9]+)",
                                            help=t("source_link_help", lang))})
            ui.downloads(readable, f"reconciliation-{community}", lang, key=f"reconciliation-{community}",
                         formats={"stated": "kuah", "computed": "kuah", "difference": "kuah",
                                  t("source_line", lang): "integer"})


def _line(line) -> str:
    return str(int(line)) if pd.notna(line) else "—"


def contradictions_section(filters, lookup) -> None:
    """The same contradictions, grouped the same way, as Фінансування shows."""
    lang = filters.lang
    st.header(t("contradictions", lang))
    st.caption(t("cap_contradictions", lang, other=t("page_funding", lang)))
    findings.show(filters.communities, lookup, lang, key="quality-contradictions")


def _show_issue_line() -> None:
    """Selecting a finding opens its line in the source viewer below."""
    selected = st.session_state.get("quality_issues", {}).get("selection", {}).get("rows", [])
    lines = st.session_state.get("_quality_issue_lines", [])
    if selected and selected[0] < len(lines):
        community, line = lines[selected[0]]
        if pd.notna(line):
            st.session_state["quality_document"] = community
            st.session_state["quality_line"] = str(int(line))


def issues_section(filters, lookup) -> None:
    lang = filters.lang
    st.header(t("issue_list", lang))
    state.bind_list("quality_severity", "severity", SEVERITIES, ["error", "warning"])
    st.pills(t("severity", lang), SEVERITIES, key="quality_severity", selection_mode="multi",
             format_func=lambda severity: t(f"severity_{severity}", lang))
    issues = queries.data_issues(filters.communities, tuple(st.session_state["quality_severity"]))
    if issues.empty:
        st.info(t("issues_none", lang))
        return
    message = "message_en" if lang == "en" else "message_uk"
    lines = dict(zip(issues["issue_id"], issues["source_line"], strict=True))
    roots = queries.data_issues(filters.communities)  # a consequence's root may be of another severity filter
    lines.update(zip(roots["issue_id"], roots["source_line"], strict=True))
    readable = pd.DataFrame({
        t("community", lang): [lookup.community(c) for c in issues["community_id"]],
        t("severity", lang): [t(f"severity_{s}", lang) for s in issues["severity"]],
        t("col_message", lang): issues[message],
        t("source_line", lang): issues["source_line"],
        t("col_cause", lang): [t("cause_line", lang, line=_line(lines.get(root))) if isinstance(root, str)
                               else (t("cause_self", lang) if contradiction else "—")
                               for root, contradiction in zip(issues["root_issue_id"], issues["contradiction"], strict=True)],
        t("col_check", lang): [findings.check_name(check, lang) for check in issues["check_id"]],
        "stated": issues["stated"], "computed": issues["computed"],
    })
    # On the page the line is a link into the document; the download keeps the number (and the ids to join on).
    shown = readable.assign(**{t("source_line", lang): [
        ui.source_href(c, int(line)) if pd.notna(line) else None
        for c, line in zip(issues["community_id"], issues["source_line"], strict=True)]})
    st.session_state["_quality_issue_lines"] = list(zip(issues["community_id"], issues["source_line"], strict=True))
    ui.table(shown, {"stated": "value", "computed": "value"}, key="quality_issues", on_select=_show_issue_line,
             selection_mode="single-row",
             column_config={t("col_message", lang): st.column_config.TextColumn(width="large"),
                            t("source_line", lang): st.column_config.LinkColumn(
                                t("source_line", lang), display_text=r"line=([0-9]+)", help=t("source_link_help", lang))})
    st.caption(t("issue_select_hint", lang))
    ui.downloads(readable.assign(issue_id=issues["issue_id"], community_id=issues["community_id"]), "data-issues", lang,
                 key="issues", formats={"stated": "value", "computed": "value", t("source_line", lang): "integer"})


def viewer_section(filters, lookup) -> None:
    lang = filters.lang
    st.header(t("viewer", lang))
    documents = queries.sources()
    ids = list(documents["community_id"])
    state.bind_choice("quality_document", "doc", ids, filters.communities[0] if filters.communities else ids[0])
    left, right = st.columns([2, 1])
    left.selectbox(t("viewer_document", lang), ids, key="quality_document", format_func=lookup.community)
    document = st.session_state["quality_document"]
    length = queries.document_length(document)
    state.bind_text("quality_line", "line", "1")
    # Typed or from the URL: ASCII digits within the document, else line 1 (never int("²")).
    line = state.parse_int(st.session_state["quality_line"], 1, max(1, length), 1)
    st.session_state["quality_line"] = str(line)
    right.text_input(t("line", lang), key="quality_line")
    ui.source_viewer(document, line, lang, context=6, key="quality-source")
    st.header(t("documents", lang))
    # No file paths on screen (Методологія says where the documents come from); the layout in words.
    named = lookup.named(documents).assign(layout=[findings.layout_name(layout, lang) for layout in documents["layout"]])
    ui.table(named[["community", "programme_title_uk", "period_start", "period_end", "layout", "source_sha256"]])
    st.page_link("pages/methodology.py", label=t("methodology_link", lang), icon=":material/menu_book:")


def render(filters) -> None:
    lang = filters.lang
    ui.header("page_quality", lang, t("quality_intro", lang))
    lookup = ui.lookup(lang)
    if not ui.needs_communities(filters):
        contradictions_section(filters, lookup)
        reconciliation_section(filters, lookup)
        issues_section(filters, lookup)
    viewer_section(filters, lookup)


run_page("page_quality", render)
