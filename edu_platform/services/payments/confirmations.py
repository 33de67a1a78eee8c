"""YooKassa's outcomes: its unsigned notification counts only after its API confirms it
(`handle_yookassa_notification`), and a buyer back from its page makes the checkout ask
the API (`refresh_order_payments`). Both end in the same `apply_event` as the signed
webhook; a confirmed refund goes to services/refunds.py."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import Order, OrderStatus, Payment, PaymentStatus
from edu_platform.services import refunds, yookassa
from edu_platform.services.errors import Conflict, Invalid, NotFound
from edu_platform.services.payment_webhook import (
    EVENT_FAILED,
    EVENT_SUCCEEDED,
    WebhookEvent,
    WebhookOutcome,
    apply_event,
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
