"""Database fixtures shared by every test layer (browser fixtures live in tests/e2e/).

Backends: every database test runs on SQLite and on PostgreSQL (`backend` parameter,
ids `[sqlite]` / `[postgres]`). PostgreSQL (127.0.0.1:5432, user postgres, trust) and
Redis (127.0.0.1:6379) are skipped when they do not answer, except with CI=true, where an
unreachable server fails the test instead.

- `make_database(backend, migrate=True) -> url`: a brand-new database (SQLite file or
  uniquely named PostgreSQL database), migrated with Alembic to head unless told not
  to; dropped at the end of the test session. `make_database.copy_of(url)`: a new
  database holding what `url`'s holds (SQLite's backup, PostgreSQL's TEMPLATE).
- `db_url`: the session's migrated database of the current backend (one per backend).
- `engine`: the test engine for `db_url`, built as production builds it (SQLite: foreign
  keys on, real SAVEPOINTs, BEGIN IMMEDIATE; only the test's own sessions below begin deferred).
- `session`: per-test isolation by rollback; services get this session. It also points
  `edu_platform.db` at the test engine, but code that opens its own transaction on the
  global engine does NOT see the uncommitted rows of `session`: use `clean_db` for that.
- `clean_db` / `committed_session`: data really committed (visible to other threads and
  connections); every table is emptied after the test.
- `redis_url`: a Redis database of this worker (TEST_REDIS_URL, default db 15; under
  pytest-xdist each worker takes its own number, see tests/support/workers.py), flushed
  before and after the test.

Passwords are hashed with a cheap argon2 profile here (tests/unit/services/test_passwords.py
checks the production one).
"""

from __future__ import annotations

import contextlib
import gc
import os
import secrets
import shutil
import socket
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, make_url, text
from sqlmodel import Session, SQLModel

import edu_platform.models  # noqa: F401  (complete metadata, audit listeners)
from edu_platform import db
from edu_platform.settings import PROJECT_ROOT, settings
from tests.support.argon2_profile import TEST_ARGON2
from tests.support.jobs import Enqueued, record_enqueued
from tests.support.workers import files_in_run_order, run_order, worker_redis_url

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_TEST_URL = worker_redis_url(
    os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
    os.environ.get("PYTEST_XDIST_WORKER"),
)
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

# The browser suite's servers and their shared frontend build (`app_server`, used by
# tests/e2e and two files of tests/security), and the tab its tests share (`page`).
pytest_plugins = ("tests.support.e2e_server", "tests.support.shared_page")

# The cheap argon2 profile (tests/support/argon2_profile.py).
for _name, _value in TEST_ARGON2.items():
    setattr(settings, _name, _value)

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


# --- availability ---------------------------------------------------------------------


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def _unavailable(what: str) -> None:
    message = f"{what} is not reachable"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: this server is required)", pytrace=False)
    pytest.skip(message)


def require_postgres() -> None:
    url = make_url(POSTGRES_ADMIN_URL)
    if not _answers(url.host or "127.0.0.1", url.port or 5432):
        _unavailable(f"PostgreSQL at {url.host}:{url.port or 5432}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items[:] = run_order(items)
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "redis_url" in names:
            item.add_marker(pytest.mark.redis)
        if "postgres_url" in names:
            item.add_marker(pytest.mark.postgres)


# The collector's young generation: 50,000 new objects between collections, not 700. The
# suite builds ORM rows, pages and schemas by the million; with the default threshold the
# collector ran thousands of times over a heap it could not free (8 % of the CPU of the
# tests without a browser). Nothing here relies on when a cycle is collected.
GC_THRESHOLD = (50_000, 50, 100)


def pytest_collection_finish(session: pytest.Session) -> None:
    """After collection, what every test shares (modules, the collected tests) is frozen
    out of the collector's view (gc.freeze), and collections run less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`make test` (`-n auto --dist loadgroup`): whole files, the server's files last."""
    if config.getvalue("dist") in ("loadgroup", "loadscope"):
        return files_in_run_order(config, log)
    return None


# --- alembic and engines --------------------------------------------------------------


def alembic_config(url: str) -> Config:
    """An Alembic config for the project's migrations, aimed at `url`."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    # ConfigParser interpolation: a percent-encoded password must not be read as %(x)s.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False  # keep pytest's log capture intact
    return config


def make_test_engine(url: str, *, sqlite_deferred: bool = False) -> Engine:
    """An engine built exactly as production builds it (SQLite: BEGIN IMMEDIATE), with a
    smaller pool. `sqlite_deferred` is for the rollback-per-test `session` only."""
    return db.make_engine(url, pool_size=5, sqlite_immediate=not sqlite_deferred)


# Throw-away SQLite files live in memory when the machine has a tmpfs: the same SQLite,
# the same pragmas, but no disk flush at checkpoints (a busy disk made every one slow).
MEMORY_DIR = Path("/dev/shm")


class DatabaseFactory:
    """Creates throw-away databases for one test session and drops them at its end.

    Speed without changing what is tested: SQLite files on tmpfs (MEMORY_DIR), and
    PostgreSQL databases with `synchronous_commit = off` (a commit does not wait for its
    WAL flush: ~10 ms a commit on this machine's busy disk, 0.7 ms without; only crash
    durability differs, which no test relies on).
    """

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp_path_factory = tmp_path_factory
        self._postgres_names: list[str] = []
        self._memory_dir: Path | None = None

    def _sqlite_dir(self) -> Path:
        if MEMORY_DIR.is_dir() and os.access(MEMORY_DIR, os.W_OK):
            if self._memory_dir is None:
                self._memory_dir = Path(tempfile.mkdtemp(prefix="edu-test-", dir=MEMORY_DIR))
            return Path(tempfile.mkdtemp(prefix="sqlite-", dir=self._memory_dir))
        return self._tmp_path_factory.mktemp("sqlite")

    def __call__(self, backend: str, *, migrate: bool = True) -> str:
        if backend == "sqlite":
            url = f"sqlite:///{self._new_sqlite_path()}"
        elif backend == "postgres":
            require_postgres()
            url = self._new_postgres()
        else:
            raise ValueError(f"unknown backend {backend!r}")
        if migrate:
            command.upgrade(alembic_config(url), "head")
        return url

    def copy_of(self, url: str) -> str:
        """A new database of the same backend holding what `url`'s holds now. Nobody may be
        writing to it; on PostgreSQL nobody may be connected to it (dispose its engines)."""
        source = make_url(url)
        if source.get_backend_name() != "sqlite":
            return self._new_postgres(template=source.database)
        copy = self._new_sqlite_path()
        with (
            contextlib.closing(sqlite3.connect(source.database or "")) as reader,
            contextlib.closing(sqlite3.connect(copy)) as writer,
        ):
            reader.backup(writer)  # a consistent copy, the WAL's pages included
        return f"sqlite:///{copy}"

    def _new_sqlite_path(self) -> Path:
        return self._sqlite_dir() / "edu.db"

    def _new_postgres(self, *, template: str | None = None) -> str:
        """A uniquely named PostgreSQL database, empty or a copy of `template`."""
        name = f"edu_test_{os.getpid()}_{secrets.token_hex(4)}"
        copied = f' TEMPLATE "{template}"' if template else ""
        admin = self._admin_engine()
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"{copied}')
                # A per-database setting: not part of a TEMPLATE copy either.
                connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        finally:
            admin.dispose()
        self._postgres_names.append(name)
        return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    def _admin_engine(self) -> Engine:
        return create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")

    def drop_all(self) -> None:
        if self._memory_dir is not None:
            shutil.rmtree(self._memory_dir, ignore_errors=True)
            self._memory_dir = None
        if not self._postgres_names:
            return
        engine = self._admin_engine()
        try:
            with engine.connect() as connection:
                for name in self._postgres_names:
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            engine.dispose()
        self._postgres_names.clear()


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def make_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory)
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def sqlite_url(make_database: DatabaseFactory) -> str:
    """The session's migrated SQLite database."""
    return make_database("sqlite")


@pytest.fixture(scope="session")
def postgres_url(make_database: DatabaseFactory) -> str:
    """The session's migrated PostgreSQL database."""
    return make_database("postgres")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend name, sqlite or postgres: a test using it runs once per backend."""
    if request.param == "postgres":
        require_postgres()
    return request.param


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> str:
    """URL of the session's migrated database for the current backend."""
    return request.getfixturevalue(f"{backend}_url")


@pytest.fixture
def empty_db_url(backend: str, make_database: DatabaseFactory) -> str:
    """A brand-new database of the current backend with no tables at all."""
    return make_database(backend, migrate=False)


@pytest.fixture(scope="session")
def _engines(make_database: DatabaseFactory) -> Iterator[dict[str, Engine]]:
    # Depends on make_database so engines are disposed before the databases are dropped.
    engines: dict[str, Engine] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


@pytest.fixture
def engine(db_url: str, _engines: dict[str, Engine]) -> Engine:
    """The (cached) test engine for `db_url`, as production builds it."""
    if db_url not in _engines:
        _engines[db_url] = make_test_engine(db_url)
    return _engines[db_url]


def _test_side_engine(engine: Engine, engines: dict[str, Engine]) -> Engine:
    """The engine of the test's own sessions (`session`, `committed_session`): `engine`
    itself, except on SQLite.

    There it is a second engine on the same file with a deferred BEGIN: an IMMEDIATE one
    would hold SQLite's write lock from a session's first read until its end, and the
    code under test, which runs on the global engine (BEGIN IMMEDIATE, as in production),
    would wait for a test that merely looked at a row.
    """
    if engine.dialect.name != "sqlite":
        return engine
    key = f"{engine.url.render_as_string(hide_password=False)}#deferred"
    if key not in engines:
        engines[key] = make_test_engine(str(engine.url), sqlite_deferred=True)
    return engines[key]


@pytest.fixture
def use_engine(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """Point `edu_platform.db` (and settings.database_url) at the test engine."""
    # Code that reads settings.database_url (settings.is_sqlite, subprocesses) must see
    # the test database too; monkeypatch restores it after the test.
    monkeypatch.setattr(settings, "database_url", engine.url.render_as_string(hide_password=False))
    db.set_engine(engine)
    return engine


@pytest.fixture
def session(use_engine: Engine, _engines: dict[str, Engine]) -> Iterator[Session]:
    """A Session inside a transaction that is rolled back after the test.

    `session.commit()` in the code under test only releases a SAVEPOINT, so nothing
    reaches the database for good.
    """
    connection = _test_side_engine(use_engine, _engines).connect()
    transaction = connection.begin()
    test_session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield test_session
    finally:
        test_session.close()
        if transaction.is_active:
            transaction.rollback()
        connection.close()


# PostgreSQL: every sequence that handed out a number starts again at 1 (what TRUNCATE …
# RESTART IDENTITY did for the emptied tables).
_RESTART_SEQUENCES = (
    "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false) "
    "FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
)


def truncate_all(engine: Engine) -> None:
    """Empty every table of the models (the Alembic version row stays); ids start at 1."""
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            quote = connection.dialect.identifier_preparer.quote
            probe = " UNION ALL ".join(
                f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM {quote(t.name)})" for t in tables
            )
            filled = list(connection.execute(text(probe)).scalars())
            superuser = connection.execute(text("SHOW is_superuser")).scalar() == "on"
            if filled and superuser:
                # DELETE, not TRUNCATE: TRUNCATE writes new files for every table and index
                # (~1 s a test on this machine's busy disk, the suite's largest cost). As
                # with TRUNCATE, no trigger fires (replica role: the user-activity triggers
                # and the foreign-key checks are off for this transaction only).
                connection.execute(text("SET LOCAL session_replication_role = replica"))
                for table in tables:
                    if table.name in filled:
                        connection.execute(table.delete())
                connection.execute(text(_RESTART_SEQUENCES))
            elif filled:  # a TEST_POSTGRES_URL without superuser rights: the slow way
                names = ", ".join(quote(name) for name in filled)
                connection.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def clean_db(use_engine: Engine) -> Iterator[Engine]:
    """The test engine with data that really commits; all tables are emptied afterwards."""
    yield use_engine
    truncate_all(use_engine)


@pytest.fixture
def committed_session(clean_db: Engine, _engines: dict[str, Engine]) -> Iterator[Session]:
    """A plain Session on the test database: commits are real (see `clean_db`)."""
    with Session(_test_side_engine(clean_db, _engines), expire_on_commit=False) as committed:
        yield committed


@pytest.fixture
def redis_url() -> Iterator[str]:
    """This worker's Redis database (REDIS_TEST_URL), empty at the start and the end of the test."""
    parts = urlsplit(REDIS_TEST_URL)
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    if not _answers(host, port):
        _unavailable(f"Redis at {host}:{port}")
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    try:
        yield REDIS_TEST_URL
    finally:
        client.flushdb()
        client.close()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """settings.data_dir is a fresh folder of this test's (uploads, certificates, imports,
    parked jobs), inside tmp_path, so that a path escaping it lands beside it."""
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setattr(settings, "data_dir", root)
    return root


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[Enqueued]:
    """`jobs.enqueue` recorded instead of run: Enqueued(fn, args, queue) per call."""
    return record_enqueued(monkeypatch)


@pytest.fixture(autouse=True)
def _fresh_security_caches() -> Iterator[None]:
    """In-process rate-limit counters (services/rate_limit.py) and the active-user cache
    (services/active_users.py) start empty in every test: ids repeat across tests."""
    from edu_platform.services import active_users, rate_limit

    rate_limit.reset_local()
    active_users.clear()
    yield
    rate_limit.reset_local()
    active_users.clear()


@pytest.fixture(autouse=True)
def _fresh_webhook_marks() -> Iterator[None]:
    """The embedded shape's "attempt queued" marks (services/events/outbox.py) start empty
    in every test: delivery ids repeat across test databases."""
    from edu_platform.services import events

    events.forget_queued_marks()
    yield


@pytest.fixture(autouse=True)
def _fresh_catalog_cache() -> Iterator[None]:
    """The catalog cache (edu_platform/cache.py) starts empty in every test."""
    from edu_platform import cache

    cache.clear()
    yield
    cache.clear()


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """tests/scale/ (its own PostgreSQL, Redis, nginx and 2 + 2 processes) runs only under
    `make scale-test`, which sets EDU_SCALE_TESTS=1."""
    if collection_path.name == "scale" and collection_path.parent.name == "tests":
        return os.environ.get("EDU_SCALE_TESTS") != "1" or None
    return None
