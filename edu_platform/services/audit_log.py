"""Reading the audit trail (admins only): filters by table, row, actor and date."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from edu_platform.models import AuditLog, User
from edu_platform.services import paging
from edu_platform.services.accounts import require_admin
from edu_platform.services.errors import Invalid


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class AuditEntry:
    """API.md's audit entry plus display helpers (actor name, changed fields side by side)."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    table: str
    row_id: int | None
    old: dict | None
    new: dict | None
    changes: list[FieldChange]


AuditPage = paging.Page[AuditEntry]


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _changes(old: dict | None, new: dict | None) -> list[FieldChange]:
    keys = list(dict.fromkeys([*(new or {}).keys(), *(old or {}).keys()]))
    return [
        FieldChange(key, _show((old or {}).get(key)), _show((new or {}).get(key))) for key in keys
    ]


def day_start(day: date) -> datetime:
    """Midnight UTC of `day` (dates in filters are UTC calendar days)."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def list_entries(
    *,
    session: Session,
    actor_id: int | None,
    table: str = "",
    row_id: int | None = None,
    by_actor_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
    per_page: int = 20,
) -> AuditPage:
    """Newest first. `date_to` is inclusive (the whole day)."""
    require_admin(session=session, user_id=actor_id)
    if date_from and date_to and date_from > date_to:
        raise Invalid("date_from is after date_to", field="date_from")
    conditions = []
    if table:
        # A name with a control character names no table (and PostgreSQL refuses a NUL).
        conditions.append(AuditLog.table_name == table if table.isprintable() else false())
    if row_id is not None:
        conditions.append(AuditLog.row_id == row_id)
    if by_actor_id is not None:
        conditions.append(AuditLog.actor_id == by_actor_id)
    if date_from:
        conditions.append(AuditLog.at >= day_start(date_from))
    if date_to:
        conditions.append(AuditLog.at < day_start(date_to + timedelta(days=1)))
    query = (
        select(AuditLog, User.full_name)
        .outerjoin(User, User.id == AuditLog.actor_id)
        .where(*conditions)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    )
    return paging.fetch(session, query, page, per_page).map(lambda row: _entry(*row))


def _entry(entry: AuditLog, name: str | None) -> AuditEntry:
    return AuditEntry(
        entry.id,
        entry.at,
        entry.actor_id,
        name or "",
        entry.action,
        entry.table_name,
        entry.row_id,
        entry.old,
        entry.new,
        _changes(entry.old, entry.new),
    )


def audited_tables(*, session: Session, actor_id: int | None) -> list[str]:
    """Table names that have entries, for the filter select."""
    require_admin(session=session, user_id=actor_id)
    return list(
        session.scalars(select(AuditLog.table_name).distinct().order_by(AuditLog.table_name))
    )
