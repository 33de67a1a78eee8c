"""Reviews, write side: enrolled learners rate a course once and may edit their review.

`course.rating_avg` and `rating_count` are recomputed from the visible reviews in the
same transaction; the course row is locked first, so two reviews written at the same
moment cannot compute the aggregate from a stale count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform import cache, db
from edu_platform.models import Course, Review
from edu_platform.services.enrollment import has_access
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from edu_platform.services.orders import lock_row
from edu_platform.services.records import record_from

MAX_COMMENT_LENGTH = 5000


@dataclass
class ReviewView:
    id: int
    course_id: int
    user_id: int
    rating: int
    comment: str
    created_at: datetime
    updated_at: datetime


def to_view(review: Review) -> ReviewView:
    return record_from(ReviewView, review)


def star_rating(rating: object, *, message_key: str) -> int:
    """The rating when it is a whole number from 1 to 5, else Invalid naming "rating" (a
    review's stars and an end-of-course feedback's are checked alike)."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise Invalid(
            "rating must be a whole number from 1 to 5", message_key=message_key, field="rating"
        )
    return rating


def bounded_comment(
    text: str, max_length: int, field: str, message_key: str, *, named: str = ""
) -> str:
    """The learner's free text without outer spaces; Invalid naming `field` (or `named` in
    the message) when longer than `max_length` (a review's comment, a feedback's text)."""
    text = text.strip()
    if len(text) > max_length:
        raise Invalid(
            f"{named or field} is longer than {max_length} characters",
            message_key=message_key,
            field=field,
        )
    return text


def _check(rating: int, comment: str | None) -> tuple[int, str]:
    stars = star_rating(rating, message_key="commerce.review.rating_range")
    text = bounded_comment(
        comment or "", MAX_COMMENT_LENGTH, "comment", "commerce.review.comment_long"
    )
    return stars, text


def _course_for_review(session: Session, user_id: int, course_id: int) -> Course:
    if not isinstance(course_id, int) or not lock_row(session, Course, course_id):
        raise NotFound(
            f"course {course_id} does not exist",
            message_key="commerce.course_not_found",
            field="course_id",
        )
    course = session.get(Course, course_id)
    if not has_access(session=session, user_id=user_id, course_id=course_id):
        raise Forbidden(
            "only learners enrolled in the course can review it",
            message_key="commerce.review.not_enrolled",
            field="course_id",
        )
    assert course is not None  # has_access: the course exists
    return course


def _find(session: Session, user_id: int, course_id: int) -> Review | None:
    return session.scalar(
        select(Review).where(Review.user_id == user_id, Review.course_id == course_id)
    )


def refresh_rating(session: Session, course: Course) -> None:
    """Set the course's rating_avg and rating_count from its visible reviews."""
    count, total = session.execute(
        select(func.count(Review.id), func.coalesce(func.sum(Review.rating), 0)).where(
            Review.course_id == course.id, Review.is_hidden.is_(False)
        )
    ).one()
    course.rating_count = count
    course.rating_avg = (
        (Decimal(total) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if count
        else Decimal("0.00")
    )
    session.add(course)
    session.flush()
    cache.catalog_changed(session)  # the card's rating and the course page, after commit


def upsert_review(
    *,
    session: Session,
    user_id: int,
    course_id: int,
    rating: int,
    comment: str = "",
    replace: bool = False,
) -> ReviewView:
    """The user's review of the course, written now.

    One per user and course: a second one is a Conflict (409), unless `replace` is set,
    which edits the existing review instead (the UI's "save my review").
    """
    rating, text = _check(rating, comment)
    course = _course_for_review(session, user_id, course_id)
    review = _find(session, user_id, course_id)
    if review is not None:
        if not replace:
            raise Conflict(
                "you have already reviewed this course",
                message_key="commerce.review.exists",
                field="course_id",
            )
        review.rating, review.comment = rating, text
        session.add(review)
    else:
        review = Review(user_id=user_id, course_id=course_id, rating=rating, comment=text)
        if not db.inserted(session, review):
            raise Conflict(
                "you have already reviewed this course",
                message_key="commerce.review.exists",
                field="course_id",
            )
    session.flush()
    refresh_rating(session, course)
    return to_view(review)


def update_review(
    *, session: Session, user_id: int, course_id: int, rating: int, comment: str = ""
) -> ReviewView:
    """Edit the user's existing review of the course; NotFound when there is none."""
    rating, text = _check(rating, comment)
    course = _course_for_review(session, user_id, course_id)
    review = _find(session, user_id, course_id)
    if review is None:
        raise NotFound("you have not reviewed this course", message_key="commerce.review.missing")
    review.rating, review.comment = rating, text
    session.add(review)
    session.flush()
    refresh_rating(session, course)
    return to_view(review)
