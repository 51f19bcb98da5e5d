"""Every finding's message, keyed by its check id, in Ukrainian and English.

A check (etl/checks.py, etl/programme.py) decides what is wrong and with which figures;
``render(check_id, variant, **values)`` writes the two messages stored in ``data_issue``. A value
that reads differently per language (a formatted amount, a phrase) is passed as ``Both``;
``both(make)`` builds one from a function of the language. The templates live in
``etl/messages.toml`` (``PHRASES`` are the pieces messages are made of: where in the document,
which column). tests/etl/test_messages.py checks that every
check id the ETL uses has both messages with the same placeholders.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LANGS = ("uk", "en")
DEFAULT = "default"  # the variant of a check with one message
CATALOG = Path(__file__).with_name("messages.toml")

Template = dict[str, str]  # language -> str.format template


def _load(path: Path) -> tuple[dict[str, dict[str, Template]], dict[str, Template]]:
    """(check id -> variant -> template, phrase key -> template) from the reviewed TOML file; a
    message may name a ``shared`` template instead of writing its own."""
    with path.open("rb") as handle:
        catalog = tomllib.load(handle)
    shared = catalog.get("shared", {})
    messages = {check: {variant: shared[entry["shared"]] if "shared" in entry else entry
                        for variant, entry in variants.items()}
                for check, variants in catalog.get("message", {}).items()}
    return messages, catalog.get("phrase", {})


# check id -> variant -> language -> template; the pieces messages are made of.
MESSAGES, PHRASES = _load(CATALOG)


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
