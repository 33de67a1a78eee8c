"""Paying an order: a card provider charges at once (the outcome arrives through the
signed webhook), a redirect provider gives the URL the buyer pays on.

`pay` locks the order row (FOR UPDATE on PostgreSQL; the write lock on SQLite) before it
looks at the status, so twenty concurrent "Pay" clicks make one payment: the first pays,
the others find the order paid and get a Conflict.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.models import Coupon, Order, OrderItem, OrderStatus, Payment, PaymentStatus
from edu_platform.services import coupons, orders
from edu_platform.services.coupons import money
from edu_platform.services.enrollment import owned_course_ids
from edu_platform.services.errors import Conflict, NotFound
from edu_platform.services.orders import OrderView, lock_order
from edu_platform.services.payment_webhook import EVENT_SUCCEEDED, WebhookEvent, apply_event
from edu_platform.services.payments.providers import (
    PaymentProvider,
    RedirectProvider,
    get_provider,
)
from edu_platform.settings import settings


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
    if money(order.total) == 0:  # a coupon covers it all: no card, no provider's page
        _recheck_before_charge(session, order)
        return _pay_nothing(session, order, provider)
    if not provider.takes_card:
        return _start_redirect(session, order, provider, return_url)
    card = provider.check_card(card_number, exp, cvc)
    _recheck_before_charge(session, order)
    payment = _new_payment(session, order, provider)
    provider.charge(session=session, order=order, payment=payment, card=card)
    session.refresh(payment)
    order = session.get(Order, order.id, populate_existing=True)
    return PaymentResult(
        payment_id=payment.id,
        status=payment.status,
        reason=payment.error,
        order=orders.to_view(session, order),
    )


def _new_payment(session: Session, order: Order, provider: PaymentProvider) -> Payment:
    """A pending payment of the order's whole total at `provider` (flushed: it has an id)."""
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
    return payment


def _start_redirect(
    session: Session, order: Order, provider: RedirectProvider, return_url: str | None
) -> PaymentResult:
    """A payment at the provider for the locked order, or the one still waiting for the
    buyer (a second click must not create a second payment)."""
    _recheck_before_charge(session, order)
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
        payment = _new_payment(session, order, provider)
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
