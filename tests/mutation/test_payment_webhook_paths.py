"""The payment webhook (services/payment_webhook.py) along its less travelled paths, on
both databases: the refusal of a bad signature, the payment row a first event creates
(and the one a concurrent insert created first), a failure replayed, a success for an
order that is no longer pending, an amount that does not match, and everything the call
that pays a two-course order writes. Written to kill the mutants `make mutation` found
alive in payment_webhook.py."""

from __future__ import annotations

import json
import logging
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from edu_platform.models import AuditLog, Coupon, Enrollment, Order, Outbox, Payment
from edu_platform.services import orders, payment_webhook
from edu_platform.services.errors import Invalid, Unauthorized
from tests.support.commerce import make_coupon, place_order
from tests.support.factories import make_course, make_user

LOGGER = "edu_platform.services.payment_webhook"


def _order(session, *, prices=("990.00",), coupon=None, currency="RUB"):
    buyer = make_user(session)
    courses = [make_course(session, price=price, currency=currency) for price in prices]
    return buyer, courses, place_order(session, buyer, courses, coupon=coupon, key="wh-paths")


def _send(session, view, **overrides):
    values = {
        "event": "payment.succeeded",
        "provider": "sandbox",
        "provider_ref": "ext-paths",
        "order_id": view.id,
        "amount": f"{view.total:.2f}",
        "currency": view.currency,
        "reason": None,
    } | overrides
    body = json.dumps(values).encode()
    return payment_webhook.handle_payment_webhook(
        session=session, raw_body=body, signature=payment_webhook.sign(body)
    )


def _payment(session, payment_id):
    session.expire_all()
    return session.get(Payment, payment_id)


def test_a_bad_signature_is_refused_naming_the_header_and_logged(session, caplog):
    _buyer, _courses, view = _order(session)
    body = json.dumps({"event": "payment.succeeded", "order_id": view.id}).encode()
    caplog.set_level(logging.WARNING, logger=LOGGER)
    with pytest.raises(Unauthorized) as caught:
        payment_webhook.handle_payment_webhook(session=session, raw_body=body, signature="0" * 64)
    error = caught.value
    assert (error.detail, error.message_key, error.field) == (
        "bad webhook signature",
        "commerce.webhook.bad_signature",
        "X-Signature",
    )
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        "payment webhook refused: missing or wrong X-Signature"
    ]
    count = select(func.count()).select_from(Payment).where(Payment.order_id == view.id)
    assert session.scalar(count) == 0


def test_a_first_failure_creates_the_payment_from_the_event(session):
    _buyer, _courses, view = _order(session, prices=("12.50",), currency="USD")
    outcome = _send(
        session,
        view,
        event="payment.failed",
        provider="acme",
        provider_ref="acme-1",
        amount="12.5",
        reason="insufficient_funds",
    )
    payment = _payment(session, outcome.payment_id)
    assert (
        payment.order_id,
        payment.provider,
        payment.provider_ref,
        payment.amount,
        payment.currency,
        payment.status,
        payment.error,
    ) == (view.id, "acme", "acme-1", Decimal("12.50"), "USD", "failed", "insufficient_funds")
    assert (outcome.order_id, outcome.event, outcome.changed, outcome.order_status) == (
        view.id,
        "payment.failed",
        True,
        "pending",
    )


def test_a_replayed_failure_changes_nothing(session):
    _buyer, _courses, view = _order(session)
    first = _send(session, view, event="payment.failed", reason="first")
    again = _send(session, view, event="payment.failed", reason="second")
    assert (again.payment_id, again.changed, again.order_status) == (
        first.payment_id,
        False,
        "pending",
    )
    assert _payment(session, first.payment_id).error == "first"


def test_a_success_after_a_failure_of_the_same_payment_pays(session):
    buyer, [course], view = _order(session)
    failed = _send(session, view, event="payment.failed", reason="3ds")
    paid = _send(session, view)
    assert (paid.payment_id, paid.changed, paid.order_status) == (failed.payment_id, True, "paid")
    payment = _payment(session, paid.payment_id)
    assert (payment.status, payment.error) == ("succeeded", None)
    enrolment = session.scalar(select(Enrollment).where(Enrollment.user_id == buyer.id))
    assert (enrolment.course_id, enrolment.status) == (course.id, "active")


def test_a_success_for_an_order_no_longer_pending_is_recorded_and_flagged(session, caplog):
    buyer, _courses, view = _order(session)
    order = session.get(Order, view.id)
    order.status = "cancelled"
    session.flush()
    caplog.set_level(logging.WARNING, logger=LOGGER)
    outcome = _send(session, view, provider_ref="ext-late")
    assert (outcome.changed, outcome.order_status) == (True, "cancelled")
    assert _payment(session, outcome.payment_id).status == "succeeded"
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        f"payment ext-late succeeded for order {view.id}, which is cancelled: refund it"
    ]
    assert session.scalars(select(Enrollment).where(Enrollment.user_id == buyer.id)).all() == []
    audits = select(func.count()).where(AuditLog.table_name == "order", AuditLog.row_id == view.id)
    assert session.scalar(audits.where(AuditLog.action == "update")) == 1  # the cancel only


def test_an_amount_that_does_not_match_is_refused_and_logged(session, caplog):
    _buyer, _courses, view = _order(session)
    caplog.set_level(logging.WARNING, logger=LOGGER)
    with pytest.raises(Invalid) as caught:
        _send(session, view, amount="989.99")
    error = caught.value
    assert (error.detail, error.message_key, error.field) == (
        "amount or currency does not match the order",
        "commerce.webhook.invalid",
        "amount",
    )
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        f"payment webhook refused: 989.99 RUB for order {view.id}, which costs 990.00 RUB"
    ]
    payment = session.scalar(select(Payment).where(Payment.provider_ref == "ext-paths"))
    assert payment.status == "pending"  # written, then the whole call rolls back
    assert session.get(Order, view.id).status == "pending"


def test_the_paying_call_grants_every_course_redeems_the_coupon_and_emits_the_event(session):
    coupon = make_coupon(session, value="10", usage_limit=5)
    buyer, courses, view = _order(session, prices=("100.00", "200.00"), coupon=coupon)
    assert view.total == Decimal("270.00")
    outcome = _send(session, view)
    assert (outcome.changed, outcome.order_status) == (True, "paid")
    session.expire_all()
    granted = session.scalars(
        select(Enrollment.course_id).where(
            Enrollment.user_id == buyer.id,
            Enrollment.status == "active",
            Enrollment.order_id == view.id,
        )
    ).all()
    assert sorted(granted) == sorted(c.id for c in courses)
    assert session.get(Coupon, coupon.id).used_count == 1
    paid = [
        payload["data"]
        for payload in session.scalars(select(Outbox.payload).where(Outbox.subject == "order.paid"))
        if payload["data"].get("order_id") == view.id
    ]
    assert len(paid) == 1
    order = session.get(Order, view.id)
    [audit] = session.scalars(
        select(AuditLog).where(
            AuditLog.table_name == "order",
            AuditLog.row_id == view.id,
            AuditLog.action == "update",
        )
    ).all()
    assert audit.new["status"] == "paid"
    assert order.paid_at is not None


def test_a_payment_another_transaction_inserted_first_is_used(session, monkeypatch):
    """The race _payment_for handles: the first look finds no row, the insert then hits
    the unique provider_ref, and the row the other transaction wrote is taken."""
    buyer, [course], view = _order(session)
    existing = Payment(
        order_id=view.id,
        provider="sandbox",
        provider_ref="ext-race",
        status="pending",
        amount=view.total,
        currency=view.currency,
    )
    session.add(existing)
    session.flush()
    real_scalar = session.scalar
    looks: list[bool] = []

    def first_look_misses(statement, *args, **kwargs):
        if not looks and "payment" in str(statement) and "provider_ref" in str(statement):
            looks.append(True)
            return None
        return real_scalar(statement, *args, **kwargs)

    monkeypatch.setattr(session, "scalar", first_look_misses)
    outcome = _send(session, view, provider_ref="ext-race")
    monkeypatch.undo()
    assert looks == [True]
    assert (outcome.payment_id, outcome.changed, outcome.order_status) == (
        existing.id,
        True,
        "paid",
    )
    count = select(func.count()).select_from(Payment).where(Payment.order_id == view.id)
    assert session.scalar(count) == 1
    enrolment = session.scalar(select(Enrollment).where(Enrollment.user_id == buyer.id))
    assert enrolment.course_id == course.id


def test_a_failure_with_a_null_reason_says_declined(session):
    _buyer, _courses, view = _order(session)
    outcome = _send(session, view, event="payment.failed", reason=None)
    assert _payment(session, outcome.payment_id).error == "declined"


def test_the_courses_are_granted_in_the_orders_own_order(session):
    buyer = make_user(session)
    older, newer = make_course(session, price="10.00"), make_course(session, price="20.00")
    assert older.id < newer.id
    view, _ = orders.create_order(
        session=session, user_id=buyer.id, course_ids=[newer.id, older.id], idempotency_key="ord"
    )
    _send(session, view)
    granted = session.scalars(
        select(Enrollment.course_id).where(Enrollment.user_id == buyer.id).order_by(Enrollment.id)
    ).all()
    assert granted == [newer.id, older.id]


def test_a_provider_ref_of_another_order_is_logged_word_for_word(session, caplog):
    _buyer, _courses, first = _order(session)
    _other, _courses, second = _order(session)
    _send(session, first, provider_ref="ext-shared")
    caplog.set_level(logging.WARNING, logger=LOGGER)
    with pytest.raises(Invalid) as caught:
        _send(session, second, provider_ref="ext-shared")
    assert (caught.value.field, caught.value.message_key) == (
        "provider_ref",
        "commerce.webhook.invalid",
    )
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        f"payment webhook refused: ext-shared belongs to order {first.id}, not {second.id}"
    ]
