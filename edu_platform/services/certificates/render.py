"""Rendering a certificate's PDF: atomically, idempotently, with the frozen holder and title."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import (
    Certificate,
    CertificateStatus,
    Course,
    User,
)
from edu_platform.services import events, notifications
from edu_platform.services.certificates.records import _lock_row, verify_page_url
from edu_platform.services.errors import NotFound
from edu_platform.settings import settings

# --- render -----------------------------------------------------------------------------


def pdf_dir() -> Path:
    return settings.data_dir / "certificates"


def _absolute(pdf_path: str) -> Path:
    return settings.data_dir / pdf_path


def write_pdf(data) -> str:
    """Render `data` (a CertificateData) atomically; its path relative to data_dir."""
    from edu_platform.pdf import certificate as pdf

    directory = pdf_dir()
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{data.serial}.pdf"
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{data.serial}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            pdf.render(data, file)
        Path(temporary).replace(final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return str(final.relative_to(settings.data_dir))


def _render_data(certificate: Certificate, teacher_name: str, issued_at: datetime):
    from edu_platform.pdf.certificate import CertificateData

    return CertificateData(
        serial=certificate.serial,
        holder_name=certificate.holder_name,
        course_title=certificate.course_title,
        teacher_name=teacher_name,
        issued_at=issued_at,
        verify_url=verify_page_url(certificate.serial),
    )


def _teacher_name(session: Session, course_id: int) -> str:
    return (
        session.scalar(
            select(User.full_name)
            .join(Course, Course.teacher_id == User.id)
            .where(Course.id == course_id)
        )
        or ""
    )


def _pdf_exists(certificate: Certificate) -> bool:
    return bool(certificate.pdf_path) and _absolute(certificate.pdf_path).is_file()


def render_certificate(
    *, session: Session, certificate_id: int, force: bool = False
) -> Certificate:
    """Render the certificate's PDF and mark it ready (dated as issued: the completion).

    A ready certificate whose file exists is left alone (unless `force`), a revoked one is
    never rendered; errors propagate so the job is retried.
    """
    _lock_row(session, Certificate, certificate_id)
    certificate = session.get(Certificate, certificate_id, populate_existing=True)
    if certificate is None:
        raise NotFound("certificate not found", message_key="certificates.not_found")
    if certificate.status == CertificateStatus.REVOKED:
        return certificate
    if certificate.status == CertificateStatus.READY and not force and _pdf_exists(certificate):
        return certificate
    newly_issued = certificate.status == CertificateStatus.PENDING
    issued_at = certificate.issued_at
    teacher = _teacher_name(session, certificate.course_id)
    certificate.pdf_path = write_pdf(_render_data(certificate, teacher, issued_at))
    certificate.issued_at = issued_at
    certificate.status = CertificateStatus.READY.value
    session.add(certificate)
    session.flush()
    if newly_issued:
        events.certificate_issued(session, certificate)
        notifications.certificate_ready(session, certificate)
    return certificate
