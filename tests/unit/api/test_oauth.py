"""A provider sign-in that fails comes back to /login?error=oauth_<reason>: the callback
turns the domain error into the code (api/oauth.py) and the login page turns the code into
the message it shows (state/oauth.py). Both directions, for every reason."""

from __future__ import annotations

import pytest

from edu_platform.api.oauth import login_error_code
from edu_platform.i18n import translate
from edu_platform.services.errors import DomainError, Forbidden, Invalid
from edu_platform.state.oauth import login_error_key

REASONS = [
    ("oauth_state", "oauth.error.state"),
    ("oauth_denied", "oauth.error.denied"),
    ("oauth_failed", "oauth.error.failed"),
    ("oauth_blocked", "oauth.error.blocked"),
    ("oauth_unavailable", "oauth.error.unavailable"),
    ("oauth_retry", "oauth.error.retry"),
    ("oauth_not_linked", "oauth.error.not_linked"),
    ("oauth_other_identity_linked", "oauth.error.other_identity_linked"),
    ("oauth_identity_taken", "oauth.error.identity_taken"),
    ("oauth_email_unverified", "oauth.error.email_unverified"),
]


@pytest.mark.parametrize(("code", "message_key"), REASONS)
def test_the_login_page_shows_the_message_of_each_reason(code, message_key):
    assert login_error_key(code) == message_key
    assert translate(message_key, "en") != message_key


# oauth_state and oauth_denied come from the callback itself, not from a domain error.
@pytest.mark.parametrize(("code", "message_key"), REASONS[2:])
def test_the_callback_sends_the_code_of_each_oauth_error(code, message_key):
    assert login_error_code(Invalid("why", message_key=message_key)) == code


def test_other_errors_become_blocked_or_failed_and_unknown_codes_show_nothing():
    assert login_error_code(Forbidden("blocked", message_key="accounts.blocked")) == "oauth_blocked"
    assert login_error_code(DomainError("boom")) == "oauth_failed"
    assert login_error_key("ticket") == "accounts.ticket_invalid"
    assert login_error_key("oauth_made_up") == ""
    assert login_error_key("anything") == ""
