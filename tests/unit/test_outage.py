"""Events failing on an unreachable database or Redis get a "try again" toast."""

from __future__ import annotations

from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.exc import IntegrityError, OperationalError

from edu_platform import outage


def _texts(spec) -> str:
    return repr(spec)


def test_database_and_redis_outages_are_recognised():
    assert outage.is_outage(OperationalError("SELECT 1", {}, Exception("connection refused")))
    assert outage.is_outage(RedisConnectionError("refused"))
    assert not outage.is_outage(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not outage.is_outage(ValueError("bug"))


def test_the_toast_says_try_again_in_both_languages():
    title, description = outage.outage_message()
    assert title == "Сервис временно недоступен / The service is briefly unavailable"
    assert description == (
        "Повторите действие через несколько секунд.\nPlease try again in a few seconds."
    )
    spec = outage.backend_exception_handler(OperationalError("SELECT 1", {}, Exception("down")))
    assert "The service is briefly unavailable" in _texts(spec)
    other = outage.backend_exception_handler(ValueError("bug"))
    assert "An error occurred." in _texts(other)
