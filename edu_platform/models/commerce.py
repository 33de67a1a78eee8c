"""Commerce: carts, coupons, orders and their items, payments and refunds.

Money rows are never cascaded away: orders, payments and refunds reference users and
courses with RESTRICT, so a user or course with financial history cannot be deleted
(deactivate or unpublish it instead).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from edu_platform.models.base import (
    counter_field,
    datetime_field,
    enum_check,
    enum_field,
    flag_field,
    money_field,
    timestamp_field,
)


class CouponKind(StrEnum):
    PERCENT = "percent"
    FIXED = "fixed"


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class PaymentStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"


class Coupon(SQLModel, table=True):
    """A discount code: a percentage or a fixed amount, for one course or for any."""

    __tablename__ = "coupon"
    __table_args__ = (
        enum_check("kind", CouponKind),
        CheckConstraint("value > 0", name="value_positive"),
        CheckConstraint("kind <> 'percent' OR value <= 100", name="percent_at_most_100"),
        CheckConstraint("used_count >= 0", name="used_count_not_negative"),
        CheckConstraint("usage_limit IS NULL OR usage_limit >= 0", name="usage_limit_valid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    kind: str = enum_field(CouponKind, CouponKind.PERCENT)
    value: Decimal = money_field()
    course_id: int | None = Field(
        default=None, foreign_key="course.id", ondelete="CASCADE", nullable=True, index=True
    )
    valid_until: datetime | None = datetime_field()
    usage_limit: int | None = Field(default=None)
    used_count: int = counter_field()
    is_active: bool = flag_field(True)
    created_at: datetime = timestamp_field()


class Order(SQLModel, table=True):
    """A purchase of one or more courses; `idempotency_key` is unique per user."""

    __tablename__ = "order"
    __table_args__ = (
        enum_check("status", OrderStatus),
        UniqueConstraint("user_id", "idempotency_key"),
        CheckConstraint("subtotal >= 0", name="subtotal_not_negative"),
        CheckConstraint("discount >= 0", name="discount_not_negative"),
        CheckConstraint("total >= 0", name="total_not_negative"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
        # Sales reports: paid orders by date.
        Index("ix_order_status_paid_at", "status", "paid_at"),
        Index("ix_order_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="RESTRICT")
    status: str = enum_field(OrderStatus, OrderStatus.PENDING)
    subtotal: Decimal = money_field()
    discount: Decimal = money_field()
    total: Decimal = money_field()
    currency: str = Field(default="RUB", max_length=3)
    coupon_id: int | None = Field(
        default=None, foreign_key="coupon.id", ondelete="SET NULL", nullable=True, index=True
    )
    idempotency_key: str | None = Field(default=None, max_length=128)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(onupdate=True)
    paid_at: datetime | None = datetime_field()
    cancelled_at: datetime | None = datetime_field()
    refunded_at: datetime | None = datetime_field()


class OrderItem(SQLModel, table=True):
    """One course in an order, with the price and title as they were at checkout."""

    __tablename__ = "order_item"
    __table_args__ = (
        UniqueConstraint("order_id", "course_id"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order.id", ondelete="CASCADE")
    course_id: int = Field(foreign_key="course.id", ondelete="RESTRICT", index=True)
    title: str = Field(default="", max_length=300)
    price: Decimal = money_field()


class Payment(SQLModel, table=True):
    """A payment attempt at a provider; `provider_ref` makes webhook replays harmless."""

    __tablename__ = "payment"
    __table_args__ = (
        enum_check("status", PaymentStatus),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order.id", ondelete="RESTRICT", index=True)
    provider: str = Field(max_length=32)
    provider_ref: str = Field(max_length=128, unique=True)
    status: str = enum_field(PaymentStatus, PaymentStatus.PENDING)
    amount: Decimal = money_field()
    currency: str = Field(default="RUB", max_length=3)
    error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(onupdate=True)


class Refund(SQLModel, table=True):
    __tablename__ = "refund"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order.id", ondelete="RESTRICT", index=True)
    payment_id: int | None = Field(
        default=None, foreign_key="payment.id", ondelete="RESTRICT", nullable=True, index=True
    )
    amount: Decimal = money_field()
    reason: str = Field(default="", sa_type=Text)
    created_by: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL", nullable=True, index=True
    )
    created_at: datetime = timestamp_field()


class CartItem(SQLModel, table=True):
    """A course in a user's cart (one cart per user, persisted across devices)."""

    __tablename__ = "cart_item"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    course_id: int = Field(foreign_key="course.id", ondelete="CASCADE", index=True)
    added_at: datetime = timestamp_field()
