"""Payment providers: the interface `pay` and refunds use, the built-in sandbox card
provider, and the registry of configured ones (YooKassa's is services/yookassa.py)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy.orm import Session

from edu_platform.models import Order, Payment, utcnow
from edu_platform.services import yookassa
from edu_platform.services.errors import Invalid
from edu_platform.services.payment_webhook import (
    EVENT_FAILED,
    EVENT_SUCCEEDED,
    handle_payment_webhook,
    sign,
    webhook_body,
)
from edu_platform.settings import settings


@dataclass(frozen=True)
class Card:
    number: str
    exp_month: int
    exp_year: int
    cvc: str


class PaymentProvider(Protocol):
    """What `pay` and refunds need from any provider."""

    name: str
    takes_card: bool  # True: `CardProvider`; False: `RedirectProvider`

    def new_reference(self) -> str: ...

    def refund(self, *, payment: Payment, amount: Decimal, key: str) -> None: ...


class CardProvider(PaymentProvider, Protocol):
    """Validates the payer's card and starts the payment; the outcome always arrives
    through `handle_payment_webhook`."""

    def check_card(self, card_number: str, exp: str, cvc: str) -> Card: ...

    def charge(self, *, session: Session, order: Order, payment: Payment, card: Card) -> None: ...


class RedirectProvider(PaymentProvider, Protocol):
    """Creates the payment at the provider and gives the page the buyer pays on."""

    def start(
        self, *, session: Session, order: Order, payment: Payment, return_url: str
    ) -> str: ...

    def pending_confirmation_url(self, payment: Payment) -> str | None: ...


def _card_digits(card_number: str) -> str:
    digits = re.sub(r"[\s-]", "", str(card_number or ""))
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        raise Invalid(
            "card number is not valid", message_key="commerce.pay.card_invalid", field="card_number"
        )
    return digits


def _expiry(exp: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", str(exp or ""))
    if not match or not 1 <= int(match.group(1)) <= 12:
        raise Invalid("expiry must be MM/YY", message_key="commerce.pay.exp_invalid", field="exp")
    month, year = int(match.group(1)), int(match.group(2))
    year = year + 2000 if year < 100 else year
    now = utcnow()
    if (year, month) < (now.year, now.month):
        raise Invalid("the card has expired", message_key="commerce.pay.card_expired", field="exp")
    return month, year


def _cvc(cvc: str) -> str:
    value = str(cvc or "").strip()
    if not re.fullmatch(r"\d{3,4}", value):
        raise Invalid(
            "CVC must be 3 or 4 digits", message_key="commerce.pay.cvc_invalid", field="cvc"
        )
    return value


def card_format_errors(card_number: str, exp: str, cvc: str) -> list[Invalid]:
    """Every malformed field of a card form at once (number, expiry, CVC): the checkout says
    each under its field before the provider is asked, which stops at the first."""
    found = []
    for check, value in ((_card_digits, card_number), (_expiry, exp), (_cvc, cvc)):
        try:
            check(value)
        except Invalid as error:
            found.append(error)
    return found


class SandboxProvider:
    """Test payments without money: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
    declined, any other number is refused as invalid."""

    name = "sandbox"
    takes_card = True
    SUCCESS_CARD = "4242424242424242"
    DECLINED_CARD = "4000000000000002"

    def new_reference(self) -> str:
        return "sbx_" + secrets.token_hex(12)

    def check_card(self, card_number: str, exp: str, cvc: str) -> Card:
        digits = _card_digits(card_number)
        if digits not in (self.SUCCESS_CARD, self.DECLINED_CARD):
            raise Invalid(
                "unknown test card: use 4242 4242 4242 4242",
                message_key="commerce.pay.card_invalid",
                field="card_number",
            )
        month, year = _expiry(exp)
        return Card(number=digits, exp_month=month, exp_year=year, cvc=_cvc(cvc))

    def charge(self, *, session: Session, order: Order, payment: Payment, card: Card) -> None:
        succeeded = card.number == self.SUCCESS_CARD
        body = webhook_body(
            event=EVENT_SUCCEEDED if succeeded else EVENT_FAILED,
            provider=self.name,
            provider_ref=payment.provider_ref,
            order_id=order.id,
            amount=payment.amount,
            currency=payment.currency,
            reason=None if succeeded else "card_declined",
        )
        # The same signed path a real provider's HTTP call takes.
        handle_payment_webhook(session=session, raw_body=body, signature=sign(body))

    def refund(self, *, payment: Payment, amount: Decimal, key: str) -> None:
        """No money moved, none to give back."""


PROVIDERS: dict[str, PaymentProvider] = {
    "sandbox": SandboxProvider(),
    yookassa.NAME: yookassa.YooKassaProvider(),
}


def get_provider(name: str | None = None) -> PaymentProvider:
    """The configured provider (settings.payment_provider)."""
    key = name or settings.payment_provider
    try:
        return PROVIDERS[key]
    except KeyError:
        raise RuntimeError(f"payment provider {key!r} is not available") from None
