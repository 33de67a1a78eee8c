"""Password hashing (argon2id) with a constant-cost check for unknown accounts.

The cost parameters come from settings (ARGON2_TIME_COST, ARGON2_MEMORY_KIB,
ARGON2_PARALLELISM; the defaults are argon2-cffi's, RFC 9106's low-memory profile). A
hash records its own parameters, so changing them never locks anybody out. The test
suite lowers them (tests/conftest.py): hashing is then microseconds instead of ~0.3 s.
"""

from __future__ import annotations

import hashlib
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from edu_platform.settings import settings

_Profile = tuple[int, int, int]
_cache: dict[_Profile, tuple[PasswordHasher, str]] = {}
_lock = threading.Lock()


def _profile() -> _Profile:
    return (settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)


def _hasher() -> tuple[PasswordHasher, str]:
    """The hasher for the configured profile and its dummy hash (built once per profile)."""
    profile = _profile()
    with _lock:
        if profile not in _cache:
            time_cost, memory_kib, parallelism = profile
            hasher = PasswordHasher(
                time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
            )
            # Verified against when the email is unknown, so that a miss costs as much
            # as a hit.
            _cache[profile] = (hasher, hasher.hash("dummy password for timing equalisation"))
        return _cache[profile]


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when `password` matches; with no hash, burns the same time and returns False."""
    hasher, dummy_hash = _hasher()
    try:
        return hasher.verify(password_hash or dummy_hash, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    """How a random token (session, link, ticket) is stored: SHA-256, hex. Tokens are
    long and random, so a fast hash is enough (unlike passwords)."""
    return hashlib.sha256(token.encode()).hexdigest()
