"""Row locks (services/orders.py: lock_row, lock_order) on both databases: whether the
row exists, timestamps that must not move, the order read afresh, the refusal of a
missing one. Written to kill the mutants `make mutation` found alive in orders.py."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from edu_platform.models import Coupon, Order, User
from edu_platform.models.base import utcnow
from edu_platform.services import orders
from edu_platform.services.errors import NotFound
from tests.support.commerce import make_coupon, make_order
from tests.support.factories import make_user


def test_locking_a_row_tells_whether_it_exists_and_moves_no_timestamp(session):
    user = make_user(session)
    earlier = utcnow() - timedelta(days=3)
    order = make_order(session, user, updated_at=earlier)
    assert orders.lock_row(session, Order, order.id) is True
    assert orders.lock_row(session, User, user.id) is True
    assert orders.lock_row(session, Order, order.id + 10_000) is False
    assert orders.lock_row(session, User, user.id + 10_000) is False
    # A table without an `onupdate` column (the coupon) is locked the same way.
    coupon = make_coupon(session, usage_limit=3)
    assert orders.lock_row(session, Coupon, coupon.id) is True
    assert orders.lock_row(session, Coupon, coupon.id + 10_000) is False
    session.expire_all()
    assert session.scalar(select(Order.updated_at).where(Order.id == order.id)) == earlier
    assert session.scalar(select(Order.status).where(Order.id == order.id)) == "pending"


def test_a_locked_order_is_read_afresh_and_a_missing_one_is_not_found(session):
    user = make_user(session)
    order = make_order(session, user, updated_at=utcnow())
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


def test_on_sqlite_the_lock_is_the_databases_write_lock_even_for_a_missing_row(session):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's database-wide write lock")
    # The first statement of the transaction: nothing has written (or locked) before it.
    assert orders.lock_row(session, Order, 10**9) is False
    other = sqlite3.connect(session.get_bind().engine.url.database, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def _ctid(session, order_id):
    return session.execute(
        text('SELECT ctid FROM "order" WHERE id = :id'), {"id": order_id}
    ).scalar()


def test_on_postgresql_the_lock_writes_no_new_row_version(session):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's row versions")
    order = make_order(session, make_user(session), updated_at=utcnow())
    before = _ctid(session, order.id)
    assert orders.lock_row(session, Order, order.id) is True
    assert _ctid(session, order.id) == before


def test_on_postgresql_a_locked_user_still_gets_new_orders_from_others(clean_db):
    if clean_db.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's row locks")
    with Session(clean_db) as setup:
        user = make_user(setup)
        setup.commit()
        user_id = user.id
    with Session(clean_db) as locker, clean_db.connect() as other:
        assert orders.lock_row(locker, User, user_id) is True
        # Inserting an order checks its user's row (FOR KEY SHARE): a FOR UPDATE lock
        # would make it wait; FOR NO KEY UPDATE does not.
        other.execute(text("SET lock_timeout = '2s'"))
        try:
            other.execute(
                Order.__table__.insert().values(
                    user_id=user_id,
                    status="pending",
                    subtotal=0,
                    discount=0,
                    total=0,
                    currency="RUB",
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
            )
        except OperationalError as error:  # pragma: no cover - the failure being guarded
            pytest.fail(f"the lock blocked an insert referencing the row: {error.orig}")
        other.rollback()
        locker.rollback()
