"""A quiz lesson's test over the API: its settings and its questions, by lesson id.

An integration makes a quiz lesson (the shell: `create_lesson` kind "quiz"), then fills it
here with the same rules as the editor (`quizzes.py`): a course whose quiz has no
questions cannot be published. The records carry the right answers; only the course's
teacher and admins get them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import AnswerOption, Lesson, LessonKind, Question, Quiz
from edu_platform.services.authoring.common import editable_lesson, in_order, option_rows
from edu_platform.services.authoring.quizzes import (
    QuestionFields,
    add_question,
    update_question,
    update_quiz,
)
from edu_platform.services.errors import NotFound
from edu_platform.services.records import record_from


@dataclass
class OptionRecord:
    id: int
    text: str
    is_correct: bool


@dataclass
class QuestionRecord:
    """A question with its answers: options (single, multiple), the text (text) or the
    number and its tolerance (number)."""

    id: int
    quiz_id: int
    kind: str
    text: str
    points: int
    position: int
    options: list[OptionRecord] = field(default_factory=list)
    correct_text: str | None = None
    correct_number: float | None = None
    tolerance: float | None = None


@dataclass
class QuizRecord:
    id: int
    lesson_id: int
    course_id: int
    pass_percent: int
    time_limit_minutes: int | None
    max_attempts: int | None
    questions_per_attempt: int | None
    shuffle_options: bool
    reveal_answers: str
    is_final: bool
    questions: list[QuestionRecord] = field(default_factory=list)


def _quiz_of(session: Session, actor_id: int | None, lesson_id: object) -> Quiz:
    """The quiz of a lesson the actor may edit; NotFound when the lesson is no quiz."""
    lesson: Lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    quiz = session.scalar(select(Quiz).where(Quiz.lesson_id == lesson.id))
    if lesson.kind != LessonKind.QUIZ or quiz is None:
        raise NotFound(
            "this lesson is not a quiz", message_key="authoring.error.not_a_quiz", field="lesson_id"
        )
    return quiz


def _question_record(
    session: Session, question: Question, options: list[AnswerOption] | None = None
) -> QuestionRecord:
    """`options`: the question's, in order, when the caller read them with the question;
    otherwise both are read again (after a write)."""
    assert question.id is not None  # a stored row has its id
    if options is None:
        session.refresh(question)
        options = option_rows(session, question.id)
    kept = [OptionRecord(o.id, o.text, o.is_correct) for o in options if o.id is not None]
    return record_from(QuestionRecord, question, options=kept)


def _quiz_record(session: Session, quiz: Quiz) -> QuizRecord:
    session.refresh(quiz)
    assert quiz.id is not None  # a stored row has its id
    questions = in_order(session, Question, Question.quiz_id == quiz.id)
    # Every option of the quiz in one query, not one per question.
    options: dict[int, list[AnswerOption]] = {question.id: [] for question in questions}
    for option in in_order(
        session, AnswerOption, AnswerOption.question_id.in_(list(options) or [0])
    ):
        options[option.question_id].append(option)
    records = [_question_record(session, question, options[question.id]) for question in questions]
    return record_from(QuizRecord, quiz, questions=records)


def read_lesson_quiz(*, session: Session, actor_id: int | None, lesson_id: object) -> QuizRecord:
    """The quiz of a quiz lesson with every question and its answers."""
    return _quiz_record(session, _quiz_of(session, actor_id, lesson_id))


def change_lesson_quiz(
    *, session: Session, actor_id: int | None, lesson_id: object, changes: Mapping[str, Any]
) -> QuizRecord:
    """Change the quiz's settings (`quizzes.QUIZ_FIELDS`), checked as in the editor."""
    quiz = _quiz_of(session, actor_id, lesson_id)
    update_quiz(session=session, actor_id=actor_id, quiz_id=quiz.id, changes=changes)
    return _quiz_record(session, quiz)


def add_lesson_question(
    *,
    session: Session,
    actor_id: int | None,
    lesson_id: object,
    **fields: Unpack[QuestionFields],
) -> QuestionRecord:
    """A new question at the end of the lesson's quiz."""
    quiz = _quiz_of(session, actor_id, lesson_id)
    question = add_question(session=session, actor_id=actor_id, quiz_id=quiz.id, **fields)
    return _question_record(session, question)


def replace_question(
    *,
    session: Session,
    actor_id: int | None,
    question_id: object,
    **fields: Unpack[QuestionFields],
) -> QuestionRecord:
    """Replace a question's kind, text, points and answers."""
    question = update_question(
        session=session, actor_id=actor_id, question_id=question_id, **fields
    )
    return _question_record(session, question)
