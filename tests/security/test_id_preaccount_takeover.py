"""Pre-account takeover (issue #9, item 7), over HTTP against the local OIDC provider.

A squatter registers the victim's email with a password of their own, signs in on the
API and in a browser, and links a provider identity of their own. When the victim then
signs in through a provider that vouches for the address, the account becomes the
victim's alone: the squatter's password, browser session, refresh token and linked
identity stop working. A verified account is linked as before, its password kept.
"""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import AuthSession, OAuthAccount, User
from edu_platform.services import accounts, sessions
from tests.support import http
from tests.support.api import api_app
from tests.support.factories import provider_sign_in
from tests.support.oidc_provider import LocalOIDCProvider

VICTIM = "victim@example.com"
SQUATTER_PASSWORD = "squatter-secret-42"


@pytest.fixture
def app(oidc: LocalOIDCProvider, clean_db):
    return api_app()


def _provider_sign_in(client: TestClient, **params) -> httpx.Response:
    """/start → the provider approves → /callback → /api/auth/complete (cookie set)."""
    started = client.get("/api/auth/oauth/oidc/start", params=params, follow_redirects=False)
    assert started.status_code == 302, started.text
    approved = http.get(started.headers["location"], follow_redirects=False)
    assert approved.status_code == 302, approved.text
    finished = client.get(approved.headers["location"], follow_redirects=False)
    assert finished.status_code == 303, finished.text
    return client.get(finished.headers["location"], follow_redirects=False)


def _browser_sign_in_with_password(client: TestClient, email: str, password: str) -> None:
    def ticket_for(*, session, user) -> str:
        return sessions.create_ticket(session=session, user_id=user.id)

    ticket = accounts.sign_in_with_password(ticket_for, email=email, password=password, ip=None)
    # The sign-in page hands the ticket to this browser with its binding cookie.
    client.cookies.set(
        sessions.BINDING_COOKIE, sessions.ticket_binding(ticket), path=sessions.BINDING_COOKIE_PATH
    )
    assert client.get(f"/api/auth/complete?ticket={ticket}", follow_redirects=False).is_redirect


def _login(client: TestClient, password: str) -> httpx.Response:
    return client.post("/api/v1/auth/login", json={"email": VICTIM, "password": password})


def test_victim_signing_in_through_a_provider_ends_the_squatters_access(app, oidc):
    with TestClient(app) as squatter, TestClient(app) as victim:
        registered = squatter.post(
            "/api/v1/auth/register",
            json={"email": VICTIM, "password": SQUATTER_PASSWORD, "full_name": "Squatter"},
        )
        assert registered.status_code == 201, registered.text
        refresh_token = registered.json()["refresh_token"]
        _browser_sign_in_with_password(squatter, VICTIM, SQUATTER_PASSWORD)
        assert squatter.get("/api/v1/me").json()["email"] == VICTIM
        # The squatter also links a provider identity of their own from the account page.
        oidc.next_user = {"sub": "squatter-sub", "email": "sq@evil.example"}
        _provider_sign_in(squatter, link="1", next="/account/security")

        oidc.next_user = {
            "sub": "victim-sub",
            "email": VICTIM,
            "email_verified": True,
            "name": "Victim",
        }
        completed = _provider_sign_in(victim, next="/my")
        assert completed.headers["location"] == "/my"
        me = victim.get("/api/v1/me").json()
        assert me["email"] == VICTIM

        # The squatter's password, browser session and refresh token no longer work.
        assert _login(squatter, SQUATTER_PASSWORD).status_code == 401
        assert squatter.get("/api/v1/me").status_code == 401
        refreshed = squatter.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
        assert refreshed.status_code == 401
        # The victim's own browser session is the only live one.
        assert victim.get("/api/v1/me").status_code == 200

    with Session(db.get_engine()) as session:
        user = session.get(User, me["id"])
        assert user.password_hash is None
        assert user.email_verified_at is not None
        identities = session.scalars(select(OAuthAccount).where(OAuthAccount.user_id == user.id))
        assert [row.subject for row in identities] == ["victim-sub"]
        live = session.scalars(
            select(AuthSession).where(
                AuthSession.user_id == user.id,
                AuthSession.revoked_at.is_(None),
                AuthSession.activated_at.is_not(None),
            )
        ).all()
        assert len(live) == 1


def test_squatters_linked_identity_no_longer_opens_the_account(app, oidc):
    with TestClient(app) as squatter, TestClient(app) as victim:
        squatter.post(
            "/api/v1/auth/register",
            json={"email": VICTIM, "password": SQUATTER_PASSWORD, "full_name": "Squatter"},
        )
        _browser_sign_in_with_password(squatter, VICTIM, SQUATTER_PASSWORD)
        oidc.next_user = {"sub": "squatter-sub", "email": "sq@evil.example"}
        _provider_sign_in(squatter, link="1", next="/account/security")
        oidc.next_user = {"sub": "victim-sub", "email": VICTIM, "email_verified": True}
        _provider_sign_in(victim)

        squatter.cookies.clear()
        oidc.next_user = {"sub": "squatter-sub", "email": "sq@evil.example"}
        _provider_sign_in(squatter)
        assert squatter.get("/api/v1/me").json()["email"] == "sq@evil.example"


def test_a_verified_account_is_linked_and_keeps_its_password_and_sessions(session):
    owner = accounts.register(
        session=session,
        email=VICTIM,
        password=SQUATTER_PASSWORD,
        full_name="Owner",
        verified=True,
    )
    ticket = sessions.create_ticket(session=session, user_id=owner.id)
    token = sessions.redeem_ticket(session=session, ticket=ticket)
    user = provider_sign_in(session, subject="g-owner", email=VICTIM, full_name="Owner")
    assert user.id == owner.id and user.password_hash is not None
    assert accounts.authenticate(session=session, email=VICTIM, password=SQUATTER_PASSWORD)
    assert sessions.user_for_token(session=session, token=token) is not None


def test_an_unverified_account_is_not_linked_by_an_unverified_provider_email(session):
    accounts.register(session=session, email=VICTIM, password=SQUATTER_PASSWORD, full_name="S")
    with pytest.raises(Exception) as refused:
        provider_sign_in(session, subject="g-x", email=VICTIM, email_verified=False, full_name="X")
    assert refused.value.message_key == "oauth.error.email_unverified"
    assert accounts.authenticate(session=session, email=VICTIM, password=SQUATTER_PASSWORD)
