"""The admin coupon list says what a buyer would meet now, from the cart's own rule
(`check_usable`): off, expired, used up or active (it said "Active" for a coupon whose date
had passed, which the cart refused)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from edu_platform.services.coupon_admin import CouponRow
from edu_platform.services.coupons import usable_status

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def _row(**fields) -> CouponRow:
    values = {
        "id": 1, "code": "C", "kind": "percent", "value": Decimal(10), "course_id": None,
        "course_title": "", "valid_until": None, "usage_limit": None, "used_count": 0,
        "is_active": True, "created_at": NOW,
    }  # fmt: skip
    return CouponRow(**{**values, **fields})


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({}, "active"),
        ({"valid_until": NOW + timedelta(minutes=1), "usage_limit": 3, "used_count": 2}, "active"),
        ({"valid_until": NOW}, "expired"),
        ({"usage_limit": 3, "used_count": 3}, "used_up"),
        ({"is_active": False, "valid_until": NOW - timedelta(days=1)}, "inactive"),
    ],
)
def test_the_status_is_what_the_cart_would_say(fields, status):
    assert usable_status(_row(**fields), now=NOW) == status
