"""Each domain error's HTTP status, code and default message key (services/errors.py):
a service that raises one without its own key shows the default text."""

from __future__ import annotations

import pytest

from edu_platform.i18n import translate
from edu_platform.services.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PaymentRequired,
    RateLimited,
    Unauthorized,
)


@pytest.mark.parametrize(
    ("error", "status", "code", "message_key"),
    [
        (NotFound, 404, "not_found", "error.not_found"),
        (Forbidden, 403, "forbidden", "error.forbidden"),
        (Conflict, 409, "conflict", "error.conflict"),
        (Invalid, 422, "invalid", "error.invalid"),
        (RateLimited, 429, "rate_limited", "error.rate_limited"),
        (Unauthorized, 401, "unauthorized", "error.unauthorized"),
        (PaymentRequired, 402, "payment_required", "commerce.payment_required"),
        (DomainError, 400, "invalid", "error.invalid"),
    ],
)
def test_a_domain_error_without_a_key_carries_its_default(error, status, code, message_key):
    raised = error()
    assert (raised.status, raised.code, raised.message_key) == (status, code, message_key)
    assert raised.detail == code and raised.field is None and raised.params == {}
    assert translate(message_key, "en") != message_key
    own = error("why", message_key="commerce.cart.full", field="course_id", params={"n": 1})
    assert (own.detail, own.message_key, own.field, own.params) == (
        "why",
        "commerce.cart.full",
        "course_id",
        {"n": 1},
    )
