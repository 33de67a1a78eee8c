"""Fixtures shared by the service-layer security tests (tests/security/test_svc_*.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from edu_platform import jobs
from edu_platform.settings import settings


@pytest.fixture(params=["database", "redis"])
def counter_store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Counters in the database / in-process (no Redis configured) or in Redis."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    monkeypatch.setattr(settings, "redis_url", url)
    jobs.redis_connection.cache_clear()
    yield request.param
    jobs.redis_connection.cache_clear()


@pytest.fixture
def no_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(settings, "redis_url", "")
    jobs.redis_connection.cache_clear()
    yield
    jobs.redis_connection.cache_clear()
