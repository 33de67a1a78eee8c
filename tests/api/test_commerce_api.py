"""The commerce API over HTTP: enrolments, orders, pay, webhook, refund, reviews."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from edu_platform.models import AuditLog, Course, Enrollment, Order, Payment, Refund, Review
from edu_platform.services import payments
from tests.support.api import auth
from tests.support.cards import DECLINED_CARD, GOOD_CARD
from tests.support.commerce import make_coupon, sandbox_webhook
from tests.support.factories import make_course, make_user


@pytest.fixture
def world(committed_session):
    """A student, a second student, an admin, a paid and a free course (committed)."""
    s = committed_session
    data = {
        "student": make_user(s),
        "other": make_user(s),
        "admin": make_user(s, role="admin"),
        "paid": make_course(s, price="4990.00", title="Paid course"),
        "free": make_course(s, price="0", title="Free course"),
    }
    s.commit()
    return data


def _count(session, model, *where) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _create_order(client, user, course_ids, key="key-1", **extra):
    return client.post(
        "/api/v1/orders",
        json={"course_ids": course_ids, **extra},
        headers={**auth(user), "Idempotency-Key": key},
    )


# --- enrolments -----------------------------------------------------------------------


def test_enrol_in_free_course_201_then_200_and_counted_once(client, world, committed_session):
    student, free = world["student"], world["free"]

    first = client.post("/api/v1/enrollments", json={"course_id": free.id}, headers=auth(student))
    second = client.post("/api/v1/enrollments", json={"course_id": free.id}, headers=auth(student))

    assert (first.status_code, second.status_code) == (201, 200)
    body = first.json()
    assert set(body) == {
        "id",
        "course_id",
        "user_id",
        "status",
        "progress_percent",
        "enrolled_at",
        "completed_at",
    }
    assert (body["course_id"], body["user_id"], body["status"]) == (free.id, student.id, "active")
    assert second.json()["id"] == body["id"]
    committed_session.expire_all()
    assert committed_session.get(Course, free.id).enrollment_count == 1


def test_enrol_in_paid_course_is_402(client, world, committed_session):
    response = client.post(
        "/api/v1/enrollments", json={"course_id": world["paid"].id}, headers=auth(world["student"])
    )
    assert response.status_code == 402
    assert response.json()["code"] == "payment_required"
    assert _count(committed_session, Enrollment) == 0


def test_an_admin_enrols_another_user_in_any_course_and_nobody_else_may(
    client, world, committed_session
):
    student, admin, paid = world["student"], world["admin"], world["paid"]
    body = {"course_id": paid.id, "user_id": student.id}
    first = client.post("/api/v1/enrollments", json=body, headers=auth(admin))
    assert first.status_code == 201, first.text
    assert (first.json()["user_id"], first.json()["course_id"], first.json()["status"]) == (
        student.id,
        paid.id,
        "active",
    )
    again = client.post("/api/v1/enrollments", json=body, headers=auth(admin))
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    assert _count(committed_session, Enrollment, Enrollment.user_id == admin.id) == 0

    other_body = {"course_id": world["free"].id, "user_id": student.id}
    refused = client.post("/api/v1/enrollments", json=other_body, headers=auth(world["other"]))
    assert refused.status_code == 403
    unknown = client.post(
        "/api/v1/enrollments", json={"course_id": paid.id, "user_id": 999999}, headers=auth(admin)
    )
    assert (unknown.status_code, unknown.json()["field"]) == (404, "user_id")
    # Their own id is the plain self-enrolment: a paid course still needs buying.
    other = world["other"]
    own = client.post(
        "/api/v1/enrollments",
        json={"course_id": paid.id, "user_id": other.id},
        headers=auth(other),
    )
    assert own.status_code == 402


def test_enrolments_need_a_token(client, world):
    response = client.post("/api/v1/enrollments", json={"course_id": world["free"].id})
    assert response.status_code == 401


def test_enrolment_list_own_for_users_all_for_admin_with_filters(client, world):
    student, other, admin, free = world["student"], world["other"], world["admin"], world["free"]
    for user in (student, other):
        client.post("/api/v1/enrollments", json={"course_id": free.id}, headers=auth(user))

    own = client.get("/api/v1/enrollments", headers=auth(student)).json()
    assert [item["user_id"] for item in own["items"]] == [student.id]
    assert (own["total"], own["page"], own["per_page"]) == (1, 1, 20)
    everyone = client.get("/api/v1/enrollments", headers=auth(admin)).json()
    assert everyone["total"] == 2
    filtered = client.get(
        f"/api/v1/enrollments?course_id={free.id}&user_id={other.id}", headers=auth(admin)
    ).json()
    assert [item["user_id"] for item in filtered["items"]] == [other.id]
    snooping = client.get(f"/api/v1/enrollments?user_id={other.id}", headers=auth(student))
    assert snooping.status_code == 403


# --- orders ---------------------------------------------------------------------------


def test_create_order_201_with_the_api_shape(client, world, committed_session):
    coupon = make_coupon(committed_session, kind="percent", value="10")
    committed_session.commit()

    response = _create_order(client, world["student"], [world["paid"].id], coupon_code=coupon.code)

    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {
        "id",
        "status",
        "items",
        "subtotal",
        "discount",
        "total",
        "currency",
        "created_at",
    }
    assert body["status"] == "pending"
    assert body["items"] == [
        {"course_id": world["paid"].id, "title": "Paid course", "price": "4990.00"}
    ]
    assert (body["subtotal"], body["discount"], body["total"], body["currency"]) == (
        "4990.00",
        "499.00",
        "4491.00",
        "RUB",
    )
    order = committed_session.get(Order, body["id"])
    assert (order.user_id, order.total) == (world["student"].id, Decimal("4491.00"))


def test_same_idempotency_key_returns_the_same_order(client, world, committed_session):
    first = _create_order(client, world["student"], [world["paid"].id], key="abc")
    second = _create_order(client, world["student"], [world["paid"].id], key="abc")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert _count(committed_session, Order) == 1


def test_order_without_idempotency_key_is_refused_naming_the_header(
    client, world, committed_session
):
    response = client.post(
        "/api/v1/orders", json={"course_ids": [world["paid"].id]}, headers=auth(world["student"])
    )
    assert response.status_code == 422
    assert response.json()["field"] == "Idempotency-Key"
    assert "Idempotency-Key" in response.json()["detail"]
    assert _count(committed_session, Order) == 0


def test_order_for_owned_or_free_course_or_bad_coupon_is_refused(client, world):
    student = world["student"]
    free = _create_order(client, student, [world["free"].id], key="f")
    coupon = _create_order(client, student, [world["paid"].id], key="c", coupon_code="NOPE")
    empty = _create_order(client, student, [], key="e")

    assert (free.status_code, free.json()["field"]) == (422, "course_ids")
    assert (coupon.status_code, coupon.json()["field"]) == (422, "coupon_code")
    assert (empty.status_code, empty.json()["field"]) == (422, "course_ids")
    order = _create_order(client, student, [world["paid"].id], key="buy").json()
    client.post(f"/api/v1/orders/{order['id']}/pay", json=GOOD_CARD, headers=auth(student))
    owned = _create_order(client, student, [world["paid"].id], key="again")
    assert owned.status_code == 409 and owned.json()["field"] == "course_ids"


def test_order_list_is_own_and_admin_sees_all(client, world):
    student, other, admin = world["student"], world["other"], world["admin"]
    mine = _create_order(client, student, [world["paid"].id], key="s").json()
    _create_order(client, other, [world["paid"].id], key="o")

    own = client.get("/api/v1/orders", headers=auth(student)).json()
    assert [o["id"] for o in own["items"]] == [mine["id"]] and own["total"] == 1
    assert client.get("/api/v1/orders", headers=auth(admin)).json()["total"] == 2
    assert client.get(f"/api/v1/orders/{mine['id']}", headers=auth(other)).status_code == 404
    assert client.get(f"/api/v1/orders/{mine['id']}", headers=auth(student)).json() == mine


# --- pay ------------------------------------------------------------------------------


def test_pay_with_good_card_pays_and_enrols(client, world, committed_session):
    student, paid = world["student"], world["paid"]
    order = _create_order(client, student, [paid.id]).json()

    response = client.post(
        f"/api/v1/orders/{order['id']}/pay", json=GOOD_CARD, headers=auth(student)
    )

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "paid"
    assert response.json()["total"] == "4990.00"
    committed_session.expire_all()
    enrolment = committed_session.scalar(select(Enrollment).where(Enrollment.user_id == student.id))
    assert (enrolment.course_id, enrolment.status, enrolment.order_id) == (
        paid.id,
        "active",
        order["id"],
    )
    assert committed_session.get(Course, paid.id).enrollment_count == 1
    again = client.post(f"/api/v1/orders/{order['id']}/pay", json=GOOD_CARD, headers=auth(student))
    assert again.status_code == 409
    assert _count(committed_session, Payment) == 1


def test_pay_with_declined_card_is_402_and_grants_nothing(client, world, committed_session):
    student = world["student"]
    order = _create_order(client, student, [world["paid"].id]).json()

    response = client.post(
        f"/api/v1/orders/{order['id']}/pay", json=DECLINED_CARD, headers=auth(student)
    )

    assert response.status_code == 402
    body = response.json()
    assert body["code"] == "card_declined" and body["order"]["status"] == "pending"
    committed_session.expire_all()
    payment = committed_session.scalar(select(Payment).where(Payment.order_id == order["id"]))
    assert (payment.status, payment.error) == ("failed", "card_declined")
    assert committed_session.get(Order, order["id"]).status == "pending"
    assert _count(committed_session, Enrollment) == 0


def test_pay_with_an_unknown_card_is_422_on_the_card_number(client, world, committed_session):
    student = world["student"]
    order = _create_order(client, student, [world["paid"].id]).json()
    response = client.post(
        f"/api/v1/orders/{order['id']}/pay",
        json={**GOOD_CARD, "card_number": "1234 5678 9012 3456"},
        headers=auth(student),
    )
    assert (response.status_code, response.json()["field"]) == (422, "card_number")
    assert _count(committed_session, Payment) == 0


def test_someone_elses_order_cannot_be_paid(client, world, committed_session):
    order = _create_order(client, world["student"], [world["paid"].id]).json()
    response = client.post(
        f"/api/v1/orders/{order['id']}/pay", json=GOOD_CARD, headers=auth(world["other"])
    )
    assert response.status_code == 404
    assert _count(committed_session, Payment) == 0


# --- webhook --------------------------------------------------------------------------


def _webhook_body(order, ref="ext-1"):
    return sandbox_webhook(
        order["id"], Decimal(order["total"]), order["currency"], provider_ref=ref
    )


def test_signed_webhook_pays_and_its_replay_is_harmless(client, world, committed_session):
    order = _create_order(client, world["student"], [world["paid"].id]).json()
    body = _webhook_body(order)
    headers = {"X-Signature": payments.sign(body), "Content-Type": "application/json"}

    first = client.post("/api/v1/payments/webhook", content=body, headers=headers)
    replay = client.post("/api/v1/payments/webhook", content=body, headers=headers)

    assert first.status_code == replay.status_code == 200
    assert (first.json()["changed"], replay.json()["changed"]) == (True, False)
    assert replay.json()["order_status"] == "paid"
    assert _count(committed_session, Payment) == 1
    assert _count(committed_session, Enrollment) == 1
    assert committed_session.get(Course, world["paid"].id).enrollment_count == 1


def test_webhook_with_bad_signature_is_401_and_logged(client, world, committed_session, caplog):
    order = _create_order(client, world["student"], [world["paid"].id]).json()
    body = _webhook_body(order)

    response = client.post(
        "/api/v1/payments/webhook", content=body, headers={"X-Signature": "deadbeef"}
    )
    unsigned = client.post("/api/v1/payments/webhook", content=body)

    assert response.status_code == unsigned.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert "payment webhook refused" in caplog.text
    assert committed_session.get(Order, order["id"]).status == "pending"
    assert _count(committed_session, Payment) == 0


def test_webhook_for_unknown_order_is_404(client, world):
    body = sandbox_webhook(999_999, Decimal("10.00"), provider_ref="ext-404")
    response = client.post(
        "/api/v1/payments/webhook", content=body, headers={"X-Signature": payments.sign(body)}
    )
    assert response.status_code == 404


# --- refund ---------------------------------------------------------------------------


def test_admin_refund_ends_access_and_is_audited(client, world, committed_session):
    student, admin, paid = world["student"], world["admin"], world["paid"]
    order = _create_order(client, student, [paid.id]).json()
    client.post(f"/api/v1/orders/{order['id']}/pay", json=GOOD_CARD, headers=auth(student))

    refused = client.post(f"/api/v1/orders/{order['id']}/refund", headers=auth(student))
    response = client.post(
        f"/api/v1/orders/{order['id']}/refund", json={"reason": "duplicate"}, headers=auth(admin)
    )

    assert refused.status_code == 403
    assert response.status_code == 200 and response.json()["status"] == "refunded"
    committed_session.expire_all()
    enrolment = committed_session.scalar(select(Enrollment).where(Enrollment.user_id == student.id))
    assert enrolment.status == "cancelled"
    assert committed_session.get(Course, paid.id).enrollment_count == 0
    refund = committed_session.scalar(select(Refund))
    assert (refund.amount, refund.reason, refund.created_by) == (
        Decimal("4990.00"),
        "duplicate",
        admin.id,
    )
    audit = committed_session.scalars(
        select(AuditLog).where(AuditLog.table_name == "order", AuditLog.row_id == order["id"])
    ).all()
    assert any(a.actor_id == admin.id and a.new.get("status") == "refunded" for a in audit)
    assert any(a.actor_id == student.id and a.new.get("status") == "paid" for a in audit)
    twice = client.post(f"/api/v1/orders/{order['id']}/refund", headers=auth(admin))
    assert twice.status_code == 409


# --- reviews --------------------------------------------------------------------------


def test_review_201_then_409_and_course_rating_updated(client, world, committed_session):
    student, free = world["student"], world["free"]
    client.post("/api/v1/enrollments", json={"course_id": free.id}, headers=auth(student))

    first = client.post(
        "/api/v1/reviews",
        json={"course_id": free.id, "rating": 4, "comment": "Хорошо"},
        headers=auth(student),
    )
    second = client.post(
        "/api/v1/reviews", json={"course_id": free.id, "rating": 1}, headers=auth(student)
    )

    assert first.status_code == 201, first.text
    assert {k: first.json()[k] for k in ("course_id", "user_id", "rating", "comment")} == {
        "course_id": free.id,
        "user_id": student.id,
        "rating": 4,
        "comment": "Хорошо",
    }
    assert second.status_code == 409
    committed_session.expire_all()
    course = committed_session.get(Course, free.id)
    assert (course.rating_avg, course.rating_count) == (Decimal("4.00"), 1)
    assert _count(committed_session, Review) == 1


def test_review_needs_enrolment_and_a_rating_in_range(client, world, committed_session):
    student, free = world["student"], world["free"]
    not_enrolled = client.post(
        "/api/v1/reviews", json={"course_id": free.id, "rating": 5}, headers=auth(student)
    )
    client.post("/api/v1/enrollments", json={"course_id": free.id}, headers=auth(student))
    out_of_range = client.post(
        "/api/v1/reviews", json={"course_id": free.id, "rating": 6}, headers=auth(student)
    )

    assert not_enrolled.status_code == 403
    assert (out_of_range.status_code, out_of_range.json()["field"]) == (422, "rating")
    assert _count(committed_session, Review) == 0
