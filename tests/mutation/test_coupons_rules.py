"""Coupon rules (services/coupons.py) at their edges: the refusal each state of a coupon
gets (key, field and the API's detail), expiry at the very second, a fixed discount
split over many cheap items, free items, and redeem's row and in-session counter.
Written to kill the mutants `make mutation` found alive in coupons.py."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from edu_platform.models import Coupon
from edu_platform.models.base import utcnow
from edu_platform.services import coupons
from edu_platform.services.coupons import PricedItem
from edu_platform.services.errors import Invalid
from tests.support.commerce import make_coupon
from tests.support.factories import make_course


def _refusal(coupon: Coupon, now) -> tuple[str, str, str | None]:
    with pytest.raises(Invalid) as caught:
        coupons.check_usable(coupon, now=now)
    return caught.value.message_key, caught.value.detail, caught.value.field


def test_each_unusable_coupon_gets_its_own_refusal():
    now = utcnow()
    assert _refusal(Coupon(code="OFF", value=Decimal(10), is_active=False), now) == (
        "commerce.coupon.inactive",
        "this coupon is not active",
        "coupon_code",
    )
    # Expired at this very second: valid_until is exclusive.
    assert _refusal(Coupon(code="OLD", value=Decimal(10), valid_until=now), now) == (
        "commerce.coupon.expired",
        "this coupon has expired",
        "coupon_code",
    )
    used_up = Coupon(code="ALL", value=Decimal(10), usage_limit=2, used_count=2)
    assert _refusal(used_up, now) == (
        "commerce.coupon.used_up",
        "this coupon has been used up",
        "coupon_code",
    )
    coupons.check_usable(
        Coupon(code="OK", value=Decimal(10), valid_until=now + timedelta(seconds=1)), now=now
    )


def test_a_fixed_discount_over_many_cheap_items_never_exceeds_the_amount():
    # 0.05 over seven courses of 1.00: each share rounds up to 0.01, so after five the
    # amount is spent; the rest get nothing (not 0.01 more, not a negative last share).
    items = [PricedItem(course_id=n, price=Decimal("1.00")) for n in range(1, 8)]
    discounts = coupons.item_discounts(
        kind="fixed", value=Decimal("0.05"), course_id=None, items=items
    )
    assert list(discounts.values()) == [Decimal("0.01")] * 5 + [Decimal("0.00")] * 2
    assert sum(discounts.values()) == Decimal("0.05")


def test_free_items_take_no_discount_and_alone_break_nothing():
    free = [
        PricedItem(course_id=1, price=Decimal("0")),
        PricedItem(course_id=2, price=Decimal("0")),
    ]
    for kind, value in (("fixed", Decimal("100")), ("percent", Decimal("50"))):
        assert coupons.item_discounts(kind=kind, value=value, course_id=None, items=free) == {
            1: Decimal("0"),
            2: Decimal("0"),
        }


def test_redeem_counts_one_use_of_that_coupon_only_and_refreshes_the_loaded_row(session):
    counted, other = make_coupon(session, usage_limit=1), make_coupon(session, usage_limit=5)
    assert counted.used_count == 0  # loaded in the session before the UPDATE
    assert coupons.redeem(session=session, coupon_id=counted.id) is True
    assert counted.used_count == 1
    session.expire_all()
    assert session.scalar(select(Coupon.used_count).where(Coupon.id == other.id)) == 0


def test_redeeming_past_the_limit_is_refused_and_logged(session, caplog):
    coupon = make_coupon(session, usage_limit=1)
    coupons.redeem(session=session, coupon_id=coupon.id)
    with caplog.at_level(logging.WARNING, logger=coupons.log.name):
        assert coupons.redeem(session=session, coupon_id=coupon.id) is False
    assert [r.getMessage() for r in caplog.records if r.name == coupons.log.name] == [
        f"coupon {coupon.id} was used beyond its limit by a paid order"
    ]
    assert coupon.used_count == 1


def test_finding_a_coupon_refuses_no_code_an_unknown_one_and_another_courses(session):
    coupon = make_coupon(session, course_id=None)
    course_coupon = make_coupon(session, course_id=make_course(session).id)
    other = make_course(session)
    cases = [
        ("   ", "enter a coupon code", "commerce.coupon.empty"),
        ("NO-SUCH-CODE", "no such coupon", "commerce.coupon.unknown"),
        (
            course_coupon.code.lower(),
            "this coupon is for another course",
            "commerce.coupon.not_applicable",
        ),
    ]
    for code, detail, key in cases:
        with pytest.raises(Invalid) as caught:
            coupons.find_usable(session=session, code=code, course_ids=[other.id])
        assert (caught.value.message_key, caught.value.detail, caught.value.field) == (
            key,
            detail,
            "coupon_code",
        )
    assert (
        coupons.find_usable(
            session=session, code=f" {coupon.code.lower()} ", course_ids=[other.id]
        ).id
        == coupon.id
    )
