"""The view state every page shares: which communities, years, themes, language, denominator.

Kept free of Streamlit so that queries, charts and tests can use it directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = ("uk", "en")
ALIGNMENTS = ("calendar", "programme")
DENOMINATORS = ("official", "document")


@dataclass(frozen=True)
class Filters:
    communities: tuple[str, ...]
    lang: str = "uk"
    align: str = "calendar"  # "calendar" years, or "programme" years 1-3
    year_from: int | None = None  # None: no year restriction (amounts with no year included)
    year_to: int | None = None
    themes: tuple[str, ...] = field(default_factory=tuple)  # empty: every theme
    denominator: str = "official"  # "official" statistics or the population the document states

    @property
    def restricts_years(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    def year_sql(self, year_column: str = "year", programme_column: str = "programme_year") -> tuple[str, list]:
        """A WHERE fragment for the year range. Amounts with no year count only without a range."""
        if not self.restricts_years:
            return "TRUE", []
        column = programme_column if self.align == "programme" else year_column
        return f"{column} BETWEEN ? AND ?", [self.year_from, self.year_to]

    def theme_sql(self, column: str = "theme_id") -> tuple[str, list]:
        if not self.themes:
            return "TRUE", []
        return f"list_contains(?, {column})", [list(self.themes)]
