"""The project's one database engine and the transaction helpers every front door uses.

States, API routes and jobs all open sessions here (never `rx.session()`, which would
build a second pool). `run()` is the async bridge: it runs a sync service inside one
transaction in a worker thread so a Reflex handler never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from edu_platform.settings import settings

T = TypeVar("T")

_engine: Engine | None = None
_engine_url: str | None = None
_lock = threading.Lock()


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_pre_ping=True
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: settings.database_url), built once per process."""
    global _engine, _engine_url
    url = url or settings.database_url
    with _lock:
        if _engine is None or _engine_url != url:
            if _engine is not None:
                _engine.dispose()
            _engine = _make_engine(url)
            _engine_url = url
        return _engine


def set_engine(engine: Engine) -> None:
    """Point the whole process at another engine (tests use this)."""
    global _engine, _engine_url
    with _lock:
        _engine = engine
        _engine_url = str(engine.url)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def run_sync(fn: Callable[..., T], /, **kwargs: Any) -> T:
    """Call a service `fn(session=..., **kwargs)` inside one transaction."""
    with session_scope() as session:
        return fn(session=session, **kwargs)


async def run(fn: Callable[..., T], /, **kwargs: Any) -> T:
    """Async front door for Reflex handlers: the service runs in a thread."""
    return await asyncio.to_thread(run_sync, fn, **kwargs)
