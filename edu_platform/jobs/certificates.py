"""Certificate jobs (queue "pdf"): issue the certificate of a completed enrolment; render
one certificate; re-issue one batch of a course.

Both are idempotent: a rerun overwrites the same file atomically and a ready certificate
with its file is left alone. Errors propagate, so RQ (or the in-process pool) retries.
"""

from __future__ import annotations

from datetime import timedelta

from edu_platform import db, jobs
from edu_platform.services import certificates

STALE_PENDING = timedelta(minutes=5)


def issue_certificate_job(enrollment_id: int) -> str:
    """Issue (once) and render the certificate of a completed enrolment, dated the day of
    the completion; its status afterwards. Enqueued by name when a course is completed."""
    certificate = db.run_sync(certificates.issue_certificate, enrollment_id=enrollment_id)
    return certificate.status


def render_certificate_job(certificate_id: int) -> str:
    """Render the certificate's PDF; its status afterwards."""
    certificate = db.run_sync(certificates.render_certificate, certificate_id=certificate_id)
    return certificate.status


def reissue_batch_job(bulk_job_id: int, certificate_ids: list[int]) -> int:
    """Re-render one batch of a course re-issue; how many PDFs were written.

    Three steps so no transaction stays open while ~200 PDFs are drawn: read what to
    render, render it, then store the paths and add to the bulk job's counters at once.
    """
    items = db.run_sync(
        certificates.start_reissue_batch,
        bulk_job_id=bulk_job_id,
        certificate_ids=list(certificate_ids),
    )
    outcome = certificates.render_batch(items)
    db.run_sync(
        certificates.finish_reissue_batch,
        bulk_job_id=bulk_job_id,
        batch_size=len(certificate_ids),
        outcome=outcome,
    )
    return len(outcome.rendered)


def requeue_stale_pending() -> int:
    """Periodic: enqueue the render again for certificates pending for over 5 minutes,
    and the issue for completions still without one (their job was lost: Redis down at
    commit time, a worker killed, three failures); how many jobs."""
    ids = db.run_sync(certificates.stale_pending_ids, older_than=STALE_PENDING)
    for certificate_id in ids:
        jobs.enqueue(render_certificate_job, certificate_id, queue=certificates.PDF_QUEUE)
    unissued = db.run_sync(certificates.unissued_completion_ids, older_than=STALE_PENDING)
    for enrollment_id in unissued:
        jobs.enqueue(issue_certificate_job, enrollment_id, queue=certificates.PDF_QUEUE)
    return len(ids) + len(unissued)
