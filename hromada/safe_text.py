"""Document text shown as text, never as markup: one helper for Streamlit, one for Plotly.

Everything a council document says (community and programme names, measure, direction and
indicator names, findings that quote them, stated amounts) reaches the screen through ``md`` when
Streamlit draws it as Markdown (``st.header``, ``st.caption``, alerts, expander labels, ``help``…)
and through ``plain`` when it becomes a Plotly label. Interface texts from ``hromada.i18n`` and our
own documentation stay Markdown; only the values put into them are escaped.

What Streamlit 1.67 does to Markdown (read from its frontend bundle, StreamlitMarkdown):

* CommonMark + GFM: links, images, emphasis, headings, lists, tables, raw HTML (shown as text
  without ``unsafe_allow_html``, escaped here anyway);
* remark-math: ``$…$`` and ``$$…$$`` become KaTeX;
* remark-directive: ``:red[…]``, ``:blue-background[…]``, ``:small[…]``, ``:help[…]``…;
* transforms that run on *text nodes*, after backslash escapes are resolved: GFM autolink
  literals (``https://…``, ``www.…``, ``name@host.tld``), ``:material_icon:`` icons (the source's
  ``:material/`` is rewritten first), ``:streamlit:`` (an image), emoji shortcodes (``:smile:``),
  and typography (`` -- `` → —, `` -> `` → →, `` >= `` → ≥ …).

So ``md`` backslash-escapes every ASCII punctuation character (valid CommonMark for each one),
which stops the first three; and it puts an invisible WORD JOINER (U+2060) into each pattern of
the last group (after a ``:`` that precedes a letter or ``/``, inside ``www.``, after ``@``, and
between the two characters of an arrow), which a backslash cannot stop. The reader sees the text
exactly as written.
"""
from __future__ import annotations

import html
import re

WORD_JOINER = "\u2060"
# Every ASCII punctuation character; CommonMark lets a backslash escape each of them.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_TEXT_NODE_PATTERNS = [
    (re.compile(r":(?=[\w/])"), ":" + WORD_JOINER),  # :material_x:, :streamlit:, :smile:, https://
    (re.compile(r"(?i)(www)(?=\.)"), r"\1" + WORD_JOINER),  # www.example.org
    (re.compile(r"@"), "@" + WORD_JOINER),  # name@example.org
    (re.compile(r"([<>~-])(?=[-=>])"), r"\1" + WORD_JOINER),  # --, ->, <-, <->, >=, <=, ~=
]


def md(text) -> str:
    """Document text for any Streamlit element that renders Markdown: shown literally."""
    value = "" if text is None else str(text)
    for pattern, replacement in _TEXT_NODE_PATTERNS:
        value = pattern.sub(replacement, value)
    return _PUNCTUATION.sub(r"\\\1", value)


def plain(text) -> str:
    """Document text for a Plotly label (ticks, bar and treemap text, hover, legend): shown literally.

    Plotly reads a small HTML subset in every label (``<b>``, ``<br>``, ``<a href>``, ``<span
    style>``) and entities, and typesets text between two ``$`` as TeX where MathJax is loaded (the
    PNG export); ``&``, ``<``, ``>`` and ``$`` are therefore written as entities.
    """
    return html.escape("" if text is None else str(text), quote=False).replace("$", "&#36;")


def without_joiners(text: str) -> str:
    """The text a reader sees, for comparisons: ``md`` adds only invisible word joiners."""
    return text.replace(WORD_JOINER, "")
