"""Admin moderation of reviews: list them all, hide an abusive one or show it again.

Hiding changes what the course's rating is computed from, so `rating_avg` and
`rating_count` are recomputed (reviews.refresh_rating) in the same transaction, with the
course row locked like a review write does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import Course, Review, User
from edu_platform.services import paging
from edu_platform.services.accounts import require_admin
from edu_platform.services.admin_lists import (
    clean_query,
    course_condition,
)
from edu_platform.services.errors import NotFound
from edu_platform.services.orders import lock_row
from edu_platform.services.records import record_from
from edu_platform.services.reviews import refresh_rating
from edu_platform.services.text_match import contains

VISIBILITY = ("all", "visible", "hidden")
SORTS = {
    "newest": (Review.created_at.desc(),),
    "oldest": (Review.created_at.asc(),),
    "rating_asc": (Review.rating.asc(),),
    "rating_desc": (Review.rating.desc(),),
}


@dataclass
class AdminReviewRow:
    id: int
    course_id: int
    course_title: str
    course_slug: str
    user_id: int
    email: str
    full_name: str
    rating: int
    comment: str
    is_hidden: bool
    created_at: datetime


def _query():
    return (
        select(Review, Course.title, Course.slug, User.email, User.full_name)
        .join(Course, Course.id == Review.course_id)
        .join(User, User.id == Review.user_id)
    )


def _row(review: Review, title: str, slug: str, email: str, name: str) -> AdminReviewRow:
    return record_from(
        AdminReviewRow,
        review,
        course_title=title,
        course_slug=slug,
        email=email,
        full_name=name,
        comment=review.comment or "",
    )


def list_reviews(
    *,
    session: Session,
    actor_id: int | None,
    course: str = "",
    rating: int | None = None,
    visibility: str = "all",
    q: str = "",
    sort: str = "newest",
    page: int = 1,
    per_page: int = 20,
) -> paging.Page:
    """Reviews filtered by course (id, title, slug), rating, hidden or not, and `q`
    (the comment, author's email or name)."""
    require_admin(session=session, user_id=actor_id)
    query = _query()
    condition = course_condition(course)
    if condition is not None:
        query = query.where(condition)
    if isinstance(rating, int) and 1 <= rating <= 5:
        query = query.where(Review.rating == rating)
    if visibility == "hidden":
        query = query.where(Review.is_hidden.is_(True))
    elif visibility == "visible":
        query = query.where(Review.is_hidden.is_(False))
    text = clean_query(q)
    if text:
        query = query.where(
            contains(Review.comment, text)
            | contains(User.email, text)
            | contains(User.full_name, text)
        )
    return paging.fetch(
        session, query.order_by(*SORTS.get(sort, SORTS["newest"]), Review.id.desc()), page, per_page
    ).map(lambda row: _row(*row))


def set_hidden(
    *, session: Session, actor_id: int | None, review_id: int, hidden: bool
) -> AdminReviewRow:
    """Hide (or show again) a review; the course rating is recomputed from visible ones."""
    require_admin(session=session, user_id=actor_id)
    review = session.get(Review, review_id) if isinstance(review_id, int) else None
    if review is None:
        raise NotFound(
            f"review {review_id} does not exist", message_key="admin_data.reviews.not_found"
        )
    lock_row(session, Course, review.course_id)
    course = session.get(Course, review.course_id, populate_existing=True)
    review.is_hidden = bool(hidden)
    session.add(review)
    session.flush()
    refresh_rating(session, course)
    return _row(*session.execute(_query().where(Review.id == review.id)).one())
