"""The archive of finished courses (services/archive.py, the daily job) on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session

from edu_platform import db
from edu_platform.jobs import maintenance, periodic
from edu_platform.models import AuditLog, Certificate, Course, Enrollment, utcnow
from edu_platform.services import account_area, archive, progress
from tests.support.learning import World, build_world

NOW = datetime(2030, 6, 1, 3, 0, tzinfo=UTC)


def _finish(session: Session, enrollment: Enrollment, completed_at: datetime | None) -> None:
    enrollment.status = "completed" if completed_at else "active"
    enrollment.completed_at = completed_at
    enrollment.progress_percent = 100 if completed_at else 50
    session.add(enrollment)
    session.flush()


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


def _courses(session: Session, world: World, count: int) -> list[Enrollment]:
    """`count` more enrolments of the learner, one per new course (slugs extra-0...)."""
    enrollments = []
    for index in range(count):
        course = Course(
            slug=f"extra-{index}",
            title=f"Extra {index}",
            teacher_id=world.admin.id,
            is_published=True,
        )
        session.add(course)
        session.flush()
        enrollment = Enrollment(user_id=world.learner.id, course_id=course.id)
        session.add(enrollment)
        session.flush()
        enrollments.append(enrollment)
    return enrollments


def _archived_at(session: Session, *enrollments: Enrollment) -> list[datetime | None]:
    session.expire_all()
    return [session.get(Enrollment, e.id).archived_at for e in enrollments]


def test_only_courses_completed_more_than_30_days_ago_are_archived(session, world):
    old, recent, active = world.enrollment, *_courses(session, world, 2)
    _finish(session, old, NOW - timedelta(days=30, minutes=1))
    _finish(session, recent, NOW - timedelta(days=29, hours=23))
    _finish(session, active, None)

    assert archive.archive_completed_enrollments(session=session, now=NOW) == 1
    assert _archived_at(session, old, recent, active) == [NOW, None, None]


def test_a_second_run_archives_nothing_and_keeps_the_first_date(session, world):
    _finish(session, world.enrollment, NOW - timedelta(days=45))
    archive.archive_completed_enrollments(session=session, now=NOW)
    again = archive.archive_completed_enrollments(session=session, now=NOW + timedelta(days=1))
    assert again == 0
    assert _archived_at(session, world.enrollment) == [NOW]


def test_archiving_leaves_one_summary_audit_row(session, world):
    _finish(session, world.enrollment, NOW - timedelta(days=45))
    archive.archive_completed_enrollments(session=session, now=NOW)
    audit = session.scalars(
        select(AuditLog).where(AuditLog.table_name == "enrollment", AuditLog.row_id.is_(None))
    ).all()
    assert [(row.action, row.new["rows"]) for row in audit] == [("update", 1)]


def test_archived_course_leaves_my_learning_for_the_archive_and_stays_open(session, world):
    kept = _courses(session, world, 1)[0]
    _finish(session, world.enrollment, NOW - timedelta(days=31))
    archive.archive_completed_enrollments(session=session, now=NOW)

    mine = account_area.my_courses(session=session, user_id=world.learner.id)
    archived = archive.archived_courses(session=session, user_id=world.learner.id)
    assert [c.enrollment_id for c in mine] == [kept.id]
    assert [(c.title, c.completed, c.continue_url) for c in archived] == [
        ("Progress course", True, "/learn/progress-course")
    ]
    lesson = progress.get_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.lessons["Exercise"].id
    )
    assert lesson.title == "Exercise"  # archived courses can still be reviewed


def test_certificates_are_untouched_by_archiving(session, world):
    _finish(session, world.enrollment, NOW - timedelta(days=31))
    certificate = Certificate(
        serial="ARCH-0001",
        user_id=world.learner.id,
        course_id=world.course.id,
        enrollment_id=world.enrollment.id,
        status="ready",
        pdf_path="certificates/ARCH-0001.pdf",
        holder_name="Learner",
        course_title="Progress course",
    )
    session.add(certificate)
    session.flush()
    archive.archive_completed_enrollments(session=session, now=NOW)
    session.expire_all()
    stored = session.get(Certificate, certificate.id)
    assert (stored.status, stored.revoked_at, stored.pdf_path) == (
        "ready",
        None,
        "certificates/ARCH-0001.pdf",
    )
    board = account_area.dashboard(session=session, user_id=world.learner.id)
    assert [c.serial for c in board.certificates] == ["ARCH-0001"]


def test_other_learners_archives_are_not_listed(session, world):
    _finish(session, world.enrollment, NOW - timedelta(days=31))
    archive.archive_completed_enrollments(session=session, now=NOW)
    assert archive.archived_courses(session=session, user_id=world.outsider.id) == []


def test_the_daily_job_archives_in_its_own_transaction(committed_session):
    world = build_world(committed_session)
    _finish(committed_session, world.enrollment, utcnow() - timedelta(days=40))
    committed_session.commit()

    assert maintenance.archive_completed_enrollments() == 1
    assert maintenance.archive_completed_enrollments() == 0
    archived_at = db.run_sync(
        lambda *, session: session.get(Enrollment, world.enrollment.id).archived_at
    )
    assert archived_at is not None and utcnow() - archived_at < timedelta(minutes=1)


def test_the_archive_job_is_scheduled_daily():
    assert (timedelta(days=1), maintenance.archive_completed_enrollments) in (
        periodic.PERIODIC_JOBS
    )
