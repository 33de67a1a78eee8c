"""Sandbox payments, the signed webhook (replays, bad signatures, unknown orders), refunds."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from edu_platform.audit import acting_as
from edu_platform.models import (
    AuditLog,
    CartItem,
    Coupon,
    Course,
    Enrollment,
    Order,
    Payment,
    Refund,
)
from edu_platform.services import cart, payments, refunds
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from tests.support.cards import VALID_EXP, card_expiry
from tests.support.commerce import make_coupon, place_order, sandbox_webhook
from tests.support.factories import make_course, make_user

GOOD_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"


def _count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _pay(session, user, order_id, card=GOOD_CARD, exp=VALID_EXP, cvc="123"):
    return payments.pay(
        session=session, user_id=user.id, order_id=order_id, card_number=card, exp=exp, cvc=cvc
    )


def _fresh(session, model, row_id):
    session.expire_all()
    return session.get(model, row_id)


# --- paying ---------------------------------------------------------------------------


def test_good_card_pays_the_order_enrols_and_counts(session):
    user = make_user(session)
    first, second = make_course(session), make_course(session, price="1500.00")
    cart.add_to_cart(session=session, user_id=user.id, course_id=first.id)
    order = place_order(session, user, [first, second])

    result = _pay(session, user, order.id)

    assert result.succeeded and result.order.status == "paid"
    assert _fresh(session, Order, order.id).paid_at is not None
    payment = session.get(Payment, result.payment_id)
    assert (payment.status, payment.amount, payment.provider) == (
        "succeeded",
        Decimal("6490.00"),
        "sandbox",
    )
    rows = session.scalars(select(Enrollment).where(Enrollment.user_id == user.id)).all()
    assert {(e.course_id, e.status, e.source, e.order_id) for e in rows} == {
        (first.id, "active", "order", order.id),
        (second.id, "active", "order", order.id),
    }
    assert session.get(Course, first.id).enrollment_count == 1
    assert session.get(Course, second.id).enrollment_count == 1
    assert _count(session, CartItem, CartItem.user_id == user.id) == 0


def test_declined_card_leaves_the_order_pending_without_access(session):
    user = make_user(session)
    course = make_course(session)
    order = place_order(session, user, [course])

    result = _pay(session, user, order.id, card=DECLINED_CARD)

    assert not result.succeeded and result.status == "failed"
    assert result.reason == "card_declined"
    assert _fresh(session, Order, order.id).status == "pending"
    payment = session.get(Payment, result.payment_id)
    assert (payment.status, payment.error) == ("failed", "card_declined")
    assert _count(session, Enrollment, Enrollment.user_id == user.id) == 0
    assert session.get(Course, course.id).enrollment_count == 0
    # The learner can try again with a good card.
    assert _pay(session, user, order.id).succeeded


@pytest.mark.parametrize(
    ("card", "exp", "cvc", "field"),
    [
        ("4111 1111 1111 1111", VALID_EXP, "123", "card_number"),
        ("abcd", VALID_EXP, "123", "card_number"),
        (GOOD_CARD, "13/" + VALID_EXP[-2:], "123", "exp"),
        (GOOD_CARD, card_expiry(-1), "123", "exp"),
        (GOOD_CARD, "01/20", "123", "exp"),
        (GOOD_CARD, VALID_EXP, "12", "cvc"),
    ],
)
def test_invalid_card_input_is_refused_before_any_payment(session, card, exp, cvc, field):
    user = make_user(session)
    order = place_order(session, user, [make_course(session)])
    with pytest.raises(Invalid) as error:
        _pay(session, user, order.id, card=card, exp=exp, cvc=cvc)
    assert error.value.field == field
    assert _count(session, Payment, Payment.order_id == order.id) == 0


def test_a_card_is_good_until_the_end_of_its_expiry_month(session):
    user = make_user(session)
    order = place_order(session, user, [make_course(session)])
    assert _pay(session, user, order.id, exp=card_expiry(0)).succeeded


def test_paying_twice_is_refused_and_makes_one_payment(session):
    user = make_user(session)
    order = place_order(session, user, [make_course(session)])
    _pay(session, user, order.id)
    with pytest.raises(Conflict) as error:
        _pay(session, user, order.id)
    assert error.value.message_key == "commerce.order.already_paid"
    assert _count(session, Payment, Payment.order_id == order.id) == 1


def test_someone_elses_order_cannot_be_paid(session):
    owner, stranger = make_user(session), make_user(session)
    order = place_order(session, owner, [make_course(session)])
    with pytest.raises(NotFound):
        _pay(session, stranger, order.id)


def test_coupon_use_is_counted_when_the_order_is_paid_not_when_created(session):
    user = make_user(session)
    coupon = make_coupon(session, value="10", usage_limit=5)
    order = place_order(session, user, [make_course(session)], coupon=coupon)
    assert _fresh(session, Coupon, coupon.id).used_count == 0

    _pay(session, user, order.id, card=DECLINED_CARD)
    assert _fresh(session, Coupon, coupon.id).used_count == 0
    _pay(session, user, order.id)
    assert _fresh(session, Coupon, coupon.id).used_count == 1


def test_a_used_up_coupon_stops_payment_of_an_older_order(session):
    first_user, second_user = make_user(session), make_user(session)
    coupon = make_coupon(session, value="10", usage_limit=1)
    course = make_course(session)
    first = place_order(session, first_user, [course], coupon=coupon)
    second = place_order(session, second_user, [course], coupon=coupon)
    _pay(session, first_user, first.id)

    with pytest.raises(Invalid) as error:
        _pay(session, second_user, second.id)

    assert error.value.message_key == "commerce.coupon.used_up"
    assert _fresh(session, Order, second.id).status == "pending"
    assert session.get(Coupon, coupon.id).used_count == 1


def test_fully_discounted_order_is_paid_with_a_zero_payment(session):
    user = make_user(session)
    coupon = make_coupon(session, kind="percent", value="100")
    order = place_order(session, user, [make_course(session)], coupon=coupon)
    assert order.total == Decimal("0.00")
    assert _pay(session, user, order.id).succeeded


# --- webhook --------------------------------------------------------------------------


def _body(order, ref="ext-1", event="payment.succeeded", amount=None):
    amount = order.total if amount is None else amount
    return sandbox_webhook(order.id, amount, order.currency, provider_ref=ref, event=event)


def test_webhook_with_a_bad_signature_is_refused_and_logged(session, caplog):
    user = make_user(session)
    order = place_order(session, user, [make_course(session)])
    body = _body(order)

    caplog.set_level(logging.WARNING, logger="edu_platform.services.payments")
    for signature in (None, "", "0" * 64, payments.sign(body, secret="other-secret")):
        with pytest.raises(Unauthorized):
            payments.handle_payment_webhook(session=session, raw_body=body, signature=signature)

    assert "payment webhook refused" in caplog.text
    assert _fresh(session, Order, order.id).status == "pending"
    assert _count(session, Payment, Payment.order_id == order.id) == 0


def test_webhook_for_an_unknown_order_is_not_found(session):
    user = make_user(session)
    order = place_order(session, user, [make_course(session)])
    body = sandbox_webhook(order.id + 10_000, order.total, provider_ref="ext-x")
    with pytest.raises(NotFound):
        payments.handle_payment_webhook(
            session=session, raw_body=body, signature=payments.sign(body)
        )


def test_replayed_webhook_is_harmless(session):
    user = make_user(session)
    course = make_course(session)
    coupon = make_coupon(session, value="5")
    order = place_order(session, user, [course], coupon=coupon)
    body = _body(order, ref="ext-replay")

    outcomes = [
        payments.handle_payment_webhook(
            session=session, raw_body=body, signature=payments.sign(body)
        )
        for _ in range(3)
    ]

    assert [o.changed for o in outcomes] == [True, False, False]
    assert _count(session, Payment, Payment.order_id == order.id) == 1
    assert _count(session, Enrollment, Enrollment.user_id == user.id) == 1
    assert _fresh(session, Course, course.id).enrollment_count == 1
    assert session.get(Coupon, coupon.id).used_count == 1
    assert session.get(Order, order.id).status == "paid"


def test_webhook_with_a_wrong_amount_is_refused(session):
    user = make_user(session)
    order = place_order(session, user, [make_course(session)])
    body = _body(order, amount=Decimal("1.00"))
    with pytest.raises(Invalid):
        payments.handle_payment_webhook(
            session=session, raw_body=body, signature=payments.sign(body)
        )
    assert _fresh(session, Order, order.id).status == "pending"


def test_webhook_accepts_the_sha256_prefix_and_a_malformed_body_is_invalid(session):
    user = make_user(session)
    order = place_order(session, user, [make_course(session)])
    body = _body(order, ref="ext-prefixed")
    outcome = payments.handle_payment_webhook(
        session=session, raw_body=body, signature="sha256=" + payments.sign(body)
    )
    assert outcome.order_status == "paid"
    with pytest.raises(Invalid):
        payments.handle_payment_webhook(
            session=session, raw_body=b"not json", signature=payments.sign(b"not json")
        )


# --- refunds --------------------------------------------------------------------------


def test_refund_ends_access_and_writes_the_audit_trail(session):
    user, admin = make_user(session), make_user(session, role="admin")
    course = make_course(session)
    order = place_order(session, user, [course])
    result = _pay(session, user, order.id)

    with acting_as(admin.id):
        refunded = refunds.refund_order(
            session=session, actor_id=admin.id, order_id=order.id, reason="asked"
        )

    assert refunded.status == "refunded"
    session.expire_all()
    refund = session.scalar(select(Refund).where(Refund.order_id == order.id))
    assert (refund.amount, refund.created_by, refund.payment_id) == (
        Decimal("4990.00"),
        admin.id,
        result.payment_id,
    )
    assert session.get(Payment, result.payment_id).status == "refunded"
    row = session.scalar(select(Enrollment).where(Enrollment.user_id == user.id))
    assert row.status == "cancelled"
    assert session.get(Course, course.id).enrollment_count == 0
    audit_rows = session.scalars(
        select(AuditLog).where(AuditLog.actor_id == admin.id, AuditLog.action == "update")
    ).all()
    changed = {(a.table_name, a.row_id, (a.new or {}).get("status")) for a in audit_rows}
    assert ("order", order.id, "refunded") in changed
    assert ("enrollment", row.id, "cancelled") in changed
    assert ("payment", result.payment_id, "refunded") in changed


def test_refund_needs_an_admin_and_a_paid_order(session):
    user, admin = make_user(session), make_user(session, role="admin")
    order = place_order(session, user, [make_course(session)])
    with pytest.raises(Conflict):
        refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    _pay(session, user, order.id)
    with pytest.raises(Forbidden):
        refunds.refund_order(session=session, actor_id=user.id, order_id=order.id)
    assert _fresh(session, Order, order.id).status == "paid"


def test_course_can_be_bought_again_after_a_refund(session):
    user, admin = make_user(session), make_user(session, role="admin")
    course = make_course(session)
    first = place_order(session, user, [course], key="first")
    _pay(session, user, first.id)
    refunds.refund_order(session=session, actor_id=admin.id, order_id=first.id)

    second = place_order(session, user, [course], key="second")
    _pay(session, user, second.id)

    rows = session.scalars(select(Enrollment).where(Enrollment.user_id == user.id)).all()
    assert [(e.status, e.order_id) for e in rows] == [("active", second.id)]
    assert _fresh(session, Course, course.id).enrollment_count == 1
