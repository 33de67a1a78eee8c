"""The metrics calculate job through RQ and a real worker process (enqueued by name)."""

from __future__ import annotations

from sqlalchemy import func, select

from edu_platform import db, jobs
from edu_platform.models import BulkJob, MetricValue
from edu_platform.services import metrics
from tests.support.jobs import redis_at, run_burst
from tests.support.metrics_data import WINDOW, build_metrics_world


def test_calculate_job_runs_in_a_real_worker(committed_session, db_url, redis_url, monkeypatch):
    world = build_metrics_world(committed_session)
    committed_session.commit()
    with redis_at(monkeypatch, redis_url):
        job = db.run_sync(
            metrics.start_calculation,
            actor_id=world.teacher.id,
            course_id=world.course.id,
            metrics=["engagement", "retention"],
            date_from=WINDOW[0],
            date_to=WINDOW[1],
        )
        assert len(jobs.get_queue()) == 1  # enqueued after commit, by dotted name
        run_burst(db_url, redis_url)
    committed_session.expire_all()
    assert committed_session.get(BulkJob, job.id).status == "done"
    stored = committed_session.scalar(
        select(func.count(MetricValue.id)).where(MetricValue.scope == "enrollment")
    )
    assert stored == 3 * 2  # three learners, two metrics
