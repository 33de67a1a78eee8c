"""Learning metrics from `learning_event`, as defined in API.md ("Learning metrics").

All six metrics come from one pass over the course's events in the window: a window
function (LAG) gives each event's gap to the previous event of the same learner, and the
database groups the gaps by learner and UTC day. Python then only combines those
(learner, day) rows — at most learners × days of them, never one row per event — into the
per-learner figures, the course's distribution, the retention curve and the daily series.

Windows are UTC days, both ends included (default: the last 30 days); a learner's window
starts no earlier than the day of their enrolment. Ratios are rounded to 3 decimals,
minutes to 0.1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Integer, and_, case, cast, delete, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import (
    BulkJob,
    Course,
    Enrollment,
    LearningEvent,
    LearningEventDaily,
    Lesson,
    LessonProgress,
    MetricValue,
    Module,
    User,
)
from edu_platform.models.accounts import Role
from edu_platform.models.base import utcnow
from edu_platform.models.learning import EnrollmentStatus
from edu_platform.models.operations import BulkJobKind, ImportStatus
from edu_platform.services.errors import Forbidden, Invalid, NotFound

METRICS = (
    "time_on_task",
    "engagement",
    "completion",
    "activity_index",
    "focus_ratio",
    "retention",
)
SESSION_GAP_SECONDS = 5 * 60
DEFAULT_WINDOW_DAYS = 30
MAX_WINDOW_DAYS = 3 * 366
INACTIVE_AFTER_DAYS = 7
# The course-wide highest events-per-active-day, stored beside the metrics so that one
# learner's activity_index does not need a scan of the whole course.
ACTIVITY_PEAK = "activity_peak"
SECONDS_PER_DAY = 86400


# --- windows and validation --------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime:  # exclusive
        return datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=UTC)

    @property
    def first_day(self) -> int:
        return _epoch_day(self.date_from)

    @property
    def last_day(self) -> int:
        return _epoch_day(self.date_to)


def window(date_from: date | None, date_to: date | None) -> Window:
    """The requested window with defaults; Invalid naming the field when it is wrong."""
    date_to = date_to or utcnow().date()
    date_from = date_from or date_to - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
    if date_from > date_to:
        raise Invalid("date_from is after date_to", field="date_from")
    if (date_to - date_from).days >= MAX_WINDOW_DAYS:
        raise Invalid(f"the window is longer than {MAX_WINDOW_DAYS} days", field="date_from")
    return Window(date_from, date_to)


def metric_names(requested: Sequence[str] | None) -> tuple[str, ...]:
    """The metrics asked for (all six when none); Invalid naming `metrics` for an unknown one."""
    if not requested:
        return METRICS
    unknown = [name for name in requested if name not in METRICS]
    if unknown:
        raise Invalid(
            f"unknown metric {unknown[0]!r}; known: {', '.join(METRICS)}",
            field="metrics",
            message_key="metrics.unknown",
        )
    return tuple(dict.fromkeys(requested))


# --- who may see what ----------------------------------------------------------------------


def _course(session: Session, course_id: int) -> Course:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound("course not found", message_key="catalog.course_not_found")
    return course


def _actor(session: Session, actor_id: int | None) -> User:
    actor = session.get(User, actor_id) if actor_id else None
    if actor is None or not actor.is_active:
        raise Forbidden("sign in first", message_key="error.unauthorized")
    return actor


def _teaches(actor: User, course: Course) -> bool:
    # A demoted teacher loses the course's analytics with the role.
    return actor.role == Role.ADMIN or (
        actor.role == Role.TEACHER and course.teacher_id == actor.id
    )


def require_course_analyst(*, session: Session, actor_id: int | None, course_id: int) -> Course:
    """The course when the actor teaches it or is an admin; Forbidden otherwise."""
    course = _course(session, course_id)
    if not _teaches(_actor(session, actor_id), course):
        raise Forbidden("only the course's teacher and admins see its analytics")
    return course


# --- SQL building blocks (per dialect) ---------------------------------------------------


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _epoch_seconds(session: Session, column) -> ColumnElement:
    if _is_postgres(session):
        # date_part gives double precision; EXTRACT gives numeric, several times slower
        # over a million rows.
        return func.date_part("epoch", column)
    # SQLite stores UTC text; julianday() reads it.
    return (func.julianday(column) - 2440587.5) * SECONDS_PER_DAY


def _epoch_day_sql(session: Session, column) -> ColumnElement:
    if _is_postgres(session):
        return cast(func.floor(func.date_part("epoch", column) / SECONDS_PER_DAY), Integer)
    return cast(func.julianday(func.date(column)) - 2440587.5, Integer)


def _day_start(session: Session, column) -> ColumnElement:
    """The UTC midnight that starts `column`'s day, comparable with timestamps."""
    if _is_postgres(session):
        return func.date_trunc("day", column, "UTC")
    return func.date(column)  # SQLite: 'YYYY-MM-DD' sorts before that day's timestamps


def _epoch_day(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def _day_of(epoch_day: int) -> date:
    return date(1970, 1, 1) + timedelta(days=epoch_day)


# --- the one pass over events ----------------------------------------------------------------


@dataclass
class _Learner:
    user_id: int
    enrollment_id: int
    enrolled_day: int
    first_day: int  # first day of the learner's window
    events: int = 0
    seconds: float = 0.0
    focus_seconds: float = 0.0
    days: dict[int, int] = field(default_factory=dict)  # epoch day -> events
    day_seconds: dict[int, float] = field(default_factory=dict)  # epoch day -> counted seconds
    lessons_done: int = 0


def _learners(
    session: Session, course_id: int, win: Window, user_id: int | None
) -> dict[int, _Learner]:
    """The course's learners whose window overlaps `win` (cancelled enrolments left out)."""
    enrolled_day = _epoch_day_sql(session, Enrollment.enrolled_at).label("enrolled_day")
    query = select(Enrollment.id, Enrollment.user_id, enrolled_day).where(
        Enrollment.course_id == course_id,
        Enrollment.status != EnrollmentStatus.CANCELLED.value,
        Enrollment.enrolled_at < win.end,
    )
    if user_id is not None:
        query = query.where(Enrollment.user_id == user_id)
    learners = {}
    for enrollment_id, uid, day in session.execute(query):
        learners[uid] = _Learner(uid, enrollment_id, day, max(day, win.first_day))
    return learners


def _event_days(
    session: Session, course_id: int, win: Window, user_id: int | None
) -> list[tuple[int, int, int, float, float]]:
    """(user, epoch day, events, counted seconds, seconds that started in a lesson).

    The window function runs over the course's events alone, in the order of
    ix_learning_event_course_id_user_id_ts (no sort); the learners' windows (enrolment
    day onwards) are applied afterwards, and a gap counts only when the event it starts
    from is inside the learner's window too.
    """
    ordering = {"partition_by": LearningEvent.user_id, "order_by": LearningEvent.ts}
    events = select(
        LearningEvent.user_id.label("user_id"),
        LearningEvent.ts.label("ts"),
        func.lag(LearningEvent.ts).over(**ordering).label("prev_ts"),
        func.lag(LearningEvent.lesson_id).over(**ordering).label("prev_lesson"),
    ).where(
        LearningEvent.course_id == course_id,
        LearningEvent.ts >= win.start,
        LearningEvent.ts < win.end,
    )
    if user_id is not None:
        events = events.where(LearningEvent.user_id == user_id)
    events = events.subquery()
    enrolled = select(
        Enrollment.user_id.label("user_id"),
        _day_start(session, Enrollment.enrolled_at).label("since"),
    ).where(
        Enrollment.course_id == course_id,
        Enrollment.status != EnrollmentStatus.CANCELLED.value,
    )
    if user_id is not None:
        enrolled = enrolled.where(Enrollment.user_id == user_id)
    # Materialized: each learner's day start is computed once, not once per event.
    enrolled = enrolled.cte("enrolled").prefix_with("MATERIALIZED")
    seconds = _epoch_seconds(session, events.c.ts)
    gap = seconds - _epoch_seconds(session, events.c.prev_ts)
    counts = and_(events.c.prev_ts >= enrolled.c.since, gap <= SESSION_GAP_SECONDS)
    counted = case((counts, gap), else_=literal(0.0))
    focused = case((and_(counts, events.c.prev_lesson.is_not(None)), gap), else_=literal(0.0))
    day = _epoch_day_sql(session, events.c.ts)
    query = (
        select(
            events.c.user_id,
            day,
            func.count(),
            func.coalesce(func.sum(counted), 0.0),
            func.coalesce(func.sum(focused), 0.0),
        )
        .join(enrolled, enrolled.c.user_id == events.c.user_id)
        # Events before the day of enrolment are outside the learner's window.
        .where(events.c.ts >= enrolled.c.since)
        .group_by(events.c.user_id, day)
    )
    return [
        (int(uid), int(day), int(n), float(seconds), float(focus))
        for uid, day, n, seconds, focus in session.execute(query)
    ]


def _lessons_total(session: Session, course_id: int) -> int:
    return session.scalar(select(func.count(Lesson.id)).where(Lesson.course_id == course_id)) or 0


def _lessons_done(
    session: Session, course_id: int, win: Window, user_id: int | None
) -> dict[int, int]:
    query = (
        select(LessonProgress.user_id, func.count(LessonProgress.id))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(
            Lesson.course_id == course_id,
            LessonProgress.completed_at.is_not(None),
            LessonProgress.completed_at < win.end,
        )
        .group_by(LessonProgress.user_id)
    )
    if user_id is not None:
        query = query.where(LessonProgress.user_id == user_id)
    return {int(uid): int(n) for uid, n in session.execute(query)}


def _collect(
    session: Session, course_id: int, win: Window, user_id: int | None = None
) -> tuple[dict[int, _Learner], int]:
    learners = _learners(session, course_id, win, user_id)
    for uid, day, events, seconds, focus in _event_days(session, course_id, win, user_id):
        learner = learners.get(uid)
        if learner is None:
            continue
        learner.events += events
        learner.seconds += seconds
        learner.focus_seconds += focus
        learner.days[day] = learner.days.get(day, 0) + events
        learner.day_seconds[day] = learner.day_seconds.get(day, 0.0) + seconds
    for uid, done in _lessons_done(session, course_id, win, user_id).items():
        if uid in learners:
            learners[uid].lessons_done = done
    return learners, _lessons_total(session, course_id)


# --- per-learner figures ------------------------------------------------------------------


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 3) if whole else 0.0


def _events_per_active_day(learner: _Learner) -> float:
    return learner.events / len(learner.days) if learner.days else 0.0


def _weeks(learner: _Learner, win: Window) -> range:
    """The learner's weeks (7-day blocks from enrolment) that overlap their window."""
    first = (learner.first_day - learner.enrolled_day) // 7
    last = (win.last_day - learner.enrolled_day) // 7
    return range(first, last + 1)


def _active_weeks(learner: _Learner) -> set[int]:
    return {(day - learner.enrolled_day) // 7 for day in learner.days}


def _figures(learner: _Learner, win: Window, lessons_total: int, peak: float) -> dict[str, float]:
    days_in_window = win.last_day - learner.first_day + 1
    weeks = _weeks(learner, win)
    return {
        "time_on_task": round(learner.seconds / 60, 1),
        "engagement": _ratio(len(learner.days), days_in_window),
        "completion": _ratio(min(learner.lessons_done, lessons_total), lessons_total),
        "activity_index": _ratio(_events_per_active_day(learner), peak),
        "focus_ratio": _ratio(learner.focus_seconds, learner.seconds),
        "retention": _ratio(len(_active_weeks(learner)), len(weeks)),
    }


def _in_window(learner: _Learner, win: Window) -> bool:
    return learner.first_day <= win.last_day


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
    digits = 1 if name == "time_on_task" else 3
    ordered = sorted(values)
    avg = sum(ordered) / len(ordered) if ordered else 0.0
    return Distribution(
        round(avg, digits),
        round(_percentile(ordered, 0.5), digits),
        round(_percentile(ordered, 0.9), digits),
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
    lessons = session.execute(
        select(Lesson.id, Lesson.title)
        .join(Module, Module.id == Lesson.module_id)
        .where(Lesson.course_id == course_id)
        .order_by(Module.position, Module.id, Lesson.position, Lesson.id)
    ).all()
    learners = select(Enrollment.user_id).where(
        Enrollment.course_id == course_id, Enrollment.status != EnrollmentStatus.CANCELLED.value
    )
    # Reached: opened (a progress row or an event for the lesson) by the end of the window.
    progress = session.execute(
        select(
            LessonProgress.lesson_id,
            func.count(LessonProgress.id),
            func.count(case((LessonProgress.completed_at < win.end, 1))),
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(Lesson.course_id == course_id, LessonProgress.user_id.in_(learners))
        .group_by(LessonProgress.lesson_id)
    ).all()
    by_events = session.execute(
        select(LearningEvent.lesson_id, func.count(func.distinct(LearningEvent.user_id)))
        .where(
            LearningEvent.course_id == course_id,
            LearningEvent.lesson_id.is_not(None),
            LearningEvent.ts < win.end,
            LearningEvent.user_id.in_(learners),
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
        )  # fmt: skip
        for lesson_id, title in lessons
    ]


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
        DayActivity(_day_of(day), active[day], events[day], round(seconds[day] / 60, 1))
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


def _course_analytics(session: Session, course_id: int, win: Window) -> CourseAnalytics:
    learners, lessons_total = _collect(session, course_id, win)
    in_window = [x for x in learners.values() if _in_window(x, win)]
    peak = max((_events_per_active_day(x) for x in in_window), default=0.0)
    per_learner = {x.user_id: _figures(x, win, lessons_total, peak) for x in in_window}
    inactive_since = win.last_day - INACTIVE_AFTER_DAYS + 1
    inactive = [x for x in in_window if max(x.days, default=-1) < inactive_since]
    names = _names(session, [x.user_id for x in inactive])
    return CourseAnalytics(
        course_id=course_id,
        date_from=win.date_from,
        date_to=win.date_to,
        learners=len(in_window),
        metrics={
            name: _distribution(name, [figures[name] for figures in per_learner.values()])
            for name in METRICS
        },
        retention_curve=_retention_curve(in_window, win),
        funnel=_funnel(session, course_id, win),
        inactive_learners=len(inactive),
        daily=_daily(in_window, win),
        inactive=sorted(
            (
                InactiveLearner(
                    x.user_id,
                    names.get(x.user_id, ""),
                    _day_of(max(x.days)) if x.days else None,
                )
                for x in inactive
            ),
            key=lambda row: (row.last_active or date.min, row.full_name),
        ),
        per_learner=per_learner,
        activity_peak=peak,
    )


def _names(session: Session, user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(user_ids))).all())


# --- storing (the calculate job) ---------------------------------------------------------


def store_course_metrics(
    *, session: Session, course_id: int, date_from: date, date_to: date, metrics: Sequence[str]
) -> int:
    """Compute and upsert the course's per-learner and course values; how many rows."""
    names = metric_names(metrics)
    win = window(date_from, date_to)
    analytics = _course_analytics(session, course_id, win)
    enrollment_ids = dict(
        session.execute(
            select(Enrollment.user_id, Enrollment.id).where(Enrollment.course_id == course_id)
        ).all()
    )
    rows: list[dict] = []
    now = utcnow()

    def add(metric: str, scope: str, scope_id: int, value: float) -> None:
        rows.append(
            {
                "metric": metric,
                "scope": scope,
                "scope_id": scope_id,
                "period_start": win.date_from,
                "period_end": win.date_to,
                "value": value,
                "computed_at": now,
            }  # fmt: skip
        )

    for user_id, figures in analytics.per_learner.items():
        for name in names:
            add(name, "enrollment", enrollment_ids[user_id], figures[name])
    for name in names:
        add(name, "course", course_id, analytics.metrics[name].avg)
    add(ACTIVITY_PEAK, "course", course_id, analytics.activity_peak)
    _upsert(session, rows)
    return len(rows)


def _upsert(session: Session, rows: list[dict]) -> None:
    if not rows:
        return
    table = MetricValue.__table__
    keys = ["metric", "scope", "scope_id", "period_start", "period_end"]
    if _is_postgres(session):
        statement = postgresql.insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={"value": statement.excluded.value, "computed_at": statement.excluded.computed_at},
        )
    else:
        statement = sqlite.insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={"value": statement.excluded.value, "computed_at": statement.excluded.computed_at},
        )
    for start in range(0, len(rows), 1000):
        session.execute(statement, rows[start : start + 1000])


# --- the calculate job's row ------------------------------------------------------------------

CALCULATE_JOB = "edu_platform.jobs.metrics.calculate_metrics_job"


@dataclass
class MetricJob:
    id: int
    status: str
    processed: int
    total: int


def _job_view(job: BulkJob) -> MetricJob:
    return MetricJob(job.id, job.status, job.processed, job.total)


def start_calculation(
    *,
    session: Session,
    actor_id: int | None,
    course_id: int,
    metrics: Sequence[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> MetricJob:
    """Queue a recalculation of the course's stored values (its teacher, admin)."""
    names = metric_names(metrics)
    win = window(date_from, date_to)
    require_course_analyst(session=session, actor_id=actor_id, course_id=course_id)
    job = BulkJob(
        kind=BulkJobKind.METRICS.value, subject_id=course_id, total=1, created_by=actor_id
    )
    session.add(job)
    session.flush()
    db.call_after_commit(
        session,
        _enqueue,
        job.id,
        course_id,
        list(names),
        win.date_from.isoformat(),
        win.date_to.isoformat(),
    )
    return _job_view(job)


def _enqueue(*args: object) -> None:
    from edu_platform import jobs

    jobs.enqueue(CALCULATE_JOB, *args)


def metric_job(*, session: Session, actor_id: int | None, job_id: int) -> MetricJob:
    """The job's progress, for whoever may see the course's analytics."""
    job = session.get(BulkJob, job_id)
    if job is None or job.kind != BulkJobKind.METRICS.value:
        raise NotFound("metrics job not found")
    require_course_analyst(session=session, actor_id=actor_id, course_id=job.subject_id or 0)
    return _job_view(job)


def run_calculation(
    *,
    session: Session,
    job_id: int,
    course_id: int,
    metrics: Sequence[str],
    date_from: date,
    date_to: date,
) -> int:
    """The job's body: store the values and finish the job row (idempotent upsert)."""
    job = session.get(BulkJob, job_id)
    if job is None or job.status == ImportStatus.DONE.value:
        return 0
    rows = store_course_metrics(
        session=session,
        course_id=course_id,
        date_from=date_from,
        date_to=date_to,
        metrics=metrics,
    )
    job.status, job.processed, job.finished_at = ImportStatus.DONE.value, job.total, utcnow()
    session.add(job)
    return rows


def nightly_course_ids(*, session: Session, since_days: int = DEFAULT_WINDOW_DAYS) -> list[int]:
    """Courses with events in the default window: the nightly job refreshes these."""
    since = utcnow() - timedelta(days=since_days)
    return list(
        session.scalars(select(LearningEvent.course_id).where(LearningEvent.ts >= since).distinct())
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
    weeks = max(1, min(int(weeks), 26))
    last = date_to or utcnow().date()
    points = []
    for back in range(weeks - 1, -1, -1):
        end = last - timedelta(days=7 * back)
        analytics = _course_analytics(session, course_id, Window(end - timedelta(days=6), end))
        points.append(
            TrendPoint(end - timedelta(days=6), {n: d.avg for n, d in analytics.metrics.items()})
        )
    return points


def activity_signature(*, session: Session, actor_id: int | None, course_id: int) -> tuple:
    """Changes whenever a learner of the course records an event or completes a lesson:
    the live dashboard recomputes only then."""
    require_course_analyst(session=session, actor_id=actor_id, course_id=course_id)
    last_event = session.scalar(
        select(func.max(LearningEvent.id)).where(LearningEvent.course_id == course_id)
    )
    completed = session.scalar(
        select(func.count(LessonProgress.id))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(Lesson.course_id == course_id, LessonProgress.completed_at.is_not(None))
    )
    return (last_event or 0, completed or 0)


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
        minutes_this_week=round(minutes, 1),
        streak_days=_streak(active_days, _epoch_day(today)),
        active_days_this_week=len([d for d in active_days if d >= week.first_day]),
        courses=courses,
    )


# --- retention of raw events -------------------------------------------------------------


def roll_up_and_purge(
    *, session: Session, retention_days: int, today: date | None = None
) -> tuple[int, int]:
    """Roll raw events older than `retention_days` up into learning_event_daily, then delete
    them, in one transaction; (rollup rows written, events deleted). Idempotent: a day is
    whole once it is past the cutoff, and a rerun finds no older events left."""
    if retention_days < 1:
        raise Invalid("retention must be at least one day", field="retention_days")
    today = today or utcnow().date()
    cutoff = datetime.combine(today - timedelta(days=retention_days), time.min, tzinfo=UTC)
    ordering = {
        "partition_by": (LearningEvent.course_id, LearningEvent.user_id),
        "order_by": LearningEvent.ts,
    }
    old = (
        select(
            LearningEvent.course_id.label("course_id"),
            LearningEvent.user_id.label("user_id"),
            LearningEvent.ts.label("ts"),
            func.lag(LearningEvent.ts).over(**ordering).label("prev_ts"),
            func.lag(LearningEvent.lesson_id).over(**ordering).label("prev_lesson"),
        )
        .where(LearningEvent.ts < cutoff)
        .subquery()
    )
    gap = _epoch_seconds(session, old.c.ts) - _epoch_seconds(session, old.c.prev_ts)
    counts = gap <= SESSION_GAP_SECONDS
    day = _epoch_day_sql(session, old.c.ts)
    rows = [
        {
            "course_id": course_id,
            "user_id": user_id,
            "day": _day_of(int(epoch_day)),
            "events": int(events),
            # SQLite's julianday() is exact to ~0.1 ms: keep hundredths of a second.
            "active_seconds": round(float(active), 2),
            "focus_seconds": round(float(focus), 2),
        }  # fmt: skip
        for course_id, user_id, epoch_day, events, active, focus in session.execute(
            select(
                old.c.course_id,
                old.c.user_id,
                day,
                func.count(),
                func.coalesce(func.sum(case((counts, gap), else_=literal(0.0))), 0.0),
                func.coalesce(
                    func.sum(
                        case(
                            (and_(counts, old.c.prev_lesson.is_not(None)), gap), else_=literal(0.0)
                        )
                    ),
                    0.0,
                ),
            ).group_by(old.c.course_id, old.c.user_id, day)
        )
    ]
    if rows:
        dialect = postgresql if _is_postgres(session) else sqlite
        statement = dialect.insert(LearningEventDaily.__table__).on_conflict_do_nothing(
            index_elements=["course_id", "user_id", "day"]
        )
        for start in range(0, len(rows), 1000):
            session.execute(statement, rows[start : start + 1000])
    deleted = session.execute(delete(LearningEvent).where(LearningEvent.ts < cutoff)).rowcount
    return len(rows), deleted or 0
