"""Coupon rules: percent and fixed, expiry, usage limit, per-course vs site-wide, inactive."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from edu_platform.models import Coupon, utcnow
from edu_platform.services import coupons, orders
from edu_platform.services.coupons import PricedItem, item_discounts
from edu_platform.services.errors import Invalid
from tests.support.commerce import make_coupon
from tests.support.factories import make_course, make_user


def _quote(session, user, courses, code):
    return orders.quote(
        session=session, user_id=user.id, course_ids=[c.id for c in courses], coupon_code=code
    )


def _discounts_of_two(
    session, first_price: str, second_price: str, *, coupon_on_first: bool = False, **coupon
) -> tuple[orders.Quote, list[Decimal]]:
    """The quote of a cart of two courses (priced `first_price`, `second_price`) with one
    coupon (`coupon`: make_coupon's fields; `coupon_on_first` ties it to the first course),
    and each course's discount, in that order."""
    user = make_user(session)
    courses = [make_course(session, price=first_price), make_course(session, price=second_price)]
    if coupon_on_first:
        coupon["course_id"] = courses[0].id
    quote = _quote(session, user, courses, make_coupon(session, **coupon).code)
    discounts = {item.course_id: item.discount for item in quote.items}
    assert set(discounts) == {course.id for course in courses}
    return quote, [discounts[course.id] for course in courses]


def test_percent_coupon_discounts_each_item_and_totals_are_decimals(session):
    user = make_user(session)
    first, second = make_course(session, price="4990.00"), make_course(session, price="999.99")
    coupon = make_coupon(session, kind="percent", value="15")

    quote = _quote(session, user, [first, second], coupon.code.lower())

    discounts = {item.course_id: item.discount for item in quote.items}
    assert discounts == {first.id: Decimal("748.50"), second.id: Decimal("150.00")}
    assert quote.subtotal == Decimal("5989.99")
    assert quote.discount == Decimal("898.50")
    assert quote.total == Decimal("5091.49")
    assert all(isinstance(v, Decimal) for v in (quote.subtotal, quote.discount, quote.total))
    assert quote.total.as_tuple().exponent == -2


def test_fixed_site_wide_coupon_is_split_over_items_in_proportion(session):
    quote, discounts = _discounts_of_two(session, "3000.00", "1000.00", kind="fixed", value="1000")

    assert discounts == [Decimal("750.00"), Decimal("250.00")]
    assert quote.total == Decimal("3000.00")


def test_fixed_coupon_larger_than_the_price_never_makes_the_total_negative(session):
    user = make_user(session)
    course = make_course(session, price="500.00")
    coupon = make_coupon(session, kind="fixed", value="2000")

    quote = _quote(session, user, [course], coupon.code)

    assert quote.discount == Decimal("500.00")
    assert quote.total == Decimal("0.00")


def test_per_course_coupon_discounts_only_its_course(session):
    quote, discounts = _discounts_of_two(
        session, "2000.00", "2000.00", coupon_on_first=True, kind="percent", value="50"
    )

    assert discounts == [Decimal("1000.00"), Decimal("0.00")]  # the target, then the other
    assert quote.total == Decimal("3000.00")


def test_per_course_coupon_for_a_course_not_in_the_cart_is_refused(session):
    user = make_user(session)
    course, elsewhere = make_course(session), make_course(session)
    coupon = make_coupon(session, course_id=elsewhere.id)

    with pytest.raises(Invalid) as error:
        _quote(session, user, [course], coupon.code)
    assert error.value.message_key == "commerce.coupon.not_applicable"
    assert error.value.field == "coupon_code"


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"is_active": False}, "commerce.coupon.inactive"),
        ({"valid_until": "past"}, "commerce.coupon.expired"),
        ({"usage_limit": 2, "used": 2}, "commerce.coupon.used_up"),
    ],
    ids=["inactive", "expired", "used-up"],
)
def test_unusable_coupons_are_refused_with_their_reason(session, overrides, key):
    user = make_user(session)
    course = make_course(session)
    overrides = dict(overrides)
    used = overrides.pop("used", 0)
    if overrides.get("valid_until") == "past":
        overrides["valid_until"] = utcnow() - timedelta(minutes=1)
    coupon = make_coupon(session, **overrides)
    coupon.used_count = used
    session.flush()

    with pytest.raises(Invalid) as error:
        _quote(session, user, [course], coupon.code)
    assert error.value.message_key == key


def test_unknown_code_is_refused_and_a_future_expiry_is_fine(session):
    user = make_user(session)
    course = make_course(session, price="1000.00")
    with pytest.raises(Invalid) as error:
        _quote(session, user, [course], "NO-SUCH-CODE")
    assert error.value.message_key == "commerce.coupon.unknown"

    coupon = make_coupon(
        session, value="10", valid_until=utcnow() + timedelta(days=1), usage_limit=1
    )
    assert _quote(session, user, [course], coupon.code).total == Decimal("900.00")


def test_redeem_counts_uses_and_stops_at_the_limit(session):
    coupon = make_coupon(session, usage_limit=2)

    results = [coupons.redeem(session=session, coupon_id=coupon.id) for _ in range(3)]

    assert results == [True, True, False]
    session.expire_all()
    assert session.get(Coupon, coupon.id).used_count == 2


def test_percent_rounding_is_half_up_to_the_cent():
    items = [PricedItem(1, Decimal("0.05")), PricedItem(2, Decimal("333.33"))]
    discounts = item_discounts(kind="percent", value=Decimal("50"), course_id=None, items=items)
    assert discounts == {1: Decimal("0.03"), 2: Decimal("166.67")}


def test_fixed_split_hands_the_rounding_remainder_to_the_last_item():
    items = [PricedItem(i, Decimal("100.00")) for i in (1, 2, 3)]
    discounts = item_discounts(kind="fixed", value=Decimal("100"), course_id=None, items=items)
    assert discounts == {1: Decimal("33.33"), 2: Decimal("33.33"), 3: Decimal("33.34")}
    assert sum(discounts.values()) == Decimal("100.00")
