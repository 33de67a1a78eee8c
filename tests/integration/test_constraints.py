"""The database itself refuses invalid rows, on SQLite and on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from edu_platform.models import (
    Certificate,
    Course,
    Enrollment,
    Lesson,
    Module,
    Review,
    User,
)
from tests.support.factories import make_course, make_user

# The course of these tests: the model's defaults (free, unpublished).
PYTHON_BASICS = {
    "slug": "python-basics",
    "title": "Python basics",
    "price": "0",
    "published": False,
}


def _refused(session: Session, *rows: object) -> None:
    session.add_all(rows)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_duplicate_email_is_refused(session: Session):
    make_user(session, email="same@example.com", name="Learner")
    _refused(session, User(email="same@example.com", full_name="Other"))


def test_email_differing_only_in_case_is_refused(session: Session):
    make_user(session, email="same@example.com", name="Learner")
    _refused(session, User(email="Same@Example.com", full_name="Other"))


def test_email_is_stored_lower_case(session: Session):
    user = make_user(session, email="  Mixed.Case@Example.COM ", name="Learner")
    stored = session.scalar(select(User.email).where(User.id == user.id))
    assert stored == "mixed.case@example.com"


def test_second_enrollment_for_same_course_is_refused(session: Session):
    course = make_course(session, **PYTHON_BASICS)
    user = make_user(session, email="learner@example.com", name="Learner")
    session.add(Enrollment(user_id=user.id, course_id=course.id))
    session.flush()
    _refused(session, Enrollment(user_id=user.id, course_id=course.id))


def test_second_review_for_same_course_is_refused(session: Session):
    course = make_course(session, **PYTHON_BASICS)
    user = make_user(session, email="learner@example.com", name="Learner")
    session.add(Review(user_id=user.id, course_id=course.id, rating=5))
    session.flush()
    _refused(session, Review(user_id=user.id, course_id=course.id, rating=4))


def test_second_certificate_for_same_course_is_refused(session: Session):
    course = make_course(session, **PYTHON_BASICS)
    user = make_user(session, email="learner@example.com", name="Learner")
    names = {"holder_name": "Learner", "course_title": course.title}
    session.add(Certificate(serial="A-1", user_id=user.id, course_id=course.id, **names))
    session.flush()
    _refused(session, Certificate(serial="A-2", user_id=user.id, course_id=course.id, **names))


@pytest.mark.parametrize("rating", [0, 6])
def test_review_rating_outside_1_to_5_is_refused(session: Session, rating: int):
    course = make_course(session, **PYTHON_BASICS)
    user = make_user(session, email="learner@example.com", name="Learner")
    _refused(session, Review(user_id=user.id, course_id=course.id, rating=rating))


def test_negative_course_price_is_refused(session: Session):
    teacher = make_user(session, email="teacher@example.com", name="Learner", role="teacher")
    _refused(
        session,
        Course(slug="negative", title="Negative", teacher_id=teacher.id, price=Decimal("-1.00")),
    )


def test_progress_over_100_percent_is_refused(session: Session):
    course = make_course(session, **PYTHON_BASICS)
    user = make_user(session, email="learner@example.com", name="Learner")
    _refused(session, Enrollment(user_id=user.id, course_id=course.id, progress_percent=101))


def test_unknown_role_is_refused(session: Session):
    _refused(session, User(email="root@example.com", role="superuser"))


def test_course_price_keeps_exact_cents(session: Session):
    course = make_course(session, **(PYTHON_BASICS | {"price": Decimal("1999.99")}))
    session.expire_all()
    assert session.get(Course, course.id).price == Decimal("1999.99")


def test_deleting_a_course_deletes_its_modules_and_lessons(session: Session):
    course = make_course(session, **PYTHON_BASICS)
    module = Module(course_id=course.id, title="Intro", position=1)
    session.add(module)
    session.flush()
    session.add_all(
        [
            Lesson(module_id=module.id, course_id=course.id, title="One", position=1),
            Lesson(module_id=module.id, course_id=course.id, title="Two", position=2),
        ]
    )
    session.flush()
    course_id = course.id

    session.delete(course)
    session.flush()
    session.expunge_all()

    modules = session.scalar(select(func.count()).where(Module.course_id == course_id))
    lessons = session.scalar(select(func.count()).where(Lesson.course_id == course_id))
    assert (modules, lessons) == (0, 0)


def test_deleting_a_teacher_who_has_courses_is_refused(session: Session):
    course = make_course(session, **PYTHON_BASICS)
    teacher = session.get(User, course.teacher_id)
    session.delete(teacher)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
