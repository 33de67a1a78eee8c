"""Teaching API: a course's learners for its teacher or an admin (JSON, or CSV to download)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from edu_platform import db
from edu_platform.api.deps import CallerId
from edu_platform.api.params import Id, PageOut, PageParams
from edu_platform.services import learners
from edu_platform.services.records import record_from

router = APIRouter(tags=["teaching"])

Sort = Literal["name", "progress", "activity", "score", "attendance", "points"]


@dataclass
class LearnerOut(learners.LearnerFacts):
    passed: bool
    quizzes_passed: int
    quizzes_total: int
    attendance: int
    points: int


@router.get(
    "/api/v1/courses/{course_id}/learners",
    response_model=PageOut[LearnerOut],
    responses={200: {"content": {"text/csv": {}}}},
)
def course_learners(
    course_id: Id,
    caller_id: CallerId,
    paging: PageParams,
    q: str = Query("", max_length=200),
    sort: Sort = "name",
    format: Literal["json", "csv"] = "json",
):
    """The course's learners with progress, quiz results and attendance (its teacher, admin).

    `format=csv` gives every learner as a UTF-8 CSV attachment (q, sort and paging ignored).
    """
    if format == "csv":
        text = db.run_sync(learners.learners_csv, actor_id=caller_id, course_id=course_id)
        return Response(
            "\ufeff" + text,  # the BOM makes spreadsheet programs read UTF-8 (Cyrillic names)
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="course-{course_id}-learners.csv"'
            },
        )
    return db.run_sync(
        learners.list_learners,
        actor_id=caller_id,
        course_id=course_id,
        q=q,
        sort=sort,
        **paging.as_kwargs(),
    ).map(partial(record_from, LearnerOut))
