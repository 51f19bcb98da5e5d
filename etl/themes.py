"""The harmonized themes and the crosswalks that people review (``data/mappings``).

The reviewed CSV files are the truth. ``propose_theme`` only suggests a theme for a new measure
from keywords; a person copies the suggestion into ``measure_themes.csv`` after reading it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.contract import THEME_IDS
from etl.errors import SourceError
from etl.mappings import read_csv, reviewed_subject
from etl.text import normalize_label

# Keyword stems, checked in this order; the first theme with a match is proposed.
KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("cybersecurity", ("кібер", "антивірус", "захист інформ", "резервн", "безпек", "ліцензійн",
                       "ліцензован", "сертифікат", "кеп")),
    ("edemocracy", ("петиці", "консультаці", "бюджет участі", "громадськ", "відкрит", "е-демократ",
                    "електронної демократ", "опитуван", "сайт", "комунікаці")),
    ("skills", ("навчан", "грамотн", "кваліфікац", "гурт", "освіта", "тренінг", "цифрограм")),
    ("economy", ("бізнес", "підприєм", "інвест", "турист", "ит сектор", "іт сектор", "коворкінг", "еквайринг")),
    ("infrastructure", ("wi-fi", "wifi", "інтернет", "техніки", "обладнан", "сервер", "мереж",
                        "живлен", "генератор", "зарядк", "телекомунікац", "starlink")),
    ("governance", ("документообіг", "реєстр", "геоінформ", "гіс", "аудит", "інвентаризац", "архів",
                    "голосуван", "управлінськ")),
    ("public_services", ("послуг", "цнап", "черг", "застосунок", "запис", "транспорт", "медич", "чат-бот")),
]


def propose_theme(text: str) -> tuple[str, str]:
    """(theme_id, reason) proposed from keywords; ``governance`` when nothing matches."""
    normalized = normalize_label(text)
    for theme_id, stems in KEYWORDS:
        for stem in stems:
            if stem in normalized:
                return theme_id, f"keyword “{stem}”"
    return "governance", "no keyword matched; review"


@dataclass
class Crosswalks:
    themes: list[dict]
    priority_themes: list[dict]
    measure_themes: list[dict]
    families: list[dict]
    family_members: list[dict]


def _check_theme(path: Path, row: dict, column: str = "theme_id") -> None:
    if row[column] not in THEME_IDS:
        raise SourceError(path, int(row["_line"]), f"unknown theme {row[column]!r}; use one of {', '.join(THEME_IDS)}")


def load_crosswalks(mappings: Path, measures: list[dict], priorities: list[dict], indicators: list[dict]) -> Crosswalks:
    """Load and validate every crosswalk against what the documents contain.

    Every measure and every priority needs exactly one row; unknown ids and names that no longer
    match the document fail the build with the file and line to fix.
    """
    themes_path = mappings / "themes.csv"
    themes = read_csv(themes_path, ("theme_id", "name_uk", "name_en", "description_uk", "description_en", "sort_order"))
    if [row["theme_id"] for row in sorted(themes, key=lambda row: int(row["sort_order"]))] != list(THEME_IDS):
        raise SourceError(themes_path, None, f"themes must be exactly {', '.join(THEME_IDS)} in this order")

    priority_path = mappings / "priority_themes.csv"
    priority_rows = read_csv(priority_path, ("community_id", "priority_code", "priority_name_uk", "theme_id", "reason"))
    known_priorities = {(row["community_id"], row["priority_code"]): row for row in priorities}
    seen_priorities: set[tuple[str, str]] = set()
    for row in priority_rows:
        key = (row["community_id"], row["priority_code"])
        line = int(row["_line"])
        if key not in known_priorities:
            raise SourceError(priority_path, line, f"no priority {key[1]!r} in community {key[0]!r}")
        if key in seen_priorities:
            raise SourceError(priority_path, line, f"priority {key} is listed twice")
        if normalize_label(row["priority_name_uk"]) != normalize_label(known_priorities[key]["name_uk"]):
            raise SourceError(priority_path, line,
                              f"priority {key} is now named {known_priorities[key]['name_uk']!r}; review this row")
        _check_theme(priority_path, row)
        seen_priorities.add(key)
    missing = [key for key in known_priorities if key not in seen_priorities]
    if missing:
        raise SourceError(priority_path, None,
                          f"{len(missing)} priority direction(s) have no theme, e.g. {missing[0]}; add them to this file")

    measure_path = mappings / "measure_themes.csv"
    measure_rows = read_csv(measure_path, ("measure_id", "community_id", "measure_name_uk", "theme_id", "reason"))
    known_measures = {row["measure_id"]: row for row in measures}
    seen: set[str] = set()
    for row in measure_rows:
        line = int(row["_line"])
        reviewed_subject(measure_path, row, known_measures, "measure_id", "measure_name_uk", "measure", seen)
        if not row["reason"]:
            raise SourceError(measure_path, line, "give a short reason for the theme")
        _check_theme(measure_path, row)
        seen.add(row["measure_id"])
    missing = [measure_id for measure_id in known_measures if measure_id not in seen]
    if missing:
        suggestion = propose_theme(known_measures[missing[0]]["name_uk"])[0]
        raise SourceError(measure_path, None,
                          f"{len(missing)} measure(s) have no theme, e.g. {missing[0]} "
                          f"({known_measures[missing[0]]['name_uk'][:60]!r}, suggested: {suggestion}); "
                          "add them to this file (`python -m etl propose-themes` prints suggestions)")

    family_path = mappings / "indicator_families.csv"
    family_rows = read_csv(family_path, ("family_id", "theme_id", "family_name_uk", "family_name_en",
                                         "indicator_id", "indicator_name_uk", "reason"))
    known_indicators = {row["indicator_id"]: row for row in indicators}
    families: dict[str, dict] = {}
    members = []
    seen = set()
    for row in family_rows:
        line = int(row["_line"])
        indicator = known_indicators.get(row["indicator_id"])
        if indicator is None:
            raise SourceError(family_path, line, f"unknown indicator_id {row['indicator_id']!r}")
        if row["indicator_id"] in seen:
            raise SourceError(family_path, line, f"indicator {row['indicator_id']} is in two families")
        if normalize_label(row["indicator_name_uk"]) != normalize_label(indicator["name_uk"]):
            raise SourceError(family_path, line,
                              f"indicator {row['indicator_id']} is now named {indicator['name_uk'][:80]!r}; review this row")
        _check_theme(family_path, row)
        family = {"family_id": row["family_id"], "theme_id": row["theme_id"],
                  "name_uk": row["family_name_uk"], "name_en": row["family_name_en"]}
        if families.setdefault(row["family_id"], family) != family:
            raise SourceError(family_path, line, f"family {row['family_id']} has a different theme or name on another row")
        members.append({"indicator_id": row["indicator_id"], "family_id": row["family_id"], "reason": row["reason"]})
        seen.add(row["indicator_id"])

    return Crosswalks(
        themes=[{key: (int(value) if key == "sort_order" else value) for key, value in row.items() if key != "_line"}
                for row in themes],
        priority_themes=[{"community_id": row["community_id"], "priority_code": row["priority_code"],
                          "theme_id": row["theme_id"], "reason": row["reason"]} for row in priority_rows],
        measure_themes=[{"measure_id": row["measure_id"], "theme_id": row["theme_id"], "reason": row["reason"]}
                        for row in measure_rows],
        families=list(families.values()),
        family_members=members,
    )

