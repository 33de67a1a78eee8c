"""Card expiry dates computed from today, so that no test starts failing in some month,
and the payment arguments of a card the fake provider accepts (GOOD_CARD) or declines
(DECLINED_CARD): `payments.pay(..., **GOOD_CARD)`."""

from __future__ import annotations

from datetime import UTC, date, datetime


def _today() -> date:
    return datetime.now(UTC).date()  # the payment service compares in UTC


def card_expiry(months_ahead: int = 24, *, today: date | None = None) -> str:
    """MM/YY of the month `months_ahead` months after this one (0: this month, -1: last)."""
    today = today or _today()
    index = today.year * 12 + (today.month - 1) + months_ahead
    year, month = divmod(index, 12)
    return f"{month + 1:02d}/{year % 100:02d}"


VALID_EXP = card_expiry()
"""A card that is valid for two more years."""

GOOD_CARD = {"card_number": "4242 4242 4242 4242", "exp": VALID_EXP, "cvc": "123"}
DECLINED_CARD = {"card_number": "4000 0000 0000 0002", "exp": VALID_EXP, "cvc": "123"}
