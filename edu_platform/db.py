"""The project's one database engine and the transaction helpers every front door uses.

States, API routes and jobs all open sessions here (never `rx.session()`, which would
build a second pool). `run()` is the async bridge: it runs a sync service inside one
transaction in a worker thread so a Reflex handler never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, create_engine

from edu_platform.settings import settings

T = TypeVar("T")
log = logging.getLogger(__name__)

# An execution option set on read scopes: SQLite begins them deferred (a WAL reader,
# no write lock); PostgreSQL runs them in AUTOCOMMIT (no BEGIN/ROLLBACK round trips).
READ_ONLY = "edu_read_only"
# Connections held by one process: settings.db_pool_size + DB_MAX_OVERFLOW. Keep
# processes × (pool + overflow) under PostgreSQL's max_connections (default 100).
DB_MAX_OVERFLOW = 5
# Connections older than this are replaced on checkout.
POOL_RECYCLE_SECONDS = 1800
# Seconds to wait for a PostgreSQL connection: a server that is down refuses at once, one
# that does not answer must not hold a request (the API answers 503, api/app.py).
CONNECT_TIMEOUT_SECONDS = 3

_engine: Engine | None = None
_lock = threading.Lock()


def make_engine(url: str, *, pool_size: int | None = None, sqlite_immediate: bool = True) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL and working SAVEPOINTs.

    On SQLite every write transaction starts with BEGIN IMMEDIATE (`sqlite_immediate`): a
    deferred transaction that reads, then writes after another connection committed,
    fails at once with "database is locked" (SQLite cannot upgrade a stale snapshot, and
    the busy timeout does not apply). Taking the write lock up front makes concurrent
    requests and background jobs queue for it instead; transactions here are short.
    Read scopes (`read_scope()`, `run_sync(..., read_only=True)`) begin deferred: WAL
    readers run beside each other and beside the writer, and never upgrade.
    """
    if not url.startswith("sqlite"):
        # pre_ping: a pooled connection is checked (one round trip) before use, so after
        # a PostgreSQL restart requests get fresh connections instead of failing on dead
        # ones (tests/scale/test_faults.py: recovery within 5 s of the server's return).
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_recycle=POOL_RECYCLE_SECONDS,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
            pool_size=pool_size or settings.db_pool_size,
            max_overflow=DB_MAX_OVERFLOW,
        )
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection, _record):  # pragma: no cover - trivial
        # SQLAlchemy emits BEGIN itself: pysqlite's own transaction handling breaks
        # SAVEPOINT (session.begin_nested()).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    begin = "BEGIN IMMEDIATE" if sqlite_immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):  # pragma: no cover - trivial
        read = connection.get_execution_options().get(READ_ONLY)
        connection.exec_driver_sql("BEGIN" if read else begin)

    return engine


def get_engine() -> Engine:
    """The process's engine, built once from settings.database_url."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = make_engine(settings.database_url)
        return _engine


def set_engine(engine: Engine) -> None:
    """Point the whole process at another engine (tests and scripts use this)."""
    global _engine
    with _lock:
        _engine = engine


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


_read_engine_of: tuple[Engine, Engine] | None = None


def _read_engine(engine: Engine) -> Engine:
    """`engine` with the read-scope options (same pool), built once per engine."""
    global _read_engine_of
    held = _read_engine_of
    if held is None or held[0] is not engine:
        options: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            options["isolation_level"] = "AUTOCOMMIT"
        held = _read_engine_of = (engine, engine.execution_options(**options))
    return held[1]


@contextmanager
def read_scope() -> Iterator[Session]:
    """A session for reads only: never takes SQLite's write lock, never commits.

    SQLite: a deferred transaction (WAL snapshot), so readers do not queue behind each
    other or behind the writer. PostgreSQL: AUTOCOMMIT, one round trip per statement (no
    BEGIN/ROLLBACK); each statement sees the latest committed data. Whatever is written
    here is not committed on SQLite; do not write in a read scope.
    """
    with Session(_read_engine(get_engine()), expire_on_commit=False) as session:
        session.info[READ_ONLY] = True
        try:
            yield session
        finally:
            session.rollback()


@event.listens_for(Session, "before_flush")
def _refuse_writes_in_read_scope(session: Session, _context, _instances) -> None:
    # PostgreSQL would commit them at once (AUTOCOMMIT), SQLite would drop them: refuse.
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("a read scope does not write: call without read_only=True")


def run_sync(fn: Callable[..., T], /, *, read_only: bool = False, **kwargs: Any) -> T:
    """Call a service `fn(session=..., **kwargs)` inside one transaction.

    `read_only=True` runs it in `read_scope()` (hot read paths: catalog, course page,
    home, API lists); everything that writes keeps the default.
    """
    scope = read_scope if read_only else session_scope
    with scope() as session:
        return fn(session=session, **kwargs)


async def run(fn: Callable[..., T], /, *, read_only: bool = False, **kwargs: Any) -> T:
    """Async front door for Reflex handlers: the service runs in a thread."""
    return await asyncio.to_thread(run_sync, fn, read_only=read_only, **kwargs)


_AFTER_COMMIT = "edu_platform.after_commit"


def inserted(session: OrmSession, row: object) -> bool:
    """True when `row` was inserted (in a savepoint); False when a constraint refused it,
    as when a concurrent request inserted the same first, and the transaction goes on."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def call_after_commit(session: Session, fn: Callable[..., Any], /, *args: Any) -> None:
    """Run `fn(*args)` once the session's transaction commits; forget it on rollback.

    Side effects that must not happen for rolled-back data go through this: enqueueing a
    job (the worker must see the rows it reads), deleting a replaced file.
    """
    pending: list[tuple[Callable[..., Any], tuple]] | None = session.info.get(_AFTER_COMMIT)
    if pending is None:
        pending = session.info[_AFTER_COMMIT] = []
        event.listen(session, "after_commit", _run_pending)
        event.listen(session, "after_rollback", _drop_pending)
    pending.append((fn, args))


def _run_pending(session: Session) -> None:
    # SQLAlchemy fires after_commit/after_rollback for a SAVEPOINT (begin_nested) too:
    # that is not the end of the transaction, so those are skipped here and below.
    if session.in_nested_transaction():
        return
    callbacks = session.info.get(_AFTER_COMMIT) or []
    session.info[_AFTER_COMMIT] = []
    for fn, args in callbacks:
        try:
            fn(*args)
        except Exception:  # the commit happened; a failed side effect must not undo it
            log.exception("after-commit callback %r failed", fn)


def _drop_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.info[_AFTER_COMMIT] = []
