"""Redis configured but down: rate limits count in-process, sign-in lockouts read the
login_attempt table; neither fails the request."""

from __future__ import annotations

import pytest

from edu_platform.services import rate_limit
from edu_platform.services.accounts import MAX_FAILURES, LoginLimiter
from edu_platform.services.errors import RateLimited
from tests.support.jobs import redis_at


@pytest.fixture
def redis_down(monkeypatch):
    rate_limit.reset_local()
    with redis_at(monkeypatch, "redis://127.0.0.1:1/0"):
        yield
    rate_limit.reset_local()


def test_rate_limits_count_in_this_process_while_redis_is_down(redis_down):
    limit = rate_limit.Limit("test-down", limit=2, window_seconds=60)
    rate_limit.hit(limit, "1.2.3.4")
    rate_limit.hit(limit, "1.2.3.4")
    with pytest.raises(RateLimited):
        rate_limit.hit(limit, "1.2.3.4")
    assert rate_limit.count(limit, "1.2.3.4")[0] == 3
    assert rate_limit.record(limit, "5.6.7.8") == 1


def test_login_lockout_falls_back_to_the_attempts_table(redis_down, session):
    limiter = LoginLimiter(session)
    limiter.check("locked@example.com", "1.2.3.4")  # Redis refuses: no error
    for _ in range(MAX_FAILURES):
        limiter.record("locked@example.com", "1.2.3.4", success=False)
    session.flush()
    with pytest.raises(RateLimited):
        limiter.check("locked@example.com", "9.9.9.9")
