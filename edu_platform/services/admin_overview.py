"""The admin panel's overview: users by role, published courses, paid orders, revenue."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.models import Course, Order, OrderStatus, Role, User
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
