"""The UI side of email verification, with the Reflex states run in-process against the
test database: /verify-email/[token] spends the link once; the account page shows the
unverified address and mails a new link ("send again"), limited per hour."""

from __future__ import annotations

import re

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from sqlalchemy import select
from sqlmodel import Session

import edu_platform.edu_platform  # noqa: F401  (the app registers every state)
from edu_platform import db
from edu_platform.i18n import translate
from edu_platform.models import Outbox, User
from edu_platform.services import accounts, sessions
from edu_platform.settings import settings
from edu_platform.state.account import AccountState, VerifyEmailState
from tests.support.asyncio_run import run as run_async

EMAIL = "learner@example.com"


@pytest.fixture
def learner(clean_db, monkeypatch: pytest.MonkeyPatch) -> str:
    """A self-registered learner's session cookie."""
    monkeypatch.setattr(settings, "public_url", "http://school.test")

    def setup(*, session) -> str:
        user = accounts.register(
            session=session, email=EMAIL, password="correct horse 42", full_name="L", locale="en"
        )
        ticket = sessions.create_ticket(session=session, user_id=user.id)
        return f"{sessions.SESSION_COOKIE}={sessions.redeem_ticket(session=session, ticket=ticket)}"

    return db.run_sync(setup)


def _root(cookie: str = "", path: str = "/account", query: dict | None = None) -> State:
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "pathname": path, "asPath": path, "query": query or {}}
    )
    return root


def _tokens() -> list[str]:
    with Session(db.get_engine()) as session:
        bodies = session.scalars(select(Outbox.body).where(Outbox.recipient == EMAIL))
        return [re.search(r"/verify-email/([\w-]+)", body).group(1) for body in bodies]


def _verified() -> bool:
    with Session(db.get_engine()) as session:
        user = session.scalar(select(User).where(User.email == EMAIL))
        return user.email_verified_at is not None


async def _open_link(token: str) -> VerifyEmailState:
    root = _root(path="/verify-email/[token]", query={"token": token})
    state = await root.get_state(VerifyEmailState)
    await VerifyEmailState.load.fn(state)
    return state


def test_the_link_page_verifies_once(learner):
    [token] = _tokens()
    first = run_async(_open_link(token))
    assert (first.checked, first.verified) == (True, True)
    assert _verified()
    again = run_async(_open_link(token))
    assert (again.checked, again.verified) == (True, False)


def test_a_made_up_link_verifies_nothing(learner):
    state = run_async(_open_link("made-up-token"))
    assert (state.checked, state.verified) == (True, False)
    assert not _verified()


def test_the_account_page_offers_a_new_link_until_the_hourly_limit(learner):
    async def scenario() -> list[tuple[bool, bool, str]]:
        state = await _root(learner).get_state(AccountState)
        await AccountState.load.fn(state)
        seen = [(state.email_verified, state.verification_sent, state.verification_error)]
        for _ in range(3):
            await AccountState.resend_verification.fn(state)
            seen.append((state.email_verified, state.verification_sent, state.verification_error))
        return seen

    seen = run_async(scenario())
    assert seen[:3] == [(False, False, ""), (False, True, ""), (False, True, "")]
    # The page's language (LangState) is Russian until the user's own applies.
    assert seen[3] == (False, False, translate("verify_email.too_many", "ru"))
    assert len(_tokens()) == 3


def test_the_account_page_of_a_verified_learner_offers_nothing(learner):
    run_async(_open_link(_tokens()[0]))

    async def scenario() -> AccountState:
        state = await _root(learner).get_state(AccountState)
        await AccountState.load.fn(state)
        return state

    assert run_async(scenario()).email_verified is True
