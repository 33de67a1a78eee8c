"""Commerce test data: coupons, bare orders and orders of items written straight through the
ORM, and orders placed through the orders service; users and courses come from
tests/support/factories.py."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from edu_platform.models import Coupon, Course, Order, OrderItem, Payment, User
from edu_platform.services import orders, payments
from edu_platform.services.orders import OrderView


def make_coupon(
    session: Session,
    *,
    code: str | None = None,
    kind: str = "percent",
    value: str | Decimal = "10",
    course_id: int | None = None,
    valid_until: datetime | None = None,
    usage_limit: int | None = None,
    is_active: bool = True,
) -> Coupon:
    coupon = Coupon(
        code=(code or f"TEST{secrets.token_hex(3)}").upper(),
        kind=kind,
        value=Decimal(value),
        course_id=course_id,
        valid_until=valid_until,
        usage_limit=usage_limit,
        is_active=is_active,
    )
    session.add(coupon)
    session.flush()
    return coupon


def make_order(session: Session, user: User, **fields: object) -> Order:
    """A bare order row of 100.00 RUB (no items, no discount); `fields` are further (or
    other) Order columns. Flushed."""
    values = {
        "subtotal": Decimal("100.00"),
        "discount": Decimal("0.00"),
        "total": Decimal("100.00"),
        "currency": "RUB",
        **fields,
    }
    order = Order(user_id=user.id, **values)
    session.add(order)
    session.flush()
    return order


def make_order_of_items(
    session: Session,
    user: User,
    items: list[tuple[Course, str]],
    *,
    total: str,
    **fields: object,
) -> Order:
    """An order of `items` ((course, price) pairs) charging `total`, the rest of their sum
    a discount, with an OrderItem row per course; `fields` are further Order columns (status,
    created_at, paid_at), as in make_order. Flushed."""
    subtotal = sum((Decimal(price) for _course, price in items), Decimal(0))
    order = make_order(
        session,
        user,
        subtotal=subtotal,
        discount=subtotal - Decimal(total),
        total=Decimal(total),
        **fields,
    )
    session.add_all(
        OrderItem(order_id=order.id, course_id=course.id, title=course.title, price=Decimal(price))
        for course, price in items
    )
    session.flush()
    return order


def make_payment(session: Session, order: Order, **fields: object) -> Payment:
    """A sandbox payment of `order`'s total under a fresh provider ref, succeeded unless
    `fields` (further or other Payment columns) say otherwise. Flushed."""
    values = {
        "provider": "sandbox",
        "provider_ref": f"sbx_{secrets.token_hex(8)}",
        "status": "succeeded",
        "amount": order.total,
        "currency": order.currency,
        **fields,
    }
    payment = Payment(order_id=order.id, **values)
    session.add(payment)
    session.flush()
    return payment


def sandbox_webhook(order_id: int, amount: Decimal, currency: str = "RUB", **fields: Any) -> bytes:
    """The body the sandbox provider sends to the payment webhook about an order; `fields`
    are webhook_body's others: event (payment.succeeded), provider_ref (ext-1), reason."""
    sent = {"event": "payment.succeeded", "provider_ref": "ext-1", **fields}
    return payments.webhook_body(
        provider="sandbox", order_id=order_id, amount=amount, currency=currency, **sent
    )


def place_order(
    session: Session,
    user: User,
    courses: list[Course],
    *,
    coupon: Coupon | None = None,
    key: str = "k1",
) -> OrderView:
    """The order `user` places for `courses` (with `coupon`), as the checkout places it."""
    view, _ = orders.create_order(
        session=session,
        user_id=user.id,
        course_ids=[course.id for course in courses],
        coupon_code=coupon.code if coupon else None,
        idempotency_key=key,
    )
    return view
