"""Durations and session times as readers see them (i18n helpers)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from edu_platform.i18n import (
    format_duration,
    format_time_range,
    local_to_utc,
    time_zone_or_none,
    zone_label,
)


@pytest.mark.parametrize(
    ("minutes", "ru", "en"),
    [
        (0, "0\u00a0мин", "0\u00a0min"),
        (7, "7\u00a0мин", "7\u00a0min"),
        (60, "1\u00a0ч", "1\u00a0h"),
        (258, "4\u00a0ч 18\u00a0мин", "4\u00a0h 18\u00a0min"),
    ],
)
def test_format_duration(minutes, ru, en):
    assert format_duration(minutes, "ru") == ru
    assert format_duration(minutes, "en") == en


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../../etc/passwd", "x" * 65, None, 3])
def test_unknown_zone_is_refused(name):
    assert time_zone_or_none(name) is None


def test_known_zone_is_accepted():
    assert str(time_zone_or_none("Asia/Yekaterinburg")) == "Asia/Yekaterinburg"


WINTER = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 5, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "zone", "label"),
    [
        (WINTER, "Europe/Moscow", "MSK (UTC+3)"),
        (WINTER, "Europe/Berlin", "CET (UTC+1)"),
        (SUMMER, "Europe/Berlin", "CEST (UTC+2)"),
        (WINTER, "Asia/Yekaterinburg", "UTC+5"),  # tzdata names it '+05'
        (WINTER, "Asia/Kolkata", "IST (UTC+5:30)"),
        (WINTER, "America/New_York", "EST (UTC−5)"),
        (WINTER, "UTC", "UTC"),
        (WINTER, None, "UTC"),
        (WINTER, "Nowhere/Else", "UTC"),
    ],
)
def test_zone_label(moment, zone, label):
    assert zone_label(moment, zone) == label


ENDS_SAME_DAY = datetime(2026, 12, 5, 17, 30, tzinfo=UTC)
ENDS_NEXT_DAY = datetime(2026, 12, 6, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ends", "zone", "lang", "text"),
    [
        (ENDS_SAME_DAY, "Europe/Moscow", "ru", "05.12.2026, 19:00–20:30 MSK (UTC+3)"),
        (ENDS_SAME_DAY, "America/New_York", "en", "Dec 5, 2026, 11:00–12:30 EST (UTC−5)"),
        # across midnight in the viewer's zone: both days are named
        (
            ENDS_NEXT_DAY,
            "America/New_York",
            "en",
            "Dec 5, 2026, 11:00 – Dec 6, 2026, 01:00 EST (UTC−5)",
        ),
        # the same range within one day further east
        (ENDS_NEXT_DAY, "Asia/Vladivostok", "ru", "06.12.2026, 02:00–16:00 UTC+10"),
    ],
)
def test_time_range_in_the_viewer_zone(ends, zone, lang, text):
    assert format_time_range(WINTER, ends, zone, lang) == text


def test_naive_database_time_is_read_as_utc():
    naive = datetime(2026, 12, 5, 16, 0)
    assert format_time_range(naive, naive, "Europe/Moscow", "ru") == (
        "05.12.2026, 19:00–19:00 MSK (UTC+3)"
    )


def test_local_time_converts_to_utc():
    assert local_to_utc("2026-12-05", "19:00", "Europe/Moscow") == WINTER
    assert local_to_utc("2026-07-05", "18:00", "Europe/Berlin") == SUMMER
    assert local_to_utc("2026-12-05", "16:00", None) == WINTER


@pytest.mark.parametrize(("day", "clock"), [("2026-13-01", "10:00"), ("x", "10:00"), ("", "")])
def test_local_time_rejects_malformed_input(day, clock):
    with pytest.raises(ValueError):
        local_to_utc(day, clock, "Europe/Moscow")
