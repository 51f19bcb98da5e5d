"""Browser tests: the real dashboard (``streamlit run app.py``) driven in Debian's Chromium.

This directory is a package so that its ``conftest.py`` is imported as ``e2e.conftest`` and does
not replace the top-level ``conftest`` module that the other tests import helpers from.
"""
