"""Fixtures shared by the service-layer security tests (tests/security/test_svc_*.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlmodel import Session

from edu_platform import jobs
from edu_platform.models import User
from edu_platform.services import accounts
from edu_platform.settings import settings

PASSWORD = "correct-horse-battery"


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@security.example.org"


def make_user(session: Session, *, role: str = "student", commit: bool = False) -> User:
    user = accounts.register(
        session=session,
        email=unique_email(role),
        password=PASSWORD,
        full_name=f"Security {role.title()}",
        role=role,
    )
    session.flush()
    if commit:
        session.commit()
    return user


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
