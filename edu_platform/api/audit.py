"""GET /api/v1/audit-log (admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from edu_platform import db
from edu_platform.api.deps import AdminId
from edu_platform.api.params import DateParams, PageOut, PageParams, QueryId
from edu_platform.services import audit_log
from edu_platform.services.paging import Page

router = APIRouter(tags=["audit"])


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    action: str
    table: str
    row_id: int | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@router.get("/api/v1/audit-log", response_model=PageOut[AuditEntryOut])
def list_audit_log(
    caller_id: AdminId,
    dates: DateParams,
    paging: PageParams,
    table: str = "",
    row_id: QueryId = None,
    actor_id: QueryId = None,
) -> Page[audit_log.AuditEntry]:
    return db.run_sync(
        audit_log.list_entries,
        actor_id=caller_id,
        table=table,
        row_id=row_id,
        by_actor_id=actor_id,
        **dates.as_kwargs(),
        **paging.as_kwargs(),
    )
