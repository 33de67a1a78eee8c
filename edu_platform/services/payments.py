"""Payments: the provider interface, the built-in sandbox provider, and paying an order.

A card provider validates what the payer typed and starts the payment; the outcome always
arrives through the signed webhook (services/payment_webhook.py). The sandbox sends that
webhook itself, in-process, through the very function the HTTP route calls.

A redirect provider (YooKassa, services/yookassa.py) creates the payment at its API and
gives the URL the buyer pays on; the outcome arrives as an unsigned notification that
counts only after the provider's API confirms it (`handle_yookassa_notification`), or
when the buyer comes back and the checkout page asks the API (`refresh_order_payments`).
Both paths end in the same `apply_event` as the signed webhook.

`pay` locks the order row (FOR UPDATE on PostgreSQL; the write lock on SQLite) before it
looks at the status, so twenty concurrent "Pay" clicks make one payment: the first pays,
the others find the order paid and get a Conflict.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import db, routes
from edu_platform.models import (
    Coupon,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentStatus,
    utcnow,
)
from edu_platform.services import coupons, orders, refunds, yookassa
from edu_platform.services.coupons import money
from edu_platform.services.enrollment import owned_course_ids
from edu_platform.services.errors import Conflict, Invalid, NotFound
from edu_platform.services.orders import OrderView, lock_order
from edu_platform.services.payment_webhook import (
    EVENT_FAILED,
    EVENT_SUCCEEDED,
    WebhookEvent,
    WebhookOutcome,
    apply_event,
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


# --- paying ---------------------------------------------------------------------------


@dataclass
class PaymentResult:
    payment_id: int
    status: str  # succeeded | failed | pending
    reason: str | None
    order: OrderView
    # Redirect providers: where the buyer pays (status stays pending until confirmed).
    confirmation_url: str | None = None

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
    card_number: str = "",
    exp: str = "",
    cvc: str = "",
    return_url: str | None = None,
) -> PaymentResult:
    """Pay the caller's pending order through the configured provider.

    A declined card is a result (status failed, reason), not an exception, so the failed
    payment row is committed; invalid input raises Invalid, a paid order Conflict. With a
    redirect provider the card is not asked for: the result is pending and carries the
    URL to send the buyer to (`return_url`, default the checkout page, is where they
    come back).
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
    if not provider.takes_card:
        return _start_redirect(session, order, provider, return_url)
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


# --- redirect providers (YooKassa) ----------------------------------------------------


def _start_redirect(
    session: Session, order: Order, provider: RedirectProvider, return_url: str | None
) -> PaymentResult:
    """A payment at the provider for the locked order, or the one still waiting for the
    buyer (a second click must not create a second payment). An order a coupon made free
    has nothing to pay at the provider: it is paid at once."""
    _recheck_before_charge(session, order)
    if money(order.total) == 0:
        return _pay_nothing(session, order, provider)
    waiting = session.scalars(
        select(Payment)
        .where(
            Payment.order_id == order.id,
            Payment.provider == provider.name,
            Payment.status == PaymentStatus.PENDING.value,
            Payment.amount == money(order.total),
        )
        .order_by(Payment.id.desc())
        .limit(1)
    ).first()
    url = provider.pending_confirmation_url(waiting) if waiting is not None else None
    payment = waiting
    if url is None:
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
        back = return_url or settings.public_url.rstrip("/") + routes.checkout_url(order.id)
        url = provider.start(session=session, order=order, payment=payment, return_url=back)
    return PaymentResult(
        payment_id=payment.id,
        status=PaymentStatus.PENDING.value,
        reason=None,
        order=orders.to_view(session, order),
        confirmation_url=url,
    )


def _pay_nothing(session: Session, order: Order, provider: PaymentProvider) -> PaymentResult:
    payment = Payment(
        order_id=order.id,
        provider=provider.name,
        provider_ref="free_" + secrets.token_hex(12),
        status=PaymentStatus.PENDING.value,
        amount=money(0),
        currency=order.currency,
    )
    session.add(payment)
    session.flush()
    apply_event(
        session=session,
        event=WebhookEvent(
            event=EVENT_SUCCEEDED,
            provider=provider.name,
            provider_ref=payment.provider_ref,
            order_id=order.id,
            amount=money(0),
            currency=order.currency,
            reason=None,
        ),
    )
    session.refresh(payment)
    order = session.get(Order, order.id, populate_existing=True)
    return PaymentResult(
        payment_id=payment.id,
        status=payment.status,
        reason=None,
        order=orders.to_view(session, order),
    )


def apply_yookassa_payment(
    *, session: Session, verified: yookassa.VerifiedPayment
) -> WebhookOutcome | None:
    """Apply a payment as YooKassa's API described it; None while it is not finished.

    NotFound when no payment of ours has this id (a forged or foreign notification),
    Invalid when the API's metadata names another order.
    """
    payment = session.scalar(
        select(Payment).where(
            Payment.provider == yookassa.NAME, Payment.provider_ref == verified.id
        )
    )
    if payment is None:
        raise NotFound(
            f"no payment {verified.id}", message_key="yookassa.error.unknown", field="id"
        )
    if verified.order_id is not None and verified.order_id != payment.order_id:
        raise Invalid(
            "the payment belongs to another order",
            message_key="commerce.webhook.invalid",
            field="id",
        )
    if verified.status == "succeeded":
        event, reason = EVENT_SUCCEEDED, None
    elif verified.status == "canceled":
        event, reason = EVENT_FAILED, verified.reason or "canceled"
    else:
        return None
    return apply_event(
        session=session,
        event=WebhookEvent(
            event=event,
            provider=yookassa.NAME,
            provider_ref=verified.id,
            order_id=payment.order_id,
            amount=verified.amount,
            currency=verified.currency,
            reason=reason,
        ),
    )


@dataclass
class NotificationOutcome:
    event: str
    changed: bool
    order_id: int | None
    order_status: str | None


def handle_yookassa_notification(*, raw_body: bytes, ip: str | None) -> NotificationOutcome:
    """A YooKassa notification, trusted only as far as its API confirms it.

    Forbidden for a sender outside the allow-list, Invalid for a malformed body, NotFound
    for an object YooKassa or we do not know, Conflict when the API does not confirm
    the event (a "succeeded" notification for a payment that is not). Runs its own
    transactions: the API is asked outside any.
    """
    yookassa.check_sender(ip)
    note = yookassa.parse_notification(raw_body)
    if note.event in yookassa.REFUND_EVENTS:
        refund = yookassa.verified_refund(note.object_id)
        if refund.status != "succeeded":
            raise Conflict(f"refund {refund.id} is {refund.status}", field="event")
        result = db.run_sync(refunds.apply_provider_refund, provider=yookassa.NAME, refund=refund)
        return NotificationOutcome(note.event, *result)
    verified = yookassa.verified_payment(note.object_id)
    claimed = "succeeded" if note.event == "payment.succeeded" else "canceled"
    if verified.status != claimed:
        raise Conflict(
            f"payment {verified.id} is {verified.status}, not {claimed}",
            message_key="commerce.webhook.invalid",
            field="event",
        )
    outcome = db.run_sync(apply_yookassa_payment, verified=verified)
    return NotificationOutcome(note.event, outcome.changed, outcome.order_id, outcome.order_status)


def _waiting_yookassa_refs(*, session: Session, user_id: int, order_id: int) -> list[str]:
    order = session.get(Order, order_id)
    if order is None or order.user_id != user_id:
        raise NotFound(f"order {order_id} does not exist", message_key="commerce.order.not_found")
    if order.status != OrderStatus.PENDING:
        return []
    return list(
        session.scalars(
            select(Payment.provider_ref).where(
                Payment.order_id == order_id,
                Payment.provider == yookassa.NAME,
                Payment.status == PaymentStatus.PENDING.value,
                Payment.provider_ref.not_like("ykx_%"),
            )
        )
    )


def refresh_order_payments(*, user_id: int, order_id: int) -> bool:
    """The buyer is back from YooKassa: ask its API about the order's waiting payments
    and apply the finished ones (the notification may not have arrived yet). True when
    something changed. Runs its own transactions."""
    changed = False
    for ref in db.run_sync(_waiting_yookassa_refs, user_id=user_id, order_id=order_id):
        try:
            verified = yookassa.verified_payment(ref)
        except yookassa.ProviderError:
            continue
        outcome = db.run_sync(apply_yookassa_payment, verified=verified)
        changed = changed or bool(outcome and outcome.changed)
    return changed
