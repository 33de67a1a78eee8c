"""Quizzes (services/quizzes.py) on both databases, on the small fixed course of
tests/support/quiz_world.py (built with the ORM; its docstring tables the questions)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select
from sqlmodel import Session

from edu_platform.models import (
    AttemptAnswer,
    Certificate,
    Enrollment,
    LessonProgress,
    QuizAttempt,
    User,
    utcnow,
)
from edu_platform.services import certificates, learning_events, progress, quizzes
from edu_platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from edu_platform.settings import settings
from tests.support.learning import stub_certificate_requests
from tests.support.quiz_world import T0, QuizWorld, build_world, marks, save, start, submit, take


@pytest.fixture
def world(session: Session) -> QuizWorld:
    return build_world(session)


# --- scoring ------------------------------------------------------------------------------


def test_all_right_answers_score_100_and_pass(session, world):
    attempt = start(session, world)
    result = submit(session, world, attempt.id, world.right())
    assert (result.score_percent, result.passed) == (100, True)
    assert (result.points_earned, result.points_total) == (10, 10)
    assert marks(result) == dict.fromkeys(("single", "multiple", "text", "number"), True)
    stored = session.get(QuizAttempt, attempt.id)
    assert (stored.score_percent, stored.passed, stored.submitted_at) == (
        100,
        True,
        T0 + timedelta(minutes=1),
    )


def _answer_alone(session, world: QuizWorld, kind: str, answer: dict):
    """The result of a fresh attempt that answers only the `kind` question, with `answer`."""
    session.execute(QuizAttempt.__table__.delete())
    attempt = start(session, world)
    return submit(session, world, attempt.id, {world.questions[kind].id: answer})


def test_single_choice_counts_only_the_one_correct_option(session, world):
    o = world.options
    cases = [
        ([o["Paris"].id], True),
        ([o["Lyon"].id], False),
        ([o["Paris"].id, o["Lyon"].id], False),
        ([], False),
    ]
    for selected, expected in cases:
        result = _answer_alone(session, world, "single", {"option_ids": selected})
        assert marks(result)["single"] is expected, selected


def test_multiple_choice_needs_exactly_the_correct_set_without_partial_credit(session, world):
    o = world.options
    cases = [
        ([o["2"].id, o["3"].id], True),
        ([o["2"].id], False),  # a subset of the right options
        ([o["2"].id, o["3"].id, o["4"].id], False),  # a superset
        ([o["4"].id, o["9"].id], False),
    ]
    for selected, expected in cases:
        result = _answer_alone(session, world, "multiple", {"option_ids": selected})
        assert marks(result)["multiple"] is expected, selected
        assert result.points_earned == (2 if expected else 0)


def test_text_answer_ignores_case_spaces_and_yo(session, world):
    cases = [
        ("зелёная ёлка", True),
        ("  ЗЕЛЕНАЯ   елка ", True),
        ("Зеленая\tЕлка", True),
        ("зелёная", False),
        ("зелёная ёлка!", False),
        ("", False),
    ]
    for typed, expected in cases:
        result = _answer_alone(session, world, "text", {"text": typed})
        assert marks(result)["text"] is expected, typed


def test_number_answer_counts_within_tolerance_only(session, world):
    cases = [
        (3.14, True),
        (3.15, True),
        (3.13, True),
        ("3,141", True),
        (3.16, False),
        (3.12, False),
        ("pi", False),
        (float("nan"), False),
        (None, False),
    ]
    for typed, expected in cases:
        result = _answer_alone(session, world, "number", {"number": typed})
        assert marks(result)["number"] is expected, typed


def test_number_without_tolerance_must_be_exact(session, world):
    world.questions["number"].tolerance = None
    session.add(world.questions["number"])
    attempt = start(session, world)
    result = submit(session, world, attempt.id, {world.questions["number"].id: {"number": 3.15}})
    assert marks(result)["number"] is False


def test_score_is_earned_points_share_rounded_down_and_pass_mark_applies(session, world):
    q, o = world.questions, world.options
    attempt = start(session, world)
    # single (1) + multiple (2) + text (3) = 6 of 10 points; the number is wrong.
    answers = world.right()
    answers[q["number"].id] = {"number": 0}
    result = submit(session, world, attempt.id, answers)
    assert (result.score_percent, result.passed) == (60, False)

    world.quiz.pass_percent = 60
    session.add(world.quiz)
    second = start(session, world, now=T0 + timedelta(hours=1))
    answers[q["single"].id] = {"option_ids": [o["Nice"].id]}  # 5 of 10
    result = submit(session, world, second.id, answers, now=T0 + timedelta(hours=2))
    assert (result.score_percent, result.passed) == (50, False)


def test_score_percent_is_rounded_down(session):
    world = build_world(session)
    world.questions["number"].points = 1  # 1 + 2 + 3 + 1 = 7 points in all
    session.add(world.questions["number"])
    attempt = start(session, world)
    answers = {world.questions["single"].id: world.right()[world.questions["single"].id]}
    result = submit(session, world, attempt.id, answers)
    assert result.points_total == 7
    assert result.score_percent == 14  # 1/7 = 14.28...


def test_submitting_twice_returns_the_stored_result(session, world):
    attempt = start(session, world)
    first = submit(session, world, attempt.id, {})
    again = submit(session, world, attempt.id, world.right(), now=T0 + timedelta(minutes=2))
    assert (again.score_percent, again.passed) == (first.score_percent, False)
    assert session.get(QuizAttempt, attempt.id).submitted_at == T0 + timedelta(minutes=1)


def test_saved_answers_count_when_submit_carries_none(session, world):
    attempt = start(session, world)
    for question_id, answer in world.right().items():
        save(session, world, attempt.id, question_id, answer, now=T0)
    resumed = start(session, world, now=T0 + timedelta(seconds=30))
    saved = {a.question_id: a for a in resumed.answers}
    assert saved[world.questions["text"].id].text == "Зелёная Ёлка"
    assert saved[world.questions["number"].id].number == 3.14
    result = submit(session, world, attempt.id, None)
    assert result.score_percent == 100


# --- drawing questions and option order --------------------------------------------------


def test_random_draw_takes_questions_per_attempt_from_the_bank(session):
    world = build_world(session, questions_per_attempt=2, max_attempts=None)
    bank = {q.id for q in world.questions.values()}
    for hour in range(6):
        attempt = start(session, world, now=T0 + timedelta(hours=hour))
        ids = [q.id for q in attempt.questions]
        assert len(ids) == 2 and len(set(ids)) == 2
        assert set(ids) <= bank
        assert session.get(QuizAttempt, attempt.id).question_ids == ids
        result = submit(
            session, world, attempt.id, world.right(), now=T0 + timedelta(hours=hour, minutes=1)
        )
        assert [q.id for q in result.questions] == ids  # the result covers only those two
        assert result.score_percent == 100


def test_without_a_draw_every_question_comes_in_bank_order(session, world):
    attempt = start(session, world)
    assert [q.kind for q in attempt.questions] == ["single", "multiple", "text", "number"]
    assert [o.text for o in attempt.questions[1].options] == ["2", "3", "4", "9"]


def test_shuffled_option_order_is_stable_for_an_attempt(session):
    world = build_world(session, shuffle_options=True)
    orders = []
    for hour in range(8):
        attempt = start(session, world, now=T0 + timedelta(hours=hour))
        order = [o.id for o in attempt.questions[1].options]
        # A reload (start again returns the open attempt) shows the same order.
        reloaded = start(session, world, now=T0 + timedelta(hours=hour, minutes=1))
        assert reloaded.id == attempt.id
        assert [o.id for o in reloaded.questions[1].options] == order
        assert sorted(order) == sorted(world.options[t].id for t in ("2", "3", "4", "9"))
        result = submit(session, world, attempt.id, {}, now=T0 + timedelta(hours=hour, minutes=2))
        assert [o.id for o in result.questions[1].options] == order
        orders.append(order)
    # Eight attempts all in bank order would mean nothing was shuffled (chance 1 in 24**8).
    assert any(order != sorted(order) for order in orders)


# --- time limit ---------------------------------------------------------------------------


def test_answer_after_the_deadline_is_not_counted(session):
    world = build_world(session, time_limit_minutes=10)
    q = world.questions
    attempt = start(session, world)
    assert attempt.deadline_at == T0 + timedelta(minutes=10)
    right = world.right()
    save(
        session,
        world,
        attempt.id,
        q["single"].id,
        right[q["single"].id],
        now=T0 + timedelta(minutes=5),
    )
    # All four right answers arrive 11 minutes in: only the one saved in time counts.
    result = submit(session, world, attempt.id, right, now=T0 + timedelta(minutes=11))
    assert result.late is True
    assert marks(result) == {"single": True, "multiple": False, "text": False, "number": False}
    assert result.score_percent == 10
    assert session.get(QuizAttempt, attempt.id).submitted_at is not None


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"access_until": datetime(2000, 1, 1, tzinfo=UTC)}, "learning.access_ended"),
        ({"status": "cancelled"}, "learning.not_enrolled"),
    ],
)
def test_saving_an_answer_is_refused_once_the_access_ends(session, change, key):
    """save_answer re-checks the enrolment on every answer (not the lesson: it was open
    when the attempt started): an access that ended mid-attempt takes no more answers."""
    world = build_world(session)
    attempt = start(session, world, now=utcnow())
    enrollment = session.scalar(
        select(Enrollment).where(
            Enrollment.user_id == world.learner.id, Enrollment.course_id == world.course.id
        )
    )
    for name, value in change.items():
        setattr(enrollment, name, value)
    session.flush()
    with pytest.raises(Forbidden) as refused:
        save(session, world, attempt.id, world.questions["single"].id, world.pick("Paris"))
    assert refused.value.message_key == key
    assert not session.scalars(
        select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id)
    ).all()


def test_saving_an_answer_takes_seven_statements(session):
    """One answer is the hot path of an exam (bench/load/quiz_learners.py): the attempt
    (locked), the quiz, the enrolment, the question, its options, the saved answers, the
    write. It was ten with the lesson and course order checked again on every answer."""
    world = build_world(session)
    attempt = start(session, world, now=utcnow())
    ids = {
        "user_id": world.learner.id,
        "attempt_id": attempt.id,
        "question_id": world.questions["single"].id,
        "answer": {"option_ids": [world.options["Paris"].id]},
    }
    session.flush()
    session.expire_all()  # nothing from the identity map: every read is a statement
    statements: list[str] = []
    engine = session.get_bind()

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        quizzes.save_answer(session=session, **ids)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) <= 7, statements


def test_answers_within_the_grace_period_count(session):
    world = build_world(session, time_limit_minutes=10)
    attempt = start(session, world)
    result = submit(
        session, world, attempt.id, world.right(), now=T0 + timedelta(minutes=10, seconds=4)
    )
    assert (result.score_percent, result.late) == (100, False)


def test_saving_an_answer_after_the_deadline_is_refused(session):
    world = build_world(session, time_limit_minutes=10)
    q = world.questions
    attempt = start(session, world)
    past_the_grace = T0 + timedelta(minutes=10, seconds=6)
    with pytest.raises(Conflict) as refused:
        save(session, world, attempt.id, q["single"].id, world.pick("Paris"), now=past_the_grace)
    assert refused.value.message_key == "quiz.time_is_up"
    assert session.scalars(select(AttemptAnswer)).all() == []


def test_an_expired_open_attempt_is_closed_with_its_saved_answers(session):
    world = build_world(session, time_limit_minutes=10, max_attempts=2)
    q = world.questions
    attempt = start(session, world)
    save(
        session,
        world,
        attempt.id,
        q["number"].id,
        {"number": "3.14"},
        now=T0 + timedelta(minutes=1),
    )
    overview = quizzes.quiz_for_lesson(
        session=session,
        user_id=world.learner.id,
        lesson_id=world.quiz.lesson_id,
        now=T0 + timedelta(hours=1),
    )
    assert overview.open_attempt_id is None
    assert [(a.score_percent, a.is_open) for a in overview.attempts] == [(40, False)]
    assert (overview.attempts_left, overview.can_start) == (1, True)


# --- attempts -----------------------------------------------------------------------------


def test_attempt_limit_refuses_a_new_attempt(session):
    world = build_world(session, max_attempts=2)
    for hour in range(2):
        last = take(session, world, {}, started=T0 + timedelta(hours=hour))
    with pytest.raises(Conflict) as refused:
        start(session, world, now=T0 + timedelta(hours=3))
    assert refused.value.message_key == "quiz.no_attempts_left"
    overview = quizzes.quiz_for_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.quiz.lesson_id
    )
    assert (overview.attempts_used, overview.attempts_left, overview.can_start) == (2, 0, False)
    result = quizzes.attempt_result(
        session=session, user_id=world.learner.id, attempt_id=last.attempt_id
    )
    assert (result.attempts_left, result.can_retry) == (0, False)


def test_starting_again_resumes_the_open_attempt(session, world):
    attempt = start(session, world)
    again = start(session, world, now=T0 + timedelta(minutes=3))
    assert again.id == attempt.id
    assert [q.id for q in again.questions] == [q.id for q in attempt.questions]
    assert len(session.scalars(select(QuizAttempt)).all()) == 1
    overview = quizzes.quiz_for_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.quiz.lesson_id
    )
    assert (overview.open_attempt_id, overview.can_start) == (attempt.id, True)


def test_every_attempt_is_kept_with_its_score(session, world):
    scores = []
    for hour, answers in enumerate(({}, world.right(), {})):
        scores.append(
            take(session, world, answers, started=T0 + timedelta(hours=hour)).score_percent
        )
    overview = quizzes.quiz_for_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.quiz.lesson_id
    )
    assert [(a.number, a.score_percent, a.passed) for a in overview.attempts] == [
        (1, 0, False),
        (2, 100, True),
        (3, 0, False),
    ]
    assert scores == [0, 100, 0]
    assert (overview.passed, overview.best_score, overview.attempts_left) == (True, 100, None)
    assert len(session.scalars(select(QuizAttempt)).all()) == 3


# --- what the learner sees ---------------------------------------------------------------

SECRET_FIELDS = {
    "is_correct",
    "correct",
    "correct_text",
    "correct_number",
    "tolerance",
    "correct_answer",
}


def _field_names(value) -> set[str]:
    names: set[str] = set()
    if dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            names.add(item.name)
            names |= _field_names(getattr(value, item.name))
    elif isinstance(value, list):
        for item in value:
            names |= _field_names(item)
    return names


def test_questions_before_submission_never_carry_the_right_answers(session, world):
    attempt = start(session, world)
    assert _field_names(attempt) & SECRET_FIELDS == set()
    dumped = json.dumps(dataclasses.asdict(attempt), default=str, ensure_ascii=False)
    assert "Зелёная" not in dumped and "3.14" not in dumped
    overview = quizzes.quiz_for_lesson(
        session=session, user_id=world.learner.id, lesson_id=world.quiz.lesson_id
    )
    assert _field_names(overview) & SECRET_FIELDS == set()


def test_result_shows_the_right_answers_when_the_quiz_allows(session, world):
    attempt = start(session, world)
    result = submit(session, world, attempt.id, {})
    by_kind = {q.kind: q for q in result.questions}
    assert result.show_correct_answers is True
    assert by_kind["text"].correct_answer == "Зелёная  Ёлка"
    assert by_kind["number"].correct_answer == "3.14 ± 0.01"
    assert [o.text for o in by_kind["multiple"].options if o.correct] == ["2", "3"]


def test_hidden_answers_stay_hidden_in_the_result(session):
    world = build_world(session, reveal_answers="never", max_attempts=1)
    attempt = start(session, world)
    q, o = world.questions, world.options
    result = submit(
        session,
        world,
        attempt.id,
        {q["single"].id: {"option_ids": [o["Lyon"].id]}, q["text"].id: {"text": "сосна"}},
    )
    assert marks(result) == dict.fromkeys(("single", "multiple", "text", "number"), False)
    assert all(not option.correct for question in result.questions for option in question.options)
    assert all(question.correct_answer == "" for question in result.questions)
    dumped = json.dumps(dataclasses.asdict(result), default=str, ensure_ascii=False)
    assert "Зелёная" not in dumped and "3.14" not in dumped
    by_kind = {question.kind: question for question in result.questions}
    assert by_kind["text"].your_answer == "сосна"
    assert [option.text for option in by_kind["single"].options if option.selected] == ["Lyon"]


def _revealed(result) -> bool:
    """Whether any right answer is in the result (options, text or number)."""
    return any(o.correct for q in result.questions for o in q.options) or any(
        q.correct_answer for q in result.questions
    )


def _result_of(session, world, attempt_id):
    return quizzes.attempt_result(session=session, user_id=world.learner.id, attempt_id=attempt_id)


def test_reveal_after_each_attempt_shows_answers_after_a_failed_first_attempt(session):
    world = build_world(session, reveal_answers="after_each_attempt", max_attempts=3)
    result = submit(session, world, start(session, world).id, {})
    assert (result.passed, result.show_correct_answers, _revealed(result)) == (False, True, True)
    assert result.reveal_answers == "after_each_attempt"


def test_reveal_after_passing_hides_answers_until_an_attempt_passes(session):
    world = build_world(session, reveal_answers="after_passing")
    failed = submit(session, world, start(session, world).id, {})
    assert (failed.passed, failed.show_correct_answers, _revealed(failed)) == (False, False, False)
    dumped = json.dumps(dataclasses.asdict(failed), default=str, ensure_ascii=False)
    assert "Зелёная" not in dumped and "3.14" not in dumped
    passed = take(session, world, world.right(), started=T0 + timedelta(minutes=2))
    assert (passed.passed, passed.show_correct_answers, _revealed(passed)) == (True, True, True)
    # Once passed, the earlier failed attempt's review shows them too.
    assert _revealed(_result_of(session, world, failed.attempt_id)) is True


def test_reveal_after_last_attempt_waits_for_the_attempt_limit(session):
    world = build_world(session, reveal_answers="after_last_attempt", max_attempts=2)
    first = submit(session, world, start(session, world).id, world.right())
    # Even a pass reveals nothing while an attempt is left.
    assert (first.passed, first.attempts_left, _revealed(first)) == (True, 1, False)
    last = take(session, world, {}, started=T0 + timedelta(minutes=2))
    assert (last.attempts_left, last.show_correct_answers, _revealed(last)) == (0, True, True)
    assert _revealed(_result_of(session, world, first.attempt_id)) is True


def test_reveal_after_last_attempt_never_reveals_with_unlimited_attempts(session):
    world = build_world(session, reveal_answers="after_last_attempt", max_attempts=None)
    for minute in range(0, 8, 2):
        result = take(session, world, {}, started=T0 + timedelta(minutes=minute))
        assert (result.attempts_left, _revealed(result)) == (None, False)


def test_reveal_never_hides_answers_even_after_the_last_attempt_and_a_pass(session):
    world = build_world(session, reveal_answers="never", max_attempts=1)
    result = submit(session, world, start(session, world).id, world.right())
    assert (result.passed, result.attempts_left, _revealed(result)) == (True, 0, False)
    assert result.show_correct_answers is False


def test_no_answers_are_revealed_while_an_attempt_is_open(session):
    world = build_world(session, reveal_answers="after_each_attempt")
    first = submit(session, world, start(session, world).id, {})
    assert _revealed(first) is True
    start(session, world, now=T0 + timedelta(minutes=2))  # the second attempt, left open
    assert _revealed(_result_of(session, world, first.attempt_id)) is False


def test_the_reveal_policy_is_validated_when_the_teacher_saves_it(session, world):
    from edu_platform.services import authoring

    teacher_id = world.course.teacher_id
    with pytest.raises(Invalid) as refused:
        authoring.update_quiz(
            session=session,
            actor_id=teacher_id,
            quiz_id=world.quiz.id,
            changes={"reveal_answers": "sometimes"},
        )
    assert refused.value.field == "reveal_answers"
    assert refused.value.message_key == "authoring.error.reveal_answers"
    authoring.update_quiz(
        session=session,
        actor_id=teacher_id,
        quiz_id=world.quiz.id,
        changes={"reveal_answers": "after_passing"},
    )
    session.refresh(world.quiz)
    assert world.quiz.reveal_answers == "after_passing"


# --- course progress ----------------------------------------------------------------------


def test_passing_the_final_quiz_after_all_lessons_completes_the_course(
    session, world, monkeypatch, tmp_path
):
    scheduled = stub_certificate_requests(monkeypatch)
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    for lesson in world.text_lessons:
        progress.complete_lesson(session=session, user_id=world.learner.id, lesson_id=lesson.id)
    attempt = start(session, world)
    result = submit(session, world, attempt.id, world.right())
    assert result.course_completed is True
    enrollment = session.scalar(select(Enrollment).where(Enrollment.user_id == world.learner.id))
    assert (enrollment.status, enrollment.progress_percent) == ("completed", 100)
    assert enrollment.completed_at == T0 + timedelta(minutes=1)
    quiz_done = session.scalar(
        select(LessonProgress.completed_at).where(LessonProgress.lesson_id == world.quiz.lesson_id)
    )
    assert quiz_done == T0 + timedelta(minutes=1)
    # The completion schedules the certificate job; the job issues one, dated the completion.
    assert scheduled == [enrollment.id]
    assert (
        session.scalar(select(Certificate).where(Certificate.user_id == world.learner.id)) is None
    )
    for _ in range(2):  # the job, then a rerun of it
        certificates.issue_certificate(session=session, enrollment_id=enrollment.id)
    [certificate] = session.scalars(
        select(Certificate).where(Certificate.user_id == world.learner.id)
    ).all()
    assert (certificate.status, certificate.enrollment_id) == ("ready", enrollment.id)
    assert certificate.issued_at == T0 + timedelta(minutes=1)


def test_failing_the_quiz_leaves_the_lesson_and_course_open(session, world):
    for lesson in world.text_lessons:
        progress.complete_lesson(session=session, user_id=world.learner.id, lesson_id=lesson.id)
    attempt = start(session, world)
    result = submit(session, world, attempt.id, {})
    assert (result.passed, result.course_completed) == (False, False)
    enrollment = session.scalar(select(Enrollment).where(Enrollment.user_id == world.learner.id))
    assert (enrollment.status, enrollment.completed_lessons) == ("active", 2)


def test_passing_before_the_other_lessons_completes_only_the_quiz_lesson(session, world):
    attempt = start(session, world)
    submit(session, world, attempt.id, world.right())
    enrollment = session.scalar(select(Enrollment).where(Enrollment.user_id == world.learner.id))
    assert (enrollment.status, enrollment.completed_lessons) == ("active", 1)


def test_start_and_submit_record_learning_events(session, world, monkeypatch):
    recorded = []
    monkeypatch.setattr(learning_events, "record", lambda **event: recorded.append(event))
    attempt = start(session, world)
    submit(session, world, attempt.id, {})
    assert [(e["type"], e["payload"]["attempt_id"]) for e in recorded] == [
        ("quiz_started", attempt.id),
        ("quiz_submitted", attempt.id),
    ]
    assert recorded[1]["payload"]["score_percent"] == 0


# --- access -------------------------------------------------------------------------------


def test_another_learner_cannot_submit_read_or_answer_someone_elses_attempt(session, world):
    attempt = start(session, world)
    with pytest.raises(NotFound):
        submit(session, world, attempt.id, world.right(), user=world.other)
    with pytest.raises(NotFound):
        save(session, world, attempt.id, world.questions["single"].id, {}, user=world.other)
    submit(session, world, attempt.id, {})
    with pytest.raises(NotFound):
        quizzes.attempt_result(session=session, user_id=world.other.id, attempt_id=attempt.id)
    with pytest.raises(NotFound):
        quizzes.attempt_result(session=session, user_id=None, attempt_id=attempt.id)
    assert session.get(QuizAttempt, attempt.id).score_percent == 0


def test_a_learner_not_enrolled_cannot_open_or_start_the_quiz(session, world):
    stranger = User(email="stranger@quiz.example.org", full_name="Stan Stranger")
    session.add(stranger)
    session.flush()
    with pytest.raises(Forbidden):
        quizzes.quiz_for_lesson(
            session=session, user_id=stranger.id, lesson_id=world.quiz.lesson_id
        )
    with pytest.raises(Forbidden):
        start(session, world, user=stranger)
    with pytest.raises(Forbidden):
        quizzes.quiz_for_lesson(session=session, user_id=None, lesson_id=world.quiz.lesson_id)


def test_a_sequential_course_locks_the_quiz_until_earlier_lessons_are_done(session, world):
    world.course.require_sequential = True
    session.add(world.course)
    with pytest.raises(Forbidden) as locked:
        start(session, world)
    assert locked.value.message_key == "learning.lesson_locked"
    for lesson in world.text_lessons:
        progress.complete_lesson(session=session, user_id=world.learner.id, lesson_id=lesson.id)
    assert start(session, world).questions


def test_a_question_outside_the_attempt_is_refused(session):
    world = build_world(session, questions_per_attempt=1)
    attempt = start(session, world)
    drawn = attempt.questions[0].id
    outside = next(q.id for q in world.questions.values() if q.id != drawn)
    with pytest.raises(Invalid) as refused:
        save(session, world, attempt.id, outside, {"text": "x"}, now=T0)
    assert refused.value.message_key == "quiz.unknown_question"
    # Answers to questions outside the attempt are ignored on submit, too.
    result = submit(session, world, attempt.id, {outside: {"text": "x"}, "junk": 1})
    assert [q.id for q in result.questions] == [drawn]


def test_a_lesson_without_a_quiz_is_not_found(session, world):
    with pytest.raises(NotFound):
        quizzes.quiz_for_lesson(
            session=session, user_id=world.learner.id, lesson_id=world.text_lessons[0].id
        )
    with pytest.raises(NotFound):
        quizzes.start_attempt(session=session, user_id=world.learner.id, quiz_id="nope")


def test_saving_an_answer_after_submitting_changes_no_graded_answer(session, world):
    q, o = world.questions, world.options
    attempt = start(session, world)
    wrong = {q["single"].id: {"option_ids": [o["Lyon"].id]}}
    first = submit(session, world, attempt.id, wrong)
    assert marks(first)["single"] is False

    after_the_submit = T0 + timedelta(minutes=2)
    with pytest.raises(Conflict) as refused:
        save(session, world, attempt.id, q["single"].id, world.pick("Paris"), now=after_the_submit)

    assert refused.value.message_key == "quiz.attempt_closed"
    stored = session.scalar(
        select(AttemptAnswer).where(
            AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.question_id == q["single"].id
        )
    )
    assert stored.selected_option_ids == [o["Lyon"].id]
    result = quizzes.attempt_result(
        session=session, user_id=world.learner.id, attempt_id=attempt.id
    )
    assert (result.score_percent, marks(result)) == (first.score_percent, marks(first))
