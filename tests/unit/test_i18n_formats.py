"""Numbers, money, dates and plurals per language, all through Babel (edu_platform/i18n.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from edu_platform import i18n

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "expected"),
    [
        (Decimal("167250"), "RUB", "ru", f"167{NBSP}250,00{NBSP}₽"),
        ("167250.00", "RUB", "en", f"RUB{NBSP}167,250.00"),
        ("0", "RUB", "ru", f"0,00{NBSP}₽"),
        ("9.9", "EUR", "en", "€9.90"),
        ("9.9", "EUR", "ru", f"9,90{NBSP}€"),
        ("1234567.5", "USD", "en", "$1,234,567.50"),
    ],
)
def test_money_per_language(amount, currency, lang, expected):
    assert i18n.format_price(amount, currency, lang) == expected
    assert i18n.format_price(amount, currency, lang) == expected


def test_numbers_per_language():
    assert i18n.format_number(1234.5, "ru") == f"1{NBSP}234,5"
    assert i18n.format_number(1234.5, "en") == "1,234.5"
    assert i18n.format_decimal("4.5", "ru", places=2) == "4,50"
    assert i18n.format_decimal(Decimal("12345"), "en", places=0) == "12,345"
    assert i18n.format_percent("0.67", "en") == "67%"


@pytest.mark.parametrize(
    ("count", "ru", "en"),
    [
        (0, "0 уроков", "0 lessons"),
        (1, "1 урок", "1 lesson"),
        (2, "2 урока", "2 lessons"),
        (4, "4 урока", "4 lessons"),
        (5, "5 уроков", "5 lessons"),
        (11, "11 уроков", "11 lessons"),
        (12, "12 уроков", "12 lessons"),
        (21, "21 урок", "21 lessons"),
        (22, "22 урока", "22 lessons"),
        (111, "111 уроков", "111 lessons"),
        (1001, f"1{NBSP}001 урок", "1,001 lessons"),
    ],
)
def test_lesson_plurals(count, ru, en):
    assert i18n.translate_plural("plural.lessons", "ru", count) == ru
    assert i18n.translate_plural("plural.lessons", "en", count) == en


def test_rating_plurals():
    assert i18n.translate_plural("plural.ratings", "ru", 1) == "1 оценка"
    assert i18n.translate_plural("plural.ratings", "ru", 3) == "3 оценки"
    assert i18n.translate_plural("plural.ratings", "ru", 25) == "25 оценок"
    assert i18n.translate_plural("plural.ratings", "en", 1) == "1 rating"
    assert i18n.translate_plural("plural.ratings", "en", 7) == "7 ratings"


def test_plural_categories_come_from_cldr():
    assert i18n.PLURAL_TAGS == {"ru": ("one", "few", "many", "other"), "en": ("one", "other")}
    assert [i18n.plural_category(n, "ru") for n in (1, 3, 7, 1.5)] == [
        "one",
        "few",
        "many",
        "other",
    ]


def test_every_plural_message_has_a_form_per_category():
    for key in i18n.CATALOGUE["ru"]:
        if key.startswith("plural."):
            for lang in i18n.LANGUAGES:
                forms = i18n.CATALOGUE[lang][key].split("|")
                assert len(forms) == len(i18n.PLURAL_TAGS[lang]), (key, lang)
                assert all("{count}" in form for form in forms), (key, lang)


def test_dates_and_times_per_language():
    moment = datetime(2026, 3, 5, 14, 3)  # naive = UTC
    assert i18n.format_date(moment, "ru") == "5 мар. 2026\u202fг."
    assert i18n.format_date(moment, "en") == "Mar 5, 2026"
    assert i18n.format_date(date(2026, 3, 5), "ru", "short") == "05.03.2026"
    assert i18n.format_date(None, "ru") == ""
    assert i18n.format_datetime(moment, "ru") == "5 мар. 2026\u202fг., 14:03 UTC"
    assert i18n.format_datetime(moment, "en") == "Mar 5, 2026, 2:03\u202fPM UTC"
    assert i18n.format_datetime(moment, "ru", "Europe/Moscow") == (
        "5 мар. 2026\u202fг., 17:03 MSK (UTC+3)"
    )
    assert i18n.format_time(moment, "en") == "2:03\u202fPM"
    assert i18n.format_day_month(date(2026, 3, 5), "ru") == "05.03"
    assert i18n.format_day_month(date(2026, 3, 5), "en") == "3/5"


def test_report_periods_are_axis_labels_in_the_language():
    # A period is the ISO date of its first day (services/reports.py): days and weeks by
    # day and month, months by name; anything else as it came.
    assert i18n.format_period("2026-09-14", "ru") == "14.09"
    assert i18n.format_period("2026-09-14", "en", "week") == "9/14"
    assert i18n.format_period("2026-09-01", "ru", "month") == "сент. 2026\u202fг."
    assert i18n.format_period("2026-09-01", "en", "month") == "Sep 2026"
    assert i18n.format_period("Q3", "en") == "Q3"


def test_date_inputs_follow_the_language_order():
    day = date(2026, 3, 5)
    assert i18n.date_input_value(day, "ru") == "05.03.2026"
    assert i18n.date_input_value(day, "en") == "03/05/2026"
    assert i18n.parse_date_input("05.03.2026", "ru") == day
    assert i18n.parse_date_input("03/05/2026", "en") == day
    assert i18n.parse_date_input("2026-03-05", "ru") == day
    assert i18n.parse_date_input("  ", "ru") is None
    with pytest.raises(ValueError):
        i18n.parse_date_input("31.02.2026", "ru")
    with pytest.raises(ValueError):
        i18n.parse_date_input("tomorrow", "en")
    with pytest.raises(ValueError):  # the other language's order is refused, not misread
        i18n.parse_date_input("05.03.2026", "en")
    with pytest.raises(ValueError):
        i18n.parse_date_input("03/05/2026", "ru")


def test_currencies_are_a_closed_list():
    assert i18n.CURRENCIES == ("RUB", "USD", "EUR")
    for code in i18n.CURRENCIES:
        assert i18n.has_key(f"currency.{code}")


def test_a_query_date_time_counts_as_its_utc_day():
    from edu_platform.api.params import _iso_date

    assert _iso_date("2026-01-31") == "2026-01-31"
    assert str(_iso_date("2026-01-31T23:30:00-05:00")) == "2026-02-01"
    assert str(_iso_date("2026-01-31T01:00:00+03:00")) == "2026-01-30"
    assert str(_iso_date("2026-01-31T01:00 03:00")) == "2026-01-30"  # "+" read as a space
    assert str(_iso_date("2026-01-31T10:00:00Z")) == "2026-01-31"
    assert _iso_date("2026-01-31T10:00") == "2026-01-31"  # no zone: the date as written
