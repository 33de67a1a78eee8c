"""Each database's bulk path: values in the form it takes them (SQLite parameters,
PostgreSQL COPY text) and `BulkWriter` (COPY into a TEMP staging table, or executemany)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Table
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


# A foreign key the bulk path checks itself: (column, referenced table).
Reference = tuple[str, str]


def references_of(table: Table) -> tuple[Reference, ...]:
    """Every foreign key of `table`, from its metadata: replica mode skips them all, so a
    key added to the model later is checked in bulk too, not silently skipped."""
    keys = sorted(
        (key.parent.name, key.column.table.name, key.column.name) for key in table.foreign_keys
    )
    if any(target_column != "id" for _column, _target, target_column in keys):
        raise ValueError(f"{table.name}: the bulk check looks rows up by id only")
    return tuple((column, target) for column, target, _id in keys)


TRUSTED_KEY = "edu_may_skip_fk_triggers"  # in the connection's info dict


class BulkWriter:
    """Inserts many rows into one table with ON CONFLICT on the batch's connection (same
    transaction as the rest of the batch): PostgreSQL COPY into a TEMP staging table and
    INSERT … SELECT; SQLite stdlib executemany.

    Foreign keys on PostgreSQL: each inserted row fires one trigger per foreign key,
    which looks the referenced row up and key-share locks it (an enrolment batch spends
    more time there than in the insert itself). With `references`, the writer takes the
    same locks on the distinct referenced ids in one statement per table, and when every
    id is there it runs the INSERT with session_replication_role = replica, which skips
    those per-row triggers (what pg_restore does for a data-only load); the locked rows
    cannot be deleted before the commit, so the rows written reference rows that exist.
    That setting needs a superuser or, from PostgreSQL 15, `GRANT SET ON PARAMETER
    session_replication_role`; without it (or when an id is missing, so that the
    database reports it as before) the per-row triggers run. Triggers the write must
    fire are ENABLE ALWAYS (the user_activity_daily rollup, migration 0027)."""

    def __init__(self, session: Session) -> None:
        connection = session.connection()
        self.postgres = connection.dialect.name == "postgresql"
        self.raw = connection.connection.driver_connection
        self._staged: set[str] = set()
        self._info = connection.info  # kept with the pooled connection, across batches
        self.checked_in_bulk = 0  # inserts whose foreign keys were checked in bulk
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
        references: Sequence[Reference] = (),
    ) -> int:
        """Insert `rows` (values in `columns` order); how many rows were written. With
        `returning` (PostgreSQL only) that column of the written rows is in `returned`;
        `references` are the foreign keys checked in bulk (see the class)."""
        self.returned: list[Any] | None = None
        if not rows:
            self.returned = [] if self.postgres and returning else None
            return 0
        names = ", ".join(columns)
        cursor = self.raw.cursor()
        try:
            if self.postgres:
                self._stage(cursor, table, names, rows)
                checked = bool(references) and self._lock_references(
                    cursor, table, columns, rows, references
                )
                if checked:
                    cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute(
                    f'INSERT INTO "{table}" ({names}) SELECT {names} FROM import_stage_{table} '
                    f"{conflict}" + (f" RETURNING {returning}" if returning else "")
                )
                if returning:
                    self.returned = [row[0] for row in cursor.fetchall()]
                if checked:
                    cursor.execute("SET LOCAL session_replication_role = origin")
                    self.checked_in_bulk += 1
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

    def _lock_references(
        self,
        cursor: Any,
        table: str,
        columns: Sequence[str],
        rows: list[tuple],
        references: Sequence[Reference],
    ) -> bool:
        """Key-share lock every referenced row of the staged batch, one statement per
        foreign key; True when all exist and the per-row triggers may be skipped."""
        if not self._may_skip_triggers(cursor):
            return False
        for column, target in references:
            position = columns.index(column)
            wanted = len({row[position] for row in rows if row[position] is not None})
            if not wanted:  # nothing to look up (enrolments imported without an order)
                continue
            cursor.execute(
                f'SELECT count(*) FROM (SELECT 1 FROM "{target}" WHERE id IN '
                f"(SELECT {column} FROM import_stage_{table}) FOR KEY SHARE) AS found"
            )
            if cursor.fetchone()[0] != wanted:
                return False
        return True

    def _may_skip_triggers(self, cursor: Any) -> bool:
        """Whether this connection's role may set session_replication_role: asked once
        per pooled connection, not per batch."""
        if TRUSTED_KEY not in self._info:
            cursor.execute(
                "SELECT current_setting('is_superuser') = 'on', "
                "current_setting('server_version_num')::int >= 150000"
            )
            superuser, has_grants = cursor.fetchone()
            if not superuser and has_grants:
                cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
                superuser = cursor.fetchone()[0]
            self._info[TRUSTED_KEY] = bool(superuser)
        return self._info[TRUSTED_KEY]

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
