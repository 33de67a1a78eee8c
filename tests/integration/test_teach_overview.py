"""/teach overview figures: enrolments and revenue per week and course (both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from edu_platform.models import Course, Enrollment, Order, OrderItem, User
from edu_platform.services.errors import Forbidden
from edu_platform.services.teach_overview import teach_overview

TODAY = date(2026, 12, 2)  # a Wednesday: the last week starts on Monday 30 Nov


def at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def shop(session):
    teacher = User(email="t@ov.test", full_name="T", role="teacher")
    other = User(email="o@ov.test", full_name="O", role="teacher")
    learners = [User(email=f"l{n}@ov.test", full_name=f"L{n}") for n in range(8)]
    session.add_all([teacher, other, *learners])
    session.flush()
    courses = [
        Course(slug=f"c{n}", title=f"Course {n}", teacher_id=teacher.id, price=Decimal(1000))
        for n in range(7)
    ]
    foreign = Course(slug="foreign", title="Not mine", teacher_id=other.id)
    session.add_all([*courses, foreign])
    session.flush()
    return {"teacher": teacher, "other": other, "learners": learners, "courses": courses,
            "foreign": foreign}  # fmt: skip


def enrol(session, user, course, when):
    session.add(Enrollment(user_id=user.id, course_id=course.id, enrolled_at=when))


def order(session, user, items, when, *, discount=Decimal(0), status="paid", currency="RUB"):
    subtotal = sum(price for _, price in items)
    row = Order(
        user_id=user.id,
        status=status,
        subtotal=subtotal,
        discount=discount,
        total=subtotal - discount,
        currency=currency,
        paid_at=when,
    )
    session.add(row)
    session.flush()
    for course, price in items:
        session.add(OrderItem(order_id=row.id, course_id=course.id, title="x", price=price))


def test_weeks_count_enrolments_and_paid_revenue_per_course(session, shop):
    c0, c1 = shop["courses"][:2]
    learners = shop["learners"]
    enrol(session, learners[0], c0, at(30))  # this week
    enrol(session, learners[1], c0, at(24))  # week of 23 Nov
    enrol(session, learners[2], c1, at(23))
    enrol(session, learners[3], c0, at(1, 8))  # before the 12-week window
    enrol(session, learners[4], shop["foreign"], at(30))  # someone else's course
    # 2000 of items, 500 off: each course's share is 3/4 of its price.
    order(session, learners[0], [(c0, Decimal(1000)), (c1, Decimal(1000))], at(30),
          discount=Decimal(500))  # fmt: skip
    order(session, learners[1], [(c0, Decimal(990))], at(24), status="refunded")
    order(session, learners[2], [(c1, Decimal(100))], at(24), currency="USD")
    session.flush()

    overview = teach_overview(session=session, actor_id=shop["teacher"].id, today=TODAY)
    assert len(overview.points) == 12
    assert overview.points[0]["monday"] == "2026-09-14"
    last, before = overview.points[-1], overview.points[-2]
    assert (last["week_ru"], last["week_en"]) == ("30.11", "Nov 30")
    assert [(s.key, s.name) for s in overview.series] == [("s0", "Course 0"), ("s1", "Course 1")]
    assert {k: v for k, v in last.items() if k[:2] in ("e_", "r_")} == {
        "e_s0": 1,
        "r_s0": 750.0,
        "r_s1": 750.0,
    }
    assert {k: v for k, v in before.items() if k[:2] in ("e_", "r_")} == {"e_s0": 1, "e_s1": 1}
    assert overview.enrolments == 3
    assert overview.revenue == 1500.0
    assert overview.currency == "RUB"


def test_courses_beyond_the_top_five_are_summed_as_other(session, shop):
    learners = shop["learners"]
    for index, course in enumerate(shop["courses"]):  # course n gets 7 - n enrolments
        for learner in learners[: 7 - index]:
            enrol(session, learner, course, at(30))
    session.flush()
    overview = teach_overview(session=session, actor_id=shop["teacher"].id, today=TODAY)
    assert [s.key for s in overview.series] == ["s0", "s1", "s2", "s3", "s4", "other"]
    assert [s.name for s in overview.series][:5] == [f"Course {n}" for n in range(5)]
    last = overview.points[-1]
    assert (last["e_s0"], last["e_s4"], last["e_other"]) == (7, 3, 2 + 1)


def test_a_teacher_without_courses_gets_empty_weeks(session, shop):
    lone = User(email="lone@ov.test", full_name="Lone", role="teacher")
    session.add(lone)
    session.flush()
    overview = teach_overview(session=session, actor_id=lone.id, today=TODAY)
    assert overview.series == []
    assert len(overview.points) == 12
    assert overview.enrolments == 0


def test_learners_are_refused(session, shop):
    with pytest.raises(Forbidden):
        teach_overview(session=session, actor_id=shop["learners"][0].id, today=TODAY)
