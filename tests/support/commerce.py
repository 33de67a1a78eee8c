"""Commerce test data: coupons written straight through the ORM; users and courses come
from tests/support/factories.py."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from edu_platform.models import Coupon


def make_coupon(
    session: Session,
    *,
    code: str | None = None,
    kind: str = "percent",
    value: str | Decimal = "10",
    course_id: int | None = None,
    valid_until: datetime | None = None,
    usage_limit: int | None = None,
    is_active: bool = True,
) -> Coupon:
    coupon = Coupon(
        code=(code or f"TEST{secrets.token_hex(3)}").upper(),
        kind=kind,
        value=Decimal(value),
        course_id=course_id,
        valid_until=valid_until,
        usage_limit=usage_limit,
        is_active=is_active,
    )
    session.add(coupon)
    session.flush()
    return coupon
