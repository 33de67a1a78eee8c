"""Fixed-window rate limits for actions that cost others something (mail, accounts,
notifications) or that can be brute-forced (coupon codes).

One `Limit` names an action, how many hits a key (an address, a user id…) may make and
over how long. Counters live in Redis when it is configured (shared by every app
replica; a key expires with its window) and in this process otherwise (the embedded
shape runs one process). Counters are not part of the database transaction, so a hit
recorded just before a refusal is rolled back is still counted.

    hit(REGISTRATION, ip)    # count one and refuse past the limit (RateLimited, 429)
    check(COUPON, user_id)   # refuse when the limit is already reached, count nothing

`RateLimited.retry_after` holds the seconds until the window ends; the API sends it as
the `Retry-After` header, the UI shows `rate_limits.too_many`.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass

from redis.exceptions import RedisError

from edu_platform.services.errors import RateLimited

KEY_PREFIX = "rate"
REDIS_RETRY_SECONDS = 5.0
_redis_down_until = 0.0
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    window_seconds: int
    message_key: str = "rate_limits.too_many"
    field: str | None = None  # the form field a refusal is shown beside


# Generous enough for a school registering several classes behind one address (and an
# integration's test run); a bot spraying sign-ups from one address still stops here.
REGISTRATION = Limit("register", limit=300, window_seconds=3600)
# Wrong coupon codes per user (right ones are not counted).
COUPON = Limit("coupon", limit=10, window_seconds=900, field="coupon_code")
# Reset requests per address (each account also gets at most 3 links an hour).
PASSWORD_RESET = Limit("password-reset", limit=30, window_seconds=3600)
# Announcements per teacher (each one mails every learner of the course).
ANNOUNCEMENT = Limit("announce", limit=5, window_seconds=3600)
# Direct messages per sender (for the messaging service when it lands).
MESSAGE = Limit("message", limit=30, window_seconds=60)


def _redis():
    """The shared Redis, or None: not configured, or unreachable (checked at most once per
    REDIS_RETRY_SECONDS; meanwhile this process counts on its own, like the embedded shape)."""
    from edu_platform.jobs import redis_connection

    connection = redis_connection()
    if connection is None or time.monotonic() < _redis_down_until:
        return None
    return connection


def _redis_failed(error: Exception) -> None:
    global _redis_down_until
    _redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS
    log.warning("rate limits: Redis unavailable (%s); counting in this process", error)


class _LocalCounters:
    """In-process fixed windows: key -> (count, window end as monotonic seconds)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def _live(self, key: str, now: float) -> tuple[int, float] | None:
        entry = self._counts.get(key)
        if entry is not None and entry[1] <= now:
            del self._counts[key]
            return None
        return entry

    def get(self, key: str) -> tuple[int, float]:
        """(count, seconds left in the window)."""
        with self._lock:
            now = time.monotonic()
            entry = self._live(key, now)
            return (entry[0], entry[1] - now) if entry else (0, 0.0)

    def incr(self, key: str, window: int) -> tuple[int, float]:
        with self._lock:
            now = time.monotonic()
            if len(self._counts) > 100_000:  # bound memory: drop every expired window
                for stale in [k for k, (_, end) in self._counts.items() if end <= now]:
                    del self._counts[stale]
            entry = self._live(key, now)
            count, end = (entry[0] + 1, entry[1]) if entry else (1, now + window)
            self._counts[key] = (count, end)
            return count, end - now

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


_local = _LocalCounters()


def reset_local() -> None:
    """Forget every in-process counter (tests; Redis counters expire on their own)."""
    global _redis_down_until
    _local.clear()
    _redis_down_until = 0.0


def _key(limit: Limit, key: object) -> str:
    return f"{KEY_PREFIX}:{limit.name}:{key}"


def _refuse(limit: Limit, seconds_left: float) -> RateLimited:
    retry_after = max(1, math.ceil(seconds_left))
    error = RateLimited(
        f"too many {limit.name} attempts, retry in {retry_after} s",
        message_key=limit.message_key,
        field=limit.field,
    )
    error.retry_after = retry_after
    return error


def count(limit: Limit, key: object) -> tuple[int, float]:
    """Hits of `key` in the current window and the seconds left in it."""
    name = _key(limit, key)
    redis = _redis()
    if redis is not None:
        pipe = redis.pipeline()
        pipe.get(name)
        pipe.ttl(name)
        try:
            value, ttl = pipe.execute()
        except RedisError as error:
            _redis_failed(error)
        else:
            return int(value or 0), float(ttl if ttl and ttl > 0 else limit.window_seconds)
    return _local.get(name)


def check(limit: Limit, key: object) -> None:
    """RateLimited when `key` already used up its hits in this window."""
    if key is None or key == "":
        return
    used, seconds_left = count(limit, key)
    if used >= limit.limit:
        raise _refuse(limit, seconds_left)


def record(limit: Limit, key: object) -> int:
    """Count one hit of `key` (no refusal); the count in this window."""
    if key is None or key == "":
        return 0
    name = _key(limit, key)
    redis = _redis()
    if redis is not None:
        pipe = redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, limit.window_seconds, nx=True)
        try:
            return int(pipe.execute()[0])
        except RedisError as error:
            _redis_failed(error)
    return _local.incr(name, limit.window_seconds)[0]


def hit(limit: Limit, key: object) -> None:
    """Count one hit of `key`; RateLimited when it goes past the limit.

    A None or empty key (no address known, e.g. a job) is not limited.
    """
    if key is None or key == "":
        return
    name = _key(limit, key)
    redis = _redis()
    counted = None
    if redis is not None:
        pipe = redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, limit.window_seconds, nx=True)
        pipe.ttl(name)
        try:
            used, _, ttl = pipe.execute()
            counted = used, float(ttl if ttl and ttl > 0 else limit.window_seconds)
        except RedisError as error:
            _redis_failed(error)
    used, seconds_left = counted or _local.incr(name, limit.window_seconds)
    if int(used) > limit.limit:
        raise _refuse(limit, seconds_left)
