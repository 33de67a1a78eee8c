"""Reviews: only enrolled learners, rating 1..5, one per user and course, aggregates current."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from edu_platform.models import Course, Enrollment, Review
from edu_platform.services import reviews
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.support.factories import make_course, make_user


def _learner(session, course, status="active"):
    user = make_user(session)
    session.add(Enrollment(user_id=user.id, course_id=course.id, status=status, source="free"))
    session.flush()
    return user


def _course_rating(session, course_id):
    session.expire_all()
    course = session.get(Course, course_id)
    return course.rating_avg, course.rating_count


def test_aggregates_follow_inserts_and_updates(session):
    course = make_course(session, price="0")
    a, b, c = (_learner(session, course) for _ in range(3))

    reviews.upsert_review(session=session, user_id=a.id, course_id=course.id, rating=5, comment="")
    reviews.upsert_review(session=session, user_id=b.id, course_id=course.id, rating=4)
    reviews.upsert_review(session=session, user_id=c.id, course_id=course.id, rating=4)
    assert _course_rating(session, course.id) == (Decimal("4.33"), 3)

    reviews.update_review(session=session, user_id=c.id, course_id=course.id, rating=1)
    assert _course_rating(session, course.id) == (Decimal("3.33"), 3)


def test_second_review_for_same_course_is_refused(session):
    course = make_course(session, price="0")
    user = _learner(session, course)
    reviews.upsert_review(session=session, user_id=user.id, course_id=course.id, rating=5)

    with pytest.raises(Conflict) as error:
        reviews.upsert_review(session=session, user_id=user.id, course_id=course.id, rating=1)

    assert error.value.status == 409
    count = session.scalar(select(func.count(Review.id)).where(Review.course_id == course.id))
    assert count == 1
    assert _course_rating(session, course.id) == (Decimal("5.00"), 1)


def test_replace_edits_the_existing_review(session):
    course = make_course(session, price="0")
    user = _learner(session, course)
    first = reviews.upsert_review(session=session, user_id=user.id, course_id=course.id, rating=2)
    edited = reviews.upsert_review(
        session=session,
        user_id=user.id,
        course_id=course.id,
        rating=4,
        comment="better",
        replace=True,
    )
    assert edited.id == first.id and (edited.rating, edited.comment) == (4, "better")
    assert _course_rating(session, course.id) == (Decimal("4.00"), 1)


@pytest.mark.parametrize("status", ["cancelled", "expired", None])
def test_only_learners_with_access_can_review(session, status):
    course = make_course(session, price="0")
    user = _learner(session, course, status=status) if status else make_user(session)
    with pytest.raises(Forbidden) as error:
        reviews.upsert_review(session=session, user_id=user.id, course_id=course.id, rating=5)
    assert error.value.message_key == "commerce.review.not_enrolled"
    assert _course_rating(session, course.id) == (Decimal("0.00"), 0)


def test_completed_learners_can_review(session):
    course = make_course(session, price="0")
    user = _learner(session, course, status="completed")
    review = reviews.upsert_review(session=session, user_id=user.id, course_id=course.id, rating=3)
    assert review.rating == 3


@pytest.mark.parametrize("rating", [0, 6, -1, True, "5", 4.5])
def test_rating_outside_one_to_five_is_refused(session, rating):
    course = make_course(session, price="0")
    user = _learner(session, course)
    with pytest.raises(Invalid) as error:
        reviews.upsert_review(session=session, user_id=user.id, course_id=course.id, rating=rating)
    assert error.value.field == "rating"


def test_updating_a_missing_review_or_course_is_not_found(session):
    course = make_course(session, price="0")
    user = _learner(session, course)
    with pytest.raises(NotFound):
        reviews.update_review(session=session, user_id=user.id, course_id=course.id, rating=3)
    with pytest.raises(NotFound):
        reviews.upsert_review(session=session, user_id=user.id, course_id=10**9, rating=3)
