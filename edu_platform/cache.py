"""The public catalog cache: catalog pages and facets, home blocks, course pages.

Entries live in Redis when `settings.redis_url` is set (shared by every process) and in
a bounded in-process dictionary otherwise. They are public data only (what an anonymous
visitor sees) and expire after `settings.catalog_cache_ttl` seconds.

Freshness: one generation number covers the whole catalog. Every entry is stored with
the generation read before its data was computed, and a lookup fetches the entry and
the current generation together (one MGET), so an entry written before the last change
is a miss. A transaction that changes a course, its syllabus or its reviews bumps the
generation after it commits (`catalog_changed`; an ORM hook below catches every change
of those rows made through the ORM). A change is therefore visible at once, even when a
reader computed its entry while the change was committing.

Redis trouble never fails a page: the value is computed and served uncached, and Redis
is not asked again for a few seconds.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from edu_platform.settings import settings

T = TypeVar("T")
log = logging.getLogger(__name__)
# Lists are cached for their first pages only (the catalog per filter set, a course's
# reviews): a page number a client sends beyond them makes no entry of its own.
CACHED_PAGES = 3

PREFIX = "edu:cache:catalog:"
GENERATION_KEY = PREFIX + "generation"
MAX_LOCAL_ENTRIES = 2000
REDIS_RETRY_SECONDS = 5.0
REDIS_TIMEOUT_SECONDS = 0.5

_lock = threading.Lock()
_local: dict[str, tuple[int, float, bytes]] = {}
_local_generation = 0
_stats = {"hits": 0, "misses": 0, "errors": 0, "invalidations": 0}
_redis: tuple[str, Any] | None = None
_redis_down_until = 0.0


# --- the store ------------------------------------------------------------------------


def _client():
    """The process's Redis client for the cache (None without Redis or while it is down)."""
    global _redis
    url = settings.redis_url
    if not url or time.monotonic() < _redis_down_until:
        return None
    if _redis is None or _redis[0] != url:
        from redis import Redis

        _redis = (
            url,
            Redis.from_url(
                url,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            ),
        )
    return _redis[1]


def _redis_failed(error: Exception) -> None:
    global _redis_down_until
    _stats["errors"] += 1
    _redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS
    log.warning("catalog cache: Redis unavailable (%s); serving uncached", error)


def _lookup(key: str) -> tuple[int, bytes | None, bool]:
    """(current generation, the stored payload if it is of that generation, shared?)."""
    client = _client()
    if client is not None:
        try:
            generation, stored = client.mget(GENERATION_KEY, PREFIX + key)
        except Exception as error:
            _redis_failed(error)
        else:
            current = int(generation or 0)
            if stored is not None:
                tag, _, payload = stored.partition(b"\n")
                if int(tag) == current:
                    return current, payload, True
            return current, None, True
    entry = _local.get(key)
    if entry is not None and entry[0] == _local_generation and entry[1] > time.monotonic():
        return _local_generation, entry[2], False
    return _local_generation, None, False


def _store(key: str, generation: int, payload: bytes, shared: bool) -> None:
    ttl = settings.catalog_cache_ttl
    if shared:
        client = _client()
        if client is not None:
            try:
                client.set(PREFIX + key, b"%d\n" % generation + payload, ex=ttl)
            except Exception as error:
                _redis_failed(error)
        return
    with _lock:
        if len(_local) >= MAX_LOCAL_ENTRIES:
            for old in list(_local)[: MAX_LOCAL_ENTRIES // 2]:
                _local.pop(old, None)
        _local[key] = (generation, time.monotonic() + ttl, payload)


def cached_bytes(key: str, compute: Callable[[], bytes]) -> bytes:
    """The bytes stored under `key`, or `compute()`'s (then stored)."""
    if settings.catalog_cache_ttl <= 0:
        return compute()
    generation, payload, shared = _lookup(key)
    if payload is not None:
        _stats["hits"] += 1
        return payload
    _stats["misses"] += 1
    payload = compute()
    _store(key, generation, payload, shared)
    return payload


def cached(key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value (dataclasses, lists, dicts, dates, Decimals) through the cache.

    A hit returns a fresh copy: callers may change what they get.
    """
    box: list[Any] = []

    def encode() -> bytes:
        box.append(compute())
        return json.dumps(_encode(box[0]), ensure_ascii=False, separators=(",", ":")).encode()

    payload = cached_bytes(key, encode)
    if box:
        return box[0]
    try:
        return _decode(json.loads(payload))
    except (KeyError, TypeError, ValueError):  # written by another version: recompute
        log.warning("catalog cache: unreadable entry %s; recomputing", key)
        return compute()


# --- invalidation ---------------------------------------------------------------------


def invalidate() -> None:
    """Everything cached so far is stale (called after a change commits)."""
    global _local_generation
    _stats["invalidations"] += 1
    with _lock:
        _local_generation += 1
        _local.clear()
    client = _client()
    if client is not None:
        try:
            client.incr(GENERATION_KEY)
        except Exception as error:
            _redis_failed(error)


_CHANGED = "edu_platform.cache.changed"


def catalog_changed(session: Session) -> None:
    """Invalidate the catalog cache once this session's transaction commits."""
    from edu_platform.db import call_after_commit

    transaction = session.get_transaction()
    if transaction is not None and session.info.get(_CHANGED) is transaction:
        return
    session.info[_CHANGED] = transaction
    call_after_commit(session, invalidate)


def _watched() -> tuple[type, ...]:
    from edu_platform.models import Category, Course, CourseSession, Lesson, Module, Review

    return (Course, Review, Category, Module, Lesson, CourseSession)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    """Any ORM insert, update or delete of catalog rows invalidates after commit."""
    watched = _watched()
    for collection in (session.new, session.dirty, session.deleted):
        for instance in collection:
            if isinstance(instance, watched):
                catalog_changed(session)
                return


# --- figures and tests ----------------------------------------------------------------


def stats() -> dict[str, Any]:
    """This process's hits, misses and hit rate since it started (or `clear()`)."""
    looked_up = _stats["hits"] + _stats["misses"]
    return {
        "backend": "redis" if settings.redis_url else "memory",
        **_stats,
        "hit_rate": round(_stats["hits"] / looked_up, 4) if looked_up else None,
    }


def clear() -> None:
    """Forget local entries and counters (tests); Redis entries go stale by generation."""
    global _redis_down_until
    invalidate()
    _redis_down_until = 0.0
    for name in _stats:
        _stats[name] = 0


# --- a JSON codec for the cached values -----------------------------------------------

_CLASSES: dict[str, type] = {}


def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def register(*classes: type) -> None:
    """Dataclasses that cached values may hold (only these are rebuilt from entries)."""
    for cls in classes:
        _CLASSES[_class_name(cls)] = cls


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {
            "__dc": _class_name(type(value)),
            **{f.name: _encode(getattr(value, f.name)) for f in fields(value)},
        }
    if isinstance(value, dict):
        return {"__map": [[key, _encode(item)] for key, item in value.items()]}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if isinstance(value, datetime):
        return {"__dt": value.isoformat()}
    if isinstance(value, date):
        return {"__d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"__dec": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "__dc" in value:
        # Only registered classes are rebuilt (nothing is imported by name).
        cls = _CLASSES.get(value["__dc"])
        if cls is None:
            raise KeyError(value["__dc"])
        return cls(**{key: _decode(item) for key, item in value.items() if key != "__dc"})
    if "__map" in value:
        return {key: _decode(item) for key, item in value["__map"]}
    if "__dt" in value:
        return datetime.fromisoformat(value["__dt"])
    if "__d" in value:
        return date.fromisoformat(value["__d"])
    if "__dec" in value:
        return Decimal(value["__dec"])
    return value
