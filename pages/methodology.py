"""Методологія / Methodology: docs/methodology.md and the user guide, in the chosen language."""
from pathlib import Path

import streamlit as st

from hromada.frame import run_page
from hromada.i18n import t

DOCS = Path(__file__).resolve().parent.parent / "docs"


def section(markdown: str, lang: str) -> str:
    """The part of a bilingual document written in one language (split at its '## ' headings)."""
    marker = "## In English" if lang == "en" else "## Українською"
    if marker not in markdown:
        return markdown
    start = markdown.index(marker) + len(marker)
    following = markdown.find("\n## ", start)
    return markdown[start:following if following != -1 else None]


def render(filters) -> None:
    st.title(t("page_methodology", filters.lang))
    for name in ("methodology.md", "user-guide.md"):
        path = DOCS / name
        if path.exists():
            # The page title is the only h1; the document's sections become h2 so levels do not skip.
            st.markdown(section(path.read_text(encoding="utf-8"), filters.lang).replace("\n### ", "\n## "))
            st.divider()


run_page("page_methodology", render)
