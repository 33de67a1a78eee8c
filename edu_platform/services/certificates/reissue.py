"""Bulk re-issue of a course's certificates: a bulk job row and batches rendered by jobs."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from edu_platform import audit, db
from edu_platform.models import (
    BulkJob,
    BulkJobKind,
    Certificate,
    CertificateStatus,
    Course,
    ImportStatus,
    User,
    utcnow,
)
from edu_platform.services.accounts import require_admin
from edu_platform.services.certificates import render
from edu_platform.services.certificates.records import (
    PDF_QUEUE,
    BulkJobView,
    _bulk_view,
)
from edu_platform.services.certificates.render import _render_data
from edu_platform.services.errors import NotFound

log = logging.getLogger(__name__)


REISSUE_BATCH = 200
REISSUE_JOB = "edu_platform.jobs.certificates.reissue_batch_job"


def _enqueue_reissue(bulk_job_id: int, certificate_ids: list[int]) -> None:
    from edu_platform import jobs

    for start in range(0, len(certificate_ids), REISSUE_BATCH):
        batch = certificate_ids[start : start + REISSUE_BATCH]
        jobs.enqueue(REISSUE_JOB, bulk_job_id, batch, queue=PDF_QUEUE)


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
    rows = session.execute(
        select(Certificate, User.full_name)
        .join(Course, Course.id == Certificate.course_id)
        .outerjoin(User, User.id == Course.teacher_id)
        .where(Certificate.id.in_(certificate_ids), Certificate.status != CertificateStatus.REVOKED)
        .order_by(Certificate.id)
    ).all()
    items = []
    for certificate, teacher in rows:
        issued = certificate.issued_at  # the completion's date, pending or not
        items.append(
            BatchItem(certificate.id, _render_data(certificate, teacher or "", issued), issued)
        )
    return items


def render_batch(items: list[BatchItem]) -> BatchOutcome:
    """Render each item's PDF (no database); a failure is counted, not fatal to the batch."""
    outcome = BatchOutcome()
    for item in items:
        try:
            outcome.rendered.append(
                (item.certificate_id, render.write_pdf(item.data), item.issued_at)
            )
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
