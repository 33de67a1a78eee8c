"""Reviews API (write side): POST /api/v1/reviews, one per enrolled user and course."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from edu_platform.api.deps import CallerId, run_as
from edu_platform.api.params import BodyId
from edu_platform.services import reviews

router = APIRouter(tags=["reviews"])


class ReviewBody(BaseModel):
    course_id: BodyId
    # Also checked by the service (one rule for every front door); bounded here so the
    # OpenAPI document says 1..5.
    rating: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=reviews.MAX_COMMENT_LENGTH)


class ReviewOut(BaseModel):
    id: int
    course_id: int
    user_id: int
    rating: int = Field(ge=1, le=5)
    comment: str
    created_at: datetime
    updated_at: datetime


@router.post("/api/v1/reviews", response_model=ReviewOut, status_code=201)
def create_review(body: ReviewBody, caller_id: CallerId) -> ReviewOut:
    """201 with the review; 403 when not enrolled, 409 for a second review, 422 bad rating."""
    view = run_as(
        caller_id,
        reviews.upsert_review,
        actor_arg="user_id",
        course_id=body.course_id,
        rating=body.rating,
        comment=body.comment,
    )
    return ReviewOut(**asdict(view))
