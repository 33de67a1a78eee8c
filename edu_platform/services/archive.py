"""The archive of finished courses: 30 days after completion a course leaves "My learning"
(/my) for /my/archive. Archived courses stay open for review; certificates are untouched,
so they stay valid and downloadable.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from edu_platform.audit import record
from edu_platform.models import AuditAction, Course, Enrollment, EnrollmentStatus, utcnow
from edu_platform.services.my_learning import MyCourse, my_course
from edu_platform.services.progress import ACCESS_STATUSES

ARCHIVE_AFTER = timedelta(days=30)


def archive_completed_enrollments(*, session: Session, now: datetime | None = None) -> int:
    """Archive enrolments completed more than 30 days ago; gives how many were archived.

    One UPDATE; rerunning it archives nothing twice (already archived rows keep their date).
    """
    now = now or utcnow()
    result = session.execute(
        update(Enrollment)
        .where(
            Enrollment.status == EnrollmentStatus.COMPLETED.value,
            Enrollment.completed_at < now - ARCHIVE_AFTER,
            Enrollment.archived_at.is_(None),
        )
        .values(archived_at=now)
        .execution_options(synchronize_session=False)
    )
    archived = result.rowcount or 0
    if archived:
        # A bulk UPDATE bypasses the per-row audit listener: one summary row instead.
        record(
            session,
            action=AuditAction.UPDATE,
            table_name=Enrollment.__tablename__,
            new={"archived_at": now, "rows": archived},
        )
    return archived


def archived_courses(*, session: Session, user_id: int) -> list[MyCourse]:
    """The caller's archived courses, most recently archived first (/my/archive)."""
    rows = session.execute(
        select(Enrollment, Course)
        .join(Course, Course.id == Enrollment.course_id)
        .where(
            Enrollment.user_id == user_id,
            Enrollment.archived_at.is_not(None),
            # A refund after archiving cancels the enrolment: no course to review then.
            Enrollment.status.in_(ACCESS_STATUSES),
        )
        .order_by(Enrollment.archived_at.desc(), Enrollment.id.desc())
    ).all()
    return [
        my_course(enrollment, course, enrollment.completed_at or enrollment.last_activity_at)
        for enrollment, course in rows
    ]
