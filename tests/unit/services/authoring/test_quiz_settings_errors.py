"""The quiz editor shows every wrong setting at once (it showed one per press of Save)."""

from __future__ import annotations

from edu_platform.services.authoring import quiz_settings_errors


def test_each_wrong_setting_is_named_once():
    errors = quiz_settings_errors(
        {"pass_percent": "150", "time_limit_minutes": "-1", "max_attempts": "2", "is_final": True}
    )
    assert [(error.field, error.message_key) for error in errors] == [
        ("pass_percent", "authoring.error.pass_percent"),
        ("time_limit_minutes", "authoring.error.time_limit_minutes"),
    ]


def test_good_settings_have_none():
    assert quiz_settings_errors({"pass_percent": "80", "time_limit_minutes": ""}) == []
