"""Coupons: validity rules and the discount they give on each item.

Rules (Decimal end to end, every amount quantized to 0.01, half up):

- percent: each eligible item loses `value`% of its price;
- fixed: `value` is taken off the eligible items together, split over them in
  proportion to their prices (the rounding remainder goes to the last one), so a 500 ₽
  coupon is worth 500 ₽ per order, never more than the items cost;
- a coupon with `course_id` applies to that course only; without, to every item;
- inactive, expired (`valid_until` passed) and used-up (`used_count >= usage_limit`)
  coupons are refused, and so is one that applies to none of the items.

`used_count` moves when an order is PAID (`redeem`), with a conditional UPDATE so the
limit holds under concurrency. Creating and editing coupons: services/coupon_admin.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from edu_platform.models import Coupon, CouponKind, utcnow
from edu_platform.services.errors import Invalid

log = logging.getLogger(__name__)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_CODE_LENGTH = 64
FIELD = "coupon_code"


def money(value: Decimal | int | str) -> Decimal:
    """`value` as a Decimal with two places (half up)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def normalise_code(code: str | None) -> str:
    return (code or "").strip().upper()[:MAX_CODE_LENGTH]


@dataclass(frozen=True)
class PricedItem:
    course_id: int
    price: Decimal


def _refuse(detail: str, key: str) -> Invalid:
    return Invalid(detail, message_key=key, field=FIELD)


# Why a coupon cannot be used now: its status word, what the API says, its message key.
_UNUSABLE = {
    "inactive": ("this coupon is not active", "commerce.coupon.inactive"),
    "expired": ("this coupon has expired", "commerce.coupon.expired"),
    "used_up": ("this coupon has been used up", "commerce.coupon.used_up"),
}


def usable_status(coupon, *, now: datetime | None = None) -> str:
    """ "active", or why `check_usable` refuses the coupon now: "inactive", "expired" or
    "used_up" (the admin list shows what a buyer would meet). `coupon`: a Coupon or a row
    with its fields."""
    now = now or utcnow()
    if not coupon.is_active:
        return "inactive"
    if coupon.valid_until is not None and coupon.valid_until <= now:
        return "expired"
    if coupon.usage_limit is not None and coupon.used_count >= coupon.usage_limit:
        return "used_up"
    return "active"


def check_usable(coupon: Coupon, *, now: datetime | None = None) -> None:
    """Invalid(field='coupon_code') unless the coupon is active, unexpired and not used up."""
    status = usable_status(coupon, now=now)
    if status in _UNUSABLE:
        raise _refuse(*_UNUSABLE[status])


def find_usable(*, session: Session, code: str, course_ids: list[int]) -> Coupon:
    """The coupon with `code`, usable now for at least one of `course_ids`."""
    normalised = normalise_code(code)
    if not normalised:
        raise _refuse("enter a coupon code", "commerce.coupon.empty")
    # A code with a control character is no code (and PostgreSQL refuses a NUL).
    printable = normalised.isprintable()
    coupon = session.scalar(select(Coupon).where(Coupon.code == normalised)) if printable else None
    if coupon is None:
        raise _refuse("no such coupon", "commerce.coupon.unknown")
    check_usable(coupon)
    if coupon.course_id is not None and coupon.course_id not in course_ids:
        raise _refuse("this coupon is for another course", "commerce.coupon.not_applicable")
    return coupon


def item_discounts(
    *, kind: str, value: Decimal, course_id: int | None, items: list[PricedItem]
) -> dict[int, Decimal]:
    """The discount on each item (course id → amount); never more than the item's price."""
    value = Decimal(value)
    discounts = {item.course_id: ZERO for item in items}
    eligible = [
        item
        for item in items
        if item.price > 0 and (course_id is None or item.course_id == course_id)
    ]
    if not eligible:
        return discounts
    if kind == CouponKind.PERCENT:
        percent = min(value, Decimal(100))
        for item in eligible:
            discounts[item.course_id] = min(money(item.price * percent / 100), item.price)
        return discounts
    base = sum((item.price for item in eligible), ZERO)
    amount = min(money(value), base)
    remaining = amount
    for index, item in enumerate(eligible):
        if index == len(eligible) - 1:
            share = remaining
        else:
            share = min(money(amount * item.price / base), remaining, item.price)
        share = min(share, item.price)
        discounts[item.course_id] = share
        remaining -= share
    return discounts


def discounts_for(coupon: Coupon, items: list[PricedItem]) -> dict[int, Decimal]:
    return item_discounts(
        kind=coupon.kind, value=coupon.value, course_id=coupon.course_id, items=items
    )


def redeem(*, session: Session, coupon_id: int) -> bool:
    """Count one use of the coupon (when an order is paid); False if the limit was reached.

    One conditional UPDATE: two payments racing for the last use cannot both count it.
    """
    table = Coupon.__table__
    result = session.execute(
        update(table)
        .where(
            table.c.id == coupon_id,
            (table.c.usage_limit.is_(None)) | (table.c.used_count < table.c.usage_limit),
        )
        .values(used_count=table.c.used_count + 1)
    )
    coupon = session.identity_map.get(session.identity_key(Coupon, coupon_id))
    if coupon is not None:
        session.expire(coupon, ["used_count"])
    if result.rowcount != 1:
        log.warning("coupon %s was used beyond its limit by a paid order", coupon_id)
        return False
    return True
