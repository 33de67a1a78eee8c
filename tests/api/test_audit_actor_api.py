"""Every write route of the API names its caller in the audit trail.

One case per route: the route runs as a given user and the audit rows it writes for the
audited tables carry that user as the actor (a route that forgets `acting_as` writes
actor None and fails here). The payment webhook is the provider's: actor None.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import select

from edu_platform.models import (
    AuditLog,
    Certificate,
    Course,
    Enrollment,
    Lesson,
    Module,
    Order,
    User,
)
from edu_platform.services import certificates, orders, payments
from tests.support.api import auth
from tests.support.cards import VALID_EXP
from tests.support.commerce import sandbox_webhook

SERIAL = certificates.new_serial()


@dataclass
class Case:
    who: str  # whose token calls the route
    method: str
    path: str
    json: dict | None
    table: str  # the audited table the route writes
    action: str
    headers: dict | None = None


@pytest.fixture
def world(committed_session):
    cs = committed_session
    people = {
        "admin": User(email="a@actor.test", full_name="Ada", role="admin"),
        "teacher": User(email="t@actor.test", full_name="Tim", role="teacher"),
        "student": User(email="s@actor.test", full_name="Sue"),
        "buyer": User(email="b@actor.test", full_name="Bob"),
    }
    cs.add_all(people.values())
    cs.flush()
    teacher = people["teacher"]

    def course(slug, price, published=True):
        row = Course(
            slug=slug, title=slug.title(), teacher_id=teacher.id, price=Decimal(price),
            is_published=published,
        )  # fmt: skip
        cs.add(row)
        cs.flush()
        module = Module(course_id=row.id, title="M")
        cs.add(module)
        cs.flush()
        cs.add(Lesson(module_id=module.id, course_id=row.id, title="L", position=0))
        return row

    free, paid, draft, reviewed = (
        course("free", "0"),
        course("paid", "990"),
        course("draft", "0", published=False),
        course("reviewed", "0"),
    )
    cs.add(Enrollment(user_id=people["student"].id, course_id=reviewed.id))
    cs.add(
        Certificate(
            serial=SERIAL, user_id=people["student"].id, course_id=reviewed.id,
            status="ready", holder_name="Sue", course_title="Reviewed",
        )
    )  # fmt: skip
    cs.flush()
    pending, _ = orders.create_order(
        session=cs, user_id=people["buyer"].id, course_ids=[paid.id], idempotency_key="pend"
    )
    cs.commit()
    refundable, _ = orders.create_order(
        session=cs, user_id=people["student"].id, course_ids=[paid.id], idempotency_key="ref"
    )
    payments.pay(
        session=cs, user_id=people["student"].id, order_id=refundable.id,
        card_number="4242 4242 4242 4242", exp=VALID_EXP, cvc="123",
    )  # fmt: skip
    cs.commit()
    ids = {name: user.id for name, user in people.items()}
    ids.update(
        free=free.id, paid=paid.id, draft=draft.id, reviewed=reviewed.id,
        pending=pending.id, refundable=refundable.id,
    )  # fmt: skip
    headers = {name: auth(user) for name, user in people.items()}
    return ids, headers


CASES = {
    "create course": lambda w: Case(
        "teacher", "POST", "/api/v1/courses", {"title": "Новый курс"}, "course", "insert"
    ),
    "patch course": lambda w: Case(
        "teacher",
        "PATCH",
        f"/api/v1/courses/{w['draft']}",
        {"title": "Другое"},
        "course",
        "update",
    ),
    "enrol": lambda w: Case(
        "buyer", "POST", "/api/v1/enrollments", {"course_id": w["free"]}, "enrollment", "insert"
    ),
    "order": lambda w: Case(
        "buyer",
        "POST",
        "/api/v1/orders",
        {"course_ids": [w["paid"]]},
        "order",
        "insert",
        {"Idempotency-Key": "actor-order"},
    ),
    "pay": lambda w: Case(
        "buyer",
        "POST",
        f"/api/v1/orders/{w['pending']}/pay",
        {"card_number": "4242 4242 4242 4242", "exp": VALID_EXP, "cvc": "123"},
        "payment",
        "insert",
    ),
    "refund": lambda w: Case(
        "admin",
        "POST",
        f"/api/v1/orders/{w['refundable']}/refund",
        {"reason": "r"},
        "order",
        "update",
    ),
    "review": lambda w: Case(
        "student",
        "POST",
        "/api/v1/reviews",
        {"course_id": w["reviewed"], "rating": 5},
        "review",
        "insert",
    ),
    "patch user": lambda w: Case(
        "admin", "PATCH", f"/api/v1/users/{w['buyer']}", {"role": "teacher"}, "user", "update"
    ),
    "revoke certificate": lambda w: Case(
        "admin",
        "POST",
        f"/api/v1/certificates/{SERIAL}/revoke",
        {"reason": "fraud"},
        "certificate",
        "update",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_write_route_records_its_caller_as_the_actor(client, world, committed_session, name):
    ids, headers = world
    case = CASES[name](ids)
    committed_session.rollback()
    before = committed_session.scalar(select(AuditLog.id).order_by(AuditLog.id.desc())) or 0

    response = client.request(
        case.method,
        case.path,
        json=case.json,
        headers={**headers[case.who], **(case.headers or {})},
    )

    assert response.status_code in (200, 201), response.text
    committed_session.rollback()
    rows = committed_session.scalars(
        select(AuditLog).where(AuditLog.id > before).order_by(AuditLog.id)
    ).all()
    written = [row for row in rows if (row.table_name, row.action) == (case.table, case.action)]
    assert written, [(row.table_name, row.action) for row in rows]
    assert {row.actor_id for row in rows} == {ids[case.who]}, [
        (row.table_name, row.action, row.actor_id) for row in rows
    ]


def test_the_payment_webhook_writes_as_the_system(client, world, committed_session):
    ids, _auth = world
    committed_session.rollback()
    order = committed_session.get(Order, ids["pending"])
    body = sandbox_webhook(order.id, order.total, order.currency, provider_ref="ext-actor")
    before = committed_session.scalar(select(AuditLog.id).order_by(AuditLog.id.desc())) or 0
    response = client.post(
        "/api/v1/payments/webhook", content=body, headers={"X-Signature": payments.sign(body)}
    )
    assert response.status_code == 200, response.text
    committed_session.rollback()
    rows = committed_session.scalars(select(AuditLog).where(AuditLog.id > before)).all()
    assert {"order", "payment", "enrollment"} <= {row.table_name for row in rows}
    assert {row.actor_id for row in rows} == {None}
