"""Building a course over the API: modules and lessons (text, video link, quiz shell),
their order (`position`, 0-based), deleting them, and deleting a whole draft course.

The same services as the editor pages (services/authoring); the course's teacher and
admins may edit, anyone else gets 404 (another teacher's ids are not revealed).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, StrictBool
from sqlalchemy.orm import Session

from edu_platform import db
from edu_platform.api.deps import CallerId
from edu_platform.api.params import Id, errors
from edu_platform.audit import acting_as
from edu_platform.models import Lesson, Module
from edu_platform.services import authoring

router = APIRouter(tags=["authoring"])

MAX_POSITION = 10_000
Position = Field(default=None, ge=0, le=MAX_POSITION, strict=True)
Title = Field(min_length=1, max_length=300)


class ModuleIn(BaseModel):
    title: str = Title
    position: int | None = Position


class ModulePatch(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    position: int | None = Position


class ModuleOut(BaseModel):
    id: int
    course_id: int
    title: str
    position: int


class LessonIn(BaseModel):
    title: str = Title
    kind: Literal["text", "video", "quiz"]
    body: str | None = Field(default=None, max_length=100_000)
    video_url: str | None = Field(default=None, max_length=1000)
    duration_minutes: int | None = Field(default=None, ge=0, le=10_000, strict=True)
    is_preview: StrictBool | None = None
    position: int | None = Position


class LessonPatch(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    body: str | None = Field(default=None, max_length=100_000)
    video_url: str | None = Field(default=None, max_length=1000)
    duration_minutes: int | None = Field(default=None, ge=0, le=10_000, strict=True)
    is_preview: StrictBool | None = None
    position: int | None = Position


class LessonOut(BaseModel):
    id: int
    module_id: int
    title: str
    kind: str
    position: int
    duration_minutes: int
    is_preview: bool


def _module_out(module: Module) -> ModuleOut:
    return ModuleOut(
        id=module.id, course_id=module.course_id, title=module.title, position=module.position
    )


def _lesson_out(lesson: Lesson) -> LessonOut:
    return LessonOut(
        id=lesson.id,
        module_id=lesson.module_id,
        title=lesson.title,
        kind=lesson.kind,
        position=lesson.position,
        duration_minutes=lesson.duration_minutes,
        is_preview=lesson.is_preview,
    )


# --- one transaction per request --------------------------------------------------------


def _create_module(*, session: Session, actor_id: int, course_id: int, body: ModuleIn) -> ModuleOut:
    module = authoring.add_module(
        session=session, actor_id=actor_id, course_id=course_id, title=body.title
    )
    if body.position is not None:
        authoring.place_module(
            session=session, actor_id=actor_id, module_id=module.id, position=body.position
        )
    session.refresh(module)
    return _module_out(module)


def _patch_module(*, session: Session, actor_id: int, module_id: int, changes: dict) -> ModuleOut:
    module = authoring.editable_module(session=session, actor_id=actor_id, module_id=module_id)
    if changes.get("title") is not None:
        authoring.rename_module(
            session=session, actor_id=actor_id, module_id=module_id, title=changes["title"]
        )
    if changes.get("position") is not None:
        authoring.place_module(
            session=session, actor_id=actor_id, module_id=module_id, position=changes["position"]
        )
    session.refresh(module)
    return _module_out(module)


def _lesson_changes(changes: dict) -> dict:
    return {
        field: value
        for field, value in changes.items()
        if field in authoring.LESSON_FIELDS and value is not None
    }


def _create_lesson(*, session: Session, actor_id: int, module_id: int, body: LessonIn) -> LessonOut:
    lesson = authoring.add_lesson(
        session=session, actor_id=actor_id, module_id=module_id, title=body.title, kind=body.kind
    )
    changes = _lesson_changes(body.model_dump(exclude={"title"}))
    if changes:
        authoring.update_lesson(
            session=session, actor_id=actor_id, lesson_id=lesson.id, changes=changes
        )
    if body.position is not None:
        authoring.place_lesson(
            session=session, actor_id=actor_id, lesson_id=lesson.id, position=body.position
        )
    session.refresh(lesson)
    return _lesson_out(lesson)


def _patch_lesson(*, session: Session, actor_id: int, lesson_id: int, changes: dict) -> LessonOut:
    lesson = authoring.editable_lesson(session=session, actor_id=actor_id, lesson_id=lesson_id)
    fields = _lesson_changes(changes)
    if "video_url" in changes and changes["video_url"] is None:
        fields["video_url"] = ""  # null clears the link
    if fields:
        authoring.update_lesson(
            session=session, actor_id=actor_id, lesson_id=lesson_id, changes=fields
        )
    if changes.get("position") is not None:
        authoring.place_lesson(
            session=session, actor_id=actor_id, lesson_id=lesson_id, position=changes["position"]
        )
    session.refresh(lesson)
    return _lesson_out(lesson)


# --- routes -------------------------------------------------------------------------------


@router.post(
    "/api/v1/courses/{course_id}/modules",
    response_model=ModuleOut,
    status_code=201,
    responses=errors(401, 403, 404, 422),
)
def create_module(course_id: Id, body: ModuleIn, caller_id: CallerId) -> ModuleOut:
    """A new module, last unless `position` (0-based) says where."""
    with acting_as(caller_id):
        return db.run_sync(_create_module, actor_id=caller_id, course_id=course_id, body=body)


@router.patch(
    "/api/v1/modules/{module_id}",
    response_model=ModuleOut,
    responses=errors(401, 403, 404, 422),
)
def update_module(module_id: Id, body: ModulePatch, caller_id: CallerId) -> ModuleOut:
    """Rename (`title`) and/or move (`position`, 0-based; the other modules shift)."""
    with acting_as(caller_id):
        return db.run_sync(
            _patch_module,
            actor_id=caller_id,
            module_id=module_id,
            changes=body.model_dump(exclude_unset=True),
        )


@router.delete(
    "/api/v1/modules/{module_id}", status_code=204, responses=errors(401, 403, 404, 409, 422)
)
def delete_module(module_id: Id, caller_id: CallerId) -> Response:
    """Delete a module with its lessons; 409 when a learner has progress in one of them."""
    with acting_as(caller_id):
        db.run_sync(
            authoring.delete_module,
            actor_id=caller_id,
            module_id=module_id,
            refuse_if_progress=True,
        )
    return Response(status_code=204)


@router.post(
    "/api/v1/modules/{module_id}/lessons",
    response_model=LessonOut,
    status_code=201,
    responses=errors(401, 403, 404, 422),
)
def create_lesson(module_id: Id, body: LessonIn, caller_id: CallerId) -> LessonOut:
    """A text lesson (`body`, Markdown), a video lesson (`video_url`, https) or a quiz shell
    (its questions are added in the editor; a course with an empty quiz cannot be published)."""
    with acting_as(caller_id):
        return db.run_sync(_create_lesson, actor_id=caller_id, module_id=module_id, body=body)


@router.patch(
    "/api/v1/lessons/{lesson_id}",
    response_model=LessonOut,
    responses=errors(401, 403, 404, 422),
)
def update_lesson(lesson_id: Id, body: LessonPatch, caller_id: CallerId) -> LessonOut:
    """Edit any of the create fields except `kind`; `position` moves it inside its module."""
    with acting_as(caller_id):
        return db.run_sync(
            _patch_lesson,
            actor_id=caller_id,
            lesson_id=lesson_id,
            changes=body.model_dump(exclude_unset=True),
        )


@router.delete(
    "/api/v1/lessons/{lesson_id}", status_code=204, responses=errors(401, 403, 404, 409, 422)
)
def delete_lesson(lesson_id: Id, caller_id: CallerId) -> Response:
    """Delete a lesson; 409 when a learner has progress in it."""
    with acting_as(caller_id):
        db.run_sync(
            authoring.delete_lesson,
            actor_id=caller_id,
            lesson_id=lesson_id,
            refuse_if_progress=True,
        )
    return Response(status_code=204)


@router.delete(
    "/api/v1/courses/{course_id}", status_code=204, responses=errors(401, 403, 404, 409, 422)
)
def delete_course(course_id: Id, caller_id: CallerId) -> Response:
    """Delete a draft nobody ever enrolled in or ordered; 409 otherwise (unpublish instead)."""
    with acting_as(caller_id):
        db.run_sync(authoring.delete_course, actor_id=caller_id, course_id=course_id)
    return Response(status_code=204)
