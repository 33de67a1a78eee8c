"""Admin management of enrolments: search every enrolment, enrol a user by hand, expel one.

Both writes go through services/enrollment.py (grant_access, end_access), so the course's
enrolment counter moves in the same transaction and the ORM changes are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.models import Course, Enrollment, EnrollmentSource, EnrollmentStatus, User
from edu_platform.services import course_refs, paging
from edu_platform.services.accounts import find_user_by_email, require_admin
from edu_platform.services.admin_lists import (
    course_condition,
    user_condition,
)
from edu_platform.services.enrollment import (
    ACCESS_STATUSES,
    EnrollmentView,
    end_access,
    grant_access,
    to_view,
)
from edu_platform.services.errors import Conflict, Invalid, NotFound
from edu_platform.services.records import record_from

STATUSES = ("all", *(status.value for status in EnrollmentStatus))
SORTS = {
    "newest": (Enrollment.enrolled_at.desc(),),
    "oldest": (Enrollment.enrolled_at.asc(),),
    "progress": (Enrollment.progress_percent.desc(),),
    "learner": (func.lower(User.email).asc(),),
}


@dataclass
class AdminEnrollmentRow:
    id: int
    user_id: int
    email: str
    full_name: str
    course_id: int
    course_title: str
    status: str
    source: str
    progress_percent: int
    enrolled_at: datetime


def _query():
    return (
        select(Enrollment, User.email, User.full_name, Course.title)
        .join(User, User.id == Enrollment.user_id)
        .join(Course, Course.id == Enrollment.course_id)
    )


def _row(enrollment: Enrollment, email: str, name: str, title: str) -> AdminEnrollmentRow:
    return record_from(
        AdminEnrollmentRow, enrollment, email=email, full_name=name, course_title=title
    )


def _one(session: Session, enrollment_id: int) -> AdminEnrollmentRow:
    return _row(*session.execute(_query().where(Enrollment.id == enrollment_id)).one())


def search_enrollments(
    *,
    session: Session,
    actor_id: int | None,
    course: str = "",
    user: str = "",
    status: str = "all",
    sort: str = "newest",
    page: int = 1,
    per_page: int = 20,
) -> paging.Page:
    """Every enrolment, filtered by course (id, title or slug) and user (email or name)."""
    require_admin(session=session, user_id=actor_id)
    query = _query()
    for condition in (course_condition(course), user_condition(user)):
        if condition is not None:
            query = query.where(condition)
    if status in STATUSES and status != "all":
        query = query.where(Enrollment.status == status)
    return paging.fetch(
        session,
        query.order_by(*SORTS.get(sort, SORTS["newest"]), Enrollment.id.desc()),
        page,
        per_page,
    ).map(lambda row: _row(*row))


def find_course(session: Session, course_ref: str) -> Course:
    """The course named by its id ("12" or "#12") or its exact slug; NotFound otherwise."""
    ref = course_refs.clean_ref(course_ref)
    if not ref:
        raise Invalid(
            "name a course", message_key="admin_data.enrol.course_required", field="course"
        )
    course = course_refs.course_by_ref(session, ref)
    if course is None:
        raise NotFound(
            f"no course {ref!r}", message_key="admin_data.enrol.course_unknown", field="course"
        )
    return course


def enroll_by_email(
    *, session: Session, actor_id: int | None, email: str, course_ref: str
) -> AdminEnrollmentRow:
    """Give the user with `email` access to the course by hand (source "admin").

    A cancelled or expired enrolment is reactivated; an active one is a Conflict.
    """
    require_admin(session=session, user_id=actor_id)
    if not str(email or "").strip():
        raise Invalid(
            "email is required", message_key="admin_data.enrol.email_required", field="email"
        )
    user = find_user_by_email(session=session, email=str(email)[:320])
    if user is None:
        raise NotFound(
            "no user with this email", message_key="admin_data.enrol.user_unknown", field="email"
        )
    course = find_course(session, course_ref)
    enrollment, started = grant_access(
        session=session, user_id=user.id, course_id=course.id, source=EnrollmentSource.ADMIN
    )
    if not started:
        raise Conflict(
            "the user already studies this course",
            message_key="admin_data.enrol.already",
            field="email",
        )
    return _one(session, enrollment.id)


def enroll_user(
    *, session: Session, actor_id: int | None, user_id: int, course_id: int
) -> tuple[EnrollmentView, bool]:
    """An admin gives a user access to a course by id, paid or free (source "admin"); the
    enrolment and whether access was granted now (False: they had it already)."""
    require_admin(session=session, user_id=actor_id)
    if session.get(User, user_id) is None:
        raise NotFound("no such user", message_key="error.not_found", field="user_id")
    if session.get(Course, course_id) is None:
        raise NotFound(
            "course not found", message_key="catalog.course_not_found", field="course_id"
        )
    row, started = grant_access(
        session=session, user_id=user_id, course_id=course_id, source=EnrollmentSource.ADMIN
    )
    return to_view(row), started


def expel(*, session: Session, actor_id: int | None, enrollment_id: int) -> AdminEnrollmentRow:
    """End a learner's access: the enrolment becomes cancelled, the course counter drops."""
    require_admin(session=session, user_id=actor_id)
    enrollment = session.get(Enrollment, enrollment_id) if isinstance(enrollment_id, int) else None
    if enrollment is None:
        raise NotFound(
            f"enrolment {enrollment_id} does not exist",
            message_key="admin_data.enrollments.not_found",
        )
    if enrollment.status not in ACCESS_STATUSES:
        raise Conflict(
            "this enrolment has already ended", message_key="admin_data.enrollments.already_ended"
        )
    end_access(session=session, user_id=enrollment.user_id, course_ids=[enrollment.course_id])
    return _one(session, enrollment.id)
