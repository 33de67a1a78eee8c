"""Money paths that a mutated service would get wrong without any other test noticing.

Each test names the change it catches: a refund that ends access to one course of a
multi-course order only; a second successful webhook (another provider_ref) that grants
the order twice and redeems its coupon twice; a failed webhook after a success that
takes the access back; a provider_ref that belongs to another order.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from edu_platform.models import Coupon, Course, Enrollment, Order, Payment
from edu_platform.services import payments, refunds
from edu_platform.services.errors import Invalid
from tests.support.cards import VALID_EXP
from tests.support.commerce import make_coupon, place_order, sandbox_webhook
from tests.support.factories import make_course, make_user


def _access(session, user) -> dict[int, str]:
    session.expire_all()
    rows = session.scalars(select(Enrollment).where(Enrollment.user_id == user.id))
    return {row.course_id: row.status for row in rows}


def _learners(session, course) -> int:
    session.expire_all()
    return session.get(Course, course.id).enrollment_count


def _webhook(session, order, *, ref, event="payment.succeeded", order_id=None, amount=None):
    body = sandbox_webhook(
        order.id if order_id is None else order_id,
        order.total if amount is None else amount,
        order.currency,
        provider_ref=ref,
        event=event,
        reason="declined" if event == "payment.failed" else None,
    )
    return payments.handle_payment_webhook(
        session=session, raw_body=body, signature=payments.sign(body)
    )


# --- refunds ----------------------------------------------------------------------------


def test_refund_of_a_two_course_order_ends_access_to_both_and_nothing_else(session):
    user, other, admin = make_user(session), make_user(session), make_user(session, role="admin")
    first, second, kept = make_course(session), make_course(session), make_course(session)
    both = place_order(session, user, [first, second], key="both")
    assert payments.pay(
        session=session, user_id=user.id, order_id=both.id, card_number="4242424242424242",
        exp=VALID_EXP, cvc="123",
    ).succeeded  # fmt: skip
    own = place_order(session, user, [kept], key="kept")
    _webhook(session, own, ref="ext-kept")
    someone_else = place_order(session, other, [first], key="other")
    _webhook(session, someone_else, ref="ext-other")
    assert _access(session, user) == {first.id: "active", second.id: "active", kept.id: "active"}
    assert (_learners(session, first), _learners(session, second)) == (2, 1)

    refunds.refund_order(session=session, actor_id=admin.id, order_id=both.id)

    assert _access(session, user) == {
        first.id: "cancelled",
        second.id: "cancelled",
        kept.id: "active",  # bought in another order
    }
    assert _access(session, other) == {first.id: "active"}
    assert (_learners(session, first), _learners(session, second)) == (1, 0)
    assert _learners(session, kept) == 1
    assert session.get(Order, own.id).status == "paid"


# --- the webhook ------------------------------------------------------------------------


def test_a_second_success_with_another_provider_ref_grants_and_redeems_nothing_again(
    session, caplog
):
    user = make_user(session)
    course = make_course(session)
    coupon = make_coupon(session, value="10", usage_limit=5)
    order = place_order(session, user, [course], coupon=coupon)

    assert _webhook(session, order, ref="ext-first").order_status == "paid"
    caplog.set_level(logging.WARNING, logger="edu_platform.services.payment_webhook")
    _webhook(session, order, ref="ext-second")

    session.expire_all()
    assert session.get(Coupon, coupon.id).used_count == 1
    assert _access(session, user) == {course.id: "active"}
    assert _learners(session, course) == 1
    assert session.get(Order, order.id).status == "paid"
    # The double charge is not hidden: the second payment is recorded and flagged.
    refs = session.scalars(
        select(Payment.provider_ref).where(Payment.order_id == order.id).order_by(Payment.id)
    ).all()
    assert refs == ["ext-first", "ext-second"]
    assert "ext-second succeeded for order" in caplog.text and "refund it" in caplog.text


def test_a_failed_webhook_after_the_success_changes_nothing(session):
    user = make_user(session)
    course = make_course(session)
    order = place_order(session, user, [course])
    first = _webhook(session, order, ref="ext-ok")

    late = _webhook(session, order, ref="ext-ok", event="payment.failed")

    assert late.changed is False and late.order_status == "paid"
    session.expire_all()
    payment = session.get(Payment, first.payment_id)
    assert (payment.status, payment.error) == ("succeeded", None)
    assert _access(session, user) == {course.id: "active"}
    assert _learners(session, course) == 1


@pytest.mark.parametrize("first_event", ["payment.succeeded", "payment.failed"])
def test_a_provider_ref_of_another_order_is_refused(session, first_event):
    user = make_user(session)
    mine, theirs = make_course(session), make_course(session)
    first = place_order(session, user, [mine], key="first")
    second = place_order(session, user, [theirs], key="second")
    _webhook(session, first, ref="ext-shared", event=first_event)

    with pytest.raises(Invalid) as refused:
        _webhook(session, second, ref="ext-shared")

    assert refused.value.field == "provider_ref"
    session.expire_all()
    assert session.get(Order, second.id).status == "pending"
    assert theirs.id not in _access(session, user)
    payment = session.scalar(select(Payment).where(Payment.provider_ref == "ext-shared"))
    assert payment.order_id == first.id
    assert payment.status == ("succeeded" if first_event == "payment.succeeded" else "failed")
    count = select(func.count()).select_from(Payment).where(Payment.order_id == second.id)
    assert session.scalar(count) == 0
