"""Admin user management: GET /api/v1/users, PATCH /api/v1/users/{id}."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, StrictBool

from edu_platform import db
from edu_platform.api.deps import AdminId, run_as
from edu_platform.api.params import Id, PageOut, PageParams
from edu_platform.services import users_admin
from edu_platform.services.paging import Page

router = APIRouter(tags=["users"])


class UserPatch(BaseModel):
    role: Literal["student", "teacher", "admin"] | None = None
    is_active: StrictBool | None = None


@router.get("/api/v1/users", response_model=PageOut[users_admin.UserRow])
def list_users(
    caller_id: AdminId, paging: PageParams, q: str = "", role: str = "", sort: str = "newest"
) -> Page[users_admin.UserRow]:
    return db.run_sync(
        users_admin.list_users,
        actor_id=caller_id,
        q=q,
        role=role,
        **paging.as_kwargs(),
        sort=sort,
    )


@router.patch("/api/v1/users/{user_id}", response_model=users_admin.UserRow)
def patch_user(user_id: Id, body: UserPatch, caller_id: AdminId) -> users_admin.UserRow:
    row = run_as(
        caller_id,
        users_admin.update_user,
        user_id=user_id,
        role=body.role,
        is_active=body.is_active,
    )
    return row
