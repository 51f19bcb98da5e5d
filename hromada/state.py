"""The view state lives in the URL query string, so every view is a link that reproduces itself.

Streamlit's own ``bind="query-params"`` writes a widget's *displayed label* into the URL, which
here is a community or theme name that changes with the interface language; links must carry
stable ids (``c=kremenchuk``) instead, so the binding is done here.

On a session's first run each bound key is read from the URL (validated, else its default);
afterwards the widget owns the value, and at the end of every run ``write_url`` puts the current
values back into the query string, leaving out values equal to their default.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import streamlit as st

_REGISTRY = "_url_bindings"  # session key -> (url key, serializer, serialized default), this run
APPLY = "apply"  # a link that carries a whole view sets ?apply=1: its values replace the current ones
_FROM_URL = "_url_applies"

# -- Parsing: one strict parser per kind of value -------------------------------------------
#
# A query string is typed by anyone; nothing in it may raise. Every parser takes the raw value
# (a string, or None when the key is absent), accepts ASCII digits only where a number is meant
# ("²".isdigit() is true, int("²") fails), bounds lengths before converting, drops unknown and
# repeated items, clamps numbers to their range, and otherwise returns the default.

MAX_VALUE = 200  # characters in one choice, number or search text
MAX_LIST = 4000  # characters in a comma-separated list
MAX_DIGITS = 9  # an integer in a URL (years, line numbers) is at most this long
_NUMBER = re.compile(r"[0-9]{1,%d}" % MAX_DIGITS, flags=re.ASCII)
_RANGE = re.compile(r"([0-9]{1,%d})-([0-9]{1,%d})" % (MAX_DIGITS, MAX_DIGITS), flags=re.ASCII)


def parse_choice(raw, options: Sequence[str], default: str) -> str:
    """One of ``options``, exactly, or the default."""
    if isinstance(raw, str) and len(raw) <= MAX_VALUE and raw in options:
        return raw
    return default


def parse_list(raw, options: Sequence[str], default: Sequence[str], limit: int | None = None) -> list[str]:
    """``a,b``: the known items, each once, in the order given, at most ``limit`` of them.

    ``""`` is an explicit empty selection; absent, too long, or with no known item at all: the
    default.
    """
    if raw is None or not isinstance(raw, str) or len(raw) > MAX_LIST:
        chosen = list(default)
    elif raw == "":
        chosen = []
    else:
        known = set(options)
        chosen = list(dict.fromkeys(item for item in raw.split(",") if item in known))
        if not chosen:
            chosen = list(default)
    return chosen[:limit] if limit is not None else chosen


def parse_int(raw, low: int, high: int, default: int) -> int:
    """An integer of ASCII digits, clamped to [low, high]; anything else gives the default."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return max(low, min(raw, high))
    if isinstance(raw, str) and _NUMBER.fullmatch(raw.strip()):
        return max(low, min(int(raw.strip()), high))
    return default


def parse_range(raw, low: int, high: int) -> tuple[int, int]:
    """``from-to`` within [low, high] (ends swapped if reversed, clamped when they stick out).

    A range entirely outside [low, high] is not clamped onto one edge — ``2026-2027`` read as
    programme years would become ``3-3`` — it gives the whole range, the default.
    """
    match = _RANGE.fullmatch(raw) if isinstance(raw, str) and len(raw) <= 2 * MAX_DIGITS + 1 else None
    if match is None:
        return low, high
    first, last = sorted((int(match.group(1)), int(match.group(2))))
    if last < low or first > high:
        return low, high
    return max(low, first), min(last, high)


def parse_text(raw, default: str = "") -> str:
    """Free text (a search): at most MAX_VALUE characters, without control characters."""
    if not isinstance(raw, str) or len(raw) > MAX_VALUE:
        return default
    return "".join(character for character in raw if unicodedata.category(character) != "Cc")


def _url_value(url_key: str):
    """The raw value of a query parameter (the last one when repeated), or None."""
    try:
        return st.query_params.get(url_key)
    except Exception:  # noqa: BLE001 - a malformed query string is the same as none
        return None


# -- Binding session keys to the URL ---------------------------------------------------------

def start_run() -> None:
    st.session_state[_REGISTRY] = {}
    st.session_state[_FROM_URL] = _url_value(APPLY) is not None


def _from_url(key: str) -> bool:
    """Read the key from the URL: on the session's first run, or when a link carries a whole view."""
    return key not in st.session_state or st.session_state.get(_FROM_URL, False)


def _register(key: str, url_key: str, serialize: Callable, default) -> None:
    st.session_state.setdefault(_REGISTRY, {})[key] = (url_key, serialize, serialize(default))


def bind_choice(key: str, url_key: str, options: Sequence[str], default: str) -> None:
    """Prepare ``st.session_state[key]`` for a single-choice widget from the URL or the default."""
    if _from_url(key):
        st.session_state[key] = parse_choice(_url_value(url_key), options, default)
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    _register(key, url_key, str, default)


def bind_list(key: str, url_key: str, options: Sequence[str], default: Sequence[str],
              limit: int | None = None) -> None:
    """A multi-choice value: ``c=a,b``; ``c=`` is an explicit empty selection; absent means default."""
    if _from_url(key):
        st.session_state[key] = parse_list(_url_value(url_key), options, default, limit)
    else:
        current = st.session_state[key]
        known = set(options)
        kept = list(dict.fromkeys(item for item in current if item in known)) if isinstance(current, list) else []
        st.session_state[key] = kept[:limit] if limit is not None else kept
    _register(key, url_key, lambda value: ",".join(sorted(value)), default)


def bind_range(key: str, url_key: str, low: int, high: int) -> None:
    """A (from, to) range such as ``years=2026-2028``, within [low, high]."""
    if _from_url(key):
        st.session_state[key] = parse_range(_url_value(url_key), low, high)
    else:  # the bounds can change under a session (a rebuilt warehouse): keep the value inside them
        current = st.session_state[key]
        valid = isinstance(current, (tuple, list)) and len(current) == 2 and all(
            isinstance(end, int) and not isinstance(end, bool) for end in current)
        st.session_state[key] = parse_range(f"{current[0]}-{current[1]}" if valid else None, low, high)
    _register(key, url_key, lambda value: f"{value[0]}-{value[1]}", (low, high))


def bind_text(key: str, url_key: str, default: str = "") -> None:
    if _from_url(key):
        raw = _url_value(url_key)
        st.session_state[key] = default if raw is None else parse_text(raw, default)
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
    params[APPLY] = "1"
    return params
