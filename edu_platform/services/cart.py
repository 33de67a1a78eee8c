"""The cart: one per user, persisted in `cart_item`; priced like an order; checked out into one.

A course the user already owns, a free course (enrol instead) and an unpublished one
cannot be added. Items that became owned or unpublished since they were added are
dropped when the cart is read. Items leave the cart when their order is paid.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.models import CartItem, Course, User
from edu_platform.services import orders
from edu_platform.services.coupons import normalise_code
from edu_platform.services.enrollment import owned_course_ids, published_course
from edu_platform.services.errors import Conflict, Invalid
from edu_platform.services.orders import OrderView, PricedItems
from edu_platform.services.records import record_from

MAX_CART_ITEMS = orders.MAX_ITEMS


@dataclass
class CartView(PricedItems):
    coupon_code: str = ""


def _lock_cart(session: Session, user_id: int) -> None:
    """Serialise writes to one user's cart (and take SQLite's write lock before reading)."""
    orders.lock_row(session, User, user_id)


def _items(session: Session, user_id: int) -> list[CartItem]:
    return list(
        session.scalars(
            select(CartItem)
            .where(CartItem.user_id == user_id)
            .order_by(CartItem.added_at, CartItem.id)
        )
    )


def add_to_cart(*, session: Session, user_id: int, course_id: int) -> int:
    """Put a paid course in the user's cart (adding it twice is harmless); the item count."""
    _lock_cart(session, user_id)
    course = published_course(session, course_id)
    if course.price <= 0:
        raise Invalid(
            "this course is free: enrol instead",
            message_key="commerce.cart.free_course",
            field="course_id",
        )
    if owned_course_ids(session=session, user_id=user_id, course_ids=[course_id]):
        raise Conflict(
            "you already have this course",
            message_key="commerce.already_owned",
            field="course_id",
        )
    items = _items(session, user_id)
    if any(item.course_id == course_id for item in items):
        return len(items)
    if len(items) >= MAX_CART_ITEMS:
        raise Invalid("the cart is full", message_key="commerce.cart.full", field="course_id")
    other_currencies = {
        currency
        for currency in session.scalars(
            select(Course.currency).where(Course.id.in_([item.course_id for item in items]))
        )
        if currency != course.currency
    }
    if other_currencies:
        raise Invalid(
            "courses in one cart must share a currency",
            message_key="commerce.cart.currency_mismatch",
            field="course_id",
        )
    # Refused when a concurrent request added the same course: it is in the cart then.
    db.inserted(session, CartItem(user_id=user_id, course_id=course_id))
    return count_items(session=session, user_id=user_id)


def remove_from_cart(*, session: Session, user_id: int, course_id: int) -> int:
    """Take a course out of the cart (absent: nothing happens); the item count left."""
    session.execute(
        delete(CartItem).where(CartItem.user_id == user_id, CartItem.course_id == course_id)
    )
    return count_items(session=session, user_id=user_id)


def remove_courses(*, session: Session, user_id: int, course_ids: list[int]) -> None:
    """Drop bought courses from the user's cart (called when their order is paid)."""
    if course_ids:
        session.execute(
            delete(CartItem).where(CartItem.user_id == user_id, CartItem.course_id.in_(course_ids))
        )


def count_items(*, session: Session, user_id: int) -> int:
    return session.scalar(select(func.count(CartItem.id)).where(CartItem.user_id == user_id)) or 0


def _prune(session: Session, user_id: int) -> list[CartItem]:
    """The cart's items, after removing those now owned, unpublished or free."""
    items = _items(session, user_id)
    ids = [item.course_id for item in items]
    owned = owned_course_ids(session=session, user_id=user_id, course_ids=ids)
    sellable = set(
        session.scalars(
            select(Course.id).where(
                Course.id.in_(ids), Course.is_published.is_(True), Course.price > 0
            )
        )
    )
    stale = [
        item.course_id
        for item in items
        if item.course_id in owned or item.course_id not in sellable
    ]
    if stale:
        remove_courses(session=session, user_id=user_id, course_ids=stale)
    return [item for item in items if item.course_id not in stale]


def get_cart(*, session: Session, user_id: int, coupon_code: str | None = None) -> CartView:
    """The cart with prices and totals; with a coupon, its discount on each item.

    An unusable coupon raises Invalid(field='coupon_code') with the reason's message key.
    """
    items = _prune(session, user_id)
    if not items:
        return CartView()
    quote = orders.quote(
        session=session,
        user_id=user_id,
        course_ids=[item.course_id for item in items],
        coupon_code=coupon_code,
    )
    return record_from(CartView, quote, coupon_code=quote.coupon.code if quote.coupon else "")


def checkout_key(*, user_id: int, items: list[CartItem], coupon_code: str | None) -> str:
    """An Idempotency-Key for this exact cart state: pressing Checkout again (or after a
    reload) returns the same pending order; any change to the cart makes a new key."""
    state = "|".join(
        [str(user_id), normalise_code(coupon_code)]
        + [f"{item.course_id}@{item.added_at.isoformat()}" for item in items]
    )
    return "cart-" + hashlib.sha256(state.encode()).hexdigest()[:40]


def checkout(*, session: Session, user_id: int, coupon_code: str | None = None) -> OrderView:
    """A pending order for everything in the cart (the same order for the same cart)."""
    _lock_cart(session, user_id)
    items = _prune(session, user_id)
    if not items:
        raise Invalid("the cart is empty", message_key="commerce.cart.empty", field="course_ids")
    order, _created = orders.create_order(
        session=session,
        user_id=user_id,
        course_ids=[item.course_id for item in items],
        coupon_code=coupon_code,
        idempotency_key=checkout_key(user_id=user_id, items=items, coupon_code=coupon_code),
    )
    return order
