"""Webhooks over HTTP: an admin registers a local receiver (a real HTTP server on
127.0.0.1), a sandbox payment sends it a signed `order.paid`, a 500 is retried then
delivered, a delivery is redelivered; the routes' rules (admin only, secret once, URL
and event checks, private addresses refused in production)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from edu_platform.jobs import webhooks as webhook_jobs
from edu_platform.models import Order, WebhookDelivery, utcnow
from edu_platform.services import webhooks
from edu_platform.settings import settings
from tests.support.api import api_app, auth
from tests.support.cards import GOOD_CARD
from tests.support.factories import make_course, make_user
from tests.support.jobs import redis_at
from tests.support.receiver import Receiver


@pytest.fixture
def inline_jobs(monkeypatch):
    with redis_at(monkeypatch, ""):
        yield


@pytest.fixture
def client(clean_db, inline_jobs) -> TestClient:
    with TestClient(api_app()) as test_client:
        yield test_client


@pytest.fixture
def receiver():
    with Receiver() as server:
        yield server


@pytest.fixture
def world(committed_session):
    s = committed_session
    data = {
        "student": make_user(s),
        "admin": make_user(s, role="admin"),
        "teacher": make_user(s, role="teacher"),
        "paid": make_course(s, price="4990.00", title="Paid course"),
    }
    s.commit()
    return data


def _register(client, admin, url, events=("order.paid",)):
    response = client.post(
        "/api/v1/webhooks",
        json={"url": url, "events": list(events), "description": "ERP"},
        headers=auth(admin),
    )
    assert response.status_code == 201, response.text
    return response.json()


def _buy(client, student, course_id, key="k-1") -> int:
    order = client.post(
        "/api/v1/orders",
        json={"course_ids": [course_id]},
        headers={**auth(student), "Idempotency-Key": key},
    )
    assert order.status_code == 201, order.text
    paid = client.post(
        f"/api/v1/orders/{order.json()['id']}/pay", json=GOOD_CARD, headers=auth(student)
    )
    assert paid.status_code == 200, paid.text
    return order.json()["id"]


def _deliveries(client, admin, webhook_id):
    response = client.get(f"/api/v1/webhooks/{webhook_id}/deliveries", headers=auth(admin))
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _wait_delivery(client, admin, webhook_id, **expected):
    deadline = time.monotonic() + 20
    while True:
        items = _deliveries(client, admin, webhook_id)
        if items and all(items[0][key] == value for key, value in expected.items()):
            return items[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"delivery never reached {expected}: {items}")
        time.sleep(0.05)


def test_sandbox_payment_sends_a_signed_order_paid(client, world, receiver, committed_session):
    admin, student, course = world["admin"], world["student"], world["paid"]
    created = _register(client, admin, receiver.url)
    assert created["secret"].startswith("whsec_")
    assert set(created) >= {"id", "url", "events", "is_active", "secret"}

    order_id = _buy(client, student, course.id)

    [request] = receiver.wait_for(1)
    timestamp = request.headers["x-edu-timestamp"]
    assert webhooks.verify_signature(
        created["secret"], timestamp, request.body, request.headers["x-edu-signature"]
    )
    assert not webhooks.verify_signature("whsec_wrong", timestamp, request.body,
                                         request.headers["x-edu-signature"])  # fmt: skip
    assert abs(int(timestamp) - time.time()) < 60
    assert request.headers["x-edu-event"] == "order.paid"
    body = request.json
    assert set(body) == {"id", "type", "occurred_at", "data"}
    assert body["type"] == "order.paid"
    assert body["data"]["order_id"] == order_id
    assert body["data"]["user_id"] == student.id
    assert body["data"]["course_ids"] == [course.id]
    assert body["data"]["total"] == "4990.00"
    delivery = _wait_delivery(client, admin, created["id"], status="delivered")
    assert request.headers["x-edu-delivery"] == str(delivery["id"])
    assert (delivery["event_id"], delivery["type"]) == (body["id"], "order.paid")
    assert (delivery["attempts"], delivery["response_code"]) == (1, 200)
    assert delivery["delivered_at"] is not None
    committed_session.rollback()
    committed_session.expire_all()
    assert committed_session.get(Order, order_id).status == "paid"


def test_a_500_is_retried_after_a_minute_then_delivered(client, world, receiver, committed_session):
    admin, student, course = world["admin"], world["student"], world["paid"]
    receiver.statuses = [500]
    created = _register(client, admin, receiver.url)

    _buy(client, student, course.id)

    receiver.wait_for(1)
    first = _wait_delivery(client, admin, created["id"], attempts=1)
    assert (first["status"], first["response_code"]) == ("pending", 500)
    wait = (
        committed_session.scalar(
            select(WebhookDelivery.next_attempt_at).where(WebhookDelivery.id == first["id"])
        )
        - utcnow()
    )
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)
    assert webhook_jobs.dispatch_due_webhooks() == 0  # not due yet

    # A minute later (moved back rather than waited for), the sweep sends it again.
    committed_session.rollback()
    committed_session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == first["id"])
        .values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    committed_session.commit()
    assert webhook_jobs.dispatch_due_webhooks() == 1
    requests = receiver.wait_for(2)
    assert requests[0].json["id"] == requests[1].json["id"]  # the same event: dedupe by id
    delivered = _wait_delivery(client, admin, created["id"], status="delivered")
    assert (delivered["attempts"], delivered["response_code"]) == (2, 200)


def test_redeliver_sends_the_event_again(client, world, receiver):
    admin, student, course = world["admin"], world["student"], world["paid"]
    created = _register(client, admin, receiver.url)
    _buy(client, student, course.id)
    delivery = _wait_delivery(client, admin, created["id"], status="delivered")

    response = client.post(
        f"/api/v1/webhooks/{created['id']}/deliveries/{delivery['id']}/redeliver",
        headers=auth(admin),
    )

    assert response.status_code == 202, response.text
    requests = receiver.wait_for(2)
    assert requests[1].json == requests[0].json
    assert requests[1].headers["x-edu-delivery"] == str(delivery["id"])
    again = _wait_delivery(client, admin, created["id"], attempts=2)
    assert again["status"] == "delivered"
    missing = client.post(
        f"/api/v1/webhooks/{created['id']}/deliveries/999999/redeliver", headers=auth(admin)
    )
    assert missing.status_code == 404


def test_webhook_routes_are_admin_only_and_hide_the_secret(client, world, receiver):
    admin, student, teacher = world["admin"], world["student"], world["teacher"]
    body = {"url": receiver.url, "events": ["user.created"]}
    assert client.post("/api/v1/webhooks", json=body).status_code == 401
    assert client.post("/api/v1/webhooks", json=body, headers=auth(student)).status_code == 403
    assert client.get("/api/v1/webhooks", headers=auth(teacher)).status_code == 403

    created = _register(client, admin, receiver.url, events=["user.created", "order.paid"])
    listed = client.get("/api/v1/webhooks", headers=auth(admin)).json()
    assert listed["total"] == 1 and listed["page"] == 1 and listed["per_page"] == 20
    assert "secret" not in listed["items"][0]
    assert listed["items"][0]["events"] == ["user.created", "order.paid"]

    patched = client.patch(
        f"/api/v1/webhooks/{created['id']}",
        json={"events": ["course.published"], "is_active": False},
        headers=auth(admin),
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["events"] == ["course.published"]
    assert patched.json()["is_active"] is False and "secret" not in patched.json()
    assert (
        client.delete(f"/api/v1/webhooks/{created['id']}", headers=auth(student)).status_code == 403
    )
    assert (
        client.delete(f"/api/v1/webhooks/{created['id']}", headers=auth(admin)).status_code == 204
    )
    gone = client.get(f"/api/v1/webhooks/{created['id']}/deliveries", headers=auth(admin))
    assert gone.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.com/x", "events": ["order.paid"]}, "url"),
        ({"url": "https://", "events": ["order.paid"]}, "url"),
        ({"url": "https://example.com/x", "events": []}, "events"),
        ({"url": "https://example.com/x", "events": ["order.shipped"]}, "events.0"),
        ({"events": ["order.paid"]}, "url"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, world, body, field):
    response = client.post("/api/v1/webhooks", json=body, headers=auth(world["admin"]))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_production_refuses_private_addresses_unless_allowed(client, world, monkeypatch):
    admin = world["admin"]
    monkeypatch.setattr(settings, "environment", "production")
    for url in ("http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://localhost/x",
                "http://[::1]/x", "http://169.254.169.254/latest"):  # fmt: skip
        response = client.post(
            "/api/v1/webhooks", json={"url": url, "events": ["order.paid"]}, headers=auth(admin)
        )
        assert response.status_code == 422, (url, response.text)
        assert response.json()["field"] == "url"
    monkeypatch.setattr(settings, "webhook_allow_private", True)
    allowed = client.post(
        "/api/v1/webhooks",
        json={"url": "http://127.0.0.1:9/x", "events": ["order.paid"]},
        headers=auth(admin),
    )
    assert allowed.status_code == 201
