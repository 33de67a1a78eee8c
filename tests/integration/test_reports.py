"""Report figures against values computed by hand on a small fixed dataset (both DBs)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from edu_platform.models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    Order,
    User,
)
from edu_platform.services import audit_log, reports
from edu_platform.services.errors import Forbidden, Invalid
from tests.support.commerce import make_order_of_items
from tests.support.factories import make_enrollment


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


@pytest.fixture
def dataset(session):
    """Two courses, three learners, four orders (one refunded, one pending, one with coupon).

    Hand-computed figures for March 2026:
    - paid orders: #1 (Mar 2, 1000), #2 (Mar 2, 1500 = 2000 - 500 coupon over A 1000 + B
      1000), #4 (Mar 10, 3000): revenue 5500, 3 orders; refunded #3 and pending #5 excluded.
    - per course revenue: A = 1000 + 750 = 1750; B = 750 + 3000 = 3750.
    - weeks (Monday starts): Mar 2 week: 2500 / 2 orders; Mar 9 week: 3000 / 1.
    """
    admin = User(email="admin@r.test", full_name="Admin", role="admin")
    teacher = User(email="t@r.test", full_name="T", role="teacher")
    ann = User(email="ann@r.test", full_name="Ann")
    bob = User(email="bob@r.test", full_name="Bob")
    cid = User(email="cid@r.test", full_name="Cid")
    session.add_all([admin, teacher, ann, bob, cid])
    session.flush()
    course_a = Course(
        slug="a", title="Course A", teacher_id=teacher.id, price=Decimal("1000"), is_published=True
    )
    course_b = Course(
        slug="b", title="Course B", teacher_id=teacher.id, price=Decimal("1000"), is_published=True
    )
    session.add_all([course_a, course_b])
    session.flush()
    module = Module(course_id=course_a.id, title="M")
    session.add(module)
    session.flush()
    lessons = [
        Lesson(module_id=module.id, course_id=course_a.id, title=f"L{i}", position=i)
        for i in range(3)
    ]
    session.add_all(lessons)
    session.flush()

    def order(user, day, total, status="paid", items=()):
        paid_at = at(day) if status in ("paid", "refunded") else None
        make_order_of_items(
            session, user, items, total=total, status=status, created_at=at(day), paid_at=paid_at
        )

    order(ann, 2, "1000", items=[(course_a, "1000")])
    order(bob, 2, "1500", items=[(course_a, "1000"), (course_b, "1000")])
    order(cid, 3, "1000", status="refunded", items=[(course_b, "1000")])
    order(ann, 10, "3000", items=[(course_b, "3000")])
    order(cid, 11, "900", status="pending", items=[(course_b, "900")])

    for user, course, day, status, done, done_day in (
        (ann, course_a, 2, "completed", lessons, 5),
        (bob, course_a, 2, "active", lessons[:1], 6),
        (bob, course_b, 2, "active", [], None),
        (ann, course_b, 10, "active", [], None),
        (cid, course_b, 3, "cancelled", [], None),
    ):
        make_enrollment(
            session,
            user_id=user.id,
            course_id=course.id,
            enrolled_at=at(day),
            status=status,
            completed=done,
            completed_at=at(done_day) if done_day else None,
        )
    return {"admin": admin, "ann": ann, "bob": bob, "cid": cid, "a": course_a, "b": course_b}


MARCH = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}


def test_sales_by_week_match_hand_computed_values(session, dataset):
    points = reports.sales_dynamics(
        session=session, actor_id=dataset["admin"].id, granularity="week", **MARCH
    )
    by_period = {p.period: (p.revenue, p.orders) for p in points}
    assert by_period["2026-03-02"] == ("2500.00", 2)
    assert by_period["2026-03-09"] == ("3000.00", 1)
    assert by_period["2026-02-23"] == ("0.00", 0)  # the week containing March 1 (a Sunday)
    assert sum(Decimal(p.revenue) for p in points) == Decimal("5500.00")


def test_sales_by_day_fill_empty_days_with_zeros(session, dataset):
    points = reports.sales_dynamics(
        session=session, actor_id=dataset["admin"].id, granularity="day", **MARCH
    )
    assert len(points) == 31
    assert [p.period for p in points if p.orders] == ["2026-03-02", "2026-03-10"]
    assert points[1].revenue == "2500.00"


def test_sales_by_month(session, dataset):
    points = reports.sales_dynamics(
        session=session,
        actor_id=dataset["admin"].id,
        granularity="month",
        date_from=date(2026, 2, 1),
        date_to=date(2026, 3, 31),
    )
    assert [(p.period, p.revenue, p.orders) for p in points] == [
        ("2026-02-01", "0.00", 0),
        ("2026-03-01", "5500.00", 3),
    ]


def test_top_courses_by_revenue_spread_coupons_over_items(session, dataset):
    top = reports.top_courses(session=session, actor_id=dataset["admin"].id, **MARCH)
    assert [(c.title, c.revenue, c.orders) for c in top] == [
        ("Course B", "3750.00", 2),
        ("Course A", "1750.00", 2),
    ]


def test_top_courses_by_enrollments(session, dataset):
    top = reports.top_courses(
        session=session, actor_id=dataset["admin"].id, by="enrollments", **MARCH
    )
    assert [(c.title, c.enrollments) for c in top] == [("Course B", 3), ("Course A", 2)]


def test_user_activity(session, dataset):
    rows, total = reports.user_activity(session=session, actor_id=dataset["admin"].id, **MARCH)
    assert total == 3
    figures = {r.email: (r.enrollments, r.lessons_done, r.spend) for r in rows}
    assert figures == {
        "ann@r.test": (2, 3, "4000.00"),
        "bob@r.test": (2, 1, "1500.00"),
        "cid@r.test": (1, 0, "0.00"),
    }
    assert [r.email for r in rows] == ["ann@r.test", "bob@r.test", "cid@r.test"]


def test_user_activity_follows_later_changes_of_the_counted_rows(session, dataset):
    """The daily rollup (alembic 0022 triggers) follows updates, deletes and bulk inserts."""
    from sqlalchemy import delete, insert, select, update

    ann, bob, cid = dataset["ann"], dataset["bob"], dataset["cid"]
    # Ann's March 10 order is refunded; Cid's pending order is paid.
    session.execute(
        update(Order)
        .where(Order.user_id == ann.id, Order.total == Decimal("3000"))
        .values(status="refunded")
    )
    session.execute(
        update(Order)
        .where(Order.user_id == cid.id, Order.status == "pending")
        .values(status="paid", paid_at=at(11))
    )
    # One of Ann's completions is undone, another moves to April (out of range).
    progress = session.scalars(
        select(LessonProgress).where(LessonProgress.user_id == ann.id).order_by(LessonProgress.id)
    ).all()
    progress[0].completed_at = None
    progress[1].completed_at = datetime(2026, 4, 2, tzinfo=UTC)
    session.add_all(progress[:2])
    # Bob's enrolments go; Bob and Cid enrol again in one bulk INSERT (one statement).
    session.execute(delete(LessonProgress).where(LessonProgress.user_id == bob.id))
    session.execute(delete(Enrollment).where(Enrollment.user_id == bob.id))
    session.execute(
        insert(Enrollment),
        [
            {"user_id": cid.id, "course_id": dataset["a"].id, "enrolled_at": at(20)},
            {"user_id": bob.id, "course_id": dataset["a"].id, "enrolled_at": at(21)},
        ],
    )
    session.flush()

    rows, total = reports.user_activity(session=session, actor_id=dataset["admin"].id, **MARCH)
    figures = {r.email: (r.enrollments, r.lessons_done, r.spend) for r in rows}
    assert figures == {
        "ann@r.test": (2, 1, "1000.00"),
        "bob@r.test": (1, 0, "1500.00"),
        "cid@r.test": (2, 0, "900.00"),
    }
    assert total == 3
    # A page past the end still counts the active users.
    assert reports.user_activity(
        session=session, actor_id=dataset["admin"].id, page=5, per_page=1, **MARCH
    ) == ([], 3)


def test_completion_rates_ignore_cancelled_enrollments(session, dataset):
    rates = {
        r.title: (r.enrollments, r.completed, r.rate_percent)
        for r in reports.completion_rates(session=session, actor_id=dataset["admin"].id)
    }
    assert rates == {"Course A": (2, 1, 50), "Course B": (2, 0, 0)}


def test_reports_are_for_admins_only(session, dataset):
    with pytest.raises(Forbidden):
        reports.sales_dynamics(session=session, actor_id=dataset["ann"].id, **MARCH)
    with pytest.raises(Forbidden):
        reports.top_courses(session=session, actor_id=None)


def test_bad_report_input_names_the_field(session, dataset):
    admin_id = dataset["admin"].id
    with pytest.raises(Invalid) as error:
        reports.sales_dynamics(session=session, actor_id=admin_id, granularity="year")
    assert error.value.field == "granularity"
    with pytest.raises(Invalid) as error:
        reports.top_courses(
            session=session, actor_id=admin_id, date_from=date(2026, 4, 1), date_to=date(2026, 3, 1)
        )
    assert error.value.field == "date_from"
    with pytest.raises(Invalid) as error:
        reports.sales_dynamics(session=session, actor_id=admin_id, currency="XXX")
    assert error.value.field == "currency"


def test_csv_export_has_a_header_and_one_line_per_row(session, dataset):
    top = reports.top_courses(session=session, actor_id=dataset["admin"].id, **MARCH)
    lines = reports.to_csv(top).strip().splitlines()
    assert lines[0] == "course_id,title,revenue,orders,enrollments,currency"
    assert len(lines) == 3 and "Course B,3750.00,2,3,RUB" in lines[1]


def test_audit_log_filters_by_table_row_and_actor(session, dataset):
    from edu_platform.audit import acting_as

    admin = dataset["admin"]
    with acting_as(admin.id):
        dataset["a"].title = "Course A (renamed)"
        session.add(dataset["a"])
        session.flush()
    page = audit_log.list_entries(
        session=session,
        actor_id=admin.id,
        table="course",
        row_id=dataset["a"].id,
        by_actor_id=admin.id,
    )
    assert page.total == 1
    entry = page.items[0]
    assert entry.action == "update" and entry.actor_name == "Admin"
    changes = {c.field: (c.old, c.new) for c in entry.changes}
    assert changes["title"] == ("Course A", "Course A (renamed)")
    everything = audit_log.list_entries(session=session, actor_id=admin.id, per_page=100)
    assert everything.total >= 10  # inserts of users, courses, orders, enrolments ...
    with pytest.raises(Forbidden):
        audit_log.list_entries(session=session, actor_id=dataset["bob"].id)
