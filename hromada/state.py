"""The view state lives in the URL query string, so every view is a link that reproduces itself.

Streamlit's own ``bind="query-params"`` writes a widget's *displayed label* into the URL, which
here is a community or theme name that changes with the interface language; links must carry
stable ids (``c=kremenchuk``) instead, so the binding is done here.

On a session's first run each bound key is read from the URL (validated, else its default);
afterwards the session holds the view, and at the end of every run ``write_url`` puts the current
values back into the query string, leaving out values equal to their default.

One view across pages: Streamlit forgets a widget's value when the widget is not drawn in a run
(another page) or is drawn with another identity (its label changed with the language), and then
shows its default. So every bound value is also kept in a plain session dict (``_view_values``,
not a widget key), and every ``bind_*`` writes the value back to the widget key before the widget
is drawn (Streamlit's documented workaround). The menu links carry the view in their query string
too (``menu_params``), so the URL reproduces the view at every moment, also in a new tab.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import streamlit as st

_REGISTRY = "_url_bindings"  # session key -> (url key, serializer, serialized default), this run
APPLY = "apply"  # a link that carries a whole view sets ?apply=1: its values replace the current ones
_FROM_URL = "_url_applies"
_SHADOW = "_view_values"  # session key -> its value at the end of the last run (kept across pages)
_PAGE = "_view_page"  # the page of this run (frame.PAGES title key)
_PAGE_PARAMS = "_view_page_params"  # page -> its own (not shared) query parameters, last time it ran
SHARED = ("lang", "c", "align", "years", "themes", "pop")  # the filters every page has

# -- Parsing: one strict parser per kind of value -------------------------------------------
#
# A query string is typed by anyone; nothing in it may raise. Every parser takes the raw value
# (a string, or None when the key is absent), accepts ASCII digits only where a number is meant
# ("²".isdigit() is true, int("²") fails), bounds lengths before converting, drops unknown and
# repeated items, clamps numbers to their range, and otherwise returns the default.

MAX_VALUE = 200  # characters in one choice, number or search text
MAX_LIST = 4000  # characters in a comma-separated list
MAX_DIGITS = 9  # an integer in a URL (years, line numbers) is at most this long
_NUMBER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}", flags=re.ASCII)
_RANGE = re.compile(rf"([0-9]{{1,{MAX_DIGITS}}})-([0-9]{{1,{MAX_DIGITS}}})", flags=re.ASCII)


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

def start_run(page: str | None = None) -> None:
    st.session_state[_REGISTRY] = {}
    st.session_state[_FROM_URL] = _url_value(APPLY) is not None
    st.session_state[_PAGE] = page


def _shadow() -> dict:
    return st.session_state.setdefault(_SHADOW, {})


def applying() -> bool:
    """This run opened a link that carries a whole view (``?apply=1``): the URL wins."""
    return bool(st.session_state.get(_FROM_URL, False))


def _from_url(key: str) -> bool:
    """Read the key from the URL: when the session has never held it, or a link carries a whole view."""
    return applying() or (key not in st.session_state and key not in _shadow())


def current(key: str):
    """The session's value of a bound key: the widget's, else the one kept from the last run (or None)."""
    if key in st.session_state:
        return st.session_state[key]
    return _shadow().get(key)


def previous(key: str):
    """The key's value at the end of the last run (None on the first): tells what the user just changed."""
    return _shadow().get(key)


def _set(key: str, value) -> None:
    # Always written, also when unchanged: a widget drawn with a new identity (another page, a label
    # in another language) then starts from this value instead of its default.
    st.session_state[key] = value


def _register(key: str, url_key: str, serialize: Callable, default) -> None:
    st.session_state.setdefault(_REGISTRY, {})[key] = (url_key, serialize, serialize(default))


def bind_choice(key: str, url_key: str, options: Sequence[str], default: str) -> None:
    """Prepare ``st.session_state[key]`` for a single-choice widget from the URL or the default."""
    raw = _url_value(url_key) if _from_url(key) else current(key)
    _set(key, parse_choice(raw, options, default))
    _register(key, url_key, str, default)


def bind_list(key: str, url_key: str, options: Sequence[str], default: Sequence[str],
              limit: int | None = None) -> None:
    """A multi-choice value: ``c=a,b``; ``c=`` is an explicit empty selection; absent means default."""
    if _from_url(key):
        value = parse_list(_url_value(url_key), options, default, limit)
    else:
        held = current(key)
        known = set(options)
        kept = list(dict.fromkeys(item for item in held if item in known)) if isinstance(held, list) else []
        value = kept[:limit] if limit is not None else kept
    _set(key, value)
    _register(key, url_key, lambda value: ",".join(sorted(value)), default)


def valid_range(value) -> bool:
    return isinstance(value, (tuple, list)) and len(value) == 2 and all(
        isinstance(end, int) and not isinstance(end, bool) for end in value)


def bind_range(key: str, url_key: str, low: int, high: int) -> None:
    """A (from, to) range such as ``years=2026-2028``, within [low, high]."""
    if _from_url(key):
        value = parse_range(_url_value(url_key), low, high)
    else:  # the bounds can change under a session (a rebuilt warehouse): keep the value inside them
        held = current(key)
        value = parse_range(f"{held[0]}-{held[1]}" if valid_range(held) else None, low, high)
    _set(key, value)
    _register(key, url_key, lambda value: f"{value[0]}-{value[1]}", (low, high))


def bind_text(key: str, url_key: str, default: str = "") -> None:
    if _from_url(key):
        raw = _url_value(url_key)
        value = default if raw is None else parse_text(raw, default)
    else:
        held = current(key)
        value = parse_text(held, default) if isinstance(held, str) else default
    _set(key, value)
    _register(key, url_key, lambda value: value or "", default)


def convert_years(years: tuple[int, int], to_align: str, periods: Sequence[tuple[int, int]],
                  bounds: dict) -> tuple[int, int]:
    """A year range carried over when the alignment changes (calendar <-> programme years).

    Programme year k of a community whose programme runs s..e is calendar year s + k - 1. A range
    in one scale covers, in each community (``periods``: the chosen ones' (start, end)), a stretch
    of the other scale; the result is the smallest range holding every such stretch, clamped to
    the other scale's bounds. So no year the reader was looking at is dropped: calendar 2026-2026
    is programme year 1 of a 2026-2028 programme and nothing of a 2023-2025 one, i.e. ``1-1``;
    programme ``1-1`` is 2023 in one and 2026 in the other, i.e. 2023-2026. The full range stays
    the full range; a range that covers no community's programme gives the full range.
    """
    first, last = bounds["first_year"], bounds["last_year"]
    years_of_programme = bounds["programme_years"]
    if to_align == "programme":
        low, high, from_low, from_high = 1, years_of_programme, first, last
    else:
        low, high, from_low, from_high = first, last, 1, years_of_programme
    if not valid_range(years) or not periods:
        return low, high
    start, end = sorted(years)
    if (start, end) == (from_low, from_high):
        return low, high
    stretches = []
    for period_start, period_end in periods:
        if to_align == "programme":  # calendar years -> this community's programme years
            a, b = max(1, start - period_start + 1), min(period_end - period_start + 1, end - period_start + 1)
        else:  # programme years -> this community's calendar years
            a, b = period_start + max(start, 1) - 1, min(period_end, period_start + end - 1)
        if a <= b:
            stretches.append((a, b))
    if not stretches:
        return low, high
    result = (max(low, min(a for a, _ in stretches)), min(high, max(b for _, b in stretches)))
    return result if result[0] <= result[1] else (low, high)


def write_url() -> None:
    """Put every bound value in the query string (values equal to their default are left out),
    and keep them for the next run and the other pages (see the module docstring)."""
    wanted = current_params()
    shadow = _shadow()
    for key in st.session_state.get(_REGISTRY, {}):
        if key in st.session_state:
            shadow[key] = st.session_state[key]
    page = st.session_state.get(_PAGE)
    if page is not None:
        st.session_state.setdefault(_PAGE_PARAMS, {})[page] = {
            key: value for key, value in wanted.items() if key not in SHARED}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def current_params() -> dict[str, str]:
    """The query string of the current view (as ``write_url`` would write it)."""
    params = {}
    for key, (url_key, serialize, default) in st.session_state.get(_REGISTRY, {}).items():
        if key in st.session_state and serialize(st.session_state[key]) != default:
            params[url_key] = serialize(st.session_state[key])
    return params


def link_params(shared_only: bool = True, **overrides: str | None) -> dict[str, str]:
    """Query parameters for a link to another view: the shared filters, changed by ``overrides``."""
    params = {key: value for key, value in current_params().items() if not shared_only or key in SHARED}
    params.update({key: value for key, value in overrides.items() if value is not None})
    params[APPLY] = "1"
    return params


def menu_params(page: str) -> dict[str, str]:
    """The query string of a menu link to ``page``: the shared filters as they are now, and that
    page's own settings as it was left (this page's as they are now). No ``apply``: the session
    holds the same values, the query string is what the address bar shows and a new tab opens."""
    params = {key: value for key, value in current_params().items() if key in SHARED}
    if page == st.session_state.get(_PAGE):
        own = {key: value for key, value in current_params().items() if key not in SHARED}
    else:
        own = st.session_state.get(_PAGE_PARAMS, {}).get(page, {})
    return {**params, **own}
