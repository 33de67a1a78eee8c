"""Taking a quiz: the intro, starting an attempt, saving answers, submitting."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.i18n import datetime_labels
from edu_platform.models import (
    AnswerOption,
    AttemptAnswer,
    Lesson,
    LessonKind,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
    utcnow,
)
from edu_platform.services import progress
from edu_platform.services.errors import Conflict, Invalid, NotFound
from edu_platform.services.quizzes.access import (
    as_id,
    attempt_number,
    attempts_left_after,
    drawn_questions,
    learner_attempts,
    lock_enrollment,
    open_lesson,
    option_order,
    options_by_question,
    own_attempt,
    question_bank,
    quiz_or_404,
    saved_answers,
)
from edu_platform.services.quizzes.records import (
    AttemptResult,
    AttemptSummary,
    AttemptView,
    OptionView,
    QuestionView,
    QuizOverview,
    SavedAnswer,
    question_heading,
)
from edu_platform.services.quizzes.results import attempt_result
from edu_platform.services.quizzes.scoring import close_attempt, record_attempt_event
from edu_platform.services.quizzes.timing import is_late
from edu_platform.services.records import record_from

MAX_TEXT_ANSWER = 500


def _attempt_view(session: Session, quiz: Quiz, attempt: QuizAttempt) -> AttemptView:
    questions = drawn_questions(session, attempt)
    options = options_by_question(session, [q.id for q in questions])
    saved = saved_answers(session, attempt.id)
    views = [
        QuestionView(
            **question_heading(question, number),
            options=[
                OptionView(o.id, o.text)
                for o in option_order(quiz, attempt.id, question.id, options[question.id])
            ],
        )
        for number, question in enumerate(questions, start=1)
    ]
    answers = [
        SavedAnswer(
            question_id=row.question_id,
            option_ids=list(row.selected_option_ids or []),
            text=row.text_answer or "",
            number=row.number_answer,
        )
        for row in saved.values()
    ]
    return AttemptView(
        id=attempt.id,
        quiz_id=quiz.id,
        lesson_id=quiz.lesson_id,
        number=attempt_number(session, attempt),
        started_at=attempt.started_at,
        deadline_at=attempt.deadline_at,
        questions=views,
        answers=answers,
    )


def quiz_for_lesson(
    *, session: Session, user_id: int | None, lesson_id: int, now: datetime | None = None
) -> QuizOverview:
    """The quiz of a quiz lesson with the caller's attempts; closes an expired open attempt."""
    now = now or utcnow()
    lesson = session.get(Lesson, as_id(lesson_id)) if as_id(lesson_id) else None
    if lesson is None:
        raise NotFound("lesson not found", message_key="quiz.not_found")
    open_lesson(session, user_id, lesson.id)
    quiz = session.scalar(select(Quiz).where(Quiz.lesson_id == lesson.id))
    if quiz is None or lesson.kind != LessonKind.QUIZ.value:
        raise NotFound("this lesson has no quiz", message_key="quiz.not_found")
    close_expired(session, quiz, user_id, now)
    attempts = learner_attempts(session, quiz.id, user_id)
    bank_size = (
        session.scalar(select(func.count(Question.id)).where(Question.quiz_id == quiz.id)) or 0
    )
    left = attempts_left_after(quiz, len(attempts))
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    scores = [a.score_percent for a in attempts if a.score_percent is not None]
    return QuizOverview(
        quiz_id=quiz.id,
        lesson_id=quiz.lesson_id,
        course_id=quiz.course_id,
        pass_percent=quiz.pass_percent,
        time_limit_minutes=quiz.time_limit_minutes or None,
        max_attempts=quiz.max_attempts or None,
        questions_per_attempt=min(quiz.questions_per_attempt or bank_size, bank_size),
        attempts_used=len(attempts),
        attempts_left=left,
        reveal_answers=quiz.reveal_answers,
        is_final=quiz.is_final,
        passed=any(a.passed for a in attempts),
        best_score=max(scores) if scores else None,
        open_attempt_id=open_attempt.id if open_attempt else None,
        can_start=open_attempt is not None or (bank_size > 0 and (left is None or left > 0)),
        has_questions=bank_size > 0,
        attempts=[
            record_from(
                AttemptSummary,
                a,
                number=number,
                is_open=a.submitted_at is None,
                started=datetime_labels(a.started_at),
            )
            for number, a in enumerate(attempts, start=1)
        ],
    )


# --- starting and answering -------------------------------------------------------------


def start_attempt(
    *, session: Session, user_id: int | None, quiz_id: int, now: datetime | None = None
) -> AttemptView:
    """A new attempt with its questions drawn, or the caller's open one (idempotent)."""
    now = now or utcnow()
    quiz = quiz_or_404(session, quiz_id)
    enrollment = open_lesson(session, user_id, quiz.lesson_id)
    lock_enrollment(session, enrollment)
    close_expired(session, quiz, user_id, now)
    attempts = learner_attempts(session, quiz.id, user_id)
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    if open_attempt is not None:
        return _attempt_view(session, quiz, open_attempt)
    if attempts_left_after(quiz, len(attempts)) == 0:
        raise Conflict("no attempts left", message_key="quiz.no_attempts_left")
    bank = question_bank(session, quiz.id)
    if not bank:
        raise Conflict("the quiz has no questions", message_key="quiz.no_questions")
    drawn = bank
    if quiz.questions_per_attempt and quiz.questions_per_attempt < len(bank):
        drawn = random.SystemRandom().sample(bank, quiz.questions_per_attempt)
    attempt = QuizAttempt(
        quiz_id=quiz.id,
        user_id=user_id,
        started_at=now,
        deadline_at=now + timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None,
        question_ids=[question.id for question in drawn],
    )
    session.add(attempt)
    session.flush()
    record_attempt_event("quiz_started", user_id, quiz, attempt)
    return _attempt_view(session, quiz, attempt)


def _clean_option_ids(raw: object, allowed: set[int]) -> list[int]:
    if not isinstance(raw, list | tuple | set):
        raw = [raw] if raw not in (None, "") else []
    ids = {as_id(value) for value in raw}
    return sorted(ids & allowed)


def parse_number(raw: object) -> float | None:
    """A finite number from the learner's input ('3,5' too), or None."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        if not text or len(text) > 50:
            return None
        try:
            value = float(text)
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def _store_answer(
    session: Session,
    attempt: QuizAttempt,
    question: Question,
    options: list[AnswerOption],
    raw: object,
    now: datetime,
    saved: dict[int, AttemptAnswer],
) -> None:
    """Write (or overwrite) the answer to one question; only the kind's own field is kept."""
    raw = raw if isinstance(raw, dict) else {}
    row = saved.get(question.id) or AttemptAnswer(attempt_id=attempt.id, question_id=question.id)
    row.selected_option_ids = None
    row.text_answer = None
    row.number_answer = None
    if question.kind in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value):
        row.selected_option_ids = (
            _clean_option_ids(raw.get("option_ids"), {o.id for o in options}) or None
        )
    elif question.kind == QuestionKind.TEXT.value:
        text = raw.get("text")
        row.text_answer = str(text)[:MAX_TEXT_ANSWER] if text not in (None, "") else None
    else:
        row.number_answer = parse_number(raw.get("number"))
    row.answered_at = now
    session.add(row)
    saved[question.id] = row


def save_answer(
    *,
    session: Session,
    user_id: int | None,
    attempt_id: int,
    question_id: int,
    answer: dict,
    now: datetime | None = None,
) -> None:
    """Keep one answer of the caller's open attempt (refused after the deadline).

    The hot path of an exam (one call per answer): the lesson was open to the learner when
    the attempt started, so only the enrolment's access is checked again here (revoked or
    ended), not the lesson and the course order (three to five statements fewer)."""
    now = now or utcnow()
    attempt = own_attempt(session, user_id, attempt_id, lock=True)
    quiz = quiz_or_404(session, attempt.quiz_id)
    progress.require_enrollment(session=session, user_id=user_id, course_id=quiz.course_id)
    if attempt.submitted_at is not None:
        raise Conflict("the attempt is already submitted", message_key="quiz.attempt_closed")
    if is_late(attempt, now):
        raise Conflict("time is up", message_key="quiz.time_is_up")
    question_id = as_id(question_id)
    if question_id not in (attempt.question_ids or []):
        raise Invalid(
            "not a question of this attempt",
            message_key="quiz.unknown_question",
            field="question_id",
        )
    question = session.get(Question, question_id)
    if question is None:
        raise Invalid(
            "not a question of this attempt",
            message_key="quiz.unknown_question",
            field="question_id",
        )
    options = options_by_question(session, [question.id])[question.id]
    _store_answer(
        session, attempt, question, options, answer, now, saved_answers(session, attempt.id)
    )
    session.flush()


def close_expired(session: Session, quiz: Quiz, user_id: int, now: datetime) -> None:
    for attempt in session.scalars(
        select(QuizAttempt)
        .where(
            QuizAttempt.quiz_id == quiz.id,
            QuizAttempt.user_id == user_id,
            QuizAttempt.submitted_at.is_(None),
            QuizAttempt.deadline_at.is_not(None),
        )
        .with_for_update()
    ).all():
        if is_late(attempt, now):
            close_attempt(session, quiz, attempt, user_id, now)


def submit_attempt(
    *,
    session: Session,
    user_id: int | None,
    attempt_id: int,
    answers: dict | None = None,
    now: datetime | None = None,
) -> AttemptResult:
    """Score the caller's attempt; a second submit returns the stored result.

    `answers` maps question id -> {"option_ids": [...]} | {"text": ...} | {"number": ...}.
    After the deadline (+ GRACE) they are ignored and only answers saved in time count.
    """
    now = now or utcnow()
    attempt = own_attempt(session, user_id, attempt_id, lock=True)
    if attempt.submitted_at is not None:
        return attempt_result(session=session, user_id=user_id, attempt_id=attempt.id)
    quiz = quiz_or_404(session, attempt.quiz_id)
    open_lesson(session, user_id, quiz.lesson_id)
    if answers and not is_late(attempt, now):
        questions = {q.id: q for q in drawn_questions(session, attempt)}
        options = options_by_question(session, list(questions))
        saved = saved_answers(session, attempt.id)
        for raw_id, raw in answers.items():
            question = questions.get(as_id(raw_id))
            if question is not None:
                _store_answer(session, attempt, question, options[question.id], raw, now, saved)
        session.flush()
    close_attempt(session, quiz, attempt, user_id, now)
    return attempt_result(session=session, user_id=user_id, attempt_id=attempt.id)
