"""End-of-course feedback for the course's teacher: GET /api/v1/courses/{id}/feedback."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query
from pydantic import BaseModel

from edu_platform import db
from edu_platform.api.deps import CallerId
from edu_platform.api.params import MAX_PAGE, Id
from edu_platform.services import feedback

router = APIRouter(tags=["feedback"])


class FeedbackOut(BaseModel):
    id: int
    course_id: int
    user_id: int
    learner_name: str
    rating: int
    improve: str
    created_at: datetime


class FeedbackPageOut(BaseModel):
    items: list[FeedbackOut]
    total: int
    page: int
    per_page: int
    average_rating: float | None


@router.get("/api/v1/courses/{course_id}/feedback", response_model=FeedbackPageOut)
def list_feedback(
    course_id: Id,
    caller_id: CallerId,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(20, ge=1, le=feedback.MAX_PER_PAGE),
) -> FeedbackPageOut:
    """The course's feedback, newest first; 403 unless the caller teaches it or is an admin."""
    result = db.run_sync(
        feedback.course_feedback,
        user_id=caller_id,
        course_id=course_id,
        page=page,
        per_page=per_page,
    )
    return FeedbackPageOut(
        items=[FeedbackOut(**vars(item)) for item in result.items],
        total=result.total,
        page=result.page,
        per_page=result.per_page,
        average_rating=result.average_rating,
    )
