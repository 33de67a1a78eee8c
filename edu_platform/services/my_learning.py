"""What the learner's own pages list: courses in progress and completed (with the
certificate of each), and certificates. Every function reads only the caller's rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import routes
from edu_platform.i18n import date_labels
from edu_platform.models import (
    Certificate,
    CertificateStatus,
    Course,
    Enrollment,
    EnrollmentStatus,
)
from edu_platform.services import media


@dataclass
class MyCourse:
    enrollment_id: int
    course_id: int
    slug: str
    title: str
    banner_url: str
    progress_percent: int
    completed: bool
    last_activity: dict[str, str]  # per UI language
    continue_url: str
    # The completion's date per UI language, for completed courses.
    completed_on: dict[str, str] = field(default_factory=lambda: date_labels(None))
    certificate_url: str = ""  # its verification page, once the certificate is issued
    points: int = 0  # earned by attending the course's live sessions


def my_course(enrollment: Enrollment, course: Course, when: datetime | None, **extra) -> MyCourse:
    """The card of one of the learner's courses; `when` is the date it shows (the last
    activity, or the completion for an archived course), `extra` the optional fields."""
    return MyCourse(
        enrollment_id=enrollment.id,
        course_id=course.id,
        slug=course.slug,
        title=course.title,
        banner_url=media.public_url(course.banner) if course.banner else "",
        progress_percent=enrollment.progress_percent,
        completed=enrollment.status == EnrollmentStatus.COMPLETED,
        last_activity=date_labels(when),
        continue_url=routes.learn_url(course.slug),
        points=enrollment.points,
        **extra,
    )


@dataclass
class MyCertificate:
    serial: str
    course_title: str
    issued_on: dict[str, str]  # per UI language
    status: str
    verify_url: str


def my_courses(*, session: Session, user_id: int) -> list[MyCourse]:
    """The caller's active and completed, not archived enrolments, latest activity first,
    each completed one with its certificate's verification page (once issued)."""
    rows = session.execute(
        select(Enrollment, Course)
        .join(Course, Course.id == Enrollment.course_id)
        .where(
            Enrollment.user_id == user_id,
            Enrollment.status.in_(
                (EnrollmentStatus.ACTIVE.value, EnrollmentStatus.COMPLETED.value)
            ),
            Enrollment.archived_at.is_(None),
        )
        .order_by(
            func.coalesce(Enrollment.last_activity_at, Enrollment.enrolled_at).desc(),
            Enrollment.id.desc(),
        )
    ).all()
    serials = dict(
        session.execute(
            select(Certificate.course_id, Certificate.serial).where(
                Certificate.user_id == user_id, Certificate.status != CertificateStatus.REVOKED
            )
        ).all()
    )
    return [
        my_course(
            enrollment,
            course,
            enrollment.last_activity_at or enrollment.enrolled_at,
            completed_on=date_labels(enrollment.completed_at),
            certificate_url=routes.verify_url(serials[course.id]) if course.id in serials else "",
        )
        for enrollment, course in rows
    ]


def my_certificates(*, session: Session, user_id: int) -> list[MyCertificate]:
    rows = session.scalars(
        select(Certificate)
        .where(Certificate.user_id == user_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    ).all()
    return [
        MyCertificate(
            serial=row.serial,
            course_title=row.course_title,
            issued_on=date_labels(row.issued_at),
            status=row.status,
            verify_url=routes.verify_url(row.serial),
        )
        for row in rows
    ]
