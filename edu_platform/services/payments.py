"""Payments: the provider interface, the built-in sandbox provider, and paying an order.

A provider validates what the payer typed and starts the payment; the outcome always
arrives through the signed webhook (services/payment_webhook.py). The sandbox sends that
webhook itself, in-process, through the very function the HTTP route calls.

`pay` locks the order row (FOR UPDATE on PostgreSQL; the write lock on SQLite) before it
looks at the status, so twenty concurrent "Pay" clicks make one payment: the first pays,
the others find the order paid and get a Conflict.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import (
    Coupon,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentStatus,
    utcnow,
)
from edu_platform.services import coupons, orders
from edu_platform.services.coupons import money
from edu_platform.services.enrollment import owned_course_ids
from edu_platform.services.errors import Conflict, Invalid, NotFound
from edu_platform.services.orders import OrderView, lock_order
from edu_platform.services.payment_webhook import (
    EVENT_FAILED,
    EVENT_SUCCEEDED,
    WebhookOutcome,
    handle_payment_webhook,
    sign,
    verify_signature,
    webhook_body,
)
from edu_platform.settings import settings

__all__ = [
    "Card",
    "PaymentProvider",
    "PaymentResult",
    "SandboxProvider",
    "WebhookOutcome",
    "get_provider",
    "handle_payment_webhook",
    "pay",
    "sign",
    "verify_signature",
    "webhook_body",
]

# --- providers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    number: str
    exp_month: int
    exp_year: int
    cvc: str


class PaymentProvider(Protocol):
    """What `pay` needs from a provider. It validates the payer's input and starts the
    payment; the outcome always arrives through `handle_payment_webhook`."""

    name: str

    def new_reference(self) -> str: ...

    def check_card(self, card_number: str, exp: str, cvc: str) -> Card: ...

    def charge(self, *, session: Session, order: Order, payment: Payment, card: Card) -> None: ...


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


class SandboxProvider:
    """Test payments without money: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
    declined, any other number is refused as invalid."""

    name = "sandbox"
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


PROVIDERS: dict[str, PaymentProvider] = {"sandbox": SandboxProvider()}


def get_provider(name: str | None = None) -> PaymentProvider:
    """The configured provider (settings.payment_provider)."""
    key = name or settings.payment_provider
    try:
        return PROVIDERS[key]
    except KeyError:
        raise RuntimeError(f"payment provider {key!r} is not available") from None


# --- paying ---------------------------------------------------------------------------


@dataclass
class PaymentResult:
    payment_id: int
    status: str  # succeeded | failed | pending
    reason: str | None
    order: OrderView

    @property
    def succeeded(self) -> bool:
        return self.status == PaymentStatus.SUCCEEDED


def _recheck_before_charge(session: Session, order: Order) -> None:
    """Refuse to charge for a course the user got meanwhile, or with a coupon now used up
    (its row stays locked until this transaction ends)."""
    course_ids = list(
        session.scalars(select(OrderItem.course_id).where(OrderItem.order_id == order.id))
    )
    if owned_course_ids(session=session, user_id=order.user_id, course_ids=course_ids):
        raise Conflict(
            "a course of this order is already yours",
            message_key="commerce.already_owned",
            field="course_ids",
        )
    if order.coupon_id is not None and orders.lock_row(session, Coupon, order.coupon_id):
        coupon = session.get(Coupon, order.coupon_id, populate_existing=True)
        coupons.check_usable(coupon)


def pay(
    *,
    session: Session,
    user_id: int,
    order_id: int,
    card_number: str,
    exp: str,
    cvc: str,
) -> PaymentResult:
    """Pay the caller's pending order through the configured provider.

    A declined card is a result (status failed, reason), not an exception, so the failed
    payment row is committed; invalid input raises Invalid, a paid order Conflict.
    """
    order = lock_order(session, order_id)
    if order.user_id != user_id:
        raise NotFound(f"order {order_id} does not exist", message_key="commerce.order.not_found")
    if order.status == OrderStatus.PAID:
        raise Conflict("this order is already paid", message_key="commerce.order.already_paid")
    if order.status != OrderStatus.PENDING:
        raise Conflict(
            f"an order that is {order.status} cannot be paid",
            message_key="commerce.order.not_payable",
        )
    provider = get_provider()
    card = provider.check_card(card_number, exp, cvc)
    _recheck_before_charge(session, order)
    payment = Payment(
        order_id=order.id,
        provider=provider.name,
        provider_ref=provider.new_reference(),
        status=PaymentStatus.PENDING.value,
        amount=money(order.total),
        currency=order.currency,
    )
    session.add(payment)
    session.flush()
    provider.charge(session=session, order=order, payment=payment, card=card)
    session.refresh(payment)
    order = session.get(Order, order.id, populate_existing=True)
    return PaymentResult(
        payment_id=payment.id,
        status=payment.status,
        reason=payment.error,
        order=orders.to_view(session, order),
    )
