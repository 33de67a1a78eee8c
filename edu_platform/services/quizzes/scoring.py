"""Scoring an attempt: all or nothing per question, then the score and the pass."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from sqlalchemy.orm import Session

from edu_platform.models import (
    AnswerOption,
    AttemptAnswer,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
)
from edu_platform.services import learning_events, progress
from edu_platform.services.quizzes.access import drawn_questions, options_by_question, saved_answers
from edu_platform.services.quizzes.timing import is_late

NUMBER_EPSILON = 1e-9  # float noise: 0.1 + 0.2 still equals 0.3


# --- scoring ---------------------------------------------------------------------------


def normalise_text(value: str) -> str:
    """Case, width, spaces and ё/е do not matter when comparing text answers."""
    folded = unicodedata.normalize("NFKC", value).casefold().replace("ё", "е")
    return " ".join(folded.split())


def is_answer_correct(
    question: Question, options: list[AnswerOption], row: AttemptAnswer | None
) -> bool:
    """All or nothing: see the module docstring for each kind's rule."""
    if row is None:
        return False
    if question.kind in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value):
        selected = set(row.selected_option_ids or [])
        correct = {option.id for option in options if option.is_correct}
        if question.kind == QuestionKind.SINGLE.value and len(selected) != 1:
            return False
        return bool(selected) and selected == correct
    if question.kind == QuestionKind.TEXT.value:
        if not row.text_answer or question.correct_text is None:
            return False
        return normalise_text(row.text_answer) == normalise_text(question.correct_text)
    if row.number_answer is None or question.correct_number is None:
        return False
    tolerance = abs(question.tolerance or 0.0)
    return abs(row.number_answer - question.correct_number) <= tolerance + NUMBER_EPSILON


def record_attempt_event(
    type: str, user_id: int, quiz: Quiz, attempt: QuizAttempt, **details: object
) -> None:
    """Queue the learning event of an attempt step; its payload names the quiz and attempt."""
    learning_events.record(
        user_id=user_id,
        course_id=quiz.course_id,
        lesson_id=quiz.lesson_id,
        type=type,
        payload={"quiz_id": quiz.id, "attempt_id": attempt.id, **details},
    )


def close_attempt(
    session: Session, quiz: Quiz, attempt: QuizAttempt, user_id: int, now: datetime
) -> None:
    """Score the attempt with its saved answers, submit it, complete the lesson on a pass."""
    questions = drawn_questions(session, attempt)
    options = options_by_question(session, [q.id for q in questions])
    saved = saved_answers(session, attempt.id)
    earned = total = 0
    for question in questions:
        row = saved.get(question.id)
        if row is None:  # unanswered: kept as a wrong answer, so the result is complete
            row = AttemptAnswer(attempt_id=attempt.id, question_id=question.id, answered_at=now)
        row.is_correct = is_answer_correct(question, options[question.id], row)
        session.add(row)
        total += question.points
        earned += question.points if row.is_correct else 0
    attempt.score_percent = earned * 100 // total if total else 100
    attempt.passed = attempt.score_percent >= quiz.pass_percent
    attempt.submitted_at = now
    session.add(attempt)
    session.flush()
    record_attempt_event(
        "quiz_submitted",
        user_id,
        quiz,
        attempt,
        score_percent=attempt.score_percent,
        passed=attempt.passed,
        late=is_late(attempt, now),
    )
    if attempt.passed:
        # Completes the enrolment (and requests the certificate) when this was the last
        # step: complete_lesson always runs completion.maybe_complete_course.
        progress.complete_lesson(
            session=session, user_id=user_id, lesson_id=quiz.lesson_id, at=now, by_passing_quiz=True
        )
