"""End-of-course feedback for the course's teacher: GET /api/v1/courses/{id}/feedback."""

from __future__ import annotations

from fastapi import APIRouter

from edu_platform import db
from edu_platform.api.deps import CallerId
from edu_platform.api.params import Id, PageOut, PageParams
from edu_platform.services import feedback

router = APIRouter(tags=["feedback"])


class FeedbackPageOut(PageOut[feedback.FeedbackEntry]):
    average_rating: float | None


@router.get("/api/v1/courses/{course_id}/feedback", response_model=FeedbackPageOut)
def list_feedback(
    course_id: Id,
    caller_id: CallerId,
    paging: PageParams,
) -> feedback.FeedbackPage:
    """The course's feedback, newest first; 403 unless the caller teaches it or is an admin."""
    return db.run_sync(
        feedback.course_feedback,
        user_id=caller_id,
        course_id=course_id,
        **paging.as_kwargs(),
    )
