"""The admin panel's overview: users by role, published courses, paid orders, revenue,
and the last 30 days' trends (new users, enrolments, revenue per day)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.models import Course, Enrollment, Order, OrderStatus, Role, User
from edu_platform.services.accounts import require_admin


@dataclass
class Overview:
    """Headline figures for the admin home page."""

    users_by_role: dict[str, int] = field(default_factory=dict)
    users_total: int = 0
    blocked_users: int = 0
    published_courses: int = 0
    paid_orders: int = 0
    # Currency code -> sum of paid orders' totals (orders keep their own currency).
    revenue: dict[str, Decimal] = field(default_factory=dict)


def overview(*, session: Session, actor_id: int | None) -> Overview:
    """The figures, for an admin only (Forbidden for anyone else, before any query)."""
    require_admin(session=session, user_id=actor_id)
    by_role = dict(session.execute(select(User.role, func.count()).group_by(User.role)).all())
    users_by_role = {role.value: int(by_role.get(role.value, 0)) for role in Role}
    blocked = session.scalar(select(func.count()).where(User.is_active.is_(False)))
    published = session.scalar(select(func.count()).where(Course.is_published.is_(True)))
    paid = select(Order).where(Order.status == OrderStatus.PAID).subquery()
    paid_orders = session.scalar(select(func.count()).select_from(paid))
    revenue = {
        currency: Decimal(total or 0)
        for currency, total in session.execute(
            select(paid.c.currency, func.sum(paid.c.total))
            .group_by(paid.c.currency)
            .order_by(paid.c.currency)
        ).all()
    }
    return Overview(
        users_by_role=users_by_role,
        users_total=sum(users_by_role.values()),
        blocked_users=int(blocked or 0),
        published_courses=int(published or 0),
        paid_orders=int(paid_orders or 0),
        revenue=revenue,
    )


@dataclass
class TrendPoint:
    """One day of the overview's trends (UTC calendar day, ISO date)."""

    day: str
    new_users: int
    enrollments: int
    revenue: Decimal


@dataclass
class Trends:
    points: list[TrendPoint]
    # Revenue is summed in one currency: the one with the most paid revenue in the window
    # (orders keep their own currency; mixing them would add roubles to dollars).
    currency: str


TREND_DAYS = 30


def _day(session: Session, column):
    """The UTC calendar day of a timestamp column, as SQL (compared as an ISO string)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)


def trends(*, session: Session, actor_id: int | None, today: date | None = None) -> Trends:
    """New users, enrolments and paid revenue per day over the last 30 days (today
    included), for an admin only; days without any are zeros."""
    require_admin(session=session, user_id=actor_id)
    last = today or datetime.now(UTC).date()
    first = last - timedelta(days=TREND_DAYS - 1)
    since = datetime.combine(first, time.min, tzinfo=UTC)

    def per_day(column, *where) -> dict[str, int]:
        bucket = _day(session, column)
        rows = session.execute(
            select(bucket, func.count()).where(column >= since, *where).group_by(bucket)
        ).all()
        return {str(day)[:10]: int(count) for day, count in rows}

    users = per_day(User.created_at)
    enrollments = per_day(Enrollment.enrolled_at)
    paid_bucket = _day(session, Order.paid_at)
    paid = (Order.status == OrderStatus.PAID, Order.paid_at >= since)
    by_currency = session.execute(
        select(Order.currency, func.sum(Order.total))
        .where(*paid)
        .group_by(Order.currency)
        .order_by(func.sum(Order.total).desc(), Order.currency)
    ).first()
    currency = by_currency[0] if by_currency else "RUB"
    revenue = {
        str(day)[:10]: Decimal(total or 0)
        for day, total in session.execute(
            select(paid_bucket, func.sum(Order.total))
            .where(*paid, Order.currency == currency)
            .group_by(paid_bucket)
        ).all()
    }
    points = []
    for offset in range(TREND_DAYS):
        key = (first + timedelta(days=offset)).isoformat()
        points.append(
            TrendPoint(
                day=key,
                new_users=users.get(key, 0),
                enrollments=enrollments.get(key, 0),
                revenue=revenue.get(key, Decimal(0)),
            )
        )
    return Trends(points=points, currency=currency)
