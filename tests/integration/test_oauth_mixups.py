"""Provider callbacks that must be refused although every single piece looks valid:
the state of one provider's flow brought to another provider's callback (mix-up), and a
linking flow finished by a browser that is signed in as somebody else by then."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import OAuthAccount, User
from edu_platform.services import accounts, oauth_clients, sessions
from edu_platform.settings import settings
from tests.support import http
from tests.support.api import api_app


@pytest.fixture
def token_requests(monkeypatch) -> list[httpx.Request]:
    """Requests to Yandex's servers (a stand-in transport that answers as Yandex would)."""
    seen: list[httpx.Request] = []
    network = httpx.HTTPTransport()  # everything else (the local OIDC provider) for real

    def yandex(request: httpx.Request) -> httpx.Response:
        if "yandex" not in request.url.host:
            return network.handle_request(request)
        seen.append(request)
        if str(request.url) == oauth_clients.YANDEX_TOKEN_URL:
            return httpx.Response(200, json={"access_token": "at-1", "token_type": "Bearer"})
        return httpx.Response(200, json={"id": "77", "default_email": "mix@yandex.ru"})

    monkeypatch.setattr(oauth_clients, "http_transport", httpx.MockTransport(yandex))
    monkeypatch.setattr(settings, "yandex_client_id", "ya-client")
    monkeypatch.setattr(settings, "yandex_client_secret", "ya-secret")
    return seen


@pytest.fixture
def client(oidc, clean_db) -> Iterator[TestClient]:
    with TestClient(api_app()) as test_client:
        yield test_client


def _start(client: TestClient, provider: str, **params) -> str:
    response = client.get(
        f"/api/auth/oauth/{provider}/start", params=params, follow_redirects=False
    )
    assert response.status_code == 302, response.text
    return response.headers["location"]


def _count(model) -> int:
    with Session(db.get_engine()) as session:
        return session.scalar(select(func.count()).select_from(model))


def _sign_in_as(client: TestClient, email: str) -> int:
    def register_and_ticket(*, session):
        user = accounts.register(
            session=session, email=email, password="correct horse 42", full_name=email,
            verified=True,
        )  # fmt: skip
        return user.id, sessions.create_ticket(session=session, user_id=user.id)

    user_id, ticket = db.run_sync(register_and_ticket)
    # The ticket works only with its browser-binding cookie (login CSRF).
    client.cookies.set(
        sessions.BINDING_COOKIE, sessions.ticket_binding(ticket), path=sessions.BINDING_COOKIE_PATH
    )
    client.get(f"/api/auth/complete?ticket={ticket}", follow_redirects=False)
    assert client.get("/api/v1/me").json()["email"] == email
    return user_id


def test_the_state_of_one_providers_flow_is_refused_at_another_providers_callback(
    client, oidc, token_requests
):
    state = parse_qs(urlsplit(_start(client, "oidc")).query)["state"][0]

    mixed = client.get(
        f"/api/auth/oauth/yandex/callback?code=c-1&state={state}", follow_redirects=False
    )

    assert mixed.status_code == 303
    assert mixed.headers["location"] == "/login?error=oauth_state"
    assert token_requests == []  # the code never went to the other provider
    assert _count(User) == 0 and _count(OAuthAccount) == 0


def test_a_link_flow_finished_while_signed_in_as_someone_else_links_nobody(client, oidc):
    _sign_in_as(client, "first@example.com")
    oidc.next_user = {"sub": "p-mix", "email": "p@corp.example", "email_verified": True}
    authorize_url = _start(client, "oidc", link="1", next="/account/security")
    back = http.get(authorize_url, follow_redirects=False).headers["location"]

    _sign_in_as(client, "second@example.com")  # the same browser, another account now
    finished = client.get(back, follow_redirects=False)

    assert finished.status_code == 303
    assert finished.headers["location"].endswith("error=oauth_state")
    assert _count(OAuthAccount) == 0
    assert client.get("/api/v1/me").json()["email"] == "second@example.com"
