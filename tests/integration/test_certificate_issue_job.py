"""The certificate is issued when the course is completed: the completion enqueues the job
by name after commit, the job issues exactly one certificate dated the completion, and a
rerun changes nothing. Run with a recorded enqueue and with a real RQ worker process."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform import db, jobs
from edu_platform.jobs import certificates as certificate_jobs
from edu_platform.models import Certificate
from edu_platform.services import certificates, completion, progress
from tests.support.factories import make_course, make_enrollment, make_lesson, make_user
from tests.support.jobs import redis_at, run_burst

COMPLETED_AT = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)


def _one_lesson_course(session: Session) -> tuple[int, int, int]:
    """A learner enrolled in a one-lesson course: (user id, lesson id, enrolment id)."""
    learner = make_user(session, name="Ольга Петрова")
    course = make_course(session, price="0.00", title="Статистика для всех")
    lesson = make_lesson(session, course, title="Урок")
    enrollment = make_enrollment(session, user_id=learner.id, course_id=course.id, commit=True)
    return learner.id, lesson.id, enrollment.id


def _certificates(session: Session, user_id: int) -> list[Certificate]:
    session.commit()  # a new snapshot (SQLite)
    session.expire_all()
    return list(session.scalars(select(Certificate).where(Certificate.user_id == user_id)))


def test_completion_enqueues_the_job_and_the_job_issues_one_certificate_dated_then(
    committed_session, data_dir, enqueued
):
    user_id, lesson_id, enrollment_id = _one_lesson_course(committed_session)

    done = db.run_sync(
        progress.complete_lesson, user_id=user_id, lesson_id=lesson_id, at=COMPLETED_AT
    )

    assert done.completed
    assert enqueued == [(certificate_jobs.issue_certificate_job, (enrollment_id,), "pdf")]
    assert _certificates(committed_session, user_id) == []  # the job issues it, not the page
    assert certificate_jobs.issue_certificate_job(enrollment_id) == "ready"
    [certificate] = _certificates(committed_session, user_id)
    assert certificate.issued_at == COMPLETED_AT
    assert certificate.enrollment_id == enrollment_id
    assert (data_dir / certificate.pdf_path).read_bytes().startswith(b"%PDF")

    assert certificate_jobs.issue_certificate_job(enrollment_id) == "ready"  # rerun
    [again] = _certificates(committed_session, user_id)
    assert (again.id, again.serial, again.issued_at) == (
        certificate.id,
        certificate.serial,
        COMPLETED_AT,
    )
    views = db.run_sync(certificates.my_certificates, user_id=user_id)
    assert [(view.serial, view.issued_at, view.status) for view in views] == [
        (certificate.serial, COMPLETED_AT, "ready")
    ]


def test_a_rolled_back_completion_enqueues_nothing(committed_session, enqueued):
    user_id, lesson_id, _enrollment_id = _one_lesson_course(committed_session)
    with Session(db.get_engine(), expire_on_commit=False) as work:
        assert progress.complete_lesson(session=work, user_id=user_id, lesson_id=lesson_id)
        work.rollback()
    assert enqueued == []


def test_completing_a_completed_course_again_schedules_no_second_job(committed_session, enqueued):
    user_id, lesson_id, _enrollment_id = _one_lesson_course(committed_session)
    db.run_sync(progress.complete_lesson, user_id=user_id, lesson_id=lesson_id)
    db.run_sync(progress.complete_lesson, user_id=user_id, lesson_id=lesson_id)
    assert len(enqueued) == 1


@pytest.mark.redis
def test_a_real_rq_worker_issues_the_certificate_once(
    committed_session, db_url, redis_url, tmp_path, monkeypatch
):
    user_id, lesson_id, enrollment_id = _one_lesson_course(committed_session)

    def run_worker() -> None:
        run_burst(db_url, redis_url, DATA_DIR=str(tmp_path))

    with redis_at(monkeypatch, redis_url):
        db.run_sync(progress.complete_lesson, user_id=user_id, lesson_id=lesson_id, at=COMPLETED_AT)
        assert jobs.get_queue(completion.CERTIFICATE_QUEUE).count == 1
        run_worker()
        # The same job enqueued again (a retry, a duplicate) issues nothing new.
        jobs.enqueue(completion.CERTIFICATE_JOB, enrollment_id, queue=completion.CERTIFICATE_QUEUE)
        run_worker()
    rows = _certificates(committed_session, user_id)
    assert [(row.status, row.issued_at, row.enrollment_id) for row in rows] == [
        ("ready", COMPLETED_AT, enrollment_id)
    ]
    assert (tmp_path / rows[0].pdf_path).is_file()
    total = committed_session.scalar(select(func.count()).select_from(Certificate))
    assert total == 1
