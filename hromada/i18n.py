"""Interface text in Ukrainian (first) and English: one catalog, ``hromada/locale/{uk,en}.toml``.

``t(key, lang, **values)`` picks a message and fills in its ``{placeholders}``; ``plural(key, count,
lang, **values)`` picks the CLDR plural form Babel gives for ``count`` (uk: one, few, many, other;
en: one, other). Keys in a ``[section]`` of the files are read as ``section.key`` (``column.year``,
``chart.totals_title``). There is no fallback: a message missing in one language raises KeyError
rather than showing the other language (tests/app/test_catalog.py checks both files agree).
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from babel import Locale

from etl.formatting import LOCALES

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGE_CODES = ("uk", "en")
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})  # every CLDR category

Message = str | dict[str, str]  # a plain message, or a plural one by CLDR form


def _flatten(table: dict, prefix: str = "") -> dict[str, Message]:
    """``[section] key = …`` as ``section.key``; a table of plural forms stays one message."""
    messages: dict[str, Message] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and set(value) <= PLURAL_FORMS:
            messages[name] = dict(value)
        elif isinstance(value, dict):
            messages.update(_flatten(value, f"{name}."))
        else:
            messages[name] = value
    return messages


def load_catalog(directory: Path = LOCALE_DIR) -> dict[str, dict[str, Message]]:
    catalog = {}
    for lang in LANGUAGE_CODES:
        with (directory / f"{lang}.toml").open("rb") as handle:
            catalog[lang] = _flatten(tomllib.load(handle))
    return catalog


CATALOG = load_catalog()


def _message(key: str, lang: str) -> Message:
    try:
        return CATALOG[lang][key]
    except KeyError:
        raise KeyError(f"no interface text {key!r} in {lang!r} (hromada/locale/{lang}.toml)") from None


def has_text(key: str) -> bool:
    return key in CATALOG["uk"]


def t(key: str, lang: str = "uk", **values) -> str:
    text = _message(key, lang)
    if isinstance(text, dict):
        raise TypeError(f"interface text {key!r} has plural forms: use plural({key!r}, count, lang)")
    return text.format(**values) if values else text


def plural_form(count: int, lang: str) -> str:
    return Locale.parse(LOCALES[lang]).plural_form(count)


def plural(key: str, count: int, lang: str = "uk", **values) -> str:
    """``1 першопричина``, ``2 першопричини``, ``5 першопричин``: the form the language uses for ``count``."""
    forms = _message(key, lang)
    if not isinstance(forms, dict):
        raise TypeError(f"interface text {key!r} has no plural forms: use t({key!r}, lang)")
    form = plural_form(count, lang)
    if form not in forms:
        raise KeyError(f"interface text {key!r} lacks the {form!r} form in {lang!r} (hromada/locale/{lang}.toml)")
    return forms[form].format(**values)


def column_label(column: str, lang: str) -> str:
    """A column's heading; a column with no heading (an id) keeps its name."""
    key = f"column.{column}"
    return t(key, lang) if has_text(key) else column


def name_column(lang: str) -> str:
    """The column holding names in the chosen language (``name_uk`` or ``name_en``)."""
    return "name_en" if lang == "en" else "name_uk"


def short_name_column(lang: str) -> str:
    """Short community names for charts and cards: "Іллінецька МТГ" / "Illintsi"."""
    return "name_en" if lang == "en" else "short_name_uk"
