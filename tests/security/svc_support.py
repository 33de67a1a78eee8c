"""Fixtures shared by the service-layer security tests (tests/security/test_svc_*.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.jobs import redis_at


@pytest.fixture(params=["database", "redis"])
def counter_store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Counters in the database / in-process (no Redis configured) or in Redis."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    with redis_at(monkeypatch, url):
        yield request.param


@pytest.fixture
def no_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with redis_at(monkeypatch, ""):
        yield
