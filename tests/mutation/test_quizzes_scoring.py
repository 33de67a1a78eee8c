"""Scoring (services/quizzes/scoring.py) at its edges, on both databases: the pass mark
itself, a quiz worth no points, questions a teacher left without a right answer, the
number tolerance's sign and float noise, the rows kept for unanswered questions and the
event a submit records. Written to kill the mutants `make mutation` found alive in
scoring.py; the quiz is tests/integration/test_quizzes.py's (its docstring has the table:
single 1 point, multiple 2, text 3, number 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from edu_platform.models import AnswerOption, AttemptAnswer, QuizAttempt
from edu_platform.services.quizzes import is_answer_correct, normalise_text
from tests.support.learning import record_learning_events
from tests.support.quiz_world import T0, build_world, marks, start, submit

SUBMITTED = T0 + timedelta(minutes=1)


@pytest.fixture(autouse=True)
def recorded_events(monkeypatch) -> list[dict]:
    return record_learning_events(monkeypatch)


def _only(world, kind, answer):
    return {world.questions[kind].id: answer}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  Зелёная\t\tЁЛКА \n", "зеленая елка"),
        ("ＡＢＣ　ｄｅｆ", "abc def"),  # full-width letters and space (NFKC)
        ("Straße", "strasse"),  # casefold, not lower
        ("", ""),
    ],
)
def test_text_is_normalised_for_comparison(typed, expected):
    assert normalise_text(typed) == expected


def test_a_score_equal_to_the_pass_mark_passes(session):
    world = build_world(session, pass_percent=60)
    answers = world.right()
    answers[world.questions["number"].id] = {"number": 0}  # 6 of 10 points
    result = submit(session, world, start(session, world).id, answers)
    assert (result.score_percent, result.passed) == (60, True)
    stored = session.get(QuizAttempt, result.attempt_id)
    assert (stored.score_percent, stored.passed) == (60, True)


def test_one_point_under_the_pass_mark_fails(session):
    world = build_world(session, pass_percent=61)
    answers = world.right()
    answers[world.questions["number"].id] = {"number": 0}
    result = submit(session, world, start(session, world).id, answers)
    assert (result.score_percent, result.passed) == (60, False)


def test_a_quiz_worth_no_points_scores_100(session):
    world = build_world(session, pass_percent=100)
    for question in world.questions.values():
        question.points = 0
    session.flush()
    result = submit(session, world, start(session, world).id, {})
    assert (result.points_earned, result.points_total) == (0, 0)
    assert (result.score_percent, result.passed) == (100, True)
    assert session.get(QuizAttempt, result.attempt_id).score_percent == 100


def test_a_multiple_choice_question_without_right_options_is_never_right(session):
    world = build_world(session)
    for text in ("2", "3"):
        world.options[text].is_correct = False
    session.flush()
    for answer in ({"option_ids": []}, {}, {"option_ids": [world.options["4"].id]}):
        session.execute(QuizAttempt.__table__.delete())
        result = submit(session, world, start(session, world).id, _only(world, "multiple", answer))
        assert marks(result)["multiple"] is False, answer


def test_a_single_choice_question_with_two_right_options_takes_no_two_choices(session):
    world = build_world(session)
    world.options["Lyon"].is_correct = True  # the teacher marked two options right
    session.flush()
    both = {"option_ids": [world.options["Paris"].id, world.options["Lyon"].id]}
    result = submit(session, world, start(session, world).id, _only(world, "single", both))
    assert marks(result)["single"] is False
    assert result.points_earned == 0


def test_a_text_question_without_a_right_text_is_never_right(session):
    world = build_world(session)
    world.questions["text"].correct_text = None
    session.flush()
    result = submit(session, world, start(session, world).id, _only(world, "text", {"text": "x"}))
    assert marks(result)["text"] is False


def test_a_number_question_without_a_right_number_is_never_right(session):
    world = build_world(session)
    world.questions["number"].correct_number = None
    session.flush()
    answer = {"number": 3.14}
    result = submit(session, world, start(session, world).id, _only(world, "number", answer))
    assert marks(result)["number"] is False


def test_a_negative_tolerance_counts_as_its_size(session):
    world = build_world(session)
    world.questions["number"].tolerance = -0.01
    session.flush()
    for typed, expected in ((3.15, True), (3.13, True), (3.16, False)):
        session.execute(QuizAttempt.__table__.delete())
        answer = {"number": typed}
        result = submit(session, world, start(session, world).id, _only(world, "number", answer))
        assert marks(result)["number"] is expected, typed
    by_kind = {q.kind: q for q in result.questions}
    assert by_kind["number"].correct_answer == "3.14 ± 0.01"


def test_float_noise_up_to_the_epsilon_is_forgiven_and_no_more(session):
    world = build_world(session)
    world.questions["number"].correct_number = 0.0
    world.questions["number"].tolerance = None
    session.flush()
    number = world.questions["number"]
    cases = [(1e-9, True), (-1e-9, True), (2e-9, False), (1e-8, False), (0.0, True)]
    for typed, expected in cases:
        row = AttemptAnswer(attempt_id=0, question_id=number.id, number_answer=typed)
        assert is_answer_correct(number, [], row) is expected, typed


def test_the_kind_rules_on_rows_directly(session):
    world = build_world(session)
    q, o = world.questions, world.options
    single_options = list(
        session.scalars(select(AnswerOption).where(AnswerOption.question_id == q["single"].id))
    )
    assert is_answer_correct(q["single"], single_options, None) is False
    paris = AttemptAnswer(attempt_id=0, question_id=q["single"].id)
    paris.selected_option_ids = [o["Paris"].id]
    assert is_answer_correct(q["single"], single_options, paris) is True
    empty_text = AttemptAnswer(attempt_id=0, question_id=q["text"].id, text_answer="")
    assert is_answer_correct(q["text"], [], empty_text) is False
    unanswered_number = AttemptAnswer(attempt_id=0, question_id=q["number"].id)
    assert is_answer_correct(q["number"], [], unanswered_number) is False


def test_unanswered_questions_are_kept_as_wrong_answers_dated_at_the_submit(session):
    world = build_world(session)
    attempt = start(session, world)
    result = submit(
        session,
        world,
        attempt.id,
        _only(world, "single", {"option_ids": [world.options["Paris"].id]}),
    )
    rows = session.scalars(
        select(AttemptAnswer)
        .where(AttemptAnswer.attempt_id == attempt.id)
        .order_by(AttemptAnswer.question_id)
    ).all()
    assert [
        (r.question_id, r.is_correct, r.answered_at, r.selected_option_ids, r.text_answer)
        for r in rows
    ] == [
        (world.questions["single"].id, True, SUBMITTED, [world.options["Paris"].id], None),
        (world.questions["multiple"].id, False, SUBMITTED, None, None),
        (world.questions["text"].id, False, SUBMITTED, None, None),
        (world.questions["number"].id, False, SUBMITTED, None, None),
    ]
    assert [r.number_answer for r in rows] == [None] * 4
    assert (result.points_earned, result.points_total, result.score_percent) == (1, 10, 10)


@pytest.mark.parametrize(
    ("answers", "minutes", "expected"),
    [
        ("right", 1, {"score_percent": 100, "passed": True, "late": False}),
        ("none", 1, {"score_percent": 0, "passed": False, "late": False}),
        ("right", 11, {"score_percent": 0, "passed": False, "late": True}),
    ],
)
def test_a_submit_records_its_score_pass_and_lateness(
    session, recorded_events, answers, minutes, expected
):
    world = build_world(session, time_limit_minutes=10)
    attempt = start(session, world)
    recorded_events.clear()
    chosen = world.right() if answers == "right" else {}
    submit(session, world, attempt.id, chosen, now=T0 + timedelta(minutes=minutes))
    assert [e for e in recorded_events if e["type"] != "lesson_completed"] == [
        {
            "user_id": world.learner.id,
            "course_id": world.course.id,
            "lesson_id": world.quiz.lesson_id,
            "type": "quiz_submitted",
            "payload": {"quiz_id": world.quiz.id, "attempt_id": attempt.id, **expected},
        }
    ]
