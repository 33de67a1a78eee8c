"""Issuing certificates: one per completed enrolment, dated the day the course was completed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import (
    Certificate,
    CertificateStatus,
    Course,
    CourseKind,
    Enrollment,
    EnrollmentStatus,
    User,
    utcnow,
)
from edu_platform.services.certificates.records import (
    PDF_QUEUE,
    _find,
    _lock_row,
    refunded_order_id,
    reinstate,
)
from edu_platform.services.certificates.render import render_certificate
from edu_platform.services.certificates.serials import new_serial
from edu_platform.services.errors import Conflict, NotFound

RENDER_JOB = "edu_platform.jobs.certificates.render_certificate_job"
# What the completion of a course enqueues (services/progress.py), by name.
ISSUE_JOB = "edu_platform.jobs.certificates.issue_certificate_job"


def _enqueue_render(certificate_id: int) -> None:
    from edu_platform import jobs

    jobs.enqueue(RENDER_JOB, certificate_id, queue=PDF_QUEUE)


# --- issue ------------------------------------------------------------------------------


def request_certificate(*, session: Session, enrollment_id: int) -> Certificate:
    """The certificate of a completed enrolment, created once (pending) and rendered by a
    job after commit. Idempotent: double clicks and concurrent calls give one row."""
    certificate = _get_or_create(session, enrollment_id)
    if certificate.status == CertificateStatus.PENDING:
        db.call_after_commit(session, _enqueue_render, certificate.id)
    return certificate


def issue_certificate(*, session: Session, enrollment_id: int, render: bool = True) -> Certificate:
    """The certificate of a completed enrolment, dated the day the course was completed:
    created once (unique per learner and course, so per enrolment) and rendered now.

    What the completion job runs; running it again returns the same certificate. One a
    refund revoked is reinstated when the course is bought and completed again. With
    `render=False` (the demo seed) it is marked ready at once and its PDF is drawn on the
    first download, with the same date.
    """
    certificate = _get_or_create(session, enrollment_id)
    if refunded_order_id(certificate) is not None:
        # Bought again after a refund and completed again: the refund's revocation is
        # lifted (an admin's stays), same serial, drawn again.
        reinstate(certificate)
        certificate.enrollment_id = enrollment_id
        session.add(certificate)
        session.flush()
    if certificate.status != CertificateStatus.PENDING:
        return certificate
    if render:
        return render_certificate(session=session, certificate_id=certificate.id)
    certificate.status = CertificateStatus.READY.value
    session.add(certificate)
    session.flush()
    return certificate


def _get_or_create(session: Session, enrollment_id: int) -> Certificate:
    _lock_row(session, Enrollment, enrollment_id)
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None:
        raise NotFound("enrolment not found", message_key="certificates.not_found")
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise Conflict("the course is not completed yet", message_key="certificates.not_completed")
    if session.scalar(select(Course.kind).where(Course.id == enrollment.course_id)) == "material":
        raise Conflict(
            "a material has no certificate", message_key="materials.error.no_certificate"
        )
    certificate = _find(session, enrollment.user_id, enrollment.course_id)
    attempts = 3
    while certificate is None and attempts:
        attempts -= 1
        user = session.get(User, enrollment.user_id)
        course = session.get(Course, enrollment.course_id)
        candidate = Certificate(
            serial=new_serial(),
            user_id=enrollment.user_id,
            course_id=enrollment.course_id,
            enrollment_id=enrollment.id,
            status=CertificateStatus.PENDING.value,
            holder_name=(user.full_name.strip() or user.email)[:200],
            course_title=course.title[:300],
            issued_at=enrollment.completed_at or utcnow(),
        )
        certificate = (
            candidate
            if db.inserted(session, candidate)
            # Issued by a concurrent call (unique user+course), or a serial collision.
            else _find(session, enrollment.user_id, enrollment.course_id)
        )
    if certificate is None:
        raise Conflict("could not allocate a certificate serial")
    return certificate


def issue_missing(*, session: Session, user_id: int) -> int:
    """Request the certificates of the user's completed enrolments that have none yet
    (courses completed before certificates existed, an enqueue lost in a crash)."""
    missing = session.scalars(
        select(Enrollment.id)
        .outerjoin(
            Certificate,
            (Certificate.user_id == Enrollment.user_id)
            & (Certificate.course_id == Enrollment.course_id),
        )
        .join(Course, Course.id == Enrollment.course_id)
        .where(
            Enrollment.user_id == user_id,
            Enrollment.status == EnrollmentStatus.COMPLETED,
            Certificate.id.is_(None),
            Course.kind != CourseKind.MATERIAL,
        )
    ).all()
    for enrollment_id in missing:
        request_certificate(session=session, enrollment_id=enrollment_id)
    return len(missing)


def unissued_completion_ids(
    *, session: Session, older_than: timedelta, limit: int = 1000
) -> list[int]:
    """Completed enrolments still without a certificate `older_than` after completing
    (their issue job was lost or failed); /my/certificates shows them as being prepared."""
    return list(
        session.scalars(
            select(Enrollment.id)
            .join(Course, Course.id == Enrollment.course_id)
            .where(
                Enrollment.status == EnrollmentStatus.COMPLETED,
                Enrollment.completed_at < utcnow() - older_than,
                Course.kind != CourseKind.MATERIAL,
                ~select(Certificate.id)
                .where(
                    Certificate.user_id == Enrollment.user_id,
                    Certificate.course_id == Enrollment.course_id,
                )
                .exists(),
            )
            .order_by(Enrollment.completed_at)
            .limit(limit)
        )
    )


def stale_pending_ids(*, session: Session, older_than: timedelta) -> list[int]:
    """Certificates still pending `older_than` after their date (job lost). The date is the
    completion's, so one issued late for an old completion may be picked at once: the
    render is idempotent, a second one changes nothing."""
    return list(
        session.scalars(
            select(Certificate.id).where(
                Certificate.status == CertificateStatus.PENDING,
                Certificate.issued_at < utcnow() - older_than,
            )
        )
    )
