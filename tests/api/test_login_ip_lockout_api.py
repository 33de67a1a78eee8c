"""Sign-in lockout per client address through the API (the address must reach the limiter).

A service test cannot catch a front door that passes `ip=None`: only the per-account
count would then remain, and an address spraying many accounts would never be refused.
An address is refused only when it sprays (SPRAY_MAX_FAILURES across SPRAY_MIN_ACCOUNTS
accounts; lowered here to five so the test stays short): a school behind one address
must not be locked out by a few wrong passwords.
"""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from edu_platform.models import LoginAttempt
from edu_platform.services import accounts
from edu_platform.settings import settings
from tests.support.api import api_app
from tests.support.jobs import redis_at

PASSWORD = "correct-horse-battery"


@pytest.fixture
def client(clean_db, monkeypatch):
    monkeypatch.setattr(settings, "trusted_proxy_hops", 1)  # the address from the proxy
    # Counted in the database (no Redis).
    with redis_at(monkeypatch, ""), TestClient(api_app()) as test_client:
        yield test_client


def _email() -> str:
    return f"ip-{uuid.uuid4().hex[:10]}@api.example.org"


def _login(client, email, password, ip):
    return client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        headers={"X-Forwarded-For": f"198.51.100.1, {ip}"},
    )


def test_a_few_failures_over_several_accounts_do_not_lock_the_address(client, committed_session):
    user = accounts.register(
        session=committed_session, email=_email(), password=PASSWORD, full_name="Ip User"
    )
    committed_session.commit()
    guesses = [_login(client, _email(), "wrong-password", "203.0.113.9") for _ in range(5)]
    assert [r.status_code for r in guesses] == [401] * 5
    assert _login(client, user.email, PASSWORD, "203.0.113.9").status_code == 200


def test_an_address_spraying_many_accounts_is_refused(client, committed_session, monkeypatch):
    monkeypatch.setattr(accounts, "SPRAY_MAX_FAILURES", 5)
    monkeypatch.setattr(accounts, "SPRAY_MIN_ACCOUNTS", 5)
    user = accounts.register(
        session=committed_session, email=_email(), password=PASSWORD, full_name="Ip User"
    )
    committed_session.commit()

    guesses = [_login(client, _email(), "wrong-password", "203.0.113.7") for _ in range(5)]
    assert [r.status_code for r in guesses] == [401] * 5

    locked = _login(client, user.email, PASSWORD, "203.0.113.7")
    assert locked.status_code == 429
    assert locked.json()["code"] == "rate_limited"
    assert "Retry-After" in locked.headers
    # The account itself is not locked: the same password from another address works.
    assert _login(client, user.email, PASSWORD, "203.0.113.8").status_code == 200
    committed_session.expire_all()
    addresses = committed_session.scalars(
        select(LoginAttempt.ip).where(LoginAttempt.success.is_(False))
    ).all()
    assert addresses == ["203.0.113.7"] * 5
