"""Display records of certificates and the row helpers every certificate module uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from edu_platform.models import (
    BulkJob,
    Certificate,
    CertificateStatus,
    utcnow,
)
from edu_platform.services import paging
from edu_platform.services.certificates.serials import normalise_serial
from edu_platform.services.errors import NotFound
from edu_platform.services.records import JobProgress, record_from
from edu_platform.settings import settings

PDF_QUEUE = "pdf"
REISSUE_BATCH = 200
MAX_REASON_LENGTH = 1000


# --- display records --------------------------------------------------------------------


def mark_revoked(certificate: Certificate, reason: str) -> None:
    """Revoke `certificate` (verification shows it as revoked from now on) with `reason`;
    one already revoked keeps its first reason and time."""
    if certificate.status == CertificateStatus.REVOKED:
        return
    certificate.status = CertificateStatus.REVOKED.value
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason[:MAX_REASON_LENGTH]


# The reason a refund revokes with ("order 135 refunded"): kept in English in the row and
# recognised, so that pages can say it in the reader's language and buying the course
# again and completing it lifts this revocation (an admin's revocation stays).
_REFUND_REASON = re.compile(r"order (\d+) refunded")


def refund_reason(order_id: int) -> str:
    return f"order {order_id} refunded"


def refunded_order(reason: str | None) -> int | None:
    """The order a revocation `reason` names as refunded, or None (an admin's reason)."""
    match = _REFUND_REASON.fullmatch(reason or "")
    return int(match.group(1)) if match else None


def refunded_order_id(certificate: Certificate) -> int | None:
    """The order whose refund revoked `certificate`, or None (not revoked, or revoked by
    an admin)."""
    if certificate.status != CertificateStatus.REVOKED:
        return None
    return refunded_order(certificate.revoked_reason)


def reinstate(certificate: Certificate) -> None:
    """Lift a revocation: the certificate is drawn again (pending) and verifies again."""
    certificate.status = CertificateStatus.PENDING.value
    certificate.revoked_at = None
    certificate.revoked_reason = None


def pdf_url(serial: str) -> str:
    return f"/api/v1/certificates/{serial}/pdf"


def verify_page_url(serial: str) -> str:
    return f"{settings.public_url.rstrip('/')}/verify/{serial}"


@dataclass
class CertificateFacts:
    """API.md's certificate shape: what its holder is shown of a certificate."""

    serial: str
    course_id: int
    course_title: str
    holder_name: str
    issued_at: datetime | None
    status: str
    pdf_url: str | None


@dataclass
class CertificateView(CertificateFacts):
    """API.md's certificate shape plus the id and the revocation, for admin actions."""

    id: int
    revoked_at: datetime | None = None
    revoked_reason: str | None = None


def to_view(certificate: Certificate) -> CertificateView:
    ready = certificate.status == CertificateStatus.READY
    return record_from(
        CertificateView,
        certificate,
        issued_at=None
        if certificate.status == CertificateStatus.PENDING
        else certificate.issued_at,
        pdf_url=pdf_url(certificate.serial) if ready else None,
    )


@dataclass
class VerificationFacts:
    """API.md's verification shape: `valid` only for a rendered, unrevoked certificate."""

    serial: str
    valid: bool
    holder: str
    course: str
    issued_at: datetime | None
    revoked: bool
    status: str


@dataclass
class Verification(VerificationFacts):
    """What the public verification page shows: the API's shape and when it was revoked."""

    revoked_at: datetime | None = None


Page = paging.Page  # the one list shape (services/paging.py)


@dataclass
class BulkJobView(JobProgress):
    subject_id: int | None
    error: str | None = None


def _bulk_view(job: BulkJob) -> BulkJobView:
    return record_from(BulkJobView, job)


# --- helpers ----------------------------------------------------------------------------


def _lock_row(session: Session, model: type, row_id: int) -> None:
    """Serialise writers of one row before reading it.

    PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks, and a transaction that read
    first and writes later fails at once ("database is locked") when another one wrote in
    between; writing first takes the database's write lock, so a concurrent caller waits
    (busy timeout) and then reads the committed row instead.
    """
    table = model.__table__
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(table).where(table.c.id == row_id).values(id=table.c.id))
    else:
        session.execute(select(table.c.id).where(table.c.id == row_id).with_for_update())


def _find(session: Session, user_id: int, course_id: int) -> Certificate | None:
    return session.scalar(
        select(Certificate).where(
            Certificate.user_id == user_id, Certificate.course_id == course_id
        )
    )


def _by_serial(session: Session, serial: str) -> Certificate:
    canonical = normalise_serial(serial)
    certificate = (
        session.scalar(select(Certificate).where(Certificate.serial == canonical))
        if canonical
        else None
    )
    if certificate is None:
        raise NotFound("no certificate with this serial", message_key="certificates.not_found")
    return certificate


@dataclass
class PdfFile:
    path: Path
    filename: str


@dataclass
class CourseCertificates:
    course_id: int
    title: str
    active: int  # certificates a re-issue would render (not revoked)
