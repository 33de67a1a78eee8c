"""Reading orders (services/orders.py) at their edges, on both databases: who may list or
see which orders (the refusal's detail, key and field), the status filter, the order of
the list and its default page size. Written to kill the mutants `make mutation` found
alive in orders.py."""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from edu_platform.models import Order, OrderItem, Payment
from edu_platform.models.base import utcnow
from edu_platform.services import orders
from edu_platform.services.errors import Forbidden, Invalid, NotFound
from tests.support.commerce import make_coupon, make_order, make_payment
from tests.support.factories import make_course, make_user


def _refusal(error) -> tuple[str, str, str | None]:
    return error.value.detail, error.value.message_key, error.value.field


def test_an_inactive_or_missing_account_may_neither_list_nor_read_orders(session):
    owner = make_user(session)
    order = make_order(session, owner)
    owner.is_active = False
    session.flush()
    missing_id = owner.id + 10_000
    for actor_id in (owner.id, missing_id):
        with pytest.raises(Forbidden) as error:
            orders.list_orders(session=session, actor_id=actor_id)
        assert _refusal(error) == ("account is not active", "error.forbidden", None)
        with pytest.raises(Forbidden) as error:
            orders.get_order(session=session, actor_id=actor_id, order_id=order.id)
        assert _refusal(error) == ("account is not active", "error.forbidden", None)


def test_another_users_order_and_a_missing_one_are_not_found_alike(session):
    owner, stranger = make_user(session), make_user(session)
    order = make_order(session, owner)
    for actor, order_id in ((stranger, order.id), (owner, order.id + 10_000)):
        with pytest.raises(NotFound) as error:
            orders.visible_order(session=session, actor_id=actor.id, order_id=order_id)
        assert _refusal(error) == (
            f"order {order_id} does not exist",
            "commerce.order.not_found",
            None,
        )
    admin = make_user(session, role="admin")
    assert orders.visible_order(session=session, actor_id=admin.id, order_id=order.id) is order


def test_a_learner_lists_their_own_orders_and_may_name_themselves(session):
    learner, other = make_user(session), make_user(session)
    own = make_order(session, learner)
    make_order(session, other)
    for user_id in (None, learner.id):
        listed = orders.list_orders(session=session, actor_id=learner.id, user_id=user_id)
        assert [view.id for view in listed.items] == [own.id]
    with pytest.raises(Forbidden) as error:
        orders.list_orders(session=session, actor_id=learner.id, user_id=other.id)
    assert _refusal(error) == (
        "only admins can list other users' orders",
        "error.forbidden",
        "user_id",
    )


def test_the_status_filter_keeps_that_status_and_refuses_unknown_ones(session):
    learner = make_user(session)
    pending, paid = make_order(session, learner), make_order(session, learner, status="paid")
    cancelled = make_order(session, learner, status="cancelled")

    def listed(status):
        found = orders.list_orders(session=session, actor_id=learner.id, status=status)
        return [(view.id, view.status) for view in found.items]

    assert listed("paid") == [(paid.id, "paid")]
    assert listed("pending") == [(pending.id, "pending")]
    assert {order_id for order_id, _ in listed(None)} == {pending.id, paid.id, cancelled.id}
    with pytest.raises(Invalid) as error:
        orders.list_orders(session=session, actor_id=learner.id, status="shipped")
    assert _refusal(error) == ("unknown status shipped", "error.invalid", "status")


def test_orders_are_listed_newest_first_then_by_id(session):
    learner = make_user(session)
    now = utcnow()
    # Inserted oldest last: the id order is not the time order.
    newest = make_order(session, learner, created_at=now)
    oldest = make_order(session, learner, created_at=now - timedelta(days=2))
    same_time = [make_order(session, learner, created_at=now - timedelta(days=1)) for _ in range(2)]
    found = orders.list_orders(session=session, actor_id=learner.id)
    assert [view.id for view in found.items] == [
        newest.id,
        same_time[1].id,
        same_time[0].id,
        oldest.id,
    ]


def test_the_default_page_holds_twenty_orders(session):
    learner = make_user(session)
    for _ in range(21):
        make_order(session, learner)
    found = orders.list_orders(session=session, actor_id=learner.id)
    assert (len(found.items), found.total, found.page, found.per_page) == (20, 21, 1, 20)


def test_an_unpaid_orders_view_tells_why_its_latest_payment_failed(session):
    learner = make_user(session)
    declined, unexplained, retried = (make_order(session, learner) for _ in range(3))
    untried, paid = make_order(session, learner), make_order(session, learner, status="paid")
    make_payment(session, declined, status="succeeded")
    make_payment(session, declined, status="failed", error="card_declined")
    make_payment(session, unexplained, status="failed")
    make_payment(session, retried, status="failed", error="card_declined")
    make_payment(session, retried, status="pending")
    make_payment(session, paid, status="failed", error="card_declined")
    paid.paid_at = utcnow() - timedelta(hours=1)
    session.flush()
    rows = [declined, unexplained, retried, untried, paid]
    views = orders.to_views(session, rows)
    assert [(view.id, view.payment_error, view.paid_at) for view in views] == [
        (declined.id, "card_declined", None),
        (unexplained.id, "other", None),
        (retried.id, "", None),
        (untried.id, "", None),
        (paid.id, "", paid.paid_at),
    ]
    assert orders.to_views(session, []) == []


def test_views_carry_each_orders_items_coupon_and_figures(session):
    learner = make_user(session)
    first = make_course(session, price="10.00", slug="first-viewed")
    second = make_course(session, price="20.00", slug="second-viewed")
    coupon = make_coupon(session, kind="fixed", value="5")
    both, _ = orders.create_order(
        session=session,
        user_id=learner.id,
        course_ids=[second.id, first.id],
        coupon_code=coupon.code,
        idempotency_key="both",
    )
    plain = make_order(session, learner)
    session.add(OrderItem(order_id=plain.id, course_id=first.id, title="Snapshot", price=7))
    session.flush()
    [view, plain_view] = orders.to_views(
        session, [session.get(Order, both.id), session.get(Order, plain.id)]
    )
    assert [(i.course_id, i.title, i.price, i.slug) for i in view.items] == [
        (second.id, second.title, Decimal("20.00"), "second-viewed"),
        (first.id, first.title, Decimal("10.00"), "first-viewed"),
    ]
    assert (view.subtotal, view.discount, view.total, view.currency, view.coupon_code) == (
        Decimal("30.00"),
        Decimal("5.00"),
        Decimal("25.00"),
        "RUB",
        coupon.code,
    )
    assert (view.user_id, view.status, view.paid_at) == (learner.id, "pending", None)
    assert [(i.course_id, i.title, i.price) for i in plain_view.items] == [
        (first.id, "Snapshot", Decimal("7.00"))
    ]
    assert (plain_view.coupon_code, plain_view.created_at) == ("", plain.created_at)


def test_the_latest_payment_is_the_last_made_not_the_last_stored(session):
    # PostgreSQL stores an updated row's new version (and, when an indexed column
    # changed, its index entries) after the others, so a read without ORDER BY would see
    # the earlier, failed attempt last.
    learner = make_user(session)
    order = make_order(session, learner)
    failed = make_payment(session, order, status="failed", error="card_declined")
    make_payment(session, order, status="pending")
    session.execute(
        update(Payment.__table__)
        .where(Payment.__table__.c.id == failed.id)
        .values(provider_ref=f"sbx_{secrets.token_hex(8)}")
    )
    [view] = orders.to_views(session, [order])
    assert view.payment_error == ""
