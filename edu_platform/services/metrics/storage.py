"""Stored values: the calculate job (its bulk_job row, the upsert into metric_value), the
nightly refresh's course list, and the retention of raw events (daily rollups)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, case, delete, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import (
    BulkJob,
    Enrollment,
    LearningEvent,
    LearningEventDaily,
    MetricValue,
)
from edu_platform.models.base import utcnow
from edu_platform.models.operations import BulkJobKind, ImportStatus
from edu_platform.services.errors import Invalid, NotFound
from edu_platform.services.metrics.core import (
    ACTIVITY_PEAK,
    DEFAULT_WINDOW_DAYS,
    SESSION_GAP_SECONDS,
    _day_of,
    _epoch_day_sql,
    _gap_seconds,
    _is_postgres,
    metric_names,
    require_course_analyst,
    window,
)
from edu_platform.services.metrics.course import (
    _course_figures,
)

# --- storing (the calculate job) ---------------------------------------------------------


def store_course_metrics(
    *, session: Session, course_id: int, date_from: date, date_to: date, metrics: Sequence[str]
) -> int:
    """Compute and upsert the course's per-learner and course values; how many rows."""
    names = metric_names(metrics)
    win = window(date_from, date_to)
    figures = _course_figures(session, course_id, win)
    per_learner, averages = figures.rounded(), figures.distributions()
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
            }
        )

    for user_id, values in per_learner.items():
        for name in names:
            add(name, "enrollment", enrollment_ids[user_id], values[name])
    for name in names:
        add(name, "course", course_id, averages[name].avg)
    add(ACTIVITY_PEAK, "course", course_id, figures.peak)
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
    gap = _gap_seconds(session, old.c.ts, old.c.prev_ts)
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
        }
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
