"""Each database's bulk path: values in the form it takes them (SQLite parameters,
PostgreSQL COPY text) and `BulkWriter` (COPY into a TEMP staging table, or executemany)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

# --- values as each bulk path takes them -----------------------------------------------


@lru_cache(maxsize=4096)
def _sqlite_datetime(value: datetime) -> str:
    # SQLAlchemy's SQLite storage of UTCDateTime: UTC, no offset, microseconds. Cached:
    # a batch repeats the same few timestamps (its `now`, the file's dates).
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


@lru_cache(maxsize=4096)
def _pg_datetime(value: datetime) -> str:
    return value.isoformat()


def _pg_text(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def _same(value: Any) -> Any:
    return value


# Values as each database's bulk path takes them, by Python type (one dict lookup each).
_SQLITE_VALUE: dict[type, Callable[[Any], Any]] = {
    type(None): _same,
    str: _same,
    int: _same,
    bool: int,
    Decimal: str,
    datetime: _sqlite_datetime,
}
# COPY text format, written by hand: 2-3x faster than psycopg's write_row per row.
_PG_COPY_TEXT: dict[type, Callable[[Any], str]] = {
    type(None): lambda _value: "\\N",
    str: _pg_text,
    bool: lambda value: "t" if value else "f",
    int: str,
    Decimal: str,
    datetime: _pg_datetime,
}


class BulkWriter:
    """Inserts many rows into one table with ON CONFLICT on the batch's connection (same
    transaction as the rest of the batch): PostgreSQL COPY into a TEMP staging table and
    INSERT … SELECT; SQLite stdlib executemany."""

    def __init__(self, session: Session) -> None:
        connection = session.connection()
        self.postgres = connection.dialect.name == "postgresql"
        self.raw = connection.connection.driver_connection
        self._staged: set[str] = set()
        self.returned: list[Any] | None = None
        if self.postgres:
            # A lost batch commit is harmless (a re-run redoes it): skip waiting for the
            # WAL flush at each of them.
            connection.exec_driver_sql("SET LOCAL synchronous_commit = off")

    def upsert(
        self,
        table: str,
        columns: Sequence[str],
        rows: list[tuple],
        conflict: str,
        returning: str | None = None,
    ) -> int:
        """Insert `rows` (values in `columns` order); how many rows were written. With
        `returning` (PostgreSQL only) that column of the written rows is in `returned`."""
        self.returned: list[Any] | None = None
        if not rows:
            self.returned = [] if self.postgres and returning else None
            return 0
        names = ", ".join(columns)
        cursor = self.raw.cursor()
        try:
            if self.postgres:
                self._stage(cursor, table, names, rows)
                cursor.execute(
                    f'INSERT INTO "{table}" ({names}) SELECT {names} FROM import_stage_{table} '
                    f"{conflict}" + (f" RETURNING {returning}" if returning else "")
                )
                if returning:
                    self.returned = [row[0] for row in cursor.fetchall()]
            else:
                marks = ", ".join("?" * len(columns))
                convert = _SQLITE_VALUE
                cursor.executemany(
                    f'INSERT INTO "{table}" ({names}) VALUES ({marks}) {conflict}',
                    [tuple([convert[type(value)](value) for value in row]) for row in rows],
                )
            return max(cursor.rowcount, 0)
        finally:
            cursor.close()

    def _stage(self, cursor: Any, table: str, names: str, rows: list[tuple]) -> None:
        stage = f"import_stage_{table}"
        if stage in self._staged:
            cursor.execute(f"TRUNCATE {stage}")
        else:
            # Created once per connection and emptied at every commit: no catalog churn
            # per batch (a table dropped at commit would be re-created 50 times).
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS "
                f'SELECT {names} FROM "{table}" WITH NO DATA'
            )
            self._staged.add(stage)
        text = _PG_COPY_TEXT
        lines = "".join(
            "\t".join([text[type(value)](value) for value in row]) + "\n" for row in rows
        )
        with cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            copy.write(lines)
