"""Windows, permissions, SQL building blocks and the one pass over a course's events
that every metric is computed from (see the package docstring for the definitions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, Integer, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from edu_platform.models import (
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    User,
)
from edu_platform.models.accounts import Role
from edu_platform.models.base import utcnow
from edu_platform.models.learning import EnrollmentStatus
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

    @property
    def last_lived_day(self) -> int:
        """The window's last day that has begun: a window reaching past today counts no
        day (engagement) or week (retention) that has not started yet."""
        return min(self.last_day, _epoch_day(utcnow().date()))


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


def _gap_seconds(session: Session, later, earlier) -> ColumnElement:
    """Seconds from `earlier` to `later`, exact enough that a gap of exactly
    SESSION_GAP_SECONDS compares equal to it.

    PostgreSQL subtracts the timestamps (an exact interval in microseconds). SQLite's date
    functions work in whole milliseconds, but julianday() hands them out as a fraction of a
    day, off by up to ~40 µs: a 5-minute gap came out as 300.00002 or 299.99998 depending on
    the time of day, and was dropped or kept at random. Rounding to the millisecond gives
    the exact value back."""
    if _is_postgres(session):
        return func.date_part("epoch", later - earlier)
    return func.round((func.julianday(later) - func.julianday(earlier)) * SECONDS_PER_DAY, 3)


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
    gap = _gap_seconds(session, events.c.ts, events.c.prev_ts)
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


def half_up(value: float, digits: int) -> float:
    """`value` rounded to `digits` decimals the way people round (0.25 -> 0.3, 0.0625 ->
    0.063), not Python's round-half-to-even on a binary float (0.25 -> 0.2, 0.35 -> 0.3).
    The float is first cut to 9 decimals, so that a sum's binary noise (0.24999999999999997
    for 15 s / 60) does not decide a tie."""
    exact = Decimal(repr(round(value, 9)))
    return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def rounded(name: str, value: float) -> float:
    """A metric's value as it is shown: minutes to 0.1, ratios to 3 decimals."""
    return half_up(value, 1 if name == "time_on_task" else 3)


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 0.0


def _ratio(part: float, whole: float) -> float:
    return half_up(_share(part, whole), 3)


def _events_per_active_day(learner: _Learner) -> float:
    return learner.events / len(learner.days) if learner.days else 0.0


def _weeks(learner: _Learner, win: Window) -> range:
    """The learner's weeks (7-day blocks from enrolment) that overlap their window and
    have started."""
    first = (learner.first_day - learner.enrolled_day) // 7
    last = (win.last_lived_day - learner.enrolled_day) // 7
    return range(first, last + 1)


def _active_weeks(learner: _Learner) -> set[int]:
    return {(day - learner.enrolled_day) // 7 for day in learner.days}


def _exact_figures(
    learner: _Learner, win: Window, lessons_total: int, peak: float
) -> dict[str, float]:
    """The six metrics of one learner, unrounded (a course's averages and percentiles are
    taken over these, then rounded once)."""
    days_in_window = win.last_lived_day - learner.first_day + 1
    return {
        "time_on_task": learner.seconds / 60,
        "engagement": _share(len(learner.days), days_in_window),
        "completion": _share(min(learner.lessons_done, lessons_total), lessons_total),
        "activity_index": _share(_events_per_active_day(learner), peak),
        "focus_ratio": _share(learner.focus_seconds, learner.seconds),
        "retention": _share(len(_active_weeks(learner)), len(_weeks(learner, win))),
    }


def _figures(learner: _Learner, win: Window, lessons_total: int, peak: float) -> dict[str, float]:
    exact = _exact_figures(learner, win, lessons_total, peak)
    return {name: rounded(name, value) for name, value in exact.items()}


def _in_window(learner: _Learner, win: Window) -> bool:
    return learner.first_day <= win.last_day
