"""End-of-course feedback (services/feedback.py) on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from edu_platform.models import Enrollment, Feedback, User
from edu_platform.services import feedback
from edu_platform.services.errors import Forbidden, Invalid, NotFound
from tests.support.learning import World, build_world


@pytest.fixture
def world(session: Session) -> World:
    built = build_world(session)
    built.enrollment.status = "completed"
    session.add(built.enrollment)
    session.flush()
    return built


def submit(session, world: World, rating=5, improve="More exercises", user=None):
    return feedback.submit_feedback(
        session=session,
        user_id=(user or world.learner).id,
        course_id=world.course.id,
        rating=rating,
        improve=improve,
    )


def _rows(session: Session) -> list[tuple]:
    session.expire_all()
    return session.execute(
        select(Feedback.user_id, Feedback.rating, Feedback.improve).order_by(Feedback.id)
    ).all()


def test_a_learner_who_completed_the_course_leaves_feedback(session, world):
    submit(session, world, rating=4, improve="  More exercises, please.  ")
    assert _rows(session) == [(world.learner.id, 4, "More exercises, please.")]


def test_sending_again_updates_the_one_row(session, world):
    first = submit(session, world, rating=2, improve="Too fast")
    second = submit(session, world, rating=4, improve="Better on a second look")
    assert first.id == second.id
    assert _rows(session) == [(world.learner.id, 4, "Better on a second look")]


def test_an_unfinished_course_cannot_get_feedback(session, world):
    world.enrollment.status = "active"
    session.add(world.enrollment)
    session.flush()
    with pytest.raises(Forbidden) as refused:
        submit(session, world)
    assert refused.value.message_key == "feedback.not_completed"
    assert _rows(session) == []


def test_a_user_who_is_not_enrolled_cannot_leave_feedback(session, world):
    with pytest.raises(Forbidden):
        submit(session, world, user=world.outsider)
    assert _rows(session) == []


@pytest.mark.parametrize("rating", [0, 6, -1, True, "5", 4.5, None])
def test_a_rating_outside_1_to_5_is_refused(session, world, rating):
    with pytest.raises(Invalid) as refused:
        submit(session, world, rating=rating)
    assert (refused.value.field, refused.value.message_key) == ("rating", "feedback.rating_range")
    assert _rows(session) == []


def test_the_text_may_be_2000_characters_and_no_more(session, world):
    with pytest.raises(Invalid) as refused:
        submit(session, world, improve="я" * 2001)
    assert refused.value.field == "improve"
    submit(session, world, improve="я" * 2000)
    assert len(_rows(session)[0][2]) == 2000


def test_the_text_is_optional(session, world):
    submit(session, world, rating=5, improve="")
    assert _rows(session) == [(world.learner.id, 5, "")]


def _second_learner(session: Session, world: World, name: str) -> User:
    user = User(email=f"{name.lower()}@feedback.example.org", full_name=name)
    session.add(user)
    session.flush()
    session.add(Enrollment(user_id=user.id, course_id=world.course.id, status="completed"))
    session.flush()
    return user


def test_the_courses_teacher_reads_its_feedback_newest_first(session, world):
    older = submit(session, world, rating=2, improve="Slower please")
    older.created_at -= timedelta(days=1)
    session.add(older)
    session.flush()
    second = _second_learner(session, world, "Second")
    submit(session, world, rating=5, improve="Great", user=second)

    listing = feedback.course_feedback(
        session=session, user_id=world.course.teacher_id, course_id=world.course.id
    )
    assert [(e.learner_name, e.rating, e.improve) for e in listing.items] == [
        ("Second", 5, "Great"),
        ("Learner", 2, "Slower please"),
    ]
    assert (listing.total, listing.average_rating) == (2, 3.5)
    paged = feedback.course_feedback(
        session=session,
        user_id=world.course.teacher_id,
        course_id=world.course.id,
        page=2,
        per_page=1,
    )
    assert [e.learner_name for e in paged.items] == ["Learner"]


def test_an_admin_reads_any_courses_feedback(session, world):
    submit(session, world)
    listing = feedback.course_feedback(
        session=session, user_id=world.admin.id, course_id=world.course.id
    )
    assert listing.total == 1


def test_other_teachers_and_learners_cannot_read_feedback(session, world):
    submit(session, world)
    other_teacher = User(
        email="other-teacher@feedback.example.org", full_name="Oth", role="teacher"
    )
    session.add(other_teacher)
    session.flush()
    for reader in (other_teacher, world.learner, world.outsider):
        with pytest.raises(Forbidden) as refused:
            feedback.course_feedback(session=session, user_id=reader.id, course_id=world.course.id)
        assert refused.value.message_key == "feedback.not_yours"


def test_a_blocked_teacher_cannot_read_feedback(session, world):
    teacher = session.get(User, world.course.teacher_id)
    teacher.is_active = False
    session.add(teacher)
    session.flush()
    with pytest.raises(Forbidden):
        feedback.course_feedback(session=session, user_id=teacher.id, course_id=world.course.id)


def test_feedback_of_an_unknown_course_is_not_found(session, world):
    with pytest.raises(NotFound):
        feedback.course_feedback(session=session, user_id=world.admin.id, course_id=987_654)


def test_an_empty_course_has_no_average(session, world):
    listing = feedback.course_feedback(
        session=session, user_id=world.admin.id, course_id=world.course.id
    )
    assert (listing.items, listing.total, listing.average_rating) == ([], 0, None)
    assert session.scalar(select(func.count(Feedback.id))) == 0
