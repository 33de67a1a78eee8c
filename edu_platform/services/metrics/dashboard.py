"""The teacher's course dashboard around the analytics (metrics/course.py): the weekly
trend, the live page's activity signature, registrations, attendance and completion."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.models import Enrollment, LearningEvent, Lesson, LessonProgress
from edu_platform.models.base import utcnow
from edu_platform.models.learning import ACCESS_STATUSES, EnrollmentStatus
from edu_platform.models.teaching import Attendance, CourseSession
from edu_platform.services.metrics.core import (
    Window,
    _day_of,
    _epoch_day_sql,
    _ratio,
    require_course_analyst,
    window,
)
from edu_platform.services.metrics.course import (
    CourseAnalytics,
    _course_analytics,
    _course_figures,
)

# --- the teacher's dashboard --------------------------------------------------------------


@dataclass
class TrendPoint:
    week_start: date
    metrics: dict[str, float]  # the course's average of each metric over that week


def course_trend(
    *,
    session: Session,
    actor_id: int | None,
    course_id: int,
    weeks: int = 8,
    date_to: date | None = None,
) -> list[TrendPoint]:
    """The course's average of each metric for each of the last `weeks` 7-day windows."""
    require_course_analyst(session=session, actor_id=actor_id, course_id=course_id)
    return _trend(session, course_id, weeks, date_to)


def _trend(session: Session, course_id: int, weeks: int, date_to: date | None) -> list[TrendPoint]:
    weeks = max(1, min(int(weeks), 26))
    last = date_to or utcnow().date()
    points = []
    for back in range(weeks - 1, -1, -1):
        end = last - timedelta(days=7 * back)
        # The metrics alone: the funnel, inactive learners and daily series are not needed.
        week = _course_figures(session, course_id, Window(end - timedelta(days=6), end))
        averages = {name: d.avg for name, d in week.distributions().items()}
        points.append(TrendPoint(end - timedelta(days=6), averages))
    return points


def activity_signature(*, session: Session, actor_id: int | None, course_id: int) -> tuple:
    """Changes whenever a learner of the course records an event or completes a lesson:
    the live dashboard recomputes only then."""
    require_course_analyst(session=session, actor_id=actor_id, course_id=course_id)
    return _signature(session, course_id)


def _signature(session: Session, course_id: int) -> tuple:
    last_event = session.scalar(
        select(func.max(LearningEvent.id)).where(LearningEvent.course_id == course_id)
    )
    completed = session.scalar(
        select(func.count(LessonProgress.id))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(Lesson.course_id == course_id, LessonProgress.completed_at.is_not(None))
    )
    return (last_event or 0, completed or 0)


# --- course statistics beside the metrics -------------------------------------------------


@dataclass
class WeekRegistrations:
    week_start: date
    enrollments: int


@dataclass
class SessionAttendance:
    session_id: int
    title: str
    starts_at: datetime
    attended: int
    learners: int  # enrolled with access when the figure is read


@dataclass
class CourseStatistics:
    enrollments: int
    completed: int
    completion_rate: float  # completed ÷ enrolments (cancelled ones left out)
    registrations: list[WeekRegistrations]
    attendance: list[SessionAttendance]


def course_statistics(
    *, session: Session, actor_id: int | None, course_id: int, weeks: int = 12
) -> CourseStatistics:
    """Enrolments per week (the last `weeks`), attendance per session, completion."""
    require_course_analyst(session=session, actor_id=actor_id, course_id=course_id)
    return _statistics(session, course_id, weeks)


def _statistics(session: Session, course_id: int, weeks: int) -> CourseStatistics:
    weeks = max(1, min(int(weeks), 104))
    today = utcnow().date()
    first_week = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    since = datetime.combine(first_week, time.min, tzinfo=UTC)
    day = _epoch_day_sql(session, Enrollment.enrolled_at)
    per_day = session.execute(
        select(day, func.count())
        .where(Enrollment.course_id == course_id, Enrollment.enrolled_at >= since)
        .group_by(day)
    ).all()
    counts: dict[date, int] = defaultdict(int)
    for epoch_day, n in per_day:
        registered = _day_of(int(epoch_day))
        counts[registered - timedelta(days=registered.weekday())] += int(n)
    registrations = [
        WeekRegistrations(first_week + timedelta(weeks=w), counts[first_week + timedelta(weeks=w)])
        for w in range(weeks)
    ]
    status_counts = dict(
        session.execute(
            select(Enrollment.status, func.count())
            .where(
                Enrollment.course_id == course_id,
                Enrollment.status != EnrollmentStatus.CANCELLED.value,
            )
            .group_by(Enrollment.status)
        ).all()
    )
    enrollments = sum(status_counts.values())
    completed = status_counts.get(EnrollmentStatus.COMPLETED.value, 0)
    learners_now = session.scalar(
        select(func.count(Enrollment.id)).where(
            Enrollment.course_id == course_id, Enrollment.status.in_(ACCESS_STATUSES)
        )
    )
    attended = (
        select(Attendance.session_id, func.count(Attendance.id).label("n"))
        .group_by(Attendance.session_id)
        .subquery()
    )
    sessions = session.execute(
        select(CourseSession.id, CourseSession.title, CourseSession.starts_at, attended.c.n)
        .outerjoin(attended, attended.c.session_id == CourseSession.id)
        .where(CourseSession.course_id == course_id)
        .order_by(CourseSession.starts_at)
    ).all()
    return CourseStatistics(
        enrollments=enrollments,
        completed=completed,
        completion_rate=_ratio(completed, enrollments),
        registrations=registrations,
        attendance=[
            SessionAttendance(sid, title, starts_at, int(n or 0), learners_now or 0)
            for sid, title, starts_at, n in sessions
        ],
    )


# --- the teacher's dashboard, in one call ------------------------------------------------


@dataclass
class Dashboard:
    signature: tuple
    analytics: CourseAnalytics
    statistics: CourseStatistics
    trend: list[TrendPoint] | None  # None when not asked for (a live refresh)


def course_dashboard(
    *,
    session: Session,
    actor_id: int | None,
    course_id: int,
    days: int = 30,
    with_trend: bool = True,
) -> Dashboard:
    """Everything the analytics page shows, behind one permission check. The weekly trend
    (eight more passes over the events) is skipped on live refreshes: closed weeks do not
    move while learners study, only the current one does."""
    require_course_analyst(session=session, actor_id=actor_id, course_id=course_id)
    end = utcnow().date()
    win = window(end - timedelta(days=max(1, int(days)) - 1), end)
    return Dashboard(
        signature=_signature(session, course_id),
        analytics=_course_analytics(session, course_id, win),
        statistics=_statistics(session, course_id, 12),
        trend=_trend(session, course_id, 8, end) if with_trend else None,
    )
