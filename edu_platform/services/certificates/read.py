"""Reading certificates: public verification, the holder's list, the PDF download."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import (
    Certificate,
    CertificateStatus,
    Course,
    CourseKind,
    Enrollment,
    EnrollmentStatus,
    User,
)
from edu_platform.services import paging
from edu_platform.services.accounts import require_admin
from edu_platform.services.certificates.records import (
    CertificateView,
    Page,
    PdfFile,
    Verification,
    _by_serial,
    to_view,
)
from edu_platform.services.certificates.render import _absolute, _pdf_exists, render_certificate
from edu_platform.services.errors import Conflict, Forbidden

# --- read -------------------------------------------------------------------------------


def verify(*, session: Session, serial: str) -> Verification:
    """Public verification of a serial; NotFound for a malformed or unknown one."""
    certificate = _by_serial(session, serial)
    revoked = certificate.status == CertificateStatus.REVOKED
    return Verification(
        serial=certificate.serial,
        valid=certificate.status == CertificateStatus.READY,
        holder=certificate.holder_name,
        course=certificate.course_title,
        issued_at=None
        if certificate.status == CertificateStatus.PENDING
        else certificate.issued_at,
        revoked=revoked,
        status=certificate.status,
        revoked_at=certificate.revoked_at,
    )


def list_for_user(*, session: Session, user_id: int, page: int = 1, per_page: int = 20) -> Page:
    """The user's own certificates, newest first."""
    query = select(Certificate).where(Certificate.user_id == user_id)
    return paging.fetch(session, query.order_by(Certificate.id.desc()), page, per_page).map(to_view)


def my_certificates(*, session: Session, user_id: int) -> list[CertificateView]:
    """What /my/certificates shows: the user's certificates (issued by the completion job;
    this page only lists them), and first a "being prepared" entry (no serial, id 0) for
    each completed course whose job has not run yet (a busy queue can take a while)."""
    issued = list_for_user(session=session, user_id=user_id, per_page=100).items
    awaited = session.execute(
        select(Course.id, Course.title, User.full_name)
        .join(Enrollment, Enrollment.course_id == Course.id)
        .join(User, User.id == Enrollment.user_id)
        .where(
            Enrollment.user_id == user_id,
            Enrollment.status == EnrollmentStatus.COMPLETED.value,
            Course.kind != CourseKind.MATERIAL.value,  # materials give no certificate
            ~select(Certificate.id)
            .where(Certificate.user_id == user_id, Certificate.course_id == Course.id)
            .exists(),
        )
        .order_by(Enrollment.completed_at.desc(), Enrollment.id.desc())
    ).all()
    waiting = [
        CertificateView(
            serial="",
            course_id=course_id,
            course_title=title,
            holder_name=holder,
            issued_at=None,
            status=CertificateStatus.PENDING.value,
            pdf_url=None,
            id=0,
        )
        for course_id, title, holder in awaited
    ]
    return waiting + issued


def pdf_for_download(*, session: Session, serial: str, user_id: int | None) -> PdfFile:
    """The PDF of a ready certificate for its holder or an admin (rendered again if the
    file went missing); Forbidden for anyone else, Conflict while pending or once revoked."""
    certificate = _by_serial(session, serial)
    if user_id is None:
        raise Forbidden("sign in to download", message_key="error.unauthorized")
    if certificate.user_id != user_id:
        require_admin(session=session, user_id=user_id)
    if certificate.status == CertificateStatus.REVOKED:
        raise Conflict("this certificate was revoked", message_key="certificates.revoked_download")
    if certificate.status == CertificateStatus.PENDING:
        raise Conflict(
            "the certificate is being prepared", message_key="certificates.pending_download"
        )
    if not _pdf_exists(certificate):
        certificate = render_certificate(session=session, certificate_id=certificate.id)
    return PdfFile(_absolute(certificate.pdf_path), f"certificate-{certificate.serial}.pdf")
