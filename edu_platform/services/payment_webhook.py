"""The payment webhook: signed provider events, applied exactly once.

Every provider confirms a payment the same way: a webhook whose raw body is signed with
HMAC-SHA256 (`settings.payment_webhook_secret`, hex digest in `X-Signature`). A real
provider calls POST /api/v1/payments/webhook; the sandbox (services/payments/) builds the
same signed body and hands it to `handle_payment_webhook` in-process.

Replays are harmless: a payment is identified by its unique `provider_ref`; the order
becomes paid with `UPDATE … WHERE status = 'pending'` (after locking the order row), and
only the call that changed it grants access, counts the coupon use and empties the cart;
enrolments are unique per user and course (a cancelled one is reactivated).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu_platform import audit
from edu_platform.models import (
    EnrollmentSource,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentStatus,
    utcnow,
)
from edu_platform.services import cart, coupons, events, notifications
from edu_platform.services.coupons import money
from edu_platform.services.enrollment import grant_access
from edu_platform.services.errors import Invalid, Unauthorized
from edu_platform.services.orders import lock_order
from edu_platform.settings import settings

log = logging.getLogger(__name__)

EVENT_SUCCEEDED = "payment.succeeded"
EVENT_FAILED = "payment.failed"
SIGNATURE_HEADER = "X-Signature"
MAX_WEBHOOK_BYTES = 64 * 1024


# --- signatures -----------------------------------------------------------------------


def sign(raw_body: bytes, secret: str | None = None) -> str:
    """Hex HMAC-SHA256 of the raw body with the webhook secret."""
    key = (secret if secret is not None else settings.payment_webhook_secret).encode()
    return hmac.new(key, raw_body, hashlib.sha256).hexdigest()


def verify_signature(raw_body: bytes, signature: str | None) -> bool:
    """Constant-time check of a hex signature (an optional `sha256=` prefix is accepted)."""
    if not signature:
        return False
    value = signature.strip()
    if value.lower().startswith("sha256="):
        value = value[7:]
    return hmac.compare_digest(sign(raw_body).encode(), value.lower().encode())


def webhook_body(
    *,
    event: str,
    provider: str,
    provider_ref: str,
    order_id: int,
    amount: Decimal,
    currency: str,
    reason: str | None = None,
) -> bytes:
    """The JSON body a provider sends to the webhook (the sandbox sends exactly this)."""
    payload = {
        "event": event,
        "provider": provider,
        "provider_ref": provider_ref,
        "order_id": order_id,
        "amount": f"{money(amount):.2f}",
        "currency": currency,
        "reason": reason,
        "sent_at": utcnow().isoformat(),
    }
    return json.dumps(payload, separators=(",", ":")).encode()


# --- webhook --------------------------------------------------------------------------


@dataclass(frozen=True)
class WebhookEvent:
    event: str
    provider: str
    provider_ref: str
    order_id: int
    amount: Decimal
    currency: str
    reason: str | None


@dataclass
class WebhookOutcome:
    order_id: int
    payment_id: int
    event: str
    changed: bool  # False for a replay or an event that moved nothing
    order_status: str


def _parse(raw_body: bytes) -> WebhookEvent:
    def bad(detail: str) -> Invalid:
        return Invalid(detail, message_key="commerce.webhook.invalid", field="body")

    try:
        payload: Any = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError) as error:
        raise bad("body is not JSON") from error
    if not isinstance(payload, dict):
        raise bad("body must be a JSON object")
    event = payload.get("event")
    if event not in (EVENT_SUCCEEDED, EVENT_FAILED):
        raise bad(f"unknown event {event!r}")
    order_id = payload.get("order_id")
    if isinstance(order_id, bool) or not isinstance(order_id, int):
        raise bad("order_id must be an integer")
    provider_ref = payload.get("provider_ref")
    if not isinstance(provider_ref, str) or not 1 <= len(provider_ref) <= 128:
        raise bad("provider_ref is required")
    provider = payload.get("provider")
    if not isinstance(provider, str) or not 1 <= len(provider) <= 32:
        raise bad("provider is required")
    try:
        amount = money(str(payload.get("amount")))
    except (InvalidOperation, ValueError) as error:
        raise bad("amount must be a decimal string") from error
    currency = payload.get("currency")
    if not isinstance(currency, str) or len(currency) != 3:
        raise bad("currency must be a 3-letter code")
    reason = payload.get("reason")
    return WebhookEvent(
        event=event,
        provider=provider,
        provider_ref=provider_ref,
        order_id=order_id,
        amount=amount,
        currency=currency,
        reason=str(reason)[:500] if reason else None,
    )


def _payment_for(session: Session, order: Order, event: WebhookEvent) -> Payment:
    """The payment row of `provider_ref` (created when the provider started it elsewhere)."""
    query = select(Payment).where(Payment.provider_ref == event.provider_ref)
    payment = session.scalar(query)
    if payment is None:
        candidate = Payment(
            order_id=order.id,
            provider=event.provider,
            provider_ref=event.provider_ref,
            status=PaymentStatus.PENDING.value,
            amount=event.amount,
            currency=event.currency,
        )
        try:
            with session.begin_nested():
                session.add(candidate)
                session.flush()
            payment = candidate
        except IntegrityError:
            payment = session.scalar(query)
            if payment is None:
                raise
    if payment.order_id != order.id:
        log.warning(
            "payment webhook refused: %s belongs to order %s, not %s",
            event.provider_ref,
            payment.order_id,
            order.id,
        )
        raise Invalid(
            "provider_ref belongs to another order",
            message_key="commerce.webhook.invalid",
            field="provider_ref",
        )
    return payment


def _mark_paid(session: Session, order: Order) -> bool:
    """pending → paid with one conditional UPDATE; True only for the call that changed it."""
    table = Order.__table__
    paid_at = utcnow()
    result = session.execute(
        update(table)
        .where(table.c.id == order.id, table.c.status == OrderStatus.PENDING.value)
        .values(status=OrderStatus.PAID.value, paid_at=paid_at)
    )
    if result.rowcount != 1:
        return False
    # A Core UPDATE bypasses the ORM audit listener: record the change by hand.
    audit.record(
        session,
        action="update",
        table_name="order",
        row_id=order.id,
        old={"status": OrderStatus.PENDING.value, "paid_at": None},
        new={"status": OrderStatus.PAID.value, "paid_at": paid_at},
    )
    session.expire(order)
    return True


def _fulfil(session: Session, order: Order) -> None:
    """Access to every course of a just-paid order, one coupon use, the cart emptied."""
    course_ids = list(
        session.scalars(
            select(OrderItem.course_id).where(OrderItem.order_id == order.id).order_by(OrderItem.id)
        )
    )
    for course_id in course_ids:
        grant_access(
            session=session,
            user_id=order.user_id,
            course_id=course_id,
            source=EnrollmentSource.ORDER,
            order_id=order.id,
        )
    if order.coupon_id is not None:
        coupons.redeem(session=session, coupon_id=order.coupon_id)
    cart.remove_courses(session=session, user_id=order.user_id, course_ids=course_ids)


def handle_payment_webhook(
    *, session: Session, raw_body: bytes, signature: str | None
) -> WebhookOutcome:
    """Apply a provider's signed payment event; replays change nothing.

    Unauthorized (logged) for a missing or wrong signature, NotFound for an unknown order,
    Invalid for a malformed body or an amount that does not match the order.
    """
    if not verify_signature(raw_body, signature):
        log.warning("payment webhook refused: missing or wrong %s", SIGNATURE_HEADER)
        raise Unauthorized(
            "bad webhook signature",
            message_key="commerce.webhook.bad_signature",
            field=SIGNATURE_HEADER,
        )
    return apply_event(session=session, event=_parse(raw_body))


def apply_event(*, session: Session, event: WebhookEvent) -> WebhookOutcome:
    """Apply a payment event whose origin is proven (a valid signature, or the provider's
    API answered it: services/yookassa.py); replays change nothing."""
    order = lock_order(session, event.order_id)
    payment = _payment_for(session, order, event)

    def outcome(changed: bool) -> WebhookOutcome:
        current = session.get(Order, order.id)
        return WebhookOutcome(order.id, payment.id, event.event, changed, current.status)

    if event.event == EVENT_FAILED:
        if payment.status != PaymentStatus.PENDING:
            return outcome(False)
        payment.status = PaymentStatus.FAILED.value
        payment.error = event.reason or "declined"
        session.add(payment)
        session.flush()
        return outcome(True)

    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED):
        return outcome(False)
    if event.amount != money(order.total) or event.currency != order.currency:
        log.warning(
            "payment webhook refused: %s %s for order %s, which costs %s %s",
            event.amount,
            event.currency,
            order.id,
            order.total,
            order.currency,
        )
        raise Invalid(
            "amount or currency does not match the order",
            message_key="commerce.webhook.invalid",
            field="amount",
        )
    payment.status = PaymentStatus.SUCCEEDED.value
    payment.error = None
    session.add(payment)
    session.flush()
    if _mark_paid(session, order):
        _fulfil(session, order)
        events.order_paid(session, order.id)
        notifications.order_paid(session, order.id)
    else:
        log.warning(
            "payment %s succeeded for order %s, which is %s: refund it",
            event.provider_ref,
            order.id,
            session.get(Order, order.id).status,
        )
    return outcome(True)
