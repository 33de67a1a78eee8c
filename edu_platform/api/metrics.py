"""Learning metrics and course analytics (API.md, "Learning metrics")."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from edu_platform import db
from edu_platform.api.deps import CallerId, StaffId
from edu_platform.api.params import MAX_ID, BodyDate, DateParams, ErrorOut, Id
from edu_platform.services import metrics

router = APIRouter(tags=["metrics"])

PathId = Id
CourseIdQuery = Annotated[int, Query(ge=1, le=MAX_ID)]
MetricNames = Annotated[list[str] | None, Query(alias="metrics")]


class CalculateIn(BaseModel):
    course_id: int = Field(ge=1, le=MAX_ID)
    metrics: list[str] | None = None
    date_from: BodyDate | None = None
    date_to: BodyDate | None = None


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such course, job or enrolment"}
}


@router.post("/api/v1/metrics/calculate", status_code=202, responses=NOT_FOUND)
def calculate(body: CalculateIn, caller_id: StaffId) -> dict:
    job = db.run_sync(
        metrics.start_calculation,
        actor_id=caller_id,
        course_id=body.course_id,
        metrics=body.metrics,
        date_from=body.date_from,
        date_to=body.date_to,
    )
    return {"job_id": job.id, "status": job.status}


@router.get("/api/v1/metrics/jobs/{job_id}")
def job_status(caller_id: CallerId, job_id: PathId) -> dict:
    job = db.run_sync(metrics.metric_job, actor_id=caller_id, job_id=job_id)
    return {"job_id": job.id, "status": job.status, "processed": job.processed, "total": job.total}


@router.get("/api/v1/metrics/user/{user_id}", responses=NOT_FOUND)
def user_metrics(
    caller_id: CallerId,
    dates: DateParams,
    user_id: PathId,
    course_id: CourseIdQuery,
    metrics_: MetricNames = None,
) -> dict:
    result = db.run_sync(
        metrics.learner_metrics,
        actor_id=caller_id,
        user_id=user_id,
        course_id=course_id,
        metrics=metrics_,
        **dates.as_kwargs(),
    )
    return asdict(result)


@router.get("/api/v1/analytics/course/{course_id}")
def course_analytics(
    caller_id: StaffId,
    dates: DateParams,
    course_id: PathId,
) -> dict:
    result = db.run_sync(
        metrics.course_analytics,
        actor_id=caller_id,
        course_id=course_id,
        **dates.as_kwargs(),
    )
    body = asdict(result)
    # The page's extras stay out of the contract's shape.
    for extra in ("inactive", "per_learner", "activity_peak"):
        body.pop(extra)
    return body
