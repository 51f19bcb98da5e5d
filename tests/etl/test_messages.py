"""The ETL's finding messages (etl/messages.py): every check id the ETL uses has a Ukrainian and an
English message with the same placeholders, and the checks write their text only through it."""
from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from conftest import rows

from etl import messages
from hromada.i18n import has_text

ETL = Path(__file__).resolve().parent.parent.parent / "etl"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def templates():
    for check_id, variants in messages.MESSAGES.items():
        for variant, template in variants.items():
            yield f"{check_id}/{variant}", template
    for key, template in messages.PHRASES.items():
        yield f"phrase {key}", template


def constant_calls(function: str, keyword_position: int = 0) -> set[str]:
    """The constant arguments at a position of every call of ``function`` (a name or an attribute) in etl."""
    found = set()
    for path in ETL.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == function:
                if len(node.args) > keyword_position and isinstance(node.args[keyword_position], ast.Constant):
                    found.add(node.args[keyword_position].value)
    return found


def check_ids_in_etl() -> set[str]:
    """Check ids written into findings: Issue(community, check_id, …), Finding(check_id, …), and the
    reconciliation's check-by-scope table."""
    ids = constant_calls("Issue", 1) | constant_calls("Finding", 0)
    for path in ETL.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
                    and any(getattr(target, "id", "") == "check_by_scope" for target in node.targets)):
                ids |= {value.value for value in node.value.values if isinstance(value, ast.Constant)}
    return ids


def test_every_template_has_both_languages_with_the_same_placeholders():
    for name, template in templates():
        assert set(template) == set(messages.LANGS), name
        assert all(text.strip() for text in template.values()) or name.startswith("phrase"), name
        assert placeholders(template["uk"]) == placeholders(template["en"]), name


def test_every_check_id_used_in_etl_has_messages():
    used = check_ids_in_etl()
    assert len(used) >= 10, used  # the reader finds the checks
    assert not used - set(messages.MESSAGES), f"no messages for {sorted(used - set(messages.MESSAGES))}"


def test_every_rendered_message_and_phrase_exists():
    rendered = constant_calls("render")
    assert rendered and not rendered - set(messages.MESSAGES)
    variants = constant_calls("render", 1)
    known = {variant for variant_map in messages.MESSAGES.values() for variant in variant_map}
    assert not variants - known
    phrases = constant_calls("phrase")
    assert phrases and not phrases - set(messages.PHRASES)


def test_every_finding_in_the_warehouse_has_its_messages_and_a_name_on_the_page(warehouse):
    found = {row["check_id"] for row in rows(warehouse, "SELECT DISTINCT check_id FROM data_issue")}
    assert found and found <= set(messages.MESSAGES)
    assert all(has_text(f"check_{check_id}") for check_id in messages.MESSAGES), "hromada/locale names each check"
    blank = rows(warehouse, "SELECT issue_id FROM data_issue WHERE trim(message_uk) = '' OR trim(message_en) = ''")
    assert not blank


def test_render_writes_each_language_with_its_own_values():
    amount = messages.Both("1 234,5 тис. грн", "1,234.5 thousand UAH")
    uk, en = messages.render("money_without_year", name="Захід", amount=amount)
    template = messages.MESSAGES["money_without_year"][messages.DEFAULT]
    assert uk == template["uk"].format(name="Захід", amount=amount.uk) and amount.uk in uk
    assert en == template["en"].format(name="Захід", amount=amount.en) and amount.en in en


def test_render_refuses_an_unknown_check_or_a_missing_value():
    with pytest.raises(KeyError):
        messages.render("no_such_check")
    with pytest.raises(KeyError):
        messages.render("money_without_year", name="x")
