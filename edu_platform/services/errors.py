"""Domain errors raised by services; each front door maps them to its own language.

A state handler shows `translate(error.message_key)` as a toast or form message, an API
route answers with `error.status` and `{"detail", "code", "field"}`, a job fails.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the caller can act on. A subclass declares its HTTP status and code as
    class keywords, `class NotFound(DomainError, status=404, code="not_found")`; its
    message key defaults to `error.<code>`."""

    status = 400
    code = "invalid"
    default_key = "error.invalid"

    def __init_subclass__(
        cls, *, status: int | None = None, code: str | None = None, default_key: str | None = None
    ) -> None:
        super().__init_subclass__()
        if status is not None:
            cls.status = status
        if code is not None:
            cls.code = code
            cls.default_key = default_key or f"error.{code}"
        elif default_key is not None:
            cls.default_key = default_key

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


class NotFound(DomainError, status=404, code="not_found"):
    """The row does not exist, or the caller may not know that it does."""


class Forbidden(DomainError, status=403, code="forbidden"):
    """The caller is known but may not do this."""


class Conflict(DomainError, status=409, code="conflict"):
    """The change clashes with what is stored (a taken slug, a row in use)."""


class Invalid(DomainError, status=422, code="invalid"):
    """A value the caller sent is refused; `field` names it."""


class RateLimited(DomainError, status=429, code="rate_limited"):
    """Too many attempts; `retry_after` says when to try again."""

    # Seconds until a retry can succeed; the API sends it as the Retry-After header.
    retry_after: int | None = None


class Unauthorized(DomainError, status=401, code="unauthorized"):
    """No caller, or the credentials are wrong."""


class PaymentRequired(
    DomainError, status=402, code="payment_required", default_key="commerce.payment_required"
):
    """The course must be bought first."""
