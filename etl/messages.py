"""Every finding's message, keyed by its check id, in Ukrainian and English.

A check (etl/checks.py, etl/programme.py) decides what is wrong and with which figures;
``render(check_id, variant, **values)`` writes the two messages stored in ``data_issue``. A value
that reads differently per language (a formatted amount, a phrase) is passed as ``Both``;
``both(make)`` builds one from a function of the language. ``PHRASES`` are the pieces messages
are made of (where in the document, which column). tests/etl/test_messages.py checks that every
check id the ETL uses has both messages with the same placeholders.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LANGS = ("uk", "en")
DEFAULT = "default"  # the variant of a check with one message

Template = dict[str, str]  # language -> str.format template

# The three checks of stated totals against the measures write one message.
_STATED_VS_MEASURES: Template = {
    "uk": "{where} ({source_class}, {column}): зазначено {stated}, а заходи додатка в сумі дають {computed}.{note}",
    "en": "{where} ({source_class}, {column}): the document states {stated}, but its measures add up to {computed}.{note}",
}

# check id -> variant -> language -> template.
MESSAGES: dict[str, dict[str, Template]] = {
    "row_total_vs_years": {DEFAULT: {
        "uk": "{where}: у колонці «Всього» {total}, а сума за роками — {computed} (різниця {difference}).",
        "en": "{where}: the total column says {total}, but the years add up to {computed} (difference {difference}).",
    }},
    "total_vs_sources": {DEFAULT: {
        "uk": "{where}: загальний обсяг {column} — {stated}, а сума за джерелами фінансування — {computed}.",
        "en": "{where}: the all-sources figure {column} is {stated}, but its funding sources add up to {computed}.",
    }},
    "priority_total_vs_measures": {DEFAULT: _STATED_VS_MEASURES},
    "programme_total_vs_measures": {DEFAULT: _STATED_VS_MEASURES},
    "passport_vs_appendix": {DEFAULT: _STATED_VS_MEASURES},
    "blank_total": {DEFAULT: {
        "uk": "{scope}: рядок «{label}» не містить жодної суми.",
        "en": "{scope}: the row “{label}” has no figures.",
    }},
    "year_outside_period": {
        "columns": {
            "uk": "{scope} підписує колонки роками {years}, а програма діє у {start}–{end} роках; суми зіставлено за "
                  "порядком етапів.",
            "en": "The {scope} labels its columns {years}, but the programme runs {start}–{end}; figures are compared "
                  "stage by stage.",
        },
        "amount": {
            "uk": "Захід «{name}»: сума за {year} рік поза строком програми.",
            "en": "Measure “{name}”: an amount for {year}, outside the programme period.",
        },
    },
    "money_without_year": {DEFAULT: {
        "uk": "Захід «{name}»: сума {amount} без року.",
        "en": "Measure “{name}”: {amount} with no year.",
    }},
    "year_outside_term": {DEFAULT: {
        "uk": "Захід «{name}»: строк виконання «{term}», але передбачено {amount} на {year} рік.",
        "en": "Measure “{name}”: its term is “{term}”, yet {amount} is planned for {year}.",
    }},
    "term_missing": {DEFAULT: {
        "uk": "Захід «{name}»: не вказано строк виконання.",
        "en": "Measure “{name}”: no term is given.",
    }},
    "indicator_dynamics": {
        "unreadable": {
            "uk": "Індикатор «{name}»: динаміку «{dynamics}» не вдається прочитати як число.",
            "en": "Indicator “{name}”: the dynamics “{dynamics}” is not a number.",
        },
        "mismatch": {
            "uk": "Індикатор «{name}»: у колонці «Динаміка» {dynamics}, а цільові значення дають {computed} ({reading}: "
                  "{baseline} → {final}, {unit}).",
            "en": "Indicator “{name}”: the dynamics column says {dynamics}, but the targets give {computed} ({reading}: "
                  "{baseline} → {final}, {unit}).",
        },
    },
    "indicator_unit": {DEFAULT: {
        "uk": "Індикатор «{name}» має одиницю «{unit}», але значення {value} — {problem}.",
        "en": "Indicator “{name}” is measured in “{unit}”, but the value {value} is {problem}.",
    }},
    "katottg_mismatch": {DEFAULT: {
        "uk": "Паспорт наводить код КАТОТТГ {quoted}, а за Кодифікатором код громади — {official}.{note}",
        "en": "The passport quotes KATOTTG code {quoted}, but the codifier gives the community {official}.{note}",
    }},
    "population_claim": {DEFAULT: {
        "uk": "Документ вказує чисельність населення {claimed} осіб; Держстат на {date} — {official} осіб.",
        "en": "The document states a population of {claimed}; the State Statistics Service gives {official} on {date}.",
    }},
    "numbering_gap": {DEFAULT: {
        "uk": "Нумерація заходів пропускає № {numbers} (перед заходом «{name}»).",
        "en": "The measures' numbering skips No. {numbers} (before “{name}”).",
    }},
    "row_realigned": {DEFAULT: {
        "uk": "Рядок вирівняно за колонками таблиці: {how}.",
        "en": "The row was realigned to the table's columns: {how}.",
    }},
}

# The pieces messages are made of: phrase key -> language -> template.
PHRASES: dict[str, Template] = {
    "scope_measure": {"uk": "захід", "en": "measure"},
    "scope_priority": {"uk": "підсумок напряму", "en": "direction subtotal"},
    "scope_programme": {"uk": "підсумок програми", "en": "programme total"},
    "scope_passport": {"uk": "паспорт програми", "en": "programme passport"},
    "scope_resources": {"uk": "додаток «Ресурсне забезпечення»", "en": "resource appendix"},
    "where_measure": {"uk": "Захід «{name}» (рядок {line})", "en": "Measure “{name}” (line {line})"},
    "where_group": {"uk": "{scope} «{label}» (рядок {line})", "en": "{scope} “{label}” (line {line})"},
    "column_total": {"uk": "«Всього»", "en": "in the total column"},
    "column_year": {"uk": "за {year} рік", "en": "for {year}"},
    "column_stage": {"uk": "за етап, підписаний {year} роком (за порядком — {calendar_year} рік)",
                     "en": "for the stage labelled {year} (by position, {calendar_year})"},
    "all_sources": {"uk": "усі джерела", "en": "all sources"},
    "no_year_gap": {"uk": " Різниця дорівнює сумі {gap}, яку документ наводить без року.",
                    "en": " The difference equals the {gap} the document gives with no year."},
    "reading_increment": {"uk": "приріст за роки", "en": "the sum of the yearly additions"},
    "reading_cumulative": {"uk": "зміна від базового до кінцевого значення", "en": "the change from baseline to final target"},
    "share_outside_range": {"uk": "частка поза межами 0–100 %", "en": "a share outside 0–100 %"},
    "fractional_count": {"uk": "дробова кількість", "en": "a fractional count"},
    "katottg_centre": {"uk": " Це код населеного пункту-центру ({centre}), а не громади.",
                       "en": " That is the code of the centre settlement ({centre}), not of the community."},
    "cells_shifted": {"uk": "суми стояли під текстовими колонками (комірки зсунуто ліворуч); їх прочитано під колонками сум",
                      "en": "its figures stood under text columns (cells shifted left); they were read under the money columns"},
    "cells_surplus": {"uk": "рядок має зайві порожні комірки ({count}); їх відкинуто {edge} від сум",
                      "en": "the row has {count} extra empty cell(s); they were dropped at the {edge} of its figures"},
    "edge_left": {"uk": "ліворуч", "en": "left"},
    "edge_right": {"uk": "праворуч", "en": "right"},
}


@dataclass(frozen=True)
class Both:
    """A value as each language writes it."""
    uk: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return self.uk if lang == "uk" else self.en

    def capitalize(self) -> Both:
        return Both(self.uk.capitalize(), self.en.capitalize())


NOTHING = Both("", "")


def both(make: Callable[[str], str]) -> Both:
    """``both(lambda lang: format_kuah(amount, lang))``: one value, written per language."""
    return Both(make("uk"), make("en"))


def _fill(template: Template, values: dict[str, object]) -> Both:
    def written(lang: str) -> str:
        return template[lang].format(**{name: value[lang] if isinstance(value, Both) else value
                                        for name, value in values.items()})
    return both(written)


def phrase(key: str, **values: object) -> Both:
    return _fill(PHRASES[key], values)


def render(check_id: str, variant: str = DEFAULT, **values: object) -> tuple[str, str]:
    """The (Ukrainian, English) messages of a finding."""
    written = _fill(MESSAGES[check_id][variant], values)
    return written.uk, written.en
