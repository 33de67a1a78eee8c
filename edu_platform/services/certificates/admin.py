"""Admin work on certificates: the searchable list, revoking."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from edu_platform.models import (
    Certificate,
    CertificateStatus,
    Course,
)
from edu_platform.services import paging, text_match
from edu_platform.services.accounts import require_admin
from edu_platform.services.certificates.records import (
    CertificateView,
    CourseCertificates,
    Page,
    _by_serial,
    _lock_row,
    mark_revoked,
    to_view,
)
from edu_platform.services.errors import Invalid

# --- admin ------------------------------------------------------------------------------

ADMIN_STATUSES = ("", *(status.value for status in CertificateStatus))


def admin_list(
    *,
    session: Session,
    actor_id: int | None,
    q: str = "",
    status: str = "",
    course_id: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Page:
    """Every certificate matching `q` (serial, holder or course title) for an admin."""
    require_admin(session=session, user_id=actor_id)
    if status not in ADMIN_STATUSES:
        raise Invalid(f"unknown status {status}", field="status")
    query = select(Certificate)
    text = str(q or "").strip()[:200]
    if text:
        query = query.where(
            or_(
                *(
                    text_match.contains(column, text)
                    for column in (
                        Certificate.serial,
                        Certificate.holder_name,
                        Certificate.course_title,
                    )
                )
            )
        )
    if status:
        query = query.where(Certificate.status == status)
    if course_id is not None:
        query = query.where(Certificate.course_id == course_id)
    query = query.order_by(Certificate.id.desc())
    return paging.fetch(session, query, page, per_page).map(to_view)


def reissue_candidates(*, session: Session, actor_id: int | None) -> list[CourseCertificates]:
    """Courses that have certificates, with how many a re-issue would render."""
    require_admin(session=session, user_id=actor_id)
    rows = session.execute(
        select(Course.id, Course.title, func.count(Certificate.id))
        .join(Certificate, Certificate.course_id == Course.id)
        .where(Certificate.status != CertificateStatus.REVOKED)
        .group_by(Course.id, Course.title)
        .order_by(Course.title)
    ).all()
    return [CourseCertificates(course_id, title, count) for course_id, title, count in rows]


def revoke(*, session: Session, actor_id: int | None, serial: str, reason: str) -> CertificateView:
    """Revoke a certificate (admin); verification shows it as revoked from now on.
    Revoking a revoked one again changes nothing."""
    require_admin(session=session, user_id=actor_id)
    reason = str(reason or "").strip()
    if not reason:
        raise Invalid(
            "a reason is required", field="reason", message_key="certificates.reason_required"
        )
    certificate = _by_serial(session, serial)
    _lock_row(session, Certificate, certificate.id)
    session.refresh(certificate)
    mark_revoked(certificate, reason)
    session.flush()
    return to_view(certificate)
