"""The teacher's analytics cards write their figures in the page's language."""

from __future__ import annotations

from edu_platform.state.teach_analytics import _figure


def test_minutes_have_one_decimal_written_the_language_way():
    assert (_figure("time_on_task", 12.2, "ru"), _figure("time_on_task", 12.2, "en")) == (
        "12,2",
        "12.2",
    )
    assert _figure("time_on_task", 1234.56, "en") == "1,234.6"


def test_shares_are_whole_percents_rounded_half_up():
    assert (_figure("completion", 0.125, "ru"), _figure("retention", 0.5, "en")) == ("13%", "50%")
