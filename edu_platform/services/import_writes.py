"""Writing a batch of clean rows through each database's bulk path: PostgreSQL COPY into a
TEMP staging table, then INSERT … SELECT … ON CONFLICT; SQLite executemany INSERT … ON
CONFLICT. Natural keys make every write idempotent, so a re-run of a file adds nothing
twice:

- users: email. An existing account is left as it is (an import never changes who can
  sign in or with which role). New accounts get no password: they reset it or use OAuth.
- courses: slug. An existing course is updated from the file (catalog sync); a new one
  is created as a draft, with its search words (`search_text_for`).
- enrollments: user + course. An existing one is kept; a cancelled or expired one gets
  access again. course.enrollment_count moves in the same transaction.
- orders: the payment's provider_ref (provider "import"). Each row is a paid order of one
  course with its item, a succeeded payment and the enrolment it grants; the order's
  idempotency key is "import:<provider_ref>", so the order finds its payment on a re-run.

Domain events (user.created, course.created, enrollment.created, order.paid) are written
for the rows a batch created, in bulk, and only when an active webhook subscribes to the
type: finding out which rows are new costs a lookup before and after the write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from edu_platform import cache
from edu_platform.models import Course, Enrollment, EnrollmentSource, Locale, Order, User
from edu_platform.search_text import search_text_for
from edu_platform.services import events
from edu_platform.services.enrollment import ACCESS_STATUSES, ENDED_STATUSES
from edu_platform.services.import_kinds import (
    IMPORT_PROVIDER,
    ORDER_KEY_PREFIX,
    chunks,
    is_one_of,
)

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


@dataclass
class Written:
    rows: int = 0  # rows inserted or updated in the kind's main table
    course_ids: set[int] = field(default_factory=set)  # courses whose enrolments moved


def write(session: Session, kind: str, rows: list[dict[str, Any]], now: datetime) -> Written:
    """Write a batch of clean, resolved, de-duplicated rows of `kind`."""
    writer = BulkWriter(session)
    if kind == "users":
        emails = [row["email"] for row in rows]
        known = _known_keys(session, User.__table__.c.email, emails, events.EventType.USER_CREATED)
        written = Written(_write_users(writer, rows, now))
        if known is not None:
            _emit_created_users(session, [email for email in emails if email not in known])
        return written
    if kind == "courses":
        slugs = [row["slug"] for row in rows]
        known = _known_keys(
            session, Course.__table__.c.slug, slugs, events.EventType.COURSE_CREATED
        )
        written = Written(_write_courses(writer, rows, now))
        cache.catalog_changed(session)
        if known is not None:
            _emit_created_courses(session, [slug for slug in slugs if slug not in known])
        return written
    if kind == "enrollments":
        written = _write_enrollments(
            session,
            writer,
            [(row["user_id"], row["course_id"], row["enrolled_at"] or now, None) for row in rows],
            EnrollmentSource.IMPORT.value,
        )
    else:
        written = _write_orders(session, writer, rows, now)
    return written


def _write_users(writer: BulkWriter, rows: list[dict[str, Any]], now: datetime) -> int:
    # An admin vouches for imported addresses: they start verified.
    columns = (
        "email",
        "full_name",
        "role",
        "locale",
        "is_active",
        "email_verified_at",
        "created_at",
        "updated_at",
    )
    values = [
        (row["email"], row["full_name"], row["role"], Locale.RU.value, True, now, now, now)
        for row in rows
    ]
    return writer.upsert("user", columns, values, "ON CONFLICT (email) DO NOTHING")


COURSE_COLUMNS = (
    "slug",
    "title",
    "summary",
    "description",
    "price",
    "currency",
    "level",
    "language",
    "category_id",
    "teacher_id",
    "search_text",
    "created_at",
    "updated_at",
)
_COURSE_UPDATE = ", ".join(
    f"{name} = excluded.{name}" for name in COURSE_COLUMNS if name not in ("slug", "created_at")
)


def _write_courses(writer: BulkWriter, rows: list[dict[str, Any]], now: datetime) -> int:
    values = [
        (
            row["slug"],
            row["title"],
            row["summary"],
            row["description"],
            row["price"],
            row["currency"],
            row["level"],
            row["language"],
            row["category_id"],
            row["teacher_id"],
            search_text_for(row["title"], row["summary"], row["description"]),
            now,
            now,
        )
        for row in rows
    ]
    return writer.upsert(
        "course", COURSE_COLUMNS, values, f"ON CONFLICT (slug) DO UPDATE SET {_COURSE_UPDATE}"
    )


_ENDED = ", ".join(f"'{status}'" for status in ENDED_STATUSES)


def _write_enrollments(
    session: Session,
    writer: BulkWriter,
    rows: list[tuple[int, int, datetime, int | None]],
    source: str,
) -> Written:
    """Rows of (user_id, course_id, enrolled_at, order_id); one per user and course.

    Keeps course.enrollment_count current in the batch's transaction: on PostgreSQL the
    INSERT returns the course of every enrolment that gained access (new or reactivated)
    and the counters move by those numbers in one UPDATE; on SQLite (no RETURNING from
    executemany, and one writer at a time) the touched courses are recounted.
    """
    unique = {(user_id, course_id): rest for user_id, course_id, *rest in rows}
    had_access = _pairs_with_access(session, list(unique))
    values = [
        (user_id, course_id, "active", source, order_id, enrolled_at)
        for (user_id, course_id), (enrolled_at, order_id) in unique.items()
    ]
    written = writer.upsert(
        "enrollment",
        ("user_id", "course_id", "status", "source", "order_id", "enrolled_at"),
        values,
        "ON CONFLICT (user_id, course_id) DO UPDATE SET status = 'active', "
        "source = excluded.source, order_id = excluded.order_id, access_until = NULL "
        f"WHERE enrollment.status IN ({_ENDED})",
        returning="course_id",
    )
    course_ids = {course_id for _user, course_id in unique}
    if writer.returned is None:
        recount_enrollments(session, course_ids)
    elif writer.returned:
        gained = Counter(writer.returned)
        cursor = writer.raw.cursor()
        try:
            cursor.execute(
                "UPDATE course SET enrollment_count = course.enrollment_count + gained.n "
                "FROM unnest(%s::int[], %s::int[]) AS gained(id, n) WHERE course.id = gained.id",
                (list(gained), list(gained.values())),
            )
        finally:
            cursor.close()
    if had_access is not None:
        _emit_enrollments(session, [pair for pair in unique if pair not in had_access])
    return Written(written, course_ids)


def _write_orders(
    session: Session, writer: BulkWriter, rows: list[dict[str, Any]], now: datetime
) -> Written:
    rows = [row for row in rows if not row.get("already_imported")]
    if not rows:
        return Written()
    for row in rows:
        row["key"] = ORDER_KEY_PREFIX + row["provider_ref"]
    known_orders = _known_keys(
        session,
        Order.__table__.c.idempotency_key,
        [row["key"] for row in rows],
        events.EventType.ORDER_PAID,
    )
    orders = [
        (
            row["user_id"],
            "paid",
            row["price"],
            Decimal("0.00"),
            row["price"],
            row["currency"],
            row["key"],
            row["paid_at"],
            now,
            row["paid_at"],
        )
        for row in rows
    ]
    writer.upsert(
        "order",
        (
            "user_id",
            "status",
            "subtotal",
            "discount",
            "total",
            "currency",
            "idempotency_key",
            "created_at",
            "updated_at",
            "paid_at",
        ),
        orders,
        "ON CONFLICT (user_id, idempotency_key) DO NOTHING",
    )
    table = Order.__table__
    order_ids: dict[tuple[int, str], int] = {}
    for chunk in chunks([row["key"] for row in rows]):
        for order_id, user_id, key in session.execute(
            select(table.c.id, table.c.user_id, table.c.idempotency_key).where(
                is_one_of(session, table.c.idempotency_key, chunk)
            )
        ):
            order_ids[(user_id, key)] = order_id
    for row in rows:
        row["order_id"] = order_ids[(row["user_id"], row["key"])]
    writer.upsert(
        "order_item",
        ("order_id", "course_id", "title", "price"),
        [(row["order_id"], row["course_id"], row["title"], row["price"]) for row in rows],
        "ON CONFLICT (order_id, course_id) DO NOTHING",
    )
    payments = writer.upsert(
        "payment",
        (
            "order_id",
            "provider",
            "provider_ref",
            "status",
            "amount",
            "currency",
            "created_at",
            "updated_at",
        ),
        [
            (
                row["order_id"],
                IMPORT_PROVIDER,
                row["provider_ref"],
                "succeeded",
                row["price"],
                row["currency"],
                row["paid_at"],
                now,
            )
            for row in rows
        ],
        "ON CONFLICT (provider_ref) DO NOTHING",
    )
    enrolled = _write_enrollments(
        session,
        writer,
        [(row["user_id"], row["course_id"], row["paid_at"], row["order_id"]) for row in rows],
        EnrollmentSource.ORDER.value,
    )
    if known_orders is not None:
        new_orders = [row for row in rows if row["key"] not in known_orders]
        events.emit_many(
            session,
            events.EventType.ORDER_PAID,
            [
                {
                    "order_id": row["order_id"],
                    "user_id": row["user_id"],
                    "course_ids": [row["course_id"]],
                    "subtotal": row["price"],
                    "discount": Decimal("0.00"),
                    "total": row["price"],
                    "currency": row["currency"],
                    "paid_at": row["paid_at"],
                }
                for row in new_orders
            ],
        )
    return Written(payments, enrolled.course_ids)


# --- events of the rows a batch created (only when a webhook subscribes) --------------------


def _known_keys(session: Session, column: Any, keys: list[Any], event_type: str) -> set[Any] | None:
    """The keys among `keys` that exist already, or None when nobody subscribes."""
    if not keys or not events.is_subscribed(session, event_type):
        return None
    known: set[Any] = set()
    unique = sorted(set(keys))
    for chunk in chunks(unique):
        known.update(session.scalars(select(column).where(is_one_of(session, column, chunk))))
    return known


def _emit_created_users(session: Session, emails: list[str]) -> None:
    table = User.__table__
    found = []
    for chunk in chunks(sorted(set(emails))):
        found.extend(
            session.execute(
                select(table.c.id, table.c.email, table.c.full_name, table.c.role)
                .where(is_one_of(session, table.c.email, chunk))
                .order_by(table.c.id)
            ).all()
        )
    events.emit_many(
        session,
        events.EventType.USER_CREATED,
        [
            {"user_id": user_id, "email": email, "full_name": name, "role": role}
            for user_id, email, name, role in found
        ],
    )


def _emit_created_courses(session: Session, slugs: list[str]) -> None:
    table = Course.__table__
    found = []
    for chunk in chunks(sorted(set(slugs))):
        found.extend(
            session.execute(
                select(
                    table.c.id,
                    table.c.slug,
                    table.c.title,
                    table.c.teacher_id,
                    table.c.price,
                    table.c.currency,
                )
                .where(is_one_of(session, table.c.slug, chunk))
                .order_by(table.c.id)
            ).all()
        )
    events.emit_many(
        session,
        events.EventType.COURSE_CREATED,
        [
            {
                "course_id": course_id,
                "slug": slug,
                "title": title,
                "teacher_id": teacher_id,
                "price": price,
                "currency": currency,
            }
            for course_id, slug, title, teacher_id, price, currency in found
        ],
    )


def _enrollment_rows(session: Session, pairs: list[tuple[int, int]]) -> list[Any]:
    table = Enrollment.__table__
    wanted = set(pairs)
    rows = []
    user_ids = sorted({user_id for user_id, _course in pairs})
    course_ids = sorted({course_id for _user, course_id in pairs})
    for chunk in chunks(user_ids):
        found = session.execute(
            select(
                table.c.id,
                table.c.user_id,
                table.c.course_id,
                table.c.status,
                table.c.source,
                table.c.order_id,
            ).where(
                is_one_of(session, table.c.user_id, chunk),
                is_one_of(session, table.c.course_id, course_ids),
            )
        )
        rows.extend(row for row in found if (row.user_id, row.course_id) in wanted)
    return rows


def _pairs_with_access(
    session: Session, pairs: list[tuple[int, int]]
) -> set[tuple[int, int]] | None:
    """(user, course) pairs that have access already, or None when nobody subscribes."""
    if not pairs or not events.is_subscribed(session, events.EventType.ENROLLMENT_CREATED):
        return None
    return {
        (row.user_id, row.course_id)
        for row in _enrollment_rows(session, pairs)
        if row.status in ACCESS_STATUSES
    }


def _emit_enrollments(session: Session, pairs: list[tuple[int, int]]) -> None:
    if not pairs:
        return
    rows = sorted(_enrollment_rows(session, pairs), key=lambda row: row.id)
    events.emit_many(
        session,
        events.EventType.ENROLLMENT_CREATED,
        [
            {
                "enrollment_id": row.id,
                "user_id": row.user_id,
                "course_id": row.course_id,
                "source": row.source,
                "order_id": row.order_id,
            }
            for row in rows
            if row.status in ACCESS_STATUSES
        ],
    )


def recount_enrollments(session: Session, course_ids: Iterable[int]) -> None:
    """Set enrollment_count of the given courses from their enrolments, in one statement."""
    ids = sorted(set(course_ids))
    if not ids:
        return
    course, enrollment = Course.__table__, Enrollment.__table__
    count = (
        select(func.count())
        .select_from(enrollment)
        .where(enrollment.c.course_id == course.c.id, enrollment.c.status.in_(ACCESS_STATUSES))
        .scalar_subquery()
    )
    for chunk in chunks(ids):
        session.execute(update(course).where(course.c.id.in_(chunk)).values(enrollment_count=count))
