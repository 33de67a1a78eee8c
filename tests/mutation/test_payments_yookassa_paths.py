"""Paying through YooKassa beyond the happy path (services/payments/confirmations.py and
checkout.py), against the local fake of its API: which waiting payments the buyer's
return asks the API about, what it answers when nothing or something changed, and the
payment row of an order a coupon made free. Written to kill the mutants `make mutation`
found alive in services/payments/."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import Order, Payment
from edu_platform.services import orders, payments, yookassa
from edu_platform.services.errors import Conflict, Invalid, NotFound
from edu_platform.settings import settings
from tests.support import http
from tests.support.commerce import make_coupon, place_order
from tests.support.factories import make_course, make_user
from tests.support.yookassa_fake import FakeYooKassa, use_in_settings


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeYooKassa]:
    with FakeYooKassa() as running:
        yield running


@pytest.fixture
def configured(fake: FakeYooKassa, clean_db, monkeypatch: pytest.MonkeyPatch) -> FakeYooKassa:
    use_in_settings(fake, monkeypatch, public_url="http://shop.test")
    return fake


@dataclass
class Buyer:
    user_id: int
    order_ids: list[int]


def _buyer(orders_count: int = 1, *, price: str = "1500.00") -> Buyer:
    def setup(*, session) -> Buyer:
        user = make_user(session, name="Buyer")
        made = []
        for number in range(orders_count):
            course = make_course(session, price=price)
            view, _ = orders.create_order(
                session=session,
                user_id=user.id,
                course_ids=[course.id],
                idempotency_key=f"yk-paths-{number}",
            )
            made.append(view.id)
        return Buyer(user.id, made)

    return db.run_sync(setup)


def _yookassa_payment(fake: FakeYooKassa, order_id: int, value: str = "1500.00") -> str:
    """A payment created at the fake's API (as `pay` would), its id."""
    created = http.post(
        f"{fake.api_url}/payments",
        auth=(fake.shop_id, fake.secret_key),
        headers={"Idempotence-Key": f"paths-{order_id}-{len(fake.payments)}"},
        json={
            "amount": {"value": value, "currency": "RUB"},
            "confirmation": {"type": "redirect", "return_url": "http://shop.test/"},
            "metadata": {"order_id": str(order_id)},
        },
    ).json()
    return created["id"]


def _store_payment(order_id: int, ref: str, *, provider: str = "yookassa", status="pending"):
    def store(*, session) -> None:
        session.add(
            Payment(
                order_id=order_id,
                provider=provider,
                provider_ref=ref,
                status=status,
                amount=Decimal("1500.00"),
                currency="RUB",
            )
        )

    db.run_sync(store)


def _order_status(order_id: int) -> str:
    with Session(db.get_engine()) as session:
        return session.get(Order, order_id).status


def _asked(fake: FakeYooKassa) -> list[str]:
    return [r["path"] for r in fake.requests if r["method"] == "GET"]


def test_a_foreign_or_unknown_order_is_not_found(configured):
    buyer, stranger = _buyer(), _buyer()
    for user_id, order_id in ((stranger.user_id, buyer.order_ids[0]), (buyer.user_id, 10**6)):
        with pytest.raises(NotFound) as caught:
            payments.refresh_order_payments(user_id=user_id, order_id=order_id)
        assert caught.value.message_key == "commerce.order.not_found"
        assert caught.value.detail == f"order {order_id} does not exist"
    assert configured.requests == []


def test_nothing_changed_while_the_buyer_has_not_paid_yet(configured):
    buyer = _buyer()
    ref = _yookassa_payment(configured, buyer.order_ids[0])
    _store_payment(buyer.order_ids[0], ref)
    assert payments.refresh_order_payments(user_id=buyer.user_id, order_id=buyer.order_ids[0]) is (
        False
    )
    assert _asked(configured) == [f"/v3/payments/{ref}"]
    assert _order_status(buyer.order_ids[0]) == "pending"


def test_only_the_orders_own_waiting_yookassa_payments_are_asked_about(configured):
    buyer = _buyer(orders_count=2)
    mine, other = buyer.order_ids
    # Another order of the same buyer, paid at YooKassa: not this page's business.
    paid_elsewhere = _yookassa_payment(configured, other)
    configured.succeed(paid_elsewhere)
    _store_payment(other, paid_elsewhere)
    # This order: a sandbox payment, a failed YooKassa one, and one whose creation at
    # YooKassa never finished (still our own "ykx_" reference).
    _store_payment(mine, "sbx_0123456789abcdef01234567", provider="sandbox")
    failed = _yookassa_payment(configured, mine)
    configured.succeed(failed)
    _store_payment(mine, failed, status="failed")
    _store_payment(mine, "ykx_" + "0" * 32)

    assert payments.refresh_order_payments(user_id=buyer.user_id, order_id=mine) is False
    assert _asked(configured) == []
    assert (_order_status(mine), _order_status(other)) == ("pending", "pending")


def test_a_paid_order_asks_nothing(configured):
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    ref = _yookassa_payment(configured, order_id)
    configured.succeed(ref)
    _store_payment(order_id, ref)
    assert payments.refresh_order_payments(user_id=buyer.user_id, order_id=order_id) is True
    configured.requests.clear()
    assert payments.refresh_order_payments(user_id=buyer.user_id, order_id=order_id) is False
    assert configured.requests == []


def test_yookassa_failing_on_one_payment_does_not_stop_the_next(configured):
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    for _ in range(2):
        ref = _yookassa_payment(configured, order_id)
        configured.succeed(ref)
        _store_payment(order_id, ref)
    configured.fail_next_with = 500  # the first lookup, whichever payment it is for
    assert payments.refresh_order_payments(user_id=buyer.user_id, order_id=order_id) is True
    assert len(_asked(configured)) == 2
    assert _order_status(order_id) == "paid"


def test_an_order_a_coupon_made_free_gets_a_zero_payment_in_its_currency(configured):
    def setup(*, session) -> tuple[int, int]:
        buyer = make_user(session, name="Lucky")
        course = make_course(session, price="49.00", currency="USD")
        coupon = make_coupon(session, kind="percent", value="100")
        return buyer.id, place_order(session, buyer, [course], coupon=coupon, key="free-usd").id

    user_id, order_id = db.run_sync(setup)
    result = db.run_sync(payments.pay, user_id=user_id, order_id=order_id)
    assert (result.status, result.reason, result.confirmation_url) == ("succeeded", None, None)
    assert result.succeeded and result.order.status == "paid"
    with Session(db.get_engine()) as session:
        [payment] = session.scalars(select(Payment).where(Payment.order_id == order_id)).all()
    assert result.payment_id == payment.id
    assert (payment.provider, payment.status, payment.amount, payment.currency) == (
        yookassa.NAME,
        "succeeded",
        Decimal("0.00"),
        "USD",
    )
    # Recognisable as a payment no provider saw (refresh_order_payments never asks).
    assert payment.provider_ref.startswith("free_")
    assert configured.requests == []


def _verified(ref: str, order_id: int | None) -> yookassa.VerifiedPayment:
    return yookassa.VerifiedPayment(
        id=ref,
        status="succeeded",
        amount=Decimal("1500.00"),
        currency="RUB",
        order_id=order_id,
        reason=None,
        confirmation_url=None,
    )


def test_an_api_answer_counts_only_for_a_yookassa_payment_of_that_id(configured):
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    # The id of another provider's payment, and an id no payment of ours has (while a
    # real YooKassa payment of the order waits).
    _store_payment(order_id, "sbx_000000000000000000000001", provider="sandbox")
    _store_payment(order_id, _yookassa_payment(configured, order_id))
    for ref in ("sbx_000000000000000000000001", "2d9b6a3c-000f-5000-9000-1b0f1a6f0a11"):
        with pytest.raises(NotFound) as caught:
            db.run_sync(payments.apply_yookassa_payment, verified=_verified(ref, order_id))
        error = caught.value
        assert (error.message_key, error.detail, error.field) == (
            "yookassa.error.unknown",
            f"no payment {ref}",
            "id",
        )
    assert _order_status(order_id) == "pending"


def test_an_api_answer_naming_another_order_is_refused(configured):
    buyer = _buyer(orders_count=2)
    mine, other = buyer.order_ids
    ref = _yookassa_payment(configured, mine)
    _store_payment(mine, ref)
    with pytest.raises(Invalid) as caught:
        db.run_sync(payments.apply_yookassa_payment, verified=_verified(ref, other))
    error = caught.value
    assert (error.message_key, error.detail, error.field) == (
        "commerce.webhook.invalid",
        "the payment belongs to another order",
        "id",
    )
    assert (_order_status(mine), _order_status(other)) == ("pending", "pending")
    # Without our metadata the payment row alone says which order it pays.
    outcome = db.run_sync(payments.apply_yookassa_payment, verified=_verified(ref, None))
    assert (outcome.order_id, outcome.changed, outcome.order_status) == (mine, True, "paid")


def test_a_cancellation_without_a_reason_is_recorded_as_canceled(configured):
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    ref = _yookassa_payment(configured, order_id)
    _store_payment(order_id, ref)
    canceled = dataclasses.replace(_verified(ref, order_id), status="canceled")
    outcome = db.run_sync(payments.apply_yookassa_payment, verified=canceled)
    assert (outcome.changed, outcome.order_status) == (True, "pending")
    with Session(db.get_engine()) as session:
        payment = session.scalar(select(Payment).where(Payment.provider_ref == ref))
    assert (payment.status, payment.error) == ("failed", "canceled")


def _paid_order(fake: FakeYooKassa) -> tuple[int, str]:
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    ref = _yookassa_payment(fake, order_id)
    fake.succeed(ref)
    _store_payment(order_id, ref)
    assert payments.refresh_order_payments(user_id=buyer.user_id, order_id=order_id)
    return order_id, ref


def test_a_sender_on_the_allow_list_is_heard(configured, monkeypatch):
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    ref = _yookassa_payment(configured, order_id)
    configured.succeed(ref)
    _store_payment(order_id, ref)
    monkeypatch.setattr(settings, "yookassa_allowed_ips", "185.71.76.0/27")
    outcome = payments.handle_yookassa_notification(
        raw_body=configured.notification("payment.succeeded", ref), ip="185.71.76.5"
    )
    assert (outcome.event, outcome.changed, outcome.order_id, outcome.order_status) == (
        "payment.succeeded",
        True,
        order_id,
        "paid",
    )


def test_a_refund_the_api_does_not_confirm_yet_is_a_conflict(configured):
    order_id, ref = _paid_order(configured)
    refund = configured.refund_in_dashboard(ref, "1500.00", key="pending-refund")
    configured.refunds[refund["id"]]["status"] = "pending"
    with pytest.raises(Conflict) as caught:
        payments.handle_yookassa_notification(
            raw_body=configured.notification("refund.succeeded", refund["id"]), ip=None
        )
    assert (caught.value.detail, caught.value.field) == (
        f"refund {refund['id']} is pending",
        "event",
    )
    assert _order_status(order_id) == "paid"


def test_a_notification_the_api_contradicts_is_a_conflict(configured):
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    ref = _yookassa_payment(configured, order_id)
    _store_payment(order_id, ref)
    for event, status, claimed in (
        ("payment.succeeded", "pending", "succeeded"),
        ("payment.canceled", "pending", "canceled"),
    ):
        with pytest.raises(Conflict) as caught:
            payments.handle_yookassa_notification(
                raw_body=configured.notification(event, ref, status="succeeded"), ip=None
            )
        error = caught.value
        assert (error.message_key, error.detail, error.field) == (
            "commerce.webhook.invalid",
            f"payment {ref} is {status}, not {claimed}",
            "event",
        )
    configured.succeed(ref)
    with pytest.raises(Conflict) as caught:
        payments.handle_yookassa_notification(
            raw_body=configured.notification("payment.canceled", ref), ip=None
        )
    assert caught.value.detail == f"payment {ref} is succeeded, not canceled"
    assert _order_status(order_id) == "pending"


# --- starting a redirect payment ----------------------------------------------------------


def _start(buyer: Buyer, return_url: str | None = None):
    return db.run_sync(
        payments.pay, user_id=buyer.user_id, order_id=buyer.order_ids[0], return_url=return_url
    )


def _created_return_urls(fake: FakeYooKassa) -> list[str]:
    return [
        r["body"]["confirmation"]["return_url"]
        for r in fake.requests
        if (r["method"], r["path"]) == ("POST", "/v3/payments")
    ]


def test_the_buyer_comes_back_to_the_given_page_or_the_checkout(configured, monkeypatch):
    monkeypatch.setattr(settings, "public_url", "http://shop.test/")
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    first = _start(buyer)
    assert (first.status, first.reason, first.order.status) == ("pending", None, "pending")
    assert first.confirmation_url.startswith("https://yoomoney.example/")
    with Session(db.get_engine()) as session:
        [payment] = session.scalars(select(Payment).where(Payment.order_id == order_id)).all()
    assert first.payment_id == payment.id
    assert (payment.provider, payment.status, payment.amount, payment.currency) == (
        "yookassa",
        "pending",
        Decimal("1500.00"),
        "RUB",
    )
    configured.cancel(payment.provider_ref)
    db.run_sync(
        payments.apply_yookassa_payment,
        verified=yookassa.verified_payment(payment.provider_ref),
    )
    second = _start(buyer, return_url="http://shop.test/my-learning")
    assert second.payment_id != first.payment_id
    assert _created_return_urls(configured) == [
        f"http://shop.test/checkout/{order_id}",
        "http://shop.test/my-learning",
    ]
    # Only the slashes at the end of the public URL go.
    monkeypatch.setattr(settings, "public_url", "http://shop.test/EX//")
    other = _buyer()
    _start(other)
    assert _created_return_urls(configured)[-1] == (
        f"http://shop.test/EX/checkout/{other.order_ids[0]}"
    )


def test_only_a_waiting_yookassa_payment_of_the_full_amount_is_reused(configured):
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    # Pending rows that must not be reused: a sandbox payment, one of another amount,
    # and one whose creation at YooKassa never finished.
    _store_payment(order_id, "sbx_000000000000000000000002", provider="sandbox")
    other_amount = _yookassa_payment(configured, order_id, value="1000.00")
    _store_payment(order_id, other_amount)

    def set_amount(*, session) -> None:
        row = session.scalar(select(Payment).where(Payment.provider_ref == other_amount))
        row.amount = Decimal("1000.00")

    db.run_sync(set_amount)
    _store_payment(order_id, "ykx_" + "1" * 32)
    older, newer = _yookassa_payment(configured, order_id), _yookassa_payment(configured, order_id)
    _store_payment(order_id, older)
    _store_payment(order_id, newer)
    # The newest waiting payment of all is another buyer's, for the same amount.
    stranger = _buyer()
    _store_payment(stranger.order_ids[0], _yookassa_payment(configured, stranger.order_ids[0]))
    configured.requests.clear()

    result = _start(buyer)
    assert result.confirmation_url == configured.payments[newer]["confirmation"]["confirmation_url"]
    with Session(db.get_engine()) as session:
        reused = session.get(Payment, result.payment_id)
    assert reused.provider_ref == newer
    # Only the newest waiting payment was looked up; nothing was created.
    assert [(r["method"], r["path"]) for r in configured.requests] == [
        ("GET", f"/v3/payments/{newer}")
    ]


@pytest.mark.parametrize("decoy", ["sandbox", "failed", "other amount"])
def test_a_newer_payment_that_is_not_waiting_for_this_amount_is_not_reused(configured, decoy):
    buyer = _buyer()
    order_id = buyer.order_ids[0]
    waiting = _yookassa_payment(configured, order_id)
    _store_payment(order_id, waiting)
    if decoy == "sandbox":
        _store_payment(order_id, "sbx_000000000000000000000003", provider="sandbox")
    else:
        ref = _yookassa_payment(configured, order_id)  # still pending at YooKassa
        _store_payment(order_id, ref, status="failed" if decoy == "failed" else "pending")
        if decoy == "other amount":

            def set_amount(*, session) -> None:
                row = session.scalar(select(Payment).where(Payment.provider_ref == ref))
                row.amount = Decimal("1000.00")

            db.run_sync(set_amount)
    result = _start(buyer)
    with Session(db.get_engine()) as session:
        assert session.get(Payment, result.payment_id).provider_ref == waiting
    assert (
        result.confirmation_url == configured.payments[waiting]["confirmation"]["confirmation_url"]
    )


def test_a_redirect_payment_is_created_in_the_orders_currency(configured):
    def setup(*, session) -> Buyer:
        user = make_user(session, name="Buyer")
        course = make_course(session, price="25.00", currency="USD")
        view, _ = orders.create_order(
            session=session, user_id=user.id, course_ids=[course.id], idempotency_key="usd"
        )
        return Buyer(user.id, [view.id])

    buyer = db.run_sync(setup)
    result = _start(buyer)
    with Session(db.get_engine()) as session:
        payment = session.get(Payment, result.payment_id)
    assert (payment.amount, payment.currency) == (Decimal("25.00"), "USD")
    [created] = [r for r in configured.requests if r["method"] == "POST"]
    assert created["body"]["amount"] == {"value": "25.00", "currency": "USD"}
