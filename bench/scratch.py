"""Scratch databases for the benchmark scripts: create, migrate, drop (or keep)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from edu_platform import db
from edu_platform.settings import PROJECT_ROOT

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of a benchmark run on either database: --backend, --postgres-url and
    --keep."""
    parser.add_argument("--backend", choices=("postgres", "sqlite", "both"), default="both")
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help="a maintenance database URL on the server to benchmark",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")


@contextmanager
def scratch_database(
    admin_url: str, name: str, *, keep: bool = False
) -> Iterator[tuple[str, bool]]:
    """(url, created): database `name` on the server of `admin_url`, migrated to head and
    dropped at the end unless `keep` (then an existing one is reused: created is False)."""
    with _database(admin_url, name, keep=keep, reuse=True) as (url, created):
        migrate(url)
        yield url, created


@contextmanager
def new_database(admin_url: str, name: str, *, keep: bool = False) -> Iterator[str]:
    """The URL of a new, empty database `name` on the server of `admin_url` (the caller
    migrates it, maybe timed), dropped at the end unless `keep`."""
    with _database(admin_url, name, keep=keep, reuse=False) as (url, _created):
        yield url


@contextmanager
def _database(admin_url: str, name: str, *, keep: bool, reuse: bool) -> Iterator[tuple[str, bool]]:
    """The one create-and-drop of every benchmark's PostgreSQL database; (url, created)."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = (
            reuse
            and connection.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).scalar()
        )
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url, not exists
    finally:
        db.get_engine().dispose()
        if keep:
            print(f"kept: {url}")
        else:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            print(f"dropped {name}")
        admin.dispose()


def migrate(url: str) -> float:
    """Migrates the database at `url` to head; gives the seconds it took."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False  # the benchmark's output stays its own
    started = time.perf_counter()
    command.upgrade(config, "head")
    return time.perf_counter() - started
