"""Issue 9, item 4: one address must not lock every account behind it.

Failures count per account (any address) and per account+address; an address alone is
refused only when it sprays many accounts. Through the API and through the sign-in
page's service path, with counters in the database and in Redis, on both databases.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from edu_platform.services import accounts
from edu_platform.services.errors import RateLimited, Unauthorized
from edu_platform.services.sessions import ticket_for_user
from tests.security.svc_support import counter_store
from tests.support.api import api_app
from tests.support.factories import PASSWORD, register_user, unique_email

__all__ = ["counter_store"]

OFFICE_IP = "203.0.113.7"


def _page_sign_in(email: str, password: str, ip: str) -> str:
    """What the sign-in page's handler calls (state/auth.py, AuthState.sign_in)."""
    return accounts.sign_in_with_password(
        ticket_for_user,
        email=email,
        password=password,
        ip=ip,
        user_agent="pytest",
        client_ip=ip,
    )


def test_api_failures_for_one_account_do_not_lock_another_from_the_same_address(
    counter_store, committed_session
):
    victim = register_user(committed_session, commit=True)
    colleague = register_user(committed_session, commit=True)
    with TestClient(api_app()) as client:

        def login(email: str, password: str):
            return client.post("/api/v1/auth/login", json={"email": email, "password": password})

        statuses = [login(victim.email, "wrong-password").status_code for _ in range(5)]
        assert statuses == [401] * 5
        locked = login(victim.email, PASSWORD)
        assert locked.status_code == 429
        assert locked.json()["code"] == "rate_limited"
        assert 0 < int(locked.headers["Retry-After"]) <= 900
        # Same address (the test client's), another account: signs in.
        other = login(colleague.email, PASSWORD)
        assert other.status_code == 200, other.text
        assert other.json()["access_token"]


def test_page_sign_in_failures_for_one_account_do_not_lock_another(
    counter_store, committed_session
):
    victim = register_user(committed_session, commit=True)
    colleague = register_user(committed_session, commit=True)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(Unauthorized):
            _page_sign_in(victim.email, "wrong-password", OFFICE_IP)
    with pytest.raises(RateLimited) as caught:
        _page_sign_in(victim.email, PASSWORD, OFFICE_IP)
    assert caught.value.message_key == "accounts.locked"
    # The account is locked from any address too.
    with pytest.raises(RateLimited):
        _page_sign_in(victim.email, PASSWORD, "198.51.100.9")
    assert _page_sign_in(colleague.email, PASSWORD, OFFICE_IP)


def test_a_spray_across_many_accounts_locks_the_address_only(counter_store, committed_session):
    user = register_user(committed_session, commit=True)
    limiter = accounts.LoginLimiter(committed_session)
    targets = [unique_email("sprayed") for _ in range(accounts.SPRAY_MIN_ACCOUNTS)]
    for attempt in range(accounts.SPRAY_MAX_FAILURES):
        limiter.record(targets[attempt % len(targets)], OFFICE_IP, success=False)
    committed_session.commit()
    with pytest.raises(RateLimited) as caught:
        _page_sign_in(user.email, PASSWORD, OFFICE_IP)
    assert caught.value.message_key == "rate_limits.address"
    assert caught.value.retry_after and caught.value.retry_after <= 900
    assert _page_sign_in(user.email, PASSWORD, "198.51.100.10")


def test_many_failures_on_a_few_accounts_are_not_a_spray(counter_store, committed_session):
    user = register_user(committed_session, commit=True)
    limiter = accounts.LoginLimiter(committed_session)
    few = [unique_email("guessed") for _ in range(accounts.SPRAY_MIN_ACCOUNTS - 1)]
    for attempt in range(accounts.SPRAY_MAX_FAILURES + 10):
        limiter.record(few[attempt % len(few)], OFFICE_IP, success=False)
    committed_session.commit()
    assert _page_sign_in(user.email, PASSWORD, OFFICE_IP)
