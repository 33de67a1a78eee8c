"""Reading imports (admin): the list, one job's status, its row errors (translated when
the row kept its code) and their CSV."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.i18n import has_key, translate
from edu_platform.models import ImportJob, ImportJobError
from edu_platform.services import paging
from edu_platform.services.accounts import require_admin
from edu_platform.services.csv_export import write_csv
from edu_platform.services.errors import NotFound
from edu_platform.services.imports.uploads import ImportErrorView, ImportJobView, _view

# --- reads --------------------------------------------------------------------------------


def _job(session: Session, job_id: int) -> ImportJob:
    job = session.get(ImportJob, job_id, populate_existing=True)
    if job is None:
        raise NotFound(f"import {job_id} does not exist", message_key="imports.not_found")
    return job


def list_imports(
    *, session: Session, actor_id: int | None, page: int = 1, per_page: int = 20
) -> paging.Page:
    """Past imports, newest first (admin)."""
    require_admin(session=session, user_id=actor_id)
    query = select(ImportJob).order_by(ImportJob.created_at.desc(), ImportJob.id.desc())
    return paging.fetch(session, query, page, per_page).map(_view)


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
) -> paging.Page:
    """One page of the job's row errors, in file order (messages in `lang` if given)."""
    require_admin(session=session, user_id=actor_id)
    _job(session, job_id)
    query = (
        select(ImportJobError)
        .where(ImportJobError.job_id == job_id)
        .order_by(ImportJobError.row_number, ImportJobError.id)
    )
    return paging.fetch(session, query, page, per_page).map(
        lambda row: ImportErrorView(row.row_number, row.field, _message(row, lang))
    )


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
