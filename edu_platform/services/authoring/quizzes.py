"""Quiz authoring: a quiz lesson's settings and its questions with their answers.

Rules: pass mark 1..100 %; time limit, attempts and questions per attempt empty or ≥ 1;
at most one final quiz per course. Questions: single — at least two options, exactly one
correct; multiple — at least two options, at least one correct; text — the correct text;
number — the correct number and a tolerance ≥ 0. Option ids are kept when an option is
edited (past attempts refer to them); options left out of an edit are deleted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Required, TypedDict, Unpack

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from edu_platform.models import (
    AnswerOption,
    AnswerReveal,
    Course,
    Enrollment,
    LessonProgress,
    Question,
    QuestionKind,
    Quiz,
)
from edu_platform.services.authoring.common import (
    clean_text,
    editable_question,
    editable_quiz,
    in_order,
    lock_course,
    move_in_list,
    option_rows,
    refresh_progress,
    renumber,
    save_changes,
)
from edu_platform.services.errors import Conflict, Invalid

QUIZ_FIELDS = (
    "pass_percent",
    "time_limit_minutes",
    "max_attempts",
    "questions_per_attempt",
    "shuffle_options",
    "reveal_answers",
    "is_final",
)
LIMITS = {  # field: (lowest, highest) for the optional whole numbers
    "time_limit_minutes": (1, 1440),
    "max_attempts": (1, 100),
    "questions_per_attempt": (1, 500),
}
MAX_OPTIONS = 20
REVEAL_CHOICES = tuple(policy.value for policy in AnswerReveal)  # for the editor's select
MAX_POINTS = 100


def _invalid(field: str, key: str, detail: str) -> Invalid:
    return Invalid(detail, message_key=f"authoring.error.{key}", field=field)


def _whole(value: object, field: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise _invalid(field, field, f"{field} must be a whole number")
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise _invalid(field, field, f"{field} must be a whole number") from None
    if not math.isfinite(number) or number != int(number):
        raise _invalid(field, field, f"{field} must be a whole number")
    return int(number)


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    return bool(value)


def _clean_quiz_field(field: str, value: Any) -> Any:
    if field == "pass_percent":
        number = _whole(value, field)
        if number is None or not 1 <= number <= 100:
            raise _invalid(field, field, "the pass mark is 1..100 %")
        return number
    if field in LIMITS:
        number = _whole(value, field)
        if number in (None, 0):
            return None  # empty: no limit
        low, high = LIMITS[field]
        if not low <= number <= high:
            raise _invalid(field, field, f"{field} must be {low}..{high} or empty")
        return number
    if field in ("shuffle_options", "is_final"):
        return _flag(value)
    if field == "reveal_answers":
        if value not in REVEAL_CHOICES:
            raise _invalid(
                field, field, "reveal_answers must be one of " + ", ".join(REVEAL_CHOICES)
            )
        return str(value)
    raise Invalid(f"{field} cannot be changed here", field=field)


def quiz_settings_errors(changes: Mapping[str, Any]) -> list[Invalid]:
    """Every refusal of `changes` to a quiz's settings at once (the editor shows each under
    its field; `update_quiz` stops at the first). Checks the values only, not the course."""
    found = []
    for field, value in changes.items():
        try:
            _clean_quiz_field(field, value)
        except Invalid as error:
            found.append(error)
    return found


def update_quiz(
    *, session: Session, actor_id: int | None, quiz_id: object, changes: Mapping[str, Any]
) -> Quiz:
    """Change a quiz's settings; a second final quiz in one course is refused (is_final)."""
    quiz = editable_quiz(session=session, actor_id=actor_id, quiz_id=quiz_id)
    cleaned = {field: _clean_quiz_field(field, value) for field, value in changes.items()}
    if cleaned.get("is_final") and not quiz.is_final:
        lock_course(session, quiz.course_id)
        other = session.scalar(
            select(Quiz.id).where(
                Quiz.course_id == quiz.course_id, Quiz.is_final.is_(True), Quiz.id != quiz.id
            )
        )
        if other is not None:
            raise _invalid("is_final", "final_taken", "the course already has a final quiz")
    save_changes(session, quiz, cleaned)
    session.flush()
    return quiz


# --- questions ------------------------------------------------------------------------------


def _options(raw: object) -> list[dict[str, Any]]:
    """[{id?, text, is_correct}] from untrusted input; blank options are dropped."""
    if raw is None:
        return []
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes):
        raise _invalid("options", "options", "options must be a list")
    cleaned = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise _invalid("options", "options", "each option has a text and is_correct")
        text = clean_text(item.get("text"), "options", 2000)
        if not text:
            continue
        option_id = item.get("id")
        cleaned.append(
            {
                "id": int(option_id) if str(option_id or "").isdigit() else None,
                "text": text,
                "is_correct": _flag(item.get("is_correct")),
            }
        )
    if len(cleaned) > MAX_OPTIONS:
        raise _invalid("options", "options", f"at most {MAX_OPTIONS} options")
    return cleaned


def _number(value: object, field: str, key: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise _invalid(field, key, f"{field} must be a number") from None
    if not math.isfinite(number):
        raise _invalid(field, key, f"{field} must be a number")
    return number


class QuestionFields(TypedDict, total=False):
    """A question's content as the editor sends it, to add a question or replace one; checked
    by `_validated_question` (the kind and text are required)."""

    kind: Required[object]
    text: Required[object]
    points: object
    options: object
    correct_text: object
    correct_number: object
    tolerance: object


def _validated_question(
    kind: object,
    text: object,
    points: object = 1,
    options: object = None,
    correct_text: object = None,
    correct_number: object = None,
    tolerance: object = None,
) -> dict[str, Any]:
    kind_value = str(getattr(kind, "value", kind) or "")
    if kind_value not in {member.value for member in QuestionKind}:
        raise _invalid("kind", "question_kind", f"unknown question kind {kind_value!r}")
    question_text = clean_text(text, "text", 5000)
    if not question_text:
        raise _invalid("text", "question_text", "the question needs a text")
    points_value = _whole(points if points not in (None, "") else 1, "points")
    if points_value is None or not 0 <= points_value <= MAX_POINTS:
        raise _invalid("points", "points", "points must be 0..100")
    values: dict[str, Any] = {
        "kind": kind_value,
        "text": question_text,
        "points": points_value,
        "correct_text": None,
        "correct_number": None,
        "tolerance": None,
        "options": [],
    }
    if kind_value in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        cleaned = _options(options)
        if len(cleaned) < 2:
            raise _invalid("options", "options_needed", "give at least two options")
        correct = sum(1 for option in cleaned if option["is_correct"])
        if kind_value == QuestionKind.SINGLE and correct != 1:
            raise _invalid("options", "single_correct", "mark exactly one correct option")
        if kind_value == QuestionKind.MULTIPLE and correct < 1:
            raise _invalid("options", "multiple_correct", "mark at least one correct option")
        values["options"] = cleaned
    elif kind_value == QuestionKind.TEXT:
        answer = " ".join(str(correct_text or "").split())
        if not answer:
            raise _invalid("correct_text", "correct_text", "give the correct answer")
        if len(answer) > 500:
            raise _invalid("correct_text", "too_long", "the answer is at most 500 characters")
        values["correct_text"] = answer
    else:
        number = _number(correct_number, "correct_number", "correct_number")
        if number is None:
            raise _invalid("correct_number", "correct_number", "give the correct number")
        spread = _number(tolerance, "tolerance", "tolerance")
        if spread is not None and spread < 0:
            raise _invalid("tolerance", "tolerance", "the tolerance cannot be negative")
        values["correct_number"], values["tolerance"] = number, spread or 0.0
    return values


def _write_options(session: Session, question: Question, options: list[dict[str, Any]]) -> None:
    existing = {option.id: option for option in option_rows(session, question.id)}
    kept: set[int] = set()
    for position, item in enumerate(options):
        row = existing.get(item["id"]) if item["id"] is not None else None
        if row is None or row.id in kept:
            row = AnswerOption(question_id=question.id)
        row.text, row.is_correct, row.position = item["text"], item["is_correct"], position
        session.add(row)
        if row.id is not None:
            kept.add(row.id)
    for option_id, row in existing.items():
        if option_id not in kept:
            session.delete(row)


def _questions(session: Session, quiz_id: int) -> list[Question]:
    return in_order(session, Question, Question.quiz_id == quiz_id)


def add_question(
    *,
    session: Session,
    actor_id: int | None,
    quiz_id: object,
    **fields: Unpack[QuestionFields],
) -> Question:
    """A new question at the end of the quiz, with its options or correct answer."""
    quiz = editable_quiz(session=session, actor_id=actor_id, quiz_id=quiz_id)
    values = _validated_question(**fields)
    options_list = values.pop("options")
    lock_course(session, quiz.course_id)
    siblings = _questions(session, quiz.id)
    renumber(session, siblings)
    question = Question(quiz_id=quiz.id, position=len(siblings), **values)
    session.add(question)
    session.flush()
    _write_options(session, question, [{**item, "id": None} for item in options_list])
    if not siblings:
        _unmark_done_by_hand(session, quiz)
    session.flush()
    return question


def _unmark_done_by_hand(session: Session, quiz: Quiz) -> None:
    """The quiz got its first question, so from now on it is completed only by passing it
    (services/progress.marked_done_by_hand): the learners still on the course lose the
    mark they made by hand while it was empty, and their counters follow. Those who
    finished the course keep theirs, and their certificate."""
    still_learning = select(Enrollment.id).where(
        Enrollment.course_id == quiz.course_id, Enrollment.completed_at.is_(None)
    )
    unmarked = session.execute(
        update(LessonProgress)
        .where(
            LessonProgress.lesson_id == quiz.lesson_id,
            LessonProgress.completed_at.is_not(None),
            LessonProgress.enrollment_id.in_(still_learning),
        )
        .values(completed_at=None)
        .execution_options(synchronize_session=False)
    )
    if unmarked.rowcount:
        refresh_progress(session, quiz.course_id)


def update_question(
    *,
    session: Session,
    actor_id: int | None,
    question_id: object,
    **fields: Unpack[QuestionFields],
) -> Question:
    """Replace a question's kind, text, points and answers (known option ids are kept)."""
    question, _quiz = editable_question(session=session, actor_id=actor_id, question_id=question_id)
    values = _validated_question(**fields)
    options_list = values.pop("options")
    for field, value in values.items():
        setattr(question, field, value)
    session.add(question)
    _write_options(session, question, options_list)
    session.flush()
    return question


def delete_question(*, session: Session, actor_id: int | None, question_id: object) -> None:
    """Delete a question; the others close up. The last question of a published course's
    quiz stays: a quiz its learners are taking would turn into one they mark done by hand
    (services/progress.marked_done_by_hand)."""
    question, quiz = editable_question(session=session, actor_id=actor_id, question_id=question_id)
    lock_course(session, quiz.course_id)
    course = session.get(Course, quiz.course_id)
    if course is not None and course.is_published and len(_questions(session, quiz.id)) == 1:
        raise Conflict(
            "a published course's quiz keeps at least one question: add another first, "
            "or unpublish the course",
            message_key="authoring.error.last_question",
            field="question_id",
        )
    for option in option_rows(session, question.id):
        session.expunge(option)  # removed with the question by ON DELETE CASCADE
    session.delete(question)
    session.flush()
    renumber(session, _questions(session, quiz.id))
    session.flush()


def move_question(
    *, session: Session, actor_id: int | None, question_id: object, direction: object
) -> bool:
    question, quiz = editable_question(session=session, actor_id=actor_id, question_id=question_id)
    lock_course(session, quiz.course_id)
    return move_in_list(session, _questions(session, quiz.id), question.id, direction)
