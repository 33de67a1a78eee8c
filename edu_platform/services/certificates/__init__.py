"""Certificates: issued once per completed enrolment, rendered to PDF by a job, verified by
anyone who has the serial, downloaded by the holder or an admin, revoked and re-issued
(in bulk, per course) by admins.

Split by area: `serials` (the self-checking serial), `records` (display records, row
helpers), `issue` (one certificate per completed enrolment, dated the completion),
`render` (the PDF, atomically), `read` (verification, the holder's list, download),
`admin` (list, revoke), `reissue` (bulk re-render in batches).

Rendering is idempotent: the PDF goes to data_dir/certificates/<serial>.pdf through a
temporary file and os.replace, so a rerun (RQ retry, a duplicate job) overwrites the same
file atomically and a reader never sees half a PDF. A course's re-issue runs as a few
jobs over batches (`REISSUE_BATCH` certificates each, rendered outside any transaction),
and each batch adds to the `bulk_job` row's counters with one atomic UPDATE.
"""

from edu_platform.services.certificates.admin import (
    ADMIN_STATUSES,
    admin_list,
    reissue_candidates,
    revoke,
)
from edu_platform.services.certificates.issue import (
    ISSUE_JOB,
    RENDER_JOB,
    issue_certificate,
    issue_missing,
    request_certificate,
    stale_pending_ids,
    unissued_completion_ids,
)
from edu_platform.services.certificates.read import (
    list_for_user,
    my_certificates,
    pdf_for_download,
    verify,
)
from edu_platform.services.certificates.records import (
    MAX_REASON_LENGTH,
    PDF_QUEUE,
    BulkJobView,
    CertificateFacts,
    CertificateView,
    CourseCertificates,
    Page,
    PdfFile,
    Verification,
    VerificationFacts,
    pdf_url,
    to_view,
    verify_page_url,
)
from edu_platform.services.certificates.reissue import (
    REISSUE_BATCH,
    REISSUE_JOB,
    BatchItem,
    BatchOutcome,
    bulk_job,
    finish_reissue_batch,
    reissue_course,
    render_batch,
    start_reissue_batch,
)
from edu_platform.services.certificates.render import (
    pdf_dir,
    render_certificate,
    write_pdf,
)
from edu_platform.services.certificates.serials import (
    SERIAL_ALPHABET,
    SERIAL_PREFIX,
    SERIAL_RANDOM_CHARS,
    _check_character,
    new_serial,
    normalise_serial,
)

__all__ = [
    "ADMIN_STATUSES",
    "ISSUE_JOB",
    "MAX_REASON_LENGTH",
    "PDF_QUEUE",
    "REISSUE_BATCH",
    "REISSUE_JOB",
    "RENDER_JOB",
    "SERIAL_ALPHABET",
    "SERIAL_PREFIX",
    "SERIAL_RANDOM_CHARS",
    "BatchItem",
    "BatchOutcome",
    "BulkJobView",
    "CertificateFacts",
    "CertificateView",
    "CourseCertificates",
    "Page",
    "PdfFile",
    "Verification",
    "VerificationFacts",
    "_check_character",
    "admin_list",
    "bulk_job",
    "finish_reissue_batch",
    "issue_certificate",
    "issue_missing",
    "list_for_user",
    "my_certificates",
    "new_serial",
    "normalise_serial",
    "pdf_dir",
    "pdf_for_download",
    "pdf_url",
    "reissue_candidates",
    "reissue_course",
    "render_batch",
    "render_certificate",
    "request_certificate",
    "revoke",
    "stale_pending_ids",
    "start_reissue_batch",
    "to_view",
    "unissued_completion_ids",
    "verify",
    "verify_page_url",
    "write_pdf",
]
