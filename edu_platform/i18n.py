"""The message catalogue (Russian and English) and the pure-Python `translate()` helper.

UI components read messages through `components.i18n.tr(key)`, which checks the key
exists here when the page compiles; services raise errors carrying a key from here.
No module outside edu_platform/messages/ holds UI text.
"""

from __future__ import annotations

import importlib

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"

# Each area keeps its messages in edu_platform/messages/<area>.py as
# MESSAGES = {key: (ru, en)}; keys are prefixed by area and must not collide.
_AREAS = (
    "common",
    "accounts",
    "oauth",
    "account",
    "catalog",
    "learning",
    "teaching",
    "admin",
    "commerce",
    "quiz",
    "certificates",
    "feedback",
    "archive",
    "admin_ops",
    "authoring",
    "admin_data",
    "imports",
    "coupons",
)


def _load_messages() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in _AREAS:
        try:
            module = importlib.import_module(f"edu_platform.messages.{area}")
        except ModuleNotFoundError as error:
            if error.name != f"edu_platform.messages.{area}":
                raise
            continue
        duplicates = merged.keys() & module.MESSAGES.keys()
        if duplicates:
            raise RuntimeError(f"message keys defined twice: {sorted(duplicates)}")
        merged.update(module.MESSAGES)
    return merged


_MESSAGES = _load_messages()

CATALOGUE: dict[str, dict[str, str]] = {
    lang: {key: pair[index] for key, pair in _MESSAGES.items()}
    for index, lang in enumerate(LANGUAGES)
}


def normalise_language(value: str | None) -> str:
    """The supported language code for `value` ('ru-RU' -> 'ru'), or the default."""
    if value:
        code = value.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def language_from_accept_header(header: str | None) -> str | None:
    """The first supported language in an Accept-Language header, if any."""
    for part in (header or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return None


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message for `key` in `lang`, with `{name}` placeholders filled from params."""
    text = CATALOGUE[normalise_language(lang)][key]
    return text.format(**params) if params else text


def has_key(key: str) -> bool:
    return key in _MESSAGES


_CURRENCY_SIGNS = {"RUB": "₽", "USD": "$", "EUR": "€"}


def format_price(amount: object, currency: str, lang: str) -> str:
    """'4 990 ₽' in Russian, '₽4,990' in English; cents only when there are any."""
    from decimal import Decimal

    value = Decimal(str(amount))
    sign = _CURRENCY_SIGNS.get(currency, currency)
    decimals = 0 if value == value.to_integral_value() else 2
    grouped = f"{value:,.{decimals}f}"
    if normalise_language(lang) == "ru":
        # Russian typography: thin non-breaking space between groups, comma for decimals.
        grouped = grouped.replace(",", "\u202f").replace(".", ",")
        return f"{grouped}\u00a0{sign}"
    return f"{sign}{grouped}"
