"""Row locks (services/orders.py: lock_row, lock_order) on both databases: whether the
row exists, timestamps that must not move, the order read afresh, the refusal of a
missing one. Written to kill the mutants `make mutation` found alive in orders.py."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from edu_platform.models import Order, User
from edu_platform.models.base import utcnow
from edu_platform.services import orders
from edu_platform.services.errors import NotFound
from tests.support.factories import make_user


def _order(session, user, *, updated_at) -> Order:
    order = Order(
        user_id=user.id,
        subtotal=Decimal("100.00"),
        discount=Decimal("0.00"),
        total=Decimal("100.00"),
        updated_at=updated_at,
    )
    session.add(order)
    session.flush()
    return order


def test_locking_a_row_tells_whether_it_exists_and_moves_no_timestamp(session):
    user = make_user(session)
    earlier = utcnow() - timedelta(days=3)
    order = _order(session, user, updated_at=earlier)
    assert orders.lock_row(session, Order, order.id) is True
    assert orders.lock_row(session, User, user.id) is True
    assert orders.lock_row(session, Order, order.id + 10_000) is False
    assert orders.lock_row(session, User, user.id + 10_000) is False
    session.expire_all()
    assert session.scalar(select(Order.updated_at).where(Order.id == order.id)) == earlier
    assert session.scalar(select(Order.status).where(Order.id == order.id)) == "pending"


def test_a_locked_order_is_read_afresh_and_a_missing_one_is_not_found(session):
    user = make_user(session)
    order = _order(session, user, updated_at=utcnow())
    # Changed behind the session's back: the loaded object still says pending.
    table = Order.__table__
    session.execute(update(table).where(table.c.id == order.id).values(status="cancelled"))
    assert order.status == "pending"
    assert orders.lock_order(session, order.id) is order
    assert order.status == "cancelled"
    missing = order.id + 10_000
    with pytest.raises(NotFound) as error:
        orders.lock_order(session, missing)
    assert (error.value.detail, error.value.message_key, error.value.field) == (
        f"order {missing} does not exist",
        "commerce.order.not_found",
        None,
    )
