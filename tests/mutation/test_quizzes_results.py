"""The review of a submitted attempt (services/quizzes/results.py) field by field, on both
databases: the numbers as the learner reads them, what counts as answered, the right
answers only when the policy allows, and the figures (attempts left, course completed)
kept to the learner's own rows. Written to kill the mutants `make mutation` found alive
in results.py; the quiz is tests/integration/test_quizzes.py's (single 1 point, multiple
2, text 3, number 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from edu_platform.models import AttemptAnswer, Enrollment
from edu_platform.services import progress, quizzes
from edu_platform.services.errors import Conflict
from edu_platform.services.quizzes import OptionResult, QuestionResult, format_number
from tests.mutation.test_quizzes_access import add_quiz, error_of
from tests.support.factories import make_course
from tests.support.learning import record_learning_events, stub_certificate_requests
from tests.support.quiz_world import T0, build_world, start, submit, take

SUBMITTED = T0 + timedelta(minutes=1)


@pytest.fixture(autouse=True)
def recorded_events(monkeypatch) -> list[dict]:
    return record_learning_events(monkeypatch)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, ""),
        (3.0, "3"),
        (3, "3"),
        (0.0, "0"),
        (-2.0, "-2"),
        (2.5, "2.5"),
        (3.14, "3.14"),
        (-0.01, "-0.01"),
        (1e-07, "1e-07"),
        (1e20, "100000000000000000000"),
    ],
)
def test_a_number_is_shown_without_a_needless_fraction(value, shown):
    assert format_number(value) == shown


def test_an_open_attempt_has_no_result_yet(session):
    world = build_world(session)
    attempt = start(session, world)
    with pytest.raises(Conflict) as refused:
        quizzes.attempt_result(session=session, user_id=world.learner.id, attempt_id=attempt.id)
    assert error_of(refused) == (
        Conflict,
        "the attempt is not submitted yet",
        "quiz.attempt_open",
        None,
    )


def test_the_result_of_a_partly_answered_attempt_field_by_field(session):
    world = build_world(session, max_attempts=3, pass_percent=50)
    q, o = world.questions, world.options
    attempt = start(session, world)
    result = submit(
        session,
        world,
        attempt.id,
        {
            q["single"].id: {"option_ids": [o["Lyon"].id]},
            q["text"].id: {"text": "зелёная ёлка"},
            q["number"].id: {"number": "3,5"},
        },
    )
    assert (result.attempt_id, result.quiz_id, result.lesson_id, result.number) == (
        attempt.id,
        world.quiz.id,
        world.quiz.lesson_id,
        1,
    )
    assert (result.score_percent, result.passed, result.pass_percent) == (30, False, 50)
    assert (result.points_earned, result.points_total) == (3, 10)
    assert (result.submitted_at, result.late) == (SUBMITTED, False)
    assert (result.show_correct_answers, result.reveal_answers) == (True, "after_each_attempt")
    assert (result.attempts_left, result.can_retry, result.course_completed) == (2, True, False)
    assert result.questions == [
        QuestionResult(
            **world.shown("single", 1),
            is_correct=False,
            answered=True,
            your_answer="",
            correct_answer="",
            options=[
                OptionResult(o["Paris"].id, "Paris", selected=False, correct=True),
                OptionResult(o["Lyon"].id, "Lyon", selected=True, correct=False),
                OptionResult(o["Nice"].id, "Nice", selected=False, correct=False),
            ],
        ),
        QuestionResult(
            **world.shown("multiple", 2),
            is_correct=False,
            answered=False,
            your_answer="",
            correct_answer="",
            options=[
                OptionResult(o["2"].id, "2", selected=False, correct=True),
                OptionResult(o["3"].id, "3", selected=False, correct=True),
                OptionResult(o["4"].id, "4", selected=False, correct=False),
                OptionResult(o["9"].id, "9", selected=False, correct=False),
            ],
        ),
        QuestionResult(
            **world.shown("text", 3),
            is_correct=True,
            answered=True,
            your_answer="зелёная ёлка",
            correct_answer="Зелёная  Ёлка",
        ),
        QuestionResult(
            **world.shown("number", 4),
            is_correct=False,
            answered=True,
            your_answer="3.5",
            correct_answer="3.14 ± 0.01",
        ),
    ]


def test_unanswered_text_and_number_questions_read_as_unanswered(session):
    world = build_world(session, reveal_answers="never")
    result = submit(session, world, start(session, world).id, {})
    assert [(q.kind, q.answered, q.your_answer, q.correct_answer) for q in result.questions] == [
        ("single", False, "", ""),
        ("multiple", False, "", ""),
        ("text", False, "", ""),
        ("number", False, "", ""),
    ]
    assert (result.score_percent, result.show_correct_answers) == (0, False)


def test_a_number_without_tolerance_is_shown_alone(session):
    world = build_world(session)
    world.questions["number"].tolerance = 0.0
    world.questions["number"].correct_number = 42.0
    session.flush()
    result = submit(
        session, world, start(session, world).id, {world.questions["number"].id: {"number": 42}}
    )
    number = next(q for q in result.questions if q.kind == "number")
    assert (number.is_correct, number.your_answer, number.correct_answer) == (True, "42", "42")


def test_a_late_submit_is_marked_late_in_the_result(session):
    world = build_world(session, time_limit_minutes=10)
    attempt = start(session, world)
    result = submit(session, world, attempt.id, {}, now=T0 + timedelta(minutes=10, seconds=6))
    assert (result.late, result.submitted_at) == (True, T0 + timedelta(minutes=10, seconds=6))
    again = quizzes.attempt_result(session=session, user_id=world.learner.id, attempt_id=attempt.id)
    assert again.late is True


def test_the_course_is_completed_only_by_the_learners_own_enrolment(session):
    world = build_world(session)
    theirs = session.scalar(select(Enrollment).where(Enrollment.user_id == world.other.id))
    theirs.status = "completed"
    session.flush()
    result = submit(session, world, start(session, world).id, {})
    assert result.course_completed is False


def test_the_passed_flag_of_a_result_is_the_attempts_own(session):
    world = build_world(session, max_attempts=None)
    passed = submit(session, world, start(session, world).id, world.right())
    failed = take(session, world, {}, started=T0 + timedelta(hours=1))
    assert (passed.passed, passed.score_percent) == (True, 100)
    assert (failed.passed, failed.score_percent, failed.number) == (False, 0, 2)
    assert (failed.attempts_left, failed.can_retry) == (None, True)


def _revealed(result) -> bool:
    return any(o.correct for q in result.questions for o in q.options) or any(
        q.correct_answer for q in result.questions
    )


def test_another_learners_or_another_quizs_open_attempt_hides_nothing(session):
    world = build_world(session, reveal_answers="after_each_attempt")
    other_quiz = add_quiz(session, world)
    mine = submit(session, world, start(session, world).id, {})
    start(session, world, user=world.other, now=T0 + timedelta(minutes=2))
    quizzes.start_attempt(
        session=session,
        user_id=world.learner.id,
        quiz_id=other_quiz.id,
        now=T0 + timedelta(minutes=2),
    )
    again = quizzes.attempt_result(
        session=session, user_id=world.learner.id, attempt_id=mine.attempt_id
    )
    assert (again.show_correct_answers, _revealed(again)) == (True, True)


def test_another_learners_pass_reveals_nothing_after_passing(session):
    world = build_world(session, reveal_answers="after_passing")
    theirs = start(session, world, user=world.other)
    assert submit(session, world, theirs.id, world.right(), user=world.other).passed is True
    mine = submit(session, world, start(session, world).id, {})
    assert (mine.show_correct_answers, _revealed(mine)) == (False, False)


def test_another_learners_attempts_do_not_use_up_the_learners_last_attempt(session):
    world = build_world(session, reveal_answers="after_last_attempt", max_attempts=2)
    for minute in (0, 2):
        take(session, world, {}, user=world.other, started=T0 + timedelta(minutes=minute))
    mine = take(session, world, {}, started=T0 + timedelta(minutes=5))
    assert (mine.attempts_left, mine.show_correct_answers, _revealed(mine)) == (1, False, False)


def test_the_course_completed_flag_reads_this_courses_enrolment(session, monkeypatch):
    stub_certificate_requests(monkeypatch)
    world = build_world(session)
    elsewhere = make_course(session)
    session.add(Enrollment(user_id=world.learner.id, course_id=elsewhere.id, status="completed"))
    session.flush()
    failed = submit(session, world, start(session, world).id, {})
    assert failed.course_completed is False
    # Now the other way round: this course completed, another one still active.
    session.execute(
        update(Enrollment)
        .where(Enrollment.user_id == world.learner.id, Enrollment.course_id == elsewhere.id)
        .values(status="active")
    )
    for lesson in world.text_lessons:
        progress.complete_lesson(session=session, user_id=world.learner.id, lesson_id=lesson.id)
    passed = take(session, world, world.right(), started=T0 + timedelta(hours=1))
    assert (passed.passed, passed.course_completed) == (True, True)


def test_an_attempt_stored_without_answer_rows_reads_as_unanswered(session):
    """Attempts kept from before unanswered questions got their row (or rows lost) must
    still show a result: every question unanswered, nothing of the learner's invented."""
    world = build_world(session)
    attempt = start(session, world)
    submit(session, world, attempt.id, world.right())
    session.execute(AttemptAnswer.__table__.delete())
    result = quizzes.attempt_result(
        session=session, user_id=world.learner.id, attempt_id=attempt.id
    )
    assert [(q.kind, q.is_correct, q.answered, q.your_answer) for q in result.questions] == [
        ("single", False, False, ""),
        ("multiple", False, False, ""),
        ("text", False, False, ""),
        ("number", False, False, ""),
    ]
    assert all(not option.selected for q in result.questions for option in q.options)
    assert (result.points_earned, result.points_total) == (0, 10)


def test_a_text_question_without_a_right_text_shows_no_right_answer(session):
    world = build_world(session)
    world.questions["text"].correct_text = None
    session.flush()
    result = submit(session, world, start(session, world).id, {})
    text = next(q for q in result.questions if q.kind == "text")
    assert (result.show_correct_answers, text.correct_answer) == (True, "")
