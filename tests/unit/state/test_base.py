"""The shared state pieces that need no server: id validation, the audit row display
record, and number formatting per locale."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from edu_platform.i18n import format_datetime, format_decimal, format_number
from edu_platform.services.audit_log import AuditEntry, FieldChange
from edu_platform.state.admin_audit import SUMMARY_LIMIT, audit_row
from edu_platform.state.admin_lists import choice
from edu_platform.state.base import valid_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [(7, 7), (1, 1), (0, None), (-3, None), (True, None), ("7", None), (7.0, None), (None, None)],
)
def test_valid_id_accepts_only_positive_ints(value, expected):
    assert valid_id(value) == expected


def test_choice_falls_back_to_the_default_for_unknown_values():
    assert choice("teacher", ("all", "teacher"), "all") == "teacher"
    assert choice("<script>", ("all", "teacher"), "all") == "all"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(1234567, "ru", "1\xa0234\xa0567"), (1234567, "en", "1,234,567"), (0, "ru", "0")],
)
def test_format_number_groups_per_locale(value, lang, expected):
    assert format_number(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [("167250.5", "ru", "167\xa0250,50"), ("167250.5", "en", "167,250.50")],
)
def test_format_decimal_keeps_the_places_asked_for(value, lang, expected):
    assert format_decimal(value, lang, places=2) == expected


def _entry(action: str, changes: list[FieldChange]) -> AuditEntry:
    at = datetime(2026, 12, 5, 20, 30, tzinfo=UTC)
    return AuditEntry(1, at, 4, "Ada Admin", action, "user", 9, None, None, changes)


def test_an_update_row_lists_only_its_changed_fields_with_known_labels():
    row = audit_row(
        _entry("update", [FieldChange("role", "student", "teacher"), FieldChange("odd", "", "x")]),
        "en",
    )
    assert [(c.field, c.label_key, c.old, c.new) for c in row.changes] == [
        ("role", "admin_ux.audit.field.role", "student", "teacher"),
        ("odd", "", "", "x"),  # no message: the page shows the raw column name
    ]
    assert (row.at, row.actor, row.actor_id, row.row_id, row.field_count) == (
        format_datetime(datetime(2026, 12, 5, 20, 30, tzinfo=UTC), "en"),
        "Ada Admin",
        "4",
        "9",
        2,
    )


def test_an_insert_row_keeps_fields_for_the_details_only_and_cuts_long_values():
    long_text = "x" * 500
    row = audit_row(_entry("insert", [FieldChange("body", "", long_text)]), "en")
    assert row.changes == []
    assert row.field_count == 1
    assert row.details[0].new == long_text  # under the details limit: whole
    update = audit_row(_entry("update", [FieldChange("body", "", long_text)]), "en")
    assert len(update.changes[0].new) == SUMMARY_LIMIT
    assert update.changes[0].new.endswith("…")


def test_timestamps_read_as_dates_of_the_language():
    row = audit_row(
        _entry("update", [FieldChange("last_login_at", "", "2026-12-05T20:39:37.658244+00:00")]),
        "en",
    )
    shown = format_datetime(datetime(2026, 12, 5, 20, 39, 37, 658244, tzinfo=UTC), "en")
    assert (row.changes[0].old, row.changes[0].new) == ("", shown)


def test_a_review_row_dates_the_review_in_each_language():
    from edu_platform.services.course_page import ReviewItem
    from edu_platform.state.course import review_row

    item = ReviewItem(3, "Ann", 5, "Good", datetime(2026, 3, 5, 9, 0, tzinfo=UTC), is_own=False)
    row = review_row(item)
    assert (row.id, row.author, row.rating, row.comment, row.is_own) == (3, "Ann", 5, "Good", False)
    assert row.created == {"ru": "5 мар. 2026\u202fг.", "en": "Mar 5, 2026"}


def test_quiz_attempt_times_are_shown_in_the_viewers_zone():
    from edu_platform.services.quizzes import AttemptSummary, QuizOverview
    from edu_platform.state.quiz import in_zone

    started = datetime(2026, 3, 5, 21, 30, tzinfo=UTC)
    attempt = AttemptSummary(1, 1, started, None, None, False, True, started={"en": "UTC"})
    overview = QuizOverview(
        1, 2, 3, 70, None, None, 5, 1, None, "never", False, False, None, 1, True
    )
    overview.attempts = [attempt]
    moscow = in_zone(overview, "Europe/Moscow").attempts[0].started
    assert moscow["en"].startswith("Mar 6, 2026, 12:30") and moscow["ru"].startswith("6 мар. 2026")
    assert in_zone(overview, "").attempts[0].started["en"].endswith("UTC")
    assert overview.attempts[0].started == {"en": "UTC"}  # the service's record is left alone
