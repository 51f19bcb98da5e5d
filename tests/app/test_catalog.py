"""The interface text catalog (hromada/locale/{uk,en}.toml): every message in both languages with
the same placeholders, every plural message with each form its language's CLDR rule uses, and no
silent fallback from one language to the other."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel import Locale

from etl.formatting import LOCALES
from hromada import i18n

LANGS = i18n.LANGUAGE_CODES
PROJECT = Path(__file__).resolve().parent.parent.parent
CYRILLIC = re.compile("[\u0400-\u04ff]")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def forms_needed(lang: str) -> set[str]:
    return set(Locale.parse(LOCALES[lang]).plural_form.tags) | {"other"}


def test_the_catalog_is_read_and_holds_every_section():
    keys = set(i18n.CATALOG["uk"])
    assert len(keys) > 100
    assert {key.split(".")[0] for key in keys if "." in key} >= {"column", "chart", "sheet", "pack", "readme", "brief"}


def test_every_key_exists_in_both_languages():
    uk, en = (set(i18n.CATALOG[lang]) for lang in LANGS)
    assert not uk - en, f"missing in en.toml: {sorted(uk - en)}"
    assert not en - uk, f"missing in uk.toml: {sorted(en - uk)}"


def test_both_files_list_the_keys_in_the_same_order():
    """So a reviewer reads uk.toml and en.toml side by side, line for line."""
    assert list(i18n.CATALOG["uk"]) == list(i18n.CATALOG["en"])


def test_no_message_is_empty():
    for lang in LANGS:
        for key, message in i18n.CATALOG[lang].items():
            texts = message.values() if isinstance(message, dict) else [message]
            assert all(text.strip() for text in texts), f"{lang}: {key} is empty"


def test_every_message_has_the_same_placeholders_in_both_languages():
    for key, uk in i18n.CATALOG["uk"].items():
        en = i18n.CATALOG["en"][key]
        assert isinstance(uk, dict) == isinstance(en, dict), f"{key}: plural in one language only"
        uk_texts = uk.values() if isinstance(uk, dict) else [uk]
        en_texts = en.values() if isinstance(en, dict) else [en]
        names = {frozenset(placeholders(text)) for text in [*uk_texts, *en_texts]}
        assert len(names) == 1, f"{key}: placeholders differ: {names}"


@pytest.mark.parametrize("lang", LANGS)
def test_plural_messages_have_exactly_the_forms_their_language_uses(lang):
    plurals = {key: forms for key, forms in i18n.CATALOG[lang].items() if isinstance(forms, dict)}
    assert plurals, "the catalog has plural messages (causes, consequences)"
    for key, forms in plurals.items():
        assert set(forms) == forms_needed(lang), f"{lang}: {key} has {sorted(forms)}, needs {sorted(forms_needed(lang))}"


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 101, 111, 1000])
def test_plural_picks_a_form_for_every_count(count):
    for lang in LANGS:
        for key, forms in i18n.CATALOG[lang].items():
            if isinstance(forms, dict):
                form = Locale.parse(LOCALES[lang]).plural_form(count)
                assert i18n.plural(key, count, lang, n=count) == forms[form].format(n=count)


def test_a_missing_english_message_raises_instead_of_showing_ukrainian(monkeypatch):
    key = next(key for key, message in i18n.CATALOG["uk"].items() if isinstance(message, str))
    english = {name: message for name, message in i18n.CATALOG["en"].items() if name != key}
    monkeypatch.setitem(i18n.CATALOG, "en", english)
    assert i18n.t(key, "uk")
    with pytest.raises(KeyError, match="en.toml"):
        i18n.t(key, "en")


def test_a_missing_plural_form_raises(monkeypatch):
    key = next(key for key, message in i18n.CATALOG["uk"].items() if isinstance(message, dict))
    forms = {form: text for form, text in i18n.CATALOG["uk"][key].items() if form != "few"}
    monkeypatch.setitem(i18n.CATALOG["uk"], key, forms)
    with pytest.raises(KeyError, match="few"):
        i18n.plural(key, 3, "uk", n=3)


def test_a_plural_message_is_not_read_as_a_plain_one_nor_the_reverse():
    plural_key = next(key for key, message in i18n.CATALOG["uk"].items() if isinstance(message, dict))
    with pytest.raises(TypeError):
        i18n.t(plural_key, "uk")
    with pytest.raises(TypeError):
        i18n.plural("app_title", 2, "uk")


def test_sections_are_read_as_dotted_keys(tmp_path):
    (tmp_path / "uk.toml").write_text('a = "А {x}"\nn = { one = "{n} річ", few = "{n} речі", many = "{n} речей", '
                                      'other = "{n} речі" }\n[chart]\ntitle = "Назва"\n', encoding="utf-8")
    (tmp_path / "en.toml").write_text('a = "A {x}"\nn = { one = "{n} thing", other = "{n} things" }\n'
                                      '[chart]\ntitle = "Title"\n', encoding="utf-8")
    catalog = i18n.load_catalog(tmp_path)
    assert catalog["en"] == {"a": "A {x}", "n": {"one": "{n} thing", "other": "{n} things"}, "chart.title": "Title"}
    assert set(catalog["uk"]["n"]) == {"one", "few", "many", "other"}


def test_column_labels_come_from_the_catalog_and_ids_keep_their_names():
    assert i18n.column_label("year", "en") == i18n.t("column.year", "en")
    assert i18n.column_label("community_id", "uk") == "community_id"


# A document's own headings, which pages/methodology.py looks for in docs/methodology.md (data, not interface text).
DOCUMENT_MARKERS = {"## Українською"}


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module other than docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_interface_text_lives_only_in_the_catalog():
    """No Ukrainian words in the dashboard's code: a text written inline would have no checked English twin."""
    sources = [*sorted((PROJECT / "hromada").rglob("*.py")), *sorted((PROJECT / "pages").glob("*.py")), PROJECT / "app.py"]
    assert len(sources) > 20
    inline = [f"{path.relative_to(PROJECT)}:{line}: {text[:60]!r}" for path in sources for line, text in _code_strings(path)
              if CYRILLIC.search(text) and text not in DOCUMENT_MARKERS]
    assert not inline, inline
