"""Alembic environment: migrates the project database, or any database a caller names.

Where the database comes from, first match wins:

1. `config.attributes["connection"]`: an open Connection handed in by code (tests);
2. `alembic -x url=...` on the command line;
3. `sqlalchemy.url` of the config (`cfg.set_main_option("sqlalchemy.url", url)`);
4. `edu_platform.settings.settings.database_url` (DATABASE_URL / .env), the normal case.

SQLite gets batch mode (`render_as_batch`), because it cannot ALTER most things in
place. Do not enable `PRAGMA foreign_keys` on a connection you pass in for a SQLite
migration: batch mode recreates tables, and with foreign keys on that cascades deletes.
"""

from __future__ import annotations

from logging.config import fileConfig
from pathlib import Path

from alembic import context
from sqlalchemy import Connection, create_engine, pool
from sqlmodel import SQLModel

import edu_platform.models  # noqa: F401  (registers every table on SQLModel.metadata)
from edu_platform.search_text import include_object
from edu_platform.settings import settings

config = context.config

if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _normalise(url: str) -> str:
    # Same rule as Settings: always psycopg 3 for PostgreSQL.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def database_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    url = url or config.get_main_option("sqlalchemy.url")
    return _normalise(url or settings.database_url)


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        include_object=include_object,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Emit SQL to stdout (`alembic upgrade head --sql`)."""
    url = database_url()
    _configure(
        url=url,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection: Connection) -> None:
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    url = database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            _run_on(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
