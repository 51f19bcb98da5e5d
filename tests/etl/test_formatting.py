"""Locale number formatting: Ukrainian no-break thousands and decimal comma, English comma
thousands and decimal point; hryvnia-exact money in both."""
from decimal import Decimal

import pytest
from babel.numbers import parse_decimal
from hypothesis import given
from hypothesis import strategies as st

from etl import formatting
from etl.formatting import LOCALES, NBSP


@pytest.mark.parametrize("value, expected", [
    (69683, f"69{NBSP}683,0"),
    (Decimal("25.125"), "25,125"),  # a hryvnia-exact amount in thousands keeps its hryvni
    (Decimal("1234567.5"), f"1{NBSP}234{NBSP}567,5"),
    (Decimal("-12.30"), "-12,3"),
    (0, "0,0"),
    (None, "—"),
    (float("nan"), "—"),
])
def test_money_in_thousands_keeps_every_hryvnia(value, expected):
    assert formatting.format_kuah(value, unit=False) == expected


def test_units_follow_the_language():
    assert formatting.format_kuah(69683, "uk") == f"69{NBSP}683,0{NBSP}тис. грн"
    assert formatting.format_kuah(69683, "en") == f"69,683.0{NBSP}thousand UAH"
    assert formatting.format_uah(153.456, "uk") == f"153,5{NBSP}грн"


def test_derived_money_is_rounded_to_one_decimal():
    """A yearly average (9 725,0 over three years) reads 3 241,7, as the workbook's format shows it."""
    average = (Decimal("9725.0") / 3).quantize(Decimal("0.001"))
    assert formatting.format_kuah(average, unit=False) == f"3{NBSP}241,667"
    assert formatting.format_kuah(average, unit=False, exact=False) == f"3{NBSP}241,7"


def test_rounding_is_half_up_not_bankers():
    assert formatting.format_number(Decimal("0.25"), 1) == "0,3"
    assert formatting.format_number(2.5, 0) == "3"


def test_percent_and_counts():
    assert formatting.format_percent(63.2456) == f"63,2{NBSP}%"
    assert formatting.format_count(218132) == f"218{NBSP}132"


def test_english_uses_english_conventions():
    assert formatting.format_kuah(Decimal("1234567.125"), "en", unit=False) == "1,234,567.125"
    assert formatting.format_percent(63.2456, lang="en") == "63.2%"
    assert formatting.format_count(218132, "en") == "218,132"
    assert formatting.format_value(Decimal("3.47"), "en") == "3.47"
    assert formatting.format_points(96, lang="en") == f"+96.0{NBSP}pp"
    assert formatting.format_points(-2.5, lang="uk") == f"-2,5{NBSP}в. п."
    assert formatting.format_ratio(4.5, "en") == "×4.5"


def test_no_negative_zero():
    assert formatting.format_number(-0.04, 1) == "0,0"
    assert formatting.format_number(-0.04, 1, lang="en") == "0.0"


@given(st.decimals(min_value=Decimal("-1e14"), max_value=Decimal("1e14"), places=3, allow_nan=False),
       st.sampled_from(sorted(LOCALES)))
def test_money_reads_back_as_the_same_amount(amount, lang):
    """What a reader sees parses back, in its own locale, to the exact amount: no hryvnia lost."""
    text = formatting.format_kuah(amount, lang, unit=False)
    assert parse_decimal(text, locale=LOCALES[lang], strict=True) == amount
