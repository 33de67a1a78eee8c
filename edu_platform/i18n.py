"""The message catalogue (Russian and English) and the pure-Python `translate()` helper.

UI components read messages through `components.i18n.tr(key)`, which checks the key
exists here when the page compiles; services raise errors carrying a key from here.
No module outside edu_platform/messages/ holds UI text.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import zoneinfo
from datetime import UTC, datetime, timedelta

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


# --- Durations and time zones (course page, schedules) --------------------------------------

_DURATION_UNITS = {"ru": ("ч", "мин"), "en": ("h", "min")}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_TIME_ZONE_LENGTH = 64


def format_duration(minutes: int, lang: str) -> str:
    """'45 мин', '4 ч 18 мин', '2 ч' (English: '45 min', '4 h 18 min')."""
    hours, rest = divmod(max(0, int(minutes or 0)), 60)
    hour_unit, minute_unit = _DURATION_UNITS[normalise_language(lang)]
    parts = ([f"{hours}\u00a0{hour_unit}"] if hours else []) + (
        [f"{rest}\u00a0{minute_unit}"] if rest or not hours else []
    )
    return " ".join(parts)


@functools.cache
def _known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_or_none(name: object) -> zoneinfo.ZoneInfo | None:
    """The IANA time zone called `name` ('Europe/Moscow'), or None for anything else."""
    if not isinstance(name, str) or not 0 < len(name) <= MAX_TIME_ZONE_LENGTH:
        return None
    if name not in _known_time_zones():
        return None
    return zoneinfo.ZoneInfo(name)


def zone_label(moment: datetime, zone_name: str | None) -> str:
    """The zone as a reader recognises it at `moment`: 'MSK (UTC+3)', 'UTC+5:30', 'UTC'."""
    zone = time_zone_or_none(zone_name) or UTC
    local = _aware(moment).astimezone(zone)
    offset_minutes = int((local.utcoffset() or timedelta()).total_seconds() // 60)
    if offset_minutes == 0:
        offset = "UTC"
    else:
        hours, minutes = divmod(abs(offset_minutes), 60)
        sign = "+" if offset_minutes > 0 else "−"
        offset = f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")
    abbreviation = local.tzname() or ""
    # Zones without a common abbreviation are named by their offset ('+05'): show it once.
    if abbreviation[:1].isalpha() and abbreviation not in ("UTC", "GMT") and offset != "UTC":
        return f"{abbreviation} ({offset})"
    return offset


def _aware(moment: datetime) -> datetime:
    # SQLite gives stored UTC timestamps back without a zone.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _format_day(moment: datetime, lang: str) -> str:
    if normalise_language(lang) == "ru":
        return moment.strftime("%d.%m.%Y")
    return f"{_MONTHS_EN[moment.month - 1]} {moment.day}, {moment.year}"


def format_time_range(
    starts_at: datetime, ends_at: datetime, zone_name: str | None, lang: str
) -> str:
    """A session's time in the viewer's zone, zone named: '05.12.2026, 19:00–20:30 MSK (UTC+3)'."""
    zone = time_zone_or_none(zone_name) or UTC
    start, end = _aware(starts_at).astimezone(zone), _aware(ends_at).astimezone(zone)
    label = zone_label(starts_at, zone_name if zone is not UTC else "UTC")
    if start.date() == end.date():
        return f"{_format_day(start, lang)}, {start:%H:%M}–{end:%H:%M} {label}"
    return (
        f"{_format_day(start, lang)}, {start:%H:%M} – {_format_day(end, lang)}, {end:%H:%M} {label}"
    )


def local_to_utc(day: str, clock: str, zone_name: str | None) -> datetime:
    """'2026-12-01' + '18:30' read in the zone `zone_name` (UTC when unknown) → aware UTC.

    Raises ValueError for a malformed date or time.
    """
    zone = time_zone_or_none(zone_name) or UTC
    naive = datetime.fromisoformat(f"{day.strip()}T{clock.strip()}")
    if naive.tzinfo is not None:
        raise ValueError("the date and time must not carry a zone")
    return naive.replace(tzinfo=zone).astimezone(UTC)
