"""The import job's steps, each batch in a transaction of its own: start (counters and
old errors reset), one batch of rows validated and written, finish or fail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, update
from sqlalchemy.orm import Session

from edu_platform import audit
from edu_platform.i18n import translate
from edu_platform.models import ImportJob, ImportJobError, ImportStatus, utcnow
from edu_platform.services import import_formats as fmt
from edu_platform.services import import_kinds, import_writes
from edu_platform.services.errors import Invalid
from edu_platform.services.import_formats import SourceRow, UnreadableFile
from edu_platform.services.imports.uploads import IMPORTS_DIR, MAX_ERROR_TEXT, TABLE_OF_KIND
from edu_platform.settings import settings

# --- the job's steps ------------------------------------------------------------------------


@dataclass
class RunContext:
    """One run of a job, kept in the worker across its batches."""

    job_id: int
    kind: str
    path: Path
    created_by: int | None
    filename: str
    total: int = 0  # the file's data rows, counted at upload
    started_at: datetime | None = None  # identifies the run (see start_run)
    processed: int = 0
    failed: int = 0
    written: int = 0
    lookups: import_kinds.Lookups = field(default_factory=import_kinds.Lookups)
    seen: dict[str, int] = field(default_factory=dict)  # natural key → first line
    course_ids: set[int] = field(default_factory=set)  # whose enrolments moved
    invite: bool = False  # mail the accounts it creates a set-password link


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
        total=job.total or 0,
        started_at=job.started_at,
        invite=job.invite,
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


@dataclass
class PreparedBatch:
    """One batch validated and resolved, ready to write: what the reading side of an
    import hands the writing side (plain data: it may cross a process boundary)."""

    rows: int  # source rows the batch held
    good: list[dict[str, Any]]
    errors: list[_Error]
    bad_lines: int  # rows with at least one error
    now: datetime  # the batch's clock: what it validated against, what it writes


def prepare_batch(*, session: Session, context: RunContext, rows: list[SourceRow]) -> PreparedBatch:
    """Validate one batch (every field) and look up what its rows refer to; reads only.
    Keeps the run's lookups and the natural keys seen so far in `context`."""
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
    return PreparedBatch(len(rows), good, errors, len(bad_lines), now)


def write_batch(*, session: Session, context: RunContext, batch: PreparedBatch) -> None:
    """Write a prepared batch's good rows, store its errors and the job's counters."""
    written = import_writes.write(
        session, context.kind, batch.good, batch.now, invite=context.invite
    )
    if batch.errors:
        session.execute(
            insert(ImportJobError.__table__),
            [error.row(context.job_id) for error in batch.errors],
        )
    context.processed += batch.rows
    context.failed += batch.bad_lines
    context.written += written.rows
    context.course_ids |= written.course_ids
    _set_counters(session, context)


def import_batch(*, session: Session, context: RunContext, rows: list[SourceRow]) -> None:
    """Validate and write one batch, store its errors and the job's counters (one commit)."""
    batch = prepare_batch(session=session, context=context, rows=rows)
    write_batch(session=session, context=context, batch=batch)


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
