"""The test engine behaves like production's (tests/conftest.py), on SQLite too."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def _other_writer(engine) -> sqlite3.Connection:
    """A raw connection to the same file that gives up on a lock after 50 ms."""
    return sqlite3.connect(engine.url.database, timeout=0.05, isolation_level=None)


@SQLITE_ONLY
def test_a_transaction_of_the_test_engine_takes_the_write_lock_at_begin(engine):
    # Production's BEGIN IMMEDIATE: a transaction that only read so far already holds
    # the write lock, so a concurrent writer waits instead of a stale snapshot failing.
    other = _other_writer(engine)
    try:
        with engine.connect() as connection, connection.begin():
            connection.execute(text("SELECT 1"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released with the transaction
        other.execute("ROLLBACK")
    finally:
        other.close()


@SQLITE_ONLY
def test_the_rollback_per_test_session_begins_deferred(session, engine):
    session.execute(text("SELECT 1"))  # fixtures read before they write
    other = _other_writer(engine)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()
