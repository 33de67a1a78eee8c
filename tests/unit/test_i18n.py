"""The message catalogue and the formatting helpers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from edu_platform import i18n

UI_DIRS = [Path(i18n.__file__).parent / name for name in ("pages", "components")]
TEXT_COMPONENTS = {"text", "heading", "button", "badge", "link", "callout", "menu_item", "item"}


def test_every_message_exists_in_both_languages_and_is_not_empty():
    ru, en = i18n.CATALOGUE["ru"], i18n.CATALOGUE["en"]
    assert ru.keys() == en.keys()
    assert all(ru[key].strip() and en[key].strip() for key in ru)


def test_russian_and_english_differ_for_ordinary_messages():
    assert i18n.translate("nav.catalog", "ru") == "Каталог"
    assert i18n.translate("nav.catalog", "en") == "Catalog"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ru", "ru"), ("en-US", "en"), ("EN", "en"), ("de", "ru"), (None, "ru"), ("", "ru")],
)
def test_normalise_language(value, expected):
    assert i18n.normalise_language(value) == expected


def test_accept_language_picks_the_first_supported():
    assert i18n.language_from_accept_header("de-DE,de;q=0.9,en;q=0.8") == "en"
    assert i18n.language_from_accept_header("fr") is None


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "expected"),
    [
        ("4990.00", "RUB", "ru", "4\u00a0990,00\u00a0₽"),
        ("4990.00", "RUB", "en", "RUB\u00a04,990.00"),
        ("12.50", "USD", "en", "$12.50"),
        ("12.50", "USD", "ru", "12,50\u00a0$"),
    ],
)
def test_format_price(amount, currency, lang, expected):
    assert i18n.format_price(amount, currency, lang) == expected


def _literal_ui_strings(path: Path) -> list[str]:
    """String literals passed as the first argument of rx.text/heading/button/…"""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in TEXT_COMPONENTS or not node.args:
            continue
        first = node.args[0]
        is_text = isinstance(first, ast.Constant) and isinstance(first.value, str)
        if is_text and any(ch.isalpha() for ch in first.value):
            found.append(f"{path.name}:{node.lineno} {first.value!r}")
    return found


def test_ui_text_comes_from_the_catalogue():
    offenders = [
        hit
        for folder in UI_DIRS
        for path in folder.rglob("*.py")
        for hit in _literal_ui_strings(path)
    ]
    assert offenders == []
