"""The signed payment webhook (services/payment_webhook.py) at its edges: the refusal each
malformed body gets (key, field and the API's detail) and the limits of each field, the
signature's accepted spellings, the body the sandbox sends, a failure without a reason,
a success in the wrong currency or after a refund, and what the one call that pays an
order writes (audit row, enrolments, cart, notification). Written for the mutation gate
(`make mutation`)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from edu_platform.models import AuditLog, CartItem, Enrollment, Notification, Order, Payment
from edu_platform.services import cart, orders, payment_webhook, refunds
from edu_platform.services.errors import Invalid
from edu_platform.settings import settings
from tests.support.factories import make_course, make_user


def _order(session, *, price="990.00", currency="RUB", extra_in_cart=False):
    buyer = make_user(session)
    course = make_course(session, price=price, currency=currency)
    cart.add_to_cart(session=session, user_id=buyer.id, course_id=course.id)
    kept = None
    if extra_in_cart:
        kept = make_course(session)
        cart.add_to_cart(session=session, user_id=buyer.id, course_id=kept.id)
    view, _ = orders.create_order(
        session=session, user_id=buyer.id, course_ids=[course.id], idempotency_key="wh"
    )
    return buyer, course, view, kept


def _payload(view, **overrides) -> dict:
    values = {
        "event": "payment.succeeded",
        "provider": "sandbox",
        "provider_ref": "ext-rules",
        "order_id": view.id,
        "amount": f"{view.total:.2f}",
        "currency": view.currency,
        "reason": None,
    }
    return values | overrides


def _send(session, body: bytes):
    return payment_webhook.handle_payment_webhook(
        session=session, raw_body=body, signature=payment_webhook.sign(body)
    )


def _send_payload(session, payload: dict):
    return _send(session, json.dumps(payload).encode())


BAD_BODIES = [
    (b"not json", "body is not JSON"),
    (b"\xff\xfe", "body is not JSON"),
    (b"[1, 2]", "body must be a JSON object"),
    ({"event": "payment.refunded"}, "unknown event 'payment.refunded'"),
    ({"event": None}, "unknown event None"),
    ({"order_id": True}, "order_id must be an integer"),
    ({"order_id": "7"}, "order_id must be an integer"),
    ({"provider_ref": ""}, "provider_ref is required"),
    ({"provider_ref": "r" * 129}, "provider_ref is required"),
    ({"provider_ref": 12}, "provider_ref is required"),
    ({"provider": ""}, "provider is required"),
    ({"provider": "p" * 33}, "provider is required"),
    ({"provider": None}, "provider is required"),
    ({"amount": "ten"}, "amount must be a decimal string"),
    ({"amount": None}, "amount must be a decimal string"),
    ({"currency": "RU"}, "currency must be a 3-letter code"),
    ({"currency": "RUBL"}, "currency must be a 3-letter code"),
    ({"currency": 643}, "currency must be a 3-letter code"),
]


@pytest.mark.parametrize(("change", "detail"), BAD_BODIES)
def test_each_malformed_body_gets_its_own_refusal(session, change, detail):
    _buyer, _course, view, _kept = _order(session)
    body = change if isinstance(change, bytes) else json.dumps(_payload(view, **change)).encode()
    with pytest.raises(Invalid) as caught:
        _send(session, body)
    error = caught.value
    assert (error.message_key, error.detail, error.field) == (
        "commerce.webhook.invalid",
        detail,
        "body",
    )
    assert session.get(Order, view.id).status == "pending"


def test_the_longest_reference_and_provider_name_and_the_shortest_are_accepted(session):
    _buyer, _course, view, _kept = _order(session)
    for ref, provider in (("r" * 128, "p" * 32), ("x", "q")):
        outcome = _send_payload(
            session, _payload(view, event="payment.failed", provider_ref=ref, provider=provider)
        )
        payment = session.get(Payment, outcome.payment_id)
        assert (payment.provider_ref, payment.provider, payment.status) == (ref, provider, "failed")


def test_a_failure_keeps_500_characters_of_its_reason_or_says_declined(session):
    _buyer, _course, view, _kept = _order(session)
    long_reason = _send_payload(
        session, _payload(view, event="payment.failed", provider_ref="f1", reason="x" * 600)
    )
    no_reason = _send_payload(
        session, _payload(view, event="payment.failed", provider_ref="f2", reason="")
    )
    assert session.get(Payment, long_reason.payment_id).error == "x" * 500
    assert session.get(Payment, no_reason.payment_id).error == "declined"
    assert (no_reason.order_id, no_reason.event, no_reason.changed, no_reason.order_status) == (
        view.id,
        "payment.failed",
        True,
        "pending",
    )


def test_the_signature_is_accepted_in_any_case_with_or_without_its_prefix():
    body = b'{"event": "payment.succeeded"}'
    digest = payment_webhook.sign(body)
    key = settings.payment_webhook_secret.encode()
    assert digest == hmac.new(key, body, hashlib.sha256).hexdigest()
    for signature in (digest, digest.upper(), f"  sha256={digest} ", "SHA256=" + digest.upper()):
        assert payment_webhook.verify_signature(body, signature) is True
    for signature in (None, "", "sha256=", digest[:-1], "sha1=" + digest):
        assert payment_webhook.verify_signature(body, signature) is False


def test_an_explicit_secret_even_an_empty_one_is_the_key():
    body = b"{}"
    assert payment_webhook.sign(body, secret="") == hmac.new(b"", body, hashlib.sha256).hexdigest()
    assert (
        payment_webhook.sign(body, secret="k") == hmac.new(b"k", body, hashlib.sha256).hexdigest()
    )
    assert payment_webhook.sign(body, secret="k") != payment_webhook.sign(body)


def test_the_body_the_sandbox_sends():
    body = payment_webhook.webhook_body(
        event="payment.failed",
        provider="sandbox",
        provider_ref="sbx_1",
        order_id=7,
        amount=Decimal("10.5"),
        currency="USD",
        reason="card_declined",
    )
    assert b" " not in body  # compact separators
    payload = json.loads(body)
    assert payload.pop("sent_at")
    assert payload == {
        "event": "payment.failed",
        "provider": "sandbox",
        "provider_ref": "sbx_1",
        "order_id": 7,
        "amount": "10.50",
        "currency": "USD",
        "reason": "card_declined",
    }


def test_a_success_in_another_currency_is_refused_and_logged(session, caplog):
    _buyer, _course, view, _kept = _order(session)
    caplog.set_level(logging.WARNING, logger="edu_platform.services.payment_webhook")
    with pytest.raises(Invalid) as caught:
        _send_payload(session, _payload(view, currency="USD"))
    error = caught.value
    assert (error.message_key, error.detail, error.field) == (
        "commerce.webhook.invalid",
        "amount or currency does not match the order",
        "amount",
    )
    assert f"USD for order {view.id}, which costs 990.00 RUB" in caplog.text
    assert session.get(Order, view.id).status == "pending"


def test_a_success_after_a_refund_changes_nothing(session):
    buyer, _course, view, _kept = _order(session)
    admin = make_user(session, role="admin")
    _send_payload(session, _payload(view))
    refunds.refund_order(session=session, actor_id=admin.id, order_id=view.id)
    late = _send_payload(session, _payload(view))
    assert (late.changed, late.order_status) == (False, "refunded")
    session.expire_all()
    assert session.get(Payment, late.payment_id).status == "refunded"
    enrolment = session.scalar(select(Enrollment).where(Enrollment.user_id == buyer.id))
    assert enrolment.status != "active"


def test_the_call_that_pays_writes_audit_enrolment_cart_and_notification(session):
    buyer, course, view, kept = _order(session, extra_in_cart=True)
    outcome = _send_payload(session, _payload(view))
    assert (outcome.order_id, outcome.event, outcome.changed, outcome.order_status) == (
        view.id,
        "payment.succeeded",
        True,
        "paid",
    )
    session.expire_all()
    order = session.get(Order, view.id)
    assert order.paid_at is not None
    [audit] = session.scalars(
        select(AuditLog).where(
            AuditLog.table_name == "order", AuditLog.row_id == view.id, AuditLog.action == "update"
        )
    ).all()
    assert audit.old == {"status": "pending", "paid_at": None}
    assert audit.new["status"] == "paid" and audit.new["paid_at"]
    [enrolment] = session.scalars(select(Enrollment).where(Enrollment.user_id == buyer.id)).all()
    assert (enrolment.course_id, enrolment.source, enrolment.order_id, enrolment.status) == (
        course.id,
        "order",
        view.id,
        "active",
    )
    in_cart = session.scalars(select(CartItem.course_id).where(CartItem.user_id == buyer.id))
    assert list(in_cart) == [kept.id]
    paid_notes = select(func.count()).where(
        Notification.user_id == buyer.id, Notification.kind == "order_paid"
    )
    assert session.scalar(paid_notes) == 1
    # A replay writes none of it again.
    assert _send_payload(session, _payload(view)).changed is False
    assert session.scalar(paid_notes) == 1


def test_a_provider_ref_of_another_order_is_logged(session, caplog):
    _buyer, _course, first, _kept = _order(session)
    _other_buyer, _other, second, _ = _order(session)
    _send_payload(session, _payload(first, provider_ref="shared"))
    caplog.set_level(logging.WARNING, logger="edu_platform.services.payment_webhook")
    with pytest.raises(Invalid) as caught:
        _send_payload(session, _payload(second, provider_ref="shared"))
    assert (caught.value.detail, caught.value.message_key) == (
        "provider_ref belongs to another order",
        "commerce.webhook.invalid",
    )
    assert f"shared belongs to order {first.id}, not {second.id}" in caplog.text
