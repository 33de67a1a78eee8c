"""Admin-only routes refuse a teacher, even the teacher of the course concerned.

Student and anonymous refusals are tested elsewhere; a check weakened to "admin or
teacher" passes those and only fails here.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from edu_platform.models import Enrollment, Order, Refund
from edu_platform.services import orders, payments
from tests.support.api import auth
from tests.support.cards import VALID_EXP
from tests.support.factories import make_course, make_user

ADMIN_GETS = [
    "/api/v1/reports/sales-dynamics",
    "/api/v1/reports/top-courses",
    "/api/v1/reports/user-activity",
    "/api/v1/reports/completion-rates",
    "/api/v1/audit-log",
]


@pytest.fixture
def paid(committed_session):
    """A teacher, a learner who paid for the teacher's course, and the order."""
    teacher = make_user(committed_session, role="teacher")
    learner = make_user(committed_session)
    course = make_course(committed_session, teacher=teacher)
    view, _ = orders.create_order(
        session=committed_session, user_id=learner.id, course_ids=[course.id],
        coupon_code=None, idempotency_key="teacher-refusal",
    )  # fmt: skip
    assert payments.pay(
        session=committed_session, user_id=learner.id, order_id=view.id,
        card_number="4242 4242 4242 4242", exp=VALID_EXP, cvc="123",
    ).succeeded  # fmt: skip
    committed_session.commit()
    bearer = auth(teacher)
    return {"teacher": bearer, "order_id": view.id, "learner": learner.id}


@pytest.mark.parametrize("path", ADMIN_GETS)
def test_reports_and_the_audit_log_refuse_a_teacher(client, paid, path):
    response = client.get(path, headers=paid["teacher"])
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_the_teacher_of_the_course_cannot_refund_its_order(client, paid, committed_session):
    response = client.post(
        f"/api/v1/orders/{paid['order_id']}/refund",
        json={"reason": "teacher tries"},
        headers=paid["teacher"],
    )
    assert response.status_code == 403
    committed_session.expire_all()
    assert committed_session.get(Order, paid["order_id"]).status == "paid"
    assert committed_session.scalar(select(Refund)) is None
    enrolment = committed_session.scalar(
        select(Enrollment.status).where(Enrollment.user_id == paid["learner"])
    )
    assert enrolment == "active"
