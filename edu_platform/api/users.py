"""Admin user management: GET /api/v1/users, PATCH /api/v1/users/{id}."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, StrictBool

from edu_platform import db
from edu_platform.api.deps import CallerId
from edu_platform.api.params import MAX_PAGE, Id
from edu_platform.audit import acting_as
from edu_platform.services import users_admin

router = APIRouter(tags=["users"])


class UserOut(BaseModel):
    id: int
    email: str
    full_name: str
    role: str
    is_active: bool
    created_at: datetime


class UserPage(BaseModel):
    items: list[UserOut]
    total: int
    page: int
    per_page: int


class UserPatch(BaseModel):
    role: Literal["student", "teacher", "admin"] | None = None
    is_active: StrictBool | None = None


@router.get("/api/v1/users", response_model=UserPage)
def list_users(
    caller_id: CallerId,
    q: str = "",
    role: str = "",
    sort: str = "newest",
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(20, ge=1, le=100),
) -> UserPage:
    result = db.run_sync(
        users_admin.list_users,
        actor_id=caller_id,
        q=q,
        role=role,
        page=page,
        per_page=per_page,
        sort=sort,
    )
    return UserPage(
        items=[UserOut(**asdict(row)) for row in result.items],
        total=result.total,
        page=result.page,
        per_page=result.per_page,
    )


@router.patch("/api/v1/users/{user_id}", response_model=UserOut)
def patch_user(user_id: Id, body: UserPatch, caller_id: CallerId) -> UserOut:
    with acting_as(caller_id):
        row = db.run_sync(
            users_admin.update_user,
            actor_id=caller_id,
            user_id=user_id,
            role=body.role,
            is_active=body.is_active,
        )
    return UserOut(**asdict(row))
