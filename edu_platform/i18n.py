"""The message catalogue (Russian and English), `translate()`/`translate_plural()`, and
every locale-dependent format (numbers, money, dates, plural rules) — all through Babel.

UI components read messages through `components.i18n.tr(key)`, which checks the key
exists here when the page compiles; services raise errors carrying a key from here.
No module outside edu_platform/messages/ holds UI text.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, dates, numbers
from babel.plural import to_javascript

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
# The saved interface language of this browser (state/i18n.py, components/lang_boot.py).
LANG_COOKIE = "lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600


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


def payment_reason_key(code: str | None) -> str:
    """The message key for a payment provider's failure code ("card_declined", YooKassa's
    cancellation reasons); an unknown code gets the general one."""
    key = f"payment.reason.{code}"
    return key if code and has_key(key) else "payment.reason.other"


def payment_reason(code: str | None, lang: str) -> str:
    """A payment failure code as a sentence in `lang`."""
    return translate(payment_reason_key(code), lang)


# --- plurals ----------------------------------------------------------------------------
# A plural message holds its forms separated by "|", in CLDR's order of the language's
# categories (PLURAL_TAGS): Russian "{count} урок|{count} урока|{count} уроков|{count} урока"
# (one|few|many|other), English "{count} lesson|{count} lessons" (one|other).
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")


@functools.cache
def plural_tags(lang: str) -> tuple[str, ...]:
    """The language's plural categories in CLDR order ('other' always last)."""
    tags = Locale.parse(normalise_language(lang)).plural_form.tags | {"other"}
    return tuple(tag for tag in CLDR_ORDER if tag in tags)


PLURAL_TAGS = {lang: plural_tags(lang) for lang in LANGUAGES}


def plural_category(count: object, lang: str) -> str:
    """CLDR plural category of `count` in `lang` ('one', 'few', 'many', 'other')."""
    return Locale.parse(normalise_language(lang)).plural_form(Decimal(str(count)))


def plural_forms(key: str, lang: str) -> dict[str, str]:
    """{category: text} of a plural message; a missing form falls back to the last one."""
    lang = normalise_language(lang)
    forms = [form.strip() for form in CATALOGUE[lang][key].split("|")]
    tags = PLURAL_TAGS[lang]
    return {tag: forms[min(index, len(forms) - 1)] for index, tag in enumerate(tags)}


def plural_rule_js(lang: str) -> str:
    """The language's plural rule as a JavaScript function of a number (Babel's compiler)."""
    return to_javascript(Locale.parse(normalise_language(lang)).plural_form)


def translate_plural(key: str, lang: str, count: object, **params: object) -> str:
    """The form of plural message `key` for `count` ("21 урок", "5 уроков", "1 rating"),
    `{count}` filled with the number formatted for the language."""
    lang = normalise_language(lang)
    text = plural_forms(key, lang)[plural_category(count, lang)]
    return text.format(count=format_number(count, lang), **params)


# --- numbers and money ------------------------------------------------------------------
# Currencies a course may be priced in: those the payment providers take (YooKassa and
# the test gateway both accept these three).
CURRENCIES = ("RUB", "USD", "EUR")
DEFAULT_CURRENCY = "RUB"


def _decimal(amount: object) -> Decimal:
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def format_number(value: object, lang: str) -> str:
    """'1 234,5' / '1,234.5' (Babel's format_decimal)."""
    return numbers.format_decimal(_decimal(value), locale=normalise_language(lang))


def format_decimal(value: object, lang: str, *, places: int | None = None) -> str:
    """A number with exactly `places` decimals when given ('4,50' / '4.50')."""
    if places is None:
        return format_number(value, lang)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return numbers.format_decimal(_decimal(value), format=pattern, locale=normalise_language(lang))


def format_percent(value: object, lang: str) -> str:
    """A share 0..1 as '67 %' / '67%'."""
    return numbers.format_percent(_decimal(value), locale=normalise_language(lang))


def format_price(amount: object, currency: str, lang: str) -> str:
    """Money per the language's rules (Babel's format_currency): '167 250,00 ₽' in
    Russian, 'RUB 167,250.00' / '$12.50' / '€9.90' in English."""
    text = numbers.format_currency(_decimal(amount), currency, locale=normalise_language(lang))
    # CLDR's currency spacing (Babel does not apply it): a letter symbol such as "RUB"
    # right before the digits gets a no-break space.
    return re.sub(r"^([-−]?[A-Z]{3})(?=[\d])", "\\1\u00a0", text)


# --- dates and times --------------------------------------------------------------------
def _zone(tz: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _aware(value: datetime, tz: str | None = None) -> datetime:
    """Naive datetimes in this app are UTC; the result is in zone `tz`."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_zone(tz))


def format_date(value: date | datetime | None, lang: str, style: str = "medium") -> str:
    """'5 мар. 2026 г.' / 'Mar 5, 2026' (style 'short': '05.03.2026' / '3/5/26');
    empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _aware(value, "UTC").date()
    return dates.format_date(value, style, locale=normalise_language(lang))


def format_day_month(value: date | datetime, lang: str) -> str:
    """A chart axis label: '05.03' / '3/5'."""
    if isinstance(value, datetime):
        value = value.date()
    return dates.format_skeleton("Md", value, locale=normalise_language(lang))


def format_period(period: str, lang: str, granularity: str = "day") -> str:
    """A report period (the ISO date of its first day) as an axis label: a day or a week
    by its day and month ('14.09' / '9/14'), a month by name ('сент. 2026 г.' /
    'Sep 2026'); anything that is not a date as it came."""
    try:
        first = date.fromisoformat(period)
    except ValueError:
        return period
    if granularity == "month":
        return dates.format_skeleton("yMMM", first, locale=normalise_language(lang))
    return format_day_month(first, lang)


def format_month_day(value: date | datetime, lang: str) -> str:
    """A day of this year, month by name: '2 мар.' / 'Mar 2'."""
    if isinstance(value, datetime):
        value = value.date()
    return dates.format_skeleton("MMMd", value, locale=normalise_language(lang))


def format_time(value: datetime, lang: str, tz: str | None = "UTC") -> str:
    """'14:03' / '2:03 PM' in zone `tz`."""
    return dates.format_time(_aware(value, tz), "short", locale=normalise_language(lang))


def format_datetime(
    value: datetime | None, lang: str, tz: str | None = "UTC", *, with_zone: bool = True
) -> str:
    """'5 мар. 2026 г., 14:03 UTC' / 'Mar 5, 2026, 2:03 PM UTC' (the moment shown in zone
    `tz`, named after it); empty for None."""
    if value is None:
        return ""
    lang = normalise_language(lang)
    moment = _aware(value, tz)
    pattern = dates.get_datetime_format("medium", locale=lang)
    text = pattern.replace("{1}", dates.format_date(moment.date(), "medium", locale=lang))
    text = text.replace("{0}", dates.format_time(moment, "short", locale=lang))
    return f"{text} {zone_label(value, tz)}" if with_zone else text


def price_labels(amount: object, currency: str, *, minus: bool = False) -> dict[str, str]:
    """`format_price` in every UI language ('−' before a discount)."""
    sign = "−" if minus else ""
    return {lang: sign + format_price(amount, currency, lang) for lang in LANGUAGES}


def date_labels(value: date | datetime | None) -> dict[str, str]:
    """`format_date` in every UI language ({"ru": "5 мар. 2026 г.", "en": "Mar 5, 2026"}),
    for records a page shows in whichever language is current; empty texts for None."""
    return {lang: format_date(value, lang) for lang in LANGUAGES}


def datetime_labels(value: datetime | None, tz: str | None = "UTC") -> dict[str, str]:
    """`format_datetime` in every UI language; empty texts for None."""
    return {lang: format_datetime(value, lang, tz) for lang in LANGUAGES}


def format_short_datetime(value: datetime | None, lang: str, tz: str | None = "UTC") -> str:
    """A recent moment without the year: '5 мар., 14:03' / 'Mar 5, 2:03 PM'."""
    if value is None:
        return ""
    lang = normalise_language(lang)
    moment = _aware(value, tz)
    pattern = dates.get_datetime_format("short", locale=lang)
    text = pattern.replace("{1}", dates.format_skeleton("MMMd", moment, locale=lang))
    return text.replace("{0}", dates.format_time(moment, "short", locale=lang))


def date_input_pattern(lang: str) -> str:
    """How a typed date reads in the language: 'dd.MM.yyyy' / 'MM/dd/yyyy'."""
    return "dd.MM.yyyy" if normalise_language(lang) == "ru" else "MM/dd/yyyy"


def date_input_value(value: date | None, lang: str) -> str:
    """A date as a text field shows it in the language ('05.03.2026' / '03/05/2026')."""
    if value is None:
        return ""
    return dates.format_date(value, date_input_pattern(lang), locale=normalise_language(lang))


def parse_date_input(text: str, lang: str) -> date | None:
    """A date typed in the language's order ('05.03.2026', '03/05/2026') or ISO
    ('2026-03-05'); None when empty; ValueError when it is not a date."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        return date.fromisoformat(cleaned)
    # Only the language's own separator: '05.03.2026' typed on the English form is refused
    # rather than read as May 3rd.
    separator = "." if normalise_language(lang) == "ru" else "/"
    parts = re.fullmatch(rf"(\d{{1,2}})\{separator}(\d{{1,2}})\{separator}(\d{{4}})", cleaned)
    if parts is None:
        raise ValueError(f"not a date: {text!r}")
    first, second, year = (int(part) for part in parts.groups())
    if separator == ".":
        return date(year, second, first)
    return date(year, first, second)


# --- Durations and time zones (course page, schedules) --------------------------------------

_DURATION_UNITS = {"ru": ("ч", "мин"), "en": ("h", "min")}
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


def _format_day(moment: datetime, lang: str) -> str:
    """'05.12.2026' / 'Dec 5, 2026'."""
    lang = normalise_language(lang)
    return dates.format_date(moment, "dd.MM.yyyy" if lang == "ru" else "medium", locale=lang)


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
