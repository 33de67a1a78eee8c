"""Taking a quiz (services/quizzes/attempts.py) field by field, on both databases: the
intro's figures, the attempt as the player shows it, the draw and the option order, the
answers as stored (only the kind's own field, cut to size, the option ids cleaned) and
the event a start records. Written to kill the mutants `make mutation` found alive in
attempts.py; the quiz is tests/integration/test_quizzes.py's (single 1 point, multiple 2,
text 3, number 4)."""

from __future__ import annotations

import random
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import select

from edu_platform.i18n import datetime_labels
from edu_platform.models import AttemptAnswer, Question, QuizAttempt
from edu_platform.services import quizzes
from edu_platform.services.errors import Conflict, Invalid
from edu_platform.services.quizzes import (
    AttemptSummary,
    OptionView,
    QuestionView,
    QuizOverview,
    SavedAnswer,
    parse_number,
)
from tests.mutation.test_quizzes_access import error_of
from tests.support.learning import record_learning_events
from tests.support.quiz_world import T0, build_world, marks, save, start, submit, take


@pytest.fixture(autouse=True)
def recorded_events(monkeypatch) -> list[dict]:
    return record_learning_events(monkeypatch)


def _overview(session, world, user=None, now=None):
    return quizzes.quiz_for_lesson(
        session=session,
        user_id=(user or world.learner).id,
        lesson_id=world.quiz.lesson_id,
        now=now or T0 + timedelta(days=1),
    )


_save = partial(save, now=T0)  # the attempts here start at T0


def _stored(session, attempt_id, question_id):
    row = session.scalar(
        select(AttemptAnswer).where(
            AttemptAnswer.attempt_id == attempt_id, AttemptAnswer.question_id == question_id
        )
    )
    return (row.selected_option_ids, row.text_answer, row.number_answer, row.answered_at)


# --- the intro --------------------------------------------------------------------------


def test_the_intro_of_a_fresh_quiz_shows_its_settings(session):
    settings = {
        "pass_percent": 80,
        "time_limit_minutes": 15,
        "max_attempts": 3,
        "questions_per_attempt": 2,
        "reveal_answers": "after_passing",
        "is_final": True,
    }
    world = build_world(session, **settings)
    assert _overview(session, world) == QuizOverview(
        **settings,
        quiz_id=world.quiz.id,
        lesson_id=world.quiz.lesson_id,
        course_id=world.course.id,
        attempts_used=0,
        attempts_left=3,
        passed=False,
        best_score=None,
        open_attempt_id=None,
        can_start=True,
        attempts=[],
    )


def test_the_intro_lists_every_attempt_with_its_times(session):
    world = build_world(session, max_attempts=3, is_final=False)
    first = start(session, world)
    submit(session, world, first.id, world.right(), now=T0 + timedelta(minutes=1))
    second = start(session, world, now=T0 + timedelta(hours=1))
    overview = _overview(session, world)
    assert overview.attempts == [
        AttemptSummary(
            id=first.id,
            number=1,
            started_at=T0,
            submitted_at=T0 + timedelta(minutes=1),
            score_percent=100,
            passed=True,
            is_open=False,
            started=datetime_labels(T0),
        ),
        AttemptSummary(
            id=second.id,
            number=2,
            started_at=T0 + timedelta(hours=1),
            submitted_at=None,
            score_percent=None,
            passed=False,
            is_open=True,
            started=datetime_labels(T0 + timedelta(hours=1)),
        ),
    ]
    assert overview.attempts[0].started["en"].endswith("UTC")
    assert (overview.attempts_used, overview.attempts_left, overview.is_final) == (2, 1, False)
    assert (overview.passed, overview.best_score, overview.open_attempt_id) == (
        True,
        100,
        second.id,
    )
    assert overview.can_start is True


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"time_limit_minutes": 0, "max_attempts": 0, "questions_per_attempt": 0}, (None, None, 4)),
        ({"questions_per_attempt": 10}, (None, None, 4)),
        ({"questions_per_attempt": 1}, (None, None, 1)),
    ],
)
def test_zero_limits_read_as_no_limit(session, settings, expected):
    world = build_world(session, **settings)
    overview = _overview(session, world)
    assert (
        overview.time_limit_minutes,
        overview.max_attempts,
        overview.questions_per_attempt,
    ) == expected
    assert (overview.attempts_left, overview.can_start) == (None, True)


def test_a_quiz_without_questions_cannot_be_started(session):
    world = build_world(session, questions_per_attempt=3)
    for question in world.questions.values():
        session.delete(question)
    session.flush()
    overview = _overview(session, world)
    assert (overview.questions_per_attempt, overview.can_start) == (0, False)
    with pytest.raises(Conflict) as refused:
        start(session, world)
    assert error_of(refused) == (
        Conflict,
        "the quiz has no questions",
        "quiz.no_questions",
        None,
    )
    assert session.scalars(select(QuizAttempt)).all() == []


def test_a_quiz_of_one_question_can_be_started(session):
    world = build_world(session)
    for kind in ("multiple", "text", "number"):
        session.delete(world.questions[kind])
    session.flush()
    overview = _overview(session, world)
    assert (overview.questions_per_attempt, overview.can_start) == (1, True)
    assert [q.kind for q in start(session, world).questions] == ["single"]


def test_the_last_attempt_left_can_be_started_and_resumed(session):
    world = build_world(session, max_attempts=2)
    first = start(session, world)
    submit(session, world, first.id, {}, now=T0 + timedelta(minutes=1))
    overview = _overview(session, world)
    assert (overview.attempts_left, overview.can_start) == (1, True)
    last = start(session, world, now=T0 + timedelta(minutes=2))
    overview = _overview(session, world)
    # No attempt is left, but the open one can be resumed.
    assert (overview.attempts_left, overview.open_attempt_id, overview.can_start) == (
        0,
        last.id,
        True,
    )
    submit(session, world, last.id, {}, now=T0 + timedelta(minutes=3))
    with pytest.raises(Conflict) as refused:
        start(session, world, now=T0 + timedelta(minutes=4))
    assert error_of(refused) == (Conflict, "no attempts left", "quiz.no_attempts_left", None)


def test_a_lowered_attempt_limit_leaves_none_rather_than_a_negative_count(session):
    world = build_world(session, max_attempts=3)
    for minute in (0, 2):
        last = take(session, world, {}, started=T0 + timedelta(minutes=minute))
    world.quiz.max_attempts = 1
    session.flush()
    overview = _overview(session, world)
    assert (overview.attempts_used, overview.attempts_left, overview.can_start) == (2, 0, False)
    result = quizzes.attempt_result(
        session=session, user_id=world.learner.id, attempt_id=last.attempt_id
    )
    assert (result.attempts_left, result.can_retry) == (0, False)


# --- the attempt as the player shows it ---------------------------------------------------


def test_the_attempt_shows_numbered_questions_without_answers(session):
    world = build_world(session, time_limit_minutes=20)
    attempt = start(session, world)
    q, o = world.questions, world.options
    assert (attempt.quiz_id, attempt.lesson_id, attempt.number) == (
        world.quiz.id,
        world.quiz.lesson_id,
        1,
    )
    assert (attempt.started_at, attempt.deadline_at) == (T0, T0 + timedelta(minutes=20))
    assert attempt.questions == [
        QuestionView(
            **world.shown("single", 1),
            options=[OptionView(o[t].id, t) for t in ("Paris", "Lyon", "Nice")],
        ),
        QuestionView(
            **world.shown("multiple", 2),
            options=[OptionView(o[t].id, t) for t in ("2", "3", "4", "9")],
        ),
        QuestionView(**world.shown("text", 3)),
        QuestionView(**world.shown("number", 4)),
    ]
    assert attempt.answers == []
    stored = session.get(QuizAttempt, attempt.id)
    assert (stored.quiz_id, stored.user_id, stored.started_at, stored.question_ids) == (
        world.quiz.id,
        world.learner.id,
        T0,
        [q[k].id for k in ("single", "multiple", "text", "number")],
    )


def test_a_resumed_attempt_shows_the_saved_answers_of_each_kind(session):
    world = build_world(session)
    attempt = start(session, world)
    q, o = world.questions, world.options
    _save(session, world, attempt.id, q["multiple"].id, {"option_ids": [o["3"].id, o["2"].id]})
    _save(session, world, attempt.id, q["text"].id, {"text": "Ёлка"})
    _save(session, world, attempt.id, q["number"].id, {"number": "2,5"})
    resumed = start(session, world, now=T0 + timedelta(minutes=1))
    assert resumed.id == attempt.id
    assert sorted(resumed.answers, key=lambda a: a.question_id) == [
        SavedAnswer(question_id=q["multiple"].id, option_ids=sorted([o["2"].id, o["3"].id])),
        SavedAnswer(question_id=q["text"].id, text="Ёлка"),
        SavedAnswer(question_id=q["number"].id, number=2.5),
    ]


def test_the_second_attempt_is_numbered_two(session):
    world = build_world(session)
    first = start(session, world)
    submit(session, world, first.id, {})
    second = start(session, world, now=T0 + timedelta(hours=1))
    assert (second.number, second.started_at, second.deadline_at) == (
        2,
        T0 + timedelta(hours=1),
        None,
    )
    result = submit(session, world, second.id, {}, now=T0 + timedelta(hours=2))
    assert result.number == 2
    # The first attempt keeps its number once a later one exists.
    earlier = quizzes.attempt_result(session=session, user_id=world.learner.id, attempt_id=first.id)
    assert earlier.number == 1


def test_questions_and_options_follow_their_positions_not_their_ids(session):
    world = build_world(session)
    q, o = world.questions, world.options
    q["number"].position = 0
    o["9"].position = 0
    o["Nice"].position = 1  # a tie with Paris: the older option comes first
    session.flush()
    attempt = start(session, world)
    assert [view.kind for view in attempt.questions] == ["number", "single", "multiple", "text"]
    assert [option.text for option in attempt.questions[1].options] == ["Paris", "Nice", "Lyon"]
    assert [option.text for option in attempt.questions[2].options] == ["9", "2", "3", "4"]
    result = submit(session, world, attempt.id, {})
    assert [question.kind for question in result.questions] == [
        "number",
        "single",
        "multiple",
        "text",
    ]
    assert [option.text for option in result.questions[2].options] == ["9", "2", "3", "4"]


def test_shuffled_options_follow_the_attempt_and_question_seed(session):
    world = build_world(session, shuffle_options=True)
    attempt = start(session, world)
    for view in attempt.questions:
        in_bank_order = sorted(option.id for option in view.options)
        random.Random(f"quiz-attempt:{attempt.id}:{view.id}").shuffle(in_bank_order)
        assert [option.id for option in view.options] == in_bank_order


def test_a_draw_of_the_whole_bank_keeps_the_bank_order(session):
    world = build_world(session, questions_per_attempt=4, max_attempts=None)
    for hour in range(4):
        attempt = start(session, world, now=T0 + timedelta(hours=hour))
        kinds = [view.kind for view in attempt.questions]
        assert kinds == ["single", "multiple", "text", "number"]
        submit(session, world, attempt.id, {}, now=T0 + timedelta(hours=hour, minutes=1))


def test_a_start_records_its_event(session, recorded_events):
    world = build_world(session)
    attempt = start(session, world)
    assert recorded_events == [
        {
            "user_id": world.learner.id,
            "course_id": world.course.id,
            "lesson_id": world.quiz.lesson_id,
            "type": "quiz_started",
            "payload": {"quiz_id": world.quiz.id, "attempt_id": attempt.id},
        }
    ]
    start(session, world, now=T0 + timedelta(minutes=1))  # resuming records nothing
    assert len(recorded_events) == 1


# --- answers as stored -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (3, 3.0),
        (2.5, 2.5),
        ("3,5", 3.5),
        (" 1 000,25 ", 1000.25),
        ("1\u00a0000", 1000.0),
        ("-0.5", -0.5),
        ("1" + "0" * 49, 1e49),  # 50 characters: the longest number taken
        ("1" + "0" * 50, None),
        (True, None),
        (False, None),
        (None, None),
        ("", None),
        ("   ", None),
        ("pi", None),
        ("inf", None),
        (float("inf"), None),
        (float("nan"), None),
        ("1e400", None),
    ],
)
def test_a_typed_number_is_read_leniently_but_must_be_finite(raw, expected):
    assert parse_number(raw) == expected


def test_each_kind_keeps_only_its_own_field(session):
    world = build_world(session)
    attempt = start(session, world)
    q, o = world.questions, world.options
    mixed = {"option_ids": [o["Paris"].id], "text": "Paris", "number": 1}
    for kind in ("single", "text", "number"):
        _save(session, world, attempt.id, q[kind].id, mixed, now=T0 + timedelta(seconds=7))
    assert _stored(session, attempt.id, q["single"].id) == (
        [o["Paris"].id],
        None,
        None,
        T0 + timedelta(seconds=7),
    )
    assert _stored(session, attempt.id, q["text"].id) == (
        None,
        "Paris",
        None,
        T0 + timedelta(seconds=7),
    )
    assert _stored(session, attempt.id, q["number"].id) == (
        None,
        None,
        1.0,
        T0 + timedelta(seconds=7),
    )


def test_a_text_answer_is_cut_to_500_characters_and_an_empty_one_is_none(session):
    world = build_world(session)
    attempt = start(session, world)
    text_id = world.questions["text"].id
    _save(session, world, attempt.id, text_id, {"text": "я" * 600})
    assert _stored(session, attempt.id, text_id)[1] == "я" * quizzes.MAX_TEXT_ANSWER
    assert quizzes.MAX_TEXT_ANSWER == 500
    _save(session, world, attempt.id, text_id, {"text": 42})
    assert _stored(session, attempt.id, text_id)[1] == "42"
    _save(session, world, attempt.id, text_id, {"text": ""})
    assert _stored(session, attempt.id, text_id)[1] is None


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (lambda o: o["3"].id, ["3"]),  # one id, not in a list
        (lambda o: str(o["3"].id), ["3"]),
        (lambda o: (o["3"].id, o["2"].id), ["2", "3"]),
        (lambda o: [str(o["9"].id), o["2"].id, o["2"].id, "junk", 0], ["2", "9"]),
        (lambda o: [o["Paris"].id], None),  # another question's option
        (lambda o: "", None),
        (lambda o: None, None),
        (lambda o: [], None),
    ],
)
def test_chosen_options_are_cleaned_to_the_questions_own_ids_in_order(session, chosen, expected):
    world = build_world(session)
    attempt = start(session, world)
    q, o = world.questions, world.options
    _save(session, world, attempt.id, q["multiple"].id, {"option_ids": chosen(o)})
    wanted = None if expected is None else sorted(o[text].id for text in expected)
    assert _stored(session, attempt.id, q["multiple"].id)[0] == wanted


def test_a_second_answer_replaces_the_first(session):
    world = build_world(session)
    attempt = start(session, world)
    q, o = world.questions, world.options
    later = T0 + timedelta(seconds=9)
    _save(session, world, attempt.id, q["single"].id, world.pick("Lyon"))
    _save(session, world, attempt.id, q["single"].id, world.pick("Paris"), now=later)
    rows = session.scalars(
        select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id)
    ).all()
    assert [(r.question_id, r.selected_option_ids, r.answered_at) for r in rows] == [
        (q["single"].id, [o["Paris"].id], later)
    ]


def test_an_answer_that_is_not_an_object_counts_as_no_answer(session):
    world = build_world(session)
    attempt = start(session, world)
    q = world.questions
    _save(session, world, attempt.id, q["number"].id, "3.14")
    assert _stored(session, attempt.id, q["number"].id) == (None, None, None, T0)
    result = submit(session, world, attempt.id, {q["text"].id: "Зелёная Ёлка"})
    assert marks(result) == dict.fromkeys(("single", "multiple", "text", "number"), False)


def test_a_submit_takes_question_ids_as_strings_and_the_last_answer_to_one_question(session):
    world = build_world(session)
    attempt = start(session, world)
    q, o = world.questions, world.options
    answers = {str(question_id): answer for question_id, answer in world.right().items()}
    answers[q["single"].id] = {"option_ids": [o["Lyon"].id]}  # the same question again
    result = submit(session, world, attempt.id, answers)
    assert marks(result) == {"single": False, "multiple": True, "text": True, "number": True}
    rows = session.scalars(
        select(AttemptAnswer).where(
            AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.question_id == q["single"].id
        )
    ).all()
    assert [row.selected_option_ids for row in rows] == [[o["Lyon"].id]]


def test_a_question_outside_the_attempt_is_refused_with_its_field(session):
    world = build_world(session, questions_per_attempt=1)
    attempt = start(session, world)
    drawn = attempt.questions[0].id
    outside = next(q.id for q in world.questions.values() if q.id != drawn)
    for question_id in (outside, str(outside), "junk", None):
        with pytest.raises(Invalid) as refused:
            _save(session, world, attempt.id, question_id, {"text": "x"})
        assert error_of(refused) == (
            Invalid,
            "not a question of this attempt",
            "quiz.unknown_question",
            "question_id",
        )
    _save(session, world, attempt.id, str(drawn), {"text": "x"})
    assert session.scalar(select(AttemptAnswer.question_id)) == drawn


def test_an_answer_to_a_submitted_attempt_is_refused_with_its_detail(session):
    world = build_world(session)
    attempt = start(session, world)
    submit(session, world, attempt.id, {})
    with pytest.raises(Conflict) as refused:
        _save(session, world, attempt.id, world.questions["text"].id, {"text": "x"})
    assert error_of(refused) == (
        Conflict,
        "the attempt is already submitted",
        "quiz.attempt_closed",
        None,
    )
    assert session.get(Question, world.questions["text"].id) is not None
