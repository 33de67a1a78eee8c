"""Paying an order with a card (services/payments/checkout.py) beyond the happy path: the
refusal each unpayable order gets (key and the API's detail), a course the buyer got
while the order waited, and the payment row of an order in another currency. Written to
kill the mutants `make mutation` found alive in services/payments/."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, text

from edu_platform.models import EnrollmentSource, Order, Payment
from edu_platform.services import orders, payments, refunds
from edu_platform.services.enrollment import grant_access
from edu_platform.services.errors import Conflict, DomainError, NotFound
from tests.support.cards import VALID_EXP
from tests.support.commerce import make_coupon, place_order
from tests.support.factories import make_course, make_user

CARD = {"card_number": "4242 4242 4242 4242", "exp": VALID_EXP, "cvc": "123"}
DECLINED = {**CARD, "card_number": "4000 0000 0000 0002"}


def _order(session, user, *courses):
    view, _ = orders.create_order(
        session=session,
        user_id=user.id,
        course_ids=[course.id for course in courses],
        idempotency_key=f"checkout-{courses[0].id}",
    )
    return view


def _refusal(session, user_id, order_id) -> tuple[type, str, str, str | None]:
    with pytest.raises(DomainError) as caught:
        payments.pay(session=session, user_id=user_id, order_id=order_id, **CARD)
    error = caught.value
    return type(error), error.message_key, error.detail, error.field


def test_each_unpayable_order_gets_its_own_refusal(session):
    buyer, stranger = make_user(session), make_user(session)
    admin = make_user(session, role="admin")
    view = _order(session, buyer, make_course(session))
    assert _refusal(session, stranger.id, view.id) == (
        NotFound,
        "commerce.order.not_found",
        f"order {view.id} does not exist",
        None,
    )
    payments.pay(session=session, user_id=buyer.id, order_id=view.id, **CARD)
    assert _refusal(session, buyer.id, view.id) == (
        Conflict,
        "commerce.order.already_paid",
        "this order is already paid",
        None,
    )
    refunds.refund_order(session=session, actor_id=admin.id, order_id=view.id)
    assert _refusal(session, buyer.id, view.id) == (
        Conflict,
        "commerce.order.not_payable",
        "an order that is refunded cannot be paid",
        None,
    )


def test_a_course_the_buyer_got_meanwhile_stops_the_payment(session):
    buyer = make_user(session)
    first, second = make_course(session), make_course(session)
    view = _order(session, buyer, first, second)
    grant_access(
        session=session, user_id=buyer.id, course_id=second.id, source=EnrollmentSource.ADMIN
    )
    assert _refusal(session, buyer.id, view.id) == (
        Conflict,
        "commerce.already_owned",
        "a course of this order is already yours",
        "course_ids",
    )
    assert session.scalars(select(Payment).where(Payment.order_id == view.id)).all() == []


def test_a_payment_is_taken_in_the_orders_currency_and_amount(session):
    buyer = make_user(session)
    view = _order(session, buyer, make_course(session, price="19.99", currency="USD"))
    declined = payments.pay(session=session, user_id=buyer.id, order_id=view.id, **DECLINED)
    assert (declined.status, declined.reason, declined.succeeded) == (
        "failed",
        "card_declined",
        False,
    )
    assert declined.order.payment_error == "card_declined"
    paid = payments.pay(session=session, user_id=buyer.id, order_id=view.id, **CARD)
    assert (paid.status, paid.reason, paid.succeeded, paid.order.status) == (
        "succeeded",
        None,
        True,
        "paid",
    )
    rows = {
        row.id: (row.provider, row.status, row.amount, row.currency)
        for row in session.scalars(select(Payment).where(Payment.order_id == view.id))
    }
    assert rows == {
        declined.payment_id: ("sandbox", "failed", Decimal("19.99"), "USD"),
        paid.payment_id: ("sandbox", "succeeded", Decimal("19.99"), "USD"),
    }
    assert session.get(Order, view.id).status == "paid"


def test_payment_rereads_the_coupon_under_its_lock(session):
    buyer = make_user(session)
    coupon = make_coupon(session, value="10", usage_limit=1)
    view = place_order(session, buyer, [make_course(session)], coupon=coupon, key="stale-coupon")
    # Another transaction used the coupon up; this session still holds the old row.
    session.connection().execute(
        text("UPDATE coupon SET used_count = 1 WHERE id = :id"), {"id": coupon.id}
    )
    assert coupon.used_count == 0
    assert _refusal(session, buyer.id, view.id)[1] == "commerce.coupon.used_up"


def test_an_unknown_provider_is_named_in_the_error():
    with pytest.raises(RuntimeError) as caught:
        payments.get_provider("nope")
    assert str(caught.value) == "payment provider 'nope' is not available"
