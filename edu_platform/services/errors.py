"""Domain errors raised by services; each front door maps them to its own language.

A state handler shows `translate(error.message_key)` as a toast or form message, an API
route answers with `error.status` and `{"detail", "code", "field"}`, a job fails.
"""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_key = "error.invalid"

    def __init__(
        self,
        detail: str = "",
        *,
        message_key: str | None = None,
        field: str | None = None,
        params: dict | None = None,
    ):
        super().__init__(detail or self.code)
        self.detail = detail or self.code
        self.message_key = message_key or self.default_key
        self.field = field
        # Values for the message's {placeholders}: translate(key, lang, **error.params).
        self.params = params or {}


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_key = "error.not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_key = "error.forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_key = "error.conflict"


class Invalid(DomainError):
    status = 422
    code = "invalid"
    default_key = "error.invalid"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_key = "error.rate_limited"
    # Seconds until a retry can succeed; the API sends it as the Retry-After header.
    retry_after: int | None = None


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    default_key = "error.unauthorized"


class PaymentRequired(DomainError):
    status = 402
    code = "payment_required"
    default_key = "commerce.payment_required"
