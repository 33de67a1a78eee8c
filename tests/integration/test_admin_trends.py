"""The admin overview's 30-day trends: per-day counts of new users, enrolments and paid
revenue (in the leading currency), zeros for quiet days, admins only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from edu_platform.models import Enrollment, Order, OrderStatus
from edu_platform.services import admin_overview
from edu_platform.services.errors import Forbidden
from tests.support.factories import make_course, make_user

NOW = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
TODAY = NOW.date()


def _order(session, user, total: str, currency: str, paid_at: datetime) -> None:
    session.add(
        Order(
            user_id=user.id,
            status=OrderStatus.PAID,
            subtotal=Decimal(total),
            total=Decimal(total),
            currency=currency,
            paid_at=paid_at,
        )
    )


def test_trends_count_per_day_over_the_last_30_days(session):
    admin = make_user(session, role="admin")
    admin.created_at = NOW - timedelta(days=60)  # outside the window
    old = make_user(session)
    old.created_at = NOW - timedelta(days=30)  # the day before the first one shown
    recent = make_user(session)
    recent.created_at = NOW - timedelta(days=3)
    today = make_user(session)
    today.created_at = NOW
    teacher = make_user(session, role="teacher")
    teacher.created_at = NOW - timedelta(days=90)
    course = make_course(session, teacher=teacher)
    for user, days in ((recent, 3), (today, 0), (old, 29)):
        session.add(
            Enrollment(user_id=user.id, course_id=course.id, enrolled_at=NOW - timedelta(days=days))
        )
    _order(session, recent, "4990.00", "RUB", NOW - timedelta(days=3))
    _order(session, today, "1000.50", "RUB", NOW)
    _order(session, today, "10.00", "USD", NOW)  # another currency: not added to roubles
    _order(session, old, "700.00", "RUB", NOW - timedelta(days=45))  # outside the window
    session.flush()

    trends = admin_overview.trends(session=session, actor_id=admin.id, today=TODAY)

    assert len(trends.points) == 30
    assert trends.points[0].day == (TODAY - timedelta(days=29)).isoformat()
    assert trends.points[-1].day == TODAY.isoformat()
    assert trends.currency == "RUB"
    by_day = {point.day: point for point in trends.points}
    three_days_ago = by_day[(TODAY - timedelta(days=3)).isoformat()]
    assert (three_days_ago.new_users, three_days_ago.enrollments) == (1, 1)
    assert three_days_ago.revenue == Decimal("4990.00")
    last = by_day[TODAY.isoformat()]
    assert (last.new_users, last.enrollments, last.revenue) == (1, 1, Decimal("1000.50"))
    first = by_day[(TODAY - timedelta(days=29)).isoformat()]
    assert (first.new_users, first.enrollments, first.revenue) == (0, 1, Decimal(0))
    assert sum(point.new_users for point in trends.points) == 2
    assert sum(point.enrollments for point in trends.points) == 3
    assert sum(point.revenue for point in trends.points) == Decimal("5990.50")


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_trends_are_refused_to_non_admins(session, role):
    user = make_user(session, role=role)
    with pytest.raises(Forbidden):
        admin_overview.trends(session=session, actor_id=user.id)
    with pytest.raises(Forbidden):
        admin_overview.trends(session=session, actor_id=None)
