"""Factories for commerce tests: users, courses and coupons written straight through the ORM."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from edu_platform.models import Coupon, Course, User


def make_user(session: Session, *, role: str = "student", name: str = "Test User") -> User:
    user = User(email=f"user-{secrets.token_hex(5)}@example.com", full_name=name, role=role)
    session.add(user)
    session.flush()
    return user


def make_course(
    session: Session,
    *,
    price: str | Decimal = "4990.00",
    title: str | None = None,
    teacher: User | None = None,
    published: bool = True,
    currency: str = "RUB",
) -> Course:
    teacher = teacher or make_user(session, role="teacher", name="Teacher")
    slug = f"course-{secrets.token_hex(5)}"
    course = Course(
        slug=slug,
        title=title or f"Course {slug}",
        price=Decimal(price),
        currency=currency,
        teacher_id=teacher.id,
        is_published=published,
    )
    session.add(course)
    session.flush()
    return course


def make_coupon(
    session: Session,
    *,
    code: str | None = None,
    kind: str = "percent",
    value: str | Decimal = "10",
    course_id: int | None = None,
    valid_until: datetime | None = None,
    usage_limit: int | None = None,
    is_active: bool = True,
) -> Coupon:
    coupon = Coupon(
        code=(code or f"TEST{secrets.token_hex(3)}").upper(),
        kind=kind,
        value=Decimal(value),
        course_id=course_id,
        valid_until=valid_until,
        usage_limit=usage_limit,
        is_active=is_active,
    )
    session.add(coupon)
    session.flush()
    return coupon
