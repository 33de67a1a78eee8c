"""Required fields are checked before a service is called, each with its own message."""

from __future__ import annotations

from edu_platform.state.auth import REGISTER_FIELDS
from edu_platform.state.form_fields import missing_fields

SIGN_IN = {"email": "accounts.email_required", "password": "accounts.password_required"}


def test_every_empty_or_blank_field_gets_its_message_in_the_form_order():
    form = {"full_name": "  ", "email": "", "password": "secret-enough"}
    assert missing_fields(form, REGISTER_FIELDS, "en") == {
        "full_name": "Enter your name",
        "email": "Enter your email address",
    }
    assert missing_fields({}, SIGN_IN, "ru") == {
        "email": "Укажите адрес электронной почты",
        "password": "Введите пароль",
    }


def test_a_filled_form_misses_nothing():
    form = {"email": "a@example.com", "password": "x", "extra": ""}
    assert missing_fields(form, SIGN_IN, "en") == {}
    assert missing_fields(
        {"current_password": None}, {"current_password": "accounts.current_password_required"}, "en"
    ) == {"current_password": "Enter your current password"}
