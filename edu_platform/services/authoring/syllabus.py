"""The syllabus editor: modules and lessons, their order, and the course's lesson counter.

Positions stay dense (0..n-1) inside a course (modules) and inside a module (lessons):
every add appends, every delete and move renumbers, all in the transaction of the change,
under a lock on the course row. `course.lessons_count` moves by SQL arithmetic in the same
transaction, and so do the learners' progress counters when the number of lessons changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu_platform.models import Lesson, LessonKind, LessonProgress, Module, Quiz
from edu_platform.services.authoring.common import (
    as_id,
    clean_text,
    clean_title,
    delete_private_files_after_commit,
    editable_course,
    editable_lesson,
    editable_module,
    forget_deleted_lessons,
    in_order,
    lesson_files,
    lock_course,
    move_in_list,
    refresh_progress,
    renumber,
    save_changes,
    shift_lessons_count,
)
from edu_platform.services.errors import Conflict, Invalid

LESSON_FIELDS = ("title", "body", "duration_minutes", "is_preview", "video_url")
MAX_DURATION_MINUTES = 10_000


def _modules(session: Session, course_id: int) -> list[Module]:
    return in_order(session, Module, Module.course_id == course_id)


def _lessons(session: Session, module_id: int) -> list[Lesson]:
    return in_order(session, Lesson, Lesson.module_id == module_id)


def _siblings(session: Session, row: Module | Lesson) -> list[Any]:
    """The rows a module (its course's modules) or a lesson (its module's lessons) is
    ordered among, itself included."""
    if isinstance(row, Module):
        return _modules(session, row.course_id)
    return _lessons(session, row.module_id)


def _move(session: Session, row: Module | Lesson, direction: object) -> bool:
    """Swap the row with its neighbour under the course lock; False at the end."""
    lock_course(session, row.course_id)
    return move_in_list(session, _siblings(session, row), row.id, direction)


def _place(session: Session, row: Module | Lesson, position: object) -> None:
    """Move the row to index `position` (past the end means last) under the course lock,
    keeping positions dense."""
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise Invalid("position must be a whole number from 0", field="position")
    lock_course(session, row.course_id)
    rows = _siblings(session, row)
    rows.remove(next(sibling for sibling in rows if sibling.id == row.id))
    rows.insert(min(position, len(rows)), row)
    renumber(session, rows)
    session.flush()


def _delete_with_lessons(
    session: Session, row: Module | Lesson, lesson_ids: list[int], *, refuse_if_progress: bool
) -> None:
    """Delete a module or lesson (the course is locked) and the lessons it takes along: the
    others renumbered, the lesson counter and progress moved, their files gone after commit.
    With `refuse_if_progress`, Conflict when a learner has progress in one of the lessons."""
    if refuse_if_progress:
        _refuse_if_progress(session, lesson_ids, "module" if isinstance(row, Module) else "lesson")
    course_id = row.course_id
    remaining = [sibling for sibling in _siblings(session, row) if sibling.id != row.id]
    files = lesson_files(session, lesson_ids)
    session.delete(row)  # a module's lessons, quizzes, attachments: ON DELETE CASCADE
    session.flush()
    forget_deleted_lessons(session, lesson_ids)
    renumber(session, remaining)
    shift_lessons_count(session, course_id, -len(lesson_ids))
    if lesson_ids:
        refresh_progress(session, course_id)
    session.flush()
    delete_private_files_after_commit(session, files)


def _refuse_if_progress(session: Session, lesson_ids: list[int], what: str) -> None:
    if lesson_ids and session.scalar(
        select(LessonProgress.id).where(LessonProgress.lesson_id.in_(lesson_ids)).limit(1)
    ):
        raise Conflict(
            f"learners have progress in this {what}",
            message_key="authoring.error.has_progress",
        )


# --- modules --------------------------------------------------------------------------------


def add_module(
    *, session: Session, actor_id: int | None, course_id: object, title: object
) -> Module:
    """A new module at the end of the course."""
    course = editable_course(session=session, actor_id=actor_id, course_id=as_id(course_id))
    clean = clean_title(title)
    lock_course(session, course.id)
    siblings = _modules(session, course.id)
    renumber(session, siblings)
    module = Module(course_id=course.id, title=clean, position=len(siblings))
    session.add(module)
    session.flush()
    return module


def rename_module(
    *, session: Session, actor_id: int | None, module_id: object, title: object
) -> Module:
    module = editable_module(session=session, actor_id=actor_id, module_id=module_id)
    module.title = clean_title(title)
    session.add(module)
    session.flush()
    return module


def delete_module(
    *,
    session: Session,
    actor_id: int | None,
    module_id: object,
    refuse_if_progress: bool = False,
) -> None:
    """Delete a module with its lessons (their files go after commit); with
    `refuse_if_progress` (the API), Conflict when a learner has progress in one of them."""
    module = editable_module(session=session, actor_id=actor_id, module_id=module_id)
    lock_course(session, module.course_id)
    lesson_ids = [lesson.id for lesson in _lessons(session, module.id)]
    _delete_with_lessons(session, module, lesson_ids, refuse_if_progress=refuse_if_progress)


def move_module(
    *, session: Session, actor_id: int | None, module_id: object, direction: object
) -> bool:
    """Swap a module with its neighbour ("up" or "down"); False when it is already at the end."""
    module = editable_module(session=session, actor_id=actor_id, module_id=module_id)
    return _move(session, module, direction)


def place_module(
    *, session: Session, actor_id: int | None, module_id: object, position: object
) -> Module:
    """Move a module to `position` (0-based) inside its course; the others shift."""
    module = editable_module(session=session, actor_id=actor_id, module_id=module_id)
    _place(session, module, position)
    return module


# --- lessons --------------------------------------------------------------------------------


def _lesson_kind(kind: object) -> str:
    """`kind` (a LessonKind or its value) as a known lesson kind; Invalid naming `kind`."""
    value = str(getattr(kind, "value", kind) or "")
    if value not in {member.value for member in LessonKind}:
        raise Invalid(
            f"unknown lesson kind {value!r}",
            message_key="authoring.error.lesson_kind",
            field="kind",
        )
    return value


def add_lesson(
    *, session: Session, actor_id: int | None, module_id: object, title: object, kind: object
) -> Lesson:
    """A new lesson at the end of a module; a quiz lesson gets its (empty) quiz."""
    module = editable_module(session=session, actor_id=actor_id, module_id=module_id)
    clean = clean_title(title)
    kind_value = _lesson_kind(kind)
    lock_course(session, module.course_id)
    siblings = _lessons(session, module.id)
    renumber(session, siblings)
    lesson = Lesson(
        module_id=module.id,
        course_id=module.course_id,
        title=clean,
        kind=kind_value,
        position=len(siblings),
    )
    session.add(lesson)
    session.flush()
    if kind_value == LessonKind.QUIZ:
        session.add(Quiz(lesson_id=lesson.id, course_id=module.course_id))
    shift_lessons_count(session, module.course_id, 1)
    refresh_progress(session, module.course_id)
    session.flush()
    return lesson


def _clean_lesson_field(field: str, value: Any) -> Any:
    if field == "title":
        return clean_title(value)
    if field == "body":
        return clean_text(value, "body")
    if field == "duration_minutes":
        try:
            minutes = int(str(value if value not in (None, "") else 0).strip())
        except ValueError:
            minutes = -1
        if not 0 <= minutes <= MAX_DURATION_MINUTES:
            raise Invalid(
                "duration must be 0..10000 minutes",
                message_key="authoring.error.duration",
                field="duration_minutes",
            )
        return minutes
    if field == "is_preview":
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "on", "yes"}
        return bool(value)
    if field == "video_url":
        url = str(value or "").strip()
        if not url:
            return None
        if not url.startswith("https://") or len(url) > 1000 or any(c.isspace() for c in url):
            raise Invalid(
                "the video link must start with https://",
                message_key="authoring.error.video_url",
                field="video_url",
            )
        return url
    raise Invalid(f"{field} cannot be changed here", field=field)


def update_lesson(
    *, session: Session, actor_id: int | None, lesson_id: object, changes: Mapping[str, Any]
) -> Lesson:
    """Edit a lesson's title, body (Markdown), duration, preview flag, external video link."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    cleaned = {field: _clean_lesson_field(field, value) for field, value in changes.items()}
    save_changes(session, lesson, cleaned)
    session.flush()
    return lesson


def change_lesson_kind(
    *, session: Session, actor_id: int | None, lesson_id: object, kind: object
) -> Lesson:
    """Turn a text lesson into a video lesson or back (its body, link and duration stay).
    A quiz holds its questions and learners' attempts: Conflict for a change to or from a
    quiz (delete the lesson and add another instead)."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    kind_value = _lesson_kind(kind)
    if kind_value == lesson.kind:
        return lesson
    if LessonKind.QUIZ in (kind_value, lesson.kind):
        raise Conflict(
            "a quiz lesson cannot become another kind, nor another lesson a quiz: "
            "delete it and add a new lesson",
            message_key="authoring.error.kind_quiz",
            field="kind",
        )
    save_changes(session, lesson, {"kind": kind_value})
    session.flush()
    return lesson


def delete_lesson(
    *,
    session: Session,
    actor_id: int | None,
    lesson_id: object,
    refuse_if_progress: bool = False,
) -> None:
    """Delete a lesson; with `refuse_if_progress` (the API), Conflict when a learner has
    progress in it."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    lock_course(session, lesson.course_id)
    _delete_with_lessons(session, lesson, [lesson.id], refuse_if_progress=refuse_if_progress)


def move_lesson(
    *, session: Session, actor_id: int | None, lesson_id: object, direction: object
) -> bool:
    """Swap a lesson with its neighbour inside its module; False at the module's end."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    return _move(session, lesson, direction)


def place_lesson(
    *, session: Session, actor_id: int | None, lesson_id: object, position: object
) -> Lesson:
    """Move a lesson to `position` (0-based) inside its module; the others shift."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    _place(session, lesson, position)
    return lesson


def move_lesson_to_module(
    *, session: Session, actor_id: int | None, lesson_id: object, module_id: object
) -> Lesson:
    """Move a lesson to the end of another module of the same course."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    target = editable_module(session=session, actor_id=actor_id, module_id=module_id)
    if target.course_id != lesson.course_id:
        raise Invalid(
            "the module belongs to another course",
            message_key="authoring.error.module_not_found",
            field="module_id",
        )
    if target.id == lesson.module_id:
        return lesson
    lock_course(session, lesson.course_id)
    source_id = lesson.module_id
    destination = _lessons(session, target.id)
    renumber(session, destination)
    lesson.module_id, lesson.position = target.id, len(destination)
    session.add(lesson)
    session.flush()
    renumber(session, _lessons(session, source_id))
    session.flush()
    return lesson
