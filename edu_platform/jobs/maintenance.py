"""Maintenance jobs: counters repair and similar idempotent recalculations."""

from __future__ import annotations

from edu_platform import db
from edu_platform.services import catalog


def recalculate_course_aggregates(course_id: int) -> None:
    """Job: recount one course's rating and enrolment counters (idempotent)."""
    db.run_sync(catalog.recalculate_course_aggregates, course_id=course_id)
