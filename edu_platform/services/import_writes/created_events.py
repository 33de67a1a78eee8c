"""Domain events for the rows a batch created, in bulk, only when an active webhook
subscribes to the type (finding the new rows costs a lookup before and after the write),
and the two lookups other writes share: `existing_keys` and `rows_by`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import Course, Enrollment, User
from edu_platform.services import events
from edu_platform.services.enrollment import ACCESS_STATUSES
from edu_platform.services.import_kinds import (
    chunks,
    is_one_of,
)

# --- events of the rows a batch created (only when a webhook subscribes) --------------------


def _known_keys(session: Session, column: Any, keys: list[Any], event_type: str) -> set[Any] | None:
    """The keys among `keys` that exist already, or None when nobody subscribes."""
    if not keys or not events.is_subscribed(session, event_type):
        return None
    return existing_keys(session, column, keys)


def existing_keys(session: Session, column: Any, keys: list[Any]) -> set[Any]:
    """The keys among `keys` that exist already (one query per chunk)."""
    known: set[Any] = set()
    unique = sorted(set(keys))
    for chunk in chunks(unique):
        known.update(session.scalars(select(column).where(is_one_of(session, column, chunk))))
    return known


def rows_by(session: Session, model: Any, key: str, keys: list[Any], *columns: str) -> list[Any]:
    """The `columns` of the `model` rows whose `key` is one of `keys`, by id per chunk."""
    table = model.__table__
    found = []
    for chunk in chunks(sorted(set(keys))):
        found.extend(
            session.execute(
                select(*(table.c[name] for name in columns))
                .where(is_one_of(session, table.c[key], chunk))
                .order_by(table.c.id)
            ).all()
        )
    return found


def _emit_created_users(session: Session, emails: list[str]) -> None:
    rows = rows_by(session, User, "email", emails, "id", "email", "full_name", "role")
    events.emit_many(session, events.EventType.USER_CREATED, map(events.user_data, rows))


def _emit_created_courses(session: Session, slugs: list[str]) -> None:
    columns = ("id", "slug", "title", "teacher_id", "price", "currency")
    rows = rows_by(session, Course, "slug", slugs, *columns)
    events.emit_many(session, events.EventType.COURSE_CREATED, map(events.course_data, rows))


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
        [events.enrollment_data(row) for row in rows if row.status in ACCESS_STATUSES],
    )
