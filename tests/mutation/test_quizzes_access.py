"""Who may touch which quiz and attempt (services/quizzes/access.py), on both databases:
the ids a request may carry, the errors (detail, key, field) the API shows, the rows a
start or a submit locks, and the reads kept apart per learner and per quiz. Written to
kill the mutants `make mutation` found alive in the quizzes package; the quiz is
tests/integration/test_quizzes.py's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql

from edu_platform.models import AnswerOption, Enrollment, Lesson, Question, Quiz, QuizAttempt
from edu_platform.services import quizzes
from edu_platform.services.errors import DomainError, Invalid, NotFound
from edu_platform.services.quizzes.access import as_id
from tests.support.quiz_world import T0, build_world, save, start, submit, take


def error_of(raised: pytest.ExceptionInfo) -> tuple[type, str, str, str | None]:
    """What the API shows of a domain error: its class, detail, message key and field."""
    error = raised.value
    assert isinstance(error, DomainError)
    return type(error), error.detail, error.message_key, error.field


def add_quiz(session, world, *, title: str = "Second quiz", **settings) -> Quiz:
    """One more quiz lesson in the world's course: one single-choice question ("Yes" is
    right, "No" is not)."""
    lesson = Lesson(
        module_id=world.text_lessons[0].module_id,
        course_id=world.course.id,
        title=title,
        kind="quiz",
        position=3,
    )
    session.add(lesson)
    session.flush()
    quiz = Quiz(lesson_id=lesson.id, course_id=world.course.id, **settings)
    session.add(quiz)
    session.flush()
    question = Question(quiz_id=quiz.id, kind="single", text="Is it?", position=1, points=1)
    session.add(question)
    session.flush()
    session.add_all(
        [
            AnswerOption(question_id=question.id, text="Yes", is_correct=True, position=1),
            AnswerOption(question_id=question.id, text="No", is_correct=False, position=2),
        ]
    )
    session.flush()
    return quiz


@contextmanager
def statements_run(session) -> Iterator[list[str]]:
    """The SQL statements the block sends to the database."""
    sent: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        sent.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


@contextmanager
def locking_reads(session) -> Iterator[list[tuple[str, list]]]:
    """The reads the block asks to lock (SELECT ... FOR UPDATE), from FROM on as PostgreSQL
    renders them, with their parameters; SQLite has no row locks, so the ORM statements
    are rendered here rather than read from the wire."""
    locked: list[tuple[str, list]] = []

    def spy(state) -> None:
        compiled = state.statement.compile(dialect=postgresql.dialect())
        if " FOR UPDATE" in str(compiled):
            text = re.sub(r"::\w+", "", " ".join(str(compiled).split()))
            locked.append((text.partition(" FROM ")[2], sorted(compiled.params.values())))

    event.listen(session, "do_orm_execute", spy)
    try:
        yield locked
    finally:
        event.remove(session, "do_orm_execute", spy)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (7, 7),
        ("7", 7),
        (" 7 ", 7),
        (1, 1),
        (7.9, 7),
        (2**62 - 1, 2**62 - 1),
        (2**62, 0),
        (0, 0),
        (-1, 0),
        (None, 0),
        ("x", 0),
        ("", 0),
        ([1], 0),
    ],
)
def test_an_id_from_a_request_is_a_positive_bigint_or_zero(raw, expected):
    assert as_id(raw) == expected


@pytest.mark.parametrize("quiz_id", ["nope", 0, -3, 2**62, 987654])
def test_starting_an_unknown_quiz_is_not_found(session, quiz_id):
    world = build_world(session)
    with pytest.raises(NotFound) as refused:
        quizzes.start_attempt(session=session, user_id=world.learner.id, quiz_id=quiz_id)
    assert error_of(refused) == (NotFound, "quiz not found", "quiz.not_found", None)


@pytest.mark.parametrize("lesson_id", ["nope", 0, -3, 987654])
def test_opening_an_unknown_lesson_is_not_found(session, lesson_id):
    world = build_world(session)
    with pytest.raises(NotFound) as refused:
        quizzes.quiz_for_lesson(session=session, user_id=world.learner.id, lesson_id=lesson_id)
    assert error_of(refused) == (NotFound, "lesson not found", "quiz.not_found", None)


def test_a_malformed_id_is_refused_without_a_database_read(session):
    world = build_world(session)
    with statements_run(session) as sent, pytest.raises(NotFound):
        quizzes.quiz_for_lesson(session=session, user_id=world.learner.id, lesson_id="nope")
    with statements_run(session) as sent_for_quiz, pytest.raises(NotFound):
        quizzes.start_attempt(session=session, user_id=world.learner.id, quiz_id="nope")
    assert (sent, sent_for_quiz) == ([], [])


def test_a_lesson_without_a_quiz_is_not_found_with_its_own_detail(session):
    world = build_world(session)
    with pytest.raises(NotFound) as refused:
        quizzes.quiz_for_lesson(
            session=session, user_id=world.learner.id, lesson_id=world.text_lessons[0].id
        )
    assert error_of(refused) == (NotFound, "this lesson has no quiz", "quiz.not_found", None)


def test_a_quiz_left_on_a_lesson_that_is_no_longer_a_quiz_lesson_is_not_found(session):
    world = build_world(session)
    lesson = session.get(Lesson, world.quiz.lesson_id)
    lesson.kind = "text"  # the teacher turned the quiz lesson into a text lesson
    session.flush()
    with pytest.raises(NotFound) as refused:
        quizzes.quiz_for_lesson(session=session, user_id=world.learner.id, lesson_id=lesson.id)
    assert error_of(refused) == (NotFound, "this lesson has no quiz", "quiz.not_found", None)


@pytest.mark.parametrize("attempt_id", ["nope", 0, 987654])
def test_an_unknown_attempt_is_not_found(session, attempt_id):
    world = build_world(session)
    start(session, world)
    with pytest.raises(NotFound) as submitting:
        submit(session, world, attempt_id, {})
    with pytest.raises(NotFound) as reading:
        quizzes.attempt_result(session=session, user_id=world.learner.id, attempt_id=attempt_id)
    with pytest.raises(NotFound) as answering:
        save(session, world, attempt_id, world.questions["single"].id, {})
    expected = (NotFound, "attempt not found", "quiz.attempt_not_found", None)
    assert [error_of(e) for e in (submitting, reading, answering)] == [expected] * 3


def test_someone_elses_or_an_anonymous_read_of_an_attempt_is_not_found(session):
    world = build_world(session)
    attempt = start(session, world)
    submit(session, world, attempt.id, {})
    for user_id in (world.other.id, None):
        with pytest.raises(NotFound) as refused:
            quizzes.attempt_result(session=session, user_id=user_id, attempt_id=attempt.id)
        assert error_of(refused) == (
            NotFound,
            "attempt not found",
            "quiz.attempt_not_found",
            None,
        )
    with statements_run(session) as sent, pytest.raises(NotFound):
        quizzes.attempt_result(session=session, user_id=None, attempt_id=attempt.id)
    assert sent == []  # an anonymous caller has no attempts: nothing is read


def test_a_start_locks_the_learners_enrolment_and_open_attempts(session):
    world = build_world(session)
    enrollment_id = session.scalar(
        select(Enrollment.id).where(Enrollment.user_id == world.learner.id)
    )
    with locking_reads(session) as locked:
        start(session, world)
    assert locked == [
        (
            "enrollment WHERE enrollment.id = %(id_1)s FOR UPDATE",
            [enrollment_id],
        ),
        (
            "quiz_attempt WHERE quiz_attempt.quiz_id = %(quiz_id_1)s "
            "AND quiz_attempt.user_id = %(user_id_1)s AND quiz_attempt.submitted_at IS NULL "
            "AND quiz_attempt.deadline_at IS NOT NULL FOR UPDATE",
            sorted([world.quiz.id, world.learner.id]),
        ),
    ]


def test_a_submit_and_an_answer_lock_the_attempt(session):
    world = build_world(session)
    attempt = start(session, world)
    locked_attempt = (
        "quiz_attempt WHERE quiz_attempt.id = %(id_1)s FOR UPDATE",
        [attempt.id],
    )
    with locking_reads(session) as answering:
        save(session, world, attempt.id, world.questions["single"].id, world.pick("Paris"), now=T0)
    with locking_reads(session) as submitting:
        submit(session, world, attempt.id, {})
    with locking_reads(session) as reading:
        quizzes.attempt_result(session=session, user_id=world.learner.id, attempt_id=attempt.id)
    assert (answering, submitting, reading) == ([locked_attempt], [locked_attempt], [])


def test_a_question_deleted_after_the_start_drops_out_of_the_attempt(session):
    world = build_world(session)
    attempt = start(session, world)
    removed = world.questions["multiple"]
    session.delete(removed)
    session.flush()
    with pytest.raises(Invalid) as refused:
        save(session, world, attempt.id, removed.id, {"option_ids": []}, now=T0)
    assert error_of(refused) == (
        Invalid,
        "not a question of this attempt",
        "quiz.unknown_question",
        "question_id",
    )
    resumed = start(session, world, now=T0 + timedelta(minutes=1))
    assert [(q.number, q.kind) for q in resumed.questions] == [
        (1, "single"),
        (2, "text"),
        (3, "number"),
    ]
    result = submit(session, world, attempt.id, world.right())
    assert [q.kind for q in result.questions] == ["single", "text", "number"]
    assert (result.points_earned, result.points_total, result.score_percent) == (8, 8, 100)


def test_an_attempt_with_no_question_left_shows_none(session):
    world = build_world(session)
    attempt = start(session, world)
    session.get(QuizAttempt, attempt.id).question_ids = []
    session.flush()
    assert start(session, world, now=T0 + timedelta(minutes=1)).questions == []
    result = submit(session, world, attempt.id, world.right())
    assert (result.questions, result.points_total, result.score_percent) == ([], 0, 100)


def test_attempts_at_another_quiz_are_kept_apart(session):
    world = build_world(session, max_attempts=2)
    other_quiz = add_quiz(session, world, max_attempts=2)
    for minute in (0, 2):
        other = quizzes.start_attempt(
            session=session,
            user_id=world.learner.id,
            quiz_id=other_quiz.id,
            now=T0 + timedelta(minutes=minute),
        )
        submit(session, world, other.id, {}, now=T0 + timedelta(minutes=minute + 1))
    attempt = start(session, world, now=T0 + timedelta(minutes=10))
    assert attempt.number == 1
    overview = quizzes.quiz_for_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.quiz.lesson_id
    )
    assert (overview.attempts_used, overview.attempts_left) == (1, 1)
    assert [a.id for a in overview.attempts] == [attempt.id]
    result = submit(session, world, attempt.id, {}, now=T0 + timedelta(minutes=11))
    assert (result.number, result.attempts_left, result.can_retry) == (1, 1, True)


def test_attempts_of_another_learner_are_kept_apart(session):
    world = build_world(session, max_attempts=2)
    for minute in (0, 2):
        take(session, world, {}, user=world.other, started=T0 + timedelta(minutes=minute))
    mine = start(session, world, now=T0 + timedelta(minutes=10))
    assert mine.number == 1
    result = submit(session, world, mine.id, {}, now=T0 + timedelta(minutes=11))
    assert (result.number, result.attempts_left, result.can_retry) == (1, 1, True)
