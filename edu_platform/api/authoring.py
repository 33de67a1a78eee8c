"""Course authoring over the API: POST /api/v1/courses (a draft), PATCH /api/v1/courses/{id}
(edit, publish), and the teacher's own preview of uploaded lesson files.

GET routes for courses live in api/catalog.py; these answer with the same course detail
shape plus `is_published`.
"""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field, StrictBool

from edu_platform import db
from edu_platform.api.catalog import CourseDetailOut, detail_fields
from edu_platform.api.deps import CallerId, run_as
from edu_platform.api.media import attachment_download
from edu_platform.api.params import MAX_ID, BodyDate, Id
from edu_platform.models import CourseCreate, CourseLevel, Locale
from edu_platform.services import authoring, course_page
from edu_platform.services.authoring.courses import MAX_POINTS_PER_VISIT
from edu_platform.services.course_page import CourseDetail

router = APIRouter(tags=["authoring"])


class AuthoredCourseOut(CourseDetailOut):
    is_published: bool


class CoursePatch(BaseModel):
    """Any of the create fields, the schedule and attendance settings, and is_published."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    slug: str | None = Field(default=None, min_length=1, max_length=200)
    summary: str | None = Field(default=None, max_length=1000)
    description: str | None = None
    price: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    level: CourseLevel | None = None
    language: Locale | None = None
    category_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    start_date: BodyDate | None = None
    end_date: BodyDate | None = None
    points_per_visit: int | None = Field(default=None, ge=0, le=MAX_POINTS_PER_VISIT)
    require_sequential: StrictBool | None = None
    is_published: StrictBool | None = None


def _detail_out(detail: CourseDetail) -> AuthoredCourseOut:
    return AuthoredCourseOut(
        **detail_fields(detail),
        is_published=detail.is_published,
    )


def _create_and_describe(*, session, actor_id: int, body: CourseCreate) -> CourseDetail:
    course = authoring.create_course(session=session, actor_id=actor_id, **body.model_dump())
    return course_page.course_detail(session=session, course_id=course.id, viewer_id=actor_id)


def _update_and_describe(*, session, actor_id: int, course_id: int, changes: dict) -> CourseDetail:
    authoring.update_course(
        session=session, actor_id=actor_id, course_id=course_id, changes=changes
    )
    return course_page.course_detail(session=session, course_id=course_id, viewer_id=actor_id)


@router.post("/api/v1/courses", response_model=AuthoredCourseOut, status_code=201)
def create_course(body: CourseCreate, caller_id: CallerId) -> AuthoredCourseOut:
    """A new draft taught by the caller (teachers and admins; 403 for students). With
    `kind: "material"` any signed-in user writes a free material, published at once."""
    detail = run_as(caller_id, _create_and_describe, body=body)
    return _detail_out(detail)


@router.patch("/api/v1/courses/{course_id}", response_model=AuthoredCourseOut)
def update_course(course_id: Id, body: CoursePatch, caller_id: CallerId) -> AuthoredCourseOut:
    """Edit a course (its teacher or an admin; 404 for anyone else); is_published publishes
    (422 naming is_published while the course has no lessons) or unpublishes."""
    changes = body.model_dump(exclude_unset=True)
    detail = run_as(caller_id, _update_and_describe, course_id=course_id, changes=changes)
    return _detail_out(detail)


@router.get("/api/v1/authoring/lessons/{lesson_id}/video", include_in_schema=False)
def author_video(lesson_id: Id, caller_id: CallerId) -> FileResponse:
    """The uploaded video of a lesson, for its teacher's preview (Range supported)."""
    path = db.run_sync(authoring.author_video_file, actor_id=caller_id, lesson_id=lesson_id)
    return FileResponse(path, headers={"Cache-Control": "private, no-store"})


@router.get(
    "/api/v1/authoring/lessons/{lesson_id}/attachments/{attachment_id}", include_in_schema=False
)
def author_attachment(lesson_id: Id, attachment_id: Id, caller_id: CallerId) -> FileResponse:
    return attachment_download(
        authoring.author_attachment_file,
        actor_id=caller_id,
        lesson_id=lesson_id,
        attachment_id=attachment_id,
    )
