"""The teacher's view of a course's learners: progress, quiz results, attendance; a CSV of
it, and an announcement sent to all of them (in-app notification and email each).

Who may look: the course's teacher or an admin (attendance.editable_course, Forbidden for
anyone else). Learners are the enrolments with access (active or completed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.models import (
    Attendance,
    CourseSession,
    Enrollment,
    Quiz,
    QuizAttempt,
    User,
)
from edu_platform.services import notifications, paging, rate_limit
from edu_platform.services.admin_lists import clean_query
from edu_platform.services.attendance import editable_course
from edu_platform.services.csv_export import write_csv
from edu_platform.services.enrollment import ACCESS_STATUSES
from edu_platform.services.errors import Invalid
from edu_platform.services.records import record_from
from edu_platform.services.text_match import contains

MAX_SUBJECT_LENGTH = 200
MAX_TEXT_LENGTH = 5000
ANNOUNCEMENT_KIND = notifications.ANNOUNCEMENT
CSV_COLUMNS = (
    "full_name",
    "email",
    "status",
    "progress_percent",
    "completed_lessons",
    "lessons_total",
    "last_activity_at",
    "best_score",
    "quizzes_passed",
    "quizzes_total",
    "attendance",
    "points",
)


@dataclass
class LearnerFacts:
    """Who a learner of the course is and how far they are (API.md's learner, up to the
    best score)."""

    user_id: int
    full_name: str
    email: str
    status: str
    progress_percent: int
    completed_lessons: int
    lessons_total: int
    last_activity_at: datetime | None
    best_score: int | None  # best submitted quiz attempt in this course, percent


@dataclass
class LearnerRow(LearnerFacts):
    """One learner of the course as the teacher's table shows it."""

    quizzes_passed: int  # how many of the course's quizzes the learner passed
    quizzes_total: int
    attendance: int  # sessions of this course attended
    points: int

    @property
    def passed(self) -> bool:
        """Every quiz of the course passed (False for a course without quizzes)."""
        return self.quizzes_total > 0 and self.quizzes_passed >= self.quizzes_total


def _base(course_id: int):
    quizzes = select(Quiz.id).where(Quiz.course_id == course_id)
    attempts = (
        select(
            QuizAttempt.user_id.label("user_id"),
            func.max(QuizAttempt.score_percent).label("best"),
            func.count(
                func.distinct(case((QuizAttempt.passed.is_(True), QuizAttempt.quiz_id)))
            ).label("passed"),
        )
        .where(QuizAttempt.quiz_id.in_(quizzes), QuizAttempt.submitted_at.is_not(None))
        .group_by(QuizAttempt.user_id)
        .subquery()
    )
    visits = (
        select(Attendance.user_id.label("user_id"), func.count(Attendance.id).label("visits"))
        .join(CourseSession, CourseSession.id == Attendance.session_id)
        .where(CourseSession.course_id == course_id)
        .group_by(Attendance.user_id)
        .subquery()
    )
    best = attempts.c.best
    passed = func.coalesce(attempts.c.passed, 0)
    attended = func.coalesce(visits.c.visits, 0)
    query = (
        select(Enrollment, User.full_name, User.email, best, passed, attended)
        .join(User, User.id == Enrollment.user_id)
        .outerjoin(attempts, attempts.c.user_id == Enrollment.user_id)
        .outerjoin(visits, visits.c.user_id == Enrollment.user_id)
        .where(Enrollment.course_id == course_id, Enrollment.status.in_(ACCESS_STATUSES))
    )
    sorts = {
        "name": (func.lower(User.full_name).asc(),),
        "progress": (Enrollment.progress_percent.desc(),),
        "activity": (func.coalesce(Enrollment.last_activity_at, Enrollment.enrolled_at).desc(),),
        "score": (func.coalesce(best, -1).desc(),),
        "attendance": (attended.desc(),),
        "points": (Enrollment.points.desc(),),
    }
    return query, sorts


SORTS = ("name", "progress", "activity", "score", "attendance", "points")


def _rows(session: Session, query, lessons_total: int, quizzes_total: int) -> list[LearnerRow]:
    return [
        record_from(
            LearnerRow,
            enrollment,
            full_name=name,
            email=email,
            lessons_total=lessons_total,
            best_score=None if best is None else int(best),
            quizzes_passed=int(passed),
            quizzes_total=quizzes_total,
            attendance=int(attended),
        )
        for enrollment, name, email, best, passed, attended in session.execute(query).all()
    ]


def _quizzes_total(session: Session, course_id: int) -> int:
    return session.scalar(select(func.count(Quiz.id)).where(Quiz.course_id == course_id)) or 0


def list_learners(
    *,
    session: Session,
    actor_id: int | None,
    course_id: int,
    q: str = "",
    sort: str = "name",
    page: int = 1,
    per_page: int = 20,
) -> paging.Page:
    """One page of the course's learners matching `q` (name or email), sorted by `sort`."""
    course = editable_course(session=session, actor_id=actor_id, course_id=course_id)
    query, sorts = _base(course.id)
    text = clean_query(q)
    if text:
        query = query.where(or_(contains(User.full_name, text), contains(User.email, text)))
    page, per_page = paging.checked(page, per_page)
    total = paging.count(session, query)
    query = (
        query.order_by(*sorts.get(sort, sorts["name"]), Enrollment.id)
        .offset(paging.offset(page, per_page))
        .limit(per_page)
    )
    rows = _rows(session, query, course.lessons_count, _quizzes_total(session, course.id))
    return paging.Page(rows, total, page, per_page)


def learners_csv(*, session: Session, actor_id: int | None, course_id: int) -> str:
    """Every learner of the course as CSV (header row first, sorted by name)."""
    course = editable_course(session=session, actor_id=actor_id, course_id=course_id)
    query, sorts = _base(course.id)
    rows = _rows(
        session,
        query.order_by(*sorts["name"], Enrollment.id),
        course.lessons_count,
        _quizzes_total(session, course.id),
    )
    return write_csv(CSV_COLUMNS, ([getattr(row, c) for c in CSV_COLUMNS] for row in rows))


def _clean(value: object, field: str, limit: int, key: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise Invalid(
            f"{field} is required", message_key=f"admin_data.learners.{key}_required", field=field
        )
    if len(text) > limit:
        raise Invalid(
            f"{field} is longer than {limit} characters",
            message_key=f"admin_data.learners.{key}_long",
            field=field,
        )
    return text


def announce(
    *,
    session: Session,
    actor_id: int | None,
    course_id: int,
    subject: str,
    text: str,
    user_ids: Sequence[int] | None = None,
) -> int:
    """Send an announcement to every learner of the course (or to those of `user_ids` who
    learn in it): one in-app notification and one email each, written in the caller's
    transaction. Gives how many were notified."""
    course = editable_course(session=session, actor_id=actor_id, course_id=course_id)
    subject = " ".join(_clean(subject, "subject", MAX_SUBJECT_LENGTH, "subject").split())
    text = _clean(text, "text", MAX_TEXT_LENGTH, "text")
    rate_limit.hit(rate_limit.ANNOUNCEMENT, actor_id)
    learners = session.execute(
        select(User.id, User.email)
        .join(Enrollment, Enrollment.user_id == User.id)
        .where(
            Enrollment.course_id == course.id,
            Enrollment.status.in_(ACCESS_STATUSES),
            User.is_active.is_(True),
            *([User.id.in_([int(uid) for uid in user_ids])] if user_ids is not None else []),
        )
        .order_by(User.id)
    ).all()
    link = routes.course_url(course.slug)
    title = f"{course.title}: {subject}"[:300]
    # Everyone's e-mail choice in one query, not one per learner.
    wanted = notifications.wants_email_of(
        session, [user_id for user_id, _ in learners], ANNOUNCEMENT_KIND
    )
    for user_id, email in learners:
        # In-app always; by e-mail unless the learner turned announcements off.
        notifications.notify(
            session,
            user_id=user_id,
            kind=ANNOUNCEMENT_KIND,
            title=title,
            body=text,
            link=link,
            email=email,
            wants_email=wanted[user_id],
            flush=False,
        )
    session.flush()
    return len(learners)
