"""Learning progress (services/progress.py) edges the integration tests left open: the
certificate job a completion enqueues after commit, video positions kept apart per
learner and per lesson. Written to kill the mutants `make mutation` found alive in
progress.py; the course is tests/support/learning.py's (see tests/integration/
test_progress.py for its table)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from edu_platform.models import (
    Course,
    CourseKind,
    Enrollment,
    Lesson,
    Module,
    Question,
    Quiz,
    QuizAttempt,
)
from edu_platform.services import completion, progress
from tests.support.learning import World, build_world, marks_of, record_learning_events

T0 = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture(autouse=True)
def recorded_events(monkeypatch) -> list[dict]:
    return record_learning_events(monkeypatch)


@pytest.fixture
def enqueued(monkeypatch) -> list[tuple]:
    """The jobs a completion enqueues (name, arguments, queue), instead of running them."""
    calls: list[tuple] = []
    monkeypatch.setattr(
        completion.jobs, "enqueue", lambda fn, *ids, queue: calls.append((fn, ids, queue))
    )
    return calls


def _complete_everything(session: Session, world: World) -> progress.CourseProgress:
    session.add(
        QuizAttempt(
            quiz_id=world.quiz.id,
            user_id=world.learner.id,
            submitted_at=T0,
            score_percent=100,
            passed=True,
        )
    )
    session.flush()
    return _complete_lessons(session, world)


def test_completing_the_course_enqueues_the_certificate_job_once_it_commits(
    session, world, enqueued
):
    _complete_everything(session, world)
    assert session.get(Enrollment, world.enrollment.id).status == "completed"
    assert enqueued == []  # nothing before the commit: the worker must see the row
    session.commit()
    assert enqueued == [
        ("edu_platform.jobs.certificates.issue_certificate_job", (world.enrollment.id,), "pdf")
    ]
    from edu_platform.jobs import certificates, resolve

    assert resolve(enqueued[0][0]) is certificates.issue_certificate_job


def test_a_rolled_back_completion_enqueues_nothing(session, world, enqueued):
    _complete_everything(session, world)
    session.rollback()
    session.commit()
    assert enqueued == []


def _position(session: Session, user, lesson) -> int:
    return progress.video_position(session=session, user_id=user.id, lesson_id=lesson.id)


def _save(session: Session, user, lesson, seconds: int, duration: int = 1000):
    return progress.save_video_position(
        session=session, user_id=user.id, lesson_id=lesson.id, seconds=seconds, duration=duration
    )


def test_a_negative_video_position_is_kept_as_zero(session, world, recorded_events):
    watch = world.lessons["Watch"]
    _save(session, world.learner, watch, 30)
    _save(session, world.learner, watch, -5)
    assert _position(session, world.learner, watch) == 0
    heartbeat = {
        "user_id": world.learner.id,
        "course_id": world.course.id,
        "lesson_id": watch.id,
        "type": "video_heartbeat",
    }
    assert recorded_events == [
        {**heartbeat, "payload": {"position": 30}},
        {**heartbeat, "payload": {"position": 0}},
    ]


def test_two_learners_keep_their_own_video_positions(session, world):
    watch = world.lessons["Watch"]
    session.add(Enrollment(user_id=world.outsider.id, course_id=world.course.id))
    session.flush()
    _save(session, world.learner, watch, 40)
    _save(session, world.outsider, watch, 70)
    assert _position(session, world.learner, watch) == 40
    assert _position(session, world.outsider, watch) == 70


def test_one_learner_keeps_a_video_position_per_lesson(session, world):
    watch, intro = world.lessons["Watch"], world.lessons["Intro"]
    _save(session, world.learner, watch, 40)
    _save(session, world.learner, intro, 12)
    assert _position(session, world.learner, watch) == 40
    assert _position(session, world.learner, intro) == 12


def test_an_unwatched_video_is_at_zero(session, world):
    watch = world.lessons["Watch"]
    assert _position(session, world.learner, watch) == 0


def test_a_video_of_unknown_length_is_never_completed_by_its_position(session, world):
    watch = world.lessons["Watch"]
    assert _save(session, world.learner, watch, 0, duration=0) is None
    assert _save(session, world.learner, watch, 500, duration=0) is None
    assert session.get(Enrollment, world.enrollment.id).completed_lessons == 0


def test_a_one_second_video_watched_to_the_end_is_completed(session, world):
    state = _save(session, world.learner, world.lessons["Watch"], 1, duration=1)
    assert state is not None and (state.lessons_done, state.percent) == (1, 25)


def test_the_marks_of_a_finished_course_are_all_done(session, world):
    _complete_everything(session, world)
    marks = marks_of(session, world)
    basics, practice = world.lessons["Intro"].module_id, world.lessons["Exercise"].module_id
    assert [(m.id, m.title) for m in marks] == [(basics, "Basics"), (practice, "Practice")]
    assert [(mark.title, mark.kind, mark.status) for m in marks for mark in m.lessons] == [
        ("Intro", "text", "done"),
        ("Watch", "video", "done"),
        ("Exercise", "text", "done"),
        ("Final test", "quiz", "done"),
    ]


def test_the_marks_carry_each_lessons_position_and_minutes(session, world):
    """Text by reading time at the course language's speed (Russian: 180 words a minute,
    whatever minutes were typed), video by its length, a quiz by its notes."""
    world.course.language = "ru"
    intro, watch = world.lessons["Intro"], world.lessons["Watch"]
    intro.body, intro.duration_minutes = " ".join(["слово"] * 190), 30
    watch.duration_minutes = 7
    session.add_all([world.course, intro, watch])
    session.flush()
    marks = marks_of(session, world)
    assert [
        (mark.title, mark.position, mark.duration_minutes) for m in marks for mark in m.lessons
    ] == [
        ("Intro", 1, 2),
        ("Watch", 2, 7),
        ("Exercise", 1, 1),
        ("Final test", 2, 1),
    ]


def test_another_learners_lessons_and_a_half_watched_video_are_not_done(session, world):
    session.add(Enrollment(user_id=world.outsider.id, course_id=world.course.id))
    session.flush()
    for title in ("Intro", "Exercise"):
        progress.complete_lesson(
            session=session, user_id=world.outsider.id, lesson_id=world.lessons[title].id, at=T0
        )
    _save(session, world.learner, world.lessons["Watch"], 10)  # a row, not a completion
    marks = marks_of(session, world)
    assert [(mark.title, mark.status) for m in marks for mark in m.lessons] == [
        ("Intro", "current"),
        ("Watch", "open"),
        ("Exercise", "open"),
        ("Final test", "open"),
    ]
    state = progress.course_progress(
        session=session, user_id=world.learner.id, course_id=world.course.id
    )
    assert (state.lessons_done, state.next_lesson_id) == (0, world.lessons["Intro"].id)
    state = progress.complete_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.lessons["Watch"].id, at=T0
    )
    assert (state.lessons_done, state.next_lesson_id) == (1, world.lessons["Intro"].id)


def _other_course_final_quiz(session: Session, world: World) -> Quiz:
    course = Course(
        slug="other-course",
        title="Other course",
        teacher_id=world.course.teacher_id,
        price=Decimal("0.00"),
        is_published=True,
        lessons_count=1,
    )
    session.add(course)
    session.flush()
    module = Module(course_id=course.id, title="Only", position=1)
    session.add(module)
    session.flush()
    lesson = Lesson(module_id=module.id, course_id=course.id, title="Exam", kind="quiz", position=1)
    session.add(lesson)
    session.flush()
    quiz = Quiz(lesson_id=lesson.id, course_id=course.id, is_final=True)
    session.add(quiz)
    session.flush()
    # A question: an empty final quiz asks nothing, so it would not tell the courses apart.
    session.add(Question(quiz_id=quiz.id, kind="number", text="1 + 1?", correct_number=2))
    session.flush()
    return quiz


def _attempt(session: Session, quiz: Quiz, user, passed: bool = True) -> None:
    session.add(
        QuizAttempt(
            quiz_id=quiz.id,
            user_id=user.id,
            submitted_at=T0,
            score_percent=100 if passed else 0,
            passed=passed,
        )
    )
    session.flush()


def _complete_lessons(session: Session, world: World):
    for title in ("Intro", "Watch", "Exercise", "Final test"):
        lesson = world.lessons[title]
        state = progress.complete_lesson(
            session=session,
            user_id=world.learner.id,
            lesson_id=lesson.id,
            at=T0,
            by_passing_quiz=lesson.kind == "quiz",
        )
    return state


def test_a_course_without_a_final_quiz_completes_with_its_lessons(session, world, enqueued):
    """Another course's final quiz is not this course's; this one's quiz is not final."""
    _other_course_final_quiz(session, world)
    world.quiz.is_final = False
    session.add(world.quiz)
    session.flush()
    state = _complete_lessons(session, world)
    assert (state.completed, state.next_lesson_id) == (True, None)
    assert session.get(Enrollment, world.enrollment.id).status == "completed"


def test_only_the_learners_own_pass_of_this_final_quiz_completes_the_course(session, world):
    _attempt(session, world.quiz, world.outsider)  # someone else passed this course's quiz
    _attempt(session, _other_course_final_quiz(session, world), world.learner)  # another quiz
    _attempt(session, world.quiz, world.learner, passed=False)
    assert _complete_lessons(session, world).completed is False
    assert session.get(Enrollment, world.enrollment.id).status == "active"
    assert _course_progress(session, world).completed is False
    _attempt(session, world.quiz, world.learner)
    assert _complete_lessons(session, world).completed is True
    assert _course_progress(session, world).completed is True


def _course_progress(session: Session, world: World) -> progress.CourseProgress:
    return progress.course_progress(
        session=session, user_id=world.learner.id, course_id=world.course.id
    )


def test_completing_a_lesson_names_the_next_one_in_study_order(session, world):
    """Lessons were created in reverse order: ids do not give the order, positions do."""
    state = progress.complete_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.lessons["Exercise"].id, at=T0
    )
    assert state.next_lesson_id == world.lessons["Intro"].id


def test_a_completion_reports_the_course_completed_before_and_after(session, world):
    state = progress.complete_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.lessons["Intro"].id, at=T0
    )
    assert state.completed is False
    _complete_everything(session, world)
    again = progress.complete_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.lessons["Intro"].id, at=T0
    )
    assert again.completed is True


def test_a_completed_material_issues_no_certificate(session, world, enqueued):
    world.course.kind = CourseKind.MATERIAL
    session.add(world.course)
    session.flush()
    assert _complete_everything(session, world).completed is True
    assert session.get(Enrollment, world.enrollment.id).status == "completed"
    session.commit()
    assert enqueued == []


def test_completing_an_unknown_lesson_is_not_found_with_its_message(session, world):
    from edu_platform.services.errors import NotFound

    with pytest.raises(NotFound) as missing:
        progress.complete_lesson(session=session, user_id=world.learner.id, lesson_id=999_999)
    assert (missing.value.detail, missing.value.message_key) == (
        "lesson not found",
        "learning.lesson_not_found",
    )
    with pytest.raises(NotFound) as missing:
        progress.get_lesson(session=session, user_id=world.learner.id, lesson_id=999_999)
    assert (missing.value.detail, missing.value.message_key) == (
        "lesson not found",
        "learning.lesson_not_found",
    )


def test_marking_a_quiz_lesson_done_names_the_field_and_the_reason(session, world):
    from edu_platform.services.errors import Invalid

    with pytest.raises(Invalid) as refused:
        progress.complete_lesson(
            session=session, user_id=world.learner.id, lesson_id=world.lessons["Final test"].id
        )
    assert (refused.value.detail, refused.value.field) == (
        "a test is completed by passing it",
        "lesson_id",
    )


def test_a_completed_lessons_row_is_dated_by_the_completion(session, world):
    from sqlalchemy import select

    from edu_platform.models import LessonProgress

    progress.complete_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.lessons["Intro"].id, at=T0
    )
    session.expire_all()
    row = session.scalar(
        select(LessonProgress).where(LessonProgress.lesson_id == world.lessons["Intro"].id)
    )
    stamps = (row.completed_at, row.updated_at)
    assert tuple(s if s.tzinfo else s.replace(tzinfo=UTC) for s in stamps) == (T0, T0)


def test_a_course_without_a_lesson_counter_counts_its_own_lessons(session, world):
    _other_course_final_quiz(session, world)
    world.course.lessons_count = 0
    session.add(world.course)
    session.flush()
    state = progress.complete_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.lessons["Intro"].id, at=T0
    )
    assert (state.lessons_done, state.lessons_total, state.percent) == (1, 4, 25)


def test_the_percent_stops_at_100_when_the_counter_is_behind(session, world):
    world.course.lessons_count = 2  # lessons added without moving the counter
    session.add(world.course)
    session.flush()
    percents = [
        progress.complete_lesson(
            session=session, user_id=world.learner.id, lesson_id=world.lessons[title].id, at=T0
        ).percent
        for title in ("Intro", "Watch", "Exercise")
    ]
    assert percents == [50, 100, 100]


def test_a_completion_records_the_learning_event_and_the_domain_event(
    session, world, recorded_events
):
    import json

    from sqlalchemy import select

    from edu_platform.models import Outbox

    intro = world.lessons["Intro"]
    progress.complete_lesson(session=session, user_id=world.learner.id, lesson_id=intro.id, at=T0)
    where = {"user_id": world.learner.id, "course_id": world.course.id, "lesson_id": intro.id}
    assert recorded_events == [{**where, "type": "lesson_completed"}]
    payloads = session.scalars(select(Outbox.payload).where(Outbox.subject == "lesson.completed"))
    assert [json.loads(p)["data"] if isinstance(p, str) else p["data"] for p in payloads] == [where]


def test_a_locked_lesson_names_the_lesson_to_finish_in_its_detail(session):
    from edu_platform.services.errors import Forbidden

    sequential = build_world(session, require_sequential=True)
    with pytest.raises(Forbidden) as refused:
        progress.get_lesson(
            session=session,
            user_id=sequential.learner.id,
            lesson_id=sequential.lessons["Watch"].id,
        )
    assert refused.value.detail == "finish 'Intro' first"


def test_each_refusal_of_study_says_why(session, world):
    from datetime import timedelta

    from edu_platform.services.errors import Forbidden

    course_id = world.course.id
    other = _other_course_final_quiz(session, world).course_id
    session.add(Enrollment(user_id=world.outsider.id, course_id=other))  # another course's
    session.flush()
    cases = [
        (None, "sign in to study", "error.unauthorized"),
        (world.outsider.id, "not enrolled in this course", "learning.not_enrolled"),
    ]
    for user_id, detail, key in cases:
        with pytest.raises(Forbidden) as refused:
            progress.require_enrollment(session=session, user_id=user_id, course_id=course_id)
        assert (refused.value.detail, refused.value.message_key) == (detail, key)
    world.enrollment.access_until = datetime.now(UTC) - timedelta(minutes=1)
    session.add(world.enrollment)
    session.flush()
    with pytest.raises(Forbidden) as refused:
        progress.require_enrollment(session=session, user_id=world.learner.id, course_id=course_id)
    assert (refused.value.detail, refused.value.message_key) == (
        "access to this course has ended",
        "learning.access_ended",
    )


def test_access_lasts_up_to_its_last_instant(session, world, monkeypatch):
    monkeypatch.setattr(progress, "utcnow", lambda: T0)
    world.enrollment.access_until = T0
    session.add(world.enrollment)
    session.flush()
    row = progress.require_enrollment(
        session=session, user_id=world.learner.id, course_id=world.course.id
    )
    assert row.id == world.enrollment.id
