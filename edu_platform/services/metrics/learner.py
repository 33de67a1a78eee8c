"""One learner's metrics (stored or on the fly) and the learner's own activity (/my)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from edu_platform import cache
from edu_platform.models import (
    Course,
    Enrollment,
    LearningEvent,
    MetricValue,
)
from edu_platform.models.base import utcnow
from edu_platform.models.learning import EnrollmentStatus
from edu_platform.services.errors import Forbidden, NotFound
from edu_platform.services.metrics.core import (
    ACTIVITY_PEAK,
    Window,
    _actor,
    _collect,
    _course,
    _day_start,
    _epoch_day,
    _epoch_day_sql,
    _figures,
    _in_window,
    _teaches,
    half_up,
    metric_names,
    window,
)

# --- stored values ---------------------------------------------------------------------------


def _stored(
    session: Session, *, scope: str, scope_id: int, win: Window, names: Iterable[str]
) -> dict[str, float]:
    rows = session.execute(
        select(MetricValue.metric, MetricValue.value).where(
            MetricValue.scope == scope,
            MetricValue.scope_id == scope_id,
            MetricValue.period_start == win.date_from,
            MetricValue.period_end == win.date_to,
            MetricValue.metric.in_(list(names)),
            # Only values computed after the window closed cover it: a window that runs
            # to today is still moving, so it is computed on the fly.
            MetricValue.computed_at >= win.end,
        )
    )
    return {metric: float(value) for metric, value in rows}


def _peak(session: Session, course_id: int, win: Window) -> float:
    """The course's highest events per active day in the window (stored, else computed)."""
    stored = _stored(session, scope="course", scope_id=course_id, win=win, names=[ACTIVITY_PEAK])
    if ACTIVITY_PEAK in stored:
        return stored[ACTIVITY_PEAK]
    # A window that is still moving: the peak is a scan of the whole course, so it is
    # shared through the cache for up to CATALOG_CACHE_TTL (one learner's activity_index
    # may lag the others' newest events by that much).
    key = f"metrics:peak:{course_id}:{win.date_from}:{win.date_to}"
    return cache.cached(key, lambda: _scan_peak(session, course_id, win))


def _scan_peak(session: Session, course_id: int, win: Window) -> float:
    # One grouped count per learner, no window function: cheaper than the full pass.
    day = _epoch_day_sql(session, LearningEvent.ts)
    rates = session.execute(
        select(func.count(), func.count(func.distinct(day)))
        .select_from(LearningEvent)
        .join(
            Enrollment,
            and_(
                Enrollment.user_id == LearningEvent.user_id,
                Enrollment.course_id == LearningEvent.course_id,
            ),
        )
        .where(
            LearningEvent.course_id == course_id,
            LearningEvent.ts >= win.start,
            LearningEvent.ts < win.end,
            LearningEvent.ts >= _day_start(session, Enrollment.enrolled_at),
            Enrollment.status != EnrollmentStatus.CANCELLED.value,
        )
        .group_by(LearningEvent.user_id)
    )
    return max((events / days for events, days in rates if days), default=0.0)


# --- one learner -----------------------------------------------------------------------------


@dataclass
class LearnerMetrics:
    user_id: int
    course_id: int
    date_from: date
    date_to: date
    metrics: dict[str, float]


def learner_metrics(
    *,
    session: Session,
    actor_id: int | None,
    user_id: int,
    course_id: int,
    metrics: Sequence[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> LearnerMetrics:
    """One learner's metrics in one course: the learner themself, its teacher or an admin."""
    names = metric_names(metrics)
    win = window(date_from, date_to)
    actor = _actor(session, actor_id)
    course = _course(session, course_id)
    if actor.id != user_id and not _teaches(actor, course):
        raise Forbidden("only the learner, the course's teacher and admins see these metrics")
    enrollment_id = session.scalar(
        select(Enrollment.id).where(
            Enrollment.user_id == user_id, Enrollment.course_id == course_id
        )
    )
    if enrollment_id is None:
        raise NotFound("the user is not enrolled in this course", field="user_id")
    values = _stored(session, scope="enrollment", scope_id=enrollment_id, win=win, names=names)
    if len(values) < len(names):
        learners, lessons_total = _collect(session, course_id, win, user_id)
        learner = learners.get(user_id)
        if learner is None or not _in_window(learner, win):
            values = dict.fromkeys(names, 0.0)
        else:
            peak = _peak(session, course_id, win) if "activity_index" in names else 0.0
            computed = _figures(learner, win, lessons_total, peak)
            values = {name: computed[name] for name in names}
    return LearnerMetrics(
        user_id, course_id, win.date_from, win.date_to, {n: values[n] for n in names}
    )


# --- the learner's own activity (/my) --------------------------------------------------------

MY_METRICS = ("time_on_task", "engagement", "completion", "focus_ratio", "retention")
STREAK_LOOKBACK_DAYS = 366


@dataclass
class CourseActivity:
    course_id: int
    title: str
    metrics: dict[str, float]


@dataclass
class MyActivity:
    minutes_this_week: float
    streak_days: int
    active_days_this_week: int
    courses: list[CourseActivity]


def _streak(active_days: set[int], today: int) -> int:
    """Consecutive active days ending today (or yesterday, so the day is not lost yet)."""
    day = today if today in active_days else today - 1
    streak = 0
    while day in active_days:
        streak += 1
        day -= 1
    return streak


def my_activity(*, session: Session, user_id: int, today: date | None = None) -> MyActivity:
    """The learner's own figures: minutes and active days over the last 7 days, the streak
    of active days, and per course (last 30 days) the metrics that need no comparison
    with other learners (activity_index does; teachers see it)."""
    today = today or utcnow().date()
    week = Window(today - timedelta(days=6), today)
    lookback = Window(today - timedelta(days=STREAK_LOOKBACK_DAYS), today)
    day = _epoch_day_sql(session, LearningEvent.ts)
    active_days = set(
        session.scalars(
            select(day)
            .where(
                LearningEvent.user_id == user_id,
                LearningEvent.ts >= lookback.start,
                LearningEvent.ts < lookback.end,
            )
            .distinct()
        )
    )
    enrolled = session.execute(
        select(Course.id, Course.title)
        .join(Enrollment, Enrollment.course_id == Course.id)
        .where(
            Enrollment.user_id == user_id,
            Enrollment.status != EnrollmentStatus.CANCELLED.value,
        )
        .order_by(Enrollment.last_activity_at.desc().nulls_last(), Course.title)
    ).all()
    month = window(None, today)
    courses, minutes = [], 0.0
    for course_id, title in enrolled:
        learners, lessons_total = _collect(session, course_id, month, user_id)
        learner = learners.get(user_id)
        if learner is None or not _in_window(learner, month):
            continue
        figures = _figures(learner, month, lessons_total, peak=0.0)
        courses.append(CourseActivity(course_id, title, {n: figures[n] for n in MY_METRICS}))
        minutes += (
            sum(seconds for d, seconds in learner.day_seconds.items() if d >= week.first_day) / 60
        )
    return MyActivity(
        minutes_this_week=half_up(minutes, 1),
        streak_days=_streak(active_days, _epoch_day(today)),
        active_days_this_week=len([d for d in active_days if d >= week.first_day]),
        courses=courses,
    )
