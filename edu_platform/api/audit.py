"""GET /api/v1/audit-log (admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from edu_platform import db
from edu_platform.api.deps import CallerId
from edu_platform.api.params import MAX_PAGE, QueryDate, QueryId
from edu_platform.services import audit_log

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


class AuditPageOut(BaseModel):
    items: list[AuditEntryOut]
    total: int
    page: int
    per_page: int


@router.get("/api/v1/audit-log", response_model=AuditPageOut)
def list_audit_log(
    caller_id: CallerId,
    table: str = "",
    row_id: QueryId = None,
    actor_id: QueryId = None,
    date_from: QueryDate = None,
    date_to: QueryDate = None,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(20, ge=1, le=100),
) -> AuditPageOut:
    result = db.run_sync(
        audit_log.list_entries,
        actor_id=caller_id,
        table=table,
        row_id=row_id,
        by_actor_id=actor_id,
        date_from=date_from,
        date_to=date_to,
        page=page,
        per_page=per_page,
    )
    return AuditPageOut(
        items=[
            AuditEntryOut(
                id=e.id,
                at=e.at,
                actor_id=e.actor_id,
                action=e.action,
                table=e.table,
                row_id=e.row_id,
                old=e.old,
                new=e.new,
            )
            for e in result.items
        ],
        total=result.total,
        page=result.page,
        per_page=result.per_page,
    )
