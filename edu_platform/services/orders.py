"""Orders: pricing a set of courses (with a coupon), idempotent creation, reading them back.

An order snapshots each course's title and price; its subtotal, discount and total are
Decimal with two places. `Idempotency-Key` is unique per user: the same key returns the
same order, also when two requests race (the loser of the INSERT re-reads the winner's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu_platform.models import (
    Coupon,
    Course,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentStatus,
    Role,
    User,
)
from edu_platform.services import coupons, paging, rate_limit
from edu_platform.services.coupons import ZERO, PricedItem, money
from edu_platform.services.enrollment import owned_course_ids
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from edu_platform.services.records import record_from

MAX_ITEMS = 50
MAX_KEY_LENGTH = 128
KEY_FIELD = "Idempotency-Key"


@dataclass
class OrderItemView:
    course_id: int
    title: str
    price: Decimal
    discount: Decimal = ZERO
    slug: str = ""


@dataclass
class OrderView:
    """API.md's order shape (plus the coupon code, owner and payment time)."""

    id: int
    user_id: int
    status: str
    items: list[OrderItemView]
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    currency: str
    created_at: datetime
    paid_at: datetime | None = None
    coupon_code: str = ""
    # Why the latest payment attempt of an unpaid order failed ("card_declined"), if it did.
    payment_error: str = ""


@dataclass
class PricedItems:
    """Items with their prices summed up: what a quote and the cart both show."""

    items: list[OrderItemView] = field(default_factory=list)
    subtotal: Decimal = ZERO
    discount: Decimal = ZERO
    total: Decimal = ZERO
    currency: str = "RUB"


@dataclass
class Quote(PricedItems):
    """Priced items before an order exists (the cart shows this)."""

    coupon: Coupon | None = None


# --- locking --------------------------------------------------------------------------


def lock_row(session: Session, model: type, row_id: int) -> bool:
    """Take the row's write lock for the rest of the transaction; False if it is missing.

    PostgreSQL: SELECT … FOR UPDATE. SQLite: a no-op UPDATE, which takes the database's
    write lock at once (a plain read would let two writers start and then fail).
    """
    table = model.__table__
    if session.get_bind().dialect.name == "postgresql":
        # FOR NO KEY UPDATE: serialises writers of this row without blocking inserts of
        # rows that reference it.
        found = session.execute(
            select(table.c.id).where(table.c.id == row_id).with_for_update(key_share=True)
        ).first()
        return found is not None
    # Every column is set to itself, so `onupdate` timestamps do not move either.
    unchanged = {column.name: column for column in table.columns if column.onupdate is not None}
    result = session.execute(
        update(table).where(table.c.id == row_id).values(id=table.c.id, **unchanged)
    )
    return result.rowcount == 1


def lock_order(session: Session, order_id: int) -> Order:
    """The order, locked and freshly read; NotFound when it does not exist."""
    if not lock_row(session, Order, order_id):
        raise NotFound(f"order {order_id} does not exist", message_key="commerce.order.not_found")
    order = session.get(Order, order_id, populate_existing=True)
    assert order is not None
    return order


# --- pricing --------------------------------------------------------------------------


def _clean_ids(course_ids: list[int]) -> list[int]:
    if not isinstance(course_ids, list | tuple) or not course_ids:
        raise Invalid(
            "course_ids must list at least one course",
            message_key="commerce.order.empty",
            field="course_ids",
        )
    if len(course_ids) > MAX_ITEMS:
        raise Invalid(f"at most {MAX_ITEMS} courses per order", field="course_ids")
    unique: list[int] = []
    for value in course_ids:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid("course_ids must be integers", field="course_ids")
        if value not in unique:
            unique.append(value)
    return unique


def quote(
    *,
    session: Session,
    user_id: int,
    course_ids: list[int],
    coupon_code: str | None = None,
) -> Quote:
    """Price the courses for the user: refuses unknown, unpublished, free and owned ones."""
    ids = _clean_ids(course_ids)
    courses = {
        course.id: course
        for course in session.scalars(select(Course).where(Course.id.in_(ids))).all()
    }
    missing = [cid for cid in ids if cid not in courses or not courses[cid].is_published]
    if missing:
        raise NotFound(
            f"course {missing[0]} does not exist",
            message_key="commerce.course_not_found",
            field="course_ids",
        )
    free = [cid for cid in ids if courses[cid].price <= 0]
    if free:
        raise Invalid(
            f"course {free[0]} is free: enrol instead of buying",
            message_key="commerce.cart.free_course",
            field="course_ids",
        )
    owned = owned_course_ids(session=session, user_id=user_id, course_ids=ids)
    if owned:
        raise Conflict(
            f"course {sorted(owned)[0]} is already yours",
            message_key="commerce.already_owned",
            field="course_ids",
        )
    currencies = {courses[cid].currency for cid in ids}
    if len(currencies) > 1:
        raise Invalid(
            "courses in one order must share a currency",
            message_key="commerce.cart.currency_mismatch",
            field="course_ids",
        )
    priced = [PricedItem(cid, money(courses[cid].price)) for cid in ids]
    coupon = None
    discounts = {item.course_id: ZERO for item in priced}
    if coupons.normalise_code(coupon_code):
        # Guessing codes: wrong ones count against the user; past the limit, 429.
        rate_limit.check(rate_limit.COUPON, user_id)
        try:
            coupon = coupons.find_usable(session=session, code=coupon_code or "", course_ids=ids)
        except Invalid:
            rate_limit.record(rate_limit.COUPON, user_id)
            raise
        discounts = coupons.discounts_for(coupon, priced)
    items = [
        OrderItemView(
            course_id=item.course_id,
            title=courses[item.course_id].title,
            price=item.price,
            discount=discounts[item.course_id],
            slug=courses[item.course_id].slug,
        )
        for item in priced
    ]
    subtotal = sum((item.price for item in items), ZERO)
    discount = min(sum((item.discount for item in items), ZERO), subtotal)
    return Quote(
        items=items,
        subtotal=money(subtotal),
        discount=money(discount),
        total=money(max(subtotal - discount, ZERO)),
        currency=currencies.pop(),
        coupon=coupon,
    )


# --- reading --------------------------------------------------------------------------


def to_views(session: Session, rows: list[Order]) -> list[OrderView]:
    """The orders with their items, coupon codes and the failure of the latest payment
    attempt of unpaid ones, in four queries whatever their number."""
    ids = [order.id for order in rows]
    items: dict[int, list[OrderItemView]] = {order_id: [] for order_id in ids}
    if ids:
        for item, slug in session.execute(
            select(OrderItem, Course.slug)
            .join(Course, Course.id == OrderItem.course_id)
            .where(OrderItem.order_id.in_(ids))
            .order_by(OrderItem.id)
        ):
            items[item.order_id].append(
                OrderItemView(
                    course_id=item.course_id, title=item.title, price=money(item.price), slug=slug
                )
            )
    coupon_ids = {order.coupon_id for order in rows if order.coupon_id is not None}
    codes = (
        dict(
            session.execute(select(Coupon.id, Coupon.code).where(Coupon.id.in_(coupon_ids)))
            .tuples()
            .all()
        )
        if coupon_ids
        else {}
    )
    unpaid = [order.id for order in rows if order.status == OrderStatus.PENDING]
    latest: dict[int, tuple[str, str | None]] = {}
    if unpaid:
        for order_id, status, error in session.execute(
            select(Payment.order_id, Payment.status, Payment.error)
            .where(Payment.order_id.in_(unpaid))
            .order_by(Payment.id)
        ):
            latest[order_id] = (status, error)
    failures = {
        order_id: error or "other"
        for order_id, (status, error) in latest.items()
        if status == PaymentStatus.FAILED
    }
    return [
        record_from(
            OrderView,
            order,
            items=items[order.id],
            subtotal=money(order.subtotal),
            discount=money(order.discount),
            total=money(order.total),
            coupon_code=codes.get(order.coupon_id, ""),
            payment_error=failures.get(order.id, ""),
        )
        for order in rows
    ]


def to_view(session: Session, order: Order) -> OrderView:
    return to_views(session, [order])[0]


def _actor(session: Session, actor_id: int) -> User:
    actor = session.get(User, actor_id)
    if actor is None or not actor.is_active:
        raise Forbidden("account is not active")
    return actor


def visible_order(*, session: Session, actor_id: int, order_id: int) -> Order:
    """The order if the actor owns it or is an admin; NotFound otherwise (no existence leak)."""
    actor = _actor(session, actor_id)
    order = session.get(Order, order_id)
    if order is None or (order.user_id != actor_id and actor.role != Role.ADMIN):
        raise NotFound(f"order {order_id} does not exist", message_key="commerce.order.not_found")
    return order


def get_order(*, session: Session, actor_id: int, order_id: int) -> OrderView:
    return to_view(session, visible_order(session=session, actor_id=actor_id, order_id=order_id))


def list_orders(
    *,
    session: Session,
    actor_id: int,
    user_id: int | None = None,
    status: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> paging.Page[OrderView]:
    """The caller's orders, newest first; admins see everyone's (filter by user, status)."""
    actor = _actor(session, actor_id)
    query = select(Order)
    if actor.role != Role.ADMIN:
        if user_id is not None and user_id != actor_id:
            raise Forbidden("only admins can list other users' orders", field="user_id")
        user_id = actor_id
    if user_id is not None:
        query = query.where(Order.user_id == user_id)
    if status:
        if status not in {s.value for s in OrderStatus}:
            raise Invalid(f"unknown status {status}", field="status")
        query = query.where(Order.status == status)
    query = query.order_by(Order.created_at.desc(), Order.id.desc())
    found = paging.fetch(session, query, page, per_page)
    found.items = to_views(session, found.items)
    return found


# --- creating -------------------------------------------------------------------------


def _by_key(session: Session, user_id: int, key: str) -> Order | None:
    return session.scalar(
        select(Order).where(Order.user_id == user_id, Order.idempotency_key == key)
    )


def _replay(session: Session, order: Order, course_ids: list[int]) -> OrderView:
    view = to_view(session, order)
    if {item.course_id for item in view.items} != set(course_ids):
        raise Conflict(
            "this Idempotency-Key was used for another order",
            message_key="commerce.order.key_reused",
            field=KEY_FIELD,
        )
    return view


def create_order(
    *,
    session: Session,
    user_id: int,
    course_ids: list[int],
    coupon_code: str | None = None,
    idempotency_key: str | None,
) -> tuple[OrderView, bool]:
    """A pending order for the courses, and whether it was created now.

    The same `idempotency_key` from the same user returns the existing order (False);
    reusing a key for other courses is a Conflict.
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise Invalid(
            f"the {KEY_FIELD} header is required (1..{MAX_KEY_LENGTH} characters)",
            message_key="commerce.order.key_required",
            field=KEY_FIELD,
        )
    ids = _clean_ids(course_ids)
    # One order creation per user at a time (on SQLite this also takes the write lock
    # before the first read, so racing requests queue instead of failing).
    lock_row(session, User, user_id)
    existing = _by_key(session, user_id, key)
    if existing is not None:
        return _replay(session, existing, ids), False
    priced = quote(session=session, user_id=user_id, course_ids=ids, coupon_code=coupon_code)
    order = Order(
        user_id=user_id,
        status=OrderStatus.PENDING.value,
        subtotal=priced.subtotal,
        discount=priced.discount,
        total=priced.total,
        currency=priced.currency,
        coupon_id=priced.coupon.id if priced.coupon else None,
        idempotency_key=key,
    )
    try:
        with session.begin_nested():
            session.add(order)
            session.flush()
            for item in priced.items:
                session.add(
                    OrderItem(
                        order_id=order.id,
                        course_id=item.course_id,
                        title=item.title,
                        price=item.price,
                    )
                )
            session.flush()
    except IntegrityError:
        # A concurrent request with the same key won the INSERT: answer with its order.
        winner = _by_key(session, user_id, key)
        if winner is None:
            raise
        return _replay(session, winner, ids), False
    return to_view(session, order), True
