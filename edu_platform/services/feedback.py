"""End-of-course feedback: after finishing, a learner rates the course and says what to
improve. Unlike a review it is private: only the course's teacher and admins read it.

One row per learner and course; sending the form again updates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu_platform.models import (
    Course,
    Enrollment,
    EnrollmentStatus,
    Feedback,
    User,
    utcnow,
)
from edu_platform.services import paging
from edu_platform.services.accounts import manages_course
from edu_platform.services.errors import Forbidden, NotFound
from edu_platform.services.records import record_from
from edu_platform.services.reviews import bounded_comment, star_rating

MAX_IMPROVE_LENGTH = 2000
MAX_PER_PAGE = 100


@dataclass
class FeedbackEntry:
    id: int
    course_id: int
    user_id: int
    learner_name: str
    rating: int
    improve: str
    created_at: datetime


@dataclass
class FeedbackPage(paging.Page[FeedbackEntry]):
    average_rating: float | None = None


def _checked(rating: object, improve: object) -> tuple[int, str]:
    stars = star_rating(rating, message_key="feedback.rating_range")
    text = improve if isinstance(improve, str) else ""
    return stars, bounded_comment(
        text, MAX_IMPROVE_LENGTH, "improve", "feedback.too_long", named="the text"
    )


def _require_completed(session: Session, user_id: int, course_id: int) -> None:
    status = session.scalar(
        select(Enrollment.status).where(
            Enrollment.user_id == user_id, Enrollment.course_id == course_id
        )
    )
    if status != EnrollmentStatus.COMPLETED.value:
        raise Forbidden(
            "feedback is for learners who completed the course",
            message_key="feedback.not_completed",
            field="course_id",
        )


def _find(session: Session, user_id: int, course_id: int) -> Feedback | None:
    return session.scalar(
        select(Feedback).where(Feedback.user_id == user_id, Feedback.course_id == course_id)
    )


def submit_feedback(
    *, session: Session, user_id: int, course_id: int, rating: int, improve: str = ""
) -> Feedback:
    """Store the caller's feedback on a course they completed (a resubmission updates it).

    Forbidden unless the enrolment is completed; Invalid (field rating or improve) for a
    rating outside 1..5 or a text over 2,000 characters.
    """
    rating, text = _checked(rating, improve)
    _require_completed(session, user_id, course_id)
    row = _find(session, user_id, course_id)
    if row is None:
        try:
            with session.begin_nested():  # two tabs sending at once: the second updates
                row = Feedback(user_id=user_id, course_id=course_id, rating=rating, improve=text)
                session.add(row)
            return row
        except IntegrityError:
            row = _find(session, user_id, course_id)
    assert row is not None  # found, or stored by the other tab
    row.rating, row.improve = rating, text
    row.created_at = utcnow()  # when it was last sent
    session.add(row)
    session.flush()
    return row


def course_id_by_slug(*, session: Session, slug: str) -> int | None:
    return session.scalar(select(Course.id).where(Course.slug == slug))


def own_feedback(*, session: Session, user_id: int, course_id: int) -> Feedback | None:
    """What the caller sent for this course, if anything (to prefill the form)."""
    return _find(session, user_id, course_id)


def course_feedback(
    *, session: Session, user_id: int, course_id: int, page: int = 1, per_page: int = 20
) -> FeedbackPage:
    """The course's feedback, newest first: for its teacher and admins only."""
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound(f"course {course_id} does not exist", message_key="feedback.no_course")
    caller = session.get(User, user_id)
    if not manages_course(caller, course.teacher_id):
        raise Forbidden(
            "only the course's teacher and admins read its feedback",
            message_key="feedback.not_yours",
        )
    query = (
        select(Feedback, User.full_name)
        .join(User, User.id == Feedback.user_id)
        .where(Feedback.course_id == course_id)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
    )
    found = paging.fetch(session, query, page, per_page).map(lambda row: _entry(*row))
    average = session.scalar(
        select(func.avg(Feedback.rating)).where(Feedback.course_id == course_id)
    )
    return FeedbackPage(
        found.items,
        found.total,
        found.page,
        found.per_page,
        average_rating=round(float(average), 2) if average is not None else None,
    )


def _entry(row: Feedback, name: str) -> FeedbackEntry:
    return record_from(FeedbackEntry, row, learner_name=name)
