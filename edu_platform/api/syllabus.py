"""Building a course over the API: modules and lessons (text, video link, quiz shell),
their order (`position`, 0-based), deleting them, and deleting a whole draft course.

The same services as the editor pages (services/authoring); the course's teacher and
admins may edit, anyone else gets 403 (API.md: "403 wrong role"); no such id is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, StrictBool

from edu_platform.api.deps import CallerId, run_as
from edu_platform.api.params import BodyId, Id, errors
from edu_platform.services import authoring
from edu_platform.services.authoring import LessonRecord, ModuleRecord

router = APIRouter(tags=["authoring"])
F = TypeVar("F", bound=Callable[..., Any])

MAX_POSITION = 10_000
Position = Field(default=None, ge=0, le=MAX_POSITION, strict=True)
Title = Field(min_length=1, max_length=300)
OptionalTitle = Field(default=None, min_length=1, max_length=300)
EDIT_ERRORS = errors(401, 403, 404, 422)
DELETE_ERRORS = errors(401, 403, 404, 409, 422)  # and a lesson's PATCH (its kind)


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
    kind: Literal["text", "video", "quiz"] | None = None
    module_id: BodyId | None = None  # another module of the same course: moved to its end


# --- routes -------------------------------------------------------------------------------


def _writes(
    path: str, record: type, *, created: bool = False, conflicts: bool = False
) -> Callable[[F], F]:
    """The decorator of a route that answers with the record it wrote: POST and 201 when it
    creates, PATCH otherwise; both document the same refusals, and a 409 with
    `conflicts`."""
    responses = DELETE_ERRORS if conflicts else EDIT_ERRORS
    if created:
        return router.post(path, response_model=record, status_code=201, responses=responses)
    return router.patch(path, response_model=record, responses=responses)


def _deletes(path: str) -> Callable[[F], F]:
    """The decorator of a DELETE route that answers 204 and documents the 409 refusal."""
    return router.delete(path, status_code=204, responses=DELETE_ERRORS)


def _deleted(caller_id: int, delete: Callable[..., object], **kwargs: Any) -> Response:
    """Run a delete service as the caller; the answer is an empty 204."""
    run_as(caller_id, delete, **kwargs)
    return Response(status_code=204)


@_writes("/api/v1/courses/{course_id}/modules", ModuleRecord, created=True)
def create_module(course_id: Id, body: ModuleIn, caller_id: CallerId) -> ModuleRecord:
    """A new module, last unless `position` (0-based) says where."""
    return run_as(caller_id, authoring.create_module, course_id=course_id, **body.model_dump())


@_writes("/api/v1/modules/{module_id}", ModuleRecord)
def update_module(module_id: Id, body: ModulePatch, caller_id: CallerId) -> ModuleRecord:
    """Rename (`title`) and/or move (`position`, 0-based; the other modules shift)."""
    return run_as(caller_id, authoring.change_module, module_id=module_id, **body.model_dump())


@_deletes("/api/v1/modules/{module_id}")
def delete_module(module_id: Id, caller_id: CallerId) -> Response:
    """Delete a module with its lessons; 409 when a learner has progress in one of them."""
    return _deleted(
        caller_id, authoring.delete_module, module_id=module_id, refuse_if_progress=True
    )


@_writes("/api/v1/modules/{module_id}/lessons", LessonRecord, created=True)
def create_lesson(module_id: Id, body: LessonIn, caller_id: CallerId) -> LessonRecord:
    """A text lesson (`body`, Markdown), a video lesson (`video_url`, https) or a quiz shell
    (its questions are added in the editor or over the quiz routes; until then its learners
    mark it done like a text lesson)."""
    return run_as(
        caller_id,
        authoring.create_lesson,
        module_id=module_id,
        title=body.title,
        kind=body.kind,
        fields=body.model_dump(exclude={"title", "kind", "position"}),
        position=body.position,
    )


@_writes("/api/v1/lessons/{lesson_id}", LessonRecord, conflicts=True)
def update_lesson(lesson_id: Id, body: LessonPatch, caller_id: CallerId) -> LessonRecord:
    """Edit any of the create fields; `kind` turns text into video or back (409 for a change
    to or from a quiz); `module_id` moves it to another module of the course (at its end,
    unless `position` says where); `position` moves it inside its module."""
    changes = body.model_dump(exclude_unset=True)
    return run_as(caller_id, authoring.change_lesson, lesson_id=lesson_id, changes=changes)


@_deletes("/api/v1/lessons/{lesson_id}")
def delete_lesson(lesson_id: Id, caller_id: CallerId) -> Response:
    """Delete a lesson; 409 when a learner has progress in it."""
    return _deleted(
        caller_id, authoring.delete_lesson, lesson_id=lesson_id, refuse_if_progress=True
    )


@_deletes("/api/v1/courses/{course_id}")
def delete_course(course_id: Id, caller_id: CallerId) -> Response:
    """Delete a draft nobody ever enrolled in or ordered; 409 otherwise (unpublish instead)."""
    return _deleted(caller_id, authoring.delete_course, course_id=course_id)
