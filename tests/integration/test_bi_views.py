"""PostgreSQL BI views: their figures, and the `edu_bi` role that reads them but no table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from edu_platform.models import Order, OrderItem, Review, utcnow
from edu_platform.services import metrics
from tests.support.metrics_data import WINDOW, build_metrics_world


@pytest.fixture
def backend() -> str:
    return "postgres"  # roles and views exist on PostgreSQL only


@pytest.fixture
def world(session):
    return build_metrics_world(session)


def as_bi(session, sql: str):
    """Run `sql` as edu_bi inside a savepoint (a refusal rolls the role back with it)."""
    with session.begin_nested():
        session.execute(text("SET LOCAL ROLE edu_bi"))
        rows = session.execute(text(sql)).mappings().all()
        session.execute(text("RESET ROLE"))
        return rows


def test_views_answer_for_the_bi_role(session, world):
    course = world.course
    course.price = Decimal("100.00")
    order = Order(
        user_id=world.steady.id, status="paid", subtotal=Decimal("100.00"),
        discount=Decimal("20.00"), total=Decimal("80.00"), paid_at=utcnow(),
    )  # fmt: skip
    session.add(order)
    session.flush()
    session.add(OrderItem(order_id=order.id, course_id=course.id, price=Decimal("100.00")))
    session.add(Review(user_id=world.steady.id, course_id=course.id, rating=5, comment="ok"))
    session.flush()
    metrics.store_course_metrics(
        session=session, course_id=course.id, date_from=WINDOW[0], date_to=WINDOW[1],
        metrics=["completion"],
    )  # fmt: skip

    sales = as_bi(session, f"SELECT * FROM vw_course_sales WHERE course_id = {course.id}")
    assert (sales[0]["paid_orders"], sales[0]["revenue"]) == (1, Decimal("80.00"))
    ratings = as_bi(session, f"SELECT * FROM vw_course_ratings WHERE course_id = {course.id}")
    assert ratings[0]["stars_5"] == 1
    progress = as_bi(session, f"SELECT * FROM vw_user_progress WHERE course_id = {course.id}")
    assert {row["user_id"] for row in progress} == {world.steady.id, world.late.id, world.idle.id}
    values = as_bi(
        session,
        "SELECT user_id, value FROM vw_learning_metrics"
        f" WHERE course_id = {course.id} AND metric = 'completion' AND scope = 'enrollment'",
    )
    assert {row["user_id"]: row["value"] for row in values}[world.steady.id] == 0.5
    assert WINDOW[0] == date(2026, 3, 1)


def test_bi_role_cannot_read_tables(session, world):
    with pytest.raises(ProgrammingError, match="permission denied"):
        as_bi(session, 'SELECT email FROM "user"')
