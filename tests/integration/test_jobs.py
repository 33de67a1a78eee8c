"""jobs.enqueue(): in-process pool without Redis, RQ with a real worker process with it."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlmodel import Session

from edu_platform import jobs
from edu_platform.jobs import maintenance
from edu_platform.models import Course, Enrollment, Review, User
from tests.support.jobs import redis_at, run_burst


def _course_with_stale_counters(session: Session) -> int:
    teacher = User(email="teacher@jobs.test", full_name="T", role="teacher")
    learners = [User(email=f"l{i}@jobs.test", full_name=f"L{i}") for i in range(3)]
    session.add_all([teacher, *learners])
    session.flush()
    course = Course(slug="jobs-course", title="Jobs", teacher_id=teacher.id, is_published=True)
    session.add(course)
    session.flush()
    for learner, rating in zip(learners, (5, 4, 2), strict=True):
        session.add(Enrollment(user_id=learner.id, course_id=course.id))
        session.add(Review(user_id=learner.id, course_id=course.id, rating=rating))
    session.commit()
    assert course.rating_count == 0 and course.enrollment_count == 0  # stale on purpose
    return course.id


def _assert_counters(session: Session, course_id: int) -> None:
    session.expire_all()
    course = session.get(Course, course_id)
    assert course.rating_count == 3
    assert Decimal(course.rating_avg) == Decimal("3.67")
    assert course.enrollment_count == 3


@pytest.fixture
def inline_jobs(monkeypatch):
    monkeypatch.setattr(jobs, "_inline_retry_intervals", (0.01, 0.01, 0.01))
    with redis_at(monkeypatch, ""):
        yield


def test_inline_job_runs_in_process_and_writes_the_database(committed_session, inline_jobs):
    course_id = _course_with_stale_counters(committed_session)
    job = jobs.enqueue(maintenance.recalculate_course_aggregates, course_id)
    job.future.result(timeout=30)
    _assert_counters(committed_session, course_id)
    assert jobs.queue_status() == "inline"


def test_inline_job_retries_then_raises(inline_jobs):
    calls = []

    def always_fails(value):
        calls.append(value)
        raise RuntimeError("boom")

    job = jobs.enqueue(always_fails, 7)
    with pytest.raises(RuntimeError, match="boom"):
        job.future.result(timeout=30)
    assert calls == [7, 7, 7, 7]  # first try + 3 retries, like RQ's Retry(max=3)


@pytest.mark.redis
def test_rq_job_runs_in_a_real_worker_process(committed_session, db_url, redis_url, monkeypatch):
    course_id = _course_with_stale_counters(committed_session)
    with redis_at(monkeypatch, redis_url):
        job = jobs.enqueue(maintenance.recalculate_course_aggregates, course_id)
        assert job.future is None and job.id
        assert jobs.queue_status() == "ok"
        run_burst(db_url, redis_url)
        assert jobs.get_queue().fetch_job(job.id).get_status() == "finished"
    _assert_counters(committed_session, course_id)


def test_webhook_deliveries_have_threads_of_their_own(inline_jobs):
    """Both of the shared pool's threads busy (an import, a certificate): a webhook
    delivery still runs at once, on the webhook pool."""
    release = threading.Event()
    busy = [jobs.enqueue(release.wait, 30) for _ in range(2)]
    try:
        hook = jobs.enqueue(threading.current_thread, queue=jobs.WEBHOOK_QUEUE)
        assert hook.future.result(timeout=10).name.startswith("edu-hook")
        waiting = jobs.enqueue(threading.current_thread)
        assert not waiting.future.done()  # the shared threads are all taken
    finally:
        release.set()
    assert waiting.future.result(timeout=10).name.startswith("edu-job")
    assert all(job.future.result(timeout=10) for job in busy)


def test_the_backlog_counts_the_jobs_waiting_for_a_thread(inline_jobs):
    release, running = threading.Event(), threading.Semaphore(0)

    def hold(seconds: float) -> bool:
        running.release()  # this job has a thread now
        return release.wait(seconds)

    hooks = [jobs.enqueue(hold, 30, queue=jobs.WEBHOOK_QUEUE) for _ in range(4)]
    try:
        assert running.acquire(timeout=10) and running.acquire(timeout=10)
        assert jobs.backlog(jobs.WEBHOOK_QUEUE) == 2  # two threads busy, two waiting
        assert jobs.backlog(jobs.DEFAULT_QUEUE) == 0
    finally:
        release.set()
    assert all(job.future.result(timeout=10) for job in hooks)
    assert jobs.backlog(jobs.WEBHOOK_QUEUE) == 0


@pytest.mark.redis
def test_the_backlog_of_rq_is_its_queue_length(redis_url, monkeypatch):
    with redis_at(monkeypatch, redis_url):
        jobs.get_queue(jobs.WEBHOOK_QUEUE).empty()
        jobs.enqueue(maintenance.recalculate_course_aggregates, 1, queue=jobs.WEBHOOK_QUEUE)
        assert jobs.backlog(jobs.WEBHOOK_QUEUE) == 1
        jobs.get_queue(jobs.WEBHOOK_QUEUE).empty()
        assert jobs.backlog(jobs.WEBHOOK_QUEUE) == 0
