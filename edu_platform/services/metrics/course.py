"""A course's analytics: the metrics over its learners, retention curve, funnel, daily
series and inactive learners (the teacher's dashboard around them: metrics/dashboard.py)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from edu_platform.models import (
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    Module,
    User,
)
from edu_platform.models.learning import EnrollmentStatus
from edu_platform.services.metrics.core import (
    INACTIVE_AFTER_DAYS,
    METRICS,
    Window,
    _active_weeks,
    _collect,
    _day_of,
    _day_start,
    _epoch_day_sql,
    _events_per_active_day,
    _exact_figures,
    _in_window,
    _Learner,
    _ratio,
    _weeks,
    half_up,
    require_course_analyst,
    rounded,
    window,
)

# --- one course ------------------------------------------------------------------------------


@dataclass
class Distribution:
    avg: float
    p50: float
    p90: float


@dataclass
class WeekShare:
    week: int  # 1 = the first 7 days after enrolment
    share: float


@dataclass
class FunnelStep:
    lesson_id: int
    title: str
    reached: int
    completed: int


@dataclass
class DayActivity:
    date: date
    active_learners: int
    events: int
    minutes: float


@dataclass
class InactiveLearner:
    user_id: int
    full_name: str
    last_active: date | None


@dataclass
class CourseAnalytics:
    course_id: int
    date_from: date
    date_to: date
    learners: int
    metrics: dict[str, Distribution]
    retention_curve: list[WeekShare]
    funnel: list[FunnelStep]
    inactive_learners: int
    daily: list[DayActivity]
    inactive: list[InactiveLearner] = field(default_factory=list)
    per_learner: dict[int, dict[str, float]] = field(default_factory=dict)
    activity_peak: float = 0.0


def _percentile(sorted_values: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    if not sorted_values:
        return 0.0
    position = (len(sorted_values) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    value = sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)
    return value


def _distribution(name: str, values: list[float]) -> Distribution:
    """Average and percentiles of the learners' unrounded values, rounded once."""
    ordered = sorted(values)
    avg = sum(ordered) / len(ordered) if ordered else 0.0
    return Distribution(
        rounded(name, avg),
        rounded(name, _percentile(ordered, 0.5)),
        rounded(name, _percentile(ordered, 0.9)),
    )


def _retention_curve(learners: list[_Learner], win: Window) -> list[WeekShare]:
    eligible: dict[int, int] = defaultdict(int)
    active: dict[int, int] = defaultdict(int)
    for learner in learners:
        weeks = _weeks(learner, win)
        active_weeks = _active_weeks(learner)
        for week in weeks:
            eligible[week] += 1
            active[week] += week in active_weeks
    return [WeekShare(week + 1, _ratio(active[week], eligible[week])) for week in sorted(eligible)]


def _funnel(session: Session, course_id: int, win: Window) -> list[FunnelStep]:
    """Per lesson in syllabus order, among the learners enrolled by the window's end: who
    reached it (a progress row, which keeps no date of its own, or an event for it from
    their enrolment day to the window's end) and who had completed it by the window's end."""
    lessons = session.execute(
        select(Lesson.id, Lesson.title)
        .join(Module, Module.id == Lesson.module_id)
        .where(Lesson.course_id == course_id)
        .order_by(Module.position, Module.id, Lesson.position, Lesson.id)
    ).all()
    learners = (
        select(
            Enrollment.user_id.label("user_id"),
            _day_start(session, Enrollment.enrolled_at).label("since"),
        )
        .where(
            Enrollment.course_id == course_id,
            Enrollment.status != EnrollmentStatus.CANCELLED.value,
            Enrollment.enrolled_at < win.end,
        )
        .subquery()
    )
    progress = session.execute(
        select(
            LessonProgress.lesson_id,
            func.count(LessonProgress.id),
            func.count(case((LessonProgress.completed_at < win.end, 1))),
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .join(learners, learners.c.user_id == LessonProgress.user_id)
        .where(Lesson.course_id == course_id)
        .group_by(LessonProgress.lesson_id)
    ).all()
    by_events = session.execute(
        select(LearningEvent.lesson_id, func.count(func.distinct(LearningEvent.user_id)))
        .join(learners, learners.c.user_id == LearningEvent.user_id)
        .where(
            LearningEvent.course_id == course_id,
            LearningEvent.lesson_id.is_not(None),
            LearningEvent.ts < win.end,
            LearningEvent.ts >= learners.c.since,
        )
        .group_by(LearningEvent.lesson_id)
    ).all()
    opened = {lid: n for lid, n, _ in progress}
    completed = {lid: done for lid, _, done in progress}
    seen = dict(by_events)
    return [
        FunnelStep(
            lesson_id,
            title,
            max(opened.get(lesson_id, 0), seen.get(lesson_id, 0)),
            completed.get(lesson_id, 0),
        )
        for lesson_id, title in lessons
    ]


# Ids in one IN list at most (PostgreSQL takes 65,535 bound parameters).
_IDS_PER_QUERY = 10_000


def _inactive(
    session: Session, course_id: int, win: Window, learners: list[_Learner]
) -> list[InactiveLearner]:
    """Learners inactive for 7+ days at the window's end: enrolled at least 7 days by
    then, and no event in those last 7 days (events before the window count too: a learner
    active the day before a short window is not inactive). With the day they were last
    active, if ever."""
    last = win.last_lived_day
    since_day = last - INACTIVE_AFTER_DAYS + 1
    candidates = {x.user_id: x for x in learners if x.enrolled_day <= since_day}
    if not candidates:
        return []
    since = datetime.combine(_day_of(since_day), time.min, tzinfo=UTC)
    end = datetime.combine(_day_of(last + 1), time.min, tzinfo=UTC)
    # Who was active in those 7 days: the course's events of one week, by index.
    recent = set(
        session.scalars(
            select(LearningEvent.user_id)
            .where(
                LearningEvent.course_id == course_id,
                LearningEvent.ts >= since,
                LearningEvent.ts < end,
            )
            .distinct()
        )
    )
    quiet = [uid for uid in candidates if uid not in recent]
    if not quiet:
        return []
    last_seen: dict[int, int] = {}
    for start in range(0, len(quiet), _IDS_PER_QUERY):
        chunk = quiet[start : start + _IDS_PER_QUERY]
        last_seen.update(
            session.execute(
                select(LearningEvent.user_id, _epoch_day_sql(session, func.max(LearningEvent.ts)))
                .where(
                    LearningEvent.course_id == course_id,
                    LearningEvent.user_id.in_(chunk),
                    LearningEvent.ts < since,
                )
                .group_by(LearningEvent.user_id)
            ).all()
        )
    names = _names(session, quiet)
    rows = []
    for uid in quiet:
        day = last_seen.get(uid)
        # Events only from before the enrolment: never active as a learner.
        active = day is not None and day >= candidates[uid].enrolled_day
        rows.append(InactiveLearner(uid, names.get(uid, ""), _day_of(day) if active else None))
    return sorted(rows, key=lambda row: (row.last_active or date.min, row.full_name))


def _daily(learners: list[_Learner], win: Window) -> list[DayActivity]:
    """Every day of the window (days without events too, so a chart has no holes)."""
    active: dict[int, int] = defaultdict(int)
    events: dict[int, int] = defaultdict(int)
    seconds: dict[int, float] = defaultdict(float)
    for learner in learners:
        for day, n in learner.days.items():
            active[day] += 1
            events[day] += n
            seconds[day] += learner.day_seconds.get(day, 0.0)
    return [
        DayActivity(_day_of(day), active[day], events[day], half_up(seconds[day] / 60, 1))
        for day in range(win.first_day, win.last_day + 1)
    ]


def course_analytics(
    *,
    session: Session,
    actor_id: int | None,
    course_id: int,
    date_from: date | None = None,
    date_to: date | None = None,
) -> CourseAnalytics:
    """The course's metrics over its learners, retention curve, funnel and daily activity."""
    require_course_analyst(session=session, actor_id=actor_id, course_id=course_id)
    return _course_analytics(session, course_id, window(date_from, date_to))


@dataclass
class _CourseFigures:
    """The learners in a window and their unrounded metrics: what the course's analytics,
    its weekly trend and the stored values all start from."""

    learners: list[_Learner]
    exact: dict[int, dict[str, float]]  # user id -> metric -> value
    peak: float

    def distributions(self) -> dict[str, Distribution]:
        values = self.exact.values()
        return {name: _distribution(name, [f[name] for f in values]) for name in METRICS}

    def rounded(self) -> dict[int, dict[str, float]]:
        return {
            uid: {name: rounded(name, value) for name, value in figures.items()}
            for uid, figures in self.exact.items()
        }


def _course_figures(session: Session, course_id: int, win: Window) -> _CourseFigures:
    learners, lessons_total = _collect(session, course_id, win)
    in_window = [x for x in learners.values() if _in_window(x, win)]
    peak = max((_events_per_active_day(x) for x in in_window), default=0.0)
    exact = {x.user_id: _exact_figures(x, win, lessons_total, peak) for x in in_window}
    return _CourseFigures(in_window, exact, peak)


def _course_analytics(session: Session, course_id: int, win: Window) -> CourseAnalytics:
    figures = _course_figures(session, course_id, win)
    inactive = _inactive(session, course_id, win, figures.learners)
    return CourseAnalytics(
        course_id=course_id,
        date_from=win.date_from,
        date_to=win.date_to,
        learners=len(figures.learners),
        metrics=figures.distributions(),
        retention_curve=_retention_curve(figures.learners, win),
        funnel=_funnel(session, course_id, win),
        inactive_learners=len(inactive),
        daily=_daily(figures.learners, win),
        inactive=inactive,
        per_learner=figures.rounded(),
        activity_peak=figures.peak,
    )


def _names(session: Session, user_ids: list[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for start in range(0, len(user_ids), _IDS_PER_QUERY):
        chunk = user_ids[start : start + _IDS_PER_QUERY]
        rows = session.execute(select(User.id, User.full_name).where(User.id.in_(chunk)))
        names.update((int(user_id), str(name)) for user_id, name in rows)
    return names
