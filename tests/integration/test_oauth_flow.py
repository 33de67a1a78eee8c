"""Provider sign-in over HTTP: the API against the local OIDC provider (and stand-ins for
Yandex and VK ID), from /start through the provider to /api/auth/complete and /api/v1/me."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform import db
from edu_platform.models import AuthSession, OAuthAccount, User
from edu_platform.services import accounts, oauth_clients, sessions
from edu_platform.settings import settings
from tests.support import http
from tests.support.api import api_app
from tests.support.oidc_provider import LocalOIDCProvider

PUBLIC_URL = "http://testserver"  # where the `oidc` fixture sends the browser back


@pytest.fixture
def client(oidc: LocalOIDCProvider, clean_db) -> Iterator[TestClient]:
    with TestClient(api_app()) as test_client:
        yield test_client


def _count(model) -> int:
    with Session(db.get_engine()) as session:
        return session.scalar(select(func.count()).select_from(model))


def _start(client: TestClient, provider: str = "oidc", **params) -> str:
    response = client.get(
        f"/api/auth/oauth/{provider}/start", params=params, follow_redirects=False
    )
    assert response.status_code == 302, response.text
    assert "httponly" in response.headers["set-cookie"].lower()
    return response.headers["location"]


def _through_provider(authorize_url: str) -> str:
    """What the browser does at the provider: it approves and redirects back."""
    response = http.get(authorize_url, follow_redirects=False)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def _callback(client: TestClient, callback_url: str) -> httpx.Response:
    assert callback_url.startswith(f"{PUBLIC_URL}/api/auth/oauth/")
    return client.get(callback_url, follow_redirects=False)


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _redirected_to_login_with(response: httpx.Response, code: str) -> None:
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?error={code}"


def test_sign_in_through_the_provider_creates_the_account_and_a_session(client, oidc):
    oidc.next_user = {
        "sub": "p-1",
        "email": "Maria@Example.com",
        "email_verified": True,
        "name": "Maria Ivanova",
    }
    authorize_url = _start(client, next="/my")
    sent = _query(authorize_url)
    assert sent["redirect_uri"] == f"{PUBLIC_URL}/api/auth/oauth/oidc/callback"
    assert sent["code_challenge_method"] == "S256" and sent["nonce"] and sent["state"]

    finished = _callback(client, _through_provider(authorize_url))
    assert finished.status_code == 303
    complete = finished.headers["location"]
    assert complete.startswith("/api/auth/complete?ticket=") and complete.endswith("next=/my")
    assert oidc.token_requests[0]["code_verifier"]

    signed_in = client.get(complete, follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/my"
    me = client.get("/api/v1/me").json()
    assert (me["email"], me["full_name"], me["role"]) == (
        "maria@example.com",
        "Maria Ivanova",
        "student",
    )
    with Session(db.get_engine()) as session:
        link = session.scalar(select(OAuthAccount))
        assert (link.provider, link.subject, link.user_id) == ("oidc", "p-1", me["id"])


def test_second_sign_in_with_the_same_subject_reuses_the_account(client, oidc):
    for _ in range(2):
        finished = _callback(client, _through_provider(_start(client)))
        client.get(finished.headers["location"], follow_redirects=False)
    assert _count(User) == 1
    assert _count(AuthSession) == 2


def test_callback_with_a_wrong_state_is_refused_and_creates_nothing(client, oidc):
    callback_url = _through_provider(_start(client))
    forged = callback_url.replace("state=", "state=x")
    _redirected_to_login_with(_callback(client, forged), "oauth_state")
    assert oidc.token_requests == []
    assert (_count(User), _count(AuthSession)) == (0, 0)
    assert client.get("/api/v1/me").status_code == 401


def test_callback_in_a_browser_that_never_started_the_sign_in_is_refused(client, oidc):
    callback_url = _through_provider(_start(client))
    client.cookies.clear()
    _redirected_to_login_with(_callback(client, callback_url), "oauth_state")
    assert (_count(User), _count(AuthSession)) == (0, 0)


def test_tampered_flow_cookie_is_refused(client, oidc):
    callback_url = _through_provider(_start(client))
    cookie = client.cookies.get("edu_oauth")
    body, mac = cookie.split(".")
    client.cookies.set("edu_oauth", f"{body}x.{mac}", path="/api/auth/oauth")
    _redirected_to_login_with(_callback(client, callback_url), "oauth_state")
    assert _count(User) == 0


@pytest.mark.parametrize(
    "tampering",
    [
        pytest.param({"sign_with_foreign_key": True}, id="signature"),
        pytest.param({"id_token_overrides": {"nonce": "someone-elses-nonce"}}, id="nonce"),
        pytest.param({"id_token_overrides": {"aud": "another-client"}}, id="audience"),
        pytest.param({"id_token_overrides": {"iss": "http://evil.example"}}, id="issuer"),
        pytest.param({"id_token_overrides": {"exp": int(time.time()) - 3600}}, id="expired"),
    ],
)
def test_invalid_id_token_is_refused_and_creates_nothing(client, oidc, tampering):
    for name, value in tampering.items():
        setattr(oidc, name, value)
    _redirected_to_login_with(_callback(client, _through_provider(_start(client))), "oauth_failed")
    assert (_count(User), _count(OAuthAccount), _count(AuthSession)) == (0, 0, 0)


def test_unverified_email_of_an_existing_account_is_explained_on_the_login_page(client, oidc):
    db.run_sync(
        accounts.register,
        email="owner@example.com",
        password="correct horse 42",
        full_name="Owner",
    )
    oidc.next_user = {"sub": "p-2", "email": "owner@example.com", "email_verified": False}
    finished = _callback(client, _through_provider(_start(client)))
    _redirected_to_login_with(finished, "oauth_email_unverified")
    assert (_count(User), _count(OAuthAccount), _count(AuthSession)) == (1, 0, 0)


def test_cancelled_consent_at_the_provider_returns_to_the_login_page(client, oidc):
    oidc.deny_next = True
    _redirected_to_login_with(_callback(client, _through_provider(_start(client))), "oauth_denied")
    assert _count(User) == 0


def test_disabled_provider_is_not_started(client):
    response = client.get("/api/auth/oauth/google/start", follow_redirects=False)
    _redirected_to_login_with(response, "oauth_unavailable")


def test_signed_in_user_links_the_provider_from_the_account_page(client, oidc):
    def password_sign_in(*, session) -> str:
        user = accounts.register(
            session=session,
            email="linker@example.com",
            password="correct horse 42",
            full_name="Linker",
        )
        return sessions.create_ticket(session=session, user_id=user.id)

    ticket = db.run_sync(password_sign_in)
    client.cookies.set(sessions.BINDING_COOKIE, sessions.ticket_binding(ticket))
    client.get(f"/api/auth/complete?ticket={ticket}", follow_redirects=False)
    oidc.next_user = {"sub": "p-3", "email": "other@corp.example", "email_verified": False}

    authorize_url = _start(client, link="1", next="/account/security")
    finished = _callback(client, _through_provider(authorize_url))
    assert finished.headers["location"] == "/account/security"
    with Session(db.get_engine()) as session:
        user = accounts.find_user_by_email(session=session, email="linker@example.com")
        link = session.scalar(select(OAuthAccount))
        assert (link.subject, link.user_id) == ("p-3", user.id)


# --- Yandex and VK ID, with an httpx transport standing in for their servers ---------------


class FakeProviders:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.vk_email: str | None = "vk.user@example.com"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = str(request.url)
        if url == oauth_clients.YANDEX_TOKEN_URL or url == oauth_clients.VK_TOKEN_URL:
            return httpx.Response(200, json={"access_token": "at-1", "token_type": "Bearer"})
        if url.startswith("https://login.yandex.ru/info"):
            assert request.headers["authorization"] == "OAuth at-1"
            return httpx.Response(
                200,
                json={"id": "9001", "default_email": "ya.user@yandex.ru", "real_name": "Ya User"},
            )
        if url == oauth_clients.VK_USERINFO_URL:
            user = {"user_id": 555, "first_name": "Vika", "last_name": "Kotova"}
            if self.vk_email:
                user["email"] = self.vk_email
            return httpx.Response(200, json={"user": user})
        return httpx.Response(404)


@pytest.fixture
def fake_providers(monkeypatch: pytest.MonkeyPatch) -> FakeProviders:
    fake = FakeProviders()
    monkeypatch.setattr(oauth_clients, "http_transport", httpx.MockTransport(fake))
    monkeypatch.setattr(settings, "yandex_client_id", "ya-client")
    monkeypatch.setattr(settings, "yandex_client_secret", "ya-secret")
    monkeypatch.setattr(settings, "vk_client_id", "vk-client")
    return fake


def _form(request: httpx.Request) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(request.content.decode()).items()}


def test_yandex_sign_in_uses_the_verified_default_email(client, fake_providers):
    authorize_url = _start(client, "yandex")
    assert authorize_url.startswith(oauth_clients.YANDEX_AUTHORIZE_URL + "?")
    state = _query(authorize_url)["state"]
    finished = client.get(
        f"/api/auth/oauth/yandex/callback?code=c-1&state={state}", follow_redirects=False
    )
    client.get(finished.headers["location"], follow_redirects=False)
    me = client.get("/api/v1/me").json()
    assert (me["email"], me["full_name"]) == ("ya.user@yandex.ru", "Ya User")
    token_form = _form(fake_providers.requests[0])
    assert token_form["code"] == "c-1" and token_form["code_verifier"]


def test_vk_sign_in_sends_device_id_and_pkce_and_reads_the_user(client, fake_providers):
    authorize_url = _start(client, "vk")
    sent = _query(authorize_url)
    assert authorize_url.startswith(oauth_clients.VK_AUTHORIZE_URL + "?")
    assert sent["code_challenge_method"] == "S256" and sent["scope"] == "email"
    finished = client.get(
        f"/api/auth/oauth/vk/callback?code=c-2&state={sent['state']}&device_id=d-9",
        follow_redirects=False,
    )
    client.get(finished.headers["location"], follow_redirects=False)
    assert client.get("/api/v1/me").json()["full_name"] == "Vika Kotova"
    token_form = _form(fake_providers.requests[0])
    assert {k: token_form[k] for k in ("client_id", "device_id", "state")} == {
        "client_id": "vk-client",
        "device_id": "d-9",
        "state": sent["state"],
    }
    assert json.dumps(token_form).count("code_verifier") == 1


def test_vk_sign_in_without_an_email_explains_that_one_is_needed(client, fake_providers):
    fake_providers.vk_email = None
    state = _query(_start(client, "vk"))["state"]
    finished = client.get(
        f"/api/auth/oauth/vk/callback?code=c-3&state={state}&device_id=d-1",
        follow_redirects=False,
    )
    _redirected_to_login_with(finished, "oauth_email_missing")
    assert _count(User) == 0
