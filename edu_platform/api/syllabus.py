"""Building a course over the API: modules and lessons (text, video link, quiz shell),
their order (`position`, 0-based), deleting them, and deleting a whole draft course.

The same services as the editor pages (services/authoring); the course's teacher and
admins may edit, anyone else gets 404 (another teacher's ids are not revealed).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, StrictBool

from edu_platform.api.deps import CallerId, run_as
from edu_platform.api.params import Id, errors
from edu_platform.services import authoring
from edu_platform.services.authoring import LessonRecord, ModuleRecord

router = APIRouter(tags=["authoring"])

MAX_POSITION = 10_000
Position = Field(default=None, ge=0, le=MAX_POSITION, strict=True)
Title = Field(min_length=1, max_length=300)
OptionalTitle = Field(default=None, min_length=1, max_length=300)
EDIT_ERRORS = errors(401, 403, 404, 422)
DELETE_ERRORS = errors(401, 403, 404, 409, 422)


class ModuleIn(BaseModel):
    title: str = Title
    position: int | None = Position


class ModulePatch(BaseModel):
    title: str | None = OptionalTitle
    position: int | None = Position


class _LessonFields(BaseModel):
    """What a lesson's create and patch bodies both take besides its title."""

    body: str | None = Field(default=None, max_length=100_000)
    video_url: str | None = Field(default=None, max_length=1000)
    duration_minutes: int | None = Field(default=None, ge=0, le=10_000, strict=True)
    is_preview: StrictBool | None = None
    position: int | None = Position


class LessonIn(_LessonFields):
    title: str = Title
    kind: Literal["text", "video", "quiz"]


class LessonPatch(_LessonFields):
    title: str | None = OptionalTitle


# --- routes -------------------------------------------------------------------------------


@router.post(
    "/api/v1/courses/{course_id}/modules",
    response_model=ModuleRecord,
    status_code=201,
    responses=EDIT_ERRORS,
)
def create_module(course_id: Id, body: ModuleIn, caller_id: CallerId) -> ModuleRecord:
    """A new module, last unless `position` (0-based) says where."""
    return run_as(
        caller_id,
        authoring.create_module,
        course_id=course_id,
        title=body.title,
        position=body.position,
    )


@router.patch(
    "/api/v1/modules/{module_id}",
    response_model=ModuleRecord,
    responses=EDIT_ERRORS,
)
def update_module(module_id: Id, body: ModulePatch, caller_id: CallerId) -> ModuleRecord:
    """Rename (`title`) and/or move (`position`, 0-based; the other modules shift)."""
    return run_as(
        caller_id,
        authoring.change_module,
        module_id=module_id,
        title=body.title,
        position=body.position,
    )


@router.delete("/api/v1/modules/{module_id}", status_code=204, responses=DELETE_ERRORS)
def delete_module(module_id: Id, caller_id: CallerId) -> Response:
    """Delete a module with its lessons; 409 when a learner has progress in one of them."""
    run_as(caller_id, authoring.delete_module, module_id=module_id, refuse_if_progress=True)
    return Response(status_code=204)


@router.post(
    "/api/v1/modules/{module_id}/lessons",
    response_model=LessonRecord,
    status_code=201,
    responses=EDIT_ERRORS,
)
def create_lesson(module_id: Id, body: LessonIn, caller_id: CallerId) -> LessonRecord:
    """A text lesson (`body`, Markdown), a video lesson (`video_url`, https) or a quiz shell
    (its questions are added in the editor; a course with an empty quiz cannot be published)."""
    return run_as(
        caller_id,
        authoring.create_lesson,
        module_id=module_id,
        title=body.title,
        kind=body.kind,
        fields=body.model_dump(exclude={"title", "kind", "position"}),
        position=body.position,
    )


@router.patch(
    "/api/v1/lessons/{lesson_id}",
    response_model=LessonRecord,
    responses=EDIT_ERRORS,
)
def update_lesson(lesson_id: Id, body: LessonPatch, caller_id: CallerId) -> LessonRecord:
    """Edit any of the create fields except `kind`; `position` moves it inside its module."""
    return run_as(
        caller_id,
        authoring.change_lesson,
        lesson_id=lesson_id,
        changes=body.model_dump(exclude_unset=True),
    )


@router.delete("/api/v1/lessons/{lesson_id}", status_code=204, responses=DELETE_ERRORS)
def delete_lesson(lesson_id: Id, caller_id: CallerId) -> Response:
    """Delete a lesson; 409 when a learner has progress in it."""
    run_as(caller_id, authoring.delete_lesson, lesson_id=lesson_id, refuse_if_progress=True)
    return Response(status_code=204)


@router.delete("/api/v1/courses/{course_id}", status_code=204, responses=DELETE_ERRORS)
def delete_course(course_id: Id, caller_id: CallerId) -> Response:
    """Delete a draft nobody ever enrolled in or ordered; 409 otherwise (unpublish instead)."""
    run_as(caller_id, authoring.delete_course, course_id=course_id)
    return Response(status_code=204)
