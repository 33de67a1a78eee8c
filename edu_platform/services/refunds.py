"""Refunds (admins): a full refund ends access to the order's courses.

Changes go through the ORM so the audit trail records them; the front door wraps the
call in `acting_as(admin_id)` so the rows name the admin.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import (
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
from edu_platform.services.enrollment import end_access
from edu_platform.services.errors import Conflict
from edu_platform.services.orders import OrderView, lock_order

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
    events.order_refunded(session, order)
    return orders.to_view(session, session.get(Order, order.id))
