"""Ukrainian number formatting: ``69 683,0 тис. грн``, ``12,5 %``.

A no-break space separates thousands (so a figure never wraps across lines) and a comma marks
decimals. English output uses the same figures with English units, keeping one style of number
so that a figure read aloud in a workshop matches the printed pack.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"

UNITS = {
    "kuah": {"uk": "тис. грн", "en": "thousand UAH"},
    "uah": {"uk": "грн", "en": "UAH"},
    "percent": {"uk": "%", "en": "%"},
    "people": {"uk": "осіб", "en": "people"},
}


def _to_decimal(value) -> Decimal | None:
    """Decimal from a Decimal, int or float (numpy scalars included); None for missing values."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return None
    if number.is_integer() and abs(number) < 2**53:
        return Decimal(int(number))
    return Decimal(repr(number))


def format_number(value, decimals: int = 1, keep_precision: bool = False) -> str:
    """``69683`` -> ``69 683,0``. With ``keep_precision``, shows up to 3 decimals when needed
    (a hryvnia-exact figure in thousands, such as 25,125) instead of rounding it away."""
    number = _to_decimal(value)
    if number is None:
        return "—"
    if keep_precision:
        for places in range(decimals, 4):
            quantum = Decimal(1).scaleb(-places)
            if number.quantize(quantum, rounding=ROUND_HALF_UP) == number:
                decimals = places
                break
        else:
            decimals = 3
    quantum = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    body = NBSP.join(groups) or "0"
    return f"{sign}{body},{fraction}" if fraction else f"{sign}{body}"


def format_kuah(value, lang: str = "uk", unit: bool = True, exact: bool = True) -> str:
    """Money in thousand UAH: ``69 683,0 тис. грн``. A document's amount keeps every hryvnia
    (``exact``); a derived figure such as a yearly average is rounded to one decimal."""
    text = format_number(value, 1, keep_precision=exact)
    if not unit or text == "—":
        return text
    return f"{text}{NBSP}{UNITS['kuah'][lang]}"


def format_uah(value, lang: str = "uk", unit: bool = True, decimals: int = 1) -> str:
    text = format_number(value, decimals)
    if not unit or text == "—":
        return text
    return f"{text}{NBSP}{UNITS['uah'][lang]}"


def format_percent(value, decimals: int = 1) -> str:
    """A share given in percent (0-100): ``12,5 %``."""
    text = format_number(value, decimals)
    return text if text == "—" else f"{text}{NBSP}%"


def format_count(value) -> str:
    return format_number(value, 0)


def format_value(value) -> str:
    """An indicator value as the document writes it: no forced decimals (``3,47``, ``100``)."""
    number = _to_decimal(value)
    if number is None:
        return "—"
    normalized = number.normalize()
    exponent = normalized.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(number, decimals)
