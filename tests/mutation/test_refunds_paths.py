"""Refunds (services/refunds.py) beyond the happy path, on both databases: the provider's
refund call, the stored reason and actor, a fully discounted order, and a refund the
provider reports (full, partial, of another provider's payment, twice). Written to kill
the mutants `make mutation` found alive in refunds.py."""

from __future__ import annotations

import logging
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from edu_platform.models import Enrollment, Order, Payment, Refund
from edu_platform.services import orders, payments, refunds
from edu_platform.services.enrollment import has_access
from edu_platform.services.errors import NotFound
from tests.support.cards import VALID_EXP
from tests.support.commerce import make_coupon, place_order
from tests.support.factories import make_course, make_user

CARD = {"card_number": "4242 4242 4242 4242", "exp": VALID_EXP, "cvc": "123"}


@pytest.fixture
def paid(session):
    """A learner's paid two-course order (990 + 10 RUB) and its sandbox payment."""
    buyer = make_user(session)
    courses = [make_course(session, price="990.00"), make_course(session, price="10.00")]
    view, _ = orders.create_order(
        session=session,
        user_id=buyer.id,
        course_ids=[c.id for c in courses],
        idempotency_key="refund-paths",
    )
    payments.pay(session=session, user_id=buyer.id, order_id=view.id, **CARD)
    payment = session.scalar(select(Payment).where(Payment.order_id == view.id))
    return SimpleNamespace(buyer=buyer, courses=courses, order_id=view.id, payment=payment)


class RecordingProvider:
    def __init__(self):
        self.calls: list[tuple[int, Decimal, str]] = []

    def refund(self, *, payment, amount, key):
        self.calls.append((payment.id, amount, key))


def _refunds(session, order_id):
    return session.scalars(select(Refund).where(Refund.order_id == order_id)).all()


def test_an_admin_refund_asks_the_provider_and_stores_reason_and_actor(session, paid, monkeypatch):
    provider = RecordingProvider()
    monkeypatch.setitem(payments.PROVIDERS, "sandbox", provider)
    admin = make_user(session, role="admin")
    reason = "  " + "r" * (refunds.MAX_REASON_LENGTH + 50) + "  "
    view = refunds.refund_order(
        session=session, actor_id=admin.id, order_id=paid.order_id, reason=reason
    )
    assert view.status == "refunded"
    assert provider.calls == [
        (paid.payment.id, Decimal("1000.00"), f"refund-order-{paid.order_id}-{paid.payment.id}")
    ]
    [refund] = _refunds(session, paid.order_id)
    assert (refund.payment_id, refund.amount, refund.created_by) == (
        paid.payment.id,
        Decimal("1000.00"),
        admin.id,
    )
    assert refund.reason == "r" * refunds.MAX_REASON_LENGTH
    session.refresh(paid.payment)
    assert paid.payment.status == "refunded"
    order = session.get(Order, paid.order_id)
    assert order.refunded_at is not None
    for course in paid.courses:
        assert not has_access(session=session, user_id=paid.buyer.id, course_id=course.id)


def test_a_fully_discounted_order_is_refunded_without_money(session, monkeypatch):
    buyer, admin = make_user(session), make_user(session, role="admin")
    course = make_course(session, price="500.00")
    coupon = make_coupon(session, value="100", course_id=course.id)
    view = place_order(session, buyer, [course], coupon=coupon, key="free-by-coupon")
    assert view.total == Decimal("0.00")
    if view.status != "paid":
        payments.pay(session=session, user_id=buyer.id, order_id=view.id, **CARD)
    assert has_access(session=session, user_id=buyer.id, course_id=course.id)
    provider = RecordingProvider()
    monkeypatch.setitem(payments.PROVIDERS, "sandbox", provider)
    refunded = refunds.refund_order(session=session, actor_id=admin.id, order_id=view.id)
    assert refunded.status == "refunded"
    assert provider.calls == []
    assert _refunds(session, view.id) == []
    assert not has_access(session=session, user_id=buyer.id, course_id=course.id)


def _provider_refund(paid, **overrides):
    values = {
        "id": "rf-1",
        "payment_id": paid.payment.provider_ref,
        "amount": Decimal("1000.00"),
        "currency": "RUB",
    }
    return SimpleNamespace(**(values | overrides))


def test_a_full_provider_refund_refunds_the_order_once(session, paid):
    outcome = refunds.apply_provider_refund(
        session=session, provider="sandbox", refund=_provider_refund(paid)
    )
    assert outcome == (True, paid.order_id, "refunded")
    [refund] = _refunds(session, paid.order_id)
    assert (refund.reason, refund.created_by, refund.payment_id) == (
        "sandbox refund rf-1",
        None,
        paid.payment.id,
    )
    enrolments = session.scalars(
        select(Enrollment.status).where(Enrollment.user_id == paid.buyer.id)
    ).all()
    assert enrolments and "active" not in enrolments
    again = refunds.apply_provider_refund(
        session=session, provider="sandbox", refund=_provider_refund(paid, id="rf-2")
    )
    assert again == (False, paid.order_id, "refunded")
    assert len(_refunds(session, paid.order_id)) == 1


@pytest.mark.parametrize(
    "overrides",
    [{"amount": Decimal("990.00")}, {"currency": "EUR"}],
    ids=["part-of-the-amount", "another-currency"],
)
def test_a_partial_provider_refund_is_logged_and_left_to_an_admin(session, paid, caplog, overrides):
    with caplog.at_level(logging.WARNING, logger=refunds.log.name):
        outcome = refunds.apply_provider_refund(
            session=session, provider="sandbox", refund=_provider_refund(paid, **overrides)
        )
    assert outcome == (False, paid.order_id, "paid")
    amount = overrides.get("amount", Decimal("1000.00"))
    currency = overrides.get("currency", "RUB")
    assert [r.getMessage() for r in caplog.records if r.name == refunds.log.name] == [
        f"partial refund rf-1 of {amount} {currency} for order {paid.order_id}"
        " (total 1000.00): left to an admin"
    ]
    assert _refunds(session, paid.order_id) == []
    assert has_access(session=session, user_id=paid.buyer.id, course_id=paid.courses[0].id)


def test_a_refund_of_another_providers_payment_is_not_ours(session, paid):
    with pytest.raises(NotFound) as caught:
        refunds.apply_provider_refund(
            session=session, provider="yookassa", refund=_provider_refund(paid)
        )
    assert (caught.value.field, caught.value.detail) == (
        "payment_id",
        f"no payment {paid.payment.provider_ref}",
    )
    assert session.get(Order, paid.order_id).status == "paid"


def test_a_provider_refund_refunds_the_order_of_that_payment_only(session, paid):
    other_buyer = make_user(session)
    course = make_course(session, price="1000.00")
    view, _ = orders.create_order(
        session=session, user_id=other_buyer.id, course_ids=[course.id], idempotency_key="2nd"
    )
    payments.pay(session=session, user_id=other_buyer.id, order_id=view.id, **CARD)
    second = session.scalar(select(Payment).where(Payment.order_id == view.id))
    outcome = refunds.apply_provider_refund(
        session=session,
        provider="sandbox",
        refund=_provider_refund(paid, payment_id=second.provider_ref),
    )
    assert outcome == (True, view.id, "refunded")
    assert session.get(Order, paid.order_id).status == "paid"
    assert has_access(session=session, user_id=paid.buyer.id, course_id=paid.courses[0].id)
    assert not has_access(session=session, user_id=other_buyer.id, course_id=course.id)


def test_an_order_under_one_rouble_still_gets_its_refund_row(session):
    buyer, admin = make_user(session), make_user(session, role="admin")
    course = make_course(session, price="0.50")
    view, _ = orders.create_order(
        session=session, user_id=buyer.id, course_ids=[course.id], idempotency_key="cheap"
    )
    payments.pay(session=session, user_id=buyer.id, order_id=view.id, **CARD)
    refunds.refund_order(session=session, actor_id=admin.id, order_id=view.id)
    assert [r.amount for r in _refunds(session, view.id)] == [Decimal("0.50")]
