"""The auth and user-admin API over HTTP: tokens, lockout, profile, admin list and changes,
the browser's session cookie route."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session

from edu_platform.models import ApiRefreshToken, AuditLog, AuthSession, User
from edu_platform.services import sessions
from tests.support.api import api_app
from tests.support.factories import PASSWORD, register_user, unique_email
from tests.support.jobs import redis_at


@pytest.fixture
def client(clean_db, monkeypatch) -> TestClient:
    # Lockout counted in the database (truncated after each test), not in a shared Redis.
    with redis_at(monkeypatch, ""), TestClient(api_app()) as test_client:
        yield test_client


def _login(client: TestClient, email: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def _bearer(client: TestClient, email: str) -> dict[str, str]:
    response = _login(client, email)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _audit_change(committed_session: Session, user_id: int, column: str) -> AuditLog:
    """The audit row of the update that changed `column` of user `user_id`."""
    committed_session.expire_all()
    entries = committed_session.scalars(
        select(AuditLog).where(
            AuditLog.table_name == "user",
            AuditLog.row_id == user_id,
            AuditLog.action == "update",
        )
    ).all()
    matching = [entry for entry in entries if column in (entry.new or {})]
    assert len(matching) == 1, entries
    return matching[0]


# --- register and login -----------------------------------------------------------------


def test_register_returns_tokens_and_creates_the_account(client, committed_session):
    email = unique_email("new")
    response = client.post(
        "/api/v1/auth/register",
        json={"email": email.upper(), "password": PASSWORD, "full_name": "New Learner"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["token_type"] == "bearer" and body["access_token"] and body["refresh_token"]
    user = committed_session.scalar(select(User).where(User.email == email))
    assert user.full_name == "New Learner" and user.role == "student"
    assert user.password_hash.startswith("$argon2")


def test_a_name_with_control_characters_registers_on_both_databases(
    client, committed_session, backend
):
    """PostgreSQL's text cannot hold NUL: it was a 500 there while SQLite stored it."""
    email = unique_email("nul")
    response = client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "full_name": "Ada\u0000Love\u001blace"},
    )
    assert response.status_code == 201, response.text
    user = committed_session.scalar(select(User).where(User.email == email))
    assert user.full_name == "Ada Love lace"


def test_register_with_a_taken_email_is_409_naming_the_field(client, committed_session):
    taken = register_user(committed_session, commit=True)
    response = client.post(
        "/api/v1/auth/register",
        json={"email": taken.email.upper(), "password": PASSWORD, "full_name": "Copy"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and response.json()["field"] == "email"


def test_register_with_a_weak_password_is_422_naming_the_field(client, committed_session):
    email = unique_email("weak")
    response = client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": "password1", "full_name": "Weak"},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "password"
    assert committed_session.scalar(select(User).where(User.email == email)) is None


def test_login_returns_tokens_for_the_right_password(client, committed_session):
    user = register_user(committed_session, commit=True)
    response = _login(client, user.email)
    assert response.status_code == 200
    me = client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"}
    )
    assert me.json()["email"] == user.email


def test_login_with_a_wrong_password_is_401(client, committed_session):
    user = register_user(committed_session, commit=True)
    response = _login(client, user.email, "wrong-password")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_login_is_429_after_five_failures_even_with_the_right_password(client, committed_session):
    user = register_user(committed_session, commit=True)
    statuses = [_login(client, user.email, "wrong-password").status_code for _ in range(5)]
    assert statuses == [401] * 5
    locked = _login(client, user.email)
    assert locked.status_code == 429
    assert locked.json()["code"] == "rate_limited"


# --- refresh ----------------------------------------------------------------------------


def test_refresh_rotates_and_reuse_revokes_the_family(client, committed_session):
    user = register_user(committed_session, commit=True)
    first = _login(client, user.email).json()
    rotated = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]

    reuse = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    successor = client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert successor.status_code == 401
    committed_session.expire_all()
    revoked = committed_session.scalars(
        select(ApiRefreshToken.revoked_at).where(ApiRefreshToken.user_id == user.id)
    ).all()
    assert len(revoked) == 2 and all(revoked)


# --- /api/v1/me -------------------------------------------------------------------------


def test_me_returns_the_profile_without_any_password_field(client, committed_session):
    user = register_user(committed_session, commit=True)
    response = client.get("/api/v1/me", headers=_bearer(client, user.email))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == user.id and body["email"] == user.email and body["role"] == "student"
    assert not [key for key in body if "password" in key or "hash" in key]
    assert "$argon2" not in response.text


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-jwt"}])
def test_me_is_401_without_a_valid_token(client, headers):
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


# --- /api/v1/users ----------------------------------------------------------------------


def test_users_list_is_403_for_a_student(client, committed_session):
    student = register_user(committed_session, commit=True)
    response = client.get("/api/v1/users", headers=_bearer(client, student.email))
    assert response.status_code == 403
    assert "items" not in response.json()


def test_users_list_filters_and_pages_for_an_admin(client, committed_session):
    admin = register_user(committed_session, role="admin", commit=True)
    tag = uuid.uuid4().hex[:8]
    for index in range(3):
        register_user(committed_session, email=f"pupil{index}-{tag}@api.example.org", commit=True)
    register_user(
        committed_session, role="teacher", email=f"mentor-{tag}@api.example.org", commit=True
    )
    headers = _bearer(client, admin.email)

    page = client.get(
        "/api/v1/users",
        params={"q": tag, "role": "student", "per_page": 2, "sort": "email"},
        headers=headers,
    )
    assert page.status_code == 200
    body = page.json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert (body["total"], body["page"], body["per_page"]) == (3, 1, 2)
    assert [item["email"] for item in body["items"]] == [
        f"pupil0-{tag}@api.example.org",
        f"pupil1-{tag}@api.example.org",
    ]
    assert set(body["items"][0]) == {"id", "email", "full_name", "role", "is_active", "created_at"}
    second = client.get(
        "/api/v1/users",
        params={"q": tag, "role": "student", "per_page": 2, "page": 2, "sort": "email"},
        headers=headers,
    ).json()
    assert [item["email"] for item in second["items"]] == [f"pupil2-{tag}@api.example.org"]
    teachers = client.get(
        "/api/v1/users", params={"q": tag.upper(), "role": "teacher"}, headers=headers
    ).json()
    assert [item["email"] for item in teachers["items"]] == [f"mentor-{tag}@api.example.org"]


def test_admin_patch_changes_role_and_writes_the_audit_log(client, committed_session):
    admin, student = (
        register_user(committed_session, role="admin", commit=True),
        register_user(committed_session, commit=True),
    )
    response = client.patch(
        f"/api/v1/users/{student.id}",
        json={"role": "teacher"},
        headers=_bearer(client, admin.email),
    )
    assert response.status_code == 200
    assert response.json()["role"] == "teacher"
    committed_session.expire_all()
    assert committed_session.get(User, student.id).role == "teacher"
    entry = _audit_change(committed_session, student.id, "role")
    assert entry.actor_id == admin.id
    assert entry.old == {"role": "student"} and entry.new == {"role": "teacher"}


def test_admin_patch_blocks_a_user_whose_tokens_then_stop_working(client, committed_session):
    admin, student = (
        register_user(committed_session, role="admin", commit=True),
        register_user(committed_session, commit=True),
    )
    student_tokens = _login(client, student.email).json()
    response = client.patch(
        f"/api/v1/users/{student.id}",
        json={"is_active": False},
        headers=_bearer(client, admin.email),
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    entry = _audit_change(committed_session, student.id, "is_active")
    assert entry.actor_id == admin.id and entry.new.get("is_active") is False
    me = client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {student_tokens['access_token']}"}
    )
    assert me.status_code == 401
    refresh = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": student_tokens["refresh_token"]}
    )
    assert refresh.status_code == 401
    assert _login(client, student.email).status_code == 403


def test_a_password_change_ends_the_access_tokens_handed_out_before_it(client, committed_session):
    from edu_platform.services import account_area

    student = register_user(committed_session, commit=True)
    before = _login(client, student.email).json()["access_token"]
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {before}"}).status_code == 200
    )
    account_area.change_password(
        session=committed_session,
        user_id=student.id,
        current_password=PASSWORD,
        new_password="An0ther-long-passphrase",
        current_token=None,
    )
    committed_session.commit()
    # At once, not when the token expires (the account page promises it).
    stale = client.get("/api/v1/me", headers={"Authorization": f"Bearer {before}"})
    assert (stale.status_code, stale.json()["code"]) == (401, "unauthorized")
    after = _login(client, student.email, "An0ther-long-passphrase").json()["access_token"]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {after}"}).status_code == 200


def test_student_patch_is_403_and_changes_nothing(client, committed_session):
    student, other = (
        register_user(committed_session, commit=True),
        register_user(committed_session, commit=True),
    )
    response = client.patch(
        f"/api/v1/users/{other.id}", json={"role": "admin"}, headers=_bearer(client, student.email)
    )
    assert response.status_code == 403
    committed_session.expire_all()
    assert committed_session.get(User, other.id).role == "student"


def test_admin_cannot_block_themselves_over_the_api(client, committed_session):
    admin = register_user(committed_session, role="admin", commit=True)
    response = client.patch(
        f"/api/v1/users/{admin.id}", json={"is_active": False}, headers=_bearer(client, admin.email)
    )
    assert response.status_code == 409
    committed_session.expire_all()
    assert committed_session.get(User, admin.id).is_active is True


# --- the browser's session cookie -------------------------------------------------------


def _ticket(committed_session: Session, user: User, client) -> str:
    """A ticket bound to `client` (its binding cookie, as the sign-in form sets it)."""
    ticket = sessions.create_ticket(session=committed_session, user_id=user.id)
    committed_session.commit()
    client.cookies.set(sessions.BINDING_COOKIE, sessions.ticket_binding(ticket))
    return ticket


def _complete_sign_in(client, committed_session, next_url: str) -> tuple[User, httpx.Response]:
    """A new account's ticket taken to /api/auth/complete with `next`: (user, response)."""
    user = register_user(committed_session, commit=True)
    ticket = _ticket(committed_session, user, client)
    response = client.get(
        f"/api/auth/complete?ticket={quote(ticket)}&next={quote(next_url)}",
        follow_redirects=False,
    )
    assert response.status_code == 303
    return user, response


def test_complete_sets_an_httponly_lax_cookie_that_signs_the_browser_in(client, committed_session):
    user, response = _complete_sign_in(client, committed_session, "/my")
    assert response.headers["location"] == "/my"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{sessions.SESSION_COOKIE}=")
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert "path=/" in cookie.lower()
    token = response.cookies[sessions.SESSION_COOKIE]
    me = client.get("/api/v1/me", cookies={sessions.SESSION_COOKIE: token})
    assert me.status_code == 200 and me.json()["id"] == user.id


def test_complete_refuses_a_reused_ticket(client, committed_session):
    user = register_user(committed_session, commit=True)
    ticket = _ticket(committed_session, user, client)
    first = client.get(f"/api/auth/complete?ticket={quote(ticket)}", follow_redirects=False)
    assert first.status_code == 303
    client.cookies.clear()
    client.cookies.set(sessions.BINDING_COOKIE, sessions.ticket_binding(ticket))
    again = client.get(f"/api/auth/complete?ticket={quote(ticket)}", follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"].startswith("/login?error=ticket")
    assert "set-cookie" not in again.headers
    committed_session.expire_all()
    rows = committed_session.scalars(select(AuthSession).where(AuthSession.user_id == user.id))
    assert len(list(rows)) == 1


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example/", "/\\evil.example", "evil.example"]
)
def test_complete_refuses_an_open_redirect(client, committed_session, target):
    _user, response = _complete_sign_in(client, committed_session, target)
    assert response.headers["location"] == "/"


def test_logout_ends_the_session_and_clears_the_cookie(client, committed_session):
    user = register_user(committed_session, commit=True)
    ticket = _ticket(committed_session, user, client)
    token = client.get(
        f"/api/auth/complete?ticket={quote(ticket)}", follow_redirects=False
    ).cookies[sessions.SESSION_COOKIE]
    response = client.post(
        "/api/auth/logout", cookies={sessions.SESSION_COOKIE: token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert f'{sessions.SESSION_COOKIE}=""' in response.headers["set-cookie"]
    client.cookies.clear()
    me = client.get("/api/v1/me", cookies={sessions.SESSION_COOKIE: token})
    assert me.status_code == 401
