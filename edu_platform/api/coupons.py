"""Coupons over the API: POST, GET /api/v1/coupons and PATCH /api/v1/coupons/{id}.

Admins manage any coupon (one course or site-wide), teachers those of their own courses
(services/coupon_admin.py holds the rules). The cart and POST /api/v1/orders take the
`code` as `coupon_code`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, StrictBool

from edu_platform import db
from edu_platform.api.deps import StaffId, run_as
from edu_platform.api.params import (
    MAX_ID,
    BodyAwareDateTime,
    Id,
    PageOut,
    PageParams,
    QueryId,
    errors,
)
from edu_platform.services import coupon_admin
from edu_platform.services.coupon_admin import MAX_USES, MAX_VALUE, CouponRow
from edu_platform.services.paging import Page

router = APIRouter(tags=["coupons"])

Code = Field(min_length=1, max_length=64, pattern=r"^\S+$")
Value = Field(gt=0, le=MAX_VALUE, max_digits=12, decimal_places=2)
MaxUses = Field(default=None, ge=0, le=MAX_USES, strict=True)
CourseId = Field(default=None, ge=1, le=MAX_ID, strict=True)


class CouponIn(BaseModel):
    code: str = Code
    kind: Literal["percent", "fixed"]
    value: Decimal = Value
    course_id: int | None = CourseId
    expires_at: BodyAwareDateTime | None = None
    max_uses: int | None = MaxUses
    is_active: StrictBool = True


class CouponPatch(BaseModel):
    code: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^\S+$")
    kind: Literal["percent", "fixed"] | None = None
    value: Decimal | None = Field(default=None, gt=0, le=MAX_VALUE, max_digits=12, decimal_places=2)
    course_id: int | None = CourseId
    expires_at: BodyAwareDateTime | None = None
    max_uses: int | None = MaxUses
    is_active: StrictBool | None = None


class CouponOut(BaseModel):
    id: int
    code: str
    kind: str
    value: str
    course_id: int | None
    expires_at: datetime | None
    max_uses: int | None
    used: int
    is_active: bool
    created_at: datetime


# API names → service (column) names
_RENAMES = {"expires_at": "valid_until", "max_uses": "usage_limit"}


def _out(row: CouponRow) -> CouponOut:
    return CouponOut(
        id=row.id,
        code=row.code,
        kind=row.kind,
        value=f"{row.value:.2f}",
        course_id=row.course_id,
        expires_at=row.valid_until,
        max_uses=row.usage_limit,
        used=row.used_count,
        is_active=row.is_active,
        created_at=row.created_at,
    )


@router.post(
    "/api/v1/coupons",
    response_model=CouponOut,
    status_code=201,
    responses=errors(401, 403, 404, 409, 422),
)
def create_coupon(body: CouponIn, caller_id: StaffId) -> CouponOut:
    """Admins: any course or site-wide (no `course_id`); teachers: one of their courses.
    409 naming `code` when the code exists (codes are case-insensitive)."""
    values = {_RENAMES.get(k, k): v for k, v in body.model_dump().items()}
    row = run_as(caller_id, coupon_admin.create_coupon, **values)
    return _out(row)


@router.get("/api/v1/coupons", response_model=PageOut[CouponOut], responses=errors(401, 403, 422))
def list_coupons(
    caller_id: StaffId,
    paging: PageParams,
    q: str = Query("", max_length=200),
    course_id: QueryId = None,
) -> Page[CouponOut]:
    """Newest first, with `used` (paid orders that redeemed it); `q` matches the code."""
    result = db.run_sync(
        coupon_admin.list_coupons,
        actor_id=caller_id,
        q=q,
        course_id=course_id,
        **paging.as_kwargs(),
    )
    return result.map(_out)


@router.patch(
    "/api/v1/coupons/{coupon_id}",
    response_model=CouponOut,
    responses=errors(401, 403, 404, 409, 422),
)
def update_coupon(coupon_id: Id, body: CouponPatch, caller_id: StaffId) -> CouponOut:
    """Change any field; `null` clears `course_id` (admins), `expires_at` and `max_uses`."""
    changes = {_RENAMES.get(k, k): v for k, v in body.model_dump(exclude_unset=True).items()}
    for field in ("code", "kind", "value", "is_active"):
        if field in changes and changes[field] is None:
            del changes[field]
    row = run_as(caller_id, coupon_admin.update_coupon, coupon_id=coupon_id, changes=changes)
    return _out(row)
