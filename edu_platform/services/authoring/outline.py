"""Whole outline changes in one call: a module or lesson created or changed together with
its fields and its place. The API's syllabus routes call these (one call, one
transaction per request), and so can the editor; the steps are services/authoring/
syllabus.py's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from edu_platform.models import Lesson, Module
from edu_platform.services.authoring.common import editable_lesson, editable_module
from edu_platform.services.authoring.syllabus import (
    LESSON_FIELDS,
    add_lesson,
    add_module,
    change_lesson_kind,
    move_lesson_to_module,
    place_lesson,
    place_module,
    rename_module,
    update_lesson,
)


@dataclass
class ModuleRecord:
    """A module as API.md shows it."""

    id: int
    course_id: int
    title: str
    position: int


@dataclass
class LessonRecord:
    """A lesson as API.md's syllabus routes show it."""

    id: int
    module_id: int
    title: str
    kind: str
    position: int
    duration_minutes: int
    is_preview: bool


def _module_record(session: Session, module: Module) -> ModuleRecord:
    session.refresh(module)
    return ModuleRecord(module.id, module.course_id, module.title, module.position)


def _lesson_record(session: Session, lesson: Lesson) -> LessonRecord:
    session.refresh(lesson)
    return LessonRecord(
        lesson.id,
        lesson.module_id,
        lesson.title,
        lesson.kind,
        lesson.position,
        lesson.duration_minutes,
        lesson.is_preview,
    )


def _lesson_fields(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The editable lesson fields given a value (None means "not given")."""
    return {
        field: value
        for field, value in changes.items()
        if field in LESSON_FIELDS and value is not None
    }


def create_module(
    *, session: Session, actor_id: int | None, course_id: int, title: str, position: int | None
) -> ModuleRecord:
    """A new module, last unless `position` (0-based) says where."""
    module = add_module(session=session, actor_id=actor_id, course_id=course_id, title=title)
    if position is not None:
        place_module(session=session, actor_id=actor_id, module_id=module.id, position=position)
    return _module_record(session, module)


def change_module(
    *,
    session: Session,
    actor_id: int | None,
    module_id: int,
    title: str | None = None,
    position: int | None = None,
) -> ModuleRecord:
    """Rename and/or move a module (None: leave as it is)."""
    module = editable_module(session=session, actor_id=actor_id, module_id=module_id)
    if title is not None:
        rename_module(session=session, actor_id=actor_id, module_id=module_id, title=title)
    if position is not None:
        place_module(session=session, actor_id=actor_id, module_id=module_id, position=position)
    return _module_record(session, module)


def create_lesson(
    *,
    session: Session,
    actor_id: int | None,
    module_id: int,
    title: str,
    kind: str,
    fields: Mapping[str, Any] | None = None,
    position: int | None = None,
) -> LessonRecord:
    """A new lesson with its `fields` (body, video_url, duration_minutes, is_preview),
    last in its module unless `position` says where."""
    lesson = add_lesson(
        session=session, actor_id=actor_id, module_id=module_id, title=title, kind=kind
    )
    changes = _lesson_fields({k: v for k, v in (fields or {}).items() if k != "title"})
    if changes:
        update_lesson(session=session, actor_id=actor_id, lesson_id=lesson.id, changes=changes)
    if position is not None:
        place_lesson(session=session, actor_id=actor_id, lesson_id=lesson.id, position=position)
    return _lesson_record(session, lesson)


def change_lesson(
    *,
    session: Session,
    actor_id: int | None,
    lesson_id: int,
    changes: Mapping[str, Any],
) -> LessonRecord:
    """Change the given fields (a given `video_url` of None clears the link), the `kind`
    between text and video, and/or move it: to another module of the course (`module_id`,
    at its end) and/or to `position` inside its module."""
    lesson = editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    if changes.get("kind") is not None:
        change_lesson_kind(
            session=session, actor_id=actor_id, lesson_id=lesson_id, kind=changes["kind"]
        )
    fields = _lesson_fields(changes)
    if "video_url" in changes and changes["video_url"] is None:
        fields["video_url"] = ""
    if fields:
        update_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id, changes=fields)
    if changes.get("module_id") is not None:
        move_lesson_to_module(
            session=session, actor_id=actor_id, lesson_id=lesson_id, module_id=changes["module_id"]
        )
    if changes.get("position") is not None:
        place_lesson(
            session=session, actor_id=actor_id, lesson_id=lesson_id, position=changes["position"]
        )
    return _lesson_record(session, lesson)
