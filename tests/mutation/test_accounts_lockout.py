"""Sign-in and its lockout (services/accounts.py: LoginLimiter, authenticate,
sign_in_with_password) at their edges, on both databases: the window's boundary, the
Retry-After each lock gives (from the latest failure or the counter's expiry), the lock
per account and address once the per-account limit is raised, a spray's two limits and
what counts toward them, counters in the database, in Redis, and in the database again
when Redis is away. Written to kill the mutants `make mutation` found alive in
accounts.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from edu_platform import jobs
from edu_platform.models import LoginAttempt, Outbox, User
from edu_platform.services import accounts
from edu_platform.services.errors import Forbidden, RateLimited, Unauthorized
from tests.support.factories import PASSWORD, register_user, unique_email
from tests.support.jobs import redis_at

NOW = datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC)
WINDOW = accounts.LOCK_WINDOW
IP, OTHER_IP = "198.51.100.4", "198.51.100.5"


@pytest.fixture
def no_redis(monkeypatch):
    with redis_at(monkeypatch, ""):
        yield


@pytest.fixture
def redis(redis_url, monkeypatch):
    with redis_at(monkeypatch, redis_url):
        yield jobs.redis_connection()


@pytest.fixture
def frozen(monkeypatch):
    """accounts' clock stopped at NOW (the failures below are written relative to it)."""
    monkeypatch.setattr(accounts, "utcnow", lambda: NOW)
    return NOW


def _fail(session, email: str, ip: str | None, *ages: timedelta, success: bool = False) -> None:
    session.add_all(LoginAttempt(email=email, ip=ip, success=success, at=NOW - age) for age in ages)
    session.flush()


def _lock(session, email: str, ip: str | None) -> tuple | None:
    """(message_key, detail, retry_after) of the refusal, or None when not locked."""
    limiter = accounts.LoginLimiter(session)
    try:
        limiter.check(email, ip)
    except RateLimited as error:
        assert limiter.is_locked(email, ip) is True
        return (error.message_key, error.detail, error.retry_after)
    assert limiter.is_locked(email, ip) is False
    return None


def _minutes(*values: float) -> list[timedelta]:
    return [timedelta(minutes=value) for value in values]


LOCKED = "too many failed sign-ins, try again later"


# --- counted in the database ------------------------------------------------------------


def test_database_lock_lasts_until_the_latest_failure_leaves_the_window(session, no_redis, frozen):
    email = unique_email("locked")
    _fail(session, email, IP, *_minutes(12, 11, 10, 9))
    assert _lock(session, email, IP) is None
    _fail(session, email, OTHER_IP, *_minutes(5))
    # The latest failure was 5 minutes ago: 10 minutes left, from any address or none.
    for ip in (IP, "203.0.113.1", None):
        assert _lock(session, email, ip) == ("accounts.locked", LOCKED, 600)
    limiter = Limiter(session)
    assert limiter._database_state(email, IP) == ("account", 600.0)
    assert limiter._database_state(unique_email("bystander"), IP) == (None, 0.0)
    assert limiter._database_state(unique_email("bystander"), None) == (None, 0.0)
    assert _lock(session, unique_email("bystander"), IP) is None


def test_database_window_includes_its_first_instant_and_retries_after_a_second(
    session, no_redis, frozen
):
    email = unique_email("edge")
    _fail(session, email, IP, *[WINDOW] * accounts.MAX_FAILURES)
    assert _lock(session, email, IP) == ("accounts.locked", LOCKED, 1)
    later = unique_email("edge-later")
    _fail(session, later, IP, *[WINDOW - timedelta(seconds=1.5)] * accounts.MAX_FAILURES)
    assert _lock(session, later, IP) == ("accounts.locked", LOCKED, 1)
    older = unique_email("edge-older")
    _fail(session, older, IP, *[WINDOW + timedelta(seconds=1)] * accounts.MAX_FAILURES)
    assert _lock(session, older, IP) is None


def test_database_successes_do_not_count(session, no_redis, frozen):
    email = unique_email("fine")
    _fail(session, email, IP, *_minutes(1, 2, 3, 4, 5, 6), success=True)
    assert _lock(session, email, IP) is None


def test_database_a_raised_account_limit_still_locks_the_account_for_the_guessing_address(
    session, no_redis, frozen, monkeypatch
):
    monkeypatch.setattr(accounts, "MAX_FAILURES", 10)
    email = unique_email("pair")
    _fail(session, email, IP, *_minutes(9, 8, 7, 6))
    _fail(session, email, OTHER_IP, *_minutes(1, 1, 1))
    _fail(session, unique_email("colleague"), IP, *_minutes(1, 1, 1, 1))  # not this account
    assert _lock(session, email, IP) is None
    _fail(session, email, IP, *_minutes(3))
    # Locked for IP (its latest failure 3 minutes ago), not for the others.
    assert _lock(session, email, IP) == ("accounts.locked", LOCKED, 720)
    assert Limiter(session)._database_state(email, IP) == ("account", 720.0)
    assert _lock(session, email, OTHER_IP) is None
    assert _lock(session, email, None) is None


def _spray(session, ip: str, accounts_count: int, failures: int, age=timedelta(minutes=4)):
    for number in range(failures):
        _fail(session, f"sprayed-{number % accounts_count}-{ip}@example.org", ip, age)


def test_database_a_spray_locks_the_address_until_its_latest_failure_leaves_the_window(
    session, no_redis, frozen
):
    user = unique_email("behind-the-spray")
    _spray(session, IP, accounts.SPRAY_MIN_ACCOUNTS, accounts.SPRAY_MAX_FAILURES - 1)
    assert _lock(session, user, IP) is None
    _fail(session, "sprayed-0-" + IP + "@example.org", IP, *_minutes(2))
    assert _lock(session, user, IP) == ("rate_limits.address", LOCKED, 780)
    assert Limiter(session)._database_state(user, IP) == ("address", 780.0)
    assert _lock(session, user, OTHER_IP) is None
    assert _lock(session, user, None) is None


def test_database_only_recent_failures_from_the_address_count_as_sprayed_accounts(
    session, no_redis, frozen
):
    user = unique_email("behind")
    _spray(session, IP, accounts.SPRAY_MIN_ACCOUNTS - 1, accounts.SPRAY_MAX_FAILURES + 5)
    tenth = unique_email("tenth")
    _fail(session, tenth, IP, WINDOW + timedelta(minutes=1))  # too old
    _fail(session, tenth, IP, *_minutes(1), success=True)  # not a failure
    _fail(session, tenth, OTHER_IP, *_minutes(1))  # from another address
    assert _lock(session, user, IP) is None
    _fail(session, tenth, IP, WINDOW)  # the window's first instant counts
    assert _lock(session, user, IP) == ("rate_limits.address", LOCKED, 660)


# --- counted in Redis -------------------------------------------------------------------


Limiter = accounts.LoginLimiter


def test_redis_is_the_only_count_when_it_answers(session, redis, frozen):
    email = unique_email("rows-only")
    _fail(session, email, IP, *_minutes(1, 2, 3, 4, 5, 6))  # rows, but no Redis counter
    assert _lock(session, email, IP) is None


def test_redis_lock_lasts_as_long_as_the_counter(session, redis):
    email = unique_email("counter")
    redis.set(Limiter._account_key(email), accounts.MAX_FAILURES - 1, ex=300)
    assert _lock(session, email, IP) is None
    redis.incr(Limiter._account_key(email))
    for ip in (IP, None):
        key, detail, retry_after = _lock(session, email, ip)
        assert (key, detail) == ("accounts.locked", LOCKED)
        assert 295 <= retry_after <= 300


def test_redis_a_counter_without_expiry_locks_for_the_whole_window(session, redis):
    email = unique_email("no-expiry")
    redis.set(Limiter._account_key(email), accounts.MAX_FAILURES)
    assert _lock(session, email, IP) == ("accounts.locked", LOCKED, 900)


def test_redis_a_raised_account_limit_still_locks_the_account_for_the_guessing_address(
    session, redis, monkeypatch
):
    monkeypatch.setattr(accounts, "MAX_FAILURES", 10)
    email = unique_email("pair")
    redis.set(Limiter._account_key(email), 9, ex=900)
    redis.set(Limiter._pair_key(email, OTHER_IP), 4, ex=900)
    redis.set(Limiter._pair_key(email, IP), 4, ex=600)
    assert _lock(session, email, IP) is None
    redis.incr(Limiter._pair_key(email, IP))
    key, _detail, retry_after = _lock(session, email, IP)
    assert key == "accounts.locked" and 595 <= retry_after <= 600
    state, seconds = Limiter(session)._redis_state(email, IP)
    assert state == "account" and 595 <= seconds <= 600
    assert Limiter(session)._redis_state(email, OTHER_IP) == (None, 0.0)
    assert _lock(session, email, OTHER_IP) is None
    assert _lock(session, email, None) is None


def test_redis_a_spray_needs_both_the_failures_and_the_accounts(session, redis):
    user = unique_email("behind")
    redis.set(Limiter._ip_key(IP), accounts.SPRAY_MAX_FAILURES - 1, ex=400)
    accounts_sprayed = [f"a{n}@x.org" for n in range(accounts.SPRAY_MIN_ACCOUNTS)]
    redis.sadd(Limiter._ip_accounts_key(IP), *accounts_sprayed)
    assert _lock(session, user, IP) is None
    redis.incr(Limiter._ip_key(IP))
    key, _detail, retry_after = _lock(session, user, IP)
    assert key == "rate_limits.address" and 395 <= retry_after <= 400
    assert _lock(session, user, OTHER_IP) is None
    assert _lock(session, user, None) is None
    redis.srem(Limiter._ip_accounts_key(IP), "a0@x.org")
    assert _lock(session, user, IP) is None


def test_redis_a_failure_counts_everywhere_and_keeps_running_windows(session, redis):
    email = unique_email("recorded")
    redis.set(Limiter._ip_key(IP), 3, ex=100)  # windows already running for the address
    redis.sadd(Limiter._ip_accounts_key(IP), email)
    redis.expire(Limiter._ip_accounts_key(IP), 100)
    limiter = Limiter(session)
    limiter.record(email, IP, success=False)
    limiter.record(email, IP, success=False)
    window = int(WINDOW.total_seconds())
    assert int(redis.get(Limiter._account_key(email))) == 2
    assert int(redis.get(Limiter._pair_key(email, IP))) == 2
    assert int(redis.get(Limiter._ip_key(IP))) == 5
    assert redis.smembers(Limiter._ip_accounts_key(IP)) == {email.encode()}
    for key in (Limiter._account_key(email), Limiter._pair_key(email, IP)):
        assert window - 5 <= redis.ttl(key) <= window
    for key in (Limiter._ip_key(IP), Limiter._ip_accounts_key(IP)):
        assert 95 <= redis.ttl(key) <= 100
    rows = session.scalars(
        select(LoginAttempt.success).where(LoginAttempt.email == email, LoginAttempt.ip == IP)
    ).all()
    assert rows == [False, False]


def test_redis_a_failure_without_an_address_counts_for_the_account_only(session, redis):
    email = unique_email("no-address")
    Limiter(session).record(email, None, success=False)
    assert redis.keys("*") == [Limiter._account_key(email).encode()]
    assert int(redis.get(Limiter._account_key(email))) == 1


def test_redis_a_success_counts_nothing(session, redis):
    user = register_user(session)
    accounts.authenticate(session=session, email=user.email, password=PASSWORD, ip=IP)
    assert redis.keys("login-fail:*") == []


def test_a_long_email_is_cut_to_the_column_in_the_row_only(session, redis):
    email = "l" * 300 + "@example.org"
    Limiter(session).record(email, IP, success=False)
    [row] = session.scalars(select(LoginAttempt.email).where(LoginAttempt.ip == IP)).all()
    assert row == email[:254]
    assert int(redis.get(Limiter._account_key(email))) == 1


@pytest.fixture
def redis_away(monkeypatch):
    """Redis configured but not answering (a closed port)."""
    with redis_at(monkeypatch, "redis://127.0.0.1:1/0"):
        yield


def test_with_redis_away_the_rows_count_and_are_kept(session, redis_away):
    email = unique_email("away")
    limiter = Limiter(session)
    assert limiter.redis is not None
    for _ in range(accounts.MAX_FAILURES - 1):
        limiter.record(email, IP, success=False)  # no error: the row is kept
    assert _lock(session, email, IP) is None
    limiter.record(email, IP, success=False)
    key, _detail, retry_after = _lock(session, email, IP)
    assert key == "accounts.locked" and 880 <= retry_after <= 900


# --- authenticate and sign_in_with_password ---------------------------------------------


def test_a_sign_in_strips_the_email_and_emits_the_event(session, no_redis):
    user = register_user(session)
    signed_in = accounts.authenticate(
        session=session, email=f"  {user.email.upper()}\t", password=PASSWORD, ip=IP
    )
    assert signed_in.id == user.id
    attempts = session.scalars(select(LoginAttempt).where(LoginAttempt.email == user.email)).all()
    assert [(a.success, a.ip) for a in attempts] == [(True, IP)]
    events = session.scalars(select(Outbox.payload).where(Outbox.subject == "user.logged_in"))
    assert [e["data"] for e in events if e["data"]["user_id"] == user.id] == [
        {"user_id": user.id, "method": "password"}
    ]
    session.expire_all()
    assert session.get(User, user.id).last_login_at is not None


@pytest.mark.parametrize("email", ["", None, "   "])
def test_no_email_is_a_wrong_pair(session, no_redis, email):
    with pytest.raises(Unauthorized) as caught:
        accounts.authenticate(session=session, email=email, password=PASSWORD)
    assert (caught.value.detail, caught.value.message_key) == (
        "wrong email or password",
        "accounts.wrong_credentials",
    )


def test_attempts_without_an_email_are_counted_and_locked_too(session, no_redis):
    for _ in range(accounts.MAX_FAILURES):
        accounts.record_failed_attempt(session=session, email=None, ip=None)
    with pytest.raises(RateLimited):
        accounts.authenticate(session=session, email=None, password=PASSWORD)


def test_no_password_is_a_wrong_pair(session, no_redis):
    user = register_user(session)
    for password in (None, ""):
        with pytest.raises(Unauthorized):
            accounts.authenticate(session=session, email=user.email, password=password)


def test_a_blocked_account_is_refused_with_its_detail_and_no_success_is_recorded(session, no_redis):
    user = register_user(session)
    user.is_active = False
    session.flush()
    with pytest.raises(Forbidden) as caught:
        accounts.authenticate(session=session, email=user.email, password=PASSWORD, ip=IP)
    assert (caught.value.detail, caught.value.message_key) == (
        "account is blocked",
        "accounts.blocked",
    )
    assert session.scalars(select(LoginAttempt).where(LoginAttempt.email == user.email)).all() == []


def test_a_failed_attempt_is_recorded_normalised(session, no_redis):
    email = unique_email("typo")
    accounts.record_failed_attempt(session=session, email=f" {email.upper()} ", ip=IP)
    accounts.record_failed_attempt(session=session, email=None, ip=None)
    rows = session.scalars(select(LoginAttempt).order_by(LoginAttempt.id)).all()
    assert [(r.email, r.ip, r.success) for r in rows[-2:]] == [(email, IP, False), ("", "", False)]


def _attempts(committed_session, email: str) -> list[tuple]:
    committed_session.expire_all()
    return list(
        committed_session.execute(
            select(LoginAttempt.success, LoginAttempt.ip)
            .where(LoginAttempt.email == email)
            .order_by(LoginAttempt.id)
        )
    )


def _follow_up(*, session, user, tag, number):
    return (user.id, tag, number, session.get(User, user.id).last_login_at is not None)


def test_sign_in_passes_its_keywords_to_the_follow_up(committed_session, no_redis):
    user = register_user(committed_session, commit=True)
    result = accounts.sign_in_with_password(
        _follow_up, email=user.email, password=PASSWORD, ip=IP, tag="ticket", number=7
    )
    assert result == (user.id, "ticket", 7, True)
    assert _attempts(committed_session, user.email) == [(True, IP)]


def test_a_blocked_sign_in_is_recorded_as_a_failure(committed_session, no_redis):
    user = register_user(committed_session, commit=True)
    user.is_active = False
    committed_session.commit()
    with pytest.raises(Forbidden):
        accounts.sign_in_with_password(
            _follow_up, email=f" {user.email.upper()}", password=PASSWORD, ip=IP, tag="", number=0
        )
    assert _attempts(committed_session, user.email) == [(False, IP)]


def test_a_locked_sign_in_is_not_recorded_again(committed_session, no_redis):
    user = register_user(committed_session, commit=True)
    committed_session.add_all(
        LoginAttempt(email=user.email, ip=IP, success=False) for _ in range(accounts.MAX_FAILURES)
    )
    committed_session.commit()
    with pytest.raises(RateLimited):
        accounts.sign_in_with_password(
            _follow_up, email=user.email, password=PASSWORD, ip=IP, tag="", number=0
        )
    assert _attempts(committed_session, user.email) == [(False, IP)] * accounts.MAX_FAILURES


class _ScriptedRedis:
    """A Redis connection whose pipeline answers `values` (the reads _redis_state makes,
    in order) and records the commands: for a TTL Redis gives only in a sub-second
    window (0: under half a second left), which a real server cannot be held at."""

    def __init__(self, values: list):
        self.values, self.commands = values, []

    def pipeline(self):
        return self

    def __getattr__(self, command):
        return lambda *args, **kwargs: self.commands.append((command, *args))

    def execute(self):
        return self.values


def test_redis_a_counter_about_to_expire_still_gives_the_whole_window(session, no_redis):
    email = unique_email("expiring")
    limiter = Limiter(session)
    limiter.redis = _ScriptedRedis([b"5", 0])
    assert limiter._redis_state(email, None) == ("account", 900.0)
    assert limiter.redis.commands == [
        ("get", Limiter._account_key(email)),
        ("ttl", Limiter._account_key(email)),
    ]
    limiter.redis = _ScriptedRedis([b"5", 1])
    assert limiter._redis_state(email, None) == ("account", 1.0)
