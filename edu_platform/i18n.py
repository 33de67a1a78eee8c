"""The message catalogue (Russian and English) and the pure-Python `translate()` helper.

UI components read messages through `components.i18n.tr(key)`, which checks the key
exists here when the page compiles; services raise errors carrying a key from here.
No module outside edu_platform/messages/ holds UI text.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"


# Each area keeps its messages in edu_platform/messages/<area>.py as
# MESSAGES = {key: (ru, en)}; keys are prefixed by area and must not collide.
def _areas() -> list[str]:
    """Every module of edu_platform/messages/ (a new area needs no registration here)."""
    from edu_platform import messages

    return sorted(info.name for info in pkgutil.iter_modules(messages.__path__))


def _load_messages() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in _areas():
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


# Numbers through Babel, with the names and signatures the locale work uses for every
# format (the lead's merge keeps one copy).
def _decimal(amount: object):
    from decimal import Decimal

    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def format_number(value: object, lang: str) -> str:
    """'1 234,5' / '1,234.5' (Babel's format_decimal)."""
    from babel import numbers

    return numbers.format_decimal(_decimal(value), locale=normalise_language(lang))


def format_decimal(value: object, lang: str, *, places: int | None = None) -> str:
    """A number with exactly `places` decimals when given ('4,50' / '4.50')."""
    from babel import numbers

    if places is None:
        return format_number(value, lang)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return numbers.format_decimal(_decimal(value), format=pattern, locale=normalise_language(lang))
