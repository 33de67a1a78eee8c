"""Sessions and attendance: QR check-in, by hand, points, ownership (both databases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from edu_platform.models import Attendance, Course, Enrollment, User, utcnow
from edu_platform.services import attendance, my_learning
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound


@pytest.fixture
def course_setup(session):
    teacher = User(email="t@att.test", full_name="Teacher", role="teacher")
    other_teacher = User(email="o@att.test", full_name="Other", role="teacher")
    learner = User(email="l@att.test", full_name="Learner")
    outsider = User(email="x@att.test", full_name="Outsider")
    session.add_all([teacher, other_teacher, learner, outsider])
    session.flush()
    course = Course(
        slug="att",
        title="Attendance course",
        teacher_id=teacher.id,
        points_per_visit=10,
        is_published=True,
    )
    session.add(course)
    session.flush()
    session.add(Enrollment(user_id=learner.id, course_id=course.id))
    session.flush()
    now = utcnow()
    live = attendance.create_session(
        session=session,
        actor_id=teacher.id,
        course_id=course.id,
        title="Live",
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(minutes=50),
    )
    return {
        "teacher": teacher,
        "other": other_teacher,
        "learner": learner,
        "outsider": outsider,
        "course": course,
        "live": live,
    }


def _points(session, user, course) -> int:
    return session.scalar(
        select(Enrollment.points).where(
            Enrollment.user_id == user.id, Enrollment.course_id == course.id
        )
    )


def test_qr_checkin_marks_present_and_awards_points_once(session, course_setup):
    learner, course, live = course_setup["learner"], course_setup["course"], course_setup["live"]
    first = attendance.check_in(session=session, user_id=learner.id, token=live.checkin_token)
    assert (first.points, first.already, first.total_points) == (10, False, 10)
    again = attendance.check_in(session=session, user_id=learner.id, token=live.checkin_token)
    assert again.already and again.total_points == 10
    assert _points(session, learner, course) == 10
    rows = session.scalars(select(Attendance).where(Attendance.session_id == live.id)).all()
    assert [(r.user_id, r.method) for r in rows] == [(learner.id, "qr")]


def test_checkin_outside_the_window_is_refused(session, course_setup):
    live = course_setup["live"]
    with pytest.raises(Conflict):
        attendance.check_in(
            session=session,
            user_id=course_setup["learner"].id,
            token=live.checkin_token,
            now=live.ends_at + timedelta(hours=2),
        )
    with pytest.raises(Conflict):
        attendance.check_in(
            session=session,
            user_id=course_setup["learner"].id,
            token=live.checkin_token,
            now=live.starts_at - timedelta(hours=2),
        )


def test_checkin_needs_an_enrolled_signed_in_learner_and_a_known_code(session, course_setup):
    live = course_setup["live"]
    with pytest.raises(Forbidden):
        attendance.check_in(
            session=session, user_id=course_setup["outsider"].id, token=live.checkin_token
        )
    with pytest.raises(Forbidden):
        attendance.check_in(session=session, user_id=None, token=live.checkin_token)
    with pytest.raises(NotFound):
        attendance.check_in(session=session, user_id=course_setup["learner"].id, token="nope")


def test_teacher_marks_by_hand_and_unmarks(session, course_setup):
    teacher, learner = course_setup["teacher"], course_setup["learner"]
    live, course = course_setup["live"], course_setup["course"]
    attendance.mark_by_hand(
        session=session, actor_id=teacher.id, session_id=live.id, user_id=learner.id, present=True
    )
    roster = attendance.attendance_list(session=session, actor_id=teacher.id, session_id=live.id)
    assert [(r.email, r.present, r.method, r.points) for r in roster] == [
        ("l@att.test", True, "manual", 10)
    ]
    assert _points(session, learner, course) == 10
    attendance.mark_by_hand(
        session=session, actor_id=teacher.id, session_id=live.id, user_id=learner.id, present=False
    )
    assert _points(session, learner, course) == 0
    assert not attendance.attendance_list(session=session, actor_id=teacher.id, session_id=live.id)[
        0
    ].present


def test_marking_someone_who_is_not_a_learner_is_refused(session, course_setup):
    with pytest.raises(Invalid):
        attendance.mark_by_hand(
            session=session,
            actor_id=course_setup["teacher"].id,
            session_id=course_setup["live"].id,
            user_id=course_setup["outsider"].id,
            present=True,
        )


def test_another_teacher_cannot_see_or_change_the_sessions(session, course_setup):
    other, course, live = course_setup["other"], course_setup["course"], course_setup["live"]
    with pytest.raises(Forbidden):
        attendance.list_sessions(session=session, actor_id=other.id, course_id=course.id)
    with pytest.raises(Forbidden):
        attendance.mark_by_hand(
            session=session,
            actor_id=other.id,
            session_id=live.id,
            user_id=course_setup["learner"].id,
            present=True,
        )
    with pytest.raises(Forbidden):
        attendance.create_session(
            session=session,
            actor_id=other.id,
            course_id=course.id,
            title="x",
            starts_at=utcnow(),
            ends_at=utcnow() + timedelta(hours=1),
        )


@pytest.mark.parametrize(
    ("title", "hours", "extra", "field"),
    [
        ("Late", 0, {}, "ends_at"),
        (" ", 1, {}, "title"),
        ("Link", 1, {"meeting_url": "javascript:x"}, "meeting_url"),
    ],
)
def test_session_validation_names_the_field(session, course_setup, title, hours, extra, field):
    start = utcnow()
    with pytest.raises(Invalid) as error:
        attendance.create_session(
            session=session,
            actor_id=course_setup["teacher"].id,
            course_id=course_setup["course"].id,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            **extra,
        )
    assert error.value.field == field


def test_sessions_list_counts_attendance_and_learners_see_upcoming(session, course_setup):
    teacher, learner = course_setup["teacher"], course_setup["learner"]
    live, course = course_setup["live"], course_setup["course"]
    attendance.check_in(session=session, user_id=learner.id, token=live.checkin_token)
    rows = attendance.list_sessions(session=session, actor_id=teacher.id, course_id=course.id)
    assert [(r.title, r.present) for r in rows] == [("Live", 1)]
    assert rows[0].checkin_url.endswith("/checkin/" + live.checkin_token)
    upcoming = attendance.my_upcoming_sessions(session=session, user_id=learner.id)
    assert [(s.title, s.course_title, s.course_url) for s in upcoming] == [
        ("Live", "Attendance course", "/course/att")
    ]
    assert (upcoming[0].starts_at, upcoming[0].ends_at) == (live.starts_at, live.ends_at)
    # The points the visit earned are on the learner's course card.
    [card] = my_learning.my_courses(session=session, user_id=learner.id)
    assert card.points == 10
    assert (
        attendance.my_upcoming_sessions(session=session, user_id=course_setup["outsider"].id) == []
    )
