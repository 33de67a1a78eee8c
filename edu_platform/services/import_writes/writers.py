"""The writes of each import kind on its natural key (users: email, courses: slug,
enrolments: user + course, orders: the payment's provider_ref), and recounting enrolments."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from edu_platform import audit, cache
from edu_platform.models import Course, Enrollment, EnrollmentSource, Locale, Order, User
from edu_platform.search_text import search_text_for
from edu_platform.services import events
from edu_platform.services.enrollment import ACCESS_STATUSES, ENDED_STATUSES
from edu_platform.services.import_formats import COURSE_FIELDS
from edu_platform.services.import_kinds import (
    IMPORT_PROVIDER,
    ORDER_KEY_PREFIX,
    chunks,
    is_one_of,
)
from edu_platform.services.import_writes.bulk import BulkWriter, references_of
from edu_platform.services.import_writes.created_events import (
    _emit_created_courses,
    _emit_created_users,
    _emit_enrollments,
    _known_keys,
    _pairs_with_access,
    existing_keys,
    rows_by,
)
from edu_platform.services.import_writes.invitations import invite_created_users


@dataclass
class Written:
    rows: int = 0  # rows inserted or updated in the kind's main table
    course_ids: set[int] = field(default_factory=set)  # courses whose enrolments moved


def write(
    session: Session, kind: str, rows: list[dict[str, Any]], now: datetime, *, invite: bool = False
) -> Written:
    """Write a batch of clean, resolved, de-duplicated rows of `kind`; `invite`: mail the
    accounts a users batch creates a link to set their password."""
    writer = BulkWriter(session)
    if kind == "users":
        subscribed = bool(rows) and events.is_subscribed(session, events.EventType.USER_CREATED)
        written, created = _write_users(
            session, writer, rows, now, find_created=subscribed or invite
        )
        if subscribed:
            _emit_created_users(session, created)
        if invite:
            invite_created_users(session, created, now)
        return Written(written)
    if kind == "courses":
        slugs = [row["slug"] for row in rows]
        # The existing courses, read once: their audit rows, and which ones are new.
        before = _courses_by_slug(session, slugs)
        written = Written(_write_courses(writer, rows, now))
        _audit_course_updates(session, before, rows)
        cache.catalog_changed(session)
        if events.is_subscribed(session, events.EventType.COURSE_CREATED):
            _emit_created_courses(session, [slug for slug in slugs if slug not in before])
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


def _write_users(
    session: Session,
    writer: BulkWriter,
    rows: list[dict[str, Any]],
    now: datetime,
    *,
    find_created: bool,
) -> tuple[int, list[str]]:
    """Insert the accounts that do not exist yet: how many, and with `find_created` the
    emails of those this batch created (for their events and invitations).

    PostgreSQL says which rows it wrote: a look before the write would miss another job's
    rows not yet committed, and both jobs would count them as theirs. SQLite's writers
    take turns (BEGIN IMMEDIATE), so there the look before is exact."""
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
    emails = [row["email"] for row in rows]
    known = (
        existing_keys(session, User.__table__.c.email, emails)
        if find_created and not writer.postgres
        else set()
    )
    returning = "email" if find_created and writer.postgres else None
    written = writer.upsert(
        "user", columns, values, "ON CONFLICT (email) DO NOTHING", returning=returning
    )
    if not find_created:
        return written, []
    if writer.returned is not None:
        return written, list(writer.returned)
    return written, [email for email in emails if email not in known]


COURSE_COLUMNS = (
    *COURSE_FIELDS,
    "category_id",
    "teacher_id",
    "search_text",
    "created_at",
    "updated_at",
)
_COURSE_UPDATE = ", ".join(
    f"{name} = excluded.{name}" for name in COURSE_COLUMNS if name not in ("slug", "created_at")
)


# What an import may change in an existing course, audited field by field.
_AUDITED_COURSE_FIELDS = (
    *(name for name in COURSE_FIELDS if name != "slug"),
    "category_id",
    "teacher_id",
)


def _courses_by_slug(session: Session, slugs: list[str]) -> dict[str, dict[str, Any]]:
    """The existing courses among `slugs`, before the batch writes: their id and the
    fields an import changes."""
    columns = ("id", "slug", *_AUDITED_COURSE_FIELDS)
    return {
        row.slug: dict(row._mapping) for row in rows_by(session, Course, "slug", slugs, *columns)
    }


def _audit_course_updates(
    session: Session, before: dict[str, dict[str, Any]], rows: list[dict[str, Any]]
) -> None:
    """One audit row per existing course the file changed, with the old and new values of
    the fields that changed (the upsert itself bypasses the ORM's audit). A row that
    changes nothing (a re-run of the same file) writes nothing."""
    for row in rows:
        old = before.get(row["slug"])
        if old is None:
            continue
        changed = [name for name in _AUDITED_COURSE_FIELDS if old[name] != row[name]]
        if changed:
            audit.record(
                session,
                action="update",
                table_name="course",
                row_id=old["id"],
                old={name: old[name] for name in changed},
                new={name: row[name] for name in changed},
            )


def _write_courses(writer: BulkWriter, rows: list[dict[str, Any]], now: datetime) -> int:
    values = [
        (
            *(row[name] for name in COURSE_FIELDS),
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


ENROLLMENT_REFERENCES = references_of(Enrollment.__table__)


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
        references=ENROLLMENT_REFERENCES,
    )
    course_ids = {course_id for _user, course_id in unique}
    cache.catalog_changed(session)  # the cards' enrolment counts move (services/enrollment)
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
