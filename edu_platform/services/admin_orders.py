"""Admin view of orders: everyone's, filtered by status and buyer email, and one order
with its items, payments and refunds. Refunding is services/refunds.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from edu_platform.models import Order, OrderItem, OrderStatus, Payment, Refund, User
from edu_platform.services import orders, paging
from edu_platform.services.accounts import require_admin
from edu_platform.services.admin_lists import clean_query
from edu_platform.services.errors import NotFound
from edu_platform.services.orders import OrderView
from edu_platform.services.records import record_from
from edu_platform.services.text_match import contains

STATUSES = ("all", *(status.value for status in OrderStatus))
SORTS = {
    "newest": (Order.created_at.desc(),),
    "oldest": (Order.created_at.asc(),),
    "total_desc": (Order.total.desc(),),
    "total_asc": (Order.total.asc(),),
}


@dataclass
class AdminOrderRow:
    id: int
    user_id: int
    email: str
    full_name: str
    status: str
    items_count: int
    total: Decimal
    currency: str
    created_at: datetime
    paid_at: datetime | None


@dataclass
class PaymentRow:
    id: int
    provider: str
    provider_ref: str
    status: str
    amount: Decimal
    currency: str
    error: str
    created_at: datetime


@dataclass
class RefundRow:
    id: int
    amount: Decimal
    reason: str
    created_by_name: str
    created_at: datetime


@dataclass
class AdminOrderDetail:
    order: OrderView
    email: str
    full_name: str
    refunded_at: datetime | None
    payments: list[PaymentRow] = field(default_factory=list)
    refunds: list[RefundRow] = field(default_factory=list)


def _order_row(order: Order, email: str, name: str, count: int) -> AdminOrderRow:
    return record_from(AdminOrderRow, order, email=email, full_name=name, items_count=int(count))


def list_orders(
    *,
    session: Session,
    actor_id: int | None,
    status: str = "all",
    email: str = "",
    sort: str = "newest",
    page: int = 1,
    per_page: int = 20,
) -> paging.Page:
    """Orders of every user, newest first by default; `email` matches part of the buyer's."""
    require_admin(session=session, user_id=actor_id)
    items = (
        select(OrderItem.order_id, func.count(OrderItem.id).label("n"))
        .group_by(OrderItem.order_id)
        .subquery()
    )
    query = (
        select(Order, User.email, User.full_name, func.coalesce(items.c.n, 0))
        .join(User, User.id == Order.user_id)
        .outerjoin(items, items.c.order_id == Order.id)
    )
    if status in STATUSES and status != "all":
        query = query.where(Order.status == status)
    text = clean_query(email)
    if text:
        query = query.where(contains(User.email, text))
    found = paging.fetch(
        session, query.order_by(*SORTS.get(sort, SORTS["newest"]), Order.id.desc()), page, per_page
    )
    return found.map(lambda row: _order_row(*row))


def order_detail(*, session: Session, actor_id: int | None, order_id: int) -> AdminOrderDetail:
    """One order as the admin sees it: items, every payment attempt and refund."""
    require_admin(session=session, user_id=actor_id)
    order = session.get(Order, order_id) if isinstance(order_id, int) else None
    if order is None:
        raise NotFound(f"order {order_id} does not exist", message_key="commerce.order.not_found")
    buyer = session.get(User, order.user_id)
    payments = session.scalars(
        select(Payment).where(Payment.order_id == order.id).order_by(Payment.created_at, Payment.id)
    ).all()
    creator = aliased(User)
    refunds = session.execute(
        select(Refund, creator.full_name)
        .outerjoin(creator, creator.id == Refund.created_by)
        .where(Refund.order_id == order.id)
        .order_by(Refund.created_at, Refund.id)
    ).all()
    return AdminOrderDetail(
        order=orders.to_view(session, order),
        email=buyer.email,
        full_name=buyer.full_name,
        refunded_at=order.refunded_at,
        payments=[
            PaymentRow(
                p.id,
                p.provider,
                p.provider_ref,
                p.status,
                p.amount,
                p.currency,
                p.error or "",
                p.created_at,
            )
            for p in payments
        ],
        refunds=[
            RefundRow(r.id, r.amount, r.reason or "", name or "", r.created_at)
            for r, name in refunds
        ],
    )
