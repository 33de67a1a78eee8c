"""Learning-metric jobs: recalculate one course's stored values; the nightly refresh."""

from __future__ import annotations

from datetime import date

from edu_platform import db, jobs
from edu_platform.services import metrics
from edu_platform.settings import settings


def calculate_metrics_job(
    job_id: int, course_id: int, names: list[str], date_from: str, date_to: str
) -> int:
    """Store the course's metric values for the window; how many values were written."""
    return db.run_sync(
        metrics.run_calculation,
        job_id=job_id,
        course_id=course_id,
        metrics=names,
        date_from=date.fromisoformat(date_from),
        date_to=date.fromisoformat(date_to),
    )


def refresh_course_metrics(course_id: int) -> int:
    """Nightly, per course: the default window's values, without a job row."""
    win = metrics.window(None, None)
    return db.run_sync(
        metrics.store_course_metrics,
        course_id=course_id,
        date_from=win.date_from,
        date_to=win.date_to,
        metrics=metrics.METRICS,
    )


def refresh_all_metrics() -> int:
    """Periodic: fan out one refresh per course that had events in the last 30 days."""
    course_ids = db.run_sync(metrics.nightly_course_ids)
    for course_id in course_ids:
        jobs.enqueue(refresh_course_metrics, course_id)
    return len(course_ids)


def purge_old_events() -> tuple[int, int]:
    """Daily: roll raw events past EVENT_RETENTION_DAYS up per day, then delete them."""
    return db.run_sync(metrics.roll_up_and_purge, retention_days=settings.event_retention_days)
