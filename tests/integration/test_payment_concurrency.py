"""Double clicks for real: many threads, committed data, one database each time."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from edu_platform import db
from edu_platform.models import Course, Enrollment, Order, Payment
from edu_platform.services import orders, payments
from edu_platform.services.errors import DomainError
from tests.support.cards import VALID_EXP
from tests.support.factories import make_course, make_user
from tests.support.threads import all_at_once

THREADS = 20


@pytest.fixture
def buyer_and_order(committed_session):
    user = make_user(committed_session)
    course = make_course(committed_session)
    order, _ = orders.create_order(
        session=committed_session, user_id=user.id, course_ids=[course.id], idempotency_key="c"
    )
    committed_session.commit()
    return user.id, course.id, order.id


def _pay_at_once(user_id: int, order_id: int, card_number: str, count: int = THREADS) -> list:
    """The results (or errors) of `count` payments of one order started together."""
    return all_at_once(
        lambda _i: db.run_sync(
            payments.pay,
            user_id=user_id,
            order_id=order_id,
            card_number=card_number,
            exp=VALID_EXP,
            cvc="123",
        ),
        count=count,
    )


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_twenty_concurrent_pays_make_one_payment_and_one_enrolment(
    backend, buyer_and_order, committed_session
):
    user_id, course_id, order_id = buyer_and_order

    results = _pay_at_once(user_id, order_id, "4242 4242 4242 4242")

    succeeded = [r for r in results if isinstance(r, payments.PaymentResult)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(succeeded) == 1 and len(refused) == THREADS - 1
    assert {e.message_key for e in refused} == {"commerce.order.already_paid"}
    committed_session.expire_all()
    statuses = committed_session.scalars(
        select(Payment.status).where(Payment.order_id == order_id)
    ).all()
    assert statuses == ["succeeded"]
    enrolments = committed_session.scalar(
        select(func.count(Enrollment.id)).where(Enrollment.user_id == user_id)
    )
    assert enrolments == 1
    assert committed_session.get(Course, course_id).enrollment_count == 1
    assert committed_session.get(Order, order_id).status == "paid"


def test_concurrent_pays_make_one_payment_on_every_backend(
    backend, buyer_and_order, committed_session
):
    user_id, _course_id, order_id = buyer_and_order

    results = _pay_at_once(user_id, order_id, "4242424242424242", count=8)

    assert sum(isinstance(r, payments.PaymentResult) for r in results) == 1
    committed_session.expire_all()
    assert (
        committed_session.scalar(select(func.count(Payment.id)).where(Payment.order_id == order_id))
        == 1
    )


def test_concurrent_orders_with_one_idempotency_key_make_one_order(backend, committed_session):
    user = make_user(committed_session)
    course = make_course(committed_session)
    committed_session.commit()

    results = all_at_once(
        lambda _i: db.run_sync(
            orders.create_order,
            user_id=user.id,
            course_ids=[course.id],
            coupon_code=None,
            idempotency_key="double-click",
        ),
        count=8,
    )

    assert all(isinstance(r, tuple) for r in results), results
    assert len({view.id for view, _created in results}) == 1
    assert sum(created for _view, created in results) == 1
    assert (
        committed_session.scalar(select(func.count(Order.id)).where(Order.user_id == user.id)) == 1
    )
