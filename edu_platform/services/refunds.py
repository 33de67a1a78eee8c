"""Refunds (admins): a full refund ends access to the order's courses.

Changes go through the ORM so the audit trail records them; the front door wraps the
call in `acting_as(admin_id)` so the rows name the admin. A payment taken by a real
provider is refunded at the provider first (same transaction: if the provider refuses,
nothing changes here); a refund made in the provider's dashboard arrives as a
notification (`apply_provider_refund`).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import (
    Certificate,
    CertificateStatus,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentStatus,
    Refund,
    utcnow,
)
from edu_platform.services import events, orders
from edu_platform.services.accounts import require_admin
from edu_platform.services.certificates.records import mark_revoked, refund_reason
from edu_platform.services.enrollment import end_access
from edu_platform.services.errors import Conflict, NotFound
from edu_platform.services.orders import OrderView, lock_order
from edu_platform.services.payments.providers import PROVIDERS

log = logging.getLogger(__name__)

MAX_REASON_LENGTH = 2000


def refund_order(*, session: Session, actor_id: int, order_id: int, reason: str = "") -> OrderView:
    """Refund a paid order in full: refund row, payment and order refunded, access ended.

    Forbidden for non-admins, NotFound for an unknown order, Conflict unless it is paid.
    """
    require_admin(session=session, user_id=actor_id)
    order = lock_order(session, order_id)
    if order.status != OrderStatus.PAID:
        raise Conflict(
            f"only a paid order can be refunded (this one is {order.status})",
            message_key="commerce.refund.not_paid",
        )
    payment = session.scalar(
        select(Payment)
        .where(Payment.order_id == order.id, Payment.status == PaymentStatus.SUCCEEDED.value)
        .order_by(Payment.created_at.desc(), Payment.id.desc())
    )
    if payment is not None and order.total > 0:
        provider = PROVIDERS.get(payment.provider)  # None: imported orders, no live provider
        if provider is not None:
            provider.refund(
                payment=payment, amount=order.total, key=f"refund-order-{order.id}-{payment.id}"
            )
    return _refund_locally(session, order, payment, reason=reason, actor_id=actor_id)


def _refund_locally(
    session: Session, order: Order, payment: Payment | None, *, reason: str, actor_id: int | None
) -> OrderView:
    if order.total > 0:
        # The CHECK constraint wants a positive amount: a fully discounted order has
        # nothing to give back, only access to end.
        session.add(
            Refund(
                order_id=order.id,
                payment_id=payment.id if payment else None,
                amount=order.total,
                reason=(reason or "").strip()[:MAX_REASON_LENGTH],
                created_by=actor_id,
            )
        )
    if payment is not None:
        payment.status = PaymentStatus.REFUNDED.value
        session.add(payment)
    order.status = OrderStatus.REFUNDED.value
    order.refunded_at = utcnow()
    session.add(order)
    session.flush()
    course_ids = list(
        session.scalars(select(OrderItem.course_id).where(OrderItem.order_id == order.id))
    )
    end_access(session=session, user_id=order.user_id, course_ids=course_ids)
    _revoke_certificates(session, order, course_ids)
    events.order_refunded(session, order)
    return orders.to_view(session, session.get(Order, order.id))


def _revoke_certificates(session: Session, order: Order, course_ids: list[int]) -> None:
    """A refunded course's certificate is revoked with the refund: buy, finish, get the
    certificate and ask for the money back must not leave a valid certificate behind."""
    certificates = session.scalars(
        select(Certificate).where(
            Certificate.user_id == order.user_id,
            Certificate.course_id.in_(course_ids),
            Certificate.status != CertificateStatus.REVOKED.value,
        )
    )
    for certificate in certificates:
        mark_revoked(certificate, refund_reason(order.id))
    session.flush()


def apply_provider_refund(
    *, session: Session, provider: str, refund: Any
) -> tuple[bool, int | None, str | None]:
    """A full refund the provider's API confirmed (made in its dashboard or by
    `refund_order`): the order is refunded here too, once. Gives (changed, order id,
    order status); NotFound when the refunded payment is not ours. A partial refund
    is logged and left to an admin."""
    payment = session.scalar(
        select(Payment).where(
            Payment.provider == provider, Payment.provider_ref == refund.payment_id
        )
    )
    if payment is None:
        raise NotFound(f"no payment {refund.payment_id}", field="payment_id")
    order = lock_order(session, payment.order_id)
    if order.status != OrderStatus.PAID:
        return False, order.id, order.status
    if refund.amount != order.total or refund.currency != order.currency:
        log.warning(
            "partial refund %s of %s %s for order %s (total %s): left to an admin",
            refund.id,
            refund.amount,
            refund.currency,
            order.id,
            order.total,
        )
        return False, order.id, order.status
    view = _refund_locally(
        session, order, payment, reason=f"{provider} refund {refund.id}", actor_id=None
    )
    return True, order.id, view.status
