"""Raw learning events (lesson opened, video heartbeat, lesson completed, quiz start/submit).

`record()` only appends to an in-memory buffer, so it never slows a page; a flusher
thread (started by the app's lifespan, `start_flusher()`) bulk-inserts the buffer every
two seconds or every 500 events. Events are analytics, not state: an event recorded in a
transaction that later rolls back is still kept (it was an attempt), and at most two
seconds of events can be lost if the process dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import insert

from edu_platform.models import LearningEvent, utcnow

log = logging.getLogger(__name__)

EVENT_TYPES = frozenset(
    {
        "lesson_opened",
        "video_heartbeat",
        "lesson_completed",
        "quiz_started",
        "quiz_submitted",
        "page_view",
        "heartbeat",
    }
)
FLUSH_SECONDS = 2.0
FLUSH_SIZE = 500
MAX_BUFFER = 100_000  # beyond this (database down for long), the oldest events are dropped

_buffer: list[dict[str, Any]] = []
_lock = threading.Lock()
_wake = threading.Event()
_flusher: threading.Thread | None = None
_stop = threading.Event()


def record(
    *,
    user_id: int,
    course_id: int,
    type: str,
    lesson_id: int | None = None,
    payload: dict | None = None,
) -> None:
    """Queue one event for the next bulk insert."""
    event = {
        "user_id": user_id,
        "course_id": course_id,
        "lesson_id": lesson_id,
        "type": type,
        "ts": utcnow(),
        "payload": payload or {},
    }
    with _lock:
        _buffer.append(event)
        if len(_buffer) > MAX_BUFFER:
            del _buffer[: len(_buffer) - MAX_BUFFER]
        if len(_buffer) >= FLUSH_SIZE:
            _wake.set()


def pending() -> int:
    with _lock:
        return len(_buffer)


def flush() -> int:
    """Insert everything buffered in one statement; returns how many rows went in."""
    from edu_platform import db

    with _lock:
        batch = list(_buffer)
        _buffer.clear()
    if not batch:
        return 0
    try:
        with db.get_engine().begin() as connection:
            connection.execute(insert(LearningEvent.__table__), batch)
    except Exception:
        log.exception("could not store %d learning events; they stay queued", len(batch))
        with _lock:
            _buffer[:0] = batch
        return 0
    return len(batch)


def _run() -> None:
    while not _stop.is_set():
        _wake.wait(FLUSH_SECONDS)
        _wake.clear()
        flush()
    flush()


def start_flusher() -> None:
    """Start the background flusher once per process (idempotent)."""
    global _flusher
    with _lock:
        if _flusher is not None and _flusher.is_alive():
            return
        _stop.clear()
        _flusher = threading.Thread(target=_run, name="learning-events", daemon=True)
        _flusher.start()


def stop_flusher() -> None:
    _stop.set()
    _wake.set()
    if _flusher is not None:
        _flusher.join(timeout=10)


@contextlib.asynccontextmanager
async def lifespan() -> AsyncIterator[None]:
    """App lifespan task: flush buffered events in the background while the app runs."""
    start_flusher()
    try:
        yield
    finally:
        await asyncio.to_thread(stop_flusher)
