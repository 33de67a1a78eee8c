"""Issue 9, item 14: one small limiter (Redis, or in-process without it) and 429 with
Retry-After on registration, coupon attempts, password reset requests and announcements
(the message limit is ready for the messaging service)."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from edu_platform.i18n import translate
from edu_platform.services import learners, password_reset, rate_limit, tokens
from edu_platform.services.errors import RateLimited
from tests.security.svc_support import counter_store
from tests.support.api import api_app
from tests.support.commerce import make_coupon
from tests.support.factories import PASSWORD, make_course, register_user, unique_email
from tests.support.learning import build_world

__all__ = ["counter_store"]


def _small(monkeypatch, name: str, limit: int) -> rate_limit.Limit:
    """The named limit with a small count (the window and the rest unchanged)."""
    original: rate_limit.Limit = getattr(rate_limit, name)
    smaller = rate_limit.Limit(
        original.name + "-" + uuid.uuid4().hex[:6],
        limit=limit,
        window_seconds=original.window_seconds,
        message_key=original.message_key,
        field=original.field,
    )
    monkeypatch.setattr(rate_limit, name, smaller)
    return smaller


# --- the limiter ---------------------------------------------------------------------------


def test_the_limiter_refuses_past_the_limit_with_retry_after(counter_store):
    limit = rate_limit.Limit(f"test-{uuid.uuid4().hex[:6]}", limit=3, window_seconds=60)
    for _ in range(3):
        rate_limit.hit(limit, "10.0.0.1")
    with pytest.raises(RateLimited) as refused:
        rate_limit.hit(limit, "10.0.0.1")
    assert 0 < refused.value.retry_after <= 60
    assert refused.value.message_key == "rate_limits.too_many"
    assert translate("rate_limits.too_many", "en")
    rate_limit.hit(limit, "10.0.0.2")  # another key has its own count
    rate_limit.hit(limit, None)  # no key (a job, an unknown address): not limited


def test_check_and_record_count_only_what_is_recorded(counter_store):
    limit = rate_limit.Limit(f"test-{uuid.uuid4().hex[:6]}", limit=2, window_seconds=60)
    rate_limit.check(limit, 7)
    rate_limit.record(limit, 7)
    rate_limit.check(limit, 7)
    rate_limit.record(limit, 7)
    with pytest.raises(RateLimited):
        rate_limit.check(limit, 7)


def test_the_message_limit_is_ready_for_messaging(counter_store):
    sender = f"user-{uuid.uuid4().hex[:6]}"
    for _ in range(rate_limit.MESSAGE.limit):
        rate_limit.hit(rate_limit.MESSAGE, sender)
    with pytest.raises(RateLimited):
        rate_limit.hit(rate_limit.MESSAGE, sender)


# --- registration --------------------------------------------------------------------------


def test_registration_api_is_429_with_retry_after(counter_store, clean_db, monkeypatch):
    _small(monkeypatch, "REGISTRATION", 2)
    with TestClient(api_app()) as client:

        def register():
            return client.post(
                "/api/v1/auth/register",
                json={"email": unique_email("reg"), "password": PASSWORD, "full_name": "Reg"},
            )

        assert [register().status_code for _ in range(2)] == [201, 201]
        refused = register()
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 0 < int(refused.headers["Retry-After"]) <= 3600


def test_registration_page_path_is_limited_per_address(counter_store, session, monkeypatch):
    from edu_platform.services.sessions import register_with_ticket

    _small(monkeypatch, "REGISTRATION", 1)

    def register(ip: str) -> str:
        return register_with_ticket(
            session=session,
            email=unique_email("page"),
            password=PASSWORD,
            full_name="Page",
            locale="en",
            user_agent="pytest",
            ip=ip,
        )

    assert register("192.0.2.1")
    with pytest.raises(RateLimited):
        register("192.0.2.1")
    assert register("192.0.2.2")


# --- coupons --------------------------------------------------------------------------------


def test_coupon_guessing_through_the_api_is_429(counter_store, committed_session, monkeypatch):
    _small(monkeypatch, "COUPON", 3)
    buyer = register_user(committed_session)
    course = make_course(committed_session)
    coupon = make_coupon(committed_session, course_id=course.id)
    committed_session.commit()
    headers = {"Authorization": f"Bearer {tokens.create_access_token(buyer)}"}
    with TestClient(api_app()) as client:

        def order(code: str):
            return client.post(
                "/api/v1/orders",
                json={"course_ids": [course.id], "coupon_code": code},
                headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            )

        wrong = [order(f"GUESS{n}").status_code for n in range(3)]
        assert wrong == [422, 422, 422]
        refused = order(coupon.code)  # even the right code waits now
        assert refused.status_code == 429
        assert refused.json()["field"] == "coupon_code"
        assert int(refused.headers["Retry-After"]) > 0
        # Without a coupon the user can still buy.
        assert order("").status_code == 201


# --- password reset ----------------------------------------------------------------------------


def test_password_reset_requests_are_limited_per_address(counter_store, session, monkeypatch):
    _small(monkeypatch, "PASSWORD_RESET", 2)
    user = register_user(session)
    for _ in range(2):
        password_reset.request_reset(session=session, email=user.email, ip="192.0.2.9")
    with pytest.raises(RateLimited):
        password_reset.request_reset(session=session, email=unique_email(), ip="192.0.2.9")
    assert password_reset.request_reset(session=session, email=user.email, ip="192.0.2.10")


# --- announcements -----------------------------------------------------------------------------


def test_announcements_are_limited_per_teacher(counter_store, session, monkeypatch):
    _small(monkeypatch, "ANNOUNCEMENT", 2)
    world = build_world(session)
    teacher_id = world.course.teacher_id

    def announce() -> int:
        return learners.announce(
            session=session,
            actor_id=teacher_id,
            course_id=world.course.id,
            subject="News",
            text="Hello",
        )

    assert [announce(), announce()] == [1, 1]
    with pytest.raises(RateLimited) as refused:
        announce()
    assert refused.value.retry_after > 0
