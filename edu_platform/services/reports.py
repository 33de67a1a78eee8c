"""Admin reports: sales over time, top courses, user activity, completion rates.

Revenue counts paid orders (refunded ones are excluded) by `paid_at`; a course's share of
an order is its item price scaled by total/subtotal, so coupons are spread over the items.
Courses sell in RUB, USD or EUR and amounts of different currencies are never added up:
the revenue reports count the orders of one currency (`currency`, the platform's default
currency unless asked) and every row says which.
Every figure is one grouped query (no per-row work in Python), so the reports answer
quickly over the large seed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Date, case, cast, func, literal, select
from sqlalchemy.orm import Session

from edu_platform.i18n import CURRENCIES
from edu_platform.models import Course, Enrollment, Order, OrderItem, User, UserActivityDaily
from edu_platform.services import paging
from edu_platform.services.accounts import require_admin
from edu_platform.services.csv_export import write_csv
from edu_platform.services.errors import Invalid
from edu_platform.settings import settings

GRANULARITIES = ("day", "week", "month")
MAX_RANGE_DAYS = 3 * 366
CENT = Decimal("0.01")
# The most rows a CSV export of the user-activity report holds (a spreadsheet opens it).
EXPORT_ROWS = 100_000


@dataclass
class SalesPoint:
    period: str  # ISO date of the period's first day
    revenue: str  # decimal string
    orders: int
    currency: str


@dataclass
class CourseFigure:
    course_id: int
    title: str
    revenue: str
    orders: int
    enrollments: int
    currency: str  # of `revenue`


@dataclass
class UserActivity:
    user_id: int
    email: str
    full_name: str
    enrollments: int
    lessons_done: int
    spend: str


@dataclass
class CompletionRate:
    course_id: int
    title: str
    enrollments: int
    completed: int
    rate_percent: int


@dataclass
class DateRange:
    start: datetime  # inclusive, UTC midnight
    end: datetime  # exclusive

    @classmethod
    def of(cls, date_from: date | None, date_to: date | None) -> DateRange:
        """[date_from, date_to] as whole UTC days; default: the last 30 days."""
        today = datetime.now(UTC).date()
        date_to = date_to or today
        date_from = date_from or date_to - timedelta(days=29)
        if date_from > date_to:
            raise Invalid("date_from is after date_to", field="date_from")
        if (date_to - date_from).days > MAX_RANGE_DAYS:
            raise Invalid("the range is longer than three years", field="date_from")
        return cls(
            datetime.combine(date_from, time.min, tzinfo=UTC),
            datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=UTC),
        )


def _money(value: object) -> str:
    return str(Decimal(str(value or 0)).quantize(CENT))


def _currency(currency: str | None) -> str:
    """The currency a revenue report counts: `currency` (checked), else the default."""
    if currency in (None, ""):
        return settings.default_currency
    if currency not in CURRENCIES:
        raise Invalid(f"currency must be one of {', '.join(CURRENCIES)}", field="currency")
    return currency


def _paid_orders(range_: DateRange, currency: str):
    return (
        Order.status == "paid",
        Order.paid_at >= range_.start,
        Order.paid_at < range_.end,
        Order.currency == currency,
    )


def _item_revenue():
    """An item's share of its order's total (coupons spread over the items)."""
    return case(
        (Order.subtotal > 0, OrderItem.price * Order.total / Order.subtotal),
        else_=literal(0),
    )


def sales_dynamics(
    *,
    session: Session,
    actor_id: int | None,
    date_from: date | None = None,
    date_to: date | None = None,
    granularity: str = "day",
    currency: str | None = None,
) -> list[SalesPoint]:
    """Revenue and paid orders in `currency` per day, week or month; periods without sales
    are zeros."""
    require_admin(session=session, user_id=actor_id)
    if granularity not in GRANULARITIES:
        raise Invalid(f"granularity must be one of {', '.join(GRANULARITIES)}", field="granularity")
    currency = _currency(currency)
    range_ = DateRange.of(date_from, date_to)
    period = _period(session, Order.paid_at, granularity).label("period")
    rows = session.execute(
        select(period, func.coalesce(func.sum(Order.total), 0), func.count(Order.id))
        .where(*_paid_orders(range_, currency))
        .group_by(period)
        .order_by(period)
    ).all()
    found = {str(row[0])[:10]: row for row in rows}
    points = []
    for start in _periods(range_, granularity):
        row = found.get(start.isoformat())
        points.append(
            SalesPoint(
                start.isoformat(),
                _money(row[1] if row else 0),
                int(row[2]) if row else 0,
                currency,
            )
        )
    return points


def _period(session: Session, column, granularity: str):
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc(granularity, func.timezone("UTC", column)), Date)
    if granularity == "day":
        return func.date(column)
    if granularity == "month":
        return func.date(column, "start of month")
    # SQLite: Monday of the ISO week ('weekday 0' is the next Sunday; step back 6 days).
    return func.date(column, "weekday 0", "-6 days")


def _periods(range_: DateRange, granularity: str) -> list[date]:
    first, last = range_.start.date(), (range_.end - timedelta(days=1)).date()
    if granularity == "week":
        first -= timedelta(days=first.weekday())
    elif granularity == "month":
        first = first.replace(day=1)
    periods, current = [], first
    while current <= last:
        periods.append(current)
        if granularity == "day":
            current += timedelta(days=1)
        elif granularity == "week":
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return periods


def top_courses(
    *,
    session: Session,
    actor_id: int | None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 10,
    by: str = "revenue",
    currency: str | None = None,
) -> list[CourseFigure]:
    """Courses ranked by revenue (paid orders in `currency` in range) or by enrolments (made
    in range, any currency; their revenue column still counts `currency` only)."""
    require_admin(session=session, user_id=actor_id)
    currency = _currency(currency)
    if by not in ("revenue", "enrollments"):
        raise Invalid("by must be revenue or enrollments", field="by")
    if not 1 <= limit <= 100:
        raise Invalid("limit must be 1..100", field="limit")
    range_ = DateRange.of(date_from, date_to)
    revenue = (
        select(
            OrderItem.course_id.label("course_id"),
            func.sum(_item_revenue()).label("revenue"),
            func.count(func.distinct(Order.id)).label("orders"),
        )
        .join(Order, Order.id == OrderItem.order_id)
        .where(*_paid_orders(range_, currency))
        .group_by(OrderItem.course_id)
        .subquery()
    )
    enrolled = (
        select(
            Enrollment.course_id.label("course_id"), func.count(Enrollment.id).label("enrollments")
        )
        .where(Enrollment.enrolled_at >= range_.start, Enrollment.enrolled_at < range_.end)
        .group_by(Enrollment.course_id)
        .subquery()
    )
    listed_by_enrolments = enrolled.c.course_id.is_not(None)
    if by == "revenue":  # a course with learners but no sales: in its own currency's ranking
        listed_by_enrolments &= Course.currency == currency
    revenue_value = func.coalesce(revenue.c.revenue, 0)
    enrollments_value = func.coalesce(enrolled.c.enrollments, 0)
    order = revenue_value if by == "revenue" else enrollments_value
    rows = session.execute(
        select(
            Course.id,
            Course.title,
            revenue_value,
            func.coalesce(revenue.c.orders, 0),
            enrollments_value,
        )
        .outerjoin(revenue, revenue.c.course_id == Course.id)
        .outerjoin(enrolled, enrolled.c.course_id == Course.id)
        .where((revenue.c.course_id.is_not(None)) | listed_by_enrolments)
        .order_by(order.desc(), Course.id)
        .limit(limit)
    ).all()
    return [CourseFigure(r[0], r[1], _money(r[2]), int(r[3]), int(r[4]), currency) for r in rows]


def user_activity(
    *,
    session: Session,
    actor_id: int | None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
    per_page: int = 20,
    sort: str = "spend",
    whole: bool = False,
) -> tuple[list[UserActivity], int]:
    """Per user: enrolments made, lessons completed and money spent in the range.

    Summed from `user_activity_daily` (one row per user and UTC day, kept by database
    triggers in the transactions that write enrolments, completions and orders), so the
    report reads a few rows per active user-day instead of every raw row; the page and
    the total come from one query.
    """
    require_admin(session=session, user_id=actor_id)
    range_ = DateRange.of(date_from, date_to)
    if sort not in ("spend", "enrollments", "lessons_done"):
        raise Invalid("sort must be spend, enrollments or lessons_done", field="sort")
    daily = UserActivityDaily
    values = {
        "enrollments": func.sum(daily.enrollments),
        "lessons_done": func.sum(daily.lessons_done),
        "spend": func.sum(daily.spend),
    }
    # `whole`: the CSV export, every row up to EXPORT_ROWS, not one page of them.
    page, per_page = (1, EXPORT_ROWS) if whole else paging.checked(page, per_page)
    active = (
        select(
            daily.user_id.label("user_id"),
            values["enrollments"].label("enrollments"),
            values["lessons_done"].label("lessons_done"),
            values["spend"].label("spend"),
            func.count().over().label("total"),
        )
        .where(daily.day >= range_.start.date(), daily.day < range_.end.date())
        .group_by(daily.user_id)
        .having(
            (values["enrollments"] > 0)
            | (values["lessons_done"] > 0)
            | (func.sum(daily.paid_orders) > 0)
        )
        .order_by(values[sort].desc(), daily.user_id)
        .offset(paging.offset(page, per_page))
        .limit(per_page)
        .subquery()
    )
    rows = session.execute(
        select(
            User.id,
            User.email,
            User.full_name,
            active.c.enrollments,
            active.c.lessons_done,
            active.c.spend,
            active.c.total,
        )
        .join(active, active.c.user_id == User.id)
        .order_by(getattr(active.c, sort).desc(), User.id)
    ).all()
    # A page past the end has no row to carry the window total: count on its own.
    total = int(rows[0][6]) if rows else paging.count(session, active.element)
    return [UserActivity(r[0], r[1], r[2], int(r[3]), int(r[4]), _money(r[5])) for r in rows], total


def completion_rates(
    *, session: Session, actor_id: int | None, limit: int = 20
) -> list[CompletionRate]:
    """Share of each course's enrolments that are completed (courses with most learners)."""
    require_admin(session=session, user_id=actor_id)
    completed = func.sum(case((Enrollment.status == "completed", 1), else_=0))
    total = func.count(Enrollment.id)
    rows = session.execute(
        select(Course.id, Course.title, total, completed)
        .join(Enrollment, Enrollment.course_id == Course.id)
        .where(Enrollment.status.in_(("active", "completed")))
        .group_by(Course.id, Course.title)
        .order_by(total.desc(), Course.id)
        .limit(limit)
    ).all()
    return [
        CompletionRate(
            r[0], r[1], int(r[2]), int(r[3] or 0), int(100 * (r[3] or 0) // r[2]) if r[2] else 0
        )
        for r in rows
    ]


def to_csv(rows: list) -> str:
    """A report's rows as CSV text (header from the dataclass fields; formula-like text
    cells escaped)."""
    if not rows:
        return ""
    names = [f.name for f in fields(rows[0])]
    return write_csv(names, ([getattr(row, name) for name in names] for row in rows))


def format_total(amounts: list[str]) -> str:
    """The sum of decimal strings, as a decimal string."""
    return _money(sum((Decimal(a) for a in amounts), Decimal(0)))
