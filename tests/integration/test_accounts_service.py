"""The accounts core on both databases: registration rules, sign-in and lockout, browser
sessions, API tokens, admin user management, the admin overview and the auth purge."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from decimal import Decimal

import jwt
import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform import jobs
from edu_platform.jobs import maintenance as maintenance_jobs
from edu_platform.models import (
    ApiRefreshToken,
    AuthSession,
    Course,
    LoginAttempt,
    Order,
    PasswordReset,
    User,
    utcnow,
)
from edu_platform.services import (
    accounts,
    admin_overview,
    maintenance,
    sessions,
    tokens,
    users_admin,
)
from edu_platform.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    Unauthorized,
)
from edu_platform.settings import settings
from tests.support.factories import PASSWORD, register_user, unique_email
from tests.support.jobs import redis_at


def fail_sign_in(session: Session, email: str, ip: str | None) -> None:
    """One wrong-password attempt, recorded the way sign_in_with_password records it."""
    with pytest.raises(Unauthorized):
        accounts.authenticate(session=session, email=email, password="wrong-password", ip=ip)
    accounts.record_failed_attempt(session=session, email=email, ip=ip)


# --- registration -----------------------------------------------------------------------


def test_registration_stores_an_argon2_hash_and_never_the_password(session):
    user = register_user(session)
    stored = session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored.startswith("$argon2")
    assert PASSWORD not in stored
    assert user.role == "student" and user.is_active


def test_registration_normalises_the_email(session):
    user = accounts.register(
        session=session, email="  Mixed.Case@Example.COM ", password=PASSWORD, full_name="M C"
    )
    assert user.email == "mixed.case@example.com"


@pytest.mark.parametrize(
    ("email", "password", "full_name", "error", "field", "message_key"),
    [
        ("TAKEN@Accounts.Example.org", PASSWORD, "Name", Conflict, "email", "accounts.email_taken"),
        (
            "new@accounts.example.org",
            "short1",
            "Name",
            Invalid,
            "password",
            "accounts.password_short",
        ),
        (
            "new@accounts.example.org",
            "Password123",
            "Name",
            Invalid,
            "password",
            "accounts.password_common",
        ),
        ("not-an-email", PASSWORD, "Name", Invalid, "email", "accounts.email_invalid"),
        (
            "new@accounts.example.org",
            PASSWORD,
            "   ",
            Invalid,
            "full_name",
            "accounts.name_required",
        ),
    ],
    ids=["taken-other-case", "short-password", "common-password", "malformed-email", "no-name"],
)
def test_registration_refuses_bad_input_naming_the_field(
    session, email, password, full_name, error, field, message_key
):
    register_user(session, email="taken@accounts.example.org")
    with pytest.raises(error) as caught:
        accounts.register(session=session, email=email, password=password, full_name=full_name)
    assert caught.value.field == field
    assert caught.value.message_key == message_key
    assert session.scalar(select(func.count()).where(User.email == "new@accounts.example.org")) == 0


# --- authentication ---------------------------------------------------------------------


def test_authenticate_returns_the_user_and_records_the_success(session):
    user = register_user(session)
    signed_in = accounts.authenticate(
        session=session, email=user.email.upper(), password=PASSWORD, ip="10.1.1.1"
    )
    assert signed_in.id == user.id
    assert signed_in.last_login_at is not None
    attempt = session.scalar(select(LoginAttempt).where(LoginAttempt.email == user.email))
    assert attempt.success is True and attempt.ip == "10.1.1.1"


def test_wrong_password_is_refused(session):
    user = register_user(session)
    with pytest.raises(Unauthorized) as caught:
        accounts.authenticate(session=session, email=user.email, password="not-the-password")
    assert caught.value.message_key == "accounts.wrong_credentials"


def test_unknown_email_is_refused_like_a_wrong_password(session):
    with pytest.raises(Unauthorized) as caught:
        accounts.authenticate(session=session, email=unique_email("nobody"), password=PASSWORD)
    assert caught.value.message_key == "accounts.wrong_credentials"


def test_blocked_user_cannot_sign_in_even_with_the_right_password(session):
    user = register_user(session)
    user.is_active = False
    session.flush()
    with pytest.raises(Forbidden) as caught:
        accounts.authenticate(session=session, email=user.email, password=PASSWORD)
    assert caught.value.message_key == "accounts.blocked"


def _verified_hashes(monkeypatch) -> list[str]:
    """Records the hash each real argon2 verification checks against (calls through)."""
    seen: list[str] = []
    real_verify = PasswordHasher.verify

    def verify(self, stored_hash, password):
        seen.append(stored_hash if isinstance(stored_hash, str) else stored_hash.decode())
        return real_verify(self, stored_hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", verify)
    return seen


def _profile(argon2_hash: str) -> str:
    """The cost part of an argon2 hash: '$argon2id$v=19$m=..,t=..,p=..'."""
    return "$".join(argon2_hash.split("$")[:4])


def test_unknown_email_costs_one_argon2_check_like_a_wrong_password(session, monkeypatch):
    # Deterministic instead of a wall-clock ratio: the unknown email must run exactly one
    # argon2 verification, against a hash of the same cost profile as a real account's.
    user = register_user(session)
    seen = _verified_hashes(monkeypatch)
    with pytest.raises(Unauthorized):
        accounts.authenticate(session=session, email=user.email, password="wrong-password")
    with pytest.raises(Unauthorized):
        accounts.authenticate(
            session=session, email=unique_email("nobody"), password="wrong-password"
        )
    wrong_password, unknown_email = seen
    assert wrong_password == user.password_hash
    assert unknown_email != user.password_hash
    assert _profile(unknown_email) == _profile(wrong_password)


# --- lockout (database counting) --------------------------------------------------------


@pytest.fixture
def no_redis(monkeypatch):
    with redis_at(monkeypatch, ""):
        yield


def test_five_failures_lock_the_account_even_for_the_right_password(session, no_redis):
    user = register_user(session)
    for attempt in range(accounts.MAX_FAILURES):
        fail_sign_in(session, user.email, ip=f"10.0.0.{attempt}")  # a different IP each time
    with pytest.raises(RateLimited) as caught:
        accounts.authenticate(session=session, email=user.email, password=PASSWORD, ip="10.9.9.9")
    assert caught.value.message_key == "accounts.locked"


def test_four_failures_do_not_lock(session, no_redis):
    user = register_user(session)
    for _ in range(accounts.MAX_FAILURES - 1):
        fail_sign_in(session, user.email, ip="10.0.1.1")
    assert accounts.authenticate(session=session, email=user.email, password=PASSWORD).id == user.id


def test_a_spray_from_one_ip_across_emails_locks_that_ip(session, no_redis):
    user = register_user(session)
    for attempt in range(accounts.SPRAY_MAX_FAILURES):
        fail_sign_in(session, f"guess-{attempt % accounts.SPRAY_MIN_ACCOUNTS}@x.org", "10.6.6.6")
    with pytest.raises(RateLimited):
        accounts.authenticate(session=session, email=user.email, password=PASSWORD, ip="10.6.6.6")
    other_ip = accounts.authenticate(
        session=session, email=user.email, password=PASSWORD, ip="10.7.7.7"
    )
    assert other_ip.id == user.id


def _old_failures(session: Session, email: str, ip: str, age: timedelta) -> None:
    at = utcnow() - age
    session.add_all(
        LoginAttempt(email=email, ip=ip, success=False, at=at) for _ in range(accounts.MAX_FAILURES)
    )
    session.flush()


def test_failures_older_than_15_minutes_do_not_count(session, no_redis):
    user = register_user(session)
    _old_failures(session, user.email, "10.2.2.2", timedelta(minutes=16))
    signed_in = accounts.authenticate(
        session=session, email=user.email, password=PASSWORD, ip="10.2.2.2"
    )
    assert signed_in.id == user.id


def test_the_lock_still_holds_14_minutes_after_the_failures(session, no_redis):
    user = register_user(session)
    _old_failures(session, user.email, "10.3.3.3", timedelta(minutes=14))
    with pytest.raises(RateLimited):
        accounts.authenticate(session=session, email=user.email, password=PASSWORD)


# --- lockout (Redis counting) -----------------------------------------------------------


@pytest.fixture
def redis_limiter(redis_url, monkeypatch):
    with redis_at(monkeypatch, redis_url):
        yield jobs.redis_connection()


def test_redis_five_failures_lock_the_account_for_15_minutes(session, redis_limiter):
    user = register_user(session)
    for attempt in range(accounts.MAX_FAILURES):
        fail_sign_in(session, user.email, ip=f"10.4.0.{attempt}")
    with pytest.raises(RateLimited):
        accounts.authenticate(session=session, email=user.email, password=PASSWORD, ip="10.4.9.9")
    ttl = redis_limiter.ttl(f"login-fail:email:{user.email}")
    assert 0 < ttl <= accounts.LOCK_WINDOW.total_seconds()


def test_redis_a_spray_from_one_ip_across_emails_locks_that_ip(session, redis_limiter):
    user = register_user(session)
    ip = f"10.5.{uuid.uuid4().int % 250}.1"
    for attempt in range(accounts.SPRAY_MAX_FAILURES):
        fail_sign_in(session, f"guess-{attempt % accounts.SPRAY_MIN_ACCOUNTS}@x.org", ip=ip)
    with pytest.raises(RateLimited):
        accounts.authenticate(session=session, email=user.email, password=PASSWORD, ip=ip)
    assert accounts.authenticate(session=session, email=user.email, password=PASSWORD).id == user.id


def test_redis_counts_expire_with_the_window(session, redis_limiter):
    user = register_user(session)
    ip = f"10.6.{uuid.uuid4().int % 250}.2"
    limiter = accounts.LoginLimiter
    counters = [
        limiter._account_key(user.email),
        limiter._pair_key(user.email, ip),
        limiter._ip_key(ip),
    ]
    keys = [*counters, limiter._ip_accounts_key(ip)]
    for _ in range(accounts.MAX_FAILURES):
        fail_sign_in(session, user.email, ip=ip)
    with pytest.raises(RateLimited):
        accounts.authenticate(session=session, email=user.email, password=PASSWORD, ip=ip)
    window = accounts.LOCK_WINDOW.total_seconds()
    for key in counters:
        assert int(redis_limiter.get(key)) == accounts.MAX_FAILURES
    assert redis_limiter.scard(limiter._ip_accounts_key(ip)) == 1
    for key in keys:
        # Every key carries the window as its expiry (a key without one never expires).
        assert window - 60 < redis_limiter.ttl(key) <= window
    # Redis itself expires the counters (the window shortened to 50 ms, not a delete).
    for key in keys:
        redis_limiter.pexpire(key, 50)
    deadline = time.monotonic() + 5
    while redis_limiter.exists(*keys) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert redis_limiter.exists(*keys) == 0
    signed_in = accounts.authenticate(session=session, email=user.email, password=PASSWORD, ip=ip)
    assert signed_in.id == user.id


# --- sign_in_with_password: failures outlive the failed transaction ---------------------


def _committed_user(committed_session: Session, *, role: str = "student") -> User:
    user = register_user(committed_session, role=role)
    committed_session.commit()
    return user


def _attempts(committed_session: Session, email: str) -> list[bool]:
    committed_session.expire_all()
    return list(
        committed_session.scalars(
            select(LoginAttempt.success)
            .where(LoginAttempt.email == email)
            .order_by(LoginAttempt.id)
        )
    )


def _user_id(*, session, user):
    return user.id


def test_failed_sign_in_is_recorded_although_the_sign_in_fails(committed_session, no_redis):
    user = _committed_user(committed_session)
    with pytest.raises(Unauthorized):
        accounts.sign_in_with_password(
            _user_id, email=user.email, password="wrong-password", ip="10.8.8.8"
        )
    assert _attempts(committed_session, user.email) == [False]


@pytest.mark.parametrize(("email", "password", "field"), [("", "x", "email"), (None, "", "email")])
def test_an_empty_sign_in_is_refused_and_not_counted(
    committed_session, no_redis, email, password, field
):
    user = _committed_user(committed_session)
    typed = user.email if email is None else email
    with pytest.raises(Invalid) as refused:
        accounts.sign_in_with_password(_user_id, email=typed, password=password, ip="10.8.8.9")
    assert refused.value.field == ("password" if email is None else field)
    assert _attempts(committed_session, user.email) == []


def test_sign_in_with_password_locks_after_five_committed_failures(committed_session, no_redis):
    user = _committed_user(committed_session)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(Unauthorized):
            accounts.sign_in_with_password(
                _user_id, email=user.email, password="nope-nope", ip=None
            )
    with pytest.raises(RateLimited):
        accounts.sign_in_with_password(_user_id, email=user.email, password=PASSWORD, ip=None)
    assert _attempts(committed_session, user.email) == [False] * accounts.MAX_FAILURES


def test_successful_sign_in_runs_the_follow_up_in_the_same_transaction(committed_session, no_redis):
    user = _committed_user(committed_session)
    result = accounts.sign_in_with_password(_user_id, email=user.email, password=PASSWORD, ip=None)
    assert result == user.id
    assert _attempts(committed_session, user.email) == [True]


# --- browser sessions -------------------------------------------------------------------


def test_ticket_is_redeemed_once(session):
    user = register_user(session)
    ticket = sessions.create_ticket(session=session, user_id=user.id)
    token = sessions.redeem_ticket(session=session, ticket=ticket)
    assert sessions.user_for_token(session=session, token=token).id == user.id
    with pytest.raises(Invalid) as caught:
        sessions.redeem_ticket(session=session, ticket=ticket)
    assert caught.value.field == "ticket"


def test_unredeemed_ticket_is_not_a_session_token(session):
    user = register_user(session)
    ticket = sessions.create_ticket(session=session, user_id=user.id)
    assert sessions.user_for_token(session=session, token=ticket) is None


def test_expired_ticket_is_refused(session):
    user = register_user(session)
    ticket = sessions.create_ticket(session=session, user_id=user.id)
    row = session.scalar(select(AuthSession).where(AuthSession.user_id == user.id))
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    with pytest.raises(Invalid):
        sessions.redeem_ticket(session=session, ticket=ticket)


def _signed_in(session: Session, user: User) -> str:
    ticket = sessions.create_ticket(session=session, user_id=user.id)
    return sessions.redeem_ticket(session=session, ticket=ticket)


def _session_row(session: Session, token: str) -> AuthSession:
    return session.scalar(
        select(AuthSession).where(AuthSession.token_hash == sessions.hash_token(token))
    )


def test_revoked_session_has_no_user(session):
    user = register_user(session)
    token = _signed_in(session, user)
    sessions.end_session(session=session, token=token)
    assert sessions.user_for_token(session=session, token=token) is None


def test_expired_session_has_no_user(session):
    user = register_user(session)
    token = _signed_in(session, user)
    _session_row(session, token).expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    assert sessions.user_for_token(session=session, token=token) is None


def test_blocked_users_session_has_no_user(session):
    user = register_user(session)
    token = _signed_in(session, user)
    user.is_active = False
    session.flush()
    assert sessions.user_for_token(session=session, token=token) is None


def test_garbage_or_missing_token_has_no_user(session):
    assert sessions.user_for_token(session=session, token="garbage") is None
    assert sessions.user_for_token(session=session, token=None) is None


def test_end_all_sessions_signs_the_user_out_everywhere(session):
    user, other = register_user(session), register_user(session)
    first, second = _signed_in(session, user), _signed_in(session, user)
    bystander = _signed_in(session, other)
    assert sessions.end_all_sessions(session=session, user_id=user.id) == 2
    assert sessions.user_for_token(session=session, token=first) is None
    assert sessions.user_for_token(session=session, token=second) is None
    assert sessions.user_for_token(session=session, token=bystander).id == other.id


def test_session_token_is_read_from_a_cookie_header():
    header = f"lang=en; {sessions.SESSION_COOKIE}=abc123; other=1"
    assert sessions.session_token_from_cookie_header(header) == "abc123"
    assert sessions.session_token_from_cookie_header(None) is None


# --- API tokens -------------------------------------------------------------------------


def test_refresh_token_rotates_once(session):
    user = register_user(session)
    pair = tokens.issue_tokens(session=session, user=user)
    successor = tokens.refresh_tokens(session=session, refresh_token=pair.refresh_token)
    assert successor.refresh_token != pair.refresh_token
    assert tokens.user_id_from_access_token(successor.access_token) == user.id
    with pytest.raises(tokens.TokenReused):
        tokens.refresh_tokens(session=session, refresh_token=pair.refresh_token)
    stored = session.scalars(select(ApiRefreshToken.token_hash)).all()
    assert pair.refresh_token not in stored and successor.refresh_token not in stored


def test_reusing_a_rotated_token_revokes_its_whole_family(committed_session):
    user = _committed_user(committed_session)
    first = tokens.issue_tokens(session=committed_session, user=user)
    committed_session.commit()
    second = tokens.rotate_refresh_token(first.refresh_token)
    with pytest.raises(Unauthorized):
        tokens.rotate_refresh_token(first.refresh_token)  # the leaked, rotated token
    with pytest.raises(Unauthorized):
        tokens.rotate_refresh_token(second.refresh_token)  # its successor died with it
    committed_session.expire_all()
    revoked = committed_session.scalars(
        select(ApiRefreshToken.revoked_at).where(ApiRefreshToken.user_id == user.id)
    ).all()
    assert len(revoked) == 2 and all(revoked)


def test_expired_refresh_token_is_refused(session):
    user = register_user(session)
    pair = tokens.issue_tokens(session=session, user=user)
    row = session.scalar(select(ApiRefreshToken).where(ApiRefreshToken.user_id == user.id))
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    with pytest.raises(Unauthorized, match="expired"):
        tokens.refresh_tokens(session=session, refresh_token=pair.refresh_token)


def test_blocked_user_cannot_refresh(session):
    user = register_user(session)
    pair = tokens.issue_tokens(session=session, user=user)
    user.is_active = False
    session.flush()
    with pytest.raises(Unauthorized):
        tokens.refresh_tokens(session=session, refresh_token=pair.refresh_token)


def test_expired_access_token_is_refused(session, monkeypatch):
    user = register_user(session)
    monkeypatch.setattr(settings, "access_token_minutes", -1)
    token = tokens.create_access_token(user)
    with pytest.raises(Unauthorized, match="expired"):
        tokens.user_id_from_access_token(token)


def test_tampered_access_token_is_refused(session):
    user, admin = register_user(session), register_user(session, role="admin")
    header, _payload, signature = tokens.create_access_token(user).split(".")
    forged_payload = tokens.create_access_token(admin).split(".")[1]
    with pytest.raises(Unauthorized):
        tokens.user_id_from_access_token(f"{header}.{forged_payload}x.{signature}")
    with pytest.raises(Unauthorized):
        tokens.user_id_from_access_token(f"{header}.{forged_payload}.{signature}")
    foreign_key = jwt.encode(
        {"sub": str(admin.id), "typ": "access", "exp": utcnow() + timedelta(minutes=5)},
        "someone-elses-secret",
        algorithm="HS256",
    )
    with pytest.raises(Unauthorized):
        tokens.user_id_from_access_token(foreign_key)


def test_token_that_is_not_an_access_token_is_refused():
    other_kind = jwt.encode(
        {"sub": "1", "typ": "refresh", "exp": utcnow() + timedelta(minutes=5)},
        settings.secret_key,
        algorithm="HS256",
    )
    with pytest.raises(Unauthorized):
        tokens.user_id_from_access_token(other_kind)


# --- admin user management --------------------------------------------------------------


@pytest.mark.parametrize("actor_role", ["student", "teacher", None])
def test_non_admins_cannot_list_or_change_users(session, actor_role):
    target = register_user(session)
    actor_id = register_user(session, role=actor_role).id if actor_role else None
    with pytest.raises(Forbidden):
        users_admin.list_users(session=session, actor_id=actor_id)
    with pytest.raises(Forbidden):
        users_admin.update_user(session=session, actor_id=actor_id, user_id=target.id, role="admin")
    session.refresh(target)
    assert target.role == "student"


def test_blocked_admin_loses_admin_rights(session):
    admin = register_user(session, role="admin")
    admin.is_active = False
    session.flush()
    with pytest.raises(Forbidden):
        users_admin.list_users(session=session, actor_id=admin.id)


@pytest.mark.parametrize(("role", "is_active"), [("student", None), (None, False)])
def test_admin_cannot_demote_or_block_themselves(session, role, is_active):
    admin = register_user(session, role="admin")
    with pytest.raises(Conflict) as caught:
        users_admin.update_user(
            session=session, actor_id=admin.id, user_id=admin.id, role=role, is_active=is_active
        )
    assert caught.value.message_key == "admin.cannot_change_self"
    session.refresh(admin)
    assert admin.role == "admin" and admin.is_active


def test_blocking_ends_sessions_and_refresh_tokens(session):
    admin, user = register_user(session, role="admin"), register_user(session)
    token = _signed_in(session, user)
    pair = tokens.issue_tokens(session=session, user=user)
    row = users_admin.update_user(
        session=session, actor_id=admin.id, user_id=user.id, is_active=False
    )
    assert row.is_active is False
    assert sessions.user_for_token(session=session, token=token) is None
    with pytest.raises(Unauthorized):
        tokens.refresh_tokens(session=session, refresh_token=pair.refresh_token)
    with pytest.raises(Forbidden):
        accounts.authenticate(session=session, email=user.email, password=PASSWORD)


def test_admin_changes_a_role_and_unknown_roles_are_refused(session):
    admin, user = register_user(session, role="admin"), register_user(session)
    assert (
        users_admin.update_user(
            session=session, actor_id=admin.id, user_id=user.id, role="teacher"
        ).role
        == "teacher"
    )
    with pytest.raises(Invalid) as caught:
        users_admin.update_user(session=session, actor_id=admin.id, user_id=user.id, role="root")
    assert caught.value.field == "role"


def test_admin_list_searches_filters_and_pages(session):
    admin = register_user(session, role="admin")
    tag = uuid.uuid4().hex[:8]
    for index in range(3):
        register_user(session, email=f"pupil{index}-{tag}@accounts.example.org")
    register_user(session, role="teacher", email=f"mentor-{tag}@accounts.example.org")
    found = users_admin.list_users(session=session, actor_id=admin.id, q=tag.upper())
    assert found.total == 4
    pupils = users_admin.list_users(
        session=session, actor_id=admin.id, q=tag, role="student", per_page=2, sort="email"
    )
    assert pupils.total == 3 and len(pupils.items) == 2
    assert [row.email for row in pupils.items] == [
        f"pupil0-{tag}@accounts.example.org",
        f"pupil1-{tag}@accounts.example.org",
    ]
    last = users_admin.list_users(
        session=session, actor_id=admin.id, q=tag, role="student", per_page=2, page=2, sort="email"
    )
    assert [row.email for row in last.items] == [f"pupil2-{tag}@accounts.example.org"]


def test_admin_search_treats_percent_and_underscore_literally(session):
    admin = register_user(session, role="admin")
    tag = uuid.uuid4().hex[:8]
    register_user(session, email=f"under_score-{tag}@accounts.example.org")
    register_user(session, email=f"underxscore-{tag}@accounts.example.org")
    found = users_admin.list_users(session=session, actor_id=admin.id, q=f"under_score-{tag}")
    assert [row.email for row in found.items] == [f"under_score-{tag}@accounts.example.org"]
    assert users_admin.list_users(session=session, actor_id=admin.id, q="%").total == 0


def test_system_path_changes_users_by_email_without_an_actor(session):
    user = register_user(session)
    token = _signed_in(session, user)
    row = users_admin.update_user_as_system(session=session, email=user.email.upper(), role="admin")
    assert row.role == "admin"
    users_admin.update_user_as_system(session=session, email=user.email, is_active=False)
    assert sessions.user_for_token(session=session, token=token) is None
    with pytest.raises(NotFound):
        users_admin.update_user_as_system(
            session=session, email=unique_email("ghost"), role="admin"
        )


# --- admin overview ---------------------------------------------------------------------


def test_overview_is_refused_to_non_admins(session):
    student = register_user(session)
    with pytest.raises(Forbidden):
        admin_overview.overview(session=session, actor_id=student.id)
    with pytest.raises(Forbidden):
        admin_overview.overview(session=session, actor_id=None)


def test_overview_counts_users_courses_orders_and_revenue(session):
    admin = register_user(session, role="admin")
    before = admin_overview.overview(session=session, actor_id=admin.id)
    teacher, student = register_user(session, role="teacher"), register_user(session)
    student.is_active = False
    session.add_all(
        [
            Course(
                slug=f"c-{uuid.uuid4().hex[:8]}",
                title="A",
                teacher_id=teacher.id,
                is_published=True,
            ),
            Course(slug=f"c-{uuid.uuid4().hex[:8]}", title="B", teacher_id=teacher.id),
            Order(
                user_id=student.id,
                status="paid",
                total=Decimal("100.50"),
                subtotal=Decimal("100.50"),
            ),
            Order(
                user_id=student.id, status="paid", total=Decimal("20.00"), subtotal=Decimal("20.00")
            ),
            Order(
                user_id=student.id,
                status="pending",
                total=Decimal("999.00"),
                subtotal=Decimal("999.00"),
            ),
        ]
    )
    session.flush()
    after = admin_overview.overview(session=session, actor_id=admin.id)
    assert after.users_by_role["teacher"] == before.users_by_role["teacher"] + 1
    assert after.users_by_role["student"] == before.users_by_role["student"] + 1
    assert after.users_total == before.users_total + 2
    assert after.blocked_users == before.blocked_users + 1
    assert after.published_courses == before.published_courses + 1
    assert after.paid_orders == before.paid_orders + 2
    gained = after.revenue["RUB"] - before.revenue.get("RUB", Decimal("0"))
    assert gained == Decimal("120.50")


# --- purge of expired auth data ---------------------------------------------------------


def _stale_and_fresh_auth_rows(session: Session) -> User:
    user = register_user(session)
    now = utcnow()
    day, month = timedelta(days=1), timedelta(days=31)

    def auth_session(**fields) -> AuthSession:
        values = {"created_at": now, "last_seen_at": now, "expires_at": now + day, **fields}
        return AuthSession(token_hash=uuid.uuid4().hex, user_id=user.id, **values)

    def refresh(**fields) -> ApiRefreshToken:
        values = {"expires_at": now + day, **fields}
        return ApiRefreshToken(
            token_hash=uuid.uuid4().hex, family_id="f", user_id=user.id, **values
        )

    def reset(**fields) -> PasswordReset:
        values = {"expires_at": now + day, **fields}
        return PasswordReset(token_hash=uuid.uuid4().hex, user_id=user.id, **values)

    session.add_all(
        [
            refresh(expires_at=now - timedelta(minutes=1)),  # gone
            refresh(),  # kept
            auth_session(created_at=now - 2 * day, expires_at=now - 2 * day),  # old ticket: gone
            auth_session(expires_at=now + timedelta(minutes=2)),  # fresh ticket: kept
            auth_session(activated_at=now - month, revoked_at=now - month),  # gone
            auth_session(activated_at=now - month, expires_at=now - month),  # gone
            auth_session(activated_at=now - 2 * day, revoked_at=now - day),  # recently ended: kept
            auth_session(activated_at=now),  # active: kept
            LoginAttempt(email=user.email, at=now - 2 * day),  # gone
            LoginAttempt(email=user.email, at=now - timedelta(hours=1)),  # kept
            reset(created_at=now - 2 * day, used_at=now - 2 * day),  # gone
            reset(created_at=now - 2 * day, expires_at=now - 2 * day),  # gone
            reset(),  # usable: kept
        ]
    )
    session.flush()
    return user


def test_purge_deletes_only_unusable_auth_rows_and_counts_them(session):
    user = _stale_and_fresh_auth_rows(session)
    counts = maintenance.purge_expired_auth_data(session=session)
    assert (
        counts.refresh_tokens,
        counts.unredeemed_tickets,
        counts.ended_sessions,
        counts.login_attempts,
        counts.password_resets,
    ) == (1, 1, 2, 1, 2)
    assert counts.total == 7

    def left(model) -> int:
        return session.scalar(
            select(func.count()).select_from(model).where(model.user_id == user.id)
        )

    assert left(ApiRefreshToken) == 1
    assert left(AuthSession) == 3
    assert left(PasswordReset) == 1
    assert maintenance.purge_expired_auth_data(session=session).total == 0


def test_purge_job_commits_and_returns_the_counts(committed_session):
    _stale_and_fresh_auth_rows(committed_session)
    committed_session.commit()
    counts = maintenance_jobs.purge_expired_auth_data()
    assert counts == {
        "refresh_tokens": 1,
        "unredeemed_tickets": 1,
        "ended_sessions": 2,
        "login_attempts": 1,
        "password_resets": 2,
        "email_verifications": 0,
    }
    committed_session.expire_all()
    assert committed_session.scalar(select(func.count()).select_from(AuthSession)) == 3
    assert maintenance_jobs.purge_expired_auth_data()["ended_sessions"] == 0
