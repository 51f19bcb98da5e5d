"""Figures as the dashboard shows them, for every export format.

Each number kind (the vocabulary of ``ui.styled``) keeps a number of places (``KIND_PLACES``):
money in thousand UAH exact to the hryvnia (3 decimals at most), shares in percent 0-100 and
per-resident figures to one decimal, counts whole. Rounding is half-up on the exact decimal, as
``etl.formatting`` does. ``KIND_FORMATS`` are the Excel number formats; Excel shows them in the
reader's locale (``69 683,0`` or ``69,683.0``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

# The dashboard's number kinds (``ui.styled``): places a written figure keeps, and its Excel format.
# Money keeps up to three decimals so every hryvnia shows (25,125 thousand UAH = 25 125 UAH).
KIND_PLACES = {"kuah": 3, "kuah_rounded": 1, "percent": 1, "uah": 1, "count": 0, "integer": 0}
KIND_FORMATS = {"kuah": "#,##0.0##", "kuah_rounded": "#,##0.0", "percent": "0.0", "uah": "#,##0.0",
                "count": "#,##0", "integer": "0"}  # integer: years and line numbers, no thousands separator
# Column names -> kind for the dashboard's frames (before headings are translated); first match wins.
_KIND_RULES = (
    (re.compile(r"(^|_)per_resident"), "uah"),
    (re.compile(r"(^|_)pct$"), "percent"),
    (re.compile(r"^annual_average_kuah$"), "kuah_rounded"),
    (re.compile(r"_kuah$"), "kuah"),
    (re.compile(r"(^|_)(line|line_number|year|programme_year|period_start|period_end)$"), "integer"),
    (re.compile(r"(^|_)(count|population|population_document|measures_with_money|with_target|programme_years|"
                r"with_appendix_indicator|direction_level_indicators)$|^issues_"), "count"),
)


def infer_kinds(frame: pd.DataFrame) -> dict[str, str]:
    """The number kind of each numeric column of a dashboard frame, from its name (``_KIND_RULES``).

    A numeric column no rule names is written as it is ("value": an indicator figure as written)."""
    kinds = {}
    for column in frame.columns:
        name = str(column)
        kind = next((kind for rule, kind in _KIND_RULES if rule.search(name)), None)
        if kind is not None:
            kinds[column] = kind
    return kinds


def shown(value, kind: str | None):
    """A figure rounded as the dashboard shows it: Decimal, int, or the value itself for other kinds
    and for text (a year column may say "no year")."""
    places = KIND_PLACES.get(kind) if kind is not None else None
    if places is None or is_missing(value) or isinstance(value, (str, bool)):
        return value
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    except (TypeError, ValueError):
        return value
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never -0.0
    return int(rounded) if places == 0 else rounded


def csv_number(value, kind: str | None) -> str | object:
    """The CSV text of a figure: rounded as shown, a plain decimal point, money with 1 to 3 decimals."""
    number = shown(value, kind)
    if not isinstance(number, Decimal):
        return number
    text = format(number, "f")
    if kind == "kuah":  # 69683.000 -> 69683.0, 25.125 stays
        text = text.rstrip("0")
        text = text + "0" if text.endswith(".") else text
    return text


def writable(value):
    """What a writer gets: Decimals as floats (Excel has no decimal type, pandas writes floats)."""
    return float(value) if isinstance(value, Decimal) else value


def is_missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def converted(frame: pd.DataFrame, kinds: dict | None, figure: Callable[[object, str], object],
              text: Callable[[object], object], is_text: Callable[[pd.Series], bool]) -> pd.DataFrame:
    """A copy for a writer: each value of a figure column (one ``kinds`` names) as ``figure(value,
    kind)`` gives it, each value of a text column (``is_text``) as ``text`` does; the rest as it is."""
    kinds = kinds or {}
    copy = frame.copy()
    for column in copy.columns:
        kind = kinds.get(column)
        if kind in KIND_PLACES:
            copy[column] = pd.Series([figure(value, kind) for value in copy[column]], index=copy.index, dtype=object)
        elif is_text(copy[column]):
            copy[column] = copy[column].map(text)
    return copy
