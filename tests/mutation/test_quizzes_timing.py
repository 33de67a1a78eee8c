"""The server's clock (services/quizzes/timing.py and the closing of expired attempts in
attempts.py), on both databases: the last instant of the grace period, attempts without
a time limit, and which open attempts opening the quiz closes (only the learner's own,
of this quiz, past the deadline, not yet submitted). Written to kill the mutants
`make mutation` found alive; the quiz is tests/integration/test_quizzes.py's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from edu_platform.models import AttemptAnswer, LessonProgress, QuizAttempt
from edu_platform.services import quizzes
from edu_platform.services.errors import Conflict
from edu_platform.services.quizzes.timing import GRACE, is_late
from tests.support.learning import record_learning_events
from tests.support.quiz_world import T0, build_world, save, start, submit

DEADLINE = T0 + timedelta(minutes=10)
TICK = timedelta(microseconds=1)


@pytest.fixture(autouse=True)
def recorded_events(monkeypatch) -> list[dict]:
    return record_learning_events(monkeypatch)


def _save(session, world, attempt_id, kind, answer, now):
    save(session, world, attempt_id, world.questions[kind].id, answer, now=now)


def _overview(session, world, now, user=None):
    return quizzes.quiz_for_lesson(
        session=session,
        user_id=(user or world.learner).id,
        lesson_id=world.quiz.lesson_id,
        now=now,
    )


def test_the_grace_is_five_seconds_after_the_deadline():
    attempt = QuizAttempt(quiz_id=1, user_id=1, deadline_at=DEADLINE)
    assert timedelta(seconds=5) == GRACE
    assert is_late(attempt, DEADLINE + GRACE) is False
    assert is_late(attempt, DEADLINE + GRACE + TICK) is True
    assert is_late(attempt, DEADLINE - timedelta(hours=1)) is False


def test_an_attempt_without_a_deadline_is_never_late():
    attempt = QuizAttempt(quiz_id=1, user_id=1, deadline_at=None)
    assert is_late(attempt, T0 + timedelta(days=3650)) is False


def test_an_answer_saved_at_the_last_instant_of_the_grace_counts(session):
    world = build_world(session, time_limit_minutes=10)
    attempt = start(session, world)
    right = world.right()
    _save(
        session, world, attempt.id, "single", right[world.questions["single"].id], DEADLINE + GRACE
    )
    with pytest.raises(Conflict) as refused:
        _save(
            session,
            world,
            attempt.id,
            "text",
            right[world.questions["text"].id],
            DEADLINE + GRACE + TICK,
        )
    assert (refused.value.detail, refused.value.message_key) == ("time is up", "quiz.time_is_up")
    result = submit(session, world, attempt.id, None, now=DEADLINE + GRACE + TICK)
    assert (result.score_percent, result.late) == (10, True)


def test_a_submit_at_the_last_instant_of_the_grace_counts_its_answers(session):
    world = build_world(session, time_limit_minutes=10)
    attempt = start(session, world)
    result = submit(session, world, attempt.id, world.right(), now=DEADLINE + GRACE)
    assert (result.score_percent, result.passed, result.late) == (100, True, False)


def test_an_untimed_attempt_takes_answers_years_later(session):
    world = build_world(session)
    attempt = start(session, world)
    assert attempt.deadline_at is None
    later = T0 + timedelta(days=3650)
    _save(session, world, attempt.id, "text", {"text": "зелёная ёлка"}, later)
    overview = _overview(session, world, later)
    assert overview.open_attempt_id == attempt.id
    result = submit(session, world, attempt.id, world.right(), now=later)
    assert (result.score_percent, result.late) == (100, False)


def test_opening_the_quiz_closes_an_expired_attempt_at_that_moment(session, recorded_events):
    world = build_world(session, time_limit_minutes=10)
    attempt = start(session, world)
    _save(session, world, attempt.id, "number", {"number": 3.14}, T0 + timedelta(minutes=1))
    opened = DEADLINE + GRACE + TICK
    # At the last instant of the grace the attempt is still open.
    assert _overview(session, world, DEADLINE + GRACE).open_attempt_id == attempt.id
    recorded_events.clear()
    overview = _overview(session, world, opened)
    assert overview.open_attempt_id is None
    stored = session.get(QuizAttempt, attempt.id)
    assert (stored.submitted_at, stored.score_percent, stored.passed) == (opened, 40, False)
    assert [(e["type"], e["user_id"], e["payload"]["late"]) for e in recorded_events] == [
        ("quiz_submitted", world.learner.id, True)
    ]
    answered = session.scalars(
        select(AttemptAnswer.answered_at).where(AttemptAnswer.attempt_id == attempt.id)
    ).all()
    assert sorted(answered) == [T0 + timedelta(minutes=1), opened, opened, opened]


def test_starting_again_after_the_deadline_closes_the_old_attempt_first(session):
    world = build_world(session, time_limit_minutes=10)
    first = start(session, world)
    later = DEADLINE + timedelta(minutes=1)
    second = start(session, world, now=later)
    assert second.id != first.id
    assert (second.number, second.started_at) == (2, later)
    assert second.deadline_at == later + timedelta(minutes=10)
    assert session.get(QuizAttempt, first.id).submitted_at == later


def test_opening_the_quiz_leaves_a_submitted_timed_attempt_alone(session, recorded_events):
    world = build_world(session, time_limit_minutes=10)
    attempt = start(session, world)
    submit(session, world, attempt.id, world.right(), now=T0 + timedelta(minutes=2))
    recorded_events.clear()
    overview = _overview(session, world, T0 + timedelta(hours=2))
    stored = session.get(QuizAttempt, attempt.id)
    assert (stored.submitted_at, stored.score_percent) == (T0 + timedelta(minutes=2), 100)
    assert [(a.score_percent, a.is_open) for a in overview.attempts] == [(100, False)]
    assert [e for e in recorded_events if e["type"] == "quiz_submitted"] == []


def test_opening_the_quiz_leaves_another_learners_expired_attempt_open(session):
    world = build_world(session, time_limit_minutes=10)
    theirs = start(session, world, user=world.other)
    overview = _overview(session, world, DEADLINE + timedelta(hours=1))
    assert overview.attempts == []
    assert session.get(QuizAttempt, theirs.id).submitted_at is None
    # Their own visit closes it.
    _overview(session, world, DEADLINE + timedelta(hours=1), user=world.other)
    assert session.get(QuizAttempt, theirs.id).submitted_at == DEADLINE + timedelta(hours=1)


def test_an_expired_attempt_that_passes_completes_the_quiz_lesson_when_closed(session):
    world = build_world(session, time_limit_minutes=10)
    attempt = start(session, world)
    for question_id, answer in world.right().items():
        save(session, world, attempt.id, question_id, answer, now=T0 + timedelta(minutes=2))
    opened = DEADLINE + timedelta(hours=1)
    overview = _overview(session, world, opened)
    assert (overview.passed, overview.best_score) == (True, 100)
    done = session.scalar(
        select(LessonProgress.completed_at).where(
            LessonProgress.user_id == world.learner.id,
            LessonProgress.lesson_id == world.quiz.lesson_id,
        )
    )
    assert done == opened
