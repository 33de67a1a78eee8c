"""Refunds (services/refunds.py) by their rules, on both databases: which payment an
admin's refund takes back (this order's, a succeeded one, the latest made), a paid order
without a payment, the stored reason when none is given, the refusal of an order that is
not paid, and orders of one rouble or less. Written to kill the mutants `make mutation`
found alive in refunds.py after tests/mutation/test_refunds_paths.py."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from edu_platform.models import Order, OrderItem, Payment, Refund
from edu_platform.models.base import utcnow
from edu_platform.services import payments, refunds
from edu_platform.services.enrollment import has_access
from edu_platform.services.errors import Conflict
from tests.support.commerce import make_order, make_payment
from tests.support.factories import make_course, make_enrollment, make_user


class RecordingProvider:
    def __init__(self):
        self.calls: list[tuple[int, Decimal, str]] = []

    def refund(self, *, payment, amount, key):
        self.calls.append((payment.id, amount, key))


@pytest.fixture
def provider(monkeypatch) -> RecordingProvider:
    """The sandbox provider, recording the refunds it is asked for."""
    recording = RecordingProvider()
    monkeypatch.setitem(payments.PROVIDERS, "sandbox", recording)
    return recording


@pytest.fixture
def admin(session):
    return make_user(session, role="admin")


def _order(session, *, price: str = "100.00", status: str = "paid") -> Order:
    """A learner's one-course order in `status`, the learner enrolled when it is paid."""
    buyer = make_user(session)
    course = make_course(session, price=price)
    paid_at = utcnow() if status == "paid" else None
    order = make_order(
        session,
        buyer,
        status=status,
        subtotal=Decimal(price),
        total=Decimal(price),
        paid_at=paid_at,
    )
    session.add(OrderItem(order_id=order.id, course_id=course.id, title="Course", price=price))
    if status == "paid":
        make_enrollment(session, user_id=buyer.id, course_id=course.id)
    session.flush()
    return order


def _statuses(session, *rows: Payment) -> list[str]:
    for row in rows:
        session.refresh(row)
    return [row.status for row in rows]


def _refund_rows(session, order: Order) -> list[tuple[int | None, Decimal, str]]:
    rows = session.scalars(select(Refund).where(Refund.order_id == order.id)).all()
    return [(row.payment_id, row.amount, row.reason) for row in rows]


def _key(order: Order, payment: Payment) -> str:
    return f"refund-order-{order.id}-{payment.id}"


def test_the_latest_made_payment_is_refunded_not_the_last_stored(session, admin, provider):
    order = _order(session)
    now = utcnow()
    # Stored newest first: the id order is the reverse of the time order.
    latest = make_payment(session, order, created_at=now)
    earlier = make_payment(session, order, created_at=now - timedelta(hours=1))
    refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    assert provider.calls == [(latest.id, Decimal("100.00"), _key(order, latest))]
    assert _refund_rows(session, order) == [(latest.id, Decimal("100.00"), "")]
    assert _statuses(session, latest, earlier) == ["refunded", "succeeded"]


def test_of_payments_made_at_the_same_time_the_last_stored_is_refunded(session, admin, provider):
    order = _order(session)
    now = utcnow()
    same_time = [make_payment(session, order, created_at=now) for _ in range(3)]
    refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    assert provider.calls == [(same_time[2].id, Decimal("100.00"), _key(order, same_time[2]))]
    assert _statuses(session, *same_time) == ["succeeded", "succeeded", "refunded"]


def test_a_later_payment_of_another_order_is_left_alone(session, admin, provider):
    order, other = _order(session), _order(session, price="250.00")
    now = utcnow()
    own = make_payment(session, order, created_at=now - timedelta(hours=1))
    others = make_payment(session, other, created_at=now)
    refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    assert provider.calls == [(own.id, Decimal("100.00"), _key(order, own))]
    assert _refund_rows(session, order) == [(own.id, Decimal("100.00"), "")]
    assert _statuses(session, own, others) == ["refunded", "succeeded"]
    assert session.get(Order, other.id).status == "paid"


@pytest.mark.parametrize("later_status", ["failed", "pending"])
def test_the_succeeded_payment_is_refunded_not_a_later_attempt(
    session, admin, provider, later_status
):
    order = _order(session)
    now = utcnow()
    succeeded = make_payment(session, order, created_at=now - timedelta(hours=1))
    later = make_payment(session, order, status=later_status, created_at=now)
    refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    assert provider.calls == [(succeeded.id, Decimal("100.00"), _key(order, succeeded))]
    assert _refund_rows(session, order) == [(succeeded.id, Decimal("100.00"), "")]
    assert _statuses(session, succeeded, later) == ["refunded", later_status]


def test_a_paid_order_without_a_payment_is_refunded_without_the_provider(session, admin, provider):
    # An order paid outside the providers (imported): nothing to take back at one.
    order = _order(session, price="300.00")
    view = refunds.refund_order(
        session=session, actor_id=admin.id, order_id=order.id, reason=" imported "
    )
    assert view.status == "refunded"
    assert provider.calls == []
    assert _refund_rows(session, order) == [(None, Decimal("300.00"), "imported")]
    [course_id] = session.scalars(
        select(OrderItem.course_id).where(OrderItem.order_id == order.id)
    ).all()
    assert not has_access(session=session, user_id=order.user_id, course_id=course_id)


def test_a_refund_without_a_reason_stores_an_empty_one(session, admin, provider):
    order = _order(session)
    payment = make_payment(session, order, created_at=utcnow())
    refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    assert _refund_rows(session, order) == [(payment.id, Decimal("100.00"), "")]


@pytest.mark.parametrize("status", ["pending", "cancelled", "refunded"])
def test_only_a_paid_order_is_refunded_and_the_refusal_names_its_status(
    session, admin, provider, status
):
    order = _order(session, status=status)
    with pytest.raises(Conflict) as error:
        refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    assert (error.value.detail, error.value.message_key, error.value.field) == (
        f"only a paid order can be refunded (this one is {status})",
        "commerce.refund.not_paid",
        None,
    )
    assert provider.calls == []
    assert _refund_rows(session, order) == []
    assert session.get(Order, order.id).status == status


@pytest.mark.parametrize("price", ["0.50", "1.00"])
def test_an_order_of_one_rouble_or_less_is_refunded_at_the_provider(
    session, admin, provider, price
):
    order = _order(session, price=price)
    payment = make_payment(session, order, created_at=utcnow())
    refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    assert provider.calls == [(payment.id, Decimal(price), _key(order, payment))]
    assert _refund_rows(session, order) == [(payment.id, Decimal(price), "")]
    assert _statuses(session, payment) == ["refunded"]


def test_a_refund_revokes_the_certificate_of_the_refunded_course_only(session, admin, provider):
    from edu_platform.models import Certificate

    order = _order(session)
    course_id = session.scalar(select(OrderItem.course_id).where(OrderItem.order_id == order.id))
    other = make_course(session, price="0.00")

    def certificate(serial: str, course: int, status: str = "ready") -> Certificate:
        row = Certificate(
            serial=serial,
            user_id=order.user_id,
            course_id=course,
            status=status,
            holder_name="Holder",
            course_title="Course",
        )
        session.add(row)
        return row

    refunded = certificate("REFUND-1", course_id)
    kept = certificate("REFUND-2", other.id)  # a course this order did not sell
    session.flush()
    refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    session.refresh(refunded)
    session.refresh(kept)
    assert (refunded.status, refunded.revoked_reason) == ("revoked", f"order {order.id} refunded")
    assert refunded.revoked_at is not None
    assert (kept.status, kept.revoked_at) == ("ready", None)


def _finished_then_refunded(session, admin) -> tuple[Order, int]:
    """A learner who bought a one-lesson course, finished it, got the certificate, and
    was refunded: (the order, the course id)."""
    from edu_platform.services.certificates.issue import issue_certificate
    from tests.support.factories import make_lesson

    buyer = make_user(session)
    course = make_course(session, price="100.00")
    session.flush()
    lesson = make_lesson(session, course)
    order = make_order(
        session,
        buyer,
        status="paid",
        subtotal=Decimal("100.00"),
        total=Decimal("100.00"),
        paid_at=utcnow(),
    )
    session.add(OrderItem(order_id=order.id, course_id=course.id, title="Course", price="100.00"))
    enrollment = make_enrollment(
        session,
        user_id=buyer.id,
        course_id=course.id,
        completed=[lesson],
        out_of=1,
        status="completed",
        completed_at=utcnow() - timedelta(days=3),
        order_id=order.id,
    )
    issue_certificate(session=session, enrollment_id=enrollment.id, render=False)
    refunds.refund_order(session=session, actor_id=admin.id, order_id=order.id)
    return order, course.id


def test_buying_again_after_a_refund_completes_at_once_and_reinstates_the_certificate(
    session, admin, provider
):
    from edu_platform.models import Certificate
    from edu_platform.services.certificates.issue import issue_certificate
    from edu_platform.services.enrollment import grant_access

    order, course_id = _finished_then_refunded(session, admin)
    certificate = session.scalar(select(Certificate).where(Certificate.course_id == course_id))
    assert certificate.status == "revoked"
    serial = certificate.serial
    from edu_platform.models import User

    again = make_order(session, session.get(User, order.user_id))
    enrollment, granted = grant_access(
        session=session,
        user_id=order.user_id,
        course_id=course_id,
        source="order",
        order_id=again.id,
    )
    # The kept progress says the course is done: completed now, not "active" at 100 %.
    assert granted and (enrollment.status, enrollment.progress_percent) == ("completed", 100)
    assert enrollment.completed_at is not None
    assert enrollment.completed_at > utcnow() - timedelta(minutes=1)
    # The completion's certificate job lifts the refund's revocation: same serial.
    issue_certificate(session=session, enrollment_id=enrollment.id, render=False)
    session.refresh(certificate)
    assert (certificate.serial, certificate.status) == (serial, "ready")
    assert (certificate.revoked_at, certificate.revoked_reason) == (None, None)


def test_an_admins_revocation_stays_when_the_course_is_bought_again(session, admin, provider):
    from edu_platform.models import Certificate
    from edu_platform.services.certificates.issue import issue_certificate
    from edu_platform.services.enrollment import grant_access

    order, course_id = _finished_then_refunded(session, admin)
    certificate = session.scalar(select(Certificate).where(Certificate.course_id == course_id))
    certificate.revoked_reason = "plagiarism"  # an admin's reason, not the refund's
    session.flush()
    enrollment, _granted = grant_access(
        session=session, user_id=order.user_id, course_id=course_id, source="order"
    )
    assert enrollment.status == "completed"
    issue_certificate(session=session, enrollment_id=enrollment.id, render=False)
    session.refresh(certificate)
    assert (certificate.status, certificate.revoked_reason) == ("revoked", "plagiarism")
