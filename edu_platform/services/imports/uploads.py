"""An import's upload: checked at once (admin, kind, size, format), stored privately, its
job row created and the run enqueued by job name; the views of jobs and row errors."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import ImportJob, ImportStatus
from edu_platform.services import import_formats as fmt
from edu_platform.services import media
from edu_platform.services.accounts import require_admin
from edu_platform.services.errors import Invalid
from edu_platform.services.records import JobProgress, record_from
from edu_platform.settings import settings

BATCH_SIZE = 2000
IMPORTS_DIR = Path("private") / "imports"
TABLE_OF_KIND = {"users": "user", "courses": "course", "enrollments": "enrollment",
                 "orders": "order"}  # fmt: skip
MAX_ERROR_TEXT = 2000


class FileTooLarge(Invalid, status=413, code="too_large", default_key="imports.error.too_large"):
    """An upload over settings.max_import_mb (field "file"); 413 at the API."""


# --- views --------------------------------------------------------------------------------


@dataclass
class ImportJobView(JobProgress):
    """API.md's import job shape (the API's response model), plus the file's name and the
    failure text."""

    started_at: datetime | None = None
    filename: str = ""
    error: str | None = None
    percent: int = 0
    invite: bool = False  # a users import e-mails its new accounts a set-password link


def _percent(job: ImportJob) -> int:
    """How far the job is: 0..100 by rows processed (a job without rows: 100 once done)."""
    if job.total <= 0:
        return 100 if job.status == ImportStatus.DONE else 0
    return min(100, job.processed * 100 // job.total)


@dataclass
class ImportErrorView:
    row: int
    field: str | None
    message: str


def _view(job: ImportJob) -> ImportJobView:
    return record_from(ImportJobView, job, filename=job.original_name, percent=_percent(job))


# --- upload -------------------------------------------------------------------------------


def template_csv(kind: str) -> str:
    """The kind's CSV template (its header line)."""
    return fmt.template_csv(kind)


def _display_name(filename: object) -> str:
    return media.readable_name(filename)[:300] or "import"


def _store(data: bytes, extension: str) -> str:
    """Write the upload under data_dir/private/imports; its path relative to data_dir."""
    folder = settings.data_dir / IMPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    relative = IMPORTS_DIR / f"{secrets.token_hex(16)}.{extension}"
    with (settings.data_dir / relative).open("xb") as file:
        file.write(data)
    return relative.as_posix()


def _too_large() -> FileTooLarge:
    return FileTooLarge(
        f"the file is larger than {settings.max_import_mb} MB",
        message_key="imports.error.too_large",
        field="file",
        params={"mb": settings.max_import_mb},
    )


def check_size(size: int | None) -> None:
    """FileTooLarge when a declared size is over the limit (before reading the file)."""
    if size is not None and size > settings.max_import_bytes:
        raise _too_large()


def create_import(
    *,
    session: Session,
    actor_id: int | None,
    kind: str,
    filename: str,
    data: bytes,
    invite: bool = False,
) -> ImportJobView:
    """A queued import job for the uploaded file; the job is enqueued after commit.

    `invite`: each account a users import creates gets a mail with a link to set its
    password (import_writes.invitations); other kinds create no accounts and refuse it."""
    require_admin(session=session, user_id=actor_id)
    kind = fmt.check_kind(kind)
    if invite and kind != "users":
        raise Invalid(
            "only a users import sends invitations",
            message_key="imports.error.invite_users_only",
            field="invite",
        )
    data = bytes(data or b"")
    if not data:
        raise Invalid("the file is empty", message_key="imports.error.empty", field="file")
    check_size(len(data))
    sniffed = fmt.sniff(kind, fmt.decode(data))
    job = ImportJob(
        kind=kind,
        total=sniffed.rows,
        file_path=_store(data, sniffed.format),
        original_name=_display_name(filename),
        created_by=actor_id,
        invite=invite,
    )
    session.add(job)
    session.flush()
    db.call_after_commit(session, _enqueue_run, job.id)
    return _view(job)


def _enqueue_run(job_id: int) -> None:
    from edu_platform import jobs

    # By name: jobs.imports imports this module (no import circle).
    jobs.enqueue("edu_platform.jobs.imports.run_import", job_id)
