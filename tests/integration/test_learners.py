"""The teacher's learners service: the table (progress, quizzes, attendance), its CSV, and
announcements; only the course's teacher or an admin may use any of it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from edu_platform.models import (
    Attendance,
    Course,
    CourseSession,
    Enrollment,
    Notification,
    Outbox,
    QuizAttempt,
    utcnow,
)
from edu_platform.services import learners, notifications
from edu_platform.services.errors import Forbidden, Invalid
from tests.support.factories import make_user
from tests.support.learning import build_world


def _ids(world) -> list[int]:
    return [user.id for user in world.people.values()]


def _notifications(session, world) -> int:
    return session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id.in_(_ids(world)))
    )


def _mails(session, world) -> list[Outbox]:
    emails = [user.email for user in world.people.values()]
    return list(session.scalars(select(Outbox).where(Outbox.recipient.in_(emails))))


@pytest.fixture
def world(session):
    """The progress course (4 lessons, a final quiz) with three learners in different states,
    a cancelled one, and two sessions."""
    base = build_world(session)
    course = base.course
    course.points_per_visit = 5
    anna = base.learner
    anna.full_name = "Anna Able"
    boris, clara, gone = (
        make_user(session, name=n) for n in ("Boris Busy", "Clara Calm", "Gone Guy")
    )
    now = utcnow()
    base.enrollment.progress_percent, base.enrollment.completed_lessons = 75, 3
    base.enrollment.last_activity_at = now - timedelta(days=1)
    base.enrollment.points = 10
    session.add_all(
        [
            Enrollment(
                user_id=boris.id,
                course_id=course.id,
                progress_percent=25,
                completed_lessons=1,
                last_activity_at=now - timedelta(days=3),
                points=5,
            ),
            Enrollment(
                user_id=clara.id,
                course_id=course.id,
                status="completed",
                progress_percent=100,
                completed_lessons=4,
                last_activity_at=now,
            ),
            Enrollment(user_id=gone.id, course_id=course.id, status="cancelled"),
        ]
    )
    first = CourseSession(
        course_id=course.id, title="One", starts_at=now, ends_at=now, checkin_token="tok-one"
    )
    second = CourseSession(
        course_id=course.id, title="Two", starts_at=now, ends_at=now, checkin_token="tok-two"
    )
    session.add_all([first, second])
    session.flush()
    session.add_all(
        [
            Attendance(session_id=first.id, user_id=anna.id, points=5),
            Attendance(session_id=second.id, user_id=anna.id, points=5),
            Attendance(session_id=first.id, user_id=boris.id, points=5),
        ]
    )
    quiz = base.quiz.id
    session.add_all(
        [
            QuizAttempt(quiz_id=quiz, user_id=anna.id, submitted_at=now, score_percent=40),
            QuizAttempt(
                quiz_id=quiz, user_id=anna.id, submitted_at=now, score_percent=90, passed=True
            ),
            QuizAttempt(quiz_id=quiz, user_id=boris.id, submitted_at=now, score_percent=50),
            # An open attempt does not count.
            QuizAttempt(quiz_id=quiz, user_id=boris.id, score_percent=None),
        ]
    )
    session.flush()
    base.people = {"anna": anna, "boris": boris, "clara": clara, "gone": gone}
    return base


def test_learner_rows_carry_progress_quiz_results_and_attendance(session, world):
    teacher = session.get(Course, world.course.id).teacher_id

    page = learners.list_learners(session=session, actor_id=teacher, course_id=world.course.id)

    by_name = {row.full_name: row for row in page.items}
    assert page.total == 3 and "Gone Guy" not in by_name
    anna, boris, clara = by_name["Anna Able"], by_name["Boris Busy"], by_name["Clara Calm"]
    assert (anna.progress_percent, anna.completed_lessons, anna.lessons_total) == (75, 3, 4)
    assert (anna.best_score, anna.passed, anna.attendance, anna.points) == (90, True, 2, 10)
    assert (boris.best_score, boris.passed, boris.attendance, boris.points) == (50, False, 1, 5)
    assert (clara.best_score, clara.passed, clara.attendance, clara.status) == (
        None,
        False,
        0,
        "completed",
    )
    assert anna.last_activity_at is not None


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Anna Able", "Boris Busy", "Clara Calm"]),
        ("progress", ["Clara Calm", "Anna Able", "Boris Busy"]),
        ("activity", ["Clara Calm", "Anna Able", "Boris Busy"]),
        ("score", ["Anna Able", "Boris Busy", "Clara Calm"]),
        ("attendance", ["Anna Able", "Boris Busy", "Clara Calm"]),
        ("points", ["Anna Able", "Boris Busy", "Clara Calm"]),
    ],
)
def test_learners_sort(session, world, sort, expected):
    admin = world.admin.id
    page = learners.list_learners(
        session=session, actor_id=admin, course_id=world.course.id, sort=sort
    )
    assert [row.full_name for row in page.items] == expected


def test_learners_search_and_pages(session, world):
    teacher = session.get(Course, world.course.id).teacher_id
    found = learners.list_learners(
        session=session, actor_id=teacher, course_id=world.course.id, q="BUSY"
    )
    second = learners.list_learners(
        session=session, actor_id=teacher, course_id=world.course.id, page=2, per_page=2
    )

    assert [row.full_name for row in found.items] == ["Boris Busy"] and found.total == 1
    assert [row.full_name for row in second.items] == ["Clara Calm"] and second.total == 3


def test_another_teacher_and_a_student_are_refused_every_function(session, world):
    stranger = make_user(session, name="Other Teacher", role="teacher")
    for actor in (stranger.id, world.people["anna"].id, None):
        with pytest.raises(Forbidden):
            learners.list_learners(session=session, actor_id=actor, course_id=world.course.id)
        with pytest.raises(Forbidden):
            learners.learners_csv(session=session, actor_id=actor, course_id=world.course.id)
        with pytest.raises(Forbidden):
            learners.announce(
                session=session,
                actor_id=actor,
                course_id=world.course.id,
                subject="Hi",
                text="Hello",
            )
    assert _notifications(session, world) == 0


def test_csv_has_a_header_and_one_line_per_learner(session, world):
    world.people["boris"].full_name = "=HYPERLINK(1)"
    session.flush()
    teacher = session.get(Course, world.course.id).teacher_id

    text = learners.learners_csv(session=session, actor_id=teacher, course_id=world.course.id)

    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == list(learners.CSV_COLUMNS)
    by_email = {row["email"]: row for row in rows}
    assert len(rows) == 3 and world.people["gone"].email not in by_email
    anna = by_email[world.people["anna"].email]
    assert (anna["full_name"], anna["progress_percent"], anna["completed_lessons"]) == (
        "Anna Able",
        "75",
        "3",
    )
    assert (anna["best_score"], anna["quizzes_passed"], anna["attendance"], anna["points"]) == (
        "90",
        "1",
        "2",
        "10",
    )
    assert by_email[world.people["clara"].email]["best_score"] == ""
    # A formula-looking name is written as text, not as a formula.
    assert by_email[world.people["boris"].email]["full_name"] == "'=HYPERLINK(1)"


def test_announcement_notifies_every_learner_and_mails_all_but_who_turned_it_off(session, world):
    teacher = session.get(Course, world.course.id).teacher_id
    notifications.set_email_preferences(
        session=session, user_id=world.people["boris"].id, preferences={"announcement": False}
    )

    sent = learners.announce(
        session=session,
        actor_id=teacher,
        course_id=world.course.id,
        subject="  Room   change ",
        text="We meet in room 5.",
    )

    assert sent == 3
    learner_ids = {world.people[name].id for name in ("anna", "boris", "clara")}
    notes = session.scalars(
        select(Notification)
        .where(Notification.user_id.in_(_ids(world)))
        .order_by(Notification.user_id)
    ).all()
    assert {note.user_id for note in notes} == learner_ids and len(notes) == 3
    assert {(note.kind, note.title, note.body) for note in notes} == {
        ("announcement", "Progress course: Room change", "We meet in room 5.")
    }
    assert notes[0].link == "/course/progress-course"
    mails = _mails(session, world)
    # E-mailed by default (issue 6): everyone but Boris, who turned them off.
    assert sorted(mail.recipient for mail in mails) == sorted(
        world.people[name].email for name in ("anna", "clara")
    )
    assert "We meet in room 5." in mails[0].body


@pytest.mark.parametrize(
    ("subject", "text", "field"),
    [
        ("", "text", "subject"),
        ("Hi", "   ", "text"),
        ("x" * 201, "text", "subject"),
        ("Hi", "y" * 5001, "text"),
    ],
)
def test_announcement_needs_a_subject_and_a_text(session, world, subject, text, field):
    teacher = session.get(Course, world.course.id).teacher_id
    with pytest.raises(Invalid) as error:
        learners.announce(
            session=session, actor_id=teacher, course_id=world.course.id, subject=subject, text=text
        )
    assert error.value.field == field
    assert _notifications(session, world) == 0
    assert _mails(session, world) == []
