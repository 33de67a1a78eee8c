"""Catalog reads for the home page and course cards (public data only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import cache
from edu_platform.i18n import LANGUAGES, format_decimal, price_labels
from edu_platform.models import Category, Course, User
from edu_platform.services import media


@dataclass
class CourseCard:
    """A course as the catalog and home page show it (API.md's course card)."""

    id: int
    slug: str
    title: str
    summary: str
    price: str
    currency: str
    level: str
    language: str
    category_id: int | None
    category_name: str
    teacher_id: int
    teacher_name: str
    rating_avg: float
    rating_label: str  # "4.3": one decimal, as cards show it
    rating_count: int
    enrollment_count: int
    banner_url: str
    is_free: bool
    # The price formatted for each UI language ("4 990,00 ₽" / "RUB 4,990.00").
    price_labels: dict[str, str] = field(default_factory=dict)
    # The category's name in each UI language.
    category_names: dict[str, str] = field(default_factory=dict)
    # The average rating with one decimal per UI language ("4,3" / "4.3").
    rating_labels: dict[str, str] = field(default_factory=dict)
    kind: str = "course"  # course | material (written by any user, free)


@dataclass
class CategorySummary:
    id: int
    slug: str
    name: str
    course_count: int
    names: dict[str, str] = field(default_factory=dict)  # per UI language


def category_labels(name: str | None, name_en: str | None) -> dict[str, str]:
    """A category's name per UI language: `name` in Russian, `name_en` (else `name`) in
    English; empty for a course without a category."""
    return {"ru": name or "", "en": name_en or name or ""}


def _card_query():
    return (
        select(Course, Category.name, User.full_name, Category.name_en)
        .join(User, User.id == Course.teacher_id)
        .outerjoin(Category, Category.id == Course.category_id)
        .where(Course.is_published.is_(True))
    )


def to_card(
    course: Course, category_name: str | None, teacher_name: str, category_name_en: str | None = ""
) -> CourseCard:
    price = Decimal(course.price)
    return CourseCard(
        id=course.id,
        slug=course.slug,
        title=course.title,
        summary=course.summary or "",
        price=f"{price:.2f}",
        currency=course.currency,
        level=course.level,
        language=course.language,
        category_id=course.category_id,
        category_name=category_name or "",
        teacher_id=course.teacher_id,
        teacher_name=teacher_name,
        rating_avg=float(course.rating_avg or 0),
        rating_label=f"{float(course.rating_avg or 0):.1f}",
        rating_count=course.rating_count or 0,
        enrollment_count=course.enrollment_count or 0,
        banner_url=media.public_url(course.banner) if course.banner else "",
        is_free=price == 0,
        price_labels=price_labels(price, course.currency),
        kind=course.kind or "course",
        category_names=category_labels(category_name, category_name_en),
        rating_labels={
            lang: format_decimal(course.rating_avg or 0, lang, places=1) for lang in LANGUAGES
        },
    )


def featured_courses(*, session: Session, limit: int = 8) -> list[CourseCard]:
    """Published courses marked featured, best rated first."""
    rows = session.execute(
        _card_query()
        .where(Course.is_featured.is_(True))
        .order_by(Course.rating_avg.desc(), Course.id)
        .limit(limit)
    ).all()
    return [to_card(*row) for row in rows]


def popular_courses(*, session: Session, limit: int = 8) -> list[CourseCard]:
    """Published courses with the most enrolments."""
    rows = session.execute(
        _card_query().order_by(Course.enrollment_count.desc(), Course.id).limit(limit)
    ).all()
    return [to_card(*row) for row in rows]


def categories_with_counts(*, session: Session) -> list[CategorySummary]:
    """Every category with the number of its published courses, largest first."""
    count = func.count(Course.id)
    rows = session.execute(
        select(Category.id, Category.slug, Category.name, count, Category.name_en)
        .outerjoin(Course, (Course.category_id == Category.id) & Course.is_published.is_(True))
        .group_by(Category.id, Category.slug, Category.name, Category.name_en)
        .order_by(count.desc(), Category.name, Category.id)  # id: pages never overlap
    ).all()
    return [
        CategorySummary(
            id=r[0], slug=r[1], name=r[2], course_count=r[3], names=category_labels(r[2], r[4])
        )
        for r in rows
    ]


@dataclass
class HomePage:
    featured: list[CourseCard]
    popular: list[CourseCard]
    categories: list[CategorySummary]


def home_page(*, session: Session) -> HomePage:
    """Everything the home page shows, in one transaction (through the catalog cache)."""
    return cache.cached(
        "home",
        lambda: HomePage(
            featured=featured_courses(session=session),
            popular=popular_courses(session=session),
            categories=categories_with_counts(session=session),
        ),
    )


@dataclass
class CourseAggregates:
    rating_avg: Decimal
    rating_count: int
    enrollment_count: int
    lessons_count: int


def recalculate_course_aggregates(*, session: Session, course_id: int) -> CourseAggregates:
    """Recount a course's rating, enrolment and lesson counters from their rows.

    Services keep these counters current in the transaction that moves them; this is the
    repair path (after bulk imports, or as a periodic check). Idempotent.
    """
    from edu_platform.models import Enrollment, Lesson
    from edu_platform.models.learning import ACCESS_STATUSES
    from edu_platform.services.errors import NotFound

    course = session.get(Course, course_id)
    if course is None:
        raise NotFound(f"course {course_id} does not exist", field="course_id")
    from edu_platform.services.reviews import refresh_rating

    refresh_rating(session, course)
    course.enrollment_count = session.scalar(
        select(func.count(Enrollment.id)).where(
            Enrollment.course_id == course_id, Enrollment.status.in_(ACCESS_STATUSES)
        )
    )
    course.lessons_count = session.scalar(
        select(func.count(Lesson.id)).where(Lesson.course_id == course_id)
    )
    session.add(course)
    session.flush()
    return CourseAggregates(
        course.rating_avg, course.rating_count, course.enrollment_count, course.lessons_count
    )


cache.register(CourseCard, CategorySummary, HomePage)
