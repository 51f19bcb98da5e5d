"""The view state lives in the URL query string, so every view is a link that reproduces itself.

Streamlit's own ``bind="query-params"`` writes a widget's *displayed label* into the URL, which
here is a community or theme name that changes with the interface language; links must carry
stable ids (``c=kremenchuk``) instead, so the binding is done here.

On a session's first run each bound key is read from the URL (validated, else its default);
afterwards the widget owns the value, and at the end of every run ``write_url`` puts the current
values back into the query string, leaving out values equal to their default.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

_REGISTRY = "_url_bindings"  # session key -> (url key, serializer, serialized default), this run
_APPLY = "apply"  # a link that carries a whole view sets ?apply=1: its values replace the current ones
_FROM_URL = "_url_applies"


def start_run() -> None:
    st.session_state[_REGISTRY] = {}
    st.session_state[_FROM_URL] = _APPLY in st.query_params


def _from_url(key: str) -> bool:
    """Read the key from the URL: on the session's first run, or when a link carries a whole view."""
    return key not in st.session_state or st.session_state.get(_FROM_URL, False)


def _register(key: str, url_key: str, serialize: Callable, default) -> None:
    st.session_state.setdefault(_REGISTRY, {})[key] = (url_key, serialize, serialize(default))


def bind_choice(key: str, url_key: str, options: Sequence[str], default: str) -> None:
    """Prepare ``st.session_state[key]`` for a single-choice widget from the URL or the default."""
    if _from_url(key):
        value = st.query_params.get(url_key)
        st.session_state[key] = value if value in options else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    _register(key, url_key, str, default)


def bind_list(key: str, url_key: str, options: Sequence[str], default: Sequence[str]) -> None:
    """A multi-choice value: ``c=a,b``; ``c=`` is an explicit empty selection; absent means default."""
    if _from_url(key):
        raw = st.query_params.get(url_key)
        st.session_state[key] = list(default) if raw is None else [item for item in raw.split(",") if item in options]
    else:
        st.session_state[key] = [item for item in st.session_state[key] if item in options]
    _register(key, url_key, lambda value: ",".join(sorted(value)), default)


def bind_range(key: str, url_key: str, low: int, high: int) -> None:
    """A (from, to) range such as ``years=2026-2028``, clipped to [low, high]."""
    if _from_url(key):
        value = (low, high)
        raw = st.query_params.get(url_key) or ""
        first, _, last = raw.partition("-")
        if first.isdigit() and last.isdigit():
            first, last = max(low, min(int(first), high)), max(low, min(int(last), high))
            value = (min(first, last), max(first, last))
        st.session_state[key] = value
    _register(key, url_key, lambda value: f"{value[0]}-{value[1]}", (low, high))


def bind_text(key: str, url_key: str, default: str = "") -> None:
    if _from_url(key):
        st.session_state[key] = st.query_params.get(url_key, default)
    _register(key, url_key, lambda value: value or "", default)


def write_url() -> None:
    """Put every bound value in the query string; values equal to their default are left out."""
    wanted = current_params()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def current_params() -> dict[str, str]:
    """The query string of the current view (as ``write_url`` would write it)."""
    params = {}
    for key, (url_key, serialize, default) in st.session_state.get(_REGISTRY, {}).items():
        if key in st.session_state and serialize(st.session_state[key]) != default:
            params[url_key] = serialize(st.session_state[key])
    return params


def link_params(shared_only: bool = True, **overrides: str) -> dict[str, str]:
    """Query parameters for a link to another view: the shared filters, changed by ``overrides``."""
    shared = {"lang", "c", "align", "years", "themes", "pop"}
    params = {key: value for key, value in current_params().items() if not shared_only or key in shared}
    params.update({key: value for key, value in overrides.items() if value is not None})
    params[_APPLY] = "1"
    return params
