"""YooKassa, the real payment provider (issue #9, item 3), against a local fake of its
HTTP API (tests/support/yookassa_fake.py), through the integration API.

Notifications are unsigned, so each one counts only as far as YooKassa's API confirms
it: a forged "payment.succeeded" for an unknown or unpaid payment changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import Enrollment, Order, Payment, Refund
from edu_platform.services import orders, payments, tokens, yookassa
from edu_platform.services.errors import Forbidden
from edu_platform.settings import settings
from tests.support import http
from tests.support.api import api_app
from tests.support.factories import make_course, make_user
from tests.support.yookassa_fake import FakeYooKassa, use_in_settings

PUBLIC_URL = "http://testserver"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeYooKassa]:
    with FakeYooKassa() as running:
        yield running


@pytest.fixture
def api(fake: FakeYooKassa, clean_db, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    use_in_settings(fake, monkeypatch, public_url=PUBLIC_URL)
    with TestClient(api_app()) as client:
        yield client


@dataclass
class Shop:
    buyer_id: int
    buyer_token: str
    admin_token: str
    course_id: int
    order_id: int


@pytest.fixture
def shop(api) -> Shop:
    def setup(*, session) -> Shop:
        buyer = make_user(session, name="Buyer")
        admin = make_user(session, role="admin", name="Admin")
        course = make_course(session, price="4990.00")
        view, _ = orders.create_order(
            session=session, user_id=buyer.id, course_ids=[course.id], idempotency_key="yk-1"
        )
        return Shop(
            buyer_id=buyer.id,
            buyer_token=tokens.issue_tokens(session=session, user=buyer).access_token,
            admin_token=tokens.issue_tokens(session=session, user=admin).access_token,
            course_id=course.id,
            order_id=view.id,
        )

    return db.run_sync(setup)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _pay(api: TestClient, shop: Shop) -> dict:
    response = api.post(
        f"/api/v1/orders/{shop.order_id}/pay", json={}, headers=_auth(shop.buyer_token)
    )
    assert response.status_code == 202, response.text
    return response.json()


def _notify(api: TestClient, body: bytes) -> httpx.Response:
    return api.post(
        "/api/v1/payments/yookassa", content=body, headers={"Content-Type": "application/json"}
    )


def _state(shop: Shop) -> tuple[str, int, list[str]]:
    """(order status, active enrolments, payment statuses)."""
    with Session(db.get_engine()) as session:
        order = session.get(Order, shop.order_id)
        enrolled = session.scalar(
            select(func.count())
            .select_from(Enrollment)
            .where(
                Enrollment.user_id == shop.buyer_id,
                Enrollment.status.in_(("active", "completed")),
            )
        )
        statuses = list(
            session.scalars(
                select(Payment.status).where(Payment.order_id == shop.order_id).order_by(Payment.id)
            )
        )
        return order.status, enrolled, statuses


def _payment_id(shop: Shop) -> str:
    with Session(db.get_engine()) as session:
        return session.scalar(select(Payment.provider_ref).where(Payment.order_id == shop.order_id))


def _paid(api: TestClient, fake: FakeYooKassa, shop: Shop) -> str:
    _pay(api, shop)
    payment_id = _payment_id(shop)
    fake.succeed(payment_id)
    assert _notify(api, fake.notification("payment.succeeded", payment_id)).status_code == 200
    return payment_id


# --- paying -----------------------------------------------------------------------------


def test_pay_creates_the_payment_at_yookassa_and_answers_with_its_confirmation_url(api, fake, shop):
    answer = _pay(api, shop)
    [created] = fake.requests
    assert (created["method"], created["path"]) == ("POST", "/v3/payments")
    assert created["authorization"].startswith("Basic ")
    assert created["idempotence_key"]
    assert created["body"]["amount"] == {"value": "4990.00", "currency": "RUB"}
    assert created["body"]["confirmation"] == {
        "type": "redirect",
        "return_url": f"{PUBLIC_URL}/checkout/{shop.order_id}",
    }
    assert created["body"]["metadata"]["order_id"] == str(shop.order_id)
    payment = fake.payments[_payment_id(shop)]
    assert answer["confirmation_url"] == payment["confirmation"]["confirmation_url"]
    assert answer["code"] == "redirect" and answer["order"]["status"] == "pending"
    assert _state(shop) == ("pending", 0, ["pending"])


def test_a_second_click_reuses_the_payment_still_waiting_for_the_buyer(api, fake, shop):
    first = _pay(api, shop)
    second = _pay(api, shop)
    assert first["confirmation_url"] == second["confirmation_url"]
    assert [r["path"] for r in fake.requests if r["method"] == "POST"] == ["/v3/payments"]
    assert _state(shop)[2] == ["pending"]


def test_yookassa_down_is_a_502_and_leaves_no_payment(api, fake, shop):
    fake.fail_next_with = 500
    response = api.post(
        f"/api/v1/orders/{shop.order_id}/pay", json={}, headers=_auth(shop.buyer_token)
    )
    assert response.status_code == 502
    assert response.json()["code"] == "payment_provider_error"
    assert _state(shop) == ("pending", 0, [])


# --- notifications ------------------------------------------------------------------------


def test_a_confirmed_notification_pays_the_order_once_and_a_replay_is_harmless(api, fake, shop):
    _pay(api, shop)
    payment_id = _payment_id(shop)
    fake.succeed(payment_id)
    body = fake.notification("payment.succeeded", payment_id)

    first = _notify(api, body)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "status": "ok",
        "event": "payment.succeeded",
        "changed": True,
        "order_id": shop.order_id,
        "order_status": "paid",
    }
    assert _state(shop) == ("paid", 1, ["succeeded"])
    # The notification was checked against the API before it counted.
    assert ("GET", f"/v3/payments/{payment_id}") in [
        (r["method"], r["path"]) for r in fake.requests
    ]

    replay = _notify(api, body)
    assert replay.status_code == 200 and replay.json()["changed"] is False
    assert _state(shop) == ("paid", 1, ["succeeded"])


def test_a_forged_success_for_an_unpaid_payment_is_refused(api, fake, shop):
    _pay(api, shop)
    payment_id = _payment_id(shop)  # the buyer never paid: YooKassa says pending
    forged = fake.notification("payment.succeeded", payment_id, status="succeeded", paid=True)
    response = _notify(api, forged)
    assert response.status_code == 409, response.text
    assert _state(shop) == ("pending", 0, ["pending"])


def test_a_forged_notification_for_an_unknown_payment_is_refused(api, fake, shop):
    _pay(api, shop)
    forged = fake.notification(
        "payment.succeeded",
        "2d9b6a3c-000f-5000-9000-1b0f1a6f0a11",
        status="succeeded",
        amount={"value": "4990.00", "currency": "RUB"},
        metadata={"order_id": str(shop.order_id)},
    )
    assert _notify(api, forged).status_code == 404
    assert _state(shop) == ("pending", 0, ["pending"])


def test_a_paid_payment_that_is_not_ours_is_refused(api, fake, shop):
    """A real, succeeded payment of the same shop that no order of ours started."""
    created = http.post(
        f"{fake.api_url}/payments",
        auth=(fake.shop_id, fake.secret_key),
        headers={"Idempotence-Key": "outsider"},
        json={
            "amount": {"value": "1.00", "currency": "RUB"},
            "confirmation": {"type": "redirect", "return_url": "https://evil.example"},
            "metadata": {"order_id": str(shop.order_id)},
        },
    ).json()
    fake.succeed(created["id"])
    assert _notify(api, fake.notification("payment.succeeded", created["id"])).status_code == 404
    assert _state(shop) == ("pending", 0, [])


@pytest.mark.parametrize(
    "body",
    [b"not json", b"{}", b'{"type": "notification", "event": "payment.succeeded"}'],
)
def test_malformed_notifications_are_refused(api, shop, body):
    assert _notify(api, body).status_code == 422


def test_a_canceled_payment_is_recorded_and_the_order_stays_payable(api, fake, shop):
    first = _pay(api, shop)
    payment_id = _payment_id(shop)
    fake.cancel(payment_id)
    response = _notify(api, fake.notification("payment.canceled", payment_id))
    assert response.status_code == 200 and response.json()["changed"] is True
    assert _state(shop) == ("pending", 0, ["failed"])
    with Session(db.get_engine()) as session:
        assert session.scalar(select(Payment.error)) == "insufficient_funds"
    # Paying again creates a new payment at YooKassa.
    again = _pay(api, shop)
    assert again["confirmation_url"] != first["confirmation_url"]
    assert _state(shop) == ("pending", 0, ["failed", "pending"])


def test_senders_outside_the_allow_list_are_refused(api, fake, shop, monkeypatch):
    _pay(api, shop)
    payment_id = _payment_id(shop)
    fake.succeed(payment_id)
    monkeypatch.setattr(settings, "yookassa_allowed_ips", "185.71.76.0/27, 77.75.156.11")
    response = _notify(api, fake.notification("payment.succeeded", payment_id))
    assert response.status_code == 403
    assert _state(shop) == ("pending", 0, ["pending"])
    yookassa.check_sender("185.71.76.5")  # inside: no error
    with pytest.raises(Forbidden):
        yookassa.check_sender("203.0.113.9")


def test_the_buyer_coming_back_confirms_the_payment_without_a_notification(api, fake, shop):
    _pay(api, shop)
    fake.succeed(_payment_id(shop))
    assert payments.refresh_order_payments(user_id=shop.buyer_id, order_id=shop.order_id)
    assert _state(shop) == ("paid", 1, ["succeeded"])


# --- refunds ------------------------------------------------------------------------------


def test_refund_calls_yookassa_and_ends_access(api, fake, shop):
    payment_id = _paid(api, fake, shop)
    response = api.post(
        f"/api/v1/orders/{shop.order_id}/refund",
        json={"reason": "asked"},
        headers=_auth(shop.admin_token),
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "refunded"
    [refund_call] = [r for r in fake.requests if r["path"] == "/v3/refunds"]
    assert refund_call["body"] == {
        "payment_id": payment_id,
        "amount": {"value": "4990.00", "currency": "RUB"},
    }
    assert refund_call["idempotence_key"]
    assert _state(shop) == ("refunded", 0, ["refunded"])
    # YooKassa then notifies about the refund: nothing more to do.
    [refund_id] = fake.refunds
    late = _notify(api, fake.notification("refund.succeeded", refund_id))
    assert late.status_code == 200 and late.json()["changed"] is False


def test_a_refund_yookassa_refuses_changes_nothing(api, fake, shop):
    _paid(api, fake, shop)
    fake.fail_next_with = 500
    response = api.post(
        f"/api/v1/orders/{shop.order_id}/refund", json={}, headers=_auth(shop.admin_token)
    )
    assert response.status_code == 502
    assert _state(shop) == ("paid", 1, ["succeeded"])
    with Session(db.get_engine()) as session:
        assert session.scalar(select(func.count()).select_from(Refund)) == 0


def test_a_refund_made_in_the_yookassa_dashboard_ends_access(api, fake, shop):
    payment_id = _paid(api, fake, shop)
    refund = fake.refund_in_dashboard(payment_id, "4990.00", key="dashboard")
    response = _notify(api, fake.notification("refund.succeeded", refund["id"]))
    assert response.status_code == 200 and response.json()["changed"] is True
    assert _state(shop) == ("refunded", 0, ["refunded"])


def test_a_forged_refund_notification_is_refused(api, fake, shop):
    _paid(api, fake, shop)
    forged = fake.notification(
        "refund.succeeded", "2d9b6a3c-0015-5000-a000-000000000001", payment_id=_payment_id(shop)
    )
    assert _notify(api, forged).status_code == 404
    assert _state(shop) == ("paid", 1, ["succeeded"])


def test_yookassa_without_its_keys_refuses_to_start(monkeypatch):
    from edu_platform.settings import Settings

    for name in ("YOOKASSA_SHOP_ID", "YOOKASSA_SECRET_KEY", "PAYMENT_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match="YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY"):
        Settings(_env_file=None, payment_provider="yookassa", yookassa_shop_id="123")
    configured = Settings(
        _env_file=None,
        payment_provider="yookassa",
        yookassa_shop_id="123",
        yookassa_secret_key="test_key",
    )
    assert configured.yookassa_api_url == "https://api.yookassa.ru/v3"


def test_an_order_a_coupon_made_free_is_paid_without_yookassa(api, fake):
    from tests.support.commerce import make_coupon, place_order

    def setup(*, session) -> tuple[int, str]:
        buyer = make_user(session, name="Lucky")
        course = make_course(session, price="990.00")
        coupon = make_coupon(session, kind="percent", value="100")
        view = place_order(session, buyer, [course], coupon=coupon, key="free-1")
        return view.id, tokens.issue_tokens(session=session, user=buyer).access_token

    order_id, token = db.run_sync(setup)
    response = api.post(f"/api/v1/orders/{order_id}/pay", json={}, headers=_auth(token))
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "paid"
    assert fake.requests == []
