"""The checkout page's state with YooKassa configured: no card form, "Pay" sends the
browser to YooKassa's confirmation URL, and coming back confirms the payment. The Reflex
state runs in-process against the test database and the local fake of YooKassa's API
(a browser run would need a second app server built with PAYMENT_PROVIDER=yookassa)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from sqlalchemy import select
from sqlmodel import Session

import edu_platform.edu_platform  # noqa: F401  (the app registers every state)
from edu_platform import db
from edu_platform.models import Order, Payment
from edu_platform.services import orders, sessions
from edu_platform.settings import settings
from edu_platform.state.checkout import CheckoutState
from tests.support.asyncio_run import run as run_async
from tests.support.factories import make_course, make_user
from tests.support.yookassa_fake import FakeYooKassa, use_in_settings


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeYooKassa]:
    with FakeYooKassa() as running:
        yield running


@dataclass
class Buyer:
    cookie: str
    order_id: int


@pytest.fixture
def buyer(fake, clean_db, monkeypatch: pytest.MonkeyPatch) -> Buyer:
    use_in_settings(fake, monkeypatch, public_url="http://shop.test")

    def setup(*, session) -> Buyer:
        user = make_user(session, name="Buyer")
        course = make_course(session, price="1500.00")
        view, _ = orders.create_order(
            session=session, user_id=user.id, course_ids=[course.id], idempotency_key="ui-1"
        )
        ticket = sessions.create_ticket(session=session, user_id=user.id)
        token = sessions.redeem_ticket(session=session, ticket=ticket)
        return Buyer(cookie=f"{sessions.SESSION_COOKIE}={token}", order_id=view.id)

    return db.run_sync(setup)


async def _checkout_state(buyer: Buyer) -> CheckoutState:
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data(
        {
            "headers": {"cookie": buyer.cookie, "user-agent": "pytest"},
            "pathname": "/checkout/[order_id]",
            "asPath": f"/checkout/{buyer.order_id}",
            "query": {"order_id": str(buyer.order_id)},
        }
    )
    return await root.get_state(CheckoutState)


async def _events(handler, state, *args) -> list:
    result = handler.fn(state, *args)
    if hasattr(result, "__aiter__"):
        return [event async for event in result]
    return [await result]


def _navigations(events: list) -> list[str]:
    """The URLs of `window.location.assign(...)` scripts among the handler's events."""
    pattern = re.compile(r'window\.location\.assign\(\\*"([^"\\]+)\\*"\)')
    # One URL per navigating event (its repr may quote the script more than once).
    found = (set(pattern.findall(str(getattr(event, "args", event)))) for event in events)
    return [url for urls in found for url in sorted(urls)]


def _order_status(order_id: int) -> str:
    with Session(db.get_engine()) as session:
        return session.get(Order, order_id).status


def test_pay_sends_the_browser_to_the_yookassa_confirmation_url(buyer, fake):
    async def scenario() -> tuple[CheckoutState, list]:
        state = await _checkout_state(buyer)
        await _events(CheckoutState.load, state)
        assert state.redirect_provider is True
        assert state.order.id == buyer.order_id and state.is_pending
        return state, await _events(CheckoutState.pay, state, {})

    state, events = run_async(scenario())
    [payment] = fake.payments.values()
    assert _navigations(events) == [payment["confirmation"]["confirmation_url"]]
    assert payment["confirmation"]["return_url"] == f"http://shop.test/checkout/{buyer.order_id}"
    assert state.form_error_key == ""
    assert _order_status(buyer.order_id) == "pending"


def test_coming_back_after_paying_shows_the_order_paid(buyer, fake):
    async def pay_then_return() -> CheckoutState:
        state = await _checkout_state(buyer)
        await _events(CheckoutState.load, state)
        await _events(CheckoutState.pay, state, {})
        with Session(db.get_engine()) as session:
            fake.succeed(session.scalar(select(Payment.provider_ref)))
        back = await _checkout_state(buyer)
        await _events(CheckoutState.load, back)
        return back

    back = run_async(pay_then_return())
    assert back.is_paid
    assert _order_status(buyer.order_id) == "paid"


def test_yookassa_unavailable_is_explained_and_the_buyer_stays(buyer, fake):
    async def scenario() -> tuple[CheckoutState, list]:
        state = await _checkout_state(buyer)
        await _events(CheckoutState.load, state)
        fake.fail_next_with = 503
        return state, await _events(CheckoutState.pay, state, {})

    state, events = run_async(scenario())
    assert _navigations(events) == []
    assert state.form_error_key == "yookassa.error.unavailable"
    assert not state.submitting


def test_the_sandbox_keeps_its_card_form(buyer, monkeypatch):
    monkeypatch.setattr(settings, "payment_provider", "sandbox")

    async def scenario() -> CheckoutState:
        state = await _checkout_state(buyer)
        await _events(CheckoutState.load, state)
        return state

    assert run_async(scenario()).redirect_provider is False
