"""Документ / Source document: a programme document line by line, opened at the line a figure cites.

Every "рядок N" link in the dashboard leads here (``ui.source_href``): ``doc`` is the community,
``line`` the cited line and ``last`` the end of a cited span.
"""
import streamlit as st

from hromada import state, ui
from hromada.app import data as queries
from hromada.frame import run_page
from hromada.i18n import t

CONTEXTS = ("3", "10", "30")


def render(filters) -> None:
    lang = filters.lang
    ui.header("page_source", lang, t("source_intro", lang))
    documents = queries.sources()
    ids = list(documents["community_id"])
    if not ids:
        st.info(t("source_no_document", lang))
        return
    lookup = ui.lookup(lang)
    state.bind_choice("source_document", "doc", ids, filters.communities[0] if filters.communities else ids[0])
    document = st.session_state["source_document"]
    length = max(1, queries.document_length(document))
    state.bind_text("source_line", "line", "1")
    state.bind_text("source_last", "last", "")
    state.bind_choice("source_context", "around", CONTEXTS, CONTEXTS[0])
    # Typed or from the URL: ASCII digits within the document, else line 1 (never int("²")).
    line = state.parse_int(st.session_state["source_line"], 1, length, 1)
    st.session_state["source_line"] = str(line)
    last = state.parse_int(st.session_state["source_last"], line, length, line)
    st.session_state["source_last"] = str(last) if last != line else ""
    left, middle, right = st.columns([3, 1, 2])
    left.selectbox(t("viewer_document", lang), ids, key="source_document", format_func=lookup.community)
    middle.text_input(t("line", lang), key="source_line")
    right.segmented_control(t("source_context", lang), CONTEXTS, key="source_context", required=True)
    ui.source_viewer(document, line, lang, context=int(st.session_state["source_context"]),
                     last_line=last if last != line else None, key="source-view")


run_page("page_source", render)
