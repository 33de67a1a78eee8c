"""Admin list of every course (drafts included) and publishing or unpublishing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from edu_platform.models import Course, User
from edu_platform.services import paging
from edu_platform.services.accounts import require_admin
from edu_platform.services.admin_lists import (
    clean_query,
    course_condition,
)
from edu_platform.services.authoring.courses import publish_course, unpublish_course
from edu_platform.services.records import record_from
from edu_platform.services.text_match import contains

STATUSES = ("all", "published", "draft")
SORTS = {
    "newest": (Course.created_at.desc(),),
    "title": (func.lower(Course.title).asc(),),
    "learners": (Course.enrollment_count.desc(),),
    "rating": (Course.rating_avg.desc(), Course.rating_count.desc()),
    "price_desc": (Course.price.desc(),),
    "price_asc": (Course.price.asc(),),
}


@dataclass
class AdminCourseRow:
    id: int
    slug: str
    title: str
    teacher_id: int
    teacher_name: str
    teacher_email: str
    is_published: bool
    price: Decimal
    currency: str
    enrollment_count: int
    rating_avg: Decimal
    rating_count: int
    created_at: datetime


def _row(course: Course, teacher_name: str, teacher_email: str) -> AdminCourseRow:
    return record_from(
        AdminCourseRow, course, teacher_name=teacher_name, teacher_email=teacher_email
    )


def list_courses(
    *,
    session: Session,
    actor_id: int | None,
    q: str = "",
    status: str = "all",
    sort: str = "newest",
    page: int = 1,
    per_page: int = 20,
) -> paging.Page:
    """Courses matching `q` (title, slug, id, teacher name or email) and `status`, one page."""
    require_admin(session=session, user_id=actor_id)
    query = select(Course, User.full_name, User.email).join(User, User.id == Course.teacher_id)
    text = clean_query(q)
    if text:
        query = query.where(
            or_(course_condition(text), contains(User.full_name, text), contains(User.email, text))
        )
    if status == "published":
        query = query.where(Course.is_published.is_(True))
    elif status == "draft":
        query = query.where(Course.is_published.is_(False))
    return paging.fetch(
        session, query.order_by(*SORTS.get(sort, SORTS["newest"]), Course.id.desc()), page, per_page
    ).map(lambda row: _row(*row))


def set_published(
    *, session: Session, actor_id: int | None, course_id: int, published: bool
) -> AdminCourseRow:
    """Publish (the authoring rules apply: at least one lesson) or unpublish a course."""
    require_admin(session=session, user_id=actor_id)
    change = publish_course if published else unpublish_course
    course = change(session=session, actor_id=actor_id, course_id=course_id)
    teacher = session.get(User, course.teacher_id)
    return _row(course, teacher.full_name, teacher.email)
