"""The sign-in and sign-up forms posted without JavaScript (api/form_auth.py): a 303
through /api/auth/complete that signs the browser in, errors back to the form, and a
post from another site refused."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session

from edu_platform.models import User
from edu_platform.services import accounts, sessions
from edu_platform.settings import settings
from tests.support.api import api_app
from tests.support.jobs import redis_at

PASSWORD = "correct-horse-battery"
SITE = "http://localhost:3000"


@pytest.fixture
def client(clean_db, monkeypatch) -> TestClient:
    monkeypatch.setattr(settings, "public_url", SITE)
    with (
        redis_at(monkeypatch, ""),
        TestClient(api_app(), base_url="http://testserver") as test_client,
    ):
        yield test_client


def _user(committed_session: Session) -> User:
    user = accounts.register(
        session=committed_session,
        email=f"form-{uuid.uuid4().hex[:10]}@api.example.org",
        password=PASSWORD,
        full_name="Form User",
    )
    committed_session.commit()
    return user


def _post(client: TestClient, path: str, data: dict, **headers: str):
    return client.post(path, data=data, headers=headers, follow_redirects=False)


def test_no_js_sign_in_redirects_through_complete_and_signs_the_browser_in(
    client, committed_session
):
    user = _user(committed_session)
    response = _post(
        client,
        "/api/auth/sign-in",
        {"email": user.email, "password": PASSWORD},
        origin=SITE,
        referer=f"{SITE}/login?lang=en&next=/my",
    )
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == "/api/auth/complete"
    query = parse_qs(location.query)
    assert query["next"] == ["/my"]
    assert PASSWORD not in response.headers["location"]
    done = client.get(response.headers["location"], follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/my")
    token = done.cookies.get(sessions.SESSION_COOKIE)
    with Session(committed_session.get_bind()) as check:
        signed_in = sessions.user_for_token(session=check, token=token)
    assert signed_in is not None and signed_in.id == user.id


def test_no_js_sign_in_with_a_wrong_password_goes_back_to_the_form_with_the_error(
    client, committed_session
):
    user = _user(committed_session)
    response = _post(
        client,
        "/api/auth/sign-in",
        {"email": user.email, "password": "not-the-password"},
        origin=SITE,
        referer=f"{SITE}/login?next=/cart",
    )
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/login?error=wrong_credentials&next=%2Fcart#nojs-error-wrong_credentials",
    )
    assert sessions.SESSION_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"referer": "https://evil.example/login"},
        {},  # neither: a browser always sends Origin on a form post
    ],
)
def test_a_form_posted_from_another_site_is_refused(client, committed_session, headers):
    user = _user(committed_session)
    response = _post(
        client, "/api/auth/sign-in", {"email": user.email, "password": PASSWORD}, **headers
    )
    assert response.status_code == 403
    assert "location" not in response.headers


def test_the_host_the_request_came_to_counts_as_this_site(client, committed_session):
    user = _user(committed_session)
    response = _post(
        client,
        "/api/auth/sign-in",
        {"email": user.email, "password": PASSWORD},
        origin="http://testserver",
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/api/auth/complete?ticket=")


def test_no_js_sign_up_creates_the_account_in_the_pages_language(client, committed_session):
    email = f"new-{uuid.uuid4().hex[:10]}@api.example.org"
    response = _post(
        client,
        "/api/auth/sign-up",
        {"full_name": "New Person", "email": email, "password": PASSWORD},
        origin=SITE,
        referer=f"{SITE}/register?lang=en",
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/api/auth/complete?ticket=")
    user = committed_session.scalar(select(User).where(User.email == email))
    assert (user.full_name, user.locale) == ("New Person", "en")


def test_no_js_sign_up_with_a_short_password_names_the_error(client, committed_session):
    response = _post(
        client,
        "/api/auth/sign-up",
        {"full_name": "New Person", "email": "short@api.example.org", "password": "short"},
        origin=SITE,
        referer=f"{SITE}/register",
    )
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/register?error=password_short#nojs-error-password_short",
    )


def test_an_oversized_form_is_refused_before_it_is_read(client, committed_session):
    response = _post(
        client,
        "/api/auth/sign-in",
        {"email": "big@api.example.org", "password": "x" * 20_000},
        origin=SITE,
        referer=f"{SITE}/login",
    )
    assert response.status_code == 413


def test_every_code_the_form_routes_send_has_its_no_javascript_line():
    """pages/auth.FORM_ERROR_CODES holds a hidden message for each code (shown by the
    redirect's fragment): each error the sign-in and sign-up services raise is among them."""
    import re
    from pathlib import Path

    from edu_platform.pages.auth import FORM_ERROR_CODES
    from edu_platform.state.oauth import login_error_key

    services = Path(__file__).resolve().parents[2] / "edu_platform" / "services"
    raised = set()
    for name in ("accounts.py", "passwords.py", "sessions.py", "users.py"):
        raised |= set(re.findall(r'message_key="accounts\.(\w+)"', (services / name).read_text()))
    # Refusals a sign-in or sign-up form cannot meet (account pages, the ticket redirect).
    elsewhere = {"current_password_wrong", "ticket_invalid"}
    assert raised - elsewhere <= set(FORM_ERROR_CODES) - {"locked", "too_many"}, raised
    assert all(login_error_key(code) for code in FORM_ERROR_CODES)


def test_too_many_registrations_from_one_address_come_back_as_too_many(
    client, committed_session, monkeypatch
):
    from edu_platform.services import rate_limit

    # The registration limit's own refusal (the sign-in lockout is "locked"), made small.
    small = rate_limit.Limit("register", 1, 3600)
    monkeypatch.setattr(rate_limit, "REGISTRATION", small)
    locations = [
        _post(
            client,
            "/api/auth/sign-up",
            {
                "full_name": "Many",
                "email": f"many{n}@api.example.org",
                "password": "Correct-horse-7",
            },
            origin=SITE,
            referer=f"{SITE}/register",
        ).headers["location"]
        for n in range(2)
    ]
    assert locations[0].startswith("/api/auth/complete"), locations
    assert locations[1] == "/register?error=too_many#nojs-error-too_many"
