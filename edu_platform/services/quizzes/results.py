"""The result of a submitted attempt, with the right answers when the quiz's policy allows."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu_platform.models import AnswerReveal, Enrollment, QuestionKind, Quiz, QuizAttempt
from edu_platform.services.errors import Conflict
from edu_platform.services.quizzes.access import (
    attempt_number,
    attempts_left_after,
    drawn_questions,
    option_order,
    options_by_question,
    own_attempt,
    quiz_or_404,
    saved_answers,
)
from edu_platform.services.quizzes.records import (
    AttemptResult,
    OptionResult,
    QuestionResult,
    question_heading,
)
from edu_platform.services.quizzes.timing import is_late

# --- results ---------------------------------------------------------------------------


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def answers_visible(session: Session, quiz: Quiz, user_id: int) -> bool:
    """Whether the learner may see the quiz's right answers now, by its reveal policy.

    after_each_attempt: always; after_passing: once an attempt passed; after_last_attempt:
    once no attempt is left (never with unlimited attempts); never: never. Whatever the
    policy, not while the learner has an attempt open (it could be answered from them).
    """
    attempts = list(
        session.execute(
            select(QuizAttempt.submitted_at, QuizAttempt.passed).where(
                QuizAttempt.quiz_id == quiz.id, QuizAttempt.user_id == user_id
            )
        )
    )
    if any(submitted_at is None for submitted_at, _ in attempts):
        return False
    policy = quiz.reveal_answers
    if policy == AnswerReveal.AFTER_EACH_ATTEMPT.value:
        return True
    if policy == AnswerReveal.AFTER_PASSING.value:
        return any(passed for _, passed in attempts)
    if policy == AnswerReveal.AFTER_LAST_ATTEMPT.value:
        return attempts_left_after(quiz, len(attempts)) == 0
    return False


def attempt_result(*, session: Session, user_id: int | None, attempt_id: int) -> AttemptResult:
    """Score and per-question marks of the caller's submitted attempt; the right answers
    only when the quiz's reveal policy allows them now (`answers_visible`)."""
    attempt = own_attempt(session, user_id, attempt_id)
    if attempt.submitted_at is None:
        raise Conflict("the attempt is not submitted yet", message_key="quiz.attempt_open")
    quiz = quiz_or_404(session, attempt.quiz_id)
    show = answers_visible(session, quiz, attempt.user_id)
    questions = drawn_questions(session, attempt)
    options = options_by_question(session, [q.id for q in questions])
    saved = saved_answers(session, attempt.id)
    results: list[QuestionResult] = []
    earned = total = 0
    for number, question in enumerate(questions, start=1):
        row = saved.get(question.id)
        is_correct = bool(row and row.is_correct)
        selected = set(row.selected_option_ids or []) if row else set()
        total += question.points
        earned += question.points if is_correct else 0
        your_answer = correct_answer = ""
        if question.kind == QuestionKind.TEXT.value:
            your_answer = (row.text_answer or "") if row else ""
            correct_answer = (question.correct_text or "") if show else ""
        elif question.kind == QuestionKind.NUMBER.value:
            your_answer = format_number(row.number_answer) if row else ""
            if show:
                correct_answer = format_number(question.correct_number)
                if question.tolerance:
                    correct_answer += f" ± {format_number(abs(question.tolerance))}"
        results.append(
            QuestionResult(
                **question_heading(question, number),
                is_correct=is_correct,
                answered=bool(selected or your_answer),
                your_answer=your_answer,
                correct_answer=correct_answer,
                options=[
                    OptionResult(
                        id=o.id,
                        text=o.text,
                        selected=o.id in selected,
                        correct=bool(show and o.is_correct),
                    )
                    for o in option_order(quiz, attempt.id, question.id, options[question.id])
                ],
            )
        )
    used = (
        session.scalar(
            select(func.count(QuizAttempt.id)).where(
                QuizAttempt.quiz_id == quiz.id, QuizAttempt.user_id == attempt.user_id
            )
        )
        or 0
    )
    left = attempts_left_after(quiz, used)
    enrollment_status = session.scalar(
        select(Enrollment.status).where(
            Enrollment.user_id == attempt.user_id, Enrollment.course_id == quiz.course_id
        )
    )
    return AttemptResult(
        attempt_id=attempt.id,
        quiz_id=quiz.id,
        lesson_id=quiz.lesson_id,
        number=attempt_number(session, attempt),
        score_percent=attempt.score_percent or 0,
        passed=attempt.passed,
        pass_percent=quiz.pass_percent,
        points_earned=earned,
        points_total=total,
        submitted_at=attempt.submitted_at,
        late=is_late(attempt, attempt.submitted_at),
        show_correct_answers=show,
        reveal_answers=quiz.reveal_answers,
        attempts_left=left,
        can_retry=left is None or left > 0,
        course_completed=enrollment_status == "completed",
        questions=results,
    )
