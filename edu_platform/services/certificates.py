"""Certificates: issued once per completed enrolment, rendered to PDF by a job, verified by
anyone who has the serial, downloaded by the holder or an admin, revoked and re-issued
(in bulk, per course) by admins.

Rendering is idempotent: the PDF goes to data_dir/certificates/<serial>.pdf through a
temporary file and os.replace, so a rerun (RQ retry, a duplicate job) overwrites the same
file atomically and a reader never sees half a PDF. A course's re-issue runs as a few
jobs over batches (`REISSUE_BATCH` certificates each, rendered outside any transaction),
and each batch adds to the `bulk_job` row's counters with one atomic UPDATE.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import bindparam, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu_platform import audit, db
from edu_platform.models import (
    BulkJob,
    BulkJobKind,
    Certificate,
    CertificateStatus,
    Course,
    CourseKind,
    Enrollment,
    EnrollmentStatus,
    ImportStatus,
    User,
    utcnow,
)
from edu_platform.services import events, notifications
from edu_platform.services.accounts import require_admin
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from edu_platform.settings import settings

log = logging.getLogger(__name__)

PDF_QUEUE = "pdf"
REISSUE_BATCH = 200
MAX_REASON_LENGTH = 1000

# Serials: EDU-<year>-XXXX-XXXX-XXXC, Crockford base32 (no I, L, O, U: nothing to misread),
# 11 random characters (55 bits: not guessable) and a Luhn mod 32 check character that
# catches any single mistyped character and any swap of two neighbours.
SERIAL_PREFIX = "EDU"
SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_RANDOM_CHARS = 11
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


# --- serials ----------------------------------------------------------------------------


def _check_character(payload: str) -> str:
    """Luhn mod N over the alphabet (N = 32) for `payload` (digits and alphabet letters)."""
    base = len(SERIAL_ALPHABET)
    total, factor = 0, 2
    for char in reversed(payload):
        addend = factor * SERIAL_ALPHABET.index(char)
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return SERIAL_ALPHABET[(base - total % base) % base]


def new_serial(year: int | None = None) -> str:
    """A fresh random serial such as EDU-2026-7KQ2-M9XD-4TPA."""
    year = year or utcnow().year
    body = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_RANDOM_CHARS))
    body += _check_character(f"{year}{body}")
    return f"{SERIAL_PREFIX}-{year}-{body[0:4]}-{body[4:8]}-{body[8:12]}"


def normalise_serial(raw: str) -> str | None:
    """The canonical serial for what someone typed (case, O/0, I/1), or None if malformed."""
    text = str(raw or "").strip().upper()[:64]
    parts = text.split("-")
    if len(parts) != 5 or parts[0] != SERIAL_PREFIX or not parts[1].isdigit():
        return None
    year, groups = parts[1], [part.translate(_MISREAD) for part in parts[2:]]
    if len(year) != 4 or any(len(group) != 4 for group in groups):
        return None
    body = "".join(groups)
    if any(char not in SERIAL_ALPHABET for char in body):
        return None
    if _check_character(f"{year}{body[:-1]}") != body[-1]:
        return None
    return f"{SERIAL_PREFIX}-{year}-{'-'.join(groups)}"


# --- display records --------------------------------------------------------------------


def pdf_url(serial: str) -> str:
    return f"/api/v1/certificates/{serial}/pdf"


def verify_page_url(serial: str) -> str:
    return f"{settings.public_url.rstrip('/')}/verify/{serial}"


@dataclass
class CertificateView:
    """API.md's certificate shape (plus the id for admin actions)."""

    id: int
    serial: str
    course_id: int
    course_title: str
    holder_name: str
    issued_at: datetime | None
    status: str
    pdf_url: str | None
    revoked_at: datetime | None = None
    revoked_reason: str | None = None


def to_view(certificate: Certificate) -> CertificateView:
    ready = certificate.status == CertificateStatus.READY
    return CertificateView(
        id=certificate.id,
        serial=certificate.serial,
        course_id=certificate.course_id,
        course_title=certificate.course_title,
        holder_name=certificate.holder_name,
        issued_at=None
        if certificate.status == CertificateStatus.PENDING
        else certificate.issued_at,
        status=certificate.status,
        pdf_url=pdf_url(certificate.serial) if ready else None,
        revoked_at=certificate.revoked_at,
        revoked_reason=certificate.revoked_reason,
    )


@dataclass
class Verification:
    """What the public verification shows: `valid` only for a rendered, unrevoked one."""

    serial: str
    valid: bool
    holder: str
    course: str
    issued_at: datetime | None
    revoked: bool
    status: str
    revoked_at: datetime | None = None


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int


@dataclass
class BulkJobView:
    id: int
    kind: str
    status: str
    subject_id: int | None
    total: int
    processed: int
    failed: int
    created_at: datetime
    finished_at: datetime | None
    error: str | None = None


def _bulk_view(job: BulkJob) -> BulkJobView:
    return BulkJobView(
        job.id, job.kind, job.status, job.subject_id, job.total, job.processed, job.failed,
        job.created_at, job.finished_at, job.error,
    )  # fmt: skip


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


# Jobs by name: the job modules import this one (no import circle).
RENDER_JOB = "edu_platform.jobs.certificates.render_certificate_job"
REISSUE_JOB = "edu_platform.jobs.certificates.reissue_batch_job"


def _enqueue_render(certificate_id: int) -> None:
    from edu_platform import jobs

    jobs.enqueue(RENDER_JOB, certificate_id, queue=PDF_QUEUE)


def _enqueue_reissue(bulk_job_id: int, certificate_ids: list[int]) -> None:
    from edu_platform import jobs

    for start in range(0, len(certificate_ids), REISSUE_BATCH):
        batch = certificate_ids[start : start + REISSUE_BATCH]
        jobs.enqueue(REISSUE_JOB, bulk_job_id, batch, queue=PDF_QUEUE)


# --- issue ------------------------------------------------------------------------------


def request_certificate(*, session: Session, enrollment_id: int) -> Certificate:
    """The certificate of a completed enrolment, created once (pending) and rendered by a
    job after commit. Idempotent: double clicks and concurrent calls give one row."""
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
        )
        try:
            with session.begin_nested():
                session.add(candidate)
                session.flush()
            certificate = candidate
        except IntegrityError:
            # Issued by a concurrent call (unique user+course), or a serial collision.
            certificate = _find(session, enrollment.user_id, enrollment.course_id)
    if certificate is None:
        raise Conflict("could not allocate a certificate serial")
    if certificate.status == CertificateStatus.PENDING:
        db.call_after_commit(session, _enqueue_render, certificate.id)
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


def stale_pending_ids(*, session: Session, older_than: timedelta) -> list[int]:
    """Certificates still pending `older_than` after they were requested (job lost)."""
    return list(
        session.scalars(
            select(Certificate.id).where(
                Certificate.status == CertificateStatus.PENDING,
                Certificate.issued_at < utcnow() - older_than,
            )
        )
    )


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
    """Render the certificate's PDF and mark it ready (issued now, if it was pending).

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
    issued_at = utcnow() if newly_issued else certificate.issued_at
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
    page, per_page = max(1, int(page)), min(max(1, int(per_page)), 100)
    where = Certificate.user_id == user_id
    total = session.scalar(select(func.count(Certificate.id)).where(where)) or 0
    rows = session.scalars(
        select(Certificate)
        .where(where)
        .order_by(Certificate.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page([to_view(row) for row in rows], total, page, per_page)


def my_certificates(*, session: Session, user_id: int) -> list[CertificateView]:
    """What /my/certificates shows: the user's certificates, missing ones requested first."""
    issue_missing(session=session, user_id=user_id)
    return list_for_user(session=session, user_id=user_id, per_page=100).items


@dataclass
class PdfFile:
    path: Path
    filename: str


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
    page, per_page = max(1, int(page)), min(max(1, int(per_page)), 100)
    query = select(Certificate)
    text = str(q or "").strip()[:200]
    if text:
        postgres = session.get_bind().dialect.name == "postgresql"
        query = query.where(
            or_(
                *(
                    _contains(column, text, postgres)
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
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Certificate.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return Page([to_view(row) for row in rows], total, page, per_page)


def _contains(column, text: str, postgres: bool):
    """Case-insensitive substring match. PostgreSQL's ILIKE folds any alphabet; SQLite's
    LIKE and lower() fold ASCII only, so Cyrillic is matched in its usual spellings."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if postgres:
        return column.ilike(f"%{escaped}%", escape="\\")
    variants = {escaped, escaped.lower(), escaped.upper(), escaped.capitalize(), escaped.title()}
    return or_(*(column.like(f"%{variant}%", escape="\\") for variant in sorted(variants)))


@dataclass
class CourseCertificates:
    course_id: int
    title: str
    active: int  # certificates a re-issue would render (not revoked)


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
    if certificate.status != CertificateStatus.REVOKED:
        certificate.status = CertificateStatus.REVOKED.value
        certificate.revoked_at = utcnow()
        certificate.revoked_reason = reason[:MAX_REASON_LENGTH]
        session.add(certificate)
        session.flush()
    return to_view(certificate)


def reissue_course(*, session: Session, actor_id: int | None, course_id: int) -> BulkJobView:
    """Re-render every non-revoked certificate of a course in the background (admin).

    Holder and course title stay as frozen at issue (verification must keep matching the
    paper); the template, teacher name and verification URL are current. Progress is the
    returned bulk job's row; the batches are enqueued after commit.
    """
    require_admin(session=session, user_id=actor_id)
    if session.get(Course, course_id) is None:
        raise NotFound("course not found", message_key="catalog.course_not_found")
    ids = list(
        session.scalars(
            select(Certificate.id)
            .where(
                Certificate.course_id == course_id, Certificate.status != CertificateStatus.REVOKED
            )
            .order_by(Certificate.id)
        )
    )
    job = BulkJob(
        kind=BulkJobKind.CERTIFICATE_REISSUE.value,
        subject_id=course_id,
        total=len(ids),
        created_by=actor_id,
    )
    if not ids:
        job.status, job.finished_at = ImportStatus.DONE.value, utcnow()
    session.add(job)
    session.flush()
    audit.record(
        session, action="update", table_name="certificate",
        new={"reissue_bulk_job_id": job.id, "course_id": course_id, "rows": len(ids)},
    )  # fmt: skip
    if ids:
        db.call_after_commit(session, _enqueue_reissue, job.id, ids)
    return _bulk_view(job)


def bulk_job(*, session: Session, actor_id: int | None, bulk_job_id: int) -> BulkJobView:
    require_admin(session=session, user_id=actor_id)
    job = session.get(BulkJob, bulk_job_id)
    if job is None:
        raise NotFound("bulk job not found")
    return _bulk_view(job)


# --- bulk re-issue: the three steps of one batch ------------------------------------------


@dataclass
class BatchItem:
    certificate_id: int
    data: object  # pdf.certificate.CertificateData
    issued_at: datetime


@dataclass
class BatchOutcome:
    rendered: list[tuple[int, str, datetime]] = field(default_factory=list)  # id, path, issued
    failed: list[tuple[int, str]] = field(default_factory=list)  # id, error


def start_reissue_batch(
    *, session: Session, bulk_job_id: int, certificate_ids: list[int]
) -> list[BatchItem]:
    """Mark the bulk job running; what to render for the batch's still-valid certificates."""
    session.execute(
        update(BulkJob.__table__)
        .where(BulkJob.id == bulk_job_id, BulkJob.status == ImportStatus.QUEUED)
        .values(status=ImportStatus.RUNNING.value)
    )
    now = utcnow()
    rows = session.execute(
        select(Certificate, User.full_name)
        .join(Course, Course.id == Certificate.course_id)
        .outerjoin(User, User.id == Course.teacher_id)
        .where(Certificate.id.in_(certificate_ids), Certificate.status != CertificateStatus.REVOKED)
        .order_by(Certificate.id)
    ).all()
    items = []
    for certificate, teacher in rows:
        issued = now if certificate.status == CertificateStatus.PENDING else certificate.issued_at
        items.append(
            BatchItem(certificate.id, _render_data(certificate, teacher or "", issued), issued)
        )
    return items


def render_batch(items: list[BatchItem]) -> BatchOutcome:
    """Render each item's PDF (no database); a failure is counted, not fatal to the batch."""
    outcome = BatchOutcome()
    for item in items:
        try:
            outcome.rendered.append((item.certificate_id, write_pdf(item.data), item.issued_at))
        except Exception as error:  # one broken certificate must not stop the other 199
            log.exception("certificate %s could not be rendered", item.certificate_id)
            outcome.failed.append((item.certificate_id, f"{type(error).__name__}: {error}"[:500]))
    return outcome


def finish_reissue_batch(
    *, session: Session, bulk_job_id: int, batch_size: int, outcome: BatchOutcome
) -> BulkJobView:
    """Store the batch's results and add them to the bulk job's counters in one UPDATE;
    the batch that brings processed + failed to the total closes the job."""
    table = Certificate.__table__
    if outcome.rendered:
        session.execute(
            update(table)
            .where(
                table.c.id == bindparam("certificate_id"),
                table.c.status != CertificateStatus.REVOKED,
            )
            .values(
                pdf_path=bindparam("path"),
                issued_at=bindparam("issued"),
                status=CertificateStatus.READY.value,
            ),
            [
                {"certificate_id": cid, "path": path, "issued": issued}
                for cid, path, issued in outcome.rendered
            ],
        )
    failed = len(outcome.failed)
    processed = batch_size - failed  # revoked meanwhile: nothing to render, still done
    jobs = BulkJob.__table__
    # Clamped: a batch retried after its commit must not count twice past the total.
    new_processed = case(
        (jobs.c.processed + processed > jobs.c.total - jobs.c.failed - failed,
         jobs.c.total - jobs.c.failed - failed),
        else_=jobs.c.processed + processed,
    )  # fmt: skip
    values: dict = {"processed": new_processed, "failed": jobs.c.failed + failed}
    if outcome.failed:
        first = f"certificate {outcome.failed[0][0]}: {outcome.failed[0][1]}"
        values["error"] = func.coalesce(jobs.c.error, first)
    done, failed_total, total = session.execute(
        update(jobs)
        .where(jobs.c.id == bulk_job_id)
        .values(**values)
        .returning(jobs.c.processed, jobs.c.failed, jobs.c.total)
    ).one()
    if done + failed_total >= total:
        status = ImportStatus.FAILED if total and failed_total == total else ImportStatus.DONE
        session.execute(
            update(jobs)
            .where(
                jobs.c.id == bulk_job_id,
                jobs.c.status.in_((ImportStatus.QUEUED, ImportStatus.RUNNING)),
            )
            .values(status=status.value, finished_at=utcnow())
        )
    return _bulk_view(session.get(BulkJob, bulk_job_id, populate_existing=True))
