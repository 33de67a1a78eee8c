"""Enrolments: free enrolment, access from paid orders, access ending on refund, listings.

`course.enrollment_count` counts active and completed enrolments; every change here moves
it with one `UPDATE course SET enrollment_count = enrollment_count ± 1` in the same
transaction (no read-modify-write, so concurrent enrolments cannot lose an increment).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu_platform.cache import catalog_changed
from edu_platform.models import (
    Course,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    Role,
    User,
)
from edu_platform.models.learning import ACCESS_STATUSES
from edu_platform.services import completion, events, notifications, paging
from edu_platform.services.errors import Forbidden, NotFound, PaymentRequired
from edu_platform.services.records import record_from

ENDED_STATUSES = (EnrollmentStatus.CANCELLED.value, EnrollmentStatus.EXPIRED.value)


@dataclass
class EnrollmentView:
    """API.md's enrolment shape."""

    id: int
    course_id: int
    user_id: int
    status: str
    progress_percent: int
    enrolled_at: datetime
    completed_at: datetime | None


def to_view(enrollment: Enrollment) -> EnrollmentView:
    return record_from(EnrollmentView, enrollment)


# --- counters -------------------------------------------------------------------------


def bump_enrollment_count(session: Session, course_id: int, delta: int) -> None:
    """Move course.enrollment_count by `delta` in SQL (never below zero)."""
    table = Course.__table__
    statement = (
        update(table)
        .where(table.c.id == course_id)
        .values(enrollment_count=table.c.enrollment_count + delta)
    )
    if delta < 0:
        statement = statement.where(table.c.enrollment_count >= -delta)
    session.execute(statement)
    # API.md shows the count on every card: the cached catalog is stale from the commit on
    # (a Core UPDATE, which the cache's ORM hook does not see).
    catalog_changed(session)
    # The ORM copy (if loaded) is stale now: reload it on next access.
    course = session.identity_map.get(session.identity_key(Course, course_id))
    if course is not None:
        session.expire(course, ["enrollment_count"])


# --- reads ----------------------------------------------------------------------------


def find_enrollment(*, session: Session, user_id: int, course_id: int) -> Enrollment | None:
    return session.scalar(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.course_id == course_id)
    )


def has_access(*, session: Session, user_id: int | None, course_id: int) -> bool:
    """True when the user has an active or completed enrolment in the course."""
    if user_id is None:
        return False
    enrollment = find_enrollment(session=session, user_id=user_id, course_id=course_id)
    return enrollment is not None and enrollment.status in ACCESS_STATUSES


def owned_course_ids(*, session: Session, user_id: int, course_ids: Iterable[int]) -> set[int]:
    """Those of `course_ids` the user already has access to."""
    ids = list(course_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Enrollment.course_id).where(
                Enrollment.user_id == user_id,
                Enrollment.course_id.in_(ids),
                Enrollment.status.in_(ACCESS_STATUSES),
            )
        )
    )


def list_enrollments(
    *,
    session: Session,
    actor_id: int,
    course_id: int | None = None,
    user_id: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> paging.Page[EnrollmentView]:
    """The caller's own enrolments; an admin sees everyone's, filtered by course and user."""
    actor = session.get(User, actor_id)
    if actor is None or not actor.is_active:
        raise Forbidden("account is not active")
    query = select(Enrollment)
    if actor.role != Role.ADMIN:
        if user_id is not None and user_id != actor_id:
            raise Forbidden("only admins can list other users' enrolments", field="user_id")
        user_id = actor_id
    if user_id is not None:
        query = query.where(Enrollment.user_id == user_id)
    if course_id is not None:
        query = query.where(Enrollment.course_id == course_id)
    query = query.order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
    return paging.fetch(session, query, page, per_page).map(to_view)


# --- writes ---------------------------------------------------------------------------


def published_course(session: Session, course_id: int) -> Course:
    """The published course a learner may enrol in or buy; NotFound (field course_id)
    for any other id, a draft included."""
    course = session.get(Course, course_id) if isinstance(course_id, int) else None
    if course is None or not course.is_published:
        raise NotFound(
            f"course {course_id} does not exist",
            message_key="commerce.course_not_found",
            field="course_id",
        )
    return course


def grant_access(
    *,
    session: Session,
    user_id: int,
    course_id: int,
    source: str,
    order_id: int | None = None,
) -> tuple[Enrollment, bool]:
    """An enrolment giving access, and whether access was granted now (False: it existed).

    Creates the row (unique user+course; a concurrent insert is re-read) or reactivates a
    cancelled/expired/refunded one (completed again at once when its kept progress says
    so); the course's enrolment counter moves only when access starts.
    """
    enrollment = find_enrollment(session=session, user_id=user_id, course_id=course_id)
    if enrollment is None:
        candidate = Enrollment(
            user_id=user_id,
            course_id=course_id,
            source=source,
            order_id=order_id,
            status=EnrollmentStatus.ACTIVE.value,
        )
        try:
            with session.begin_nested():
                session.add(candidate)
                session.flush()
        except IntegrityError:
            # Another transaction enrolled the same user at the same moment.
            enrollment = find_enrollment(session=session, user_id=user_id, course_id=course_id)
            if enrollment is None:
                raise
        else:
            bump_enrollment_count(session, course_id, +1)
            events.enrollment_created(session, candidate)
            notifications.enrollment_created(session, candidate)
            return candidate, True
    if enrollment.status in ACCESS_STATUSES:
        if order_id is not None and enrollment.order_id is None:
            enrollment.order_id = order_id
            session.add(enrollment)
        return enrollment, False
    enrollment.status = EnrollmentStatus.ACTIVE.value
    enrollment.source = source
    enrollment.order_id = order_id
    enrollment.access_until = None
    enrollment.completed_at = None
    session.add(enrollment)
    session.flush()
    bump_enrollment_count(session, course_id, +1)
    events.enrollment_created(session, enrollment)
    notifications.enrollment_created(session, enrollment)
    # The progress was kept: a learner who had finished is finished again at once (and
    # gets the certificate a refund had revoked back), not "active" at 100 %.
    completion.maybe_complete_course(session=session, enrollment=enrollment)
    return enrollment, True


def enroll_free(*, session: Session, user_id: int, course_id: int) -> Enrollment:
    """The user's enrolment in a published free course (idempotent: an existing one is
    returned). A paid course the user has not bought raises PaymentRequired (402)."""
    course = published_course(session, course_id)
    existing = find_enrollment(session=session, user_id=user_id, course_id=course_id)
    if existing is not None and existing.status in ACCESS_STATUSES:
        return existing
    if course.price > 0:
        raise PaymentRequired(
            "this course is paid: buy it first",
            message_key="commerce.payment_required",
            field="course_id",
        )
    enrollment, _started = grant_access(
        session=session, user_id=user_id, course_id=course_id, source=EnrollmentSource.FREE
    )
    return enrollment


def end_access(*, session: Session, user_id: int, course_ids: Iterable[int]) -> int:
    """Cancel the user's active/completed enrolments in `course_ids` (ORM: audited).

    Returns how many enrolments lost access; each moves its course counter down by one.
    """
    ids = list(course_ids)
    if not ids:
        return 0
    rows = session.scalars(
        select(Enrollment).where(
            Enrollment.user_id == user_id,
            Enrollment.course_id.in_(ids),
            Enrollment.status.in_(ACCESS_STATUSES),
        )
    ).all()
    for enrollment in rows:
        enrollment.status = EnrollmentStatus.CANCELLED.value
        session.add(enrollment)
    session.flush()
    for enrollment in rows:
        bump_enrollment_count(session, enrollment.course_id, -1)
    return len(rows)


def get_enrollment(*, session: Session, actor_id: int | None, enrollment_id: int) -> EnrollmentView:
    """One enrolment, for its learner, the course's teacher and admins; NotFound for anyone
    else (enrolments are private, their ids are not confirmed to strangers)."""
    actor = session.get(User, actor_id) if actor_id else None
    if actor is None or not actor.is_active:
        raise Forbidden("account is not active")
    row = session.get(Enrollment, enrollment_id)
    if row is not None and actor.role != Role.ADMIN and row.user_id != actor.id:
        teacher_id = session.scalar(select(Course.teacher_id).where(Course.id == row.course_id))
        if teacher_id != actor.id:
            row = None
    if row is None:
        raise NotFound("enrolment not found")
    return to_view(row)
