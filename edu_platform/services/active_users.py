"""Is this user still active, and does this access token still count? Checked on every API
request that carries an access token, so a blocked account's tokens, and tokens issued
before a password change (`user.tokens_valid_after`), stop working at once instead of
when they expire.

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
# user id -> (active, tokens valid from (Unix seconds, 0: all), expires at (monotonic))
_cache: dict[int, tuple[bool, float, float]] = {}


def _clock() -> float:
    return time.monotonic()


def _read(*, session: Session, user_id: int) -> tuple[bool, float]:
    row = session.execute(
        select(User.is_active, User.tokens_valid_after).where(User.id == user_id)
    ).first()
    if row is None:
        return False, 0.0
    active, valid_after = row
    # To the millisecond, as tokens carry their time (services/tokens.py).
    return bool(active), round(valid_after.timestamp(), 3) if valid_after else 0.0


def _state(user_id: int) -> tuple[bool, float]:
    now = _clock()
    with _lock:
        entry = _cache.get(user_id)
    if entry is not None and entry[2] > now:
        return entry[0], entry[1]
    active, valid_after = db.run_sync(_read, user_id=user_id)
    with _lock:
        if len(_cache) >= MAX_ENTRIES:
            _cache.clear()
        _cache[user_id] = (active, valid_after, now + TTL_SECONDS)
    return active, valid_after


def is_active(user_id: int) -> bool:
    """True when the user exists and is not blocked (cached up to TTL_SECONDS)."""
    return _state(user_id)[0]


def accepts_token(user_id: int, issued_at: float) -> bool:
    """True when the user is active and a token issued at `issued_at` (Unix seconds) was
    issued no earlier than their `tokens_valid_after`."""
    active, valid_after = _state(user_id)
    return active and issued_at >= valid_after


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
