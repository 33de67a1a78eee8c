"""Who may touch which quiz and attempt, and the reads every step shares."""

from __future__ import annotations

import random

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.models import AnswerOption, AttemptAnswer, Enrollment, Question, Quiz, QuizAttempt
from edu_platform.services import progress
from edu_platform.services.authoring.common import in_order
from edu_platform.services.errors import NotFound

# --- access ----------------------------------------------------------------------------


def quiz_or_404(session: Session, quiz_id: object) -> Quiz:
    quiz = session.get(Quiz, as_id(quiz_id)) if as_id(quiz_id) else None
    if quiz is None:
        raise NotFound("quiz not found", message_key="quiz.not_found")
    return quiz


def open_lesson(session: Session, user_id: int | None, lesson_id: int) -> Enrollment:
    """The caller's enrolment, if the lesson is open to them (enrolment, sequential lock)."""
    lesson = progress.get_lesson(session=session, user_id=user_id, lesson_id=lesson_id)
    # get_lesson lets anonymous visitors see preview lessons; a quiz always needs a learner.
    return progress.require_enrollment(session=session, user_id=user_id, course_id=lesson.course_id)


def lock_enrollment(session: Session, enrollment: Enrollment) -> None:
    """Serialise one learner's starts and submits (PostgreSQL; SQLite has one writer)."""
    session.scalar(select(Enrollment.id).where(Enrollment.id == enrollment.id).with_for_update())


def own_attempt(
    session: Session, user_id: int | None, attempt_id: object, *, lock: bool = False
) -> QuizAttempt:
    """The caller's attempt; someone else's is reported as not found."""
    statement = select(QuizAttempt).where(QuizAttempt.id == as_id(attempt_id))
    if lock:
        statement = statement.with_for_update()
    attempt = session.scalar(statement) if user_id is not None else None
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("attempt not found", message_key="quiz.attempt_not_found")
    return attempt


def as_id(value: object) -> int:
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**62 else 0


# --- reading ---------------------------------------------------------------------------


def question_bank(session: Session, quiz_id: int) -> list[Question]:
    return in_order(session, Question, Question.quiz_id == quiz_id)


def learner_attempts(session: Session, quiz_id: int, user_id: int) -> list[QuizAttempt]:
    return list(
        session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.quiz_id == quiz_id, QuizAttempt.user_id == user_id)
            .order_by(QuizAttempt.id)
        )
    )


def attempt_number(session: Session, attempt: QuizAttempt) -> int:
    return (
        session.scalar(
            select(func.count(QuizAttempt.id)).where(
                QuizAttempt.quiz_id == attempt.quiz_id,
                QuizAttempt.user_id == attempt.user_id,
                QuizAttempt.id <= attempt.id,
            )
        )
        or 1
    )


def attempts_left_after(quiz: Quiz, used: int) -> int | None:
    if not quiz.max_attempts:
        return None
    return max(0, quiz.max_attempts - used)


def drawn_questions(session: Session, attempt: QuizAttempt) -> list[Question]:
    """The attempt's questions in the attempt's order (deleted ones drop out)."""
    ids = list(attempt.question_ids or [])
    if not ids:
        return []
    by_id = {q.id: q for q in session.scalars(select(Question).where(Question.id.in_(ids)))}
    return [by_id[qid] for qid in ids if qid in by_id]


def options_by_question(session: Session, question_ids: list[int]) -> dict[int, list[AnswerOption]]:
    found: dict[int, list[AnswerOption]] = {qid: [] for qid in question_ids}
    if question_ids:
        for option in session.scalars(
            select(AnswerOption)
            .where(AnswerOption.question_id.in_(question_ids))
            .order_by(AnswerOption.position, AnswerOption.id)
        ):
            found[option.question_id].append(option)
    return found


def option_order(
    quiz: Quiz, attempt_id: int, question_id: int, options: list[AnswerOption]
) -> list[AnswerOption]:
    """The options in the order this attempt shows them (stable for the attempt)."""
    ordered = sorted(options, key=lambda option: (option.position, option.id))
    if quiz.shuffle_options:
        # A string seed is hashed with SHA-512: the same order in every process.
        random.Random(f"quiz-attempt:{attempt_id}:{question_id}").shuffle(ordered)
    return ordered


def saved_answers(session: Session, attempt_id: int) -> dict[int, AttemptAnswer]:
    return {
        row.question_id: row
        for row in session.scalars(
            select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id)
        )
    }
