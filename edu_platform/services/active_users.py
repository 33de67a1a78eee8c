"""Is this user still active? Checked on every API request that carries an access token,
so a blocked account's tokens stop working at once instead of when they expire.

Answers are cached in this process for at most TTL_SECONDS per user id; blocking through
`users_admin` drops the entry when its transaction commits (other processes see the
change within TTL_SECONDS).
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import User

TTL_SECONDS = 5.0
MAX_ENTRIES = 50_000

_lock = threading.Lock()
_cache: dict[int, tuple[bool, float]] = {}  # user id -> (active, expires at, monotonic)


def _clock() -> float:
    return time.monotonic()


def _read(*, session: Session, user_id: int) -> bool:
    return bool(session.scalar(select(User.is_active).where(User.id == user_id)))


def is_active(user_id: int) -> bool:
    """True when the user exists and is not blocked (cached up to TTL_SECONDS)."""
    now = _clock()
    with _lock:
        entry = _cache.get(user_id)
    if entry is not None and entry[1] > now:
        return entry[0]
    active = db.run_sync(_read, user_id=user_id)
    with _lock:
        if len(_cache) >= MAX_ENTRIES:
            _cache.clear()
        _cache[user_id] = (active, now + TTL_SECONDS)
    return active


def forget(user_id: int) -> None:
    """Drop the cached answer for `user_id` (after it was blocked or unblocked)."""
    with _lock:
        _cache.pop(user_id, None)


def forget_after_commit(session: Session, user_id: int) -> None:
    """Drop the cached answer now and again once `session` commits (a request between
    the two would otherwise cache the old value for TTL_SECONDS)."""
    forget(user_id)
    db.call_after_commit(session, forget, user_id)


def clear() -> None:
    with _lock:
        _cache.clear()
