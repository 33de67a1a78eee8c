"""/teach overview: enrolments and revenue per week and course, for the teacher's charts.

Weeks are Monday-based UTC weeks, the current one last. The five courses with the most
activity in the window get their own series; the rest are summed as "other". Revenue is
what learners paid for each course: the item's price less its share of the order's
discount, in the teacher's main currency (orders in other currencies are left out).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.i18n import format_day_month, format_month_day
from edu_platform.models import Course, Enrollment, Order, OrderItem, Role, utcnow
from edu_platform.models.commerce import OrderStatus
from edu_platform.services.authoring.common import require_author

WEEKS = 12
TOP_COURSES = 5
OTHER = "other"


@dataclass
class OverviewSeries:
    key: str  # "s0".."s4" or "other": the data key in every week's point
    name: str  # the course title ("" for the other courses: the page names it)
    course_id: int = 0
    color: str = ""


@dataclass
class TeachOverview:
    # One point per week: {"week_ru": "23.11", "week_en": "Nov 23", "e_s0": 3, "r_s0": 4990.0}
    points: list[dict] = field(default_factory=list)
    series: list[OverviewSeries] = field(default_factory=list)
    currency: str = "RUB"
    enrolments: int = 0
    revenue: float = 0.0


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _day(moment: datetime) -> date:
    return moment.date()


def teach_overview(
    *, session: Session, actor_id: int | None, weeks: int = WEEKS, today: date | None = None
) -> TeachOverview:
    """The actor's courses (an admin: every course), week by week; Forbidden for learners."""
    actor = require_author(session, actor_id)
    weeks = max(1, min(int(weeks), 52))
    first = _monday(today or utcnow().date()) - timedelta(weeks=weeks - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=utcnow().tzinfo)
    courses_query = select(Course.id, Course.title, Course.currency)
    if actor.role != Role.ADMIN.value:
        courses_query = courses_query.where(Course.teacher_id == actor.id)
    courses = {cid: (title, currency) for cid, title, currency in session.execute(courses_query)}
    if not courses:
        return TeachOverview(points=_empty_points(first, weeks))
    currency = Counter(currency for _, currency in courses.values()).most_common(1)[0][0]
    ids = list(courses)

    enrolled = session.execute(
        select(Enrollment.course_id, Enrollment.enrolled_at).where(
            Enrollment.course_id.in_(ids), Enrollment.enrolled_at >= start
        )
    ).all()
    paid = session.execute(
        select(OrderItem.course_id, OrderItem.price, Order.subtotal, Order.total, Order.paid_at)
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            OrderItem.course_id.in_(ids),
            Order.status == OrderStatus.PAID.value,
            Order.currency == currency,
            Order.paid_at >= start,
        )
    ).all()

    activity: Counter[int] = Counter(course_id for course_id, _ in enrolled)
    activity.update(course_id for course_id, *_ in paid)
    top = [course_id for course_id, _ in activity.most_common(TOP_COURSES)]
    key_of = {course_id: f"s{index}" for index, course_id in enumerate(top)}
    series = [OverviewSeries(key_of[cid], courses[cid][0], cid) for cid in top]
    if len(activity) > len(top):
        series.append(OverviewSeries(OTHER, ""))

    points = _empty_points(first, weeks)
    index_of = {point["monday"]: point for point in points}
    for course_id, enrolled_at in enrolled:
        point = index_of.get(_monday(_day(enrolled_at)).isoformat())
        if point is not None:
            key = "e_" + key_of.get(course_id, OTHER)
            point[key] = point.get(key, 0) + 1
    for course_id, price, subtotal, total, paid_at in paid:
        point = index_of.get(_monday(_day(paid_at)).isoformat())
        if point is None:
            continue
        share = Decimal(price) * Decimal(total) / Decimal(subtotal) if subtotal else Decimal(0)
        key = "r_" + key_of.get(course_id, OTHER)
        point[key] = round(point.get(key, 0) + float(share), 2)
    return TeachOverview(
        points=points,
        series=series,
        currency=currency,
        enrolments=len(enrolled),
        revenue=round(sum(v for p in points for k, v in p.items() if k.startswith("r_")), 2),
    )


def _empty_points(first: date, weeks: int) -> list[dict]:
    days = [first + timedelta(weeks=n) for n in range(weeks)]
    return [
        {
            "monday": day.isoformat(),
            "week_ru": format_day_month(day, "ru"),
            "week_en": format_month_day(day, "en"),
        }
        for day in days
    ]
