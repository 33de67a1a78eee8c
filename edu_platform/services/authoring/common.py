"""Shared rules of course authoring: who may edit what, untrusted ids, text checks,
dense positions, course counters, and stored files.

Ownership: a course is editable by its teacher and by admins (`editable_course`); a module,
lesson, quiz, question or attachment is editable when its course is. Someone else's is
Forbidden (API.md's "403 wrong role"); anything that does not exist is NotFound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from edu_platform import cache
from edu_platform.db import call_after_commit
from edu_platform.models import (
    AnswerOption,
    Course,
    Enrollment,
    Lesson,
    LessonAttachment,
    LessonProgress,
    Module,
    Question,
    Quiz,
    Role,
    User,
)
from edu_platform.services import plain_text
from edu_platform.services.attendance import editable_course
from edu_platform.services.errors import Forbidden, Invalid, NotFound
from edu_platform.settings import settings

T = TypeVar("T")

__all__ = [
    "AUTHOR_ROLES",
    "DIRECTIONS",
    "as_id",
    "clean_text",
    "clean_title",
    "delete_private_files_after_commit",
    "editable_attachment",
    "editable_course",
    "editable_lesson",
    "editable_module",
    "editable_question",
    "editable_quiz",
    "forget_deleted_lessons",
    "in_order",
    "lock_course",
    "move_in_list",
    "private_dir",
    "refresh_progress",
    "renumber",
    "require_author",
    "save_changes",
    "shift_lessons_count",
    "stored_private_file",
]

AUTHOR_ROLES = (Role.TEACHER, Role.ADMIN)
DIRECTIONS = {"up": -1, "down": 1}
MAX_TEXT = 100_000  # Markdown of a description or a lesson body


def _not_found(what: str) -> NotFound:
    return NotFound(f"{what} not found", message_key=f"authoring.error.{what}_not_found")


def as_id(value: object, what: str = "course") -> int:
    """A positive int from an untrusted id (a browser event argument); NotFound otherwise."""
    if isinstance(value, bool):
        raise _not_found(what)
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise _not_found(what) from None
    if number <= 0:
        raise _not_found(what)
    return number


def require_author(
    session: Session,
    actor_id: int | None,
    *,
    what: str = "author courses",
    message_key: str = "authoring.error.not_author",
) -> User:
    """The active teacher or admin behind `actor_id`; Forbidden for anyone else ("only
    teachers and admins <what>", with `message_key`)."""
    actor = session.get(User, actor_id) if actor_id else None
    if actor is None or not actor.is_active or actor.role not in AUTHOR_ROLES:
        raise Forbidden(f"only teachers and admins {what}", message_key=message_key)
    return actor


def lock_course(session: Session, course_id: int) -> None:
    """Serialise syllabus edits of one course (PostgreSQL row lock; SQLite writes are serial),
    so that two editors never hand out the same position."""
    session.execute(select(Course.id).where(Course.id == course_id).with_for_update())


def _stored(session: Session, model: type[T], row_id: object, what: str) -> T:
    """The `model` row of an untrusted id; NotFound (`authoring.error.<what>_not_found`)."""
    row = session.get(model, as_id(row_id, what))
    if row is None:
        raise _not_found(what)
    return row


def editable_module(*, session: Session, actor_id: int | None, module_id: object) -> Module:
    module = _stored(session, Module, module_id, "module")
    editable_course(session=session, actor_id=actor_id, course_id=module.course_id)
    return module


def editable_lesson(*, session: Session, actor_id: int | None, lesson_id: object) -> Lesson:
    lesson = _stored(session, Lesson, lesson_id, "lesson")
    editable_course(session=session, actor_id=actor_id, course_id=lesson.course_id)
    return lesson


def editable_quiz(*, session: Session, actor_id: int | None, quiz_id: object) -> Quiz:
    quiz = _stored(session, Quiz, quiz_id, "quiz")
    editable_course(session=session, actor_id=actor_id, course_id=quiz.course_id)
    return quiz


def editable_question(
    *, session: Session, actor_id: int | None, question_id: object
) -> tuple[Question, Quiz]:
    question = _stored(session, Question, question_id, "question")
    quiz = editable_quiz(session=session, actor_id=actor_id, quiz_id=question.quiz_id)
    return question, quiz


def editable_attachment(
    *, session: Session, actor_id: int | None, attachment_id: object
) -> LessonAttachment:
    attachment = _stored(session, LessonAttachment, attachment_id, "attachment")
    editable_lesson(session=session, actor_id=actor_id, lesson_id=attachment.lesson_id)
    return attachment


# --- text ---------------------------------------------------------------------------------


def _too_long(field: str, max_length: int) -> Invalid:
    return Invalid(
        f"{field} is longer than {max_length} characters",
        message_key="authoring.error.too_long",
        field=field,
    )


def clean_title(value: object, field: str = "title", max_length: int = 300) -> str:
    """A one-line title: spaces collapsed, not empty, at most `max_length` characters."""
    title = plain_text.one_line(value)
    if not title:
        raise Invalid(
            f"{field} is required", message_key="authoring.error.title_required", field=field
        )
    if len(title) > max_length:
        raise _too_long(field, max_length)
    return title


def clean_text(value: object, field: str, max_length: int = MAX_TEXT) -> str:
    """Free text (Markdown): line breaks kept, control characters dropped, length capped."""
    text = plain_text.multi_line(value)
    if len(text) > max_length:
        raise _too_long(field, max_length)
    return text


# --- positions and counters ---------------------------------------------------------------


def renumber(session: Session, rows: Sequence[Any]) -> None:
    """Give `rows` (in their intended order) the dense positions 0..n-1."""
    for index, row in enumerate(rows):
        if row.position != index:
            row.position = index
            session.add(row)


def move_in_list(session: Session, rows: list[Any], row_id: int, direction: object) -> bool:
    """Swap the row with its neighbour up or down, keeping positions dense; False at an end."""
    step = DIRECTIONS.get(str(direction))
    if step is None:
        raise Invalid("direction must be up or down", field="direction")
    index = next(i for i, row in enumerate(rows) if row.id == row_id)
    target = index + step
    if not 0 <= target < len(rows):
        renumber(session, rows)
        return False
    rows[index], rows[target] = rows[target], rows[index]
    renumber(session, rows)
    session.flush()
    return True


def shift_lessons_count(session: Session, course_id: int, delta: int) -> None:
    """course.lessons_count += delta in SQL (no lost update between two editors)."""
    if delta:
        cache.catalog_changed(session)
        session.execute(
            update(Course)
            .where(Course.id == course_id)
            .values(lessons_count=Course.lessons_count + delta)
            .execution_options(synchronize_session="fetch")
        )


def refresh_progress(session: Session, course_id: int) -> None:
    """Recount the learners' completed lessons and percent after lessons were added or
    removed, so the dashboard keeps reading one row (DESIGN.md: aggregates)."""
    has_learners = session.scalar(
        select(Enrollment.id).where(Enrollment.course_id == course_id).limit(1)
    )
    if has_learners is None:
        return
    total = select(func.count(Lesson.id)).where(Lesson.course_id == course_id).scalar_subquery()
    done = (
        select(func.count(LessonProgress.id))
        .where(
            LessonProgress.enrollment_id == Enrollment.id,
            LessonProgress.completed_at.is_not(None),
        )
        .correlate(Enrollment)
        .scalar_subquery()
    )
    session.execute(
        update(Enrollment)
        .where(Enrollment.course_id == course_id)
        .values(
            completed_lessons=done,
            progress_percent=case((total == 0, 0), else_=done * 100 // total),
        )
        .execution_options(synchronize_session="fetch")
    )


# --- private files ------------------------------------------------------------------------


def private_dir(kind: str) -> Path:
    """data_dir/private/<kind>: never under Reflex's public upload folder or the media root."""
    folder = settings.data_dir / "private" / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_private_file(relative_path: str | None) -> Path:
    """A stored private file under data_dir; NotFound when missing or outside it."""
    root = settings.data_dir.resolve()
    candidate = (root / (relative_path or "")).resolve()
    if not relative_path or root not in candidate.parents or not candidate.is_file():
        raise NotFound("file not found")
    return candidate


def _unlink_private(relative_path: str) -> None:
    root = settings.data_dir.resolve()
    candidate = (root / relative_path).resolve()
    if root in candidate.parents and candidate.is_file():
        candidate.unlink(missing_ok=True)


def delete_private_files_after_commit(session: Session, paths: list[str | None]) -> None:
    """Remove stored files once the rows that named them are gone for good."""
    for path in paths:
        if path and path.startswith("private/"):
            call_after_commit(session, _unlink_private, path)


def lesson_files(session: Session, lesson_ids: list[int]) -> list[str | None]:
    """Stored paths (videos and attachments) of the given lessons."""
    if not lesson_ids:
        return []
    videos = session.scalars(select(Lesson.video_path).where(Lesson.id.in_(lesson_ids)))
    attachments = session.scalars(
        select(LessonAttachment.stored_path).where(LessonAttachment.lesson_id.in_(lesson_ids))
    )
    return [*videos, *attachments]


def forget_deleted_lessons(session: Session, lesson_ids: list[int]) -> None:
    """Drop from the session the rows the database removed by ON DELETE CASCADE with these
    lessons (their quizzes, questions, options, attachments), so no stale copy is served."""
    lessons = set(lesson_ids)
    if not lessons:
        return
    loaded = list(session.identity_map.values())
    quizzes = {o.id for o in loaded if isinstance(o, Quiz) and o.lesson_id in lessons}
    questions = {o.id for o in loaded if isinstance(o, Question) and o.quiz_id in quizzes}
    for obj in loaded:
        if (
            (isinstance(obj, Lesson) and obj.id in lessons)
            or (isinstance(obj, Quiz) and obj.id in quizzes)
            or (isinstance(obj, Question) and obj.id in questions)
            or (isinstance(obj, AnswerOption) and obj.question_id in questions)
            or (isinstance(obj, LessonAttachment) and obj.lesson_id in lessons)
        ) and obj in session:
            session.expunge(obj)


def in_order(session: Session, model: type[T], *conditions: Any) -> list[T]:
    """The `model` rows matching `conditions` by position, then id: a course's modules, a
    module's lessons, a quiz's questions, a question's options."""
    ordered = cast(Any, model)
    return list(
        session.scalars(select(model).where(*conditions).order_by(ordered.position, ordered.id))
    )


def option_rows(session: Session, question_id: int) -> list[AnswerOption]:
    return in_order(session, AnswerOption, AnswerOption.question_id == question_id)


def save_changes(session: Session, row: Any, changes: Mapping[str, Any]) -> None:
    """Write the cleaned `changes` into `row` (a field whose value is the same is left
    alone, so it is not marked dirty) and add it to the session."""
    for field, value in changes.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
    session.add(row)
