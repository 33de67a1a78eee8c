"""Imports run by real RQ worker processes on PostgreSQL: an enqueued import runs to done,
and a worker killed mid-job leaves a job that a second run finishes with exactly the
file's rows (no duplicates, no lost rows, errors not doubled)."""

from __future__ import annotations

import contextlib
import os
import signal
import time

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlmodel import Session

from edu_platform import db, jobs
from edu_platform.jobs.imports import run_import
from edu_platform.models import Course, Enrollment, ImportJobError, User
from edu_platform.services import imports
from edu_platform.settings import settings
from tests.support.jobs import redis_at, run_burst, start_worker

ROWS = 20_000
BAD_EVERY = 1000  # one bad email per 1,000 rows: 20 errors


# PostgreSQL only: the production shape of workers (the `backend` fixture, narrowed).
pytestmark = pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def rq(redis_url, monkeypatch, tmp_path):
    """Enqueue to RQ on the test Redis; uploads under a data dir the worker shares."""
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    with redis_at(monkeypatch, redis_url):
        yield redis_url


def _admin(session: Session) -> int:
    admin = User(email="admin@worker.example.com", full_name="Admin", role="admin")
    session.add(admin)
    session.commit()
    return admin.id


def _upload(admin_id: int, kind: str, body: str) -> int:
    view = db.run_sync(
        imports.create_import,
        actor_id=admin_id,
        kind=kind,
        filename=f"{kind}.csv",
        data=body.encode(),
    )
    return view.id


def _job_row(engine, job_id: int) -> tuple[str, int, int]:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT status, processed, failed FROM import_job WHERE id = :id"), {"id": job_id}
        ).one()


def test_a_real_worker_runs_an_enqueued_import(committed_session, db_url, rq):
    admin_id = _admin(committed_session)
    teacher = User(email="t@worker.example.com", full_name="T", role="teacher")
    committed_session.add(teacher)
    committed_session.flush()
    committed_session.add(Course(slug="rq-course", title="RQ", teacher_id=teacher.id))
    committed_session.add_all(
        [User(email=f"rq-{number}@worker.example.com", full_name="L") for number in range(5)]
    )
    committed_session.commit()
    body = "email,course_slug,enrolled_at\n" + "".join(
        f"rq-{number}@worker.example.com,rq-course,2025-03-0{number + 1}\n" for number in range(5)
    )
    job_id = _upload(admin_id, "enrollments", body + "nobody@worker.example.com,rq-course,\n")
    assert len(jobs.get_queue()) == 1
    run_burst(db_url, rq, timeout=300, DATA_DIR=str(settings.data_dir))
    committed_session.expire_all()
    assert tuple(_job_row(db.get_engine(), job_id)) == ("done", 6, 1)
    course = committed_session.scalar(select(Course).where(Course.slug == "rq-course"))
    assert course.enrollment_count == 5
    assert committed_session.scalar(select(func.count()).select_from(Enrollment)) == 5


def test_a_worker_killed_mid_job_then_run_again_ends_with_exactly_the_files_rows(
    committed_session, db_url, rq
):
    admin_id = _admin(committed_session)
    lines = [
        f"bulk-{number:05d}@worker.example.com,Learner {number},student"
        if number % BAD_EVERY
        else f"bad-email-{number},Learner {number},student"
        for number in range(ROWS)
    ]
    job_id = _upload(admin_id, "users", "email,full_name,role\n" + "\n".join(lines) + "\n")
    engine = create_engine(db_url)
    worker = start_worker(db_url, rq, DATA_DIR=str(settings.data_dir))
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            _status, processed, _failed = _job_row(engine, job_id)
            if processed >= 2 * imports.BATCH_SIZE:  # the first batches are committed
                break
            time.sleep(0.005)
        os.killpg(worker.pid, signal.SIGKILL)  # no chance to mark anything: a real crash
        worker.wait(timeout=30)
        status, processed, failed = _job_row(engine, job_id)
        assert (status, failed) == ("running", processed // BAD_EVERY)
        assert 0 < processed < ROWS, "the worker finished before it could be killed"
        with engine.connect() as connection:
            partial = connection.execute(
                text("SELECT count(*) FROM \"user\" WHERE email LIKE 'bulk-%'")
            ).scalar()
        assert partial == processed - failed
        jobs.enqueue(run_import, job_id)
        run_burst(db_url, rq, timeout=300, DATA_DIR=str(settings.data_dir))
        assert tuple(_job_row(engine, job_id)) == ("done", ROWS, ROWS // BAD_EVERY)
        with Session(engine) as session:
            imported = session.scalar(
                select(func.count()).select_from(User).where(User.email.like("bulk-%"))
            )
            distinct = session.scalar(
                select(func.count(func.distinct(User.email))).where(User.email.like("bulk-%"))
            )
            errors = session.scalar(
                select(func.count())
                .select_from(ImportJobError)
                .where(ImportJobError.job_id == job_id)
            )
        assert imported == distinct == ROWS - ROWS // BAD_EVERY
        assert errors == ROWS // BAD_EVERY
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        if worker.poll() is None:
            worker.wait(timeout=30)
        engine.dispose()
