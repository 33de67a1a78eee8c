"""Admin bulk imports of users, courses, enrolments and paid orders from CSV or JSON lines.

The upload (`create_import`) is checked at once: admin only, a known kind, a non-empty
file within settings.max_import_mb that is UTF-8 text and either CSV with the kind's
header (TEMPLATES) or JSON lines whose first line is an object. It is stored privately
under data_dir/private/imports/<random>, an `import_job` row is created with `total` =
its data rows, and `run_import` is enqueued after the commit.

The job runs the steps below, each batch in a transaction of its own, so the UI sees
`processed`/`failed` move and good rows are kept whatever the others hold:

1. `start_run`: status running, counters to zero, the job's old error rows deleted (a
   re-run's errors replace the previous ones).
2. `import_batch` per ~2,000 rows: each row validated in Python (every field; errors
   carry the row's line number, the field and a message), rows referring to users,
   courses, categories looked up in bulk, then good rows written through the fast path
   of the database (import_writes) on their natural key, the batch's errors stored, and
   `processed`/`failed` set — all in one commit.
3. `finish_run` (status done, one summary audit row) or `fail_run` (status failed with
   the error text).

A re-run, or a run after a worker was killed mid-job, starts from the first row again:
natural keys make every write idempotent, so nothing is duplicated and the counts come
out the same.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from edu_platform import audit, db
from edu_platform.i18n import has_key, translate
from edu_platform.models import ImportJob, ImportJobError, ImportStatus, utcnow
from edu_platform.services import import_formats as fmt
from edu_platform.services import import_kinds, import_writes
from edu_platform.services.accounts import require_admin
from edu_platform.services.csv_export import write_csv
from edu_platform.services.errors import Invalid, NotFound
from edu_platform.services.import_formats import KINDS, TEMPLATES, SourceRow, UnreadableFile
from edu_platform.settings import settings

__all__ = [
    "BATCH_SIZE",
    "KINDS",
    "TEMPLATES",
    "FileTooLarge",
    "ImportErrorView",
    "ImportJobView",
    "Page",
    "RunContext",
    "RunSuperseded",
    "create_import",
    "errors_csv",
    "fail_run",
    "finish_run",
    "import_batch",
    "import_errors",
    "import_status",
    "list_imports",
    "read_source",
    "start_run",
    "template_csv",
]

BATCH_SIZE = 2000
IMPORTS_DIR = Path("private") / "imports"
TABLE_OF_KIND = {"users": "user", "courses": "course", "enrollments": "enrollment",
                 "orders": "order"}  # fmt: skip
MAX_ERROR_TEXT = 2000


class FileTooLarge(Invalid):
    """An upload over settings.max_import_mb (field "file"); 413 at the API."""

    status = 413
    code = "too_large"
    default_key = "imports.error.too_large"


# --- views --------------------------------------------------------------------------------


@dataclass
class ImportJobView:
    """API.md's import job shape, plus the file's name and the failure text."""

    id: int
    kind: str
    status: str
    total: int
    processed: int
    failed: int
    created_at: datetime
    finished_at: datetime | None
    started_at: datetime | None = None
    filename: str = ""
    error: str | None = None

    @property
    def percent(self) -> int:
        if self.total <= 0:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, self.processed * 100 // self.total)


@dataclass
class ImportErrorView:
    row: int
    field: str | None
    message: str


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int


def _view(job: ImportJob) -> ImportJobView:
    return ImportJobView(
        id=job.id,
        kind=job.kind,
        status=job.status,
        total=job.total,
        processed=job.processed,
        failed=job.failed,
        created_at=job.created_at,
        finished_at=job.finished_at,
        started_at=job.started_at,
        filename=job.original_name,
        error=job.error,
    )


def _paging(page: int, per_page: int) -> tuple[int, int]:
    return max(1, int(page)), min(max(1, int(per_page)), 100)


# --- upload -------------------------------------------------------------------------------


def template_csv(kind: str) -> str:
    """The kind's CSV template (its header line)."""
    return fmt.template_csv(kind)


def _display_name(filename: object) -> str:
    name = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch if ch.isprintable() else " " for ch in name)
    return " ".join(name.split())[:300] or "import"


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
    *, session: Session, actor_id: int | None, kind: str, filename: str, data: bytes
) -> ImportJobView:
    """A queued import job for the uploaded file; the job is enqueued after commit."""
    require_admin(session=session, user_id=actor_id)
    kind = fmt.check_kind(kind)
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
    )
    session.add(job)
    session.flush()
    db.call_after_commit(session, _enqueue_run, job.id)
    return _view(job)


def _enqueue_run(job_id: int) -> None:
    from edu_platform import jobs

    # By name: jobs.imports imports this module (no import circle).
    jobs.enqueue("edu_platform.jobs.imports.run_import", job_id)


# --- reads --------------------------------------------------------------------------------


def _job(session: Session, job_id: int) -> ImportJob:
    job = session.get(ImportJob, job_id, populate_existing=True)
    if job is None:
        raise NotFound(f"import {job_id} does not exist", message_key="imports.not_found")
    return job


def list_imports(
    *, session: Session, actor_id: int | None, page: int = 1, per_page: int = 20
) -> Page:
    """Past imports, newest first (admin)."""
    require_admin(session=session, user_id=actor_id)
    page, per_page = _paging(page, per_page)
    total = session.scalar(select(func.count()).select_from(ImportJob)) or 0
    jobs = session.scalars(
        select(ImportJob)
        .order_by(ImportJob.created_at.desc(), ImportJob.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page([_view(job) for job in jobs], total, page, per_page)


def import_status(*, session: Session, actor_id: int | None, job_id: int) -> ImportJobView:
    require_admin(session=session, user_id=actor_id)
    return _view(_job(session, job_id))


def _message(error: ImportJobError, lang: str | None) -> str:
    """The stored (English) message, or its translation when the row kept its code."""
    raw = error.raw or {}
    key = f"imports.row.{raw.get('code')}"
    if lang and raw.get("code") and has_key(key):
        try:
            return translate(key, lang, **(raw.get("params") or {}))
        except (KeyError, IndexError, ValueError):
            return error.message
    return error.message


def import_errors(
    *,
    session: Session,
    actor_id: int | None,
    job_id: int,
    page: int = 1,
    per_page: int = 20,
    lang: str | None = None,
) -> Page:
    """One page of the job's row errors, in file order (messages in `lang` if given)."""
    require_admin(session=session, user_id=actor_id)
    _job(session, job_id)
    page, per_page = _paging(page, per_page)
    where = ImportJobError.job_id == job_id
    total = session.scalar(select(func.count()).select_from(ImportJobError).where(where)) or 0
    rows = session.scalars(
        select(ImportJobError)
        .where(where)
        .order_by(ImportJobError.row_number, ImportJobError.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    items = [ImportErrorView(row.row_number, row.field, _message(row, lang)) for row in rows]
    return Page(items, total, page, per_page)


def errors_csv(*, session: Session, actor_id: int | None, job_id: int) -> str:
    """Every row error of the job as CSV: row, field, message."""
    require_admin(session=session, user_id=actor_id)
    _job(session, job_id)
    rows = session.execute(
        select(ImportJobError.row_number, ImportJobError.field, ImportJobError.message)
        .where(ImportJobError.job_id == job_id)
        .order_by(ImportJobError.row_number, ImportJobError.id)
    )
    return write_csv(
        ("row", "field", "message"), ((row, column or "", msg) for row, column, msg in rows)
    )


# --- the job's steps ------------------------------------------------------------------------


@dataclass
class RunContext:
    """One run of a job, kept in the worker across its batches."""

    job_id: int
    kind: str
    path: Path
    created_by: int | None
    filename: str
    started_at: datetime | None = None  # identifies the run (see start_run)
    processed: int = 0
    failed: int = 0
    written: int = 0
    lookups: import_kinds.Lookups = field(default_factory=import_kinds.Lookups)
    seen: dict[str, int] = field(default_factory=dict)  # natural key → first line
    course_ids: set[int] = field(default_factory=set)  # whose enrolments moved


class RunSuperseded(Exception):
    """A newer run of the same job has started: this one stops without writing more."""


def start_run(*, session: Session, job_id: int) -> RunContext | None:
    """Mark the job running from its first row (None when the job is gone).

    The run's `started_at` identifies it: every later step of the run updates the job
    row only while it still holds that value, so if two runs ever overlap (an RQ retry
    and a manual re-run), the older one's next batch rolls back and it stops."""
    job = session.get(ImportJob, job_id, populate_existing=True, with_for_update=True)
    if job is None:
        return None
    session.execute(delete(ImportJobError).where(ImportJobError.job_id == job_id))
    job.status, job.processed, job.failed = ImportStatus.RUNNING.value, 0, 0
    job.started_at, job.finished_at, job.error = utcnow(), None, None
    session.add(job)
    return RunContext(
        job_id=job.id,
        kind=job.kind,
        path=settings.data_dir / job.file_path,
        created_by=job.created_by,
        filename=job.original_name,
        started_at=job.started_at,
    )


def read_source(context: RunContext) -> Iterator[SourceRow]:
    """The stored file's rows (an iterator); UnreadableFile when it cannot be read."""
    root = (settings.data_dir / IMPORTS_DIR).resolve()
    path = context.path.resolve()
    if root not in path.parents or not path.is_file():
        raise UnreadableFile(f"the import file {context.path.name} is missing")
    try:
        text = fmt.decode(path.read_bytes())
    except Invalid as error:
        raise UnreadableFile(error.detail) from error
    return fmt.read_rows(context.kind, text)


@dataclass
class _Error:
    line: int
    field: str | None
    code: str
    params: dict[str, Any]
    raw: dict[str, Any]

    def row(self, job_id: int) -> dict[str, Any]:
        return {
            "job_id": job_id,
            "row_number": self.line,
            "field": self.field,
            "message": translate(f"imports.row.{self.code}", "en", **self.params),
            "raw": {"values": self.raw, "code": self.code, "params": self.params},
        }


def import_batch(*, session: Session, context: RunContext, rows: list[SourceRow]) -> None:
    """Validate and write one batch, store its errors and the job's counters (one commit)."""
    kind, now = context.kind, utcnow()
    parse = import_kinds.row_parser(kind, now)
    errors: list[_Error] = []
    candidates: list[import_kinds.Candidate] = []
    for source in rows:
        if source.values is None:
            code, params = source.problem or ("json", {})
            errors.append(
                _Error(source.line, params.get("field"), code, params, source.raw_values(kind))
            )
            continue
        values, problems = parse(source.values)
        candidates.append(import_kinds.Candidate(source.line, values, problems, source))
    import_kinds.resolve(
        session, kind, context.lookups, [row for row in candidates if not row.problems]
    )
    good: list[dict[str, Any]] = []
    bad_lines: set[int] = {error.line for error in errors}
    seen = context.seen
    for candidate in candidates:
        if not candidate.problems:
            key_field, key = import_kinds.natural_key(kind, candidate.values)
            first = seen.setdefault(key, candidate.line)
            if first == candidate.line:
                good.append(candidate.values)
                continue
            candidate.problems.append((key_field, "duplicate", {"line": first}))
        bad_lines.add(candidate.line)
        raw = candidate.source.raw_values(kind)
        for column, code, params in candidate.problems:
            errors.append(_Error(candidate.line, column, code, params, raw))
    written = import_writes.write(session, kind, good, now)
    if errors:
        session.execute(
            insert(ImportJobError.__table__), [error.row(context.job_id) for error in errors]
        )
    context.processed += len(rows)
    context.failed += len(bad_lines)
    context.written += written.rows
    context.course_ids |= written.course_ids
    _set_counters(session, context)


def _set_counters(session: Session, context: RunContext, **values: Any) -> None:
    """Store the run's counters (and `values`); RunSuperseded when a newer run started."""
    table = ImportJob.__table__
    result = session.execute(
        update(table)
        .where(table.c.id == context.job_id, table.c.started_at == context.started_at)
        .values(processed=context.processed, failed=context.failed, **values)
    )
    if result.rowcount != 1:
        raise RunSuperseded(f"import {context.job_id}: a newer run has started")


def _audit_summary(session: Session, context: RunContext, status: str) -> None:
    audit.record(
        session,
        action="insert",
        table_name=TABLE_OF_KIND[context.kind],
        new={
            "import_job_id": context.job_id,
            "status": status,
            "rows": context.written,
            "processed": context.processed,
            "failed": context.failed,
            "file": context.filename,
        },
    )


def finish_run(*, session: Session, context: RunContext) -> None:
    """Status done, finished_at, and one audit row summing up what was written.

    The touched courses' enrollment_count is recounted once more in one statement: each
    batch kept it current, this makes it exact whatever ran beside the import."""
    import_writes.recount_enrollments(session, context.course_ids)
    _set_counters(session, context, status=ImportStatus.DONE.value, finished_at=utcnow())
    _audit_summary(session, context, ImportStatus.DONE.value)


def fail_run(*, session: Session, context: RunContext, error: str) -> None:
    """Status failed with the reason (rows written so far stay: each batch committed)."""
    _set_counters(
        session,
        context,
        status=ImportStatus.FAILED.value,
        finished_at=utcnow(),
        error=error[:MAX_ERROR_TEXT],
    )
    if context.written:
        _audit_summary(session, context, ImportStatus.FAILED.value)
