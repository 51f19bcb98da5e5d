"""Locale number formatting for both sides: Ukrainian ``69 683,0 тис. грн``, English
``69,683.0 thousand UAH``, built on Babel's CLDR data.

Lives in ``etl`` because the ETL writes its finding messages in both languages and the dashboard
shows the same figures; neither side may depend on the other. Rounding is half-up on the exact
decimal (Babel alone rounds half to even, which would show 0,25 as 0,2 where a reader expects 0,3).
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

NBSP = "\u00a0"
LOCALES = {"uk": "uk_UA", "en": "en_GB"}

UNITS = {
    "kuah": {"uk": "тис. грн", "en": "thousand UAH"},
    "uah": {"uk": "грн", "en": "UAH"},
    "people": {"uk": "осіб", "en": "people"},
}


def _to_decimal(value) -> Decimal | None:
    """Decimal from a Decimal, int or float (numpy scalars included); None for missing values."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return None if not value.is_finite() else value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    if number.is_integer() and abs(number) < 2**53:
        return Decimal(int(number))
    return Decimal(repr(number))


def _places(number: Decimal, decimals: int, keep_precision: bool) -> int:
    if not keep_precision:
        return decimals
    for places in range(decimals, 4):
        if number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == number:
            return places
    return 3


def format_number(value, decimals: int = 1, keep_precision: bool = False, lang: str = "uk") -> str:
    """``69683`` -> ``69 683,0`` (uk) or ``69,683.0`` (en). With ``keep_precision``, shows up to
    3 decimals when needed (a hryvnia-exact figure in thousands, such as 25,125)."""
    number = _to_decimal(value)
    if number is None:
        return "—"
    places = _places(number, decimals, keep_precision)
    rounded = number.quantize(Decimal(1).scaleb(-places) if places else Decimal(1), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0,0"
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(rounded, format=pattern, locale=LOCALES[lang], group_separator=True)


def _with_unit(text: str, unit: str, lang: str) -> str:
    return text if text == "—" else f"{text}{NBSP}{UNITS[unit][lang]}"


def format_kuah(value, lang: str = "uk", unit: bool = True, exact: bool = True) -> str:
    """Money in thousand UAH: ``69 683,0 тис. грн``. A document's amount keeps every hryvnia
    (``exact``); a derived figure such as a yearly average is rounded to one decimal."""
    text = format_number(value, 1, keep_precision=exact, lang=lang)
    return _with_unit(text, "kuah", lang) if unit else text


def format_uah(value, lang: str = "uk", unit: bool = True, decimals: int = 1) -> str:
    text = format_number(value, decimals, lang=lang)
    return _with_unit(text, "uah", lang) if unit else text


def format_percent(value, decimals: int = 1, lang: str = "uk") -> str:
    """A share given in percent (0-100): ``12,5 %`` (uk, a no-break space as Ukrainian
    typography has it) or ``12.5%`` (en)."""
    text = format_number(value, decimals, lang=lang)
    if text == "—":
        return text
    return f"{text}%" if lang == "en" else f"{text}{NBSP}%"


def format_points(value, decimals: int = 1, lang: str = "uk") -> str:
    """A difference of two percentages in percentage points: ``+96,0 в. п.`` / ``+96.0 pp``."""
    text = format_number(value, decimals, lang=lang)
    number = _to_decimal(value)
    if number is None:  # format_number showed "—"
        return text
    sign = "+" if number > 0 and not text.startswith("-") and text.strip("0.,") else ""
    return f"{sign}{text}{NBSP}{'pp' if lang == 'en' else 'в. п.'}"


def format_ratio(value, lang: str = "uk") -> str:
    """A target against its baseline as a multiple: ``×4,5`` / ``×4.5``."""
    text = format_number(value, 1, lang=lang)
    return text if text == "—" else f"×{text}"


def format_count(value, lang: str = "uk") -> str:
    return format_number(value, 0, lang=lang)


def format_value(value, lang: str = "uk") -> str:
    """An indicator value as the document writes it: no forced decimals (``3,47``, ``100``)."""
    number = _to_decimal(value)
    if number is None:
        return "—"
    exponent = number.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(number, decimals, lang=lang)
